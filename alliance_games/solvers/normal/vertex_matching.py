"""Matching the vertices of the two best-response polytopes into equilibria.

A vertex ``x`` of ``P`` and ``y`` of ``Q`` form a Nash equilibrium iff their label sets
together cover every pure strategy (complementarity; Avis, Rosenberg, Savani & von
Stengel 2010): :func:`_complementary_pairs` looks the pairs up by label set, and
:func:`_match_by_solving` finds the partners of a polytope's vertices by solving instead
of enumerating the second polytope when it is large. :func:`_exact_vertex` recomputes a
vertex in rationals from its basis and checks it against the float decision; the
remaining helpers normalize, order and describe the equilibria found.

References
----------
Avis, D., Rosenberg, G., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import cast

import numpy as np

from ...budget import Budget, BudgetExceeded
from ..kernels.polytope import PolytopeVertices
from ..kernels.rational import solve_integer
from .components import maximal_nash_subsets, subset_equilibria

_MARGIN = 1e-7
#: surplus-label pair tests done on Python ints up to this many, in array blocks beyond
_PYTHON_PAIRS = 4096


def _nbytes(poly: PolytopeVertices) -> float:
    """Bytes held by a polytope's vertex arrays (counted against the budget of the next)."""
    return float(poly.coordinates.nbytes + poly.tight.nbytes + poly.bases.nbytes)


def _empty(d: int, r: int, stopped: str | None) -> PolytopeVertices:
    """No vertices: the second polytope when the first one was already cut short."""
    return PolytopeVertices(
        coordinates=np.zeros((0, d)), tight=np.zeros((0, d + r), dtype=bool),
        bases=np.zeros((0, r), dtype=int), exact_coordinates=None, n_bases=0,
        complete=False, delicate=False, stopped=stopped,
    )


def _q_labels(tight: np.ndarray, n: int) -> np.ndarray:
    """Reorder ``Q``'s tight columns into game labels ``0 .. m+n-1``."""
    return np.concatenate([tight[:, n:], tight[:, :n]], axis=1)


def _complementary_pairs(
    labels_p: np.ndarray,
    labels_q: np.ndarray,
    nonzero_p: np.ndarray,
    nonzero_q: np.ndarray,
    m: int,
    n: int,
) -> list[tuple[int, int]]:
    """All ``(i, j)`` with ``labels_p[i] | labels_q[j]`` everything, both vertices nonzero.

    Vertices with exactly ``m`` (resp. ``n``) labels can only pair with the vertex whose
    label set is their complement: a dictionary look-up. Vertices with surplus labels
    (degenerate) are tested against every vertex of the other polytope.
    """
    if m + n <= 62:
        return _complementary_pairs_keyed(labels_p, labels_q, nonzero_p, nonzero_q, m, n)
    pairs: set[tuple[int, int]] = set()
    q_keys = {bytes(row): j for j, row in enumerate(np.packbits(labels_q, axis=1))
              if nonzero_q[j]}
    for i, row in enumerate(np.packbits(~labels_p, axis=1)):
        if nonzero_p[i]:
            j = q_keys.get(bytes(row))
            if j is not None:
                pairs.add((i, j))
    surplus_p = np.flatnonzero(nonzero_p & (labels_p.sum(axis=1) > m))
    surplus_q = np.flatnonzero(nonzero_q & (labels_q.sum(axis=1) > n))
    _surplus_pairs(labels_p, labels_q, surplus_p, surplus_q, np.flatnonzero(nonzero_p),
                   np.flatnonzero(nonzero_q), pairs)
    return sorted(pairs)


def _complementary_pairs_keyed(
    labels_p: np.ndarray,
    labels_q: np.ndarray,
    nonzero_p: np.ndarray,
    nonzero_q: np.ndarray,
    m: int,
    n: int,
) -> list[tuple[int, int]]:
    """:func:`_complementary_pairs` with label sets as integer bitmasks (``m + n <= 62``)."""
    bits = np.left_shift(np.int64(1), np.arange(m + n, dtype=np.int64))
    keys_q = (labels_q.astype(np.int64) @ bits).tolist()
    keys_p = (labels_p.astype(np.int64) @ bits).tolist()
    return _pairs_of_keys(keys_p, keys_q, nonzero_p.tolist(), nonzero_q.tolist(), m, n,
                          lambda: (labels_p, labels_q))


