"""Exact vertex enumeration of ``{z >= 0 : M z <= 1}`` on an integer tableau.

Fraction-free (integer) pivoting, as lrs does (Avis 2000), with the lexicographic
minimum-ratio rule on the symbolically perturbed right-hand side described in
:mod:`.polytope`: every decision is exact, so this is the reference enumeration and the
fallback when the float pass was delicate.

References
----------
Avis, D. (2000). lrs: a revised implementation of the reverse search vertex enumeration
algorithm. In *Polytopes - Combinatorics and Computation*, 177-198.
Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra. *Discrete Comput. Geom.* 8, 295-313.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from ...budget import Budget, BudgetExceeded
from .polytope_vertices import PolytopeVertices
from .rational import integer_rows

__all__ = ["vertices_exact"]


def _lex_less(row_a: list[int], piv_a: int, row_b: list[int], piv_b: int, order: list[int]) -> int:
    """Compare ``row_a / piv_a`` with ``row_b / piv_b`` lexicographically on ``order``.

    Pivots are positive; returns -1, 0 or 1.
    """
    for c in order:
        lhs = row_a[c] * piv_b
        rhs = row_b[c] * piv_a
        if lhs != rhs:
            return -1 if lhs < rhs else 1
    return 0


def vertices_exact(
    matrix: Sequence[Sequence[Fraction]],
    *,
    deadline: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    budget: Budget | None = None,
    reserved: float = 0.0,
) -> PolytopeVertices:
    """All vertices of ``{z >= 0 : M z <= 1}``, exactly, by a fraction-free tableau BFS.

    The tableau ``T / D`` (integers ``T``, determinant ``D > 0``) is pivoted with the
    integer-preserving rule ``T'[i][j] = (T[i][j] T[p][e] - T[i][e] T[p][j]) / D`` (exact
    division; Edmonds 1967, as in lrs), so every comparison is exact. Rows of ``M`` are
    first scaled to integers, which changes neither the polytope nor the tight sets.

    Every queued basis holds a whole tableau of Python integers; their bytes are
    estimated from the size of the integers met so far and checked against ``budget``
    (with the deadline) as the queue grows; past it the search stops with
    ``complete=False`` and ``stopped`` set.
    """
    # Longer than 60 lines on purpose: the reference implementation keeps the whole
    # fraction-free BFS (pivot, lexicographic ratio test, queue and budget) in one loop
    # so it can be read against lrs line by line; tests compare the float path to it.
    budget = budget or Budget.start()
    ints, mults = integer_rows(matrix)
    r = len(ints)
    d = len(ints[0])
    k = d + r
    rhs_col = k
    start_rows = []
    for j in range(r):
        row = list(ints[j]) + [0] * r + [mults[j]]
        row[d + j] = 1
        start_rows.append(row)
    order = [rhs_col] + list(range(d, k))
    start_basic = list(range(d, k))
    start_key = sum(1 << v for v in start_basic)
    seen = {start_key}
    queue = [(start_rows, 1, start_basic)]
    found: dict[int, tuple[list[Fraction], np.ndarray]] = {}
    basis_of: dict[int, list[int]] = {}
    complete = True
    stopped = None
    n_bases = 0
    head = 0
    while head < len(queue):
        if deadline is not None and time.perf_counter() > deadline:
            complete = False
            break
        if budget.expired():
            complete = False
            stopped = "exact vertex enumeration stopped at the time limit"
            break
        if n_bases % 64 == 0:
            sample = queue[head][0]
            entry = 8 + max(28, sum(v.bit_length() for v in sample[0]) // (8 * len(sample[0]))
                            + 28)
            try:
                budget.require(
                    reserved + (len(queue) - head) * (r * (k + 1) * entry + 64 * r)
                    + len(found) * 16 * (d + r),
                    f"exact vertex enumeration ({len(queue) - head} tableaux queued)",
                )
            except BudgetExceeded as stop:
                complete = False
                stopped = str(stop)
                break
        rows, det, basic = queue[head]
        queue[head] = None  # type: ignore[call-overload]
        head += 1
        n_bases += 1
        # the vertex of this basis
        tight_mask = 0
        coords = [Fraction(0)] * d
        in_basis = set(basic)
        for v in range(k):
            if v not in in_basis:
                tight_mask |= 1 << v
        for i, v in enumerate(basic):
            value = rows[i][rhs_col]
            if value == 0:
                tight_mask |= 1 << v
            elif v < d:
                coords[v] = Fraction(value, det)
        if tight_mask not in found:
            found[tight_mask] = (coords, np.array(sorted(basic)))
        key = sum(1 << v for v in basic)
        for e in range(k):
            if e in in_basis:
                continue
            best = -1
            for i in range(r):
                if rows[i][e] > 0 and (
                    best < 0 or _lex_less(rows[i], rows[i][e], rows[best], rows[best][e], order) < 0
                ):
                    best = i
            if best < 0:
                continue  # cannot happen for a bounded polytope
            new_key = key - (1 << basic[best]) + (1 << e)
            if new_key in seen:
                continue
            seen.add(new_key)
            prow = rows[best]
            piv = prow[e]
            new_rows = []
            for i, row in enumerate(rows):
                if i == best:
                    new_rows.append(list(prow))
                else:
                    f = row[e]
                    new_rows.append(
                        [(a * piv - f * b) // det for a, b in zip(row, prow, strict=True)]
                    )
            new_basic = list(basic)
            new_basic[best] = e
            queue.append((new_rows, piv, new_basic))
        if progress is not None:
            progress(n_bases, len(queue))
    masks = list(found)
    n = len(masks)
    tight = np.zeros((n, k), dtype=bool)
    for a, mask in enumerate(masks):
        for v in range(k):
            tight[a, v] = bool(mask >> v & 1)
    exact = tuple(tuple(found[mask][0]) for mask in masks)
    coord_array = np.array([[float(v) for v in c] for c in exact], dtype=float).reshape(n, d)
    bases = np.array([found[mask][1] for mask in masks], dtype=int).reshape(n, r)
    del basis_of
    return PolytopeVertices(
        coordinates=coord_array,
        tight=tight,
        bases=bases,
        exact_coordinates=exact,
        n_bases=n_bases,
        complete=complete,
        delicate=False,
        stopped=stopped,
    )
