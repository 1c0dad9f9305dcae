"""Every pure subgame perfect equilibrium of a perfect-information game.

Backward induction (Kuhn 1953; Selten 1965) solves a finite game of perfect information
from the leaves up: a terminal node is worth its payoff vector; a chance node the
probability-weighted average of its children; at a decision node the mover picks an action
whose child is worth the most *to the mover*. When several actions tie, each choice (and
each combination of choices made in different subtrees, since an earlier mover's choice
may depend on how a later tie is broken) is a different subgame perfect equilibrium, and
the algorithm keeps them all: a node's list of *continuation solutions* is the product of
its children's lists, filtered by the mover's optimality. Without ties every list has one
element and the pass is linear in the tree size.

Comparisons are exact (rational) whenever the game's numbers are rational, whatever the
output mode, so that ties are ties; irrational games compare floats with a tolerance.

Every pure SPE is found; mixtures of tied actions are also subgame perfect and are not
listed (the result's diagnostics say so when ties occur).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
1965.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from ...errors import SolverError
from ...games.extensive import CHANCE, TERMINAL, ExtensiveFormGame
from ...games.tree_arrays import tree_arrays
from .tree_passes import ExactValues, _chance_exact, exact_value, level_segments, without_gc

__all__ = ["BackwardInductionResult", "backward_induction", "MAX_SOLUTIONS"]

MAX_SOLUTIONS = 10_000
"""Default cap on the number of subgame perfect equilibria listed."""


class _Sol(NamedTuple):
    """One of several continuation solutions at a node: its value, the mover's action
    (-1 at chance nodes) and the index of the solution chosen in each child's list."""

    value: tuple[Any, ...]
    action: int
    combo: tuple[int, ...]


@dataclass(frozen=True)
class BackwardInductionResult:
    """Pure SPE as behavior tables (one action index per information set).

    Attributes
    ----------
    choices
        One tuple per equilibrium: the chosen action index at every information set.
    values
        The root payoff vector of each equilibrium.
    complete
        False when the cap on the number of equilibria was reached.
    ties
        Names of decision nodes where the mover was indifferent between optimal actions
        in some equilibrium.
    """

    choices: tuple[tuple[int, ...], ...]
    values: tuple[tuple[Any, ...], ...]
    complete: bool
    ties: tuple[str, ...]


def backward_induction(
    game: ExtensiveFormGame,
    *,
    max_solutions: int = MAX_SOLUTIONS,
    tol: float = 1e-9,
    timeout: float | None = None,
) -> BackwardInductionResult:
    """All pure subgame perfect equilibria of a perfect-information game.

    Parameters
    ----------
    game
        Every information set must be a single node (chance moves allowed).
    max_solutions
        Stop listing after this many equilibria (``complete=False``).
    tol
        Relative tolerance for ties when some number is irrational (floats).

    Raises
    ------
    SolverError
        If the game has an information set with more than one node.

    Notes
    -----
    One bottom-up pass over the preorder indices (linear in the tree when there are no
    ties). A node whose subtree has a single solution keeps only its value and action;
    only nodes with several continuation solutions (ties at or below them) keep a list,
    and those form an upper set of the tree (every ancestor of such a node has several
    solutions too), so each listed equilibrium is read off by walking that set only.
    Exact games compare integers where the payoffs are integers and no chance move mixes
    them (Python ints compare far faster than Fractions), Fractions otherwise.
    """
    if not game.is_perfect_information:
        big = next(s for s in game.infosets if len(s.members) > 1)
        raise SolverError(
            f"backward induction needs perfect information; information set {big.name!r} "
            f"of {game.players[big.player]} has {len(big.members)} nodes (use 'spe')"
        )
    deadline = None if timeout is None else time.monotonic() + timeout
    arrays = _vectorised_arrays(game)
    if arrays is not None:
        with without_gc():
            result = _backward_induction_arrays(game, arrays, max_solutions, deadline)
        if result is not None:
            return result
    return _backward_induction_python(game, max_solutions, tol, deadline)


def _vectorised_arrays(game: ExtensiveFormGame) -> Any:
    """The game's arrays when the level-by-level pass pays (exact numbers, a tree that
    is wide rather than deep), else None."""
    n = len(game.nodes)
    if n < 2000:
        return None
    arrays = tree_arrays(game)
    if not arrays.exact_ok or len(arrays.levels) * 64 > n:
        return None
    return arrays


