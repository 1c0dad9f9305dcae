"""Dense linear algebra shared by the numba kernels (imported only when numba is
installed): small matrices inverted inside compiled loops, where a call into numpy's
LAPACK wrapper (allocation, argument checks) would cost more than the elimination.
"""

# mypy: ignore-errors
# ruff: noqa: ANN001, ANN202

from __future__ import annotations

import numba

_njit = numba.njit(cache=True, nogil=True)


@_njit
def gauss_jordan(mat, k, y, work):
    """``y[:k, :k] = mat[:k, :k]^{-1}`` by Gauss-Jordan elimination with partial
    pivoting, ``work`` a ``(k, k)`` scratch array; False (and ``y = 0``) when a pivot is
    exactly 0."""
    for r in range(k):
        for c in range(k):
            work[r, c] = mat[r, c]
            y[r, c] = 1.0 if r == c else 0.0
    for c in range(k):
        p = c
        for r in range(c + 1, k):
            if abs(work[r, c]) > abs(work[p, c]):
                p = r
        if work[p, c] == 0.0:
            y[:k, :k] = 0.0
            return False
        if p != c:
            for q in range(k):
                tmp = work[c, q]
                work[c, q] = work[p, q]
                work[p, q] = tmp
                tmp = y[c, q]
                y[c, q] = y[p, q]
                y[p, q] = tmp
        piv = work[c, c]
        for q in range(k):
            work[c, q] /= piv
            y[c, q] /= piv
        for r in range(k):
            if r != c:
                f = work[r, c]
                if f != 0.0:
                    for q in range(k):
                        work[r, q] -= f * work[c, q]
                        y[r, q] -= f * y[c, q]
    return True
