"""Kreps-Wilson consistency: is a perfect Bayesian assessment a sequential equilibrium?

An assessment ``(b, μ)`` is *consistent* (Kreps & Wilson 1982) when there are totally
mixed behavior profiles ``b^n -> b`` whose Bayes beliefs ``μ^n -> μ``; a consistent
assessment that is sequentially rational is a *sequential equilibrium*. The test here
decides whether a behavior profile ``b`` that passed the PBE test
(:func:`alliance_games.solvers.signaling.assessment.verify_assessment`) has consistent
beliefs that keep its off-path actions optimal.

The trembles
------------
Every sequence of totally mixed profiles has a subsequence along which each action
that ``b`` does not play has the asymptotic form ``b^n(a) ≈ c_a ε_n^{κ_a}`` with a rank
``κ_a > 0`` and a weight ``c_a > 0`` (curve selection; Kreps & Wilson 1982, Lemma A1,
the "basis" of an assessment). A node ``v`` is then reached with probability
``≈ B_v c_v ε^{K_v}``, where ``B_v`` is the product of the chance probabilities and of the
probabilities ``b`` gives to the played actions on the path to ``v``, ``K_v = Σ κ_a`` and
``c_v = Π c_a`` over the unplayed actions ``a`` on that path. At an off-path information
set ``h`` the limit belief therefore puts weight only on the nodes of least ``K``, in
proportion to ``B_v c_v``. Consequences:

- nodes of ``h`` reached through the *same* unplayed actions (the same deviation)
  keep the ratio of their ``B_v``: off the path, a deviation by one player does not
  change what the chance moves and the other players' strategies say (a *group*);
- different groups can be weighted freely, provided one choice of ranks ``κ`` (a
  linear program) and of weights ``log c`` (a linear system) serves every information
  set at once.

Algorithm
---------
1. Off-path information sets ``h`` (reach 0 from the root, two or more possible nodes)
   are split into groups of nodes with the same unplayed actions on their paths; the
   mover's value of each action is averaged over a group with weights ``B_v``.
2. The beliefs over the groups that keep ``b``'s actions optimal form a polytope
   (:func:`alliance_games.solvers.signaling.beliefs.belief_region`); its faces with
   support ``S`` (the groups of least ``K``) are listed. A set whose polytope is the
   whole simplex constrains nothing and is skipped; an empty polytope means no
   consistent belief sustains ``b`` there.
3. A depth-first search picks one support per constrained set; the ranks are a linear
   program: ``κ_a ≥ 1``, ``K`` equal on the support and at least 1 larger off it.
4. The weights: the barycentre of each face gives beliefs ``g_G``; ``log c`` solves
   ``Y_G - Y_{G'} = log(g_G/B_G) - log(g_{G'}/B_{G'})`` (least squares). When the
   system has no exact solution (the same deviations reach two sets, so their odds are
   tied) a numerical search over ``log c`` looks for beliefs inside the faces.

A witness (ranks, weights and the limit beliefs) comes with every positive verdict, so
that a test can rebuild the tremble sequence and take the limit on its own.

References
----------
D. M. Kreps & R. Wilson, "Sequential equilibria", *Econometrica* 50(4), 1982,
pp. 863-894 (the definition; Lemma A1 on the bases of consistent assessments).
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, sec. 8.3.
A. Perea y Monsuwé, M. Jansen & H. Peters, "Characterization of consistent assessments
in extensive form games", *Games and Economic Behavior* 21, 1997, pp. 238-252.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ...equilibrium import DEFAULT_TOL
from ...games.extensive import CHANCE, DECISION, ExtensiveFormGame
from ..kernels.rational_lp import linprog
from ..signaling.beliefs import belief_region
from .behavior import node_values

__all__ = ["SequentialVerdict", "sequential_test", "MAX_COMBINATIONS"]

#: Upper bound on the supports tried in the depth-first search (past it: undecided).
MAX_COMBINATIONS = 2000
# The rank LPs of the catalog's trees have under 100 tableau cells; a 512-leaf random
# tree asks ~2,000 of them with ~1,600 cells each, where the exact simplex in Fractions
# costs 25 ms apiece against HiGHS's 1 ms: past this size HiGHS solves them, as it
# solved every rank LP before the exact kernel existed.
RANK_LP_EXACT_CELLS = 600


@dataclass(frozen=True)
class SequentialVerdict:
    """Whether a PBE profile is part of a sequential equilibrium, and the witness.

    Attributes
    ----------
    sequential
        ``True`` (a consistent assessment sustains the profile), ``False`` (none does)
        or ``None`` (the search could not decide within its bounds).
    reason
        One sentence saying why.
    beliefs
        Off-path information set index -> limit belief over its nodes (members order).
    ranks, weights
        ``(infoset, action) -> κ_a, c_a`` for the unplayed actions on paths to off-path
        sets: the trembles ``b^ε(a) = c_a ε^{κ_a}`` whose Bayes beliefs tend to
        ``beliefs``.
    """

    sequential: bool | None
    reason: str
    beliefs: dict[int, tuple[float, ...]] = field(default_factory=dict)
    ranks: dict[tuple[int, int], float] = field(default_factory=dict)
    weights: dict[tuple[int, int], float] = field(default_factory=dict)

    def as_dict(self, game: ExtensiveFormGame) -> dict[str, Any]:
        """JSON-ready: ``sequential``, ``sequential_reason`` and the witness (limit beliefs
        ``consistent_beliefs`` by player and set, ``trembles``: rank and weight of each
        unplayed action)."""
        out: dict[str, Any] = {"sequential": self.sequential,
                               "sequential_reason": self.reason}
        if self.beliefs:
            named: dict[str, dict[str, dict[str, float]]] = {}
            for h, mu in self.beliefs.items():
                s = game.infosets[h]
                named.setdefault(game.players[s.player], {})[s.name] = {
                    game.nodes[v].name: float(p) for v, p in zip(s.members, mu, strict=True)
                }
            out["consistent_beliefs"] = named
        if self.ranks:
            out["trembles"] = [
                {"player": game.players[game.infosets[h].player],
                 "infoset": game.infosets[h].name,
                 "action": game.infosets[h].actions[a],
                 "rank": float(self.ranks[(h, a)]),
                 "weight": float(self.weights.get((h, a), 1.0))}
                for (h, a) in sorted(self.ranks)
            ]
        return out


@dataclass
class _Group:
    nodes: list[int]            # positions within the information set's members
    signature: frozenset[tuple[int, int]]
    weight: Any                 # B_G: sum of B_v over the group


@dataclass
class _SetData:
    h: int
    groups: list[_Group]
    faces: list[tuple[tuple[int, ...], tuple[Any, ...]]]  # (support groups, barycentre)
    full: bool                  # every belief sustains the play here
    node_weights: dict[int, Any]  # member position -> B_v
    values: list[list[Any]]     # group -> action -> the mover's averaged value
    support: list[int]          # the actions b plays at the set


def _is_zero(x: Any, tol: float) -> bool:
    return x == 0 if tol == 0 else abs(x) <= tol


def _scale(game: ExtensiveFormGame) -> float:
    return max([1.0] + [abs(x) for z in game.terminals for x in game.nodes[z].payoffs])


def _path_data(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], v: int, exact: bool,
               tol: float) -> tuple[Any, frozenset[tuple[int, int]]] | None:
    """``(B_v, unplayed actions on the path to v)``; ``None`` if chance excludes ``v``."""
    weight: Any = Fraction(1) if exact else 1.0
    off: set[tuple[int, int]] = set()
    node = game.nodes[v]
    while node.parent is not None:
        parent = game.nodes[node.parent]
        a = node.action
        assert a is not None
        if parent.kind == CHANCE:
            p = (parent.exact_probabilities if exact else parent.probabilities)[a]  # type: ignore[index]
            if _is_zero(p, tol):
                return None
            weight *= p
        elif parent.kind == DECISION:
            h = parent.infoset
            assert h is not None
            p = table[h][a]
            if _is_zero(p, tol):
                off.add((h, a))
            else:
                weight *= p
        node = parent
    return weight, frozenset(off)


def _set_data(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], values: list[Any],
              h: int, exact: bool, tol: float) -> _SetData | None:
    """Groups, aggregated action values and the faces of the sustaining polytope."""
    s = game.infosets[h]
    groups: dict[frozenset[tuple[int, int]], _Group] = {}
    node_weight: dict[int, Any] = {}
    for k, v in enumerate(s.members):
        data = _path_data(game, table, v, exact, tol)
        if data is None:
            continue
        w, sig = data
        node_weight[k] = w
        g = groups.setdefault(sig, _Group([], sig, 0))
        g.nodes.append(k)
        g.weight += w
    glist = list(groups.values())
    if not glist:
        return None
    support = [a for a, p in enumerate(table[h]) if not _is_zero(p, tol)]
    gvals = []
    for g in glist:
        row = []
        for a in range(len(s.actions)):
            total = sum((node_weight[k] * values[game.nodes[s.members[k]].children[a]][s.player]
                         for k in g.nodes), 0)
            row.append(total / g.weight)
        gvals.append(row)
    verts = belief_region(gvals, support, tol=tol)
    n = len(glist)
    full = bool(verts) and all(
        any(_is_zero(vtx[j] - 1, tol) for vtx in verts) for j in range(n))
    faces: list[tuple[tuple[int, ...], tuple[Any, ...]]] = []
    for size in range(1, n + 1):
        for S in itertools.combinations(range(n), size):
            inside = [vtx for vtx in verts
                      if all(_is_zero(vtx[j], tol) for j in range(n) if j not in S)]
            if not inside:
                continue
            bary = tuple(sum((vtx[j] for vtx in inside), 0) / len(inside) for j in range(n))
            if all(not _is_zero(bary[j], tol) for j in S):
                faces.append((S, bary))
    return _SetData(h, glist, faces, full, node_weight, gvals, support)


def _rank_lp(sets: list[_SetData], choice: list[tuple[int, ...]],
             actions: list[tuple[int, int]]) -> np.ndarray | None:
    """Ranks ``κ ≥ 1`` with ``K`` equal on each chosen support and ≥ 1 larger off it
    (the least total rank; an integer program's relaxation in integer data, solved
    exactly by :func:`~alliance_games.solvers.kernels.rational_lp.linprog`)."""
    col = {a: i for i, a in enumerate(actions)}
    n = len(actions)
    a_eq: list[list[int]] = []
    a_ub: list[list[int]] = []

    def k_row(g: _Group) -> list[int]:
        row = [0] * n
        for a in g.signature:
            row[col[a]] += 1
        return row

    for sd, S in zip(sets, choice, strict=True):
        base = k_row(sd.groups[S[0]])
        for j in S[1:]:
            a_eq.append([x - y for x, y in zip(k_row(sd.groups[j]), base, strict=True)])
        for j in range(len(sd.groups)):
            if j not in S:
                # K_S - K_U <= -1
                a_ub.append([x - y for x, y in zip(base, k_row(sd.groups[j]), strict=True)])
    if n == 0:
        return np.zeros(0)
    res = linprog([1] * n, A_ub=a_ub or None, b_ub=[-1] * len(a_ub) or None,
                  A_eq=a_eq or None, b_eq=[0] * len(a_eq) or None, bounds=[(1, None)] * n,
                  exact_cells=RANK_LP_EXACT_CELLS)
    return np.array([float(v) for v in res.x]) if res.x is not None else None


def _weights(sets: list[_SetData], choice: list[tuple[int, ...]],
             actions: list[tuple[int, int]], tol: float) -> np.ndarray | None:
    """``log c`` making each chosen face's beliefs the limit beliefs, or ``None``."""
    col = {a: i for i, a in enumerate(actions)}
    n = len(actions)
    rows, rhs = [], []
    for sd, S in zip(sets, choice, strict=True):
        bary = dict(zip(range(len(sd.groups)), _face_point(sd, S), strict=False))
        g0 = sd.groups[S[0]]
        for j in S[1:]:
            g = sd.groups[j]
            row = np.zeros(n)
            for a in g.signature:
                row[col[a]] += 1
            for a in g0.signature:
                row[col[a]] -= 1
            rows.append(row)
            rhs.append(math.log(float(bary[j]) / float(g.weight))
                       - math.log(float(bary[S[0]]) / float(g0.weight)))
    if not rows:
        return np.zeros(n)
    A, r = np.array(rows), np.array(rhs)
    y, *_ = np.linalg.lstsq(A, r, rcond=None)
    if np.max(np.abs(A @ y - r)) <= 1e-9:
        return y
    return _search_weights(sets, choice, actions, A, y, tol)


