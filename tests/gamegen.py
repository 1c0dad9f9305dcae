"""Random games for tests: normal-form games and small sender-receiver trees.

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

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.games.normal import NormalFormGame

__all__ = ["random_game", "SignalingCase", "signaling_game", "random_signaling",
           "MESSAGES", "ACTIONS"]

# Random trees with chance moves and information sets come from the library's own
# generator, alliance_games.games.random_extensive.random_extensive_game (not copied here).


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


# ---------------------------------------------------------------------- signaling games
MESSAGES = ("m0", "m1")
ACTIONS = ("r0", "r1")


class SignalingCase(NamedTuple):
    """A sender-receiver game with the numbers it was built from (for independent checks).

    ``prior[t]`` is the probability of type ``t``; ``payoffs[t, m, r]`` the (sender,
    receiver) payoffs when type ``t`` sends message ``m`` and the receiver answers ``r``.
    """

    game: ExtensiveFormGame
    prior: list[Fraction]
    payoffs: Mapping[tuple[int, str, str], tuple[Any, Any]]


def signaling_game(
    prior: Sequence[Fraction],
    payoffs: Mapping[tuple[int, str, str], tuple[Any, Any]],
    messages: Sequence[str] = MESSAGES,
    actions: Sequence[str] = ACTIONS,
    name: str = "signaling game",
) -> ExtensiveFormGame:
    """Nature draws type ``t`` (chance branch ``t{t}``) with probability ``prior[t]``; the
    Sender, knowing it (information set ``t{t}``), sends a message; the Receiver sees the
    message only (information set ``after {m}``) and answers."""

    def sender(t: int) -> Decision:
        return Decision("Sender", {
            m: Decision("Receiver", {r: Terminal(payoffs[t, m, r]) for r in actions},
                        infoset=f"after {m}")
            for m in messages}, infoset=f"t{t}")

    return ExtensiveFormGame.from_tree(
        Chance({f"t{t}": (prior[t], sender(t)) for t in range(len(prior))}),
        players=("Sender", "Receiver"), name=name)


def random_signaling(seed: int, n_types: int = 2) -> SignalingCase:
    """A random sender-receiver game: ``n_types`` types with prior weights uniform in 1..9,
    2 messages, 2 receiver actions, integer payoffs in [-3, 3] (``random.Random(seed)``)."""
    rng = random.Random(seed)
    weights = [rng.randint(1, 9) for _ in range(n_types)]
    prior = [Fraction(w, sum(weights)) for w in weights]
    pay = {(t, m, r): (rng.randint(-3, 3), rng.randint(-3, 3))
           for t in range(n_types) for m in MESSAGES for r in ACTIONS}
    game = signaling_game(prior, pay, name=f"random signaling {seed}")
    return SignalingCase(game, prior, pay)
