"""Refinements of a signaling PBE at its off-path messages: Intuitive Criterion and D1.

Let ``u*_t`` be type ``t``'s equilibrium payoff, ``U_t(r)`` its payoff from sending an
off-path message ``m`` when the receiver answers with pure ``r`` (continuation play as in
the equilibrium), and ``BR(T)`` the receiver's pure best responses to beliefs on the
types ``T`` (Cho & Kreps 1987, sec. III-IV; Banks & Sobel 1987); see
:mod:`alliance_games.solvers.signaling.signals` for both tests. Containments are decided
exactly: a linear function's minimum over a polytope is attained at a vertex.

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
J. S. Banks & J. Sobel, "Equilibrium selection in signaling games", *Econometrica* 55(3),
1987, pp. 647-661.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...games.extensive import ExtensiveFormGame
from ..tree.behavior import fill_node_values, node_values
from .assessment import Assessment
from .beliefs import polytope_nonempty, simplex_polytope_vertices
from .structure import SignalingStructure, chance_reach

__all__ = ["refinement_verdicts"]


# ---------------------------------------------------------------------- refinements
@dataclass(frozen=True)
class _Deviation:
    """What a deviation to an off-path message can bring each type.

    ``profiles`` are the receiver's pure responses (one action per receiver information
    set after the message); ``sender[t][k]`` is type ``t``'s payoff from the message
    under profile ``k``; ``receiver[g][t][a]`` the receiver's payoff at set ``g`` from
    action ``a`` against type ``t``.
    """

    message: str
    types: tuple[int, ...]
    u_star: dict[int, Any]
    sets: tuple[int, ...]
    profiles: tuple[tuple[int, ...], ...]
    sender: dict[int, list[Any]]
    receiver: dict[int, dict[int, list[Any]]]
    actions: dict[int, tuple[str, ...]]


def _deviations(
    game: ExtensiveFormGame, st: SignalingStructure, a: Assessment, exact: bool
) -> list[_Deviation]:
    # one pass per off-path message that builds the whole deviation record; its tables
    # (types, sets, responses, payoffs) are filled together
    table = [tuple(t) for t in a.table]
    creach = chance_reach(game, exact)
    zero: Any = Fraction(0) if exact else 0.0
    one: Any = Fraction(1) if exact else 1.0
    base = node_values(game, table, exact)
    u_star: dict[int, Any] = {}
    weights: dict[int, Any] = {}
    for k, h in enumerate(st.type_infosets):
        members = game.infosets[h].members
        w = sum((creach[v] for v in members), zero)
        if w == 0:
            continue
        weights[k] = w
        u_star[k] = sum((creach[v] * base[v][st.sender] for v in members), zero) / w
    out = []
    for m, sets in st.receiver_infosets.items():
        if not sets or any(g in a.on_path for g in sets):
            continue
        senders = tuple(k for k in weights if m in game.infosets[st.type_infosets[k]].actions)
        receiver_pay: dict[int, dict[int, list[Any]]] = {}
        for g in sets:
            s = game.infosets[g]
            receiver_pay[g] = {}
            for k in sorted(set(st.node_types[g])):
                nodes = [w for w, t in zip(s.members, st.node_types[g], strict=True) if t == k]
                cw = sum((creach[w] for w in nodes), zero)
                if cw == 0:
                    continue
                receiver_pay[g][k] = [
                    sum(
                        (creach[w] * base[game.nodes[w].children[r]][s.player] for w in nodes), zero
                    )
                    / cw
                    for r in range(len(s.actions))
                ]
        profiles = tuple(itertools.product(*(range(len(game.infosets[g].actions)) for g in sets)))
        sender_pay: dict[int, list[Any]] = {k: [] for k in senders}
        below = [game.nodes[v].children[game.infosets[st.type_infosets[k]].actions.index(m)]
                 for k in senders for v in game.infosets[st.type_infosets[k]].members]
        for prof in profiles:
            work = list(table)
            for g, r in zip(sets, prof, strict=True):
                k_act = len(game.infosets[g].actions)
                work[g] = tuple(one if j == r else zero for j in range(k_act))
            vals = _values_below(game, work, below, exact)
            for k in senders:
                h = st.type_infosets[k]
                ai = game.infosets[h].actions.index(m)
                total = sum(
                    (
                        creach[v] * vals[game.nodes[v].children[ai]][st.sender]
                        for v in game.infosets[h].members
                    ),
                    zero,
                )
                sender_pay[k].append(total / weights[k])
        out.append(
            _Deviation(
                m,
                senders,
                {k: u_star[k] for k in senders},
                tuple(sets),
                profiles,
                sender_pay,
                receiver_pay,
                {g: game.infosets[g].actions for g in sets},
            )
        )
    return out


def _values_below(game: ExtensiveFormGame, table: Sequence[Any], roots: Sequence[int],
                  exact: bool) -> dict[int, Any]:
    """Expected payoff vectors at every node of the subtrees at ``roots`` under ``table``
    (:func:`~alliance_games.solvers.tree.behavior.node_values` restricted to them: a
    deviation changes play only there)."""
    size = game.subtree_size
    values: dict[int, Any] = {}
    for root in sorted(set(roots)):
        if root not in values:
            fill_node_values(game, table, exact, range(root, root + size[root]), values)
    return values


def _belief_rows(
    dev: _Deviation, types: Sequence[int], choice: Mapping[int, Sequence[int]]
) -> tuple[list[tuple[list[Any], int]], list[tuple[list[Any], int]]]:
    """Constraints on a common belief over ``types`` making ``choice[g]`` optimal at each g."""
    eqs: list[tuple[list[Any], int]] = []
    ineqs: list[tuple[list[Any], int]] = []
    for g, support in choice.items():
        vals = dev.receiver[g]
        k = len(dev.actions[g])
        s0 = support[0]
        for a in range(k):
            if a == s0:
                continue
            row = [(vals[t][a] - vals[t][s0]) if t in vals else 0 for t in types]
            (eqs if a in support else ineqs).append((row, 0))
    return eqs, ineqs


def _is_best_response(
    dev: _Deviation, types: Sequence[int], choice: Mapping[int, Sequence[int]], tol: float
) -> bool:
    eqs, ineqs = _belief_rows(dev, types, choice)
    return polytope_nonempty(len(types), eqs, ineqs, tol=tol)


def _best_profiles(dev: _Deviation, types: Sequence[int], tol: float) -> list[int]:
    """Pure response profiles optimal at one common belief on ``types``."""
    return [
        k
        for k, prof in enumerate(dev.profiles)
        if _is_best_response(dev, types, {g: [r] for g, r in zip(dev.sets, prof, strict=True)}, tol)
    ]


def _gt(a: Any, b: Any, tol: float) -> bool:
    return a > b if tol == 0 else a > b + tol


def _names(st: SignalingStructure, ks: Sequence[int]) -> str:
    return ", ".join(st.type_names[k] for k in ks)


def _intuitive(dev: _Deviation, st: SignalingStructure, receiver: str, tol: float) -> str | None:
    all_br = _best_profiles(dev, dev.types, tol)
    dominated = [
        t for t in dev.types if _gt(dev.u_star[t], max(dev.sender[t][k] for k in all_br), tol)
    ]
    rest = [t for t in dev.types if t not in dominated]
    if not rest:
        return None
    br = _best_profiles(dev, rest, tol)
    for t in rest:
        if _gt(min(dev.sender[t][k] for k in br), dev.u_star[t], tol):
            why = (
                f"type {_names(st, dominated)} cannot gain from {dev.message} whatever "
                f"the {receiver} does; "
                if dominated
                else ""
            )
            return (
                f"at {dev.message}: {why}type {st.type_names[t]} would gain from "
                f"{dev.message} under every best response of the {receiver} to beliefs "
                f"on {{{_names(st, rest)}}}"
            )
    return None


def _tie_sets(
    dev: _Deviation, g: int, types: Sequence[int], fixed: dict[int, int], tol: float
) -> list[tuple[int, ...]]:
    """Sets of actions at ``g`` that tie at one belief on ``types`` (others as ``fixed``)."""
    k = len(dev.actions[g])
    out = []
    for size in range(1, k + 1):
        for combo in itertools.combinations(range(k), size):
            choice = {h: [r] for h, r in fixed.items()}
            choice[g] = list(combo)
            if _is_best_response(dev, types, choice, tol):
                out.append(combo)
    return out


def _d1(dev: _Deviation, st: SignalingStructure, receiver: str, tol: float) -> str | None:
    """D1 at one off-path message; ``"?"`` when several receiver sets respond."""
    variable = []
    fixed: dict[int, int] = {}
    best = set(_best_profiles(dev, dev.types, tol))
    for i, g in enumerate(dev.sets):
        options = {prof[i] for k, prof in enumerate(dev.profiles) if k in best}
        if len(options) > 1:
            variable.append(g)
        elif options:
            fixed[g] = next(iter(options))
    if len(variable) > 1:
        return "?"
    if not variable:
        return None
    g = variable[0]
    i = dev.sets.index(g)

    def pay(t: int, a: int) -> Any:
        for k, prof in enumerate(dev.profiles):
            if prof[i] == a and all(prof[dev.sets.index(h)] == r for h, r in fixed.items()):
                return dev.sender[t][k]
        raise AssertionError("missing response profile")

    faces = _tie_sets(dev, g, dev.types, fixed, tol)

    memo: dict[tuple[tuple[int, ...], int], list] = {}

    def vertices(face: Sequence[int], t: int) -> list:
        key = (tuple(face), t)
        if key not in memo:   # each is needed once per other type: compute it once
            row = [-pay(t, a) for a in face]
            memo[key] = simplex_polytope_vertices(
                len(face), inequalities=[(row, -dev.u_star[t])], tol=tol)
        return memo[key]

    def value(t: int, face: Sequence[int], v: Sequence[Any]) -> Any:
        return sum(p * pay(t, a) for p, a in zip(v, face, strict=True))

    def strict_nonempty(t: int) -> bool:
        return any(_gt(value(t, f, v), dev.u_star[t], tol) for f in faces for v in vertices(f, t))

    deleted = []
    for t in dev.types:
        for t2 in dev.types:
            if t2 == t or not strict_nonempty(t2):
                continue
            if all(
                _gt(value(t2, f, v), dev.u_star[t2], tol) for f in faces for v in vertices(f, t)
            ):
                deleted.append((t, t2))
                break
    gone = [t for t, _ in deleted]
    rest = [t for t in dev.types if t not in gone] or list(dev.types)
    for face in _tie_sets(dev, g, rest, fixed, tol):
        rows = [([pay(t, a) for a in face], dev.u_star[t]) for t in dev.types]
        if polytope_nonempty(len(face), inequalities=rows, tol=tol):
            return None
    by = "; ".join(
        f"{st.type_names[t]} gains from {dev.message} for a strictly smaller set "
        f"of responses than {st.type_names[t2]}"
        for t, t2 in deleted
    )
    return (
        f"at {dev.message}: {by}, so the {receiver}'s belief must rest on "
        f"{{{_names(st, rest)}}}, and no best response to such a belief keeps every "
        f"type from deviating"
    )


D1_BUDGET = 4 * 2 ** 4
"""D1 is tested when ``types * 2^responses`` is at most this (4 types, 4 responses)."""


def refinement_verdicts(
    game: ExtensiveFormGame,
    structure: SignalingStructure | None,
    assessment: Assessment,
    tol: float = 0.0,
) -> dict[str, str]:
    """``{"intuitive_criterion": ..., "d1": ...}``: ``"passes"``, ``"fails (reason)"`` or
    ``"not applicable (...)"``."""
    if structure is None or structure.receiver is None:
        na = "not applicable (no sender-receiver structure)"
        return {"intuitive_criterion": na, "d1": na}
    exact = tol == 0
    devs = _deviations(game, structure, assessment, exact)
    if not devs:
        msg = "passes (every message is sent on the path)"
        return {"intuitive_criterion": msg, "d1": msg}
    receiver = game.players[structure.receiver]
    ic = d1 = None
    unknown = False
    n_types = len(structure.type_infosets)
    n_resp = max(len(game.infosets[g].actions) for gs in structure.receiver_infosets.values()
                 for g in gs)
    too_big = n_types * 2 ** n_resp > D1_BUDGET
    for dev in devs:
        ic = ic or _intuitive(dev, structure, receiver, tol)
        if too_big:
            continue
        verdict = _d1(dev, structure, receiver, tol)
        if verdict == "?":
            unknown = True
        else:
            d1 = d1 or verdict
    if too_big:
        d1_text = (f"not computed ({n_types} types and {n_resp} responses: the exact test "
                   "over every set of tied responses is past its budget)")
    elif d1:
        d1_text = f"fails ({d1})"
    elif unknown:
        d1_text = "not computed (several receiver information sets respond to an off-path message)"
    else:
        d1_text = "passes"
    return {"intuitive_criterion": f"fails ({ic})" if ic else "passes", "d1": d1_text}
