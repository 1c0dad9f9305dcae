"""``explain`` for the ``signaling`` family: when does each kind of PBE exist?

The conditions are sympy inequalities in the spec's parameters (priors, costs, values),
derived from the template's model (``game.signaling.model``, kept in
``game.info["signaling_model"]`` too):

*Pure equilibria.* For every pure message profile ``σ`` (a message per sender type)
and every pure receiver strategy ``ρ`` (an action per receiver information set) the
profile is a PBE iff

1. each type's message is a best reply: ``U_t(σ(t)) >= U_t(m')`` for every ``m'``,
   where ``U_t(m) = Σ_rt P(rt) Σ_b P(b) u_S(t, rt, m, ρ(rt, m), b)`` (receiver types
   ``rt``, interlude branches ``b``);
2. at a message some type sends, the receiver's action is a best reply to Bayes'
   belief: ``Σ_{t: σ(t)=m} P(t) [W_t(a) - W_t(a')] >= 0`` (the common positive
   denominator dropped);
3. at a message no type sends, *some* belief makes the action a best reply: with two
   actions the gain ``W_t(a) - W_t(a')`` is linear in the belief, so this holds iff it
   holds at a belief concentrated on one type (an ``Or`` over types).

*Semi-separating equilibria* (two sender types, a receiver without strategic private
types): type ``t`` mixes between ``m_s`` (also sent by the other type) and ``m_x``;
the receiver mixes between two actions at ``m_s`` and plays a pure action at ``m_x``.
The receiver's indifference at ``m_s`` fixes the mixing probability
``σ = P(t)⁻¹ P(t') (W_{t'}(a_2) - W_{t'}(a_1)) / (W_t(a_1) - W_t(a_2))``; the mixing
type's indifference fixes the receiver's ``q = P(a_1 | m_s)``; the equilibrium exists
iff ``0 < σ < 1``, ``0 < q < 1`` and the remaining best-reply inequalities hold.

The sender's last move (``response``, e.g. fight or concede) is held at the choice that
is optimal at the current parameter values; the text states the inequality under which
that choice stays optimal, so every condition is valid where it holds.

References
----------
J. D. Fearon, "Signaling foreign policy interests: tying hands versus sinking costs",
*Journal of Conflict Resolution* 41(1), 1997 (the separating and semi-separating
conditions of the discrete version, /work/shared/domain.md §4.1).
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *QJE* 102(2), 1987.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from ..errors import SolverError
from ..games.extensive import ExtensiveFormGame
from ..modeling.expr import parse_expression
from ..numbers import as_sympy
from .conditions_explain import cheap_simplify, show, truth_rows

__all__ = ["signaling_conditions", "explain_signaling", "Condition", "bounded_simplify"]


@dataclass(frozen=True)
class Condition:
    """One kind of equilibrium and the parameter region where it exists.

    Attributes
    ----------
    kind
        ``"separating"``, ``"pooling"``, ``"partially pooling"``, ``"semi-separating"``.
    description
        The message profile in words (``"pooling on Stay put"``).
    receiver
        The receiver's strategy in words.
    condition
        A sympy boolean in the parameters.
    formulas
        Closed forms (mixing probabilities) for semi-separating equilibria.
    holds
        ``"holds"``, ``"fails"`` or ``"?"`` at the game's current parameter values.
    seen
        True when the condition holds now or at one of the sampled parameter points
        near the current values (see :func:`signaling_conditions`).
    """

    kind: str
    description: str
    receiver: str
    condition: Any
    formulas: Mapping[str, Any] = field(default_factory=dict)
    holds: str = "?"
    seen: bool = True


def _signaling_model(game: Any) -> Mapping[str, Any] | None:
    """The template's model of a game compiled from a ``signaling`` spec (else None)."""
    facts = game.signaling if isinstance(game, ExtensiveFormGame) else None
    return facts.model if facts is not None else None


