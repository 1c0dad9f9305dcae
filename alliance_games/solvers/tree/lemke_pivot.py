"""The linear complementarity problem of the sequence form and Lemke's pivoting on it.

:class:`_Problem` holds the sequence-form LCP of a two-player tree (Koller, Megiddo &
von Stengel 1996): the sparse constraint matrix with columns ``w_x, w_y, x, y, p, q, z0``
and its right-hand side. :func:`_lemke_path` follows Lemke's complementary path from an
initial basis, with a sparse LU of the basis (:class:`_Basis`) updated in product form
between refactorisations (Lemke 1965; Chvátal 1983, ch. 24 for the revised method). A
small problem (:data:`DENSE_ROWS`) keeps its constraint matrix as a dense array and solves
with its basis afresh at every pivot (:class:`_DenseBasis`, LAPACK's LU through numpy), so
that a catalog tree never imports scipy: importing scipy.sparse and the scipy.linalg its
LU needs costs about 0.2 s, more than the whole ``solve`` of such a tree (issue 13,
goal 6), whose path takes a few pivots on a 34 x 34 basis.

References
----------
D. Koller, N. Megiddo & B. von Stengel, "Efficient computation of equilibria for extensive
two-person games", *Games and Economic Behavior* 14, 1996, pp. 247-259.
C. E. Lemke, "Bimatrix equilibrium points and mathematical programming", *Management
Science* 11, 1965, pp. 681-689.
V. Chvátal, *Linear Programming*, Freeman, 1983.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...errors import SolverError
from ...games.sequence_form import CooMatrix

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__: list[str] = []

#: Problems with at most this many rows (``n1 + n2 + m1 + m2``: sequences plus
#: information sets plus 2) are pivoted on dense arrays, without scipy. A dense solve
#: costs O(N^3) per pivot against a few sparse triangular solves: measured on random
#: trees, the dense path is faster up to about 55 rows and within 15 % at 64 even in a
#: process that has scipy loaded already, 1.5-2 times slower at 80-95 rows, and up to
#: 2-250 times slower past about 100 rows, where OpenBLAS's threads join in
#: (benchmarks/README.md, goal 6, sixth round). The catalog's trees have 13 to 40 rows.
DENSE_ROWS = 64


# ---------------------------------------------------------------------- problem data
@dataclass(frozen=True)
class _Problem:
    n1: int
    n2: int
    m1: int
    m2: int
    C: np.ndarray | sp.csc_matrix  # constraints, columns: w_x, w_y, x, y, p, q, z0
    rhs0: np.ndarray  # unperturbed right-hand side
    E: CooMatrix
    F: CooMatrix
    A: CooMatrix
    B: CooMatrix
    a_prior: np.ndarray  # A ȳ
    b_prior: np.ndarray  # B^T x̄

    @property
    def N(self) -> int:
        return self.n1 + self.n2 + self.m1 + self.m2

    # column offsets
    @property
    def c_wx(self) -> int:
        return 0

    @property
    def c_wy(self) -> int:
        return self.n1

    @property
    def c_x(self) -> int:
        return self.n1 + self.n2

    @property
    def c_y(self) -> int:
        return 2 * self.n1 + self.n2

    @property
    def c_p(self) -> int:
        return 2 * self.n1 + 2 * self.n2

    @property
    def c_q(self) -> int:
        return self.c_p + self.m1

    @property
    def c_z0(self) -> int:
        return self.c_q + self.m2

    def complement(self, col: int) -> int:
        n1, n2 = self.n1, self.n2
        if col < n1:
            return self.c_x + col
        if col < n1 + n2:
            return self.c_y + col - n1
        if col < 2 * n1 + n2:
            return col - self.c_x
        if col < self.c_p:
            return n1 + col - self.c_y
        raise ValueError("p, q and z0 have no complement")


# ---------------------------------------------------------------------- revised pivoting
class _Basis:
    """Sparse LU of the basis matrix with product-form eta updates.

    At each refactorisation the basic slack columns (unit vectors) are eliminated first:
    with rows and columns permuted, ``B = [[I, M_s], [0, M_t]]``, so a solve needs the LU
    of the smaller square block ``M_t`` only, and ``d_slack = a_slack - M_s d_t``.
    """

    def __init__(self, C: sp.csc_matrix, basis: np.ndarray, n_slack: int,
                 refactor_every: int) -> None:
        self.C = C
        self.N = C.shape[0]
        self.n_slack = n_slack
        self.basis = basis.copy()
        self.refactor_every = refactor_every
        self.refactor()

    def refactor(self) -> None:
        import scipy.sparse.linalg as spla

        slack = self.basis < self.n_slack
        self.pos_slack = np.nonzero(slack)[0]
        self.pos_struct = np.nonzero(~slack)[0]
        self.rows_slack = self.basis[self.pos_slack]
        mask = np.ones(self.N, dtype=bool)
        mask[self.rows_slack] = False
        self.rows_struct = np.nonzero(mask)[0]
        cols = self.C[:, self.basis[self.pos_struct]].tocsr()
        M_t = cols[self.rows_struct].tocsc()
        self.M_s = cols[self.rows_slack].tocsr()
        try:
            self.lu = spla.splu(M_t, permc_spec="COLAMD") if M_t.shape[0] else None
        except RuntimeError as exc:
            raise SolverError(f"sequence-form Lemke: singular basis ({exc})") from None
        self.etas: list[tuple[int, np.ndarray, np.ndarray, float]] = []

    def base_solve(self, v: np.ndarray) -> np.ndarray:
        """Solve with the basis of the last refactorisation."""
        d = np.empty(self.N)
        if self.lu is not None:
            d_t = self.lu.solve(v[self.rows_struct])
            d[self.pos_struct] = d_t
            d[self.pos_slack] = v[self.rows_slack] - self.M_s @ d_t
        else:
            d[self.pos_slack] = v[self.rows_slack]
        return d

    def column(self, col: int) -> np.ndarray:
        v = np.zeros(self.N)
        lo, hi = self.C.indptr[col], self.C.indptr[col + 1]
        v[self.C.indices[lo:hi]] = self.C.data[lo:hi]
        return v

    def ftran(self, v: np.ndarray) -> np.ndarray:
        x = self.base_solve(v)
        for r, idx, vals, dr in self.etas:
            xr = x[r] / dr
            if xr != 0.0:
                x[idx] -= vals * xr
            x[r] = xr
        return x

    def replace(self, r: int, col: int, d: np.ndarray) -> None:
        self.basis[r] = col
        if len(self.etas) >= self.refactor_every:
            self.refactor()
            return
        idx = np.nonzero(d)[0]
        idx = idx[idx != r]
        self.etas.append((r, idx, d[idx].copy(), float(d[r])))


class _DenseBasis:
    """The basis matrix of a small problem, held as a dense array.

    Each solve factorises the current basis afresh (``numpy.linalg.solve``, LAPACK's LU
    with partial pivoting): with a few dozen rows that costs microseconds, and it keeps
    scipy out of the process (importing scipy.sparse and scipy.linalg for
    :class:`_Basis` costs about 0.2 s, more than the whole ``solve`` of a catalog tree).
    ``etas`` stays empty, so :func:`_lemke_path` re-solves the basic values at every
    pivot instead of updating them.
    """

    def __init__(self, C: np.ndarray, basis: np.ndarray) -> None:
        self.C = C
        self.N = C.shape[0]
        self.basis = basis.copy()
        self.matrix = C[:, self.basis]
        self.etas: list[tuple[int, np.ndarray, np.ndarray, float]] = []

    def base_solve(self, v: np.ndarray) -> np.ndarray:
        try:
            return np.linalg.solve(self.matrix, v)
        except np.linalg.LinAlgError as exc:
            raise SolverError(f"sequence-form Lemke: singular basis ({exc})") from None

    ftran = base_solve

    def column(self, col: int) -> np.ndarray:
        return self.C[:, col].copy()

    def replace(self, r: int, col: int, d: np.ndarray) -> None:
        self.basis[r] = col
        self.matrix[:, r] = self.C[:, col]


def _lemke_path(
    pb: _Problem,
    basis0: np.ndarray,
    rhs: np.ndarray,
    *,
    max_pivots: int,
    deadline: float | None,
    progress: Callable[[int, int], None] | None,
    refactor_every: int = 60,
) -> tuple[np.ndarray, int]:
    """Follow the complementary path; return the final basis (columns) and the pivot count."""
    B: _Basis | _DenseBasis
    if isinstance(pb.C, np.ndarray):
        B = _DenseBasis(pb.C, basis0)
    else:
        B = _Basis(pb.C, basis0, pb.n1 + pb.n2, refactor_every)
    beta = B.base_solve(rhs)
    free = (B.basis >= pb.c_p) & (B.basis < pb.c_z0)
    if np.any(beta[~free] < -1e-10):
        raise SolverError("sequence-form Lemke: infeasible starting basis")
    entering = pb.c_x  # x(∅)
    pivots = 0
    tol = 1e-11
    while True:
        if pivots >= max_pivots:
            raise SolverError(f"sequence-form Lemke: no equilibrium after {pivots} pivots")
        if pivots % 200 == 0:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError
            if progress is not None:
                progress(pivots, max_pivots)
        d = B.ftran(B.column(entering))
        free = (B.basis >= pb.c_p) & (B.basis < pb.c_z0)
        cand = np.nonzero((~free) & (d > tol))[0]
        if cand.size == 0:
            raise SolverError("sequence-form Lemke: the path ended on a ray")
        ratios = np.maximum(beta[cand], 0.0) / d[cand]
        best = ratios.min()
        near = cand[ratios <= best + 1e-12 * max(1.0, best)]
        z0_pos = np.nonzero(B.basis[near] == pb.c_z0)[0]
        r = int(near[z0_pos[0]]) if z0_pos.size else int(near[np.argmax(d[near])])
        theta = max(beta[r], 0.0) / d[r]
        beta = beta - theta * d
        beta[r] = theta
        leaving = int(B.basis[r])
        B.replace(r, entering, d)
        if not B.etas:  # refactorised: refresh the basic values
            beta = B.base_solve(rhs)
        pivots += 1
        if leaving == pb.c_z0:
            return B.basis.copy(), pivots
        entering = pb.complement(leaving)