def _backward_induction_python(game: ExtensiveFormGame, max_solutions: int, tol: float,
                               deadline: float | None) -> BackwardInductionResult:
    """The node-by-node pass (any numbers, any shape)."""
    nodes = game.nodes
    exact = game.is_exact
    if exact:
        eps: Any = 0
    else:
        scale = max([1.0] + [abs(x) for z in game.terminals for x in nodes[z].payoffs])
        eps = tol * scale
    n_nodes = len(nodes)
    # single-solution nodes: value[v] and choice[v]; several solutions: multi[v]
    value: list[tuple[Any, ...] | None] = [None] * n_nodes
    choice = [-1] * n_nodes
    multi: dict[int, list[_Sol]] = {}
    ties: set[int] = set()
    complete = True
    for v in reversed(range(n_nodes)):
        if deadline is not None and v % 1000 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        node = nodes[v]
        kind = node.kind
        if kind == TERMINAL:
            value[v] = _leaf_value(node) if exact else node.payoffs
            continue
        kids = node.children
        if not any(c in multi for c in kids):
            vals = [value[c] for c in kids]
            for c in kids:
                value[c] = None  # free memory as we go up
            if kind == CHANCE:
                probs = node.exact_probabilities if exact else node.probabilities
                value[v] = _mix(probs, vals, exact)  # type: ignore[arg-type]
                continue
            i = node.player
            best = max(val[i] for val in vals)  # type: ignore[index]
            optimal = [a for a, val in enumerate(vals) if val[i] >= best - eps]  # type: ignore[index]
            if len(optimal) == 1:
                choice[v] = optimal[0]
                value[v] = vals[optimal[0]]
                continue
            ties.add(v)
            zeros = (0,) * len(kids)
            multi[v] = [_Sol(vals[a], a, zeros)  # type: ignore[arg-type]
                        for a in optimal[:max_solutions]]
            if len(optimal) >= max_solutions:
                complete = False
            continue
        out, capped, tied = _combine(node, v, kids, value, multi, exact, eps, max_solutions)
        multi[v] = out
        complete = complete and not capped
        if tied:
            ties.add(v)
    return _read_off(game, value, choice, multi, exact, complete, ties)


def _backward_induction_arrays(game: ExtensiveFormGame, A: Any, max_solutions: int,
                               deadline: float | None) -> BackwardInductionResult | None:
    """The same pass on the game's arrays, one depth level at a time (exact numbers).

    Single-solution nodes keep ``num / den`` and a choice in arrays; a decision node
    whose best children are within float noise of each other is settled exactly, and one
    with an exact tie, or a node with a multi-solution child, gets a list of
    continuation solutions built by :func:`_combine` exactly as in the node-by-node pass
    (same order, same cap). Returns None when int64 numbers could overflow.
    """
    nodes = game.nodes
    n_nodes = len(nodes)
    num = A.pay_num.copy()
    den = A.pay_den.copy()
    choice = np.full(n_nodes, -1, dtype=np.int64)
    is_multi = np.zeros(n_nodes, dtype=bool)
    multi: dict[int, list[_Sol]] = {}
    ties: set[int] = set()
    complete = True
    values = ExactValues(num, den)
    scale = max(1.0, float(np.abs(A.payoffs).max(initial=0.0)))
    margin = 1e-9 * scale
    for level in reversed(A.levels):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError
        inner = level[A.kind[level] != 2]
        if not len(inner):
            continue
        seg = level_segments(A, inner)
        has_multi = np.logical_or.reduceat(is_multi[seg.kids], seg.offs)
        single = inner[~has_multi]
        dec = single[A.kind[single] == 0]
        if len(dec):
            dseg = level_segments(A, dec)
            pl = A.player[dec]
            kpl = pl[dseg.owner]
            f = num[dseg.kids, kpl] / den[dseg.kids]
            fmax = np.maximum.reduceat(f, dseg.offs)
            cand = f >= fmax[dseg.owner] - margin
            ncand = np.add.reduceat(cand.astype(np.int64), dseg.offs)
            first = np.maximum.reduceat(np.where(cand, dseg.pos, -1), dseg.offs)
            one = ncand == 1
            choice[dec[one]] = first[one]
            for j in np.flatnonzero(~one).tolist():
                v = int(dec[j])
                i = int(pl[j])
                kids = nodes[v].children
                vals = [values[c] for c in kids]
                best = max(val[i] for val in vals)
                optimal = [a for a, val in enumerate(vals) if val[i] >= best]
                if len(optimal) == 1:
                    choice[v] = optimal[0]
                    continue
                ties.add(v)
                zeros = (0,) * len(kids)
                multi[v] = [_Sol(vals[a], a, zeros) for a in optimal[:max_solutions]]
                is_multi[v] = True
                if len(optimal) >= max_solutions:
                    complete = False
            done = dec[choice[dec] >= 0]
            chosen = A.children[A.child_ptr[done] + choice[done]]
            num[done] = num[chosen]
            den[done] = den[chosen]
        chance = single[A.kind[single] == 1]
        if len(chance) and not _chance_exact(A, level_segments(A, chance), num, den):
            return None
        for v in inner[has_multi].tolist():
            out, capped, tied = _combine(nodes[v], v, nodes[v].children, values, multi,
                                         True, 0, max_solutions)
            multi[v] = out
            is_multi[v] = True
            complete = complete and not capped
            if tied:
                ties.add(v)
    infoset = A.infoset
    base = np.zeros(len(game.infosets), dtype=np.int64)
    picked = np.flatnonzero(choice >= 0)
    base[infoset[picked]] = choice[picked]
    return _tables(game, base.tolist(), exact_value(num, den, 0), multi, True, complete,
                   ties)