def label_keys(poly: PolytopeVertices, m: int, n: int, second: bool) -> list[int]:
    """Each vertex's label set as a bitmask of the game's labels ``0 .. m+n-1``
    (``m + n <= 62``): ``P``'s tight columns are those labels in order; ``Q``'s
    (``second``) are ``m .. m+n-1`` then ``0 .. m-1`` (see :func:`_q_labels`)."""
    keys = poly.keys
    if keys is None:
        bits = np.left_shift(np.int64(1), np.arange(m + n, dtype=np.int64))
        keys = (poly.tight.astype(np.int64) @ bits).tolist()
    if not second:
        return keys
    low = (1 << n) - 1
    return [((key & low) << m) | (key >> n) for key in keys]


def pairs_of_polytopes(p: PolytopeVertices, q: PolytopeVertices, m: int,
                       n: int) -> list[tuple[int, int]]:
    """:func:`_complementary_pairs` of the vertices of ``P`` and ``Q``, nonzero ones
    only, from their label bitmasks (no boolean arrays unless many vertices have
    surplus labels)."""
    if m + n > 62:
        # tight is 2-d, so all(axis=1) is a 1-d bool array (never a scalar)
        nonzero_p = cast(np.ndarray, ~p.tight[:, :m].all(axis=1))
        nonzero_q = cast(np.ndarray, ~q.tight[:, :n].all(axis=1))
        return _complementary_pairs(p.tight, _q_labels(q.tight, n), nonzero_p, nonzero_q,
                                    m, n)
    keys_p = label_keys(p, m, n, False)
    keys_q = label_keys(q, m, n, True)
    zero_p = (1 << m) - 1  # x = 0: every label x_i = 0
    zero_q = ((1 << n) - 1) << m  # y = 0: every label y_j = 0
    return _pairs_of_keys(keys_p, keys_q, [key & zero_p != zero_p for key in keys_p],
                          [key & zero_q != zero_q for key in keys_q], m, n,
                          lambda: (p.tight, _q_labels(q.tight, n)))


def _pairs_of_keys(
    keys_p: list[int],
    keys_q: list[int],
    nonzero_p: list[bool],
    nonzero_q: list[bool],
    m: int,
    n: int,
    labels: Callable[[], tuple[np.ndarray, np.ndarray]],
) -> list[tuple[int, int]]:
    """The pairs of :func:`_complementary_pairs` from label bitmasks: look-ups and
    surplus tests on Python ints (small games have a few dozen vertices, where numpy's
    per-call overhead is what counts); many surplus tests go to array blocks on
    ``labels()``."""
    full = (1 << (m + n)) - 1
    all_q = [j for j, ok in enumerate(nonzero_q) if ok]
    all_p = [i for i, ok in enumerate(nonzero_p) if ok]
    found = {keys_q[j]: j for j in all_q}
    pairs: set[tuple[int, int]] = set()
    for i in all_p:
        j = found.get(full ^ keys_p[i])
        if j is not None:
            pairs.add((i, j))
    surplus_p = [i for i in all_p if keys_p[i].bit_count() > m]
    surplus_q = [j for j in all_q if keys_q[j].bit_count() > n]
    if len(surplus_p) * len(all_q) + len(all_p) * len(surplus_q) > _PYTHON_PAIRS:
        labels_p, labels_q = labels()
        _surplus_pairs(labels_p, labels_q, np.array(surplus_p, dtype=int),
                       np.array(surplus_q, dtype=int), np.array(all_p, dtype=int),
                       np.array(all_q, dtype=int), pairs)
        return sorted(pairs)
    for i in surplus_p:
        key = keys_p[i]
        pairs.update((i, j) for j in all_q if key | keys_q[j] == full)
    for j in surplus_q:
        key = keys_q[j]
        pairs.update((i, j) for i in all_p if key | keys_p[i] == full)
    return sorted(pairs)