def _face_point(sd: _SetData, S: tuple[int, ...]) -> tuple[Any, ...]:
    for face, bary in sd.faces:
        if face == S:
            return bary
    raise AssertionError("face not listed")  # pragma: no cover - choice comes from faces


def _search_weights(sets: list[_SetData], choice: list[tuple[int, ...]],
                    actions: list[tuple[int, int]], A: np.ndarray, start: np.ndarray,
                    tol: float) -> np.ndarray | None:
    """Numerical search over ``log c`` when the odds of several sets are tied."""
    col = {a: i for i, a in enumerate(actions)}
    # everything that does not depend on ``y`` is computed once (the objective is called
    # a few hundred times): per set, the chosen groups' log weights and tremble columns
    # and each action's value differences as floats; the arithmetic on ``y`` is the same
    # expressions in the same order as before, so the search takes the same steps
    prepared = []
    for sd, S in zip(sets, choice, strict=True):
        logw = [math.log(float(sd.groups[j].weight)) for j in S]
        cols = [[col[a] for a in sd.groups[j].signature] for j in S]
        s0 = sd.support[0]
        diffs = [[float(sd.values[j][a] - sd.values[j][s0]) for j in range(len(sd.groups))]
                 for a in range(len(sd.values[0]))]
        equal = [a in sd.support for a in range(len(sd.values[0]))]
        prepared.append((len(sd.groups), list(S), logw, cols, diffs, equal))

    def violation(y: np.ndarray) -> float:
        total = 0.0
        for n_groups, chosen, logw, cols, diffs, equal in prepared:
            logs = np.array([lw + sum(y[c] for c in cs)
                             for lw, cs in zip(logw, cols, strict=True)])
            w = np.exp(logs - logs.max())
            mu = np.zeros(n_groups)
            mu[chosen] = w / w.sum()
            for d, eq in zip(diffs, equal, strict=True):
                gain = sum(mu[j] * d[j] for j in range(n_groups))
                total += gain ** 2 if eq else max(gain, 0.0) ** 2
        return total

    x, fun = _nelder_mead(violation, start, xatol=1e-12, fatol=1e-16, maxiter=4000)
    return x if fun <= 1e-12 else None


