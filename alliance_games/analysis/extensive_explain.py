"""``explain`` for game trees with parameters: when is each subgame-perfect path played?

*Perfect information* (every information set a single node; chance moves allowed).
Backward induction (Zermelo 1913; Selten 1965) is carried out symbolically. Every
pure plan that backward induction can produce is enumerated bottom-up: at a terminal
node the value is the payoff vector (the spec's expressions); at a chance node the
probability-weighted sum of the children's values; at a decision node of player ``i``
choosing ``a`` over the other actions ``b`` requires

    v_i(a) >= v_i(b)   for every other action b,

with ``v`` the continuation values under the plan below. A plan is subgame perfect
exactly where the conjunction of its node conditions holds, so the parameter space is
covered by these regions (ties on their common boundaries). Plans are grouped by the
path they put on the table (what is played from the root); each plan's condition is
decided at the current values, solved for one parameter at a time, and checked at
random points near the current values (a plan holding at none of them is counted, not
printed: it may hold elsewhere, typically on a boundary).

*Imperfect information.* Backward induction does not apply at an information set of
several nodes (the mover's best action depends on beliefs). The explainer then treats
each maximal subtree without such sets (a perfect-information subgame) as above, and
names the information sets it leaves to ``solve`` (``--method spe`` or ``pbe``).

References
----------
R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 1965.
H. W. Kuhn, "Extensive games and the problem of information", 1953.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from ..errors import AllianceGamesError, SolverError
from ..modeling.expr import parse_expression
from ..numbers import as_sympy
from .conditions_explain import (
    atom,
    holds,
    parameter_ranges,
    regions_text,
    show,
    symbol_values,
    truth_rows,
)

__all__ = ["explain_extensive", "backward_induction_plans", "current_plan", "Plan"]

MAX_PLANS = 400
SAMPLES = 40


@dataclass(frozen=True)
class Plan:
    """A pure backward-induction plan below a node and the region where it is played."""

    choices: Mapping[int, str]
    condition: Any
    values: tuple[Any, ...]


class _Symbols:
    """The tree's payoffs and chance probabilities as sympy expressions."""

    def __init__(self, game: Any) -> None:
        self.game = game
        self.names = set(game.parameters)
        self.symbolic = game.info.get("symbolic") or {}

    def _parse(self, text: Any) -> Any:
        try:
            return parse_expression(str(text), self.names)
        except AllianceGamesError:
            return None

    def payoffs(self, node: Any) -> tuple[Any, ...]:
        raw = (self.symbolic.get(node.name) or {}).get("payoffs")
        exact = node.exact_payoffs or node.payoffs
        out = []
        for k, v in enumerate(exact):
            e = self._parse(raw[k]) if raw and k < len(raw) else None
            out.append(e if e is not None else as_sympy(v))
        return tuple(out)

    def probabilities(self, node: Any) -> tuple[Any, ...]:
        raw = (self.symbolic.get(node.name) or {}).get("probabilities")
        exact = node.exact_probabilities or node.probabilities
        out = []
        for k, v in enumerate(exact):
            e = self._parse(raw[k]) if raw and k < len(raw) else None
            out.append(e if e is not None else as_sympy(v))
        return tuple(out)

    def probability_names(self) -> set[str]:
        out: set[str] = set()
        for rec in self.symbolic.values():
            for text in rec.get("probabilities") or []:
                e = self._parse(text)
                if e is not None:
                    out |= {str(s) for s in e.free_symbols}
        return out


