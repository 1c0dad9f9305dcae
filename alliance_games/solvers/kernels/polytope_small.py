"""All vertices of a small polytope ``{z >= 0 : M z <= 1}``, every basis at once.

A vertex of ``P = {z in R^d : z >= 0, M z <= 1}`` (``M`` is ``r x d``) is a point where
``d`` linearly independent constraints are tight. Choose the tight coordinates
``z_i = 0`` (``i`` outside a set ``S``) and the tight rows ``J`` (``|J| = |S|``): if
``M[J, S]`` is nonsingular, ``z_S = M[J, S]^{-1} 1`` is the basic solution of the basis
``S`` plus the slacks of the rows outside ``J``, and it is a vertex when it is feasible.
Every vertex arises so (a vertex is a basic feasible solution, and its basis matrix is
nonsingular exactly when ``M[J, S]`` is), degenerate ones included (several bases give
the same point; they are merged by their tight sets). This is the enumeration of
Mangasarian (1964) and of Avis et al. (2010, sec. 3) "by brute force".

There are ``C(d + r, d)`` bases, so this only pays for small polytopes; there it is
faster than the breadth-first pivoting of :func:`~.polytope.vertices_float`, whose
per-level numpy calls dominate small games: every basis of one size ``|S| = s`` is
solved in one batched ``numpy.linalg.inv``. The result is the same
:class:`~.polytope_vertices.PolytopeVertices` (the same vertices, label sets and a basis
of each, in another order), with the same ``delicate`` rule: a value within
``[tol, 1e-7]`` of zero, a nearly singular basis, or a large inverse lets the caller redo
the work exactly.

References
----------
Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *J. SIAM* 12, 778-780.
Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42, 9-37.
"""

from __future__ import annotations

import itertools
import math
import operator

import numpy as np

from .polytope_vertices import PolytopeVertices

__all__ = ["vertices_small", "SMALL_BASES"]

SMALL_BASES = 252
"""Largest number of bases ``C(d + r, d)`` for which :func:`vertices_small` is used
(up to 5x5 games, and 2xn / 3xn ones while ``C(d + r, d) <= 252``; at 5x5 solving the 252
bases directly takes 0.87x the pivoting's CPU time, at 6x6 (924 bases) 1.4x and at 7x7
(3,432) 3.9x: measured on 60 random games each, ``benchmarks/small_games.py``)."""

TINY_BASES = 36
"""Up to this many bases (3x3 games) each basis is solved in plain Python floats: a
numpy call costs more than a whole 2x2 inverse."""

_MARGIN = 1e-7
_GROWTH = 1e4
_SINGULAR = 1e-9