def _nelder_mead(f: Any, x0: np.ndarray, *, xatol: float, fatol: float,
                 maxiter: int) -> tuple[np.ndarray, float]:
    """Minimise ``f`` by the Nelder-Mead simplex method (Nelder and Mead 1965).

    Hand-written rather than ``scipy.optimize.minimize``: importing ``scipy.optimize``
    costs about 0.32 s, more than the whole ``solve`` of a catalog model that needs this
    search (issue 13, goal 6). The steps are scipy's non-adaptive ones, in the same
    order and arithmetic, so the witness found is the one scipy's ``Nelder-Mead``
    finds: the initial simplex moves each nonzero coordinate by 5 % (a zero one to
    0.00025); reflection 1, expansion 2, contraction 1/2 (outside, then inside),
    shrink 1/2 toward the best vertex; stop when every vertex is within ``xatol`` of
    the best and every value within ``fatol`` of its value, or after ``maxiter``
    iterations. Returns the best vertex and its value.

    References
    ----------
    J. A. Nelder and R. Mead, "A simplex method for function minimization",
    *The Computer Journal* 7(4), 1965, 308-313.
    """
    x0 = np.asarray(x0, dtype=float).flatten()
    n = len(x0)
    sim = np.empty((n + 1, n), dtype=x0.dtype)
    sim[0] = x0
    for k in range(n):
        y = np.array(x0, copy=True)
        y[k] = (1 + 0.05) * y[k] if y[k] != 0 else 0.00025
        sim[k + 1] = y
    fsim = np.array([float(f(np.copy(v))) for v in sim])
    ind = np.argsort(fsim)
    sim, fsim = np.take(sim, ind, 0), np.take(fsim, ind, 0)
    iterations = 1
    while iterations < maxiter:
        if (np.max(np.ravel(np.abs(sim[1:] - sim[0]))) <= xatol
                and np.max(np.abs(fsim[0] - fsim[1:])) <= fatol):
            break
        xbar = np.add.reduce(sim[:-1], 0) / n
        xr = 2 * xbar - sim[-1]
        fxr = float(f(np.copy(xr)))
        if fxr < fsim[0]:
            xe = 3 * xbar - 2 * sim[-1]
            fxe = float(f(np.copy(xe)))
            sim[-1], fsim[-1] = (xe, fxe) if fxe < fxr else (xr, fxr)
        elif fxr < fsim[-2]:
            sim[-1], fsim[-1] = xr, fxr
        else:
            shrink = False
            if fxr < fsim[-1]:
                xc = 1.5 * xbar - 0.5 * sim[-1]
                fxc = float(f(np.copy(xc)))
                if fxc <= fxr:
                    sim[-1], fsim[-1] = xc, fxc
                else:
                    shrink = True
            else:
                xcc = 0.5 * xbar + 0.5 * sim[-1]
                fxcc = float(f(np.copy(xcc)))
                if fxcc < fsim[-1]:
                    sim[-1], fsim[-1] = xcc, fxcc
                else:
                    shrink = True
            if shrink:
                for j in range(1, n + 1):
                    sim[j] = sim[0] + 0.5 * (sim[j] - sim[0])
                    fsim[j] = float(f(np.copy(sim[j])))
        iterations += 1
        ind = np.argsort(fsim)
        sim, fsim = np.take(sim, ind, 0), np.take(fsim, ind, 0)
    return sim[0], float(fsim[0])