def backward_induction_plans(game: Any, start: int = 0) -> list[Plan]:
    """Every pure backward-induction plan of the perfect-information subtree at
    ``start``, with its condition (not pruned for joint satisfiability)."""
    sym = _Symbols(game)
    nodes = game.nodes

    def cases(i: int) -> list[Plan]:
        node = nodes[i]
        if node.is_terminal:
            return [Plan({}, sympy.true, sym.payoffs(node))]
        kids = [cases(c) for c in node.children]
        out: list[Plan] = []
        if node.kind == "chance":
            probs = sym.probabilities(node)
            for combo in itertools.product(*kids):
                cond = sympy.And(*(p.condition for p in combo))
                if cond is sympy.false:
                    continue
                value = tuple(sum((pr * p.values[k] for pr, p in zip(probs, combo, strict=True)),
                                  sympy.Integer(0)) for k in range(game.n_players))
                out.append(Plan(_merge(combo), cond, value))
                _guard(out)
            return out
        mover = node.player
        for combo in itertools.product(*kids):
            base = sympy.And(*(p.condition for p in combo))
            if base is sympy.false:
                continue
            for a, chosen in enumerate(combo):
                atoms = [atom(chosen.values[mover] - other.values[mover])
                         for b, other in enumerate(combo) if b != a]
                cond = sympy.And(base, *atoms)
                if cond is sympy.false:
                    continue
                out.append(Plan({**_merge(combo), i: node.actions[a]}, cond, chosen.values))
                _guard(out)
        return out

    return cases(start)


def current_plan(game: Any, start: int = 0) -> Plan:
    """The backward-induction plan at the current values (ties to the first action) and
    the region where it stays subgame perfect: linear in the size of the tree, for trees
    with too many plans to list."""
    sym = _Symbols(game)
    values = symbol_values(game.parameters)
    nodes = game.nodes

    def solve(i: int) -> Plan:
        node = nodes[i]
        if node.is_terminal:
            return Plan({}, sympy.true, sym.payoffs(node))
        kids = [solve(c) for c in node.children]
        base = sympy.And(*(k.condition for k in kids))
        if node.kind == "chance":
            probs = sym.probabilities(node)
            value = tuple(sum((pr * k.values[j] for pr, k in zip(probs, kids, strict=True)),
                              sympy.Integer(0)) for j in range(game.n_players))
            return Plan(_merge(kids), base, value)
        mover = node.player
        scores = [float(k.values[mover].xreplace(values)) for k in kids]
        a = max(range(len(kids)), key=lambda j: (scores[j], -j))
        atoms = [atom(kids[a].values[mover] - k.values[mover])
                 for j, k in enumerate(kids) if j != a]
        return Plan({**_merge(kids), i: node.actions[a]}, sympy.And(base, *atoms),
                    kids[a].values)

    return solve(start)