class _Model:
    """The template's model with every expression parsed (parameters as symbols)."""

    def __init__(self, game: Any) -> None:
        model = _signaling_model(game)
        if not model:
            raise SolverError("explain needs a game compiled from a 'signaling' spec")
        self.game = game
        self.m = model
        self.params = set(game.parameters)
        self.values = {sympy.Symbol(k): _number(v) for k, v in game.parameters.items()}
        self.types = [t["name"] for t in model["types"]]
        self.prior = {t["name"]: self._expr(t["prior"]) for t in model["types"]}
        self.type_values = {t["name"]: self._scope(t) for t in model["types"]}
        self.rtypes = [r["name"] for r in model["receiver_types"]] or [None]
        self.rprior = ({r["name"]: self._expr(r["prior"]) for r in model["receiver_types"]}
                       or {None: sympy.Integer(1)})
        self.rplays = {r["name"]: r["plays"] for r in model["receiver_types"]}
        self.rvalues = {r["name"]: self._scope(r) for r in model["receiver_types"]}
        self.messages = [m["name"] for m in model["messages"]]
        self.ends = {m["name"]: m["ends"] for m in model["messages"]}
        self.mvalues = {m["name"]: self._scope(m) for m in model["messages"]}
        inter = model["interlude"]
        self.inter_after = set(inter["after"]) if inter else set()
        self.branches = ([(b["name"], self._expr(b["prob"]), self._scope(b))
                          for b in inter["branches"]] if inter else [])
        resp = model["response"]
        self.resp_after = set(resp["after"]) if resp else set()
        self.responses = list(resp["actions"]) if resp else []
        self.actions = list(model["actions"])
        self.sender, self.receiver = model["sender"], model["receiver"]
        self.strategic = [r for r in self.rtypes if r is None or self.rplays.get(r) is None]
        self.response_plan: dict[tuple, str] = {}
        self.response_conditions: list[tuple[str, Any]] = []

    def _expr(self, text: str, scope: Mapping[str, Any] | None = None) -> Any:
        scope = scope or {}
        e = parse_expression(text, self.params | set(scope))
        return e.xreplace({sympy.Symbol(k): v for k, v in scope.items()})

    def _scope(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {k: self._expr(v) for k, v in item["values"].items()}

    def now(self, expr: Any) -> Any:
        return as_sympy(expr).xreplace(self.values)

    # ---------------------------------------------------------------- payoffs
    def payoff(self, player: str, t: str, rt: str | None, m: str, state: str,
               branch: tuple | None) -> Any:
        scope = {**self.type_values[t], **self.mvalues[m]}
        if rt is not None:
            scope.update(self.rvalues[rt])
        if branch is not None:
            scope.update(branch[2])
        return self._expr(self.m["end_states"][state]["payoffs"][player], scope)

    def after_action(self, player: str, t: str, rt: str | None, m: str, a: str) -> Any:
        """Expected payoff once action ``a`` is taken (interlude, sender's response)."""
        branches = self.branches if a in self.inter_after else [None]
        total = sympy.Integer(0)
        for b in branches:
            weight = b[1] if b is not None else sympy.Integer(1)
            if a in self.resp_after:
                r = self.response_plan[(t, m, a, b[0] if b else None)]
                state = f"{a}/{r}"
            else:
                state = a
            total += weight * self.payoff(player, t, rt, m, state, b)
        return total

    def fix_responses(self) -> None:
        """The sender's response at each (type, message, action, branch), chosen at the
        current values (expected over the receiver types that can take the action)."""
        for t, m, a in itertools.product(self.types, self.messages, self.actions):
            if self.ends[m] or a not in self.resp_after:
                continue
            for b in (self.branches if a in self.inter_after else [None]):
                rts = [r for r in self.rtypes if r is None or self.rplays.get(r) in (None, a)]
                weight = {r: self.rprior[r] for r in rts}
                value = {
                    r_act: sum((weight[r] * self.payoff(self.sender, t, r, m, f"{a}/{r_act}", b)
                                for r in rts), sympy.Integer(0))
                    for r_act in self.responses
                }
                best = max(self.responses, key=lambda x: float(self.now(value[x])))
                self.response_plan[(t, m, a, b[0] if b else None)] = best
                others = [_atom(value[best] - value[x])
                          for x in self.responses if x != best]
                where = f"{t} after {m}, {a}" + (f", {b[0]}" if b else "")
                self.response_conditions.append((f"{self.sender} ({where}): {best}",
                                                 sympy.And(*others)))

    def message_value(self, t: str, m: str, rho: Mapping[tuple, str]) -> Any:
        """``U_t(m)``: the sender's expected payoff of ``m`` given the receiver's ``rho``."""
        total = sympy.Integer(0)
        for rt in self.rtypes:
            if self.ends[m]:
                v = self.payoff(self.sender, t, rt, m, m, None)
            else:
                a = self.rplays.get(rt) or rho[(rt, m)]
                v = self.after_action(self.sender, t, rt, m, a)
            total += self.rprior[rt] * v
        return total

    def receiver_gain(self, t: str, rt: str | None, m: str, a: str, other: str) -> Any:
        return (self.after_action(self.receiver, t, rt, m, a)
                - self.after_action(self.receiver, t, rt, m, other))


def _number(value: Any) -> Any:
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return sympy.Integer(value)
    return sympy.nsimplify(value) if isinstance(value, float) else as_sympy(value)


def _atom(lhs: Any, strict: bool = False) -> Any:
    """``lhs >= 0`` (or ``> 0``) with numeric cases decided."""
    e = sympy.expand(lhs)
    if e.is_number:
        return sympy.true if (e > 0 if strict else e >= 0) else sympy.false
    return e > 0 if strict else e >= 0


def _label(model: _Model, sigma: Mapping[str, str]) -> tuple[str, str]:
    sent = set(sigma.values())
    if len(sent) == 1:
        return "pooling", f"pooling on {next(iter(sent))}"
    by = "; ".join(f"{t}: {m}" for t, m in sigma.items())
    if len(sent) == len(sigma):
        return "separating", f"separating ({by})"
    return "partially pooling", f"partially pooling ({by})"


def _holds(model: _Model, condition: Any) -> str:
    try:
        truth = condition.xreplace(model.values)
        if truth not in (sympy.true, sympy.false):
            truth = sympy.simplify(truth)
    except (TypeError, ValueError):
        return "?"
    if truth in (sympy.true, True):
        return "holds"
    if truth in (sympy.false, False):
        return "fails"
    return "?"


def _pure_conditions(model: _Model) -> list[Condition]:
    infosets = [(rt, m) for rt in model.strategic for m in model.messages if not model.ends[m]]
    out = []
    for combo in itertools.product(model.messages, repeat=len(model.types)):
        sigma = dict(zip(model.types, combo, strict=True))
        for acts in itertools.product(model.actions, repeat=len(infosets)):
            rho = dict(zip(infosets, acts, strict=True))
            atoms = []
            for t in model.types:
                own = model.message_value(t, sigma[t], rho)
                atoms += [_atom(own - model.message_value(t, m, rho))
                          for m in model.messages if m != sigma[t]]
            for (rt, m), a in rho.items():
                senders = [t for t in model.types if sigma[t] == m]
                for other in model.actions:
                    if other == a:
                        continue
                    if senders:
                        atoms.append(_atom(sum((model.prior[t] * model.receiver_gain(
                            t, rt, m, a, other) for t in senders), sympy.Integer(0))))
                    else:
                        atoms.append(sympy.Or(*[_atom(model.receiver_gain(t, rt, m, a, other))
                                                for t in model.types]))
            condition = sympy.And(*atoms)
            if condition is sympy.false:
                continue
            kind, description = _label(model, sigma)
            receiver = ", ".join(
                f"{a} after {m}" + (f" ({rt})" if rt else "") for (rt, m), a in rho.items()
            )
            out.append(Condition(kind, description, receiver, condition,
                                 holds=_holds(model, condition)))
    return out


def _semi_separating(model: _Model) -> list[Condition]:
    if len(model.types) != 2 or len(model.strategic) != 1:
        return []
    rt = model.strategic[0]
    out = []
    for t_mix in model.types:
        t_pure = next(t for t in model.types if t != t_mix)
        for m_s, m_x in itertools.permutations(model.messages, 2):
            if model.ends[m_s]:
                continue
            for a1, a2 in itertools.combinations(model.actions, 2):
                x_actions = [None] if model.ends[m_x] else model.actions
                for a_x in x_actions:
                    cond = _semi_case(model, rt, t_mix, t_pure, m_s, m_x, a1, a2, a_x)
                    if cond is not None:
                        out.append(cond)
    return out


def _rational(expr: Any) -> Any:
    """A ratio in lowest terms (``cancel``; ``simplify`` took seconds per case)."""
    if expr.has(*_PIECEWISE):
        return sympy.expand(expr)
    return sympy.cancel(expr)


def _semi_case(model: _Model, rt: Any, t_mix: str, t_pure: str, m_s: str, m_x: str,
               a1: str, a2: str, a_x: str | None) -> Condition | None:
    sig, q = sympy.symbols("sigma q", positive=True)
    g_pure = model.receiver_gain(t_pure, rt, m_s, a1, a2)
    g_mix = model.receiver_gain(t_mix, rt, m_s, a1, a2)
    # receiver indifferent at m_s: P(t_pure) g_pure + P(t_mix) sigma g_mix = 0
    denom = sympy.expand(model.prior[t_mix] * g_mix)
    if denom == 0:
        return None
    sigma_val = _rational(-model.prior[t_pure] * g_pure / denom)
    others = [m for m in model.messages if m not in (m_s, m_x) and not model.ends[m]]
    base = {(rt, m): model.actions[0] for m in others}
    if a_x is not None:
        base[(rt, m_x)] = a_x

    def value(t: str, m: str, rho_s: str) -> Any:
        return model.message_value(t, m, {**base, (rt, m_s): rho_s})

    mix_s = q * value(t_mix, m_s, a1) + (1 - q) * value(t_mix, m_s, a2)
    equation = sympy.expand(mix_s - value(t_mix, m_x, a1 if a_x is None else a1))
    coeff = equation.coeff(q)
    if sympy.expand(coeff) == 0:
        return None
    q_val = _rational(-(equation - coeff * q) / coeff)
    atoms = [_atom(sigma_val, True), _atom(1 - sigma_val, True), _atom(q_val, True),
             _atom(1 - q_val, True)]
    pure_s = (q * value(t_pure, m_s, a1) + (1 - q) * value(t_pure, m_s, a2)).subs(q, q_val)
    for m in model.messages:
        if m != m_s:
            atoms.append(_atom(pure_s - value(t_pure, m, a1)))
    for m in others:
        atoms.append(_atom(mix_s.subs(q, q_val) - value(t_mix, m, a1)))
    if a_x is not None:
        for other in model.actions:
            if other != a_x:
                atoms.append(_atom(model.receiver_gain(t_mix, rt, m_x, a_x, other)))
    belief_weights = {t_pure: model.prior[t_pure], t_mix: model.prior[t_mix] * sigma_val}
    for other in model.actions:
        if other in (a1, a2):
            continue
        atoms.append(_atom(sum((w * model.receiver_gain(t, rt, m_s, a1, other)
                                for t, w in belief_weights.items()), sympy.Integer(0))))
    condition = sympy.And(*atoms)
    if condition is sympy.false:
        return None
    description = (f"semi-separating ({t_pure}: {m_s}; {t_mix}: {m_s} w.p. sigma, "
                   f"{m_x} otherwise)")
    receiver = (f"{a1} w.p. q, {a2} otherwise after {m_s}"
                + (f"; {a_x} after {m_x}" if a_x else ""))
    del sig
    return Condition("semi-separating", description, receiver, condition,
                     formulas={"sigma": sigma_val, "q": q_val},
                     holds=_holds(model, condition))


def signaling_conditions(
    game: Any, *, samples: int = 40, seed: int = 0
) -> tuple[list[Condition], list[tuple[str, Any]]]:
    """Every kind of PBE of a signaling-template game and where it exists.

    Each condition is also tested at ``samples`` random parameter points near the
    current values (priors uniform in (0.02, 0.98), other nonzero parameters scaled by
    a factor uniform in (0.25, 1.75), zeros kept), with ``random.Random(seed)``; a
    condition that holds at none of them nor now gets ``seen=False`` (it may still hold
    elsewhere, typically only on a boundary).

    Returns ``(conditions, response_conditions)``: the second lists the sender's last
    moves held fixed and the inequality under which each stays optimal.
    """
    import random

    model = _Model(game)
    model.fix_responses()
    conditions = _pure_conditions(model) + _semi_separating(model)
    rng = random.Random(seed)
    names = sorted(model.game.parameters)
    symbols = [sympy.Symbol(n) for n in names]
    points = [_sample(model, rng) for _ in range(samples)]
    rows = [[float(pt[sym]) for sym in symbols] for pt in points]
    out = []
    cache: dict[Any, Any] = {}
    for c in conditions:
        seen = c.holds == "holds" or _true_somewhere(c.condition, symbols, rows, cache)
        out.append(Condition(c.kind, c.description, c.receiver, c.condition, c.formulas,
                             c.holds, seen))
    return out, model.response_conditions


def _sample(model: _Model, rng: Any) -> dict[Any, Any]:
    point = {}
    for name, value in model.game.parameters.items():
        v = float(value)
        if name.startswith("p_") and 0 <= v <= 1 and v not in (0.0, 1.0):
            point[sympy.Symbol(name)] = sympy.Float(rng.uniform(0.02, 0.98))
        elif v == 0:
            point[sympy.Symbol(name)] = sympy.Integer(0)
        else:
            point[sympy.Symbol(name)] = sympy.Float(v * rng.uniform(0.25, 1.75))
    return point


def _true_somewhere(condition: Any, symbols: list[Any], rows: list[list[float]],
                    cache: dict[Any, Any] | None = None) -> bool:
    """Whether ``condition`` holds at one of the sample rows (floats).

    Each atom ``lhs >= 0`` is a polynomial in the parameters; it is evaluated on all
    rows at once from its monomials (numpy), and cached, since the conditions share
    most of their atoms (lambdify per condition took seconds on the catalog)."""
    if condition in (sympy.true, sympy.false):
        return condition is sympy.true
    truth = truth_rows(condition, symbols, rows, {} if cache is None else cache)
    return bool(truth is not None and truth.any())


def _simplified(condition: Any) -> Any:
    """A condition tidied in bounded time: each atom ``lhs >= 0`` expanded and divided by
    the positive content of its coefficients, duplicates and decided atoms dropped.
    (``sympy.simplify`` on these conjunctions took up to 25 s per model.)"""
    try:
        return cheap_simplify(condition)
    except (TypeError, ValueError, RecursionError):
        return condition


_PIECEWISE = (sympy.Piecewise, sympy.Min, sympy.Max, sympy.Mod, sympy.Abs)


def bounded_simplify(expr: Any) -> Any:
    """``sympy.simplify``, except on piecewise expressions (from ``max``, ``min``,
    ``abs``, ``%`` or ``a if c else b`` in the spec), where it takes tens of seconds per
    condition (``piecewise_simplify`` splits every branch); there the expression is
    only expanded, still exact but less tidy."""
    if not expr.has(*_PIECEWISE):
        return sympy.simplify(expr)
    if isinstance(expr, sympy.logic.boolalg.Boolean):
        return expr
    return sympy.expand(expr)


def explain_signaling(game: Any) -> str:
    """The text of ``alliance-games explain`` for a signaling game."""
    conditions, responses = signaling_conditions(game)
    model = _signaling_model(game)
    assert model is not None  # signaling_conditions raised otherwise
    lines = [f"{game.name}: conditions for each kind of perfect Bayesian equilibrium "
             "(signaling family)", ""]
    lines.append(f"Sender {model['sender']}: types " + ", ".join(
        f"{t['name']} (prior {t['prior']})" for t in model["types"]) + "; messages "
        + ", ".join(m["name"] for m in model["messages"]))
    lines.append(f"Receiver {model['receiver']}: actions " + ", ".join(model["actions"]))
    lines.append("Parameters now: " + ", ".join(f"{k} = {v}" for k, v in game.parameters.items()))
    if responses:
        lines.append("")
        lines.append("The sender's last moves are held at their current choices, valid while:")
        for text, cond in responses:
            lines.append(f"  {text}: {show(_simplified(cond))}")
    lines.append("")
    lines.append("Off-path beliefs are free: a receiver action after an unsent message needs "
                 "only some belief that makes it a best reply.")
    lines.append("")
    by_kind: dict[str, list[Condition]] = {}
    for c in conditions:
        by_kind.setdefault(c.kind, []).append(c)
    for kind in ("separating", "pooling", "partially pooling", "semi-separating"):
        group = by_kind.get(kind, [])
        if not group:
            continue
        shown = [c for c in group if c.seen]
        hidden = len(group) - len(shown)
        if not shown and not hidden:
            continue
        lines.append(f"{kind.capitalize()} equilibria:")
        for c in shown:
            lines.append(f"- {c.description}; {model['receiver']}: {c.receiver}")
            lines.append(f"    exists iff {show(_simplified(c.condition))}   [{c.holds} now]")
            for name, formula in c.formulas.items():
                lines.append(f"    {name} = {formula}")
        if hidden:
            lines.append(f"  ({hidden} other receiver strateg{'y' if hidden == 1 else 'ies'} "
                         "with this message pattern hold neither now nor at any sampled point "
                         "near the current values; signaling_conditions() lists them)")
        lines.append("")
    holding = [c for c in conditions if c.holds == "holds"]
    lines.append(f"At the current values {len(holding)} of these hold: "
                 + ("; ".join(f"{c.description} ({c.receiver})" for c in holding) or "none")
                 + ". Solve with --method pbe for the full list with beliefs and refinements.")
    return "\n".join(lines) + "\n"