def sequential_test(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], *,
                    exact: bool = False) -> SequentialVerdict:
    """Decide whether a PBE profile ``table`` is part of a sequential equilibrium.

    Parameters
    ----------
    game
        A perfect-recall tree.
    table
        Behavior, one probability tuple per information set, that passed the PBE test
        (Nash in every subgame, optimal on the path under Bayes' rule).
    exact
        Fractions (rational games) or floats.

    Returns
    -------
    SequentialVerdict
        ``sequential`` True/False/None, a reason, and for True the witness trembles
        ``b^ε(a) = c_a ε^{κ_a}`` and the consistent limit beliefs at off-path sets.

    Examples
    --------
    The entrant's deviation (staying out) must not change the belief about the
    incumbent's type: with prior 1/2 on "tough", only beliefs 1/2 are consistent.

    >>> from alliance_games.games.extensive import Chance, Decision, Terminal
    >>> def branch(t):
    ...     return Decision("E", {"out": Decision("F", {
    ...         "l": Terminal((1, 0)), "r": Terminal((0, 1) if t == "a" else (0, -2))},
    ...         infoset="f"), "in": Terminal((0, 0))}, infoset="e")
    >>> g = ExtensiveFormGame.from_tree(Chance({"a": ("1/2", branch("a")),
    ...     "b": ("1/2", branch("b"))}), players=("E", "F"))
    >>> sequential_test(g, [(0, 1), (1, 0)], exact=True).sequential   # l is right at 1/2
    True
    >>> sequential_test(g, [(0, 1), (0, 1)], exact=True).sequential   # r needs μ(a) ≥ 2/3
    False
    """
    if exact:
        rows: list[tuple[Any, ...]] = [tuple(Fraction(p) for p in t) for t in table]
        tol = 0.0
    else:
        rows = [tuple(float(p) for p in t) for t in table]
        tol = DEFAULT_TOL * _scale(game)
    reach = game.reach_table(list(rows), exact=exact, root=0)
    values = node_values(game, rows, exact)
    off_sets = [h for h, s in enumerate(game.infosets)
                if len(s.members) > 1
                and _is_zero(sum((reach[v] for v in s.members), 0), tol)]
    data = [sd for h in off_sets
            if (sd := _set_data(game, rows, values, h, exact, tol)) is not None]
    for sd in data:
        if not sd.faces:
            s = game.infosets[sd.h]
            return SequentialVerdict(
                False,
                f"weak PBE only: at {game.players[s.player]}'s information set {s.name!r} "
                "no consistent "
                "belief sustains the play: limits of Bayes beliefs keep the odds that chance "
                "and the other players' strategies give to nodes reached by the same "
                "deviation, and under those odds the prescribed action is not optimal")
    constrained = [sd for sd in data if not sd.full]
    actions = sorted({a for sd in data for g in sd.groups for a in g.signature})
    tried = 0
    for choice in itertools.product(*[[f for f, _ in sd.faces] for sd in constrained]):
        tried += 1
        if tried > MAX_COMBINATIONS:
            return SequentialVerdict(
                None, f"undecided: more than {MAX_COMBINATIONS} supports of the off-path "
                "beliefs to try")
        ranks = _rank_lp(constrained, list(choice), actions)
        if ranks is None:
            continue
        logc = _weights(constrained, list(choice), actions, tol)
        if logc is None:
            continue
        return _witness(game, data, actions, ranks, logc)
    names = ", ".join(f"{game.players[game.infosets[sd.h].player]}'s {game.infosets[sd.h].name!r}"
                      for sd in constrained)
    return SequentialVerdict(
        False,
        "weak PBE only: no tremble sequence makes the off-path beliefs that sustain the "
        f"play (at {names}) limits of Bayes beliefs: they contradict the chance moves or "
        "the other players' strategies after a deviation")


