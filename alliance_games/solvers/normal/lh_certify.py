"""Exact certification of a Lemke-Howson end point.

A completely labelled basis pair of the two tableaux determines each player's support
and the opponent's tight (best-reply) strategies; solving the indifference equations on
them in integers (fraction-free) and checking every best-response condition exactly
proves the pair a Nash equilibrium without evaluating the whole game (von Stengel 2002).

How, for one player with support ``S`` (``k`` strategies), the opponent's tight
strategies ``t_0, ..., t_{k-1}`` and the opponent's integer payoffs ``R[s, t]``:

1. the indifference system ``Σ_s R[s, t] p_s = w`` (``t`` tight), ``Σ_s p_s = 1`` is
   square (``k + 1`` unknowns); subtracting the ``t_0`` equation from the others leaves
   ``D p = 0`` with ``D[r, s] = R[s, t_{r+1}] - R[s, t_0]`` (``(k-1) x k``). The system
   has a unique solution iff ``D`` has rank ``k - 1`` and its kernel vector ``c`` has
   ``Σ c != 0``; then ``p = c / Σ c``. ``c`` is found by fraction-free forward
   elimination of ``D`` (Bareiss 1968: every division exact) and an exact back
   substitution (:func:`_kernel_vector`): about a fifth of the Gauss-Jordan
   elimination of the bordered ``(k+1) x (k+1)`` system;
2. ``p >= 0`` iff every ``c_s`` has the sign of ``Σ c``;
3. every opponent strategy is a best response at most as good as the tight ones iff
   ``T[t] = Σ_s c_s R[s, t] <= T[t_0]`` for every ``t`` (after making ``Σ c > 0``; ``T /
   Σ c`` are the opponent's payoffs, ``T[t_0] / Σ c = w``). The tight columns have
   ``T[t] = T[t_0]`` exactly (``D c = 0``); the others are filtered in floating point
   with a rigorous error bound (below) and those it cannot decide (near-ties) are
   compared in Python integers.

**The float filter.** With ``ĉ = fl(c)`` and ``R`` exactly representable (integers
below ``2**53``), the computed ``T̂ = fl(ĉ R)`` satisfies ``|T̂[t] - T[t]| <= (γ_k + 2u)
Σ_s |ĉ_s| |R[s, t]| <= (γ_k + 2u) B`` for any summation order, with or without fused
multiply-adds (Higham 2002, sec. 3.1: ``γ_k = k u / (1 - k u)``, ``u = 2^-53``; the
``2u`` covers ``|c - ĉ| <= u |c|``), where ``B = Σ_s |ĉ_s| max_t |R[s, t]|``. With
``e = fl(B) * 4 (k + 2) u``, at least twice that bound for any ``k < 2^40``, a column
``t`` is proved worse than ``t_0`` when ``fl(T̂[t_0] - T̂[t]) > 2 e`` (the slack absorbs
the rounding of the subtraction and of ``B``). All values are integers, so nothing
underflows; when ``c`` or ``B`` is too large for floats (``B >= 2^1000``) every column
goes to the exact comparison.

**Compiled path.** Once the numba kernels are loaded (:func:`~..kernels.lh_compiled.ready`)
and the square block ``R[S, T]`` is integers below ``2^53``, each player's steps 1-3 run in
one compiled call (:func:`_compiled_strategy`): ``c`` is the vector of signed maximal minors
``c_s = (-1)^s det(D without column s)`` (a kernel vector of ``D``, and 0 when its rank is
below ``k - 1``), computed modulo primes below ``2^31`` and combined by Chinese remaindering
under Hadamard's bound ``|c_s| <= prod_r ||D_r||_2`` (von zur Gathen & Gerhard 2013, ch. 5),
so it is exact; the filter reads the game's float payoffs (the correctly rounded exact
ones: relative error ``u``, absolute ``2^-1075`` below the normal range, covered by the
bound's factor two and an added ``Σ|ĉ| 2^-1070``) and floats of ``c`` rounded from its
32-bit limbs (relative error below ``(L + 1) u`` for ``L`` limbs, added to the bound).
Only the block's Fractions are read in Python (their denominators); the result is the
same reduced strategy as the Python path's. A game held in integers (``integer_payoffs``)
is certified in one compiled call for both players (supports and tight strategies read
from the bases in the kernel, :func:`~..kernels.lh_compiled.certify_pair`), and its
undecided columns are compared in the integers; no Fraction of the game is read.

References
----------
Bareiss, E. H. (1968). Sylvester's identity and multistep integer-preserving Gaussian
elimination. *Mathematics of Computation* 22(103), 565-578.
von zur Gathen, J. & Gerhard, J. (2013). *Modern Computer Algebra*, 3rd ed., Cambridge
University Press, ch. 5 (Chinese remaindering, Garner's algorithm, Hadamard's bound).
Higham, N. J. (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM,
sec. 3.1.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.
"""

