"""Interchangeable players: the nucleolus from one variable per class of symmetric players.

Players ``i`` and ``j`` are *interchangeable* when swapping them never changes a
coalition's value, ``v(S ∪ i) = v(S ∪ j)`` for every ``S`` without either (in a weighted
majority game, players of equal weight). Interchangeability is an equivalence relation
(a product of transpositions is a permutation of the class), so the players split into
classes ``P_1, ..., P_T`` of sizes ``c_1, ..., c_T``, and ``v(S)`` depends only on the
*profile* ``k(S) = (|S ∩ P_1|, ..., |S ∩ P_T|)``: ``Π_t (c_t + 1)`` profiles instead of
``2^n`` coalitions (6 x 11 = 66 for the UN Security Council's 5 permanent and 10 elected
members, against 32,768 coalitions).

**The nucleolus is constant on each class.** It is a single point (Schmeidler 1969,
Theorem 1) and it is covariant under permutations of the players that leave ``v``
unchanged (its definition, the lexicographic minimum of the sorted excess vector, uses
nothing but the values), so a symmetry ``π`` maps it to itself: ``x_{π(i)} = x_i``. It
is therefore the lexicographic minimum over *symmetric* allocations ``x_i = y_t``
(``i ∈ P_t``), where the excess of ``S`` is ``v(S) - k(S)·y`` and depends only on the
profile. The sorted excess vector over all coalitions repeats each profile's excess
``Π_t C(c_t, k_t)`` times; the sequential linear programs of Maschler, Peleg & Shapley
(1979) that compute the lexicographic minimum (minimise the largest excess, fix the
constraints tight in every optimum, repeat on the rest) see only which constraints
there are, not how often each is repeated, so they run on the profiles:

.. math::

    ε_s = \\min_{y, ε}\\ ε \\quad\\text{s.t.}\\quad k·y + ε \\ge V(k)\\ (k \\text{ free}),
    \\qquad k·y = V(k) - e_k\\ (k \\text{ fixed}), \\qquad c·y = v(N),

over the proper profiles ``0 ≠ k ≠ c``. A profile with a positive dual multiplier is
tight in every optimum (complementary slackness), so it is fixed at ``e_k = ε_s``; so is
every profile whose vector lies in the span of the fixed ones and ``c`` (its excess is
constant on the optimal set). Each stage fixes at least one profile outside the span
(the multipliers sum to one), so after at most ``T`` stages the fixed vectors span
``R^T`` and ``y`` is determined. The programs are small (``T + 1`` variables), solved
exactly by :func:`~alliance_games.solvers.kernels.rational_lp.linprog_exact`: every
stage's optimum comes with its exact dual certificate, and no ``scipy`` is needed.

**The least core has a symmetric optimum.** Its program (:mod:`.core`) is invariant
under the symmetries, and its optimal set is convex, so the average of the images of an
optimum under the symmetries is an optimum, constant on each class (the least core is
a convex polytope containing the nucleolus: Maschler, Peleg & Shapley 1979). Its value
``ε*`` is therefore that of the profile program ``min ε`` s.t. ``k·y + ε ≥ V(k)``,
``c·y = v(N)``, whose optimum ``y`` is reported as *a* least-core allocation (the
symmetric one; the least core may hold others). The program's dual multipliers ``λ_k``
become a balanced collection of coalitions: for each profile with ``λ_k > 0``, the
``L = lcm`` of the sizes of the classes it splits, and the ``L`` coalitions made of
``k_t`` cyclically consecutive members of each class ``P_t`` starting at position
``j mod c_t`` (``j = 0, ..., L - 1``), each with weight ``λ_k / L``: a member of
``P_t`` lies in ``L k_t / c_t`` of them, so every player of ``P_t`` has the total
``Σ_k λ_k k_t / c_t``, the same for all players by the dual constraints: a balanced
collection (Bondareva 1963; Shapley 1967). Both certificates are checked exactly over
all ``2^n`` coalitions (:func:`.core.check_allocation`, :func:`.core.check_balanced`).

References
----------
Schmeidler, D. (1969). The nucleolus of a characteristic function game. *SIAM Journal on
Applied Mathematics* 17(6), 1163-1170.
Maschler, M., Peleg, B. & Shapley, L. S. (1979). Geometric properties of the kernel,
nucleolus, and related solution concepts. *Mathematics of Operations Research* 4(4),
303-338.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ...games.coalitional import CoalitionalGame
from .core import CoreCertificate, check_allocation, check_balanced
from .nucleolus import ExactNucleolus, _add_to_span, _reduce

if TYPE_CHECKING:
    from ..kernels.rational_lp import LPResult

__all__ = ["interchangeable_classes", "symmetric_nucleolus", "symmetric_least_core",
           "least_core_program", "MAX_PROFILES"]

#: the profile programs are solved exactly up to this many profiles (beyond it the
#: caller keeps the full programs over every coalition)
MAX_PROFILES = 400


def interchangeable_classes(game: CoalitionalGame) -> list[list[int]]:
    """The classes of interchangeable players, each in increasing order, classes by
    their first member. Decided exactly on the value table: ``i`` joins the class of
    ``r`` when swapping ``i`` and ``r`` maps the table onto itself. The table, indexed
    by mask, is read as an array of shape ``(2,) * n`` whose axis ``n - 1 - i`` is
    player ``i``'s bit, so the swap is an exchange of two axes (no index arithmetic)."""
    n = game.n_players
    cube = np.asarray(game.table).reshape((2,) * n) if n else np.asarray(game.table)
    classes: list[list[int]] = []
    for i in range(n):
        for members in classes:
            r = members[0]
            if bool(np.array_equal(cube, cube.swapaxes(n - 1 - r, n - 1 - i))):
                members.append(i)
                break
        else:
            classes.append([i])
    return classes


