"""Exact rational linear algebra used to certify equilibria of bimatrix games.

Floating-point enumeration proposes candidates; the helpers here recompute them in
:class:`fractions.Fraction` arithmetic from the constraints that define them, so that a
reported equilibrium is exactly one. Everything is plain Python (no numpy object
arithmetic), which is fast enough for the small systems that certification needs.

References
----------
Schrijver, A. (1986). *Theory of Linear and Integer Programming*, ch. 3 (Gaussian
elimination in rational arithmetic; fraction-free variants).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = [
    "normalized_payoffs",
    "normalized_payoffs_float",
    "solve",
    "solve_integer",
    "integer_rows",
    "normalized_integer_rows",
]


def normalized_payoffs(matrix: np.ndarray) -> list[list[Fraction]]:
    """Map a payoff matrix affinely onto ``[1, 2]``: ``1 + (a - lo) / (hi - lo)``.

    A positive affine transformation of one player's payoffs leaves best responses, and so
    every Nash equilibrium, unchanged; making all entries at least 1 bounds the
    best-response polytopes (von Stengel 2002, sec. 3.2). A constant matrix maps to all
    ones.

    Examples
    --------
    >>> normalized_payoffs(np.array([[0, 2], [4, 1]], dtype=object))
    [[Fraction(1, 1), Fraction(3, 2)], [Fraction(2, 1), Fraction(5, 4)]]
    """
    rows = [[Fraction(v) for v in row] for row in matrix]
    flat = [v for row in rows for v in row]
    lo, hi = min(flat), max(flat)
    if hi == lo:
        return [[Fraction(1) for _ in row] for row in rows]
    span = hi - lo
    return [[1 + (v - lo) / span for v in row] for row in rows]


def normalized_payoffs_float(matrix: np.ndarray) -> np.ndarray:
    """Float twin of :func:`normalized_payoffs` (entries in ``[1, 2]``)."""
    a = np.asarray(matrix, dtype=float)
    lo, hi = float(a.min()), float(a.max())
    if hi - lo <= 0.0:
        return np.ones_like(a)
    return 1.0 + (a - lo) / (hi - lo)


def normalized_integer_rows(matrix: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """:func:`normalized_payoffs` as integer rows, without building Fractions.

    With ``a = a_int / L`` (``L`` the lcm of the denominators), ``1 + (a - lo)/(hi - lo)
    = (a_int - lo_int + span) / span`` where ``span = hi_int - lo_int``. Returns
    ``(ints, mults)`` in the format of :func:`integer_rows` (every row's multiplier is
    ``span``).

    Examples
    --------
    >>> normalized_integer_rows(np.array([[0, 2], [4, 1]], dtype=object))
    ([[4, 6], [8, 5]], [4, 4])
    """
    entries = [Fraction(v) for v in np.asarray(matrix, dtype=object).ravel()]
    scale = 1
    for v in entries:
        scale = math.lcm(scale, v.denominator)
    ints = [v.numerator * (scale // v.denominator) for v in entries]
    lo, hi = min(ints), max(ints)
    rows, cols = np.shape(matrix)
    if hi == lo:
        return [[1] * cols for _ in range(rows)], [1] * rows
    span = hi - lo
    shifted = [v - lo + span for v in ints]
    return [shifted[i * cols : (i + 1) * cols] for i in range(rows)], [span] * rows


def integer_rows(rows: Sequence[Sequence[Fraction]]) -> tuple[list[list[int]], list[int]]:
    """Scale each row by the lcm of its denominators.

    Returns the integer rows and the multipliers, so that ``rows[i] = ints[i] / mult[i]``.
    """
    ints: list[list[int]] = []
    mults: list[int] = []
    for row in rows:
        mult = 1
        for v in row:
            mult = math.lcm(mult, Fraction(v).denominator)
        ints.append([int(Fraction(v) * mult) for v in row])
        mults.append(mult)
    return ints, mults


def solve(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """Solve the square system ``matrix @ x = rhs`` exactly; ``None`` if it is singular.

    Gauss-Jordan elimination with the first nonzero pivot in each column (exact
    arithmetic needs no pivoting for stability).

    Examples
    --------
    >>> solve([[2, 1], [1, 3]], [3, 5])
    [Fraction(4, 5), Fraction(7, 5)]
    >>> solve([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    n = len(matrix)
    aug = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = next((i for i in range(col, n) if aug[i][col] != 0), None)
        if pivot is None:
            return None
        aug[col], aug[pivot] = aug[pivot], aug[col]
        prow = aug[col]
        inv = 1 / prow[col]
        prow[:] = [v * inv for v in prow]
        for i in range(n):
            if i != col:
                factor = aug[i][col]
                if factor != 0:
                    row = aug[i]
                    row[:] = [a - factor * b for a, b in zip(row, prow, strict=True)]
    return [row[n] for row in aug]


def solve_integer(
    matrix: Sequence[Sequence[int]], rhs: Sequence[int]
) -> tuple[list[int], int] | None:
    """Solve the square integer system ``matrix @ x = rhs`` without fractions.

    Fraction-free Gauss-Jordan elimination (Bareiss 1968; Montante's variant): every
    division is exact, every intermediate entry is a minor of the augmented matrix, and at
    the end every diagonal entry equals ``±det``. Returns ``(numerators, det)`` with
    ``det > 0`` and ``x = numerators / det``, or ``None`` if the matrix is singular.

    Examples
    --------
    >>> solve_integer([[2, 1], [1, 3]], [3, 5])
    ([4, 7], 5)
    >>> solve_integer([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    n = len(matrix)
    aug = [list(row) + [b] for row, b in zip(matrix, rhs, strict=True)]
    prev = 1
    for col in range(n):
        pivot = next((i for i in range(col, n) if aug[i][col] != 0), None)
        if pivot is None:
            return None
        aug[col], aug[pivot] = aug[pivot], aug[col]
        prow = aug[col]
        p = prow[col]
        for i in range(n):
            if i != col:
                row = aug[i]
                f = row[col]
                aug[i] = [(p * a - f * b) // prev for a, b in zip(row, prow, strict=True)]
        prev = p
    det = aug[0][0]
    sign = 1 if det > 0 else -1
    return [sign * row[n] for row in aug], sign * det