from __future__ import annotations

import math
import operator
import weakref
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...games.normal import NormalFormGame
from ..kernels import lh_compiled
from .lh_tableaux import _integer_block

#: a Fraction's denominator; CPython keeps it in the slot ``_denominator``, read without
#: the property's Python-level call (the public property where that slot is missing)
_DENOMINATOR = operator.attrgetter(
    "_denominator" if hasattr(Fraction(1), "_denominator") else "denominator")
_NUMERATOR = operator.attrgetter(
    "_numerator" if hasattr(Fraction(1), "_numerator") else "numerator")
_U = 2.0**-53
_EXACT_FLOAT = 2.0**53

#: per game: for each player's view (0: the column player's payoffs ``B`` by row, 1: the
#: row player's payoffs ``A^T`` by column), the exact matrix (Fractions, or the game's
#: ``integer_payoffs`` when every row is integral) and the float one, the status of
#: each row (1: integers, so the float row holds them exactly, the game's float payoffs
#: being all below 2^53 in magnitude; 0: not; -1: not yet checked; filled lazily, only
#: for the rows that appear in a support), the game's float matrix the view reads (``B``,
#: or ``A`` read transposed) and whether it is read transposed.
_View = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]
_ROWS: weakref.WeakKeyDictionary[NormalFormGame, tuple[_View, _View]] = (
    weakref.WeakKeyDictionary()
)


def _views(game: NormalFormGame) -> tuple[_View, _View]:
    cached = _ROWS.get(game)
    if cached is None:
        fa, fb = game.bimatrix()
        # 0 marks every row "not exact in floats" when some payoff reaches 2^53; a game
        # held in integers has every row integral (1), and its Fractions are not built
        small = float(np.abs(game.payoffs).max()) < _EXACT_FLOAT
        if small and game.integer_payoffs is not None:
            unknown = 1
            a, b = game.integer_payoffs[0], game.integer_payoffs[1]
        else:
            unknown = -1 if small else 0
            a, b = game.bimatrix(exact=True)
        cached = ((b, fb, np.full(b.shape[0], unknown, dtype=np.int8), fb, False),
                  (a.T, fa.T, np.full(a.shape[1], unknown, dtype=np.int8), fa, True))
        _ROWS[game] = cached
    return cached


def _rows_integral(payoff: np.ndarray, status: np.ndarray, support: list[int]) -> bool:
    """Whether rows ``support`` of the exact payoffs are integers held exactly by the
    float ones (each row's check cached per game in ``status``)."""
    for s in support:
        if status[s] < 0:
            # every denominator is >= 1, so they are all 1 iff they sum to the count
            row = payoff[s].tolist()
            status[s] = int(sum(map(_DENOMINATOR, row)) == len(row))
    return all(status[s] == 1 for s in support)


def _integer_rows(payoff: np.ndarray, floats: np.ndarray, status: np.ndarray,
                  support: list[int]) -> np.ndarray | None:
    """Rows ``support`` of the float payoffs when they hold the exact ones exactly.

    That is when every entry of those rows is an integer of magnitude below ``2**53``
    (integer games, the common case; each row's check is cached per game); otherwise
    None, and the caller scales the Fractions to integers.
    """
    return floats[support] if _rows_integral(payoff, status, support) else None