def symmetric_nucleolus(game: CoalitionalGame, classes: list[list[int]],
                        first: LPResult | None = None) -> ExactNucleolus | None:
    """The nucleolus of a game with rational values by the profile programs (module
    doc), exactly; ``None`` when the game is not exact or has more than
    :data:`MAX_PROFILES` profiles. ``first``: the least core's profile program already
    solved (:func:`symmetric_least_core`'s), which is the first stage's.

    Examples
    --------
    Three interchangeable players, any two of whom win: ``y = 1/3`` each.

    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [1, 1, 1], 2)
    >>> [str(v) for v in symmetric_nucleolus(g, [[0, 1, 2]]).allocation]
    ['1/3', '1/3', '1/3']
    """
    from ..kernels.rational_lp import OPTIMAL, linprog_exact

    shape = _profiles(game, classes)
    if shape is None:
        return None
    sizes, profiles = shape
    t = len(classes)
    value = {k: Fraction(game.value(_mask(classes, k))) for k in profiles}
    grand = Fraction(game.value(game.grand))
    fixed: dict[tuple[int, ...], Fraction] = {}
    basis: list[list[Fraction]] = []
    _add_to_span(basis, [Fraction(s) for s in sizes])
    levels: list[Fraction] = []
    y: list[Fraction] = []
    for _ in range(t + 1):
        free = [k for k in profiles if k not in fixed]
        a_ub = [[-v for v in k] + [-1] for k in free]
        b_ub = [-value[k] for k in free]
        a_eq = [[*sizes, 0]] + [[*k, 0] for k in fixed]
        b_eq = [grand] + [value[k] - e for k, e in fixed.items()]
        if first is not None and not fixed:
            res = first
        else:
            res = linprog_exact([0] * t + [1], a_ub or None, b_ub or None, a_eq, b_eq,
                                bounds=[(None, None)] * (t + 1))
        if res.status != OPTIMAL or res.x is None:
            return None
        y, eps = list(res.x[:t]), res.x[t]
        levels.append(eps)
        newly = [k for k, m in zip(free, res.ub_marginals, strict=True) if m < 0]
        for k in newly:
            fixed[k] = eps
            _add_to_span(basis, [Fraction(v) for v in k])
        if len(basis) >= t:
            break
        if not newly:
            return None
        for k in free:
            if k not in fixed and not any(_reduce(basis, [Fraction(v) for v in k])):
                fixed[k] = value[k] - sum((a * b for a, b in zip(k, y, strict=True)),
                                          Fraction(0))
    if len(basis) < t:
        return None
    x = [Fraction(0)] * game.n_players
    for members, share in zip(classes, y, strict=True):
        for i in members:
            x[i] = share
    return ExactNucleolus(tuple(x), tuple(levels), True)