def _merge(plans: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    for p in plans:
        out.update(p.choices)
    return out


def _guard(plans: list[Plan]) -> None:
    if len(plans) > MAX_PLANS:
        raise SolverError(f"more than {MAX_PLANS} backward-induction plans: explain "
                          "enumerates small trees only; solve --method spe at given values")


def _path(game: Any, start: int, choices: Mapping[int, str]) -> str:
    """The moves played from ``start`` under a plan (chance branches all followed)."""
    nodes = game.nodes

    def walk(i: int) -> list[str]:
        node = nodes[i]
        if node.is_terminal:
            return [f"[{node.outcome}]"] if node.outcome else []
        if node.kind == "chance":
            branches = [f"{a}: " + " -> ".join(walk(c))
                        for a, c in zip(node.actions, node.children, strict=True)]
            return ["chance {" + " | ".join(branches) + "}"]
        a = choices.get(i)
        if a is None:
            return []
        return [f"{game.players[node.player]}: {a}",
                *walk(node.children[node.actions.index(a)])]

    return " -> ".join(walk(start))


def _sampler(game: Any, probability_names: set[str], seed: int = 0) -> list[dict[Any, Any]]:
    rng = random.Random(seed)
    points = []
    for _ in range(SAMPLES):
        pt = {}
        for name, value in game.parameters.items():
            v = float(value)
            if name in probability_names and 0 <= v <= 1:
                pt[sympy.Symbol(name)] = rng.uniform(0.02, 0.98)
            else:
                pt[sympy.Symbol(name)] = v * rng.uniform(0.25, 1.75)
        points.append(pt)
    return points


def _seen(cond: Any, points: list[dict[Any, Any]], cache: dict[Any, Any]) -> bool:
    if cond is sympy.true:
        return True
    symbols = sorted({s for pt in points[:1] for s in pt}, key=str)
    rows = [[float(pt.get(s, 0.0)) for s in symbols] for pt in points]
    truth = truth_rows(cond, symbols, rows, cache)
    return bool(truth is not None and truth.any())


def _perfect_roots(game: Any) -> tuple[list[int], list[str]]:
    """The roots of the maximal perfect-information subtrees and the names of the
    information sets with several nodes."""
    nodes = game.nodes
    multi = {k for k, s in enumerate(game.infosets) if len(s.members) > 1}
    bad: dict[int, bool] = {}
    for i in reversed(range(len(nodes))):
        n = nodes[i]
        own = n.kind == "decision" and n.infoset in multi
        bad[i] = own or any(bad[c] for c in n.children)
    roots = [i for i, n in enumerate(nodes)
             if not n.is_terminal and not bad[i] and (n.parent is None or bad[n.parent])]
    names = [f"{game.players[game.infosets[k].player]}'s {game.infosets[k].name}"
             for k in sorted(multi)]
    return roots, names


def explain_extensive(game: Any) -> str:
    """The text of ``alliance-games explain`` for a game tree."""
    if not hasattr(game, "nodes"):
        raise SolverError("explain for kind: extensive needs a game tree")
    values = symbol_values(game.parameters)
    ranges = parameter_ranges(game)
    lines = [f"{game.name}: when is each subgame-perfect path played? (game tree, "
             "backward induction in the parameters)", ""]
    if game.parameters:
        lines.append("Parameters now: " + ", ".join(
            f"{k} = {v}" for k, v in game.parameters.items()))
    roots, imperfect = _perfect_roots(game)
    if imperfect:
        lines.append("This tree has information sets of several nodes: "
                     + ", ".join(imperfect) + ". Backward induction does not reach them "
                     "(the best action there depends on beliefs); they are left to "
                     "solve --method spe / pbe. Explained below: the perfect-information "
                     "subgames.")
    lines.append("")
    sym = _Symbols(game)
    points = _sampler(game, sym.probability_names())
    for r in roots:
        node = game.nodes[r]
        where = "the whole game" if r == 0 else f"the subgame at {node.name}"
        try:
            plans = backward_induction_plans(game, r)
        except SolverError:
            plan = current_plan(game, r)
            lines.append(f"Backward induction in {where}: more than {MAX_PLANS} candidate "
                         "plans, so only the plan played now is explained:")
            lines.append(f"- path {_path(game, r, plan.choices)}")
            lines.append(f"    stays subgame perfect iff {show(plan.condition)}   "
                         f"[{holds(plan.condition, values)} now]")
            lines.extend(regions_text(plan.condition, values, indent="      ",
                                      ranges=ranges))
            lines.append("")
            continue
        lines.append(f"Backward induction in {where} ({len(plans)} candidate plans):")
        by_path: dict[str, list[tuple[Plan, str]]] = {}
        cache: dict[Any, Any] = {}
        hidden = 0
        for plan in plans:
            state = holds(plan.condition, values)
            if state != "holds" and not _seen(plan.condition, points, cache):
                hidden += 1
                continue
            by_path.setdefault(_path(game, r, plan.choices), []).append((plan, state))
        for path, group in by_path.items():
            lines.append(f"- path {path}")
            for plan, state in group:
                off = ", ".join(
                    f"{game.players[game.nodes[i].player]} {a} at {game.nodes[i].name}"
                    for i, a in sorted(plan.choices.items()))
                lines.append(f"    plan: {off}")
                lines.append(f"    played iff {show(plan.condition)}   [{state} now]")
                if state == "holds":
                    lines.extend(regions_text(plan.condition, values, indent="      ",
                                              ranges=ranges))
        if hidden:
            lines.append(f"  ({hidden} other plan(s) hold neither now nor at any of "
                         f"{SAMPLES} random points near the current values)")
        current = [p for p in plans if holds(p.condition, values) == "holds"]
        lines.append("  Now: " + ("; ".join(_path(game, r, p.choices) for p in current)
                                  or "no plan decided (a condition could not be evaluated)"))
        lines.append("")
    return "\n".join(lines) + "\n"
