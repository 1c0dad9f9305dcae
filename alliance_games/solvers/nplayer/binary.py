"""Support profiles decided by compiled kernels (optional: numba), one for games in which
every player has two strategies, one for any number of strategies.

When every player has two strategies, a support profile is a set ``M`` of mixing players
and a pure strategy ``c_j`` for each other player. With ``p_j = σ_j(1)`` the free
probability of a mixing player and ``Δ_i(s_{-i}) = u_i(1, s_{-i}) - u_i(0, s_{-i})``,
the conditions of an equilibrium with that support are

.. math::

    D_i(p) = Σ_{s_{-i}} Δ_i(s_{-i}) Π_{j ∈ M∖\\{i\\}} p_j^{s_j}(1 - p_j)^{1 - s_j} = 0
    \\;(i ∈ M), \\qquad (-1)^{c_i} D_i(p) ≤ 0 \\;(i ∉ M), \\qquad 0 < p_j < 1,

the others' pure strategies held at ``c``. ``D_i`` is multilinear and does not depend on
``p_i``. These are exactly the conditions :mod:`.batch` decides (the same
mathematics: the exact range of a multilinear function on a box is the hull of its
vertex values, obtained by contracting the table of ``Δ_i`` one variable at a time with
``(lo, hi)``; the exact range of ``∂D_i/∂p_j`` is the hull of the differences along
``p_j`` at the vertices of the other sides), with the same tests and constants:

1. conditional dominance (Porter, Nudelman & Shoham 2008) on the exact differences
   ``Δ_i`` at the pure profiles of the others' supports (their signs are exact: a
   rounded difference of two floats is 0 only when they are equal);
2. a box is dropped when some ``D_i`` (``i ∈ M``) is bounded away from 0 by
   ``MARGIN`` or some pure player's deviation gain exceeds ``MARGIN`` on all of it;
   an indifference condition within ``MARGIN`` of 0 on the whole box at the start
   vanishes identically (a degenerate support, left *unresolved*);
3. the Krawczyk operator ``K(X) = c - Y f(c) + (I - Y J(X))(X - c)`` (widened by
   ``ERR`` for rounding, the formula of :func:`.batch._krawczyk`): ``K ∩ X = ∅`` drops
   the box, ``K`` in the interior of ``X`` proves exactly one root in it, otherwise
   ``X ∩ K`` replaces ``X``; a box that did not shrink below ``SHRINK`` of its width
   is bisected at ``SPLIT`` across the side of largest smear;
4. a unique root is refined by Newton's method and enclosed by the Krawczyk test in a
   box of width ``~1e-10``; it is an equilibrium when the enclosure shows ``0 < p < 1``
   and every pure player's gain below ``-MARGIN``, and is dropped when the enclosure
   shows the opposite; otherwise (and for a root on a face, a box narrower than
   ``1e-12`` without a decision, or more than ``MAX_BOXES`` boxes) the support is left
   unresolved and the caller decides it by the exact route.

The kernel takes the boxes of one support profile depth first, one at a time, in
compiled loops: what :mod:`.batch` spends on numpy's per-call overhead over its 5-11
rounds on a 2x2x2x2 game (a millisecond a round) becomes microseconds. Its results are
the numpy path's up to the order of roots within a support (``tests/
test_nplayer_binary.py`` compares both on hundreds of random and degenerate games).

**Any number of strategies** (:func:`general_kernel`, :func:`decide_general`,
:mod:`..kernels._support_numba`): the same tests on the general conditions of
:mod:`.batch`, one box at a time: each player's table of payoff differences (its own
strategies, support first, against the others' supports) is contracted, one other player
at a time, with the matrix of ``σ_j`` at the ``2^{f_j}`` vertices of that player's free
probabilities followed by the rows of ``∂σ_j/∂x_j`` (``batch._Class.factors``); the box is
first cut to ``σ_j(s_j^0) > 0`` (``batch._cut``). It is used for shapes whose work arrays
stay below :data:`GENERAL_SIZE` floats (3x3x3x3, 3^5, 4x4x4x4, 5x5x5; not 3^6 or
6x6x6), under the same loading rule. On 3x3x3 it takes 8-10 ms for the whole
enumeration (numpy path 17-19 ms); on 3x3x3x3 the large supports (7-8 free
probabilities) cost about what numpy's batches do, the small ones far less.

When is it used? Importing numba and loading the cached kernel costs 0.3-1 s of CPU
(the first compilation on a machine a few seconds): far more than one small game takes
(a 2x2x2x2 game: 8 ms on the numpy path). So, like
:mod:`..kernels.polytope_compiled`, the kernel is loaded only when numba is already
imported in this process, or once the process has spent more than :data:`PAYBACK`
seconds of CPU time deciding binary support profiles on the numpy path (a sweep, a
batch of games), or for a game of at least :data:`EAGER_PLAYERS` players (where the
numpy path alone costs more than the load), or when :data:`MODE` is True.
``ALLIANCE_GAMES_NO_NUMBA=1`` disables it.

References
----------
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
Fehlerschranken. *Computing* 4, 187-201.
McKelvey, R. D. & McLennan, A. (1997). The maximal number of regular totally mixed Nash
equilibria. *Journal of Economic Theory* 72(2), 411-425 (the multilinear systems of
games with two strategies per player).
Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..kernels import _loading
from .support_profiles import Supports

__all__ = ["kernel", "decide", "is_binary", "PAYBACK", "MODE"]

PAYBACK = 0.5
"""CPU seconds of support profiles decided on the numpy path after which loading numba
pays."""

EAGER_PLAYERS = 7
"""From this many players the kernel is loaded for the first game: the numpy path takes
1.6-2.6 s on a random 2^7 game (0.2-0.34 s with the kernel), loading costs ~0.6 s;
at 6 players 0.17-0.34 s against 0.02-0.03 s, less than the load."""

MODE: bool | None = None
"""``None``: the automatic rule of the module docstring; ``True``: use the kernel
whenever numba imports; ``False``: never (the numpy path)."""

spent = 0.0
"""CPU seconds this process has spent deciding support profiles on the numpy path
(updated by :func:`.batch.solve_class`)."""

#: boxes one support profile may take before it is left unresolved
MAX_BOXES = 20000
#: support profiles per kernel call (the deadline is polled between calls)
PIECE = 512
#: rows for the roots of one call (per profile: at most 44 regular roots for 5 players,
#: McKelvey & McLennan 1997; more leaves the support unresolved)
ROOTS_PER_PROFILE = 64

_kernel: Any = None
_tried = False


def is_binary(shape: Sequence[int]) -> bool:
    """Every player has exactly two strategies (and there are at most 16 players)."""
    return len(shape) <= 16 and all(m == 2 for m in shape)


def kernel(players: int = 0) -> Any:
    """The compiled kernel module, or ``None`` when it should not (or cannot) be used
    (``players``: the game's number of players; from :data:`EAGER_PLAYERS` on, loading
    pays within the game)."""
    global _kernel, _tried
    if _loading.disabled(MODE):
        return None
    if _kernel is not None:
        return _kernel
    if _tried:
        return None
    if _loading.waits(MODE, spent, PAYBACK) and players < EAGER_PLAYERS:
        return None
    _tried = True
    _kernel = _loading.load("_binary_numba", _warm_up)
    return _kernel


def _warm_up(module: Any) -> None:
    """Matching pennies between players 0 and 1, the third player strictly preferring
    its first strategy (compiles or loads the cache now, and surfaces a broken numba
    here): with the third player at 0, one equilibrium, both others mixing at 1/2; at 1,
    the profile is dominated."""
    u = np.zeros((3, 2, 2, 2))
    u[0] = np.array([[1.0, -1.0], [-1.0, 1.0]])[:, :, None]
    u[1] = -u[0]
    u[2, :, :, 0] = 1.0
    profiles = [((0, 1), (0, 1), (c,)) for c in (0, 1)]
    status, owner, roots = decide(module, u, profiles, margin=1e-9, err=1e-11,
                                  split=0.4871, shrink=0.7, newton=6, tighten=8)
    if status.tolist() != [module.DECIDED, module.DOMINATED] or owner.tolist() != [0] or \
            np.abs(roots[0, :2] - 0.5).max() > 1e-12:  # pragma: no cover
        raise RuntimeError("the compiled binary support kernel failed its warm-up")


def _differences(payoffs: np.ndarray) -> np.ndarray:
    """``delta[i, s] = u_i(s with s_i = 1) - u_i(s with s_i = 0)``, ``s`` a pure
    profile as a bit mask (player ``j`` at bit ``n - 1 - j``, the C order)."""
    n = payoffs.shape[0]
    flat = payoffs.reshape(n, -1)
    index = np.arange(flat.shape[1])
    delta = np.empty_like(flat)
    for i in range(n):
        bit = 1 << (n - 1 - i)
        delta[i] = flat[i, index | bit] - flat[i, index & ~bit]
    return np.ascontiguousarray(delta)


#: the code of a support of a two-strategy player: pure 0, pure 1, mixing
_CODES = {(0,): 0, (1,): 1, (0, 1): 2}


@functools.lru_cache(maxsize=16)
def _encode(profiles: tuple[Supports, ...], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per profile: which players mix, and the bit mask of the others' pure strategies
    (cached: the enumeration asks for the same lists of profiles game after game)."""
    codes = np.array([[_CODES[s] for s in p] for p in profiles], dtype=np.int64).reshape(
        len(profiles), n)
    weights = np.int64(1) << np.arange(n - 1, -1, -1, dtype=np.int64)
    mix = np.ascontiguousarray(codes == 2)
    base = np.ascontiguousarray(((codes == 1) * weights).sum(axis=1).astype(np.int64))
    mix.setflags(write=False)
    base.setflags(write=False)
    return mix, base


