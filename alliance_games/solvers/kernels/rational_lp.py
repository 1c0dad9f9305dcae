"""Small linear programs solved exactly: the two-phase simplex method in Fractions.

Several solvers ask tiny linear programs (a handful of rows and columns): the tremble
ranks of a sequential-equilibrium witness, a player's mixed minmax value in a repeated
game, the feasibility of a belief polytope. They are answered here by the textbook
two-phase simplex method on the tableau, in :class:`fractions.Fraction` arithmetic, with
Bland's rule (the entering column is the first with a negative reduced cost, the leaving
row the first of the tied minimum ratios by basic-variable index), which never cycles
(Bland 1977; Schrijver 1986, ch. 11; Chvátal 1983, ch. 3 and 8).

Why hand-written rather than ``scipy.optimize.linprog``: (1) the answer is exact, a
rational optimum with its certificate (dual multipliers ``y`` with ``c - Aᵀy ≥ 0`` and
``b·y = c·x``, a Farkas vector for an infeasible program, an improving ray for an
unbounded one), checked in rationals before it is returned, so callers need not round
HiGHS' floats back to fractions; (2) importing ``scipy.optimize`` costs about 0.32 s,
more than a whole catalog ``solve`` (issue 13, goal 6), while these programs take
well under a millisecond. :func:`linprog` keeps scipy's HiGHS for programs above
:data:`EXACT_CELLS` tableau cells, where exact pivoting would be the slower choice.

**The float-guided path.** From :data:`GUIDED_CELLS` tableau cells on,
:func:`linprog_exact` first runs the *same* two-phase method (the same starting basis,
Bland's entering and leaving rules, ties by basic-variable index, the same removal of
zero-level artificials) in numpy floats, where a pivot is one rank-one update, with
ratios within a relative 1e-9 counted as tied. Its final basis ``B`` is only a guess:
the exact primal ``x_B = B⁻¹b`` and dual ``y = B⁻ᵀc_B`` are computed from it in
Fractions (a basic column with a single nonzero settles its row; the rest is a small
square system) and the optimality certificate (``x ≥ 0``, ``A x = b``, ``Aᵀy ≤ c``,
``b·y = c·x``) is checked in rationals, as on the exact route. When phase 1 ends
above 0, the phase-1 duals ``y = B⁻ᵀc¹_B`` of its final basis (``c¹`` = 1 on the
artificials) are the candidate Farkas vector, checked exactly (``Aᵀy ≤ 0``,
``b·y > 0``). When the basis is singular or fails its check, or the floats end
unbounded, the exact pivots run from the start, so the answer and its certificate are
those of the exact method (and when the floats followed the same path, the same
vertex, multipliers or Farkas vector).
The certificate is all that matters: a basis passing it is optimal whatever the floats
did (weak duality). The profile program of the UN Security Council game (67 rows)
takes some 4 ms this way against 25 ms of Fraction pivots; the infeasible tremble-rank
programs of a 512-leaf tree's PBE (42 variables, about 20 rows) some 1 ms against 4.

Problem form (scipy's): minimise ``c·x`` subject to ``A_ub x ≤ b_ub``, ``A_eq x = b_eq``
and ``lo_j ≤ x_j ≤ hi_j`` (``None`` for an infinite bound; the default bounds are
``(0, None)``). Status codes are scipy's: 0 optimal, 2 infeasible, 3 unbounded.

References
----------
R. G. Bland, "New finite pivoting rules for the simplex method", *Mathematics of
Operations Research* 2(2), 1977, 103-107.
V. Chvátal, *Linear Programming*, Freeman, 1983, ch. 3 (two-phase method), 8 (Bland).
A. Schrijver, *Theory of Linear and Integer Programming*, Wiley, 1986, ch. 11.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "EXACT_CELLS",
    "GUIDED_CELLS",
    "LPResult",
    "linprog",
    "linprog_exact",
    "standard_form_feasible",
]

#: Tableau cells (rows x columns of the standard form) up to which :func:`linprog`
#: pivots exactly; larger programs go to scipy's HiGHS. A catalog program has at most a
#: few hundred cells; at some 10^4 cells Fraction pivoting takes tens of milliseconds,
#: the cost of HiGHS plus its import.
EXACT_CELLS = 4000

#: Tableau cells from which :func:`linprog_exact` first runs the same simplex in floats
#: and certifies its final basis exactly (the float-guided path); below, numpy's
#: overhead exceeds the Fraction pivots it saves.
GUIDED_CELLS = 100

OPTIMAL, INFEASIBLE, UNBOUNDED = 0, 2, 3

_ZERO, _ONE = Fraction(0), Fraction(1)   # shared by the slack columns' padding

Bound = tuple[Any, Any]


@dataclass(frozen=True)
class LPResult:
    """Outcome of a linear program, in scipy's conventions.

    Attributes
    ----------
    status
        0 optimal, 2 infeasible, 3 unbounded (``scipy.optimize.OptimizeResult.status``).
    x, fun
        An optimal vertex and ``c·x`` (``None`` unless optimal).
    eq_marginals, ub_marginals
        ``∂fun/∂b_eq``, ``∂fun/∂b_ub`` at the optimum (scipy's ``eqlin.marginals`` and
        ``ineqlin.marginals``: the dual multipliers; ``≤ 0`` for ``≤`` rows). For an
        infeasible program, a Farkas certificate in the same places instead:
        multipliers ``y_eq, y_ub ≤ 0`` proving that no ``x`` meets the rows and bounds.
    ray
        For an unbounded program, a direction ``d`` with ``c·d < 0`` along which every
        feasible point stays feasible.
    exact
        True when every number is a Fraction (the simplex here), False from HiGHS.
    """

    status: int
    x: tuple[Any, ...] | None = None
    fun: Any = None
    eq_marginals: tuple[Any, ...] = ()
    ub_marginals: tuple[Any, ...] = ()
    ray: tuple[Any, ...] | None = None
    exact: bool = True
    message: str = field(default="", compare=False)

    @property
    def success(self) -> bool:
        """Whether an optimum was found (scipy's ``success``)."""
        return self.status == OPTIMAL


# ---------------------------------------------------------------- the standard form
class _Tableau:
    """``min c·x, A x = b, x ≥ 0`` with ``b ≥ 0``; columns ``n..n+m-1`` are artificial
    or, for a row whose own column is a unit vector, unused. (A plain class: a
    dataclass costs half a millisecond at import.)"""

    __slots__ = ("rows", "rhs", "basis", "first_basis", "n")

    def __init__(self, rows: list[list[Fraction]], rhs: list[Fraction], basis: list[int],
                 first_basis: list[int], n: int) -> None:
        self.rows = rows
        self.rhs = rhs
        self.basis = basis
        self.first_basis = first_basis   # the initial basic column of each row (B⁻¹'s)
        self.n = n                       # structural columns


def _pivot(t: _Tableau, cost: list[Fraction], value: list[Fraction], leave: int,
           enter: int) -> None:
    rows, rhs = t.rows, t.rhs
    prow = rows[leave]
    p = prow[enter]
    if p != 1:
        prow = [a / p for a in prow]
        rows[leave] = prow
        rhs[leave] = rhs[leave] / p
    prhs = rhs[leave]
    nz = [j for j, a in enumerate(prow) if a]
    for i, row in enumerate(rows):
        f = row[enter]
        if i != leave and f:
            for j in nz:
                row[j] -= f * prow[j]
            rhs[i] -= f * prhs
    f = cost[enter]
    if f:
        for j in nz:
            cost[j] -= f * prow[j]
        value[0] -= f * prhs
    t.basis[leave] = enter


def _iterate(t: _Tableau, cost: list[Fraction], value: list[Fraction],
             allowed: int) -> int | None:
    """Bland's rule until no reduced cost in columns ``< allowed`` is negative; returns
    ``None`` at the optimum, else the entering column of an unbounded direction."""
    while True:
        enter = next((j for j in range(allowed) if cost[j] < 0), None)
        if enter is None:
            return None
        leave, best = -1, Fraction(0)
        for i, row in enumerate(t.rows):
            a = row[enter]
            if a > 0:
                ratio = t.rhs[i] / a
                if leave < 0 or ratio < best or (ratio == best
                                                 and t.basis[i] < t.basis[leave]):
                    leave, best = i, ratio
        if leave < 0:
            return enter
        _pivot(t, cost, value, leave, enter)


def _tableau(A: list[list[Fraction]], b: list[Fraction],
             cols: list[list[tuple[int, Fraction]]] | None = None
             ) -> tuple[_Tableau, list[int]]:
    """The phase-1 tableau: rows with ``b ≥ 0``; a row whose own column is a unit
    vector (a slack) starts with that column basic, every other row with an artificial
    (:func:`_start`). Returns the tableau and the rows given artificials. ``cols``:
    ``A``'s :func:`_columns`, when already known."""
    m, n = len(A), len(A[0]) if A else 0
    zero = Fraction(0)
    rows = [list(r) + [zero] * m for r in A]
    rhs = list(b)
    for i in range(m):
        if rhs[i] < 0:
            rows[i] = [-a for a in rows[i]]
            rhs[i] = -rhs[i]
    basis, artificial = _start(cols if cols is not None else _columns(A, n), b)
    for i in artificial:
        rows[i][n + i] = Fraction(1)
    return _Tableau(rows, rhs, basis, list(basis), n), artificial


def _start(cols: list[list[tuple[int, Fraction]]], b: list[Fraction]
           ) -> tuple[list[int], list[int]]:
    """The initial basis (rows of negative ``b`` negated): for each row the first
    column that is 1 there and 0 in every other row (a column with a single nonzero can
    serve its own row only), else the row's artificial ``n + i``; and the rows given
    artificials."""
    m, n = len(b), len(cols)
    unit: list[int | None] = [None] * m
    for j, nonzero in enumerate(cols):
        if len(nonzero) == 1:
            i, a = nonzero[0]
            if (a == 1 if b[i] >= 0 else a == -1) and unit[i] is None:
                unit[i] = j
    basis = [n + i if j is None else j for i, j in enumerate(unit)]
    return basis, [i for i, j in enumerate(unit) if j is None]


def _columns(rows: list[list[Fraction]], n: int) -> list[list[tuple[int, Fraction]]]:
    """The nonzero entries ``(row, value)`` of each of the first ``n`` columns."""
    cols: list[list[tuple[int, Fraction]]] = [[] for _ in range(n)]
    for i, row in enumerate(rows):
        for j in range(n):
            a = row[j]
            if a is not _ZERO and a:   # the padding's shared zero needs no comparison
                cols[j].append((i, a))
    return cols


def _phase_one(t: _Tableau, artificial: list[int]) -> tuple[bool, list[Fraction]]:
    """Minimise the sum of the artificials; feasible iff it reaches 0. Returns the
    verdict and the phase-1 reduced costs (a Farkas vector when infeasible)."""
    width = len(t.rows[0]) if t.rows else 0
    cost = [Fraction(0)] * width
    value = [Fraction(0)]
    for i in artificial:
        cost[t.n + i] = Fraction(1)
    for i in artificial:   # price out the basic artificials
        for j, a in enumerate(t.rows[i]):
            if a:
                cost[j] -= a
        value[0] -= t.rhs[i]
    _iterate(t, cost, value, t.n)
    if value[0] != 0:   # the tableau's value is minus the phase-1 objective
        return False, cost
    for i in range(len(t.rows)):   # drive zero-level artificials out where possible
        if t.basis[i] >= t.n:
            col = next((j for j in range(t.n) if t.rows[i][j]), None)
            if col is not None:
                _pivot(t, cost, value, i, col)
    return True, cost


def _standard_solve(A: list[list[Fraction]], b: list[Fraction], c: list[Fraction],
                    guided: bool = False
                    ) -> tuple[int, list[Fraction], list[Fraction], list[Fraction]]:
    """Solve ``min c·x, A x = b, x ≥ 0`` (any sign of ``b``).

    Returns ``(status, x, y, ray)``: at the optimum ``y`` with ``Aᵀy ≤ c`` and
    ``b·y = c·x``; when infeasible a Farkas ``y`` with ``Aᵀy ≤ 0``, ``b·y > 0``; when
    unbounded ``ray ≥ 0`` with ``A·ray = 0`` and ``c·ray < 0``. Each is checked here.
    ``guided``: first find the final basis in floats (:func:`_float_basis`), solve it
    exactly (:func:`_basic_solution`) and check its certificate (:func:`_optimal`, or
    :func:`_farkas` after phase 1); the exact pivots run only when that fails.
    """
    m, n = len(A), len(c)
    sign = [Fraction(-1) if bi < 0 else Fraction(1) for bi in b]
    cols = _columns(A, n)
    if guided:
        guess = _float_guess(cols, b, c)
        if guess is not None and guess[0] == OPTIMAL:
            found = _basic_solution(cols, b, c, guess[1], sign)
            if found is not None and _optimal(b, c, cols, *found):
                return OPTIMAL, found[0], found[1], []
        elif guess is not None:   # phase 1's duals: a Farkas vector, if they verify
            found = _basic_solution(cols, b, c, guess[1], sign, phase_one=True)
            if found is not None and _farkas(b, cols, found[1]):
                return INFEASIBLE, [], found[1], []
    t, artificial = _tableau(A, b, cols)
    feasible, cost1 = _phase_one(t, artificial)
    if not feasible:
        # y_i = c1_i - d_i for the initial basic column of row i (c1 = 1 on artificials)
        y = [sign[i] * ((1 if t.first_basis[i] >= n else 0) - cost1[t.first_basis[i]])
             for i in range(m)]
        _check(_farkas(b, cols, y), "Farkas certificate")
        return INFEASIBLE, [], y, []
    width = len(t.rows[0]) if t.rows else n
    cost = list(c) + [Fraction(0)] * (width - n)
    value = [Fraction(0)]
    for i, j in enumerate(t.basis):   # price out the basis
        f = cost[j]
        if f:
            for k, a in enumerate(t.rows[i]):
                if a:
                    cost[k] -= f * a
            value[0] -= f * t.rhs[i]
    enter = _iterate(t, cost, value, n)
    if enter is not None:
        ray = [Fraction(0)] * n
        ray[enter] = Fraction(1)
        for i, j in enumerate(t.basis):
            if j < n:
                ray[j] = -t.rows[i][enter]
        _check(all(v == 0 for v in _row_sums(m, cols, ray))
               and sum(c[j] * ray[j] for j in range(n)) < 0, "unbounded ray")
        return UNBOUNDED, [], [], ray
    x = [Fraction(0)] * n
    for i, j in enumerate(t.basis):
        if j < n:
            x[j] = t.rhs[i]
    full_c = list(c) + [Fraction(0)] * (width - n)
    y = [sign[i] * (full_c[t.first_basis[i]] - cost[t.first_basis[i]]) for i in range(m)]
    _check(_optimal(b, c, cols, x, y), "optimality certificate")
    return OPTIMAL, x, y, []


def _dot_column(col: list[tuple[int, Fraction]], y: list[Fraction]) -> Fraction:
    """``Σ_i A_ij y_i`` over the column's nonzero entries."""
    return sum((a * y[i] for i, a in col if y[i]), Fraction(0))


def _row_sums(m: int, cols: list[list[tuple[int, Fraction]]], x: list[Fraction]
              ) -> list[Fraction]:
    """``A x`` from the columns' nonzero entries."""
    out = [Fraction(0)] * m
    for col, v in zip(cols, x, strict=True):
        if v:
            for i, a in col:
                out[i] += a * v
    return out


def _farkas(b: list[Fraction], cols: list[list[tuple[int, Fraction]]], y: list[Fraction]
            ) -> bool:
    """``Aᵀy ≤ 0`` and ``b·y > 0``: then ``0 ≥ yᵀA x = yᵀb > 0`` for any ``x ≥ 0`` with
    ``A x = b``, so there is none (Farkas' lemma), in rationals."""
    return (all(_dot_column(col, y) <= 0 for col in cols)
            and sum((bi * yi for bi, yi in zip(b, y, strict=True) if yi), Fraction(0)) > 0)


def _optimal(b: list[Fraction], c: list[Fraction], cols: list[list[tuple[int, Fraction]]],
             x: list[Fraction], y: list[Fraction]) -> bool:
    """``x ≥ 0``, ``A x = b``, ``Aᵀy ≤ c`` and ``b·y = c·x`` (``A`` by its columns'
    nonzero entries): the optimality certificate (weak duality makes ``x`` optimal and
    ``y`` dual optimal), in rationals."""
    return (all(v >= 0 for v in x)
            and all(_dot_column(col, y) <= cj for col, cj in zip(cols, c, strict=True))
            and sum((bi * yi for bi, yi in zip(b, y, strict=True) if yi), Fraction(0))
            == sum((cj * xj for cj, xj in zip(c, x, strict=True) if xj), Fraction(0))
            and _row_sums(len(b), cols, x) == b)


# ------------------------------------------------ the float-guided path (large programs)
def _float_guess(cols: list[list[tuple[int, Fraction]]], b: list[Fraction],
                 c: list[Fraction]) -> tuple[int, list[int]] | None:
    """:func:`_float_basis`, or ``None`` when a number does not fit a float (or the
    floats overflow): the exact route then decides alone."""
    import numpy as np

    try:
        with np.errstate(all="ignore"):
            return _float_basis(cols, b, c)
    except (OverflowError, ValueError, ZeroDivisionError):
        return None


def _float_basis(cols: list[list[tuple[int, Fraction]]], b: list[Fraction],
                 c: list[Fraction]) -> tuple[int, list[int]] | None:
    """The final basis of the same two-phase simplex (the same tableau, Bland's rule,
    the same tie-breaking, the same removal of zero-level artificials) run in floats
    with tolerance :data:`_TOL`, with the verdict: ``(OPTIMAL, basis)``, or
    ``(INFEASIBLE, phase-1 basis)`` when phase 1 ends above 0; ``None`` when it ends
    unbounded or does not end. Only a guess: :func:`_basic_solution` and the exact
    certificate checks decide."""
    import numpy as np

    m, n = len(b), len(c)
    width = n + m
    start, artificial = _start(cols, b)
    sign = np.array([-1.0 if v < 0 else 1.0 for v in b])
    T = np.zeros((m, width))
    for j, col in enumerate(cols):
        for i, a in col:
            T[i, j] = float(a)
    T[:, :n] *= sign[:, None]
    T[artificial, [n + i for i in artificial]] = 1.0
    rhs = np.abs(np.array([float(v) for v in b]))
    basis = np.array(start, dtype=np.int64)
    cost = np.zeros(width)
    cost[[n + i for i in artificial]] = 1.0
    if artificial:
        cost -= T[artificial].sum(axis=0)
    value = [-float(rhs[artificial].sum()) if artificial else 0.0]
    scale = max(1.0, float(np.abs(T).max(initial=0.0)), float(rhs.max(initial=0.0)))
    tol = _TOL * scale
    if _float_iterate(T, rhs, cost, value, basis, n, tol) is not None:
        return None   # phase 1 is bounded below by 0: a float accident
    if abs(value[0]) > tol * max(1, m):
        return INFEASIBLE, [int(j) for j in basis]
    for i in range(m):   # drive zero-level artificials out where possible
        if basis[i] >= n:
            nz = np.flatnonzero(np.abs(T[i, :n]) > tol)
            if nz.size:
                _float_pivot(T, rhs, cost, value, basis, i, int(nz[0]))
    cost = np.zeros(width)
    cost[:n] = [float(v) for v in c]
    value = [0.0]
    for i in range(m):   # price out the basis
        f = cost[basis[i]]
        if f:
            cost -= f * T[i]
            value[0] -= f * rhs[i]
    if _float_iterate(T, rhs, cost, value, basis, n, tol) is not None:
        return None   # unbounded (the exact route gives the ray)
    return OPTIMAL, [int(j) for j in basis]


def _basic_solution(cols: list[list[tuple[int, Fraction]]], b: list[Fraction],
                    c: list[Fraction], basis: list[int], sign: list[Fraction],
                    phase_one: bool = False
                    ) -> tuple[list[Fraction], list[Fraction]] | None:
    """The exact primal ``x = B⁻¹b`` and dual ``y = B⁻ᵀc_B`` of a basis (column ``n + i``
    is row ``i``'s artificial, ``sign_i`` times the unit vector, of cost 0); ``None``
    when ``B`` is singular or (phase 2) an artificial is not 0. ``phase_one``: the
    costs of phase 1 instead (1 on the artificials, 0 elsewhere), whose ``y`` is the
    Farkas vector of an infeasible program. A basic column with one nonzero entry settles its row (a
    slack); the rest is a small square system, solved by Gaussian elimination in
    Fractions."""
    m, n = len(b), len(c)
    one, zero = Fraction(1), Fraction(0)

    def cost(j: int) -> Fraction:
        if phase_one:
            return one if j >= n else zero
        return c[j] if j < n else zero

    claimed: dict[int, int] = {}   # row -> basic column with its only nonzero there
    rest: list[int] = []
    for j in basis:
        col = cols[j] if j < n else [(j - n, sign[j - n])]
        if len(col) == 1 and col[0][0] not in claimed:
            claimed[col[0][0]] = j
        else:
            rest.append(j)
    free_rows = [i for i in range(m) if i not in claimed]
    if len(free_rows) != len(rest):
        return None
    at = {i: k for k, i in enumerate(free_rows)}
    square = [[Fraction(0)] * len(rest) for _ in free_rows]
    for k, j in enumerate(rest):
        for i, a in (cols[j] if j < n else [(j - n, sign[j - n])]):
            if i in at:
                square[at[i]][k] = a
    part = _solve_square(square, [b[i] for i in free_rows])
    if part is None:
        return None
    value = dict(zip(rest, part, strict=True))
    residual = list(b)
    for j, v in value.items():
        if v:
            for i, a in (cols[j] if j < n else [(j - n, sign[j - n])]):
                residual[i] -= a * v
    y = [Fraction(0)] * m
    for i, j in claimed.items():
        a = cols[j][0][1] if j < n else sign[j - n]
        value[j] = residual[i] / a
        y[i] = cost(j) / a
    target = []
    for j in rest:
        v = cost(j)
        for i, a in (cols[j] if j < n else [(j - n, sign[j - n])]):
            if i in claimed:
                v -= a * y[i]
        target.append(v)
    transposed = [list(r) for r in zip(*square, strict=True)] if square else []
    dual = _solve_square(transposed, target)
    if dual is None:
        return None
    for i, v in zip(free_rows, dual, strict=True):
        y[i] = v
    if not phase_one and any(value[j] != 0 for j in value if j >= n):
        return None
    x = [Fraction(0)] * n
    for j, v in value.items():
        if j < n:
            x[j] = v
    return x, y


def _solve_square(M: list[list[Fraction]], r: list[Fraction]) -> list[Fraction] | None:
    """``M z = r`` for a square ``M`` by Gauss-Jordan elimination; ``None`` if singular."""
    k = len(M)
    aug = [row + [v] for row, v in zip(M, r, strict=True)]
    for col in range(k):
        piv = next((i for i in range(col, k) if aug[i][col]), None)
        if piv is None:
            return None
        aug[col], aug[piv] = aug[piv], aug[col]
        p = aug[col][col]
        prow = aug[col] if p == 1 else [a / p for a in aug[col]]
        aug[col] = prow
        for i in range(k):
            f = aug[i][col]
            if i != col and f:
                aug[i] = [a - f * q if q else a for a, q in zip(aug[i], prow, strict=True)]
    return [row[k] for row in aug]


#: the float guide's tolerance, relative to the largest coefficient
_TOL = 1e-9


def _float_pivot(T: Any, rhs: Any, cost: Any, value: list[float], basis: Any, leave: int,
                 enter: int) -> None:
    import numpy as np

    p = T[leave, enter]
    T[leave] /= p
    rhs[leave] /= p
    f = T[:, enter].copy()
    f[leave] = 0.0
    prow = T[leave]
    T -= np.outer(f, prow)
    rhs -= f * rhs[leave]
    T[:, enter] = 0.0
    T[leave, enter] = 1.0
    g = cost[enter]
    if g:
        cost -= g * prow
        value[0] -= g * rhs[leave]
        cost[enter] = 0.0
    basis[leave] = enter


def _float_iterate(T: Any, rhs: Any, cost: Any, value: list[float], basis: Any,
                   allowed: int, tol: float) -> int | None:
    """:func:`_iterate` in floats: entering and leaving by Bland's rule, ratios within
    ``tol`` tied. Returns ``None`` at the optimum, the entering column of a ray, or
    ``-1`` after too many pivots."""
    import numpy as np

    m = len(rhs)
    for _ in range(50 * (m + allowed) + 50):
        neg = np.flatnonzero(cost[:allowed] < -tol)
        if not neg.size:
            return None
        enter = int(neg[0])
        col = T[:, enter]
        rows = np.flatnonzero(col > tol)
        if not rows.size:
            return enter
        ratios = rhs[rows] / col[rows]
        best = ratios.min()
        tied = rows[ratios <= best + tol * max(1.0, abs(best))]
        leave = int(tied[np.argmin(basis[tied])])
        _float_pivot(T, rhs, cost, value, basis, leave, enter)
    return -1


def _check(ok: bool, what: str) -> None:
    if not ok:  # pragma: no cover - exact arithmetic: a failure is a bug here
        raise ArithmeticError(f"rational simplex: the {what} does not verify")


def standard_form_feasible(A: Sequence[Sequence[Any]], b: Sequence[Any]) -> bool:
    """Whether ``{x ≥ 0 : A x = b}`` is nonempty (phase 1 only, exact).

    A row whose own column is a unit vector starts with it basic (a slack), so a
    system ``E x = 0, G x + s = 0, Σx = 1`` pivots only on its equality rows' artificials.

    >>> standard_form_feasible([[1, 1]], [1])          # x0 + x1 = 1
    True
    >>> standard_form_feasible([[1, 1], [1, 0]], [1, 2])   # x1 = -1 < 0
    False
    """
    rows = [[Fraction(a) for a in r] for r in A]
    if not rows:
        return True
    t, artificial = _tableau(rows, [Fraction(v) for v in b])
    return _phase_one(t, artificial)[0]


# ---------------------------------------------------------------- scipy's form
#: the Fractions of small integers met so far, shared (a Fraction is immutable): most
#: coefficients are small integers, and a dictionary look-up is cheaper than building
#: a Fraction
_SMALL: dict[int, Fraction] = {}


def _as_fraction(v: Any) -> Fraction:
    if type(v) is int:
        small = _SMALL.get(v)
        if small is None:
            small = Fraction(v)
            if -64 <= v <= 64:
                _SMALL[v] = small
        return small
    return v if isinstance(v, Fraction) else Fraction(v)


def linprog_exact(c: Sequence[Any], A_ub: Sequence[Sequence[Any]] | None = None,
                  b_ub: Sequence[Any] | None = None,
                  A_eq: Sequence[Sequence[Any]] | None = None,
                  b_eq: Sequence[Any] | None = None,
                  bounds: Sequence[Bound] | None = None, *,
                  guided: bool | None = None) -> LPResult:
    """``min c·x`` s.t. ``A_ub x ≤ b_ub``, ``A_eq x = b_eq``, ``lo ≤ x ≤ hi``, exactly.

    Floats are read as the exact binary fractions they are. Each variable becomes
    nonnegative (``x = lo + x'``, ``x = hi - x'`` or ``x = x⁺ - x⁻``), each ``≤`` row
    and each finite upper bound of a lower-bounded variable gets a slack, and
    :func:`_standard_solve` does the rest.

    Examples
    --------
    Maximise ``x + y`` on ``x + 2y ≤ 4``, ``3x + y ≤ 6``: the corner where both bind,
    ``x = 8/5``, ``y = 6/5``, value ``14/5``; its multipliers ``(2/5, 1/5)`` solve
    ``y1 + 3 y2 = 1``, ``2 y1 + y2 = 1`` (scipy's marginals are their negatives):

    >>> r = linprog_exact([-1, -1], A_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
    >>> r.x, r.fun, r.ub_marginals
    ((Fraction(8, 5), Fraction(6, 5)), Fraction(-14, 5), (Fraction(-2, 5), Fraction(-1, 5)))
    >>> linprog_exact([1], A_ub=[[1]], b_ub=[-1]).status     # x ≤ -1 with x ≥ 0
    2
    >>> linprog_exact([-1], bounds=[(None, None)]).status    # max x, x free
    3
    """
    n = len(c)
    cc = [_as_fraction(v) for v in c]
    ub = [[_as_fraction(a) for a in r] for r in (A_ub if A_ub is not None else ())]
    bu = [_as_fraction(v) for v in (b_ub if b_ub is not None else ())]
    eq = [[_as_fraction(a) for a in r] for r in (A_eq if A_eq is not None else ())]
    be = [_as_fraction(v) for v in (b_eq if b_eq is not None else ())]
    bnds: list[Bound] = list(bounds) if bounds is not None else [(0, None)] * n
    if len(bnds) == 1 and n > 1:
        bnds = bnds * n
    # columns of the standard form: (original variable, sign); shift of each variable
    cols: list[tuple[int, int]] = []
    shift: list[Fraction] = []
    extra_ub: list[tuple[int, Fraction]] = []   # (standard column, its upper bound)
    for j, (lo, hi) in enumerate(bnds):
        lo_f = None if lo is None or lo == float("-inf") else _as_fraction(lo)
        hi_f = None if hi is None or hi == float("inf") else _as_fraction(hi)
        if lo_f is not None:
            shift.append(lo_f)
            cols.append((j, 1))
            if hi_f is not None:
                extra_ub.append((len(cols) - 1, hi_f - lo_f))
        elif hi_f is not None:
            shift.append(hi_f)
            cols.append((j, -1))
        else:
            shift.append(Fraction(0))
            cols.append((j, 1))
            cols.append((j, -1))
    ns = len(cols)
    n_slack = len(ub) + len(extra_ub)

    zero, one = _ZERO, _ONE

    def expand(row: list[Fraction]) -> list[Fraction]:
        return [row[j] if s == 1 else -row[j] for j, s in cols]

    moved = [(j, v) for j, v in enumerate(shift) if v]
    whole = [(j, v.numerator) for j, v in moved] if all(
        v.denominator == 1 for _, v in moved) else None

    def offset(row: list[Fraction]) -> Fraction:
        """``row·shift`` (in integers when both are integral)."""
        if whole is not None and all(row[j].denominator == 1 for j, _ in whole):
            return _as_fraction(sum(row[j].numerator * v for j, v in whole))
        return sum((row[j] * v for j, v in moved), Fraction(0))

    A: list[list[Fraction]] = []
    b: list[Fraction] = []
    for r, v in zip(eq, be, strict=True):
        A.append(expand(r) + [zero] * n_slack)
        b.append(v - offset(r))
    for k, (r, v) in enumerate(zip(ub, bu, strict=True)):
        A.append(expand(r) + [one if i == k else zero for i in range(n_slack)])
        b.append(v - offset(r))
    for k, (col, width) in enumerate(extra_ub):
        row = [zero] * (ns + n_slack)
        row[col] = Fraction(1)
        row[ns + len(ub) + k] = Fraction(1)
        A.append(row)
        b.append(width)
    cost = expand(cc) + [zero] * n_slack
    if not A:
        A, b = [[Fraction(0)] * len(cost)], [Fraction(0)]
    if guided is None:
        guided = len(A) * (len(cost) + len(A)) >= GUIDED_CELLS
    status, xs, y, ray = _standard_solve(A, b, cost, guided)
    n_eq = len(eq)
    eq_m = tuple(y[:n_eq]) if y else ()
    ub_m = tuple(y[n_eq:n_eq + len(ub)]) if y else ()
    if status == UNBOUNDED:
        d = [Fraction(0)] * n
        for (j, s), v in zip(cols, ray, strict=False):
            d[j] += s * v
        return LPResult(UNBOUNDED, ray=tuple(d), message="the objective is unbounded below")
    if status == INFEASIBLE:
        return LPResult(INFEASIBLE, eq_marginals=eq_m, ub_marginals=ub_m,
                        message="no point satisfies the constraints")
    x = list(shift)
    for (j, s), v in zip(cols, xs, strict=False):
        x[j] += s * v
    fun = sum((a * v for a, v in zip(cc, x, strict=True)), Fraction(0))
    return LPResult(OPTIMAL, tuple(x), fun, eq_m, ub_m, message="optimal")


def _cells(c: Sequence[Any], A_ub: Sequence[Sequence[Any]] | None,
           A_eq: Sequence[Sequence[Any]] | None) -> int:
    m = (len(A_ub) if A_ub is not None else 0) + (len(A_eq) if A_eq is not None else 0)
    return (m + 1) * (len(c) + m + 1)


def linprog(c: Sequence[Any], A_ub: Sequence[Sequence[Any]] | None = None,
            b_ub: Sequence[Any] | None = None,
            A_eq: Sequence[Sequence[Any]] | None = None,
            b_eq: Sequence[Any] | None = None,
            bounds: Sequence[Bound] | None = None, *,
            exact_cells: int = EXACT_CELLS) -> LPResult:
    """:func:`linprog_exact` for a small program, ``scipy.optimize.linprog`` (HiGHS)
    above ``exact_cells`` tableau cells (then floats, ``exact`` False).

    >>> linprog([1, 1], A_eq=[[1, 2]], b_eq=[2]).x   # cheapest x + y with x + 2y = 2
    (Fraction(0, 1), Fraction(1, 1))
    """
    if _cells(c, A_ub, A_eq) <= exact_cells:
        return linprog_exact(c, A_ub, b_ub, A_eq, b_eq, bounds)
    import numpy as np
    from scipy.optimize import linprog as highs

    res = highs(np.asarray(c, dtype=float),
                A_ub=None if A_ub is None or not len(A_ub) else np.asarray(A_ub, dtype=float),
                b_ub=None if b_ub is None or not len(b_ub) else np.asarray(b_ub, dtype=float),
                A_eq=None if A_eq is None or not len(A_eq) else np.asarray(A_eq, dtype=float),
                b_eq=None if b_eq is None or not len(b_eq) else np.asarray(b_eq, dtype=float),
                bounds=bounds if bounds is not None else (0, None), method="highs")
    if res.status == OPTIMAL:
        return LPResult(OPTIMAL, tuple(float(v) for v in res.x), float(res.fun),
                        tuple(res.eqlin.marginals) if A_eq is not None and len(A_eq) else (),
                        tuple(res.ineqlin.marginals) if A_ub is not None and len(A_ub) else (),
                        exact=False, message=res.message)
    return LPResult(int(res.status),
                    exact=False, message=res.message)
