"""All vertices of a polytope ``{z >= 0 : M z <= 1}`` by lexicographic pivoting.

Write the polytope in standard form with slack variables: ``w = (z, s)`` in ``R^k``,
``k = d + r``, ``[M | I] w = 1``, ``w >= 0``. A *basis* is a set of ``r`` basic variables
whose columns are independent; the other ``d`` (nonbasic) variables are 0 there, and the
basic solution is ``B^{-1} 1``. Variable ``i`` being 0 means constraint ``i`` is tight: its
*label* in the sense of von Stengel (2002).

Degenerate polytopes (more than ``d`` tight constraints at a vertex) are the hard case:
a vertex has many bases and pivoting can cycle or miss vertices. The right-hand side is
perturbed symbolically, ``1 -> 1 + (eps, eps^2, ..., eps^r)``; a basis is
*lexico-feasible* when every row of ``[B^{-1} 1 | B^{-1}]`` is lexicographically
positive. The lexico-feasible bases are exactly the vertices of the perturbed polytope,
which is simple, so their pivot graph (one pivot per entering nonbasic variable, leaving
row chosen by the lexicographic minimum-ratio rule) is connected; every vertex of the
original polytope is the limit of at least one of them. A breadth-first search from the
slack basis (``z = 0``) therefore reaches every vertex: the enumeration is complete by
construction, for any degeneracy (Dantzig, Orden & Wolfe 1955; Avis & Fukuda 1992).

Two implementations:

* :func:`vertices_float` processes a whole BFS level at once with batched numpy
  inverses. Every decision that compares floats (zero or not, tie or not) is checked
  against a safety margin; a decision inside the margin sets ``delicate`` so that the
  caller can redo the work exactly.
* :func:`vertices_exact` pivots an integer (fraction-free) tableau, as lrs does, so every
  decision is exact. It is slower and serves rational games when the float pass was
  delicate, and as the reference implementation in tests.

References
----------
Dantzig, G. B., Orden, A. & Wolfe, P. (1955). The generalized simplex method for
minimizing a linear form under linear inequality restraints. *Pacific J. Math.* 5.
Avis, D. & Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex
enumeration of arrangements and polyhedra. *Discrete Comput. Geom.* 8, 295-313.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ...budget import Budget, BudgetExceeded
from ...numbers import binary_fraction
from . import polytope_compiled
from .polytope_exact import vertices_exact
from .polytope_small import small_enough, vertices_small
from .polytope_vertices import PolytopeVertices

__all__ = ["PolytopeVertices", "vertices_float", "vertices_exact"]

_MARGIN = 1e-7
_GROWTH = 1e4
_REFRESH = 4
#: polytopes with at most this many bases (``C(d + r, r)``; 8x8 games have 12,870) are
#: enumerated by the compiled kernel in one call, not one call per BFS level
ONE_CALL_BASES = 13000
_CHUNK = 512


def _keys(bases: np.ndarray, k: int) -> np.ndarray:
    """One bitmask key per basis (rows of variable indices): int64, or bytes if ``k > 62``."""
    if k <= 62:
        return np.left_shift(np.int64(1), bases.astype(np.int64)).sum(axis=1)
    bits = np.zeros((bases.shape[0], k), dtype=bool)
    np.put_along_axis(bits, bases, True, axis=1)
    packed = np.packbits(bits, axis=1)
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def _mask_keys(mask: np.ndarray) -> np.ndarray:
    """One key per row of a boolean matrix (same encoding as :func:`_keys`)."""
    k = mask.shape[1]
    if k <= 62:
        return mask.astype(np.int64) @ np.left_shift(np.int64(1), np.arange(k, dtype=np.int64))
    packed = np.packbits(mask, axis=1)
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def _pivot_level(
    columns: np.ndarray,
    nonbasic: np.ndarray,
    inverse: np.ndarray,
    rhs: np.ndarray,
    tol: float,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """The lexicographic ratio test for every edge of every basis of one BFS level.

    Parameters
    ----------
    columns
        ``[M | I]``, shape ``(r, k)``.
    nonbasic
        ``(F, d)`` the nonbasic variables: the entering variable of each edge.
    inverse
        ``(F, r, r)`` basis inverses (row ``i`` belongs to the ``i``-th basic variable).
    rhs
        ``(F, r)`` basic solutions ``B^{-1} 1``.

    Returns
    -------
    entering
        ``(F, d, r)`` the tableau columns of the entering variables.
    leaving
        ``(F, d)`` the row that leaves on each edge (lexicographic minimum ratio).
    delicate
        Whether a zero test or a tie fell inside the safety margin.

    Notes
    -----
    Every basic and entering variable is at most 1 on the polytope (``z <= 1`` because
    ``M >= 1``; slacks ``<= 1``), so the step along an edge is at most 1. A pivot entry
    misjudged by rounding (true 0 read as more than ``tol``, or the reverse) has ratio
    above 1 unless its row's ``rhs`` is below ``1e-7``: only such rows need the margin
    check.
    """
    f = nonbasic.shape[0]
    gathered = np.transpose(columns[:, nonbasic], (1, 0, 2))  # (F, r, d)
    entering = np.matmul(inverse, gathered).transpose(0, 2, 1)  # (F, d, r)
    delicate = bool(np.any(rhs < -tol))
    small = np.nonzero(rhs < _MARGIN)
    if small[0].size:
        near = np.abs(entering[small[0], :, small[1]])
        delicate |= bool(np.any((near > tol) & (near < _MARGIN)))
    candidate = entering > tol
    ratio = np.where(candidate, rhs[:, None, :], np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(ratio, np.abs(entering), out=ratio)  # inf stays +inf off the candidates
    two = np.argpartition(ratio, 1, axis=2)[:, :, :2] if ratio.shape[2] > 1 else None
    if two is None:
        leaving = np.zeros(ratio.shape[:2], dtype=np.intp)
        best = ratio[:, :, 0]
        gap = np.full(best.shape, np.inf)
    else:
        leaving = two[:, :, 0]
        pair = np.take_along_axis(ratio, two, axis=2)
        best = pair[:, :, 0]
        with np.errstate(invalid="ignore"):
            gap = pair[:, :, 1] - best
    delicate |= bool(np.any((gap > tol) & (gap < _MARGIN)))
    if np.isinf(best).any():
        delicate = True  # an unbounded edge: only from rounding, the polytope is bounded
    tied = np.nonzero(gap <= tol)
    if tied[0].size:
        leaving[tied], flag = _break_ties(
            ratio[tied], entering[tied], inverse[tied[0]], candidate[tied], tol
        )
        delicate |= flag
    del f
    return entering, leaving, delicate


def _break_ties(
    ratio: np.ndarray,
    entering: np.ndarray,
    inverse: np.ndarray,
    candidate: np.ndarray,
    tol: float,
) -> tuple[np.ndarray, bool]:
    """Lexicographic tie-break: among rows tied on ``B^{-1} 1 / a``, compare ``B^{-1} / a``."""
    best = ratio.min(axis=1, keepdims=True)
    tie = candidate & (ratio <= best + tol)
    safe = np.where(tie, entering, 1.0)
    delicate = False
    for c in range(inverse.shape[2]):
        value = np.where(tie, inverse[:, :, c] / safe, np.inf)
        best = value.min(axis=1, keepdims=True)
        near = value <= best + tol
        delicate |= bool(np.any((value <= best + _MARGIN) != near))
        tie &= near
        if not np.any(tie.sum(axis=1) > 1):
            break
    if np.any(tie.sum(axis=1) != 1):
        delicate = True
    return tie.argmax(axis=1), delicate


def _refine(columns: np.ndarray, bases: np.ndarray, inverse: np.ndarray) -> np.ndarray | None:
    """One Newton-Schulz step ``X <- X + X (I - B X)`` against rounding drift.

    The eta updates of the inverses accumulate rounding errors; one step squares the
    residual ``I - B X``. Inverses whose residual is not small are recomputed.

    Returns ``None`` when some basis is numerically singular. In exact arithmetic the
    lexicographic rule only ever reaches nonsingular bases, so a singular one means a
    float pivot decision was wrong (a pivot element that is zero but was computed as
    just above the tolerance, as happens with irrational, highly degenerate payoffs):
    the float pass cannot be trusted and the caller redoes the work exactly.
    """
    basis = np.transpose(columns[:, bases], (1, 0, 2))
    residual = -np.matmul(basis, inverse)
    residual += np.eye(bases.shape[1])
    # ``not <=`` also catches NaN residuals (an inverse that overflowed)
    bad = ~(np.abs(residual).max(axis=(1, 2)) <= 1e-3)
    refined = inverse + np.matmul(inverse, residual)
    if np.any(bad):
        try:
            fresh = np.linalg.inv(basis[bad])
        except np.linalg.LinAlgError:
            return None
        check = np.eye(bases.shape[1]) - np.matmul(basis[bad], fresh)
        if not np.all(np.abs(check).max(axis=(1, 2)) <= 1e-6):
            return None
        refined[bad] = fresh
    return refined


class _SingularBasis(Exception):
    """A float pivot reached a numerically singular basis (see :func:`_refine`)."""


def _exact_fallback(
    m: np.ndarray, deadline: float | None, progress: Callable[[int, int], None] | None
) -> PolytopeVertices:
    """The vertices computed exactly on the binary values of ``m`` (each float is a
    rational), marked ``delicate`` since the float pass broke down."""
    exact = vertices_exact([[binary_fraction(x) for x in row] for row in m],
                           deadline=deadline, progress=progress)
    return dataclasses.replace(exact, delicate=True)


def vertices_float(
    matrix: np.ndarray,
    *,
    tol: float = 1e-9,
    deadline: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    budget: Budget | None = None,
    reserved: float = 0.0,
) -> PolytopeVertices:
    """All vertices of ``{z >= 0 : M z <= 1}`` (``M > 0``) by batched lexicographic BFS.

    Each BFS level is one batch: the tableau of every basis is one matrix product with
    ``[M | I]``, the ratio tests are array operations, and the inverse of each new basis
    is an eta update of its parent's (refined by a Newton step every few levels to stop
    rounding errors from accumulating). Small polytopes (at most
    :data:`~.polytope_small.SMALL_BASES` bases) go to
    :func:`~.polytope_small.vertices_small` instead, which solves every basis directly.

    Parameters
    ----------
    matrix
        ``(r, d)`` array with positive entries (best-response polytopes after the payoffs
        are shifted onto ``[1, 2]``).
    tol
        Absolute tolerance for zero tests; values between ``tol`` and ``1e-7`` are
        reported through ``delicate``.
    deadline
        ``time.perf_counter()`` value after which the search stops (``complete=False``).
    progress
        Called with ``(bases visited, bases known)`` after each BFS level.
    budget, reserved
        Time and memory limits (``reserved`` bytes are already in use by the caller).
        Before each level the bytes it needs (basis inverses, tableau columns, the
        bases kept so far and the final arrays) are estimated; past the budget, or past
        the deadline (checked per chunk of bases), the search stops with
        ``complete=False`` and ``stopped`` set, keeping the vertices found.
    """
    m = np.asarray(matrix, dtype=float)
    r, d = m.shape
    compiled = polytope_compiled.kernel() if d + r <= 62 else None
    if compiled is not None:
        result = _vertices_compiled(compiled, m, tol, deadline, progress, budget, reserved)
        if not result.delicate or result.stopped is not None or not result.complete:
            return result
        # a decision too close to call: the numpy path decides, as it always did (with
        # its own margins, and its exact fallback on a numerically singular basis)
    started = time.process_time()
    try:
        if small_enough(r, d):
            # a few dozen bases: solving each is cheaper than one BFS level's numpy calls
            small = vertices_small(m, tol=tol)
            if progress is not None:
                progress(small.n_bases, small.n_bases)
            return small
        return _vertices_numpy(m, tol, deadline, progress, budget, reserved)
    finally:
        # the time that loading the compiled kernel would save (its payback rule)
        polytope_compiled.spent += time.process_time() - started


def _vertices_numpy(
    m: np.ndarray,
    tol: float,
    deadline: float | None,
    progress: Callable[[int, int], None] | None,
    budget: Budget | None,
    reserved: float,
) -> PolytopeVertices:
    """The batched numpy BFS of :func:`vertices_float`."""
    r, d = m.shape
    budget = budget or Budget.start()
    k = d + r
    columns = np.hstack([m, np.eye(r)])
    frontier = np.arange(d, k)[None, :]
    nonbasic = np.arange(d)[None, :]
    inverse = np.eye(r)[None, :, :]
    rhs = np.ones((1, r))
    arithmetic_keys = k <= 62
    if arithmetic_keys:
        bit = np.left_shift(np.int64(1), np.arange(k, dtype=np.int64))
        keys = bit[frontier].sum(axis=1)
        seen = keys
    else:
        keys = None  # wide polytopes key bases by their sorted index rows instead
        seen = _keys(frontier, k)
    delicate = False
    complete = True
    visited: list[np.ndarray] = []
    solutions: list[np.ndarray] = []
    nonbasics: list[np.ndarray] = []
    n_done = 0
    level = 0
    stopped = None
    # bytes kept per visited basis: basis, solution and nonbasic indices, its key, and in
    # the final arrays its tight mask and coordinates
    per_basis = 8 * (2 * r + d + 1) + 9 * k
    try:
        while frontier.shape[0]:
            if deadline is not None and time.perf_counter() > deadline:
                complete = False
                break
            budget.check_time("vertex enumeration")
            f = frontier.shape[0]
            budget.require(
                reserved + (n_done + f) * per_basis
                + f * 8 * (r * r + d * r + r + 2 * d)  # inverses, tableau columns, keys
                + min(f, _CHUNK) * 8 * 3 * d * r,  # one chunk's ratio test
                "vertex enumeration (best-response polytope, level "
                f"{level + 1} with {f} bases)",
            )
            frontier, nonbasic, inverse, rhs, keys, seen, delicate, n_done, level = _level(
                columns, frontier, nonbasic, inverse, rhs, keys, seen, delicate, n_done,
                level, tol, d, k, arithmetic_keys, bit if arithmetic_keys else None,
                visited, solutions, nonbasics, budget, deadline,
                reserved + (n_done + f) * per_basis + f * 8 * (d * r + 2 * d),
            )
            if progress is not None:
                progress(n_done, n_done + frontier.shape[0])
    except BudgetExceeded as stop:
        complete = False
        stopped = str(stop)
    except _SingularBasis:
        return _exact_fallback(m, deadline, progress)
    return _assemble(visited, solutions, nonbasics, d, r, k, tol, complete, delicate,
                     stopped)


def _vertices_compiled(
    compiled: Any,
    m: np.ndarray,
    tol: float,
    deadline: float | None,
    progress: Callable[[int, int], None] | None,
    budget: Budget | None,
    reserved: float,
) -> PolytopeVertices:
    """:func:`vertices_float` with each BFS level in the compiled kernel
    (:mod:`.polytope_compiled`); the same budget and deadline checks between levels.
    A small polytope (see :func:`_vertices_one_call`) is enumerated in one call."""
    r, d = m.shape
    budget = budget or Budget.start()
    if progress is None and math.comb(d + r, r) <= ONE_CALL_BASES:
        whole = _vertices_one_call(compiled, m, tol, deadline, budget, reserved)
        if whole is not None:
            return whole
    k = d + r
    columns = np.hstack([m, np.eye(r)])
    bit = np.left_shift(np.int64(1), np.arange(k, dtype=np.int64))
    frontier = np.arange(d, k, dtype=np.int64)[None, :]
    nonbasic = np.arange(d, dtype=np.int64)[None, :]
    # B^-1 [M | I] for the slack basis B = I, transposed (a column per row)
    tableau = np.ascontiguousarray(columns.T)[None, :, :]
    rhs = np.ones((1, r))
    keys = bit[frontier].sum(axis=1)
    table = np.full(1 << 10, -1, dtype=np.int64)
    compiled.insert_all(table, keys)
    filled = 1
    delicate = False
    complete = True
    stopped = None
    visited: list[np.ndarray] = []
    solutions: list[np.ndarray] = []
    nonbasics: list[np.ndarray] = []
    n_done = 0
    level = 0
    per_basis = 8 * (2 * r + d + 1) + 9 * k + 16  # kept arrays, final arrays, key table
    try:
        while frontier.shape[0]:
            if deadline is not None and time.perf_counter() > deadline:
                complete = False
                break
            budget.check_time("vertex enumeration")
            f = frontier.shape[0]
            budget.require(
                reserved + (n_done + f) * per_basis
                + f * d * 8 * (r * k + 2 * r + d + 5),  # the next level at most
                "vertex enumeration (best-response polytope, level "
                f"{level + 1} with {f} bases)",
            )
            if level and level % _REFRESH == 0:
                if not compiled.refine(columns, frontier, tableau, rhs):
                    raise _SingularBasis
            visited.append(frontier)
            solutions.append(rhs)
            nonbasics.append(nonbasic)
            n_done += f
            while True:
                out = compiled.level(frontier, nonbasic, tableau, rhs, keys, bit, table,
                                     filled, tol, _MARGIN, _GROWTH)
                if out[7] == 0:
                    break
                table = compiled.grow(table)
            frontier, nonbasic, tableau, rhs, keys, filled = out[:6]
            table = out[8]
            delicate |= bool(out[6])
            level += 1
            if progress is not None:
                progress(n_done, n_done + frontier.shape[0])
    except BudgetExceeded as stop:
        complete = False
        stopped = str(stop)
    except _SingularBasis:
        return _exact_fallback(m, deadline, progress)
    if not visited:
        return _assemble(visited, solutions, nonbasics, d, r, k, tol, complete, delicate,
                         stopped)
    coordinates, tight, bases, found_delicate = compiled.assemble(
        np.concatenate(visited), np.concatenate(solutions), np.concatenate(nonbasics),
        tol, _MARGIN,
    )
    return PolytopeVertices(
        coordinates=coordinates,
        tight=tight,
        bases=bases,
        exact_coordinates=None,
        n_bases=n_done,
        complete=complete,
        delicate=delicate or bool(found_delicate),
        stopped=stopped,
    )


def _vertices_one_call(
    compiled: Any,
    m: np.ndarray,
    tol: float,
    deadline: float | None,
    budget: Budget,
    reserved: float,
) -> PolytopeVertices | None:
    """The BFS of :func:`_vertices_compiled` in one compiled call (``bfs``: the same level
    and refinement calls, in the same order, so the same vertices, bases and flags).

    For polytopes with at most :data:`ONE_CALL_BASES` bases (``C(d + r, r)``: games up to
    8x8), where the Python round trip per level cost more than the levels themselves.
    The budget is asked once, for the most any level can hold (every basis in one
    level); ``None`` when that does not fit or the time is already up: the caller then
    goes level by level, with its checks between levels.
    """
    r, d = m.shape
    if (deadline is not None and time.perf_counter() > deadline) or budget.expired():
        return None
    if not budget.fits(reserved + _one_call_bytes(r, d)):
        return None
    coordinates, tight, bases, keys, n_done, delicate, status = compiled.bfs(
        np.hstack([m, np.eye(r)]), r, tol, _MARGIN, _GROWTH, _REFRESH)
    if status:
        return _exact_fallback(m, deadline, None)
    return PolytopeVertices(
        coordinates=coordinates,
        tight=tight,
        bases=bases,
        exact_coordinates=None,
        n_bases=int(n_done),
        complete=True,
        delicate=bool(delicate),
        keys=keys.tolist(),
    )


def _one_call_bytes(r: int, d: int) -> int:
    """The most :func:`_vertices_one_call` can hold: every basis kept (the loop's
    ``per_basis``) and every basis in one level (the loop's per-level bound)."""
    k = d + r
    most = math.comb(k, r)
    return most * (8 * (2 * r + d + 1) + 9 * k + 16) + most * d * 8 * (r * k + 2 * r + d + 5)


def _level(columns, frontier, nonbasic, inverse, rhs, keys, seen, delicate, n_done, level,
           tol, d, k, arithmetic_keys, bit, visited, solutions, nonbasics, budget,
           deadline, in_use):  # noqa: ANN001, ANN202 - private kernel of vertices_float
    """One BFS level of :func:`vertices_float` (state in, state out)."""
    # Longer than 60 lines on purpose: one batched pivot step whose twenty arrays of
    # state are updated in place; cut into functions, each piece would take and return
    # most of them, which hides the algorithm instead of naming it.
    r = frontier.shape[1]
    if True:
        if level and level % _REFRESH == 0:
            refined = _refine(columns, frontier, inverse)
            if refined is None:
                raise _SingularBasis
            inverse = refined
            rhs = inverse.sum(axis=2)
        delicate |= bool(np.any(np.abs(inverse).max(axis=(1, 2)) > _GROWTH))
        parts = []
        for start in range(0, frontier.shape[0], _CHUNK):
            if start:
                budget.check_time("vertex enumeration")
                if deadline is not None and time.perf_counter() > deadline:
                    raise BudgetExceeded("vertex enumeration stopped at the time limit",
                                         "time")
            stop = start + _CHUNK
            parts.append(
                _pivot_level(
                    columns, nonbasic[start:stop], inverse[start:stop], rhs[start:stop], tol
                )
            )
        entering = np.concatenate([p[0] for p in parts])
        leaving = np.concatenate([p[1] for p in parts])
        delicate |= any(p[2] for p in parts)
        visited.append(frontier)
        solutions.append(rhs)
        nonbasics.append(nonbasic)
        n_done += frontier.shape[0]
        f = frontier.shape[0]
        out_var = np.take_along_axis(frontier, leaving, axis=1)  # (F, d) leaving variables
        if arithmetic_keys:
            new_keys = (keys[:, None] - bit[out_var] + bit[nonbasic]).ravel()
        else:
            new = np.repeat(frontier[:, None, :], d, axis=1)
            new[np.arange(f)[:, None], np.arange(d)[None, :], leaving] = nonbasic
            new_keys = _keys(new.reshape(f * d, r), k)
        unique_keys, first = np.unique(new_keys, return_index=True)
        fresh = ~np.isin(unique_keys, seen, assume_unique=True)
        seen = np.concatenate([seen, unique_keys[fresh]])
        index = first[fresh]
        budget.require(
            in_use + index.size * 8 * (3 * inverse.shape[1] ** 2 + 4 * inverse.shape[1] + 2 * d),
            f"vertex enumeration (best-response polytope, {index.size} new bases at level "
            f"{level + 2})",
        )
        parent, edge = np.divmod(index, d)
        row = leaving[parent, edge]
        pick = np.arange(index.size)
        column = entering[parent, edge, :]
        pivot = column[pick, row]
        old = inverse[parent]
        pivot_row = old[pick, row, :] / pivot[:, None]
        inverse = old - column[:, :, None] * pivot_row[:, None, :]
        inverse[pick, row, :] = pivot_row
        old_rhs = rhs[parent]
        step = old_rhs[pick, row] / pivot
        rhs = old_rhs - column * step[:, None]
        rhs[pick, row] = step
        frontier = frontier[parent].copy()
        frontier[pick, row] = nonbasic[parent, edge]
        nonbasic_new = nonbasic[parent].copy()
        nonbasic_new[pick, edge] = out_var[parent, edge]
        nonbasic = nonbasic_new
        if arithmetic_keys:
            keys = unique_keys[fresh]
        level += 1
    return frontier, nonbasic, inverse, rhs, keys, seen, delicate, n_done, level


def _assemble(visited, solutions, nonbasics, d, r, k, tol, complete, delicate,
              stopped):  # noqa: ANN001, ANN202 - private kernel of vertices_float
    """The vertices (one per distinct tight set) of the bases visited."""
    if not visited:
        return PolytopeVertices(
            coordinates=np.zeros((0, d)),
            tight=np.zeros((0, k), dtype=bool),
            bases=np.zeros((0, r), dtype=int),
            exact_coordinates=None,
            n_bases=0,
            complete=False,
            delicate=delicate,
            stopped=stopped,
        )
    bases = np.concatenate(visited)
    rhs = np.concatenate(solutions)
    nonbasic = np.concatenate(nonbasics)
    delicate |= bool(np.any((rhs > tol) & (rhs < _MARGIN)))
    n = bases.shape[0]
    tight = np.zeros((n, k), dtype=bool)
    np.put_along_axis(tight, nonbasic, True, axis=1)
    np.put_along_axis(tight, bases, rhs <= tol, axis=1)
    full = np.zeros((n, k))
    np.put_along_axis(full, bases, np.maximum(rhs, 0.0), axis=1)
    _, first = np.unique(_mask_keys(tight), return_index=True)
    first = np.sort(first)
    return PolytopeVertices(
        coordinates=full[first, :d],
        tight=tight[first],
        bases=np.sort(bases[first], axis=1),
        exact_coordinates=None,
        n_bases=n,
        complete=complete,
        delicate=delicate,
        stopped=stopped,
    )


