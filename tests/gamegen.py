"""Random normal-form games for tests.

``random_game(rng, shape)`` draws every payoff ``u[i][s]`` independently and uniformly
from the integers ``low..high`` (inclusive), so games are exact (Fractions) and, for a wide
range, generic with high probability. ``degenerate=True`` draws from ``{0, 1}`` instead
(many ties) and, for each player independently with probability 1/2, copies one of their
strategies onto another (a duplicate row / column: identical payoffs for *every* player),
which is what breaks naive solvers.

Players are ``P1, P2, ...`` and strategies ``s1, s2, ...`` (the :class:`NormalFormGame`
defaults). Randomness comes only from ``rng`` (a :class:`numpy.random.Generator`), so a
seed reproduces a game.

Example
-------
>>> import numpy as np
>>> g = random_game(np.random.default_rng(0), (2, 3))
>>> g.shape, g.is_exact
((2, 3), True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from alliance_games.games.normal import NormalFormGame

__all__ = ["random_game"]


def random_game(
    rng: np.random.Generator,
    shape: Sequence[int],
    low: int = -5,
    high: int = 5,
    degenerate: bool = False,
) -> NormalFormGame:
    """A random integer-payoff game with ``shape[i]`` strategies for player ``i``.

    Parameters
    ----------
    rng
        The source of randomness.
    shape
        Strategies per player, e.g. ``(3, 3)`` or ``(2, 2, 2)``.
    low, high
        Payoffs are uniform integers in ``[low, high]`` (ignored when ``degenerate``).
    degenerate
        Draw payoffs from ``{0, 1}`` and possibly duplicate a strategy of each player.
    """
    shape = tuple(int(m) for m in shape)
    n = len(shape)
    if degenerate:
        payoffs = rng.integers(0, 2, size=(n, *shape))
        for axis, m in enumerate(shape, start=1):
            if m >= 2 and rng.random() < 0.5:
                source, target = rng.choice(m, size=2, replace=False)
                index_to = [slice(None)] * (n + 1)
                index_from = [slice(None)] * (n + 1)
                index_to[axis], index_from[axis] = int(target), int(source)
                payoffs[tuple(index_to)] = payoffs[tuple(index_from)]
    else:
        payoffs = rng.integers(low, high + 1, size=(n, *shape))
    return NormalFormGame.from_payoff_array(payoffs.tolist())