def _systems(d: int, r: int, s: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (S, J) of ``s`` basic coordinates and ``s`` tight rows."""
    supports = np.array(list(itertools.combinations(range(d), s)), dtype=np.intp).reshape(-1, s)
    rows = np.array(list(itertools.combinations(range(r), s)), dtype=np.intp).reshape(-1, s)
    a = np.repeat(supports, len(rows), axis=0)
    b = np.tile(rows, (len(supports), 1))
    return a, b


def vertices_small(matrix: np.ndarray, *, tol: float = 1e-9) -> PolytopeVertices:
    """All vertices of ``{z >= 0 : M z <= 1}`` (``M > 0``, ``r x d``) from all bases.

    Parameters
    ----------
    matrix
        ``(r, d)`` array with positive entries.
    tol
        Absolute tolerance for zero tests; values between ``tol`` and ``1e-7`` (and
        determinants near zero, inverses above ``1e4``) set ``delicate``.

    Returns
    -------
    PolytopeVertices
        Complete (no budget applies: at most :data:`SMALL_BASES` small systems).
    """
    m = np.asarray(matrix, dtype=float)
    r, d = m.shape
    k = d + r
    if math.comb(k, d) <= TINY_BASES:
        return _vertices_tiny(m, tol)
    delicate = False
    points: list[np.ndarray] = [np.zeros((1, d))]
    basics: list[np.ndarray] = [np.arange(d, k)[None, :]]
    for s in range(1, min(d, r) + 1):
        support, rows = _systems(d, r, s)
        sub = m[rows[:, :, None], support[:, None, :]]  # (B, s, s)
        det = np.linalg.det(sub)
        size = np.abs(det)
        delicate |= bool(np.any((size > _SINGULAR) & (size < _MARGIN)))
        keep = size > _SINGULAR
        if not keep.any():
            continue
        support, rows, sub = support[keep], rows[keep], sub[keep]
        inverse = np.linalg.inv(sub)
        delicate |= bool(np.any(np.abs(inverse).max(axis=(1, 2)) > _GROWTH))
        z_s = inverse.sum(axis=2)  # M[J, S]^-1 1
        z = np.zeros((len(support), d))
        np.put_along_axis(z, support, z_s, axis=1)
        slack = 1.0 - z @ m.T
        values = np.hstack([z, slack])
        lowest = values.min(axis=1)
        feasible = lowest >= -tol
        # infeasible by a close call: no value clearly negative
        delicate |= bool(np.any((lowest < -tol) & (lowest > -_MARGIN)))
        if not feasible.any():
            continue
        # the basis: coordinates in S, and the slacks of the rows outside J
        in_j = np.zeros((len(rows), r), dtype=bool)
        np.put_along_axis(in_j, rows, True, axis=1)
        slack_basic = np.nonzero(~in_j[feasible])[1].reshape(int(feasible.sum()), r - s) + d
        points.append(z[feasible])
        basics.append(np.hstack([support[feasible], slack_basic]))
    coordinates = np.concatenate(points)
    values = np.hstack([coordinates, 1.0 - coordinates @ m.T])  # all >= -tol here
    delicate |= bool(np.any((values > tol) & (values < _MARGIN)))
    tight = values <= tol
    keys = np.packbits(tight, axis=1).view(np.dtype((np.void, (k + 7) // 8))).ravel()
    _, first = np.unique(keys, return_index=True)
    first = np.sort(first)
    bases = np.concatenate(basics)
    return PolytopeVertices(
        coordinates=np.maximum(coordinates[first], 0.0),
        tight=tight[first],
        bases=np.sort(bases[first], axis=1),
        exact_coordinates=None,
        n_bases=len(bases),
        complete=True,
        delicate=delicate,
    )


def small_enough(r: int, d: int) -> bool:
    """Whether ``{z >= 0 : M z <= 1}`` with ``M`` of shape ``(r, d)`` is small enough
    for :func:`vertices_small`."""
    return math.comb(r + d, d) <= SMALL_BASES


def _inverse(a: list[list[float]]) -> tuple[float, list[list[float]]] | None:
    """(|det|, inverse) of a small matrix by Gauss-Jordan elimination with partial
    pivoting, in plain floats; None when a pivot is below the singularity threshold."""
    s = len(a)
    if s == 1:
        value = a[0][0]
        return None if abs(value) <= _SINGULAR else (abs(value), [[1.0 / value]])
    if s == 2:
        (p, q), (u, v) = a
        det = p * v - q * u
        if abs(det) <= _SINGULAR:
            return None
        return abs(det), [[v / det, -q / det], [-u / det, p / det]]
    work = [row[:] + [1.0 if i == j else 0.0 for j in range(s)] for i, row in enumerate(a)]
    det = 1.0
    for col in range(s):
        pivot = max(range(col, s), key=lambda i: abs(work[i][col]))
        if pivot != col:
            work[col], work[pivot] = work[pivot], work[col]
        value = work[col][col]
        det *= value
        if abs(value) <= _SINGULAR:
            return None
        row = [v / value for v in work[col]]
        work[col] = row
        for i in range(s):
            if i != col and work[i][col] != 0.0:
                factor = work[i][col]
                work[i] = [v - factor * w for v, w in zip(work[i], row, strict=True)]
    return abs(det), [row[s:] for row in work]


def _vertices_tiny(m: np.ndarray, tol: float) -> PolytopeVertices:
    """:func:`vertices_small` with each basis solved in plain Python (tiny polytopes)."""
    r, d = m.shape
    k = d + r
    rows_m = m.tolist()
    delicate = False
    found: dict[tuple[bool, ...], int] = {}
    coordinates: list[list[float]] = []
    tights: list[tuple[bool, ...]] = []
    bases: list[list[int]] = []
    n_bases = 0

    def add(z: list[float], basis: list[int]) -> None:
        nonlocal delicate
        if min(z) < -_MARGIN:  # clearly infeasible: no need for the slacks
            return
        values = z + [1.0 - sum(map(operator.mul, row, z)) for row in rows_m]
        lowest = min(values)
        if lowest < -tol:
            # infeasible; a close call unless some value is clearly negative
            delicate = delicate or lowest > -_MARGIN
            return
        if not delicate:
            delicate = any(tol < v < _MARGIN for v in values)
        tight = tuple(v <= tol for v in values)
        if tight not in found:
            found[tight] = len(coordinates)
            coordinates.append([max(v, 0.0) for v in z])
            tights.append(tight)
            bases.append(sorted(basis))

    add([0.0] * d, list(range(d, k)))
    n_bases = 1
    for s in range(1, min(d, r) + 1):
        for support in itertools.combinations(range(d), s):
            for rows in itertools.combinations(range(r), s):
                n_bases += 1
                solved = _inverse([[rows_m[j][i] for i in support] for j in rows])
                if solved is None:
                    continue
                size, inverse = solved
                if size < _MARGIN or max(abs(v) for row in inverse for v in row) > _GROWTH:
                    delicate = True
                z = [0.0] * d
                for i, row in zip(support, inverse, strict=True):
                    z[i] = sum(row)
                basis = list(support) + [d + j for j in range(r) if j not in rows]
                add(z, basis)
    return PolytopeVertices(
        coordinates=np.array(coordinates, dtype=float).reshape(len(coordinates), d),
        tight=np.array(tights, dtype=bool).reshape(len(tights), k),
        bases=np.array(bases, dtype=int).reshape(len(bases), r),
        exact_coordinates=None,
        n_bases=n_bases,
        complete=True,
        delicate=delicate,
    )
