"""Small polytopes inside a probability simplex: belief sets and response sets of a PBE.

A perfect Bayesian equilibrium leaves beliefs free at information sets that the play
does not reach. Whether some belief sustains the prescribed behavior there is a
question about a polytope in the simplex of beliefs: with ``V[v][a]`` the continuation
value to the mover of action ``a`` at node ``v`` and ``S`` the actions played,

.. math::

    R = \\{\\mu \\in \\Delta(h) : \\sum_v \\mu_v (V_{va} - V_{vs}) = 0\\; (a \\in S),\\;
        \\sum_v \\mu_v (V_{va'} - V_{vs}) \\le 0\\; (a' \\notin S)\\}

(``s`` a fixed action of ``S``). The same shape answers the questions of the
refinements (is a response a best reply to some belief on a set of types? is there a
mixed response that deters every type?).

The dimension is tiny (a few nodes, a few actions), so :func:`simplex_polytope_vertices`
enumerates vertices directly: a vertex is the unique solution of ``d`` linearly
independent active constraints, so every subset of that many inequalities, together with
the equalities, is solved and the feasible solutions are kept (Schrijver 1986, ch. 8).
All arithmetic is exact on :class:`~fractions.Fraction` input (``tol=0``) and
tolerance-based on floats.

References
----------
A. Schrijver, *Theory of Linear and Integer Programming*, Wiley, 1986, ch. 8 (vertices
of polyhedra as basic solutions).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

__all__ = [
    "simplex_polytope_vertices",
    "belief_region",
    "merge_intervals",
    "coordinate_ranges",
]

Number = Any  # Fraction or float
Row = Sequence[Number]


def _is_zero(x: Number, tol: float) -> bool:
    return x == 0 if tol == 0 else abs(x) <= tol


def _solve_square(rows: list[list[Number]], rhs: list[Number], tol: float) -> list[Number] | None:
    """Solve a square linear system by Gaussian elimination; ``None`` if singular."""
    n = len(rows)
    m = [list(r) + [b] for r, b in zip(rows, rhs, strict=True)]
    for col in range(n):
        if tol == 0:
            pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        else:
            pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
            if abs(m[pivot][col]) <= tol:
                pivot = None
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        for r in range(n):
            if r != col and not _is_zero(m[r][col], 0 if tol == 0 else 0.0):
                f = m[r][col] / p
                if f != 0:
                    m[r] = [a - f * b for a, b in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def _rank(rows: list[list[Number]], tol: float) -> int:
    m = [list(r) for r in rows]
    rank = 0
    ncols = len(m[0]) if m else 0
    for col in range(ncols):
        pivot = None
        for r in range(rank, len(m)):
            if not _is_zero(m[r][col], tol):
                pivot = r
                break
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and not _is_zero(m[r][col], tol):
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def simplex_polytope_vertices(
    dim: int,
    equalities: Sequence[tuple[Row, Number]] = (),
    inequalities: Sequence[tuple[Row, Number]] = (),
    *,
    tol: float = 0.0,
) -> list[tuple[Number, ...]]:
    """Vertices of ``{x in Δ_dim : a·x = b (equalities), a·x <= b (inequalities)}``.

    Parameters
    ----------
    dim
        Number of coordinates; ``x`` ranges over the probability simplex of that size.
    equalities, inequalities
        ``(row, rhs)`` pairs.
    tol
        0 for exact Fraction arithmetic; a small float for float input.

    Returns
    -------
    list of tuple
        The distinct vertices (empty when the polytope is empty).

    Examples
    --------
    Beliefs ``(μ, 1 - μ)`` under which challenging (worth ``-1`` against the strong type
    and ``1`` against the weak one) is at least as good as not challenging (``0``):

    >>> simplex_polytope_vertices(2, inequalities=[((1, -1), 0)])
    [(Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    """
    one: Number = 1.0 if tol else Fraction(1)
    zero: Number = 0.0 if tol else Fraction(0)

    def conv(x: Number) -> Number:
        return float(x) if tol else Fraction(x)

    eq_rows = [[one] * dim] + [[conv(a) for a in r] for r, _ in equalities]
    eq_rhs = [one] + [conv(b) for _, b in equalities]
    ineq = [([conv(a) for a in r], conv(b)) for r, b in inequalities]
    # nonnegativity as -x_j <= 0
    for j in range(dim):
        row = [zero] * dim
        row[j] = -one
        ineq.append((row, zero))
    rank = _rank(eq_rows, tol)
    need = dim - rank
    # keep a maximal independent subset of the equalities
    basis_rows: list[list[Number]] = []
    basis_rhs: list[Number] = []
    for r, b in zip(eq_rows, eq_rhs, strict=True):
        if _rank(basis_rows + [r], tol) > len(basis_rows):
            basis_rows.append(r)
            basis_rhs.append(b)
    vertices: list[tuple[Number, ...]] = []
    for combo in itertools.combinations(range(len(ineq)), need):
        rows = basis_rows + [ineq[k][0] for k in combo]
        rhs = basis_rhs + [ineq[k][1] for k in combo]
        x = _solve_square(rows, rhs, tol)
        if x is None:
            continue
        if not _feasible(x, eq_rows, eq_rhs, ineq, tol):
            continue
        if tol == 0:
            point = tuple(x)
        else:
            point = tuple(0.0 if abs(v) <= tol else v for v in x)
        if not any(_same(point, w, tol) for w in vertices):
            vertices.append(point)
    return vertices


def _feasible(x: list[Number], eq_rows, eq_rhs, ineq, tol: float) -> bool:
    for r, b in zip(eq_rows, eq_rhs, strict=True):
        s = sum((a * v for a, v in zip(r, x, strict=True)), 0)
        if not _is_zero(s - b, tol * 10 if tol else 0):
            return False
    for r, b in ineq:
        s = sum((a * v for a, v in zip(r, x, strict=True)), 0)
        if (s > b) if tol == 0 else (s > b + tol * 10):
            return False
    return True


def _same(a: Sequence[Number], b: Sequence[Number], tol: float) -> bool:
    if tol == 0:
        return tuple(a) == tuple(b)
    return all(abs(x - y) <= tol * 100 for x, y in zip(a, b, strict=True))


def belief_region(
    values: Sequence[Sequence[Number]], support: Sequence[int], *, tol: float = 0.0
) -> list[tuple[Number, ...]]:
    """Vertices of the set of beliefs under which every action in ``support`` is optimal.

    ``values[v][a]`` is the mover's continuation value of action ``a`` at node ``v`` of
    the information set; the belief is a distribution over its nodes. The set is
    ``{μ : μ·V[:, a] = μ·V[:, s] for a in support, μ·V[:, a'] <= μ·V[:, s] otherwise}``.

    Examples
    --------
    Two nodes (strong, weak defender), actions (challenge, stay out):

    >>> belief_region([[-1, 0], [1, 0]], [0])   # challenge optimal iff μ(strong) <= 1/2
    [(Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    """
    n = len(values)
    k = len(values[0]) if n else 0
    s0 = support[0]
    eqs = []
    ineqs = []
    for a in range(k):
        if a == s0:
            continue
        row = [values[v][a] - values[v][s0] for v in range(n)]
        if a in support:
            eqs.append((row, 0))
        else:
            ineqs.append((row, 0))
    return simplex_polytope_vertices(n, eqs, ineqs, tol=tol)


def coordinate_ranges(vertices: Sequence[Sequence[Number]]) -> list[tuple[Number, Number]]:
    """``[min, max]`` of each coordinate over the vertices (the ranges of a polytope)."""
    if not vertices:
        return []
    dim = len(vertices[0])
    return [(min(v[j] for v in vertices), max(v[j] for v in vertices)) for j in range(dim)]


def merge_intervals(
    intervals: Sequence[tuple[Number, Number]], tol: float = 0.0
) -> list[tuple[Number, Number]]:
    """Union of closed intervals as a sorted list of disjoint intervals."""
    out: list[list[Number]] = []
    for lo, hi in sorted(intervals, key=lambda t: (t[0], t[1])):
        if out and lo <= (out[-1][1] + tol if tol else out[-1][1]):
            if hi > out[-1][1]:
                out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]
