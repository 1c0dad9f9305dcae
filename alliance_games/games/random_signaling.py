"""Random sender-receiver trees and multi-stage crises (for tests and benchmarks).

``random_signaling_game(rng, types, messages, responses)``: Nature draws the sender's
type ``t`` with a random prior; the sender, knowing it (one singleton information set
``t{k}`` per type), sends a message ``m{j}``; the receiver sees the message only (one
information set ``after m{j}`` with one node per type) and answers ``r{l}``. The tree has
``types * messages * responses`` terminal nodes.

``random_crisis_game(rng, types, messages, responses, actions, replies)`` adds a second
round: after the response the sender (who knows everything) acts again ``a{x}``, and the
receiver (who still does not see the type, but remembers the message, its response and
sees the action) replies ``b{y}``: ``types * messages * responses * actions * replies``
terminal nodes, the receiver's second-round information sets again one node per type.

Payoffs are integers in ``[-payoff_range, payoff_range]`` and prior weights integers in
1..9 (exact Fractions); everything is drawn from ``rng``, so a seed reproduces the game.
Neither tree has a proper subgame (every receiver set spans all types).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from .extensive import Chance, Decision, ExtensiveFormGame, Terminal

__all__ = ["random_signaling_game", "random_crisis_game"]


def _prior(rng: np.random.Generator, types: int) -> list[Fraction]:
    weights = [int(w) for w in rng.integers(1, 10, types)]
    return [Fraction(w, sum(weights)) for w in weights]


def _pay(rng: np.random.Generator, payoff_range: int) -> Terminal:
    a, b = (int(x) for x in rng.integers(-payoff_range, payoff_range + 1, 2))
    return Terminal((Fraction(a), Fraction(b)))


def _first_round(prior: list[Fraction], messages: int, responses: int,
                 after: Callable[[int, int, int], Any]) -> Chance:
    """Nature draws type ``t``, the sender sends ``m{j}`` (information set ``t{k}``), the
    receiver answers ``r{l}`` seeing the message only; ``after(t, m, r)`` is what follows
    (called in type, message, response order, so random draws inside it are seeded
    alike)."""
    def sender(t: int) -> Decision:
        return Decision("Sender", {
            f"m{m}": Decision("Receiver", {f"r{r}": after(t, m, r) for r in range(responses)},
                              infoset=f"after m{m}")
            for m in range(messages)}, infoset=f"t{t}")

    return Chance({f"t{t}": (prior[t], sender(t)) for t in range(len(prior))})


def random_signaling_game(
    rng: np.random.Generator | int,
    types: int = 2,
    messages: int = 2,
    responses: int = 2,
    *,
    payoff_range: int = 9,
    name: str | None = None,
) -> ExtensiveFormGame:
    """A random one-round sender-receiver game (``types * messages * responses`` leaves).

    Parameters
    ----------
    rng
        A :class:`numpy.random.Generator` or a seed.
    types, messages, responses
        Numbers of sender types, messages and receiver responses.
    payoff_range
        Payoffs are integers in ``[-payoff_range, payoff_range]``.

    Examples
    --------
    >>> g = random_signaling_game(0, 4, 4, 4)
    >>> len(g.terminals), len(g.infosets)
    (64, 8)
    """
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    prior = _prior(rng, types)
    # payoffs drawn type by type, message by message (a seed gives one game)
    pays = {(t, m, r): _pay(rng, payoff_range) for t in range(types)
            for m in range(messages) for r in range(responses)}
    root = _first_round(prior, messages, responses, lambda t, m, r: pays[t, m, r])
    return ExtensiveFormGame.from_tree(
        root, players=("Sender", "Receiver"),
        name=name or f"signaling {types}x{messages}x{responses}")


def random_crisis_game(
    rng: np.random.Generator | int,
    types: int = 2,
    messages: int = 2,
    responses: int = 2,
    actions: int = 2,
    replies: int = 2,
    *,
    payoff_range: int = 9,
    name: str | None = None,
) -> ExtensiveFormGame:
    """A random two-round crisis with a privately informed sender.

    ``types * messages * responses * actions * replies`` leaves: type, message, response,
    the sender's second move, the receiver's reply (see the module doc).

    Examples
    --------
    >>> g = random_crisis_game(0, 4, 4, 4, 3, 3)
    >>> len(g.terminals)
    576
    """
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    prior = _prior(rng, types)

    def second(t: int, m: int, r: int) -> Decision:
        moves: dict[str, Any] = {}
        for a in range(actions):
            moves[f"a{a}"] = Decision(
                "Receiver", {f"b{b}": _pay(rng, payoff_range) for b in range(replies)},
                infoset=f"m{m} r{r} a{a}")
        return Decision("Sender", moves, infoset=f"t{t} m{m} r{r}")

    root = _first_round(prior, messages, responses, second)
    return ExtensiveFormGame.from_tree(
        root, players=("Sender", "Receiver"),
        name=name or f"crisis {types}x{messages}x{responses}x{actions}x{replies}")
