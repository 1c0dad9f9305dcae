"""Vectorised bottom-up passes over perfect-information trees held as arrays.

The passes read a game's :class:`~alliance_games.games.tree_arrays.TreeArrays` one depth
level at a time, deepest first (every child is one level below its parent), so that a tree
of 10^6 nodes and depth 20 costs a few hundred numpy calls instead of 10^6 Python steps.

Exact numbers are int64 numerators over a per-node denominator (``value = num / den``);
a chance node's value is ``sum_k (a_k / b_k) * num_k / den_k`` over the common
denominator ``lcm_k(b_k den_k)``, reduced by the gcd. Every step checks that the numbers
stay below ``2**62`` after the next multiplication; when they would not, the pass returns
``None`` and the caller uses its Python path (Fractions), so a result is never wrong for
overflow. Decisions between children compare floats first and settle near-ties (within
``1e-9`` of the payoff scale, far above the float error of ``num / den``) exactly.

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953 (backward induction).
M. J. Osborne & A. Rubinstein, *A Course in Game Theory*, MIT Press 1994, Lemma 98.2
(the one-shot deviation principle).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from ...games.tree_arrays import TreeArrays

__all__ = ["without_gc", "Segments", "level_segments", "exact_pure_values", "float_pure_pass",
           "ExactValues", "exact_value", "OVERFLOW"]

OVERFLOW = float(1 << 62)
"""Largest magnitude an int64 intermediate may reach before the pass gives up."""


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk step.

    A game of 10^6 nodes holds millions of objects; every full collection scans all of
    them, and a step that allocates many short-lived objects (values, tables, the
    equilibrium's frozen mappings) triggers many collections: at 10^6 nodes they took a
    third of the time of ``spe``. The objects made here hold no reference cycles, so
    reference counting frees them; the collector's previous state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Segments(NamedTuple):
    """The inner nodes ``nodes`` of one level and their children ``kids`` laid out
    consecutively (``offs[j]`` is where the children of ``nodes[j]`` start; ``cnt[j]``
    how many; ``pos`` is each child's action index; ``owner`` the index ``j`` of its
    parent in ``nodes``)."""

    nodes: np.ndarray
    kids: np.ndarray
    offs: np.ndarray
    cnt: np.ndarray
    pos: np.ndarray
    owner: np.ndarray


def level_segments(A: TreeArrays, nodes: np.ndarray) -> Segments:
    """The children of ``nodes`` (inner nodes) as consecutive segments."""
    starts = A.child_ptr[nodes]
    cnt = A.child_ptr[nodes + 1] - starts
    offs = np.zeros(len(nodes), dtype=np.int64)
    if len(nodes) > 1:
        np.cumsum(cnt[:-1], out=offs[1:])
    total = int(cnt.sum())
    owner = np.repeat(np.arange(len(nodes)), cnt)
    pos = np.arange(total, dtype=np.int64) - offs[owner]
    kids = A.children[starts[owner] + pos]
    return Segments(nodes, kids, offs, cnt, pos, owner)


def _chance_exact(A: TreeArrays, seg: Segments, num: np.ndarray, den: np.ndarray) -> bool:
    """Exact values of the chance nodes ``seg.nodes`` from their children (in place).
    False when an intermediate could overflow int64."""
    kids, offs, owner = seg.kids, seg.offs, seg.owner
    lk = A.prob_den[kids] * den[kids]
    if float(A.prob_den[kids].max()) * float(den[kids].max()) >= OVERFLOW:
        return False
    big = np.lcm.reduceat(lk, offs)
    if (big <= 0).any() or float(big.max()) >= OVERFLOW / 16:
        return False
    mult = big[owner] // lk * A.prob_num[kids]
    est = np.abs(mult.astype(float))[:, None] * np.abs(num[kids].astype(float))
    if float(est.max(initial=0.0)) * float(seg.cnt.max()) >= OVERFLOW:
        return False
    total = np.add.reduceat(mult[:, None] * num[kids], offs, axis=0)
    g = np.gcd(big, np.gcd.reduce(total, axis=1))
    g[g == 0] = 1
    num[seg.nodes] = total // g[:, None]
    den[seg.nodes] = big // g
    return True


def exact_pure_values(A: TreeArrays, choice: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                  bool] | None:
    """Exact values under the pure profile ``choice`` (action index per node, used at
    decision nodes), and whether no mover gains by a one-shot deviation.

    Returns ``(num, den, one_shot_ok)`` with ``value[v, i] = num[v, i] / den[v]``, or
    ``None`` when int64 could overflow (the caller then computes in Fractions).
    """
    num = A.pay_num.copy()
    den = A.pay_den.copy()
    ok = True
    for level in reversed(A.levels):
        inner = level[A.kind[level] != 2]
        if not len(inner):
            continue
        dec = inner[A.kind[inner] == 0]
        if len(dec):
            seg = level_segments(A, dec)
            chosen = A.children[A.child_ptr[dec] + choice[dec]]
            num[dec] = num[chosen]
            den[dec] = den[chosen]
            pl = A.player[dec]
            if float(np.abs(num[seg.kids]).max()) * float(den[seg.kids].max()) >= OVERFLOW:
                return None
            # the chosen child must be worth at least as much to the mover as every child
            lhs = num[seg.kids, pl[seg.owner]] * den[chosen][seg.owner]
            rhs = num[chosen, pl][seg.owner] * den[seg.kids]
            if ok and (lhs > rhs).any():
                ok = False
        chance = inner[A.kind[inner] == 1]
        if len(chance) and not _chance_exact(A, level_segments(A, chance), num, den):
            return None
    return num, den, ok


def float_pure_pass(A: TreeArrays, choice: np.ndarray) -> tuple[np.ndarray, float]:
    """Best-response values of every player at the root under the pure profile
    ``choice`` and the largest one-shot gain (floats).

    ``br[i]`` is player ``i``'s best value against the others' moves: at ``i``'s own
    nodes the maximum over the children, at the others' their chosen child, at chance
    nodes the probability-weighted sum (the backward pass of
    :func:`~alliance_games.solvers.tree.behavior.best_response_values` for perfect
    information). The one-shot gain at a decision node is the best child's value to the
    mover minus the chosen child's, both under the profile.
    """
    val = A.payoffs.copy()
    br = A.payoffs.copy()
    worst = 0.0
    for level in reversed(A.levels):
        inner = level[A.kind[level] != 2]
        if not len(inner):
            continue
        dec = inner[A.kind[inner] == 0]
        if len(dec):
            seg = level_segments(A, dec)
            chosen = A.children[A.child_ptr[dec] + choice[dec]]
            pl = A.player[dec]
            kpl = pl[seg.owner]
            best_val = np.maximum.reduceat(val[seg.kids, kpl], seg.offs)
            worst = max(worst, float((best_val - val[chosen, pl]).max()))
            val[dec] = val[chosen]
            br[dec] = br[chosen]
            br[dec, pl] = np.maximum.reduceat(br[seg.kids, kpl], seg.offs)
        chance = inner[A.kind[inner] == 1]
        if len(chance):
            seg = level_segments(A, chance)
            w = A.edge_prob[seg.kids][:, None]
            val[chance] = np.add.reduceat(w * val[seg.kids], seg.offs, axis=0)
            br[chance] = np.add.reduceat(w * br[seg.kids], seg.offs, axis=0)
    return br[0], worst


def exact_value(num: np.ndarray, den: np.ndarray, v: int) -> tuple[Any, ...]:
    """The exact value vector of node ``v``: ints when integral, else Fractions."""
    d = int(den[v])
    if d == 1:
        return tuple(int(x) for x in num[v])
    return tuple(Fraction(int(x), d) for x in num[v])


class ExactValues:
    """``values[v]``: the exact value vector of a node, read from ``num / den``."""

    def __init__(self, num: np.ndarray, den: np.ndarray) -> None:
        self.num = num
        self.den = den

    def __getitem__(self, v: int) -> tuple[Any, ...]:
        return exact_value(self.num, self.den, v)