def _surplus_pairs(
    labels_p: np.ndarray,
    labels_q: np.ndarray,
    surplus_p: np.ndarray,
    surplus_q: np.ndarray,
    all_p: np.ndarray,
    all_q: np.ndarray,
    pairs: set[tuple[int, int]],
) -> None:
    """Add to ``pairs`` every complementary pair with a vertex with surplus labels, in
    blocks of 64 vertices (array operations)."""
    for rows, cols in ((surplus_p, all_q), (all_p, surplus_q)):
        for start in range(0, rows.size, 64):
            block = rows[start : start + 64]
            full = (labels_p[block][:, None, :] | labels_q[cols][None, :, :]).all(axis=2)
            for a, c in zip(*np.nonzero(full), strict=True):
                pairs.add((int(block[a]), int(cols[c])))


def _match_by_solving(
    p: PolytopeVertices, a: np.ndarray, tol: float, budget: Budget | None = None
) -> tuple[PolytopeVertices, list[tuple[int, int]]] | None:
    """Find the partner ``y`` of every vertex ``x`` of a simple ``P`` by one linear solve.

    A vertex ``x != 0`` with exactly ``m`` labels needs a partner with all the other
    ``n`` labels: ``y_j = 0`` off the best responses ``J`` to ``x`` and ``(A y)_i = 1`` on
    the support ``I`` of ``x``, where ``|I| = |J|``. So ``y_J = A[I, J]^{-1} 1`` if that is
    feasible (``y >= 0``, ``A y <= 1``), and no partner otherwise (Avis et al. 2010,
    sec. 5: this is how lrsNash avoids enumerating the second polytope). Systems are
    solved in batches by support size.

    Returns the partners as a :class:`PolytopeVertices` (one row per pair, with a basis so
    that they can be recomputed exactly) and the pairs, or ``None`` when this shortcut
    does not apply (a degenerate ``x``, a nearly singular system, a delicate decision):
    then ``Q`` is enumerated in full.
    """
    # A little over 60 lines: the batched solve, its feasibility test and the budget
    # check share the per-size arrays, and the loop over support sizes stays one piece.
    m, n = a.shape
    tight = p.tight
    nonzero = np.flatnonzero(~tight[:, :m].all(axis=1))
    if np.any(tight[nonzero].sum(axis=1) != m):
        return None
    support = ~tight[nonzero, :m]
    best = tight[nonzero, m:]
    sizes = support.sum(axis=1)
    found_x, found_y, found_bases = [], [], []
    for size in np.unique(sizes):
        group = nonzero[sizes == size]
        mask = sizes == size
        if budget is not None:
            try:
                budget.require(_nbytes(p) + 8 * group.size * (3 * size * size + 4 * n + 2 * m),
                               "partner systems of vertex enumeration")
            except BudgetExceeded:
                return None
        rows = np.nonzero(support[mask])[1].reshape(-1, size)
        cols = np.nonzero(best[mask])[1].reshape(-1, size)
        block = a[rows[:, :, None], cols[:, None, :]]
        if np.any(np.abs(np.linalg.det(block)) < 1e-9):
            return None
        values = np.linalg.solve(block, np.ones((group.size, size, 1)))[:, :, 0]
        y = np.zeros((group.size, n))
        np.put_along_axis(y, cols, values, axis=1)
        slack = 1.0 - y @ a.T
        worst = np.minimum(values.min(axis=1), slack.min(axis=1))
        if np.any((worst < -tol) & (worst > -_MARGIN)):
            return None
        keep = worst >= -tol
        small = np.concatenate([values[keep].ravel(), slack[keep].ravel()])
        if np.any((np.abs(small) > tol) & (np.abs(small) < _MARGIN)):
            return None
        found_x.append(group[keep])
        found_y.append(np.concatenate([np.maximum(y[keep], 0.0), slack[keep]], axis=1))
        outside = np.ones((group.size, m), dtype=bool)
        np.put_along_axis(outside, rows, False, axis=1)
        basic = np.concatenate([cols, n + np.nonzero(outside)[1].reshape(group.size, -1)], axis=1)
        found_bases.append(np.sort(basic[keep], axis=1))
    if not found_x:
        found_x, found_y, found_bases = (
            [np.zeros(0, int)],
            [np.zeros((0, n + m))],
            [np.zeros((0, m), int)],
        )
    xs = np.concatenate(found_x)
    full = np.concatenate(found_y)
    tight_q = np.abs(full) <= tol
    # several x may share one partner y (then y has surplus labels): one node per vertex
    _, first, which = np.unique(
        np.packbits(tight_q, axis=1), axis=0, return_index=True, return_inverse=True
    )
    partners = PolytopeVertices(
        coordinates=full[first, :n],
        tight=tight_q[first],
        bases=np.concatenate(found_bases)[first],
        exact_coordinates=None,
        n_bases=len(xs),
        complete=True,
        delicate=False,
    )
    return partners, sorted((int(i), int(k)) for i, k in zip(xs, which.ravel(), strict=True))


