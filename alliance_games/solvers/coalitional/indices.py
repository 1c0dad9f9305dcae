"""Power in coalitional games: Shapley value, Banzhaf index, winning coalitions, veto players.

All figures are exact rationals when the game is (the table is integers over one
common scale, so every sum below is an integer sum):

- **Shapley value** (Shapley 1953): ``φ_i = Σ_{S ⊆ N∖i} |S|! (n-|S|-1)! / n! ·
  (v(S∪i) - v(S))``, the average marginal contribution over the ``n!`` orders in which
  the grand coalition can assemble. On a simple game it is the **Shapley-Shubik index**
  (Shapley & Shubik 1954): the share of orders in which ``i`` is pivotal.
- **Banzhaf** (Banzhaf 1965; Penrose 1946): the raw count of swings ``η_i = Σ_{S ⊆ N∖i}
  (v(S∪i) - v(S))`` (on a simple game: the losing coalitions that ``i`` turns into
  winning ones), the *raw* (probabilistic) index ``η_i / 2^(n-1)`` and the *normalised*
  index ``η_i / Σ_j η_j``.
- **Winning / minimal winning coalitions** (simple games): ``S`` is minimal winning when
  it wins and every ``S∖i`` loses. Riker's (1962) size principle predicts that the
  coalition that forms is a minimal winning coalition of smallest total weight.
- **Veto player** (simple games): ``N∖i`` loses, so ``i`` is in every winning coalition.
- **Dummy player**: ``v(S∪i) = v(S) + v({i})`` for every ``S``; in a simple game with
  ``v({i}) = 0`` (a *null* player) it is never pivotal and has zero power.

The sums run over all ``2^n`` coalitions with numpy, one vector operation per player.

References
----------
Shapley, L. S. (1953). A value for n-person games. In Kuhn & Tucker (eds.),
*Contributions to the Theory of Games II*, 307-317. Princeton University Press.
Shapley, L. S. & Shubik, M. (1954). A method for evaluating the distribution of power in
a committee system. *American Political Science Review* 48(3), 787-792.
Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical analysis. *Rutgers
Law Review* 19, 317-343.
Riker, W. H. (1962). *The Theory of Political Coalitions*. Yale University Press.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache

import numpy as np

from ...games.coalitional import CoalitionalGame, masks_sizes

__all__ = ["marginal_sums", "shapley_value", "banzhaf_counts", "banzhaf_indices",
           "winning_masks", "minimal_winning_masks", "veto_players", "dummy_players",
           "Number"]

Number = Fraction | float


def _without(n: int, i: int) -> np.ndarray:
    """The ``2^(n-1)`` masks without bit ``i``, ascending: bit ``i`` is inserted (as 0)
    into every mask of ``n - 1`` bits, which keeps their order."""
    half = np.arange(2 ** (n - 1), dtype=np.int64) if n else np.zeros(1, dtype=np.int64)
    return ((half >> i) << (i + 1)) | (half & ((1 << i) - 1))


@lru_cache(maxsize=8)
def _sizes(n: int) -> np.ndarray:
    """:func:`masks_sizes` (cached, read-only)."""
    sizes = masks_sizes(n)
    sizes.setflags(write=False)
    return sizes


def _as_value(game: CoalitionalGame, total: int | float, denominator: int) -> Number:
    if game.exact:
        return Fraction(int(total), denominator * game.scale)
    return float(total) / denominator


def marginal_sums(game: CoalitionalGame, i: int) -> list[int | float]:
    """``M_k = Σ_{S ⊆ N∖i, |S| = k} (v(S∪i) - v(S))`` for ``k = 0..n-1`` (table units).

    ``|S|`` of the ``j``-th mask without ``i`` is that of ``j`` itself (a 0 bit is
    inserted), so the sizes are :func:`masks_sizes` of ``n - 1``; an integer table
    whose sums stay below ``2^53`` is summed by size in one ``bincount`` (float64 adds
    such integers exactly)."""
    n = game.n_players
    base = _without(n, i)
    t = game.table
    marginal = t[base | (1 << i)] - t[base]
    sizes = _sizes(max(n - 1, 0))
    if t.dtype == object or np.issubdtype(t.dtype, np.integer):
        out: list[int | float] = [0] * n
        if t.dtype != object and marginal.size:
            peak = int(np.abs(marginal).max())
            if peak * marginal.size < 2**53:
                return [int(v) for v in np.bincount(sizes, weights=marginal, minlength=n)]
            if peak < 2**62 // marginal.size:
                for k in range(n):
                    out[k] = int(marginal[sizes == k].sum())
                return out
        for k, m in zip(sizes.tolist(), marginal.tolist(), strict=True):
            out[k] += int(m)
        return out
    return [float(marginal[sizes == k].sum()) for k in range(n)]


def shapley_value(game: CoalitionalGame,
                  sums: Sequence[Sequence[int | float]] | None = None
                  ) -> tuple[Number, ...]:
    """``φ_i`` for every player (exact when the game is); ``sums``: every player's
    :func:`marginal_sums`, when already computed.

    Examples
    --------
    The weighted game ``[3; 2, 1, 1]``: A is pivotal in 4 of the 6 orders (whenever it is
    not first), B and C in one each:

    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [2, 1, 1], 3)
    >>> [str(x) for x in shapley_value(g)]
    ['2/3', '1/6', '1/6']
    """
    n = game.n_players
    fact = math.factorial(n)
    out = []
    for i in range(n):
        by_size = marginal_sums(game, i) if sums is None else sums[i]
        total = sum(math.factorial(k) * math.factorial(n - k - 1) * s
                    for k, s in enumerate(by_size))
        out.append(_as_value(game, total, fact))
    return tuple(out)


def banzhaf_counts(game: CoalitionalGame,
                   sums: Sequence[Sequence[int | float]] | None = None
                   ) -> tuple[Number, ...]:
    """``η_i = Σ_{S ⊆ N∖i} (v(S∪i) - v(S))``: swing counts on a simple game
    (``sums`` as in :func:`shapley_value`)."""
    out = []
    for i in range(game.n_players):
        total = sum(marginal_sums(game, i) if sums is None else sums[i])
        out.append(_as_value(game, total, 1))
    return tuple(out)


def banzhaf_indices(game: CoalitionalGame, counts: Sequence[Number] | None = None
                    ) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
    """(raw ``η_i / 2^(n-1)``, normalised ``η_i / Σ η``); the normalised index is all
    zeros when no player ever swings. ``counts``: :func:`banzhaf_counts`, when known.

    Examples
    --------
    ``[3; 2, 1, 1]``: A swings in {B}, {C}, {B, C} (3), B only in {A} (1), C in {A} (1):

    >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [2, 1, 1], 3)
    >>> raw, norm = banzhaf_indices(g)
    >>> [str(x) for x in raw], [str(x) for x in norm]
    (['3/4', '1/4', '1/4'], ['3/5', '1/5', '1/5'])
    """
    if counts is None:
        counts = banzhaf_counts(game)
    half = 2 ** (game.n_players - 1)
    raw = tuple(c / half for c in counts)
    total = sum(counts)
    norm = tuple(c / total if total else c * 0 for c in counts)
    return raw, norm


def winning_masks(game: CoalitionalGame) -> np.ndarray:
    """The winning coalitions of a simple game (masks, ascending)."""
    return np.nonzero(game.table.astype(bool))[0]


def minimal_winning_masks(game: CoalitionalGame) -> np.ndarray:
    """Winning coalitions each of whose members is needed (masks, ascending)."""
    n = game.n_players
    win = game.table.astype(bool)
    masks = np.arange(2 ** n, dtype=np.int64)
    minimal = win.copy()
    for i in range(n):
        has = (masks >> i) & 1 == 1
        minimal &= ~has | ~win[masks & ~(1 << i)]
    return np.nonzero(minimal)[0]


def veto_players(game: CoalitionalGame) -> tuple[str, ...]:
    """Players without whom no coalition wins (``N∖i`` loses; simple games)."""
    grand = game.grand
    return tuple(p for i, p in enumerate(game.players) if not game.table[grand & ~(1 << i)])


def dummy_players(game: CoalitionalGame) -> tuple[str, ...]:
    """Players whose marginal contribution is always their own value ``v({i})``."""
    out = []
    t = game.table
    for i, p in enumerate(game.players):
        base = _without(game.n_players, i)
        marginal = t[base | (1 << i)] - t[base]
        if game.exact:
            dummy = bool(np.all(marginal == t[1 << i]))
        else:
            dummy = bool(np.all(np.abs(marginal - t[1 << i]) <= 1e-12))
        if dummy:
            out.append(p)
    return tuple(out)