def _witness(game: ExtensiveFormGame, data: list[_SetData], actions: list[tuple[int, int]],
             ranks: np.ndarray, logc: np.ndarray) -> SequentialVerdict:
    """The verdict with the trembles and the limit beliefs they give at each off-path set."""
    col = {a: i for i, a in enumerate(actions)}
    beliefs: dict[int, tuple[float, ...]] = {}
    for sd in data:
        K = [sum(ranks[col[a]] for a in g.signature) for g in sd.groups]
        low = min(K)
        least = [j for j, k in enumerate(K) if k <= low + 1e-7]
        logs = {j: math.log(float(sd.groups[j].weight))
                + sum(logc[col[a]] for a in sd.groups[j].signature) for j in least}
        top = max(logs.values())
        total = sum(math.exp(x - top) for x in logs.values())
        members = game.infosets[sd.h].members
        mu = [0.0] * len(members)
        for j in least:
            g = sd.groups[j]
            share = math.exp(logs[j] - top) / total
            for k in g.nodes:
                mu[k] = share * float(sd.node_weights[k]) / float(g.weight)
        beliefs[sd.h] = tuple(mu)
    n_off = len(data)
    return SequentialVerdict(
        True,
        "sequential: the off-path beliefs are limits of Bayes beliefs under trembles "
        f"c·ε^κ ({n_off} off-path information set{'s' if n_off != 1 else ''} checked)"
        if n_off else "sequential: every information set with several nodes is on the "
        "path, where Bayes' rule fixes the beliefs",
        beliefs,
        {a: float(ranks[col[a]]) for a in actions},
        {a: float(math.exp(logc[col[a]])) for a in actions},
    )