def decide(module: Any, payoffs: np.ndarray, profiles: Sequence[Supports], *,
           margin: float, err: float, split: float, shrink: float, newton: int,
           tighten: int, expired: Callable[[], bool] | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decide ``profiles`` of a game with two strategies per player (``payoffs`` floats
    scaled to ``[-1, 1]``) with the compiled kernel ``module`` and the constants of
    :mod:`.batch`: ``(status, owner, roots)``, per profile ``module.DECIDED``,
    ``UNRESOLVED`` or ``DOMINATED``, and each equilibrium's profile index and free
    probabilities ``σ_j(1)`` (in player order, 0 for the players who do not mix).

    The profiles go to the kernel :data:`PIECE` at a time; ``expired()`` is polled
    between pieces, and once it is true the remaining profiles are left unresolved (as
    the numpy path does between its rounds)."""
    n = payoffs.shape[0]
    mix, base = _encode(tuple(profiles), n)
    delta = _differences(np.asarray(payoffs, dtype=float))
    return _in_pieces(module, len(profiles), n, expired, lambda start, stop: module.solve(
        delta, n, mix[start:stop], base[start:stop], margin, err, split, shrink,
        newton, tighten, MAX_BOXES, ROOTS_PER_PROFILE * (stop - start)))


def _in_pieces(module: Any, count: int, width: int, expired: Callable[[], bool] | None,
               solve_piece: Callable[[int, int], tuple[Any, ...]]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run ``solve_piece(start, stop)`` (a kernel's ``solve`` on profiles
    ``start:stop``) :data:`PIECE` profiles at a time, polling ``expired()`` between
    pieces (the rest stay unresolved), and gather ``(status, owner, roots)`` with the
    owners numbered over all ``count`` profiles (``roots`` rows of ``width``)."""
    status = np.full(count, module.UNRESOLVED, dtype=np.int64)
    owners, roots = [np.zeros(0, dtype=np.int64)], [np.zeros((0, width))]
    for start in range(0, count, PIECE):
        if start and expired is not None and expired():
            break
        stop = min(start + PIECE, count)
        piece_status, owner, found, _ = solve_piece(start, stop)
        status[start:stop] = piece_status
        owners.append(owner + start)
        roots.append(found)
    return status, np.concatenate(owners), np.concatenate(roots)


# ============================================================ any number of strategies
#: the general kernel is used while its work arrays (``max m`` times
#: ``Π_j (max m + 2^{max m - 1})`` floats) stay below this size
GENERAL_SIZE = 1 << 17

_general: Any = None
_general_tried = False


def general_kernel(shape: Sequence[int], players: int = 0) -> Any:
    """The compiled kernel for any number of strategies per player
    (:mod:`..kernels._support_numba`), under the rule of :func:`kernel`; ``None`` when
    it should not be used (also for shapes whose work arrays would exceed
    :data:`GENERAL_SIZE`)."""
    global _general, _general_tried
    top = max(shape)
    size = top * (top + 2 ** (top - 1)) ** len(shape)
    if size > GENERAL_SIZE or sum(m - 1 for m in shape) > 16:
        return None
    if _general is not None:
        return _general if kernel(players) is not None else None
    if _general_tried or kernel(players) is None:
        return None
    _general_tried = True
    _general = _loading.load("_support_numba", _warm_up_general)
    return _general


def _warm_up_general(module: Any) -> None:
    """Rock-paper-scissors for players 0 and 1 (their payoffs independent of player 2,
    who strictly prefers its first of three strategies): on the full supports of 0 and
    1 with 2 at its first strategy, the one equilibrium, both uniform."""
    rps = np.array([[0.0, -1.0, 1.0], [1.0, 0.0, -1.0], [-1.0, 1.0, 0.0]])
    u = np.zeros((3, 3, 3, 3))
    u[0] = rps[:, :, None]
    u[1] = -rps[:, :, None]
    u[2, :, :, 0] = 1.0
    profiles = [((0, 1, 2), (0, 1, 2), (0,)), ((0, 1, 2), (0, 1, 2), (1,))]
    status, owner, roots = decide_general(module, u, profiles, margin=1e-9, err=1e-11,
                                          split=0.4871, shrink=0.7, newton=6, tighten=8)
    if status.tolist() != [module.DECIDED, module.DOMINATED] or owner.tolist() != [0] or \
            np.abs(roots[0, :4] - 1 / 3).max() > 1e-12:  # pragma: no cover
        raise RuntimeError("the compiled support kernel failed its warm-up")


def decide_general(module: Any, payoffs: np.ndarray, profiles: Sequence[Supports], *,
                   margin: float, err: float, split: float, shrink: float, newton: int,
                   tighten: int, expired: Callable[[], bool] | None = None
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`decide` for any number of strategies per player (``roots`` rows: the free
    probabilities in the order of the numpy engine, player by player, each support
    after its first strategy)."""
    shape = payoffs.shape[1:]
    n = len(shape)
    top = max(shape)
    order = np.zeros((len(profiles), n, top), dtype=np.int64)
    k = np.zeros((len(profiles), n), dtype=np.int64)
    for p, supports in enumerate(profiles):
        for j, support in enumerate(supports):
            rest = [s for s in range(shape[j]) if s not in support]
            order[p, j, :shape[j]] = list(support) + rest
            k[p, j] = len(support)
    strides = np.array([int(np.prod(shape[j + 1:])) for j in range(n)], dtype=np.int64)
    m = np.array(shape, dtype=np.int64)
    flat = np.ascontiguousarray(np.asarray(payoffs, dtype=float).reshape(n, -1))
    width = max(int(m.sum()) - n, 1)
    return _in_pieces(module, len(profiles), width, expired, lambda start, stop: module.solve(
        flat, strides, m, order[start:stop], k[start:stop], margin, err, split, shrink,
        newton, tighten, MAX_BOXES, ROOTS_PER_PROFILE * (stop - start)))