def _leaf_value(node: Any) -> tuple[Any, ...]:
    """Exact payoffs, integral ones as ints (they compare much faster than Fractions)."""
    return tuple(x.numerator if x.denominator == 1 else x for x in node.exact_payoffs)


def _combine(node: Any, v: int, kids: tuple[int, ...], value: Any,
             multi: dict[int, list[_Sol]], exact: bool, eps: Any, max_solutions: int
             ) -> tuple[list[_Sol], bool, bool]:
    """Continuation solutions of ``v`` when some child has several: the product of the
    children's lists (in ``itertools.product`` order), filtered by the mover's optimality.

    Returns the solutions, whether the cap cut the list, and whether the mover was
    indifferent for some combination.
    """
    lists = [multi[c] if c in multi else [_Sol(value[c], -1, ())] for c in kids]
    out: list[_Sol] = []
    tied = False
    capped = False
    for combo_idx in itertools.product(*(range(len(lst)) for lst in lists)):
        vals = [lists[k][j].value for k, j in enumerate(combo_idx)]
        if node.kind == CHANCE:
            probs = node.exact_probabilities if exact else node.probabilities
            out.append(_Sol(_mix(probs, vals, exact), -1, combo_idx))
        else:
            i = node.player
            best = max(val[i] for val in vals)
            optimal = [a for a, val in enumerate(vals) if val[i] >= best - eps]
            if len(optimal) > 1:
                tied = True
            for a in optimal:
                out.append(_Sol(vals[a], a, combo_idx))
        if len(out) >= max_solutions:
            capped = True
            break
    return out[:max_solutions], capped, tied


def _read_off(game: ExtensiveFormGame, value: list[Any], choice: list[int],
              multi: dict[int, list[_Sol]], exact: bool, complete: bool, ties: set[int]
              ) -> BackwardInductionResult:
    """Behavior tables of the root's solutions: the single-solution choices, then the
    choices of the multi-solution nodes each root solution selects."""
    nodes = game.nodes
    base = [0] * len(game.infosets)
    for v, a in enumerate(choice):
        if a >= 0:
            base[nodes[v].infoset] = a  # type: ignore[index]
    return _tables(game, base, value[0], multi, exact, complete, ties)


def _tables(game: ExtensiveFormGame, base: list[int], root_value: Any,
            multi: dict[int, list[_Sol]], exact: bool, complete: bool, ties: set[int]
            ) -> BackwardInductionResult:
    """The result from the single-solution choices ``base`` (per information set) and
    the multi-solution lists."""
    nodes = game.nodes
    if 0 not in multi:
        roots: list[tuple[Any, ...]] = [root_value]
        tables = [base]
    else:
        roots, tables = [], []
        for j, sol in enumerate(multi[0]):
            table = list(base)
            stack = [(0, j)]
            while stack:
                v, k = stack.pop()
                s = multi[v][k]
                if s.action >= 0:
                    table[nodes[v].infoset] = s.action  # type: ignore[index]
                for c, kc in zip(nodes[v].children, s.combo, strict=True):
                    if c in multi:
                        stack.append((c, kc))
            roots.append(sol.value)
            tables.append(table)
    if exact:
        values = tuple(tuple(Fraction(x) for x in val) for val in roots)
    else:
        values = tuple(tuple(val) for val in roots)
    return BackwardInductionResult(
        choices=tuple(tuple(t) for t in tables),
        values=values,
        complete=complete,
        ties=tuple(game.nodes[v].name for v in sorted(ties)),
    )


def _mix(probs: Any, values: list[tuple[Any, ...]], exact: bool) -> tuple[Any, ...]:
    n = len(values[0])
    zero: Any = Fraction(0) if exact else 0.0
    acc = [zero] * n
    for p, val in zip(probs, values, strict=True):
        if p == 0:
            continue
        for i in range(n):
            acc[i] += p * val[i]
    return tuple(acc)