def _kernel_vector(d: list[list[int]], k: int) -> list[int] | None:
    """The integer kernel vector of the ``(k-1) x k`` integer matrix ``d``, or None if
    its rank is below ``k - 1``.

    Fraction-free forward elimination (Bareiss 1968) with column pivoting brings the
    pivot columns ``P`` to an upper-triangular ``U`` whose last pivot ``δ`` is
    ``± det d[:, P]``; with ``c_f = δ`` on the free column ``f`` the kernel vector is
    ``c_P = -δ d[:, P]^{-1} d[:, f] = ∓ adj(d[:, P]) d[:, f]``, an integer vector, so the
    back substitution ``c_i = -(Σ_{j>i} U_ij c_j) / U_ii`` divides exactly.
    """
    rows = [list(r) for r in d]
    prev = 1
    order: list[int] = []  # pivot column of each row, in elimination order
    remaining = list(range(k))
    for r in range(k - 1):
        found = None
        for col in remaining:
            for i in range(r, k - 1):
                if rows[i][col] != 0:
                    found = (i, col)
                    break
            if found is not None:
                break
        if found is None:
            return None
        i, col = found
        rows[r], rows[i] = rows[i], rows[r]
        prow = rows[r]
        p = prow[col]
        remaining.remove(col)
        for i in range(r + 1, k - 1):
            row = rows[i]
            f = row[col]
            if f:
                rows[i] = [(p * x - f * y) // prev for x, y in zip(row, prow, strict=True)]
            elif p != prev:
                rows[i] = [p * x // prev for x in row]
        prev = p
        order.append(col)
    free = remaining[0]
    c = [0] * k
    c[free] = prev
    solved = [free]
    for r in range(k - 2, -1, -1):
        row = rows[r]
        col = order[r]
        c[col] = -sum(row[j] * c[j] for j in solved) // row[col]
        solved.append(col)
    return c


@dataclass(frozen=True)
class _Strategy:
    """One player's certified mix: ``p_s = c_s / total`` on ``support`` (reduced: the
    gcd of ``c`` and ``total`` is 1), and the opponent's payoff ``value`` at it."""

    support: tuple[int, ...]
    c: tuple[int, ...]
    total: int
    value: Fraction

    def fractions(self, size: int) -> tuple[Fraction, ...]:
        out = [Fraction(0)] * size
        for s, v in zip(self.support, self.c, strict=True):
            out[s] = Fraction(v, self.total)
        return tuple(out)

    def floats(self, size: int) -> tuple[float, ...]:
        """The same values rounded to floats (``int / int`` is correctly rounded, as is
        ``float(Fraction)``, so these equal ``float`` of :meth:`fractions`)."""
        out = [0.0] * size
        total = self.total
        for s, v in zip(self.support, self.c, strict=True):
            out[s] = v / total
        return tuple(out)


def _exact_strategy(
    payoff: np.ndarray, support: list[int], tight: list[int],
    view: _View | None = None,
) -> _Strategy | None:
    """The mix on ``support`` that makes the opponent's ``tight`` strategies indifferent.

    ``payoff[s, t]`` is the *opponent's* payoff when this player plays ``s`` and the
    opponent ``t`` (exact Fractions; ``view`` the per-game float twin and caches of
    :func:`_views`). Solves the indifference system exactly (module docstring, steps
    1-3) and checks that ``p >= 0`` and that no strategy of the opponent earns more than
    ``w``. ``None`` when the system is not square, is singular or any check fails.
    """
    k = len(support)
    if k == 0 or len(tight) != k:
        return None
    fblock = None if view is None else _integer_rows(view[0], view[1], view[2], support)
    t0 = tight[0]
    if fblock is not None:
        scale = 1
        ints = None
        cols = fblock[:, tight].T.astype(np.int64).tolist()  # cols[r][a] = R[a, tight[r]]
    else:
        ints, scale = _integer_block(payoff, support, None)
        cols = [[ints[a][t] for a in range(k)] for t in tight]
    col0 = cols[0]
    if k == 1:
        c = [1]
    else:
        kernel = _kernel_vector([[x - y for x, y in zip(col, col0, strict=True)]
                                 for col in cols[1:]], k)
        if kernel is None:
            return None
        c = kernel
    total = sum(c)
    if total == 0:
        return None
    if total < 0:
        c = [-v for v in c]
        total = -total
    if any(v < 0 for v in c):
        return None
    top = sum(x * y for x, y in zip(c, col0, strict=True))  # T[t_0] = w Σc
    if fblock is not None:
        assert view is not None
        if not _float_filter_passes(c, fblock, t0, top, tight):
            return None
    else:
        assert ints is not None
        totals = [0] * len(ints[0])
        for a in range(k):
            if c[a]:
                ca = c[a]
                totals = [x + ca * y for x, y in zip(totals, ints[a], strict=True)]
        if max(totals) > top:
            return None
    g = math.gcd(total, *c)
    return _Strategy(tuple(support), tuple(v // g for v in c), total // g,
                     Fraction(top, total * scale))


#: :func:`_compiled_strategy`: the block is not integers below 2^53 in floats (use the
#: Python path)
_NOT_INT64 = object()


def _compiled_strategy(exact: np.ndarray, r: np.ndarray, trans: bool, support: list[int],
                       tight: list[int]) -> _Strategy | None | object:
    """:func:`_exact_strategy` in the compiled kernel, when the square block of the exact
    payoffs ``R[support, tight]`` holds integers below ``2**53`` (else :data:`_NOT_INT64`:
    use the Python path).

    ``R[s, t]`` is ``exact[s, t]`` (``exact[t, s]`` when ``trans``: the row player's
    payoffs read by column), ``r`` the game's float twin of ``exact`` (the correctly
    rounded payoffs). The kernel vector is the vector of signed maximal minors of ``D``,
    computed modulo primes and exact after Chinese remaindering
    (:func:`~..kernels.lh_compiled.certify_strategy`; :func:`_kernel_vector`'s vector up
    to a factor, so the same reduced strategy). The best-response check filters the other
    columns in floats with the error bound of the module docstring, widened for the
    rounding of the payoffs (relative ``u``, absolute ``2^-1075`` below the normal range)
    and of ``c`` to floats; the factor two of the bound covers the relative parts. The
    columns it cannot decide are compared exactly in ``exact``.
    """
    k = len(support)
    if k == 0 or len(tight) != k:
        return None
    sup = np.array(support, dtype=np.int64)
    tig = np.array(tight, dtype=np.int64)
    width = exact.shape[1]
    where = (tig * width + sup[:, None]) if trans else (sup[:, None] * width + tig)
    if exact.dtype == object:
        block = exact.take(where).ravel().tolist()  # R[support[s], tight[q]] at s * k + q
        if sum(map(_DENOMINATOR, block)) != len(block):
            return _NOT_INT64
        col0 = list(map(_NUMERATOR, block[::k]))
    else:  # the game's integer payoffs: only column t_0 is read here
        col0 = exact.take(where[:, 0]).tolist()
    status, c, undecided = lh_compiled.certify_strategy(r, trans, sup, tig)
    if status == 1:
        return None
    if status != 0:
        return _NOT_INT64
    top = sum(x * y for x, y in zip(c, col0, strict=True))
    total = sum(c)
    for t in undecided:  # T[t] <= T[t_0] exactly
        column = (exact[t, sup] if trans else exact[sup, t]).tolist()
        if sum(x * y for x, y in zip(c, column, strict=True)) > top:
            return None
    g = math.gcd(total, *c)
    return _Strategy(tuple(support), tuple(v // g for v in c), total // g,
                     Fraction(top, total))


def _integer_strategy(ints: np.ndarray, trans: bool,
                      part: tuple[list[int], list[int], list[int], list[int]]
                      ) -> _Strategy | None:
    """One player's certified mix from :func:`~..kernels.lh_compiled.certify_pair`'s
    ``(support, tight, c, undecided)`` on the game's integer payoffs ``R = ints``
    (``ints.T`` when ``trans``): the undecided columns compared exactly with ``T[t_0]``,
    as in :func:`_compiled_strategy`."""
    support, tight, c, undecided = part
    t0 = tight[0]
    col0 = (ints[t0, support] if trans else ints[support, t0]).tolist()
    top = sum(x * y for x, y in zip(c, col0, strict=True))  # T[t_0] = w Σc
    for t in undecided:  # T[t] <= T[t_0] exactly
        column = (ints[t, support] if trans else ints[support, t]).tolist()
        if sum(x * y for x, y in zip(c, column, strict=True)) > top:
            return None
    total = sum(c)
    g = math.gcd(total, *c)
    return _Strategy(tuple(support), tuple(v // g for v in c), total // g,
                     Fraction(top, total))


def _float_filter_passes(c: list[int], fblock: np.ndarray, t0: int,
                         top: int | None = None, tight: list[int] | None = None,
                         rowmax: np.ndarray | None = None) -> bool:
    """Whether ``T[t] <= T[t_0]`` for every column ``t`` (``T = c R``, ``R`` the integer
    rows held exactly in ``fblock``), decided exactly.

    Columns proved worse by the float filter (module docstring) are skipped, the others
    compared in Python integers. ``top`` is ``T[t_0]`` when known; the ``tight`` columns
    (``D c = 0``: ``T[t] = T[t_0]`` exactly) need no comparison; ``rowmax`` holds each
    row's largest ``|R[s, t]|`` (computed here when not given).
    """
    k = len(c)
    if rowmax is None:
        rowmax = np.abs(fblock).max(axis=1)
    if top is None:
        top = sum(c[a] * int(fblock[a, t0]) for a in range(k))
    undecided: list[int]
    try:
        cf = [float(v) for v in c]
    except OverflowError:
        undecided = list(range(fblock.shape[1]))
    else:
        bound = sum(abs(x) * float(r) for x, r in zip(cf, rowmax.tolist(), strict=True))
        if bound < 2.0**1000:
            est = np.array(cf) @ fblock
            err = bound * (4.0 * (k + 2) * _U)
            undecided = np.flatnonzero(est[t0] - est <= 2.0 * err).tolist()
        else:
            undecided = list(range(fblock.shape[1]))
    skip = set(tight) if tight is not None else {t0}
    check = [t for t in undecided if t not in skip]
    if not check:
        return True
    rows = fblock[:, check].T.astype(np.int64).tolist()
    return all(sum(x * y for x, y in zip(c, row, strict=True)) <= top for row in rows)


@dataclass(frozen=True)
class Certificate:
    """A certified Lemke-Howson end point: the row player's mix ``x`` (which makes the
    column player indifferent, so ``x.value`` is the column player's payoff) and the
    column player's ``y`` (``y.value``: the row player's payoff)."""

    x: _Strategy
    y: _Strategy

    def key(self) -> tuple:
        """Identifies the profile: the strategies played with positive probability and
        their reduced integer weights (canonical; a degenerate basis may carry a basic
        variable at 0, which is left out)."""
        return tuple((tuple((s, v) for s, v in zip(p.support, p.c, strict=True) if v),
                      p.total) for p in (self.x, self.y))


def _certify_pair(
    game: NormalFormGame, basis_p: tuple[int, ...], basis_q: tuple[int, ...]
) -> Certificate | None:
    """The exact equilibrium of a completely labelled basis pair, or ``None``.

    ``x`` lives on ``I`` (the basic ``x_i`` in ``P``) and makes the column player
    indifferent over the tight columns (``s_j`` nonbasic); ``y`` likewise. Both systems
    are solved exactly and every best-response condition is checked exactly. As the pair
    is completely labelled, ``I`` is inside the row player's tight (best-response) rows and
    ``y``'s support inside the tight columns, so the checks prove a Nash equilibrium: the
    exact regret is 0 without evaluating the whole game.
    """
    m, n = game.shape
    ints = game.integer_payoffs
    if ints is not None and lh_compiled.ready():
        status, cx, cy = lh_compiled.certify_pair(game.payoffs[0], game.payoffs[1],
                                                  basis_p, basis_q)
        if status == 1:
            return None
        if cx is not None and cy is not None:
            mix_x = _integer_strategy(ints[1], False, cx)
            if mix_x is None:
                return None
            mix_y = _integer_strategy(ints[0], True, cy)
            return None if mix_y is None else Certificate(mix_x, mix_y)
    in_p, in_q = set(basis_p), set(basis_q)
    if not in_p.isdisjoint(in_q):
        return None  # not completely labelled
    support_x = sorted(v for v in in_p if v < m)
    tight_x = [j for j in range(n) if m + j not in in_p]
    support_y = sorted(v - m for v in in_q if v >= m)
    tight_y = [i for i in range(m) if i not in in_q]
    if lh_compiled.ready():
        exact = game.integer_payoffs if game.integer_payoffs is not None else (
            game.exact_payoffs)
        assert exact is not None
        a, b = exact[0], exact[1]
        x = _compiled_strategy(b, game.payoffs[1], False, support_x, tight_x)
        if x is None:
            return None
        if isinstance(x, _Strategy):
            y = _compiled_strategy(a, game.payoffs[0], True, support_y, tight_y)
            if y is None:
                return None
            if isinstance(y, _Strategy):
                return Certificate(x, y)
    view_x, view_y = _views(game)
    x = _exact_strategy(view_x[0], support_x, tight_x, view_x)
    if x is None:
        return None
    y = _exact_strategy(view_y[0], support_y, tight_y, view_y)
    if y is None:
        return None
    return Certificate(x, y)


def _certify(
    game: NormalFormGame, basis_p: tuple[int, ...], basis_q: tuple[int, ...]
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    """The exact equilibrium profile of a completely labelled basis pair, or ``None``
    (:func:`_certify_pair` as Fractions)."""
    cert = _certify_pair(game, basis_p, basis_q)
    if cert is None:
        return None
    m, n = game.shape
    return cert.x.fractions(m), cert.y.fractions(n)