class _Disagreement(Exception):
    """An exact re-check contradicted a float decision: redo the enumeration exactly."""


def _exact_vertex(
    poly: PolytopeVertices, index: int, rows: tuple[list[list[int]], list[int]]
) -> tuple[Fraction, ...]:
    """The exact coordinates of a vertex, recomputed from its basis and checked.

    Fractions of :func:`_exact_numerators` (which see).
    """
    if poly.exact_coordinates is not None:
        return poly.exact_coordinates[index]
    numerators, det = _exact_numerators(poly, index, rows)
    return tuple(Fraction(v, det) for v in numerators)


def _exact_numerators(
    poly: PolytopeVertices, index: int, rows: tuple[list[list[int]], list[int]]
) -> tuple[list[int], int]:
    """A vertex as integers ``(z * det, det)``, ``det > 0``, recomputed from its basis.

    ``rows`` is ``M`` scaled to integers row by row (``M_j = ints_j / mult_j``). With basic
    ``z``-variables ``S`` and tight rows ``J`` (the nonbasic slacks), solve
    ``ints[J, S] z_S = mult[J]`` fraction-free. Raises :class:`_Disagreement` unless the
    exact point is feasible and its tight set is the one the floats found. Everything
    stays in integers: the slack of row ``j`` times ``det`` is
    ``mult_j det - ints_j . (z det)``, with the sign and zero pattern of the slack itself
    (zero by construction on the rows ``J`` the system was solved on).
    """
    if poly.exact_coordinates is not None:
        exact = poly.exact_coordinates[index]
        det = math.lcm(*(v.denominator for v in exact))
        return [int(v * det) for v in exact], det
    ints, mults = rows
    d = poly.coordinates.shape[1]
    basic = [False] * (d + len(ints))
    for v in poly.bases[index].tolist():
        basic[v] = True
    support = [v for v in range(d) if basic[v]]
    tight_rows = [j for j in range(len(ints)) if not basic[d + j]]
    solved = _solve_small(
        [[ints[j][s] for s in support] for j in tight_rows], [mults[j] for j in tight_rows]
    )
    if solved is None:
        raise _Disagreement("singular basis")
    values, det = solved
    expected = poly.tight[index].tolist()
    z = [0] * d
    for s, v in zip(support, values, strict=True):
        if v < 0:
            raise _Disagreement("infeasible vertex")
        if (v == 0) != expected[s]:
            raise _Disagreement("label sets differ")
        z[s] = v
    for j, (row, mult) in enumerate(zip(ints, mults, strict=True)):
        if not basic[d + j]:  # a row the system was solved on: tight, exactly
            slack = 0
        else:
            slack = mult * det - sum(map(operator.mul, [row[s] for s in support], values))
            if slack < 0:
                raise _Disagreement("infeasible vertex")
        if (slack == 0) != expected[d + j]:
            raise _Disagreement("label sets differ")
    if not all(expected[v] for v in range(d) if not basic[v]):
        raise _Disagreement("label sets differ")
    return z, det


