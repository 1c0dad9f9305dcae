"""Sparse Gaussian elimination in rational arithmetic (for exact certificates).

A square system given column by column (``cols[j] = {row: value}``) is solved exactly
with :class:`fractions.Fraction`\\ s. Pivots are picked by a Markowitz rule (a row with
fewest nonzeros, then its column appearing in fewest rows), which keeps the fill-in small
on the block-triangular bases of sequence-form LCPs.

References
----------
H. M. Markowitz, "The elimination form of the inverse and its application to linear
programming", *Management Science* 3, 1957, pp. 255-269.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

__all__ = ["solve_sparse_rational"]


def solve_sparse_rational(
    cols: Sequence[Mapping[int, Fraction]], rhs: Mapping[int, Fraction], n: int
) -> list[Fraction] | None:
    """Solve ``M z = rhs`` for square ``M`` given by columns; ``None`` if singular."""
    rows: list[dict[int, Fraction]] = [{} for _ in range(n)]
    for j, col in enumerate(cols):
        for i, v in col.items():
            if v != 0:
                rows[i][j] = Fraction(v)
    b = [Fraction(rhs.get(i, 0)) for i in range(n)]
    col_rows: dict[int, set[int]] = {j: set() for j in range(len(cols))}
    for i, row in enumerate(rows):
        for j in row:
            col_rows[j].add(i)
    remaining = set(range(n))
    order: list[tuple[int, int]] = []
    # buckets of rows by length make the Markowitz choice cheap
    while remaining:
        i = min(remaining, key=lambda r: len(rows[r]))
        row = rows[i]
        if not row:
            return None
        j = min(row, key=lambda c: len(col_rows[c]))
        pivot = row[j]
        remaining.discard(i)
        order.append((i, j))
        for k in list(col_rows[j]):
            if k == i or k not in remaining:
                continue
            other = rows[k]
            factor = other[j] / pivot
            for c, v in row.items():
                nv = other.get(c, Fraction(0)) - factor * v
                if nv == 0:
                    if c in other:
                        del other[c]
                        col_rows[c].discard(k)
                else:
                    if c not in other:
                        col_rows[c].add(k)
                    other[c] = nv
            b[k] -= factor * b[i]
        for c in row:
            col_rows[c].discard(i)
    z = [Fraction(0)] * len(cols)
    for i, j in reversed(order):
        row = rows[i]
        acc = b[i]
        for c, v in row.items():
            if c != j:
                acc -= v * z[c]
        z[j] = acc / row[j]
    return z