def _profiles(game: CoalitionalGame, classes: list[list[int]]
              ) -> tuple[list[int], list[tuple[int, ...]]] | None:
    """The class sizes and the proper profiles (``None`` past :data:`MAX_PROFILES`
    or for a game with irrational values)."""
    sizes = [len(c) for c in classes]
    if not game.exact or math.prod(s + 1 for s in sizes) > MAX_PROFILES:
        return None
    profiles = [k for k in itertools.product(*(range(s + 1) for s in sizes))
                if any(k) and list(k) != sizes]
    return sizes, profiles


def symmetric_least_core(game: CoalitionalGame, classes: list[list[int]]
                         ) -> CoreCertificate | None:
    """:func:`least_core_program`'s certificate alone (see there)."""
    return least_core_program(game, classes)[0]


def least_core_program(game: CoalitionalGame, classes: list[list[int]]
                       ) -> tuple[CoreCertificate | None, LPResult | None]:
    """``ε*``, the symmetric least-core allocation and a balanced collection from the
    profile program (module doc), checked exactly; ``None`` when the game is not exact,
    has more than :data:`MAX_PROFILES` profiles or a certificate fails; with the
    profile program's solution (for :func:`symmetric_nucleolus`'s first stage).

    Examples
    --------
    The three-player majority game: ``ε* = 1/3``, allocation ``(1/3, 1/3, 1/3)``, and
    the three pairs (cyclic windows of length 2) with weight ``1/3`` each.

    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [1, 1, 1], 2)
    >>> cert, _ = least_core_program(g, [[0, 1, 2]])
    >>> str(cert.epsilon), sorted(cert.balanced), cert.verified
    ('1/3', [3, 5, 6], True)
    """
    from ..kernels.rational_lp import OPTIMAL, linprog_exact

    shape = _profiles(game, classes)
    if shape is None:
        return None, None
    sizes, profiles = shape
    t = len(classes)
    value = [Fraction(game.value(_mask(classes, k))) for k in profiles]
    res = linprog_exact([0] * t + [1], [[-v for v in k] + [-1] for k in profiles],
                        [-v for v in value], [[*sizes, 0]],
                        [Fraction(game.value(game.grand))],
                        bounds=[(None, None)] * (t + 1))
    if res.status != OPTIMAL or res.x is None:
        return None, None
    y, eps = res.x[:t], res.x[t]
    x = [Fraction(0)] * game.n_players
    for members, share in zip(classes, y, strict=True):
        for i in members:
            x[i] = share
    lam: dict[int, Fraction] = {}
    for k, m in zip(profiles, res.ub_marginals, strict=True):
        if m < 0:
            for mask, share in _windows(classes, k, -m):
                lam[mask] = lam.get(mask, Fraction(0)) + share
    if check_balanced(game, lam) != eps or not check_allocation(game, tuple(x), eps):
        return None, res
    level = sum((v for mask, v in lam.items() if mask & 1), Fraction(0))
    return CoreCertificate(eps, tuple(x), lam, level, True), res


def _windows(classes: list[list[int]], profile: tuple[int, ...], weight: Fraction
             ) -> list[tuple[int, Fraction]]:
    """The ``L`` cyclic-window coalitions of ``profile``, each with ``weight / L``."""
    split = [len(c) for c, k in zip(classes, profile, strict=True) if 0 < k < len(c)]
    windows = math.lcm(*split) if split else 1
    out = []
    for j in range(windows):
        mask = 0
        for members, k in zip(classes, profile, strict=True):
            c = len(members)
            for r in range(k):
                mask |= 1 << members[(j + r) % c]
        out.append((mask, weight / windows))
    return out


def _mask(classes: list[list[int]], profile: tuple[int, ...]) -> int:
    """A coalition with the given profile: the first ``k_t`` members of each class."""
    mask = 0
    for members, k in zip(classes, profile, strict=True):
        for i in members[:k]:
            mask |= 1 << i
    return mask