def _solve_small(matrix: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """:func:`~..kernels.rational.solve_integer` (``x = numerators / det``, ``det > 0``),
    by Cramer's rule for systems of up to three unknowns (the usual supports), which
    takes a few integer products instead of an elimination loop. ``x`` is unique and
    ``det = |det M|`` in both, so the integers are the same."""
    size = len(matrix)
    if size == 1:
        det, num = matrix[0][0], [rhs[0]]
    elif size == 2:
        (a, b), (c, d) = matrix
        det = a * d - b * c
        num = [rhs[0] * d - b * rhs[1], a * rhs[1] - c * rhs[0]]
    elif size == 3:
        (a, b, c), (d, e, f), (g, h, i) = matrix
        u, v, w = rhs
        ei_fh, fg_di, dh_eg = e * i - f * h, f * g - d * i, d * h - e * g
        det = a * ei_fh + b * fg_di + c * dh_eg
        num = [
            u * ei_fh + b * (f * w - v * i) + c * (v * h - e * w),
            a * (v * i - f * w) + u * fg_di + c * (d * w - v * g),
            a * (e * w - v * h) + b * (v * g - d * w) + u * dh_eg,
        ]
    else:
        return solve_integer(matrix, rhs)
    if det == 0:
        return None
    if det < 0:
        return [-v for v in num], -det
    return num, det


def _normalized(numerators: list[int], exact: bool) -> tuple[Fraction, ...] | tuple[float, ...]:
    """``z / sum(z)`` from the integer numerators of a vertex: Fractions, or the floats
    nearest to them (integer true division rounds correctly, as ``float(Fraction)``)."""
    total = sum(numerators)
    if exact:
        return tuple([Fraction(v, total) for v in numerators])
    return tuple([v / total for v in numerators])


def _normalize(z: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(z, Fraction(0))
    return tuple(v / total for v in z)


def _float_profile(poly: PolytopeVertices, index: int) -> tuple[float, ...]:
    z = poly.coordinates[index]
    return tuple(float(v) for v in z / z.sum())


def _order_key(profile: tuple[tuple[float, ...], ...]) -> tuple:
    """Smaller supports first, then by the probabilities, largest first (as floats)."""
    flat = [p for s in profile for p in s]
    size = len([p for p in flat if p > 0])
    return (size, tuple([-float(p) for p in flat]))


def _continuum_diagnostics(
    pairs: list[tuple[int, int]], components: tuple[tuple[int, ...], ...]
) -> tuple[list[str], list[tuple[int, ...]]]:
    """Plain-language notes on components with more than one extreme equilibrium, and
    the maximal Nash subsets (each a single equilibrium, left out, when every component
    is: an equilibrium sharing no vertex is its own maximal Nash subset)."""
    notes: list[str] = []
    if all(len(component) < 2 for component in components):
        return notes, []
    position = {pair: e for e, pair in enumerate(pairs)}
    subsets = [_subset_positions(pairs, position, s) for s in maximal_nash_subsets(pairs)]
    for number, component in enumerate(components, start=1):
        if len(component) < 2:
            continue
        members = set(component)
        mine = [s for s in subsets if set(s) <= members]
        names = ", ".join(f"#{e + 1}" for e in component)
        described = "; ".join("{" + ", ".join(f"#{e + 1}" for e in s) + "}" for s in mine)
        notes.append(
            f"Component {number} (extreme equilibria {names}) is a continuum: the convex "
            f"hulls of these extreme equilibria are all equilibria, within each maximal Nash "
            f"subset ({described}): every mix of a subset's row strategies against every mix "
            f"of its column strategies is an equilibrium."
        )
    return notes, subsets


def _subset_positions(
    pairs: list[tuple[int, int]],
    position: dict[tuple[int, int], int],
    subset: tuple[tuple[int, ...], tuple[int, ...]],
) -> tuple[int, ...]:
    """:func:`~.components.subset_equilibria` by looking up each ``(x, y)`` of the
    subset (``position`` maps each pair to its index) instead of scanning every pair,
    whichever is fewer steps; the same sorted positions."""
    xs, ys = subset
    if len(xs) * len(ys) > len(pairs):
        return subset_equilibria(pairs, subset)
    found = [position.get((x, y)) for x in xs for y in ys]
    return tuple(sorted(e for e in found if e is not None))
