"""Hypothesis strategies for the games the solvers take: normal form, trees, signaling.

A strategy here draws the *numbers* of a game and builds it with the library's own
constructors, so a failing example shrinks to a small game with small payoffs. The
random generators shared with seeded tests are reused, not copied: trees come from
:func:`alliance_games.games.random_extensive.random_extensive_game` (chance moves and
information sets with perfect recall by construction) and signaling games from
:func:`gamegen.signaling_game`.

Payoff kinds for normal-form games:

* ``"integer"``: integers in ``[low, high]``;
* ``"rational"``: fractions in ``[low, high]`` with denominators up to 6 (exact,
  non-integer: catches code that silently rounds);
* ``"binary"``: payoffs in ``{0, 1}`` and, for each player independently when drawn,
  one strategy copied onto another (identical payoffs for every player): the degenerate
  games that break naive solvers (as in :func:`gamegen.random_game`).

Kept out of ``conftest.py`` on purpose: pytest's documentation says conftest modules are
not meant to be imported, and a ``@given`` decorator needs the strategy at import time.
``from strategies import normal_form_games`` works because pytest puts ``tests/`` on
``sys.path`` (as for ``gamegen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from gamegen import ACTIONS, MESSAGES, SignalingCase, signaling_game
from hypothesis import reject
from hypothesis import strategies as st

from alliance_games.games.extensive import ExtensiveFormGame
from alliance_games.games.normal import NormalFormGame
from alliance_games.games.random_extensive import random_extensive_game

__all__ = [
    "PAYOFF_KINDS",
    "payoff_values",
    "payoff_arrays",
    "normal_form_games",
    "bimatrix_games",
    "extensive_games",
    "signaling_games",
]

PAYOFF_KINDS = ("integer", "rational", "binary")

# defaults (built once: a call in an argument default is evaluated at import anyway)
TWO_OR_THREE = st.integers(2, 3)
SMALL_TREES = st.integers(4, 14)
SMALL_PAYOFFS = st.integers(-3, 3)


def payoff_values(kind: str = "integer", low: int = -5, high: int = 5) -> st.SearchStrategy:
    """One payoff of the given kind (see the module docstring)."""
    if kind == "integer":
        return st.integers(low, high)
    if kind == "rational":
        return st.fractions(min_value=low, max_value=high, max_denominator=6)
    if kind == "binary":
        return st.integers(0, 1)
    raise ValueError(f"unknown payoff kind {kind!r}; one of {PAYOFF_KINDS}")


def _nested(values: st.SearchStrategy, shape: Sequence[int]) -> st.SearchStrategy:
    """Nested lists of ``values`` with the given shape (outermost axis first)."""
    inner = values
    for m in reversed(shape):
        inner = st.lists(inner, min_size=m, max_size=m)
    return inner


def _duplicate(array: Any, axis: int, source: int, target: int) -> Any:
    """Copy strategy ``source`` of the player on ``axis`` onto ``target`` (nested lists)."""
    if axis == 0:
        array[target] = array[source]
        return array
    return [_duplicate(list(row), axis - 1, source, target) for row in array]


@st.composite
def payoff_arrays(
    draw: Any,
    players: int | st.SearchStrategy = 2,
    *,
    min_strategies: int = 1,
    max_strategies: int = 4,
    kind: str = "integer",
    low: int = -5,
    high: int = 5,
) -> list:
    """One payoff array (nested lists) per player: ``arrays[i][s_0]...[s_{n-1}]``.

    The strategy counts are drawn player by player, then each player's array, so for two
    players this draws exactly what ``m, n, A, B`` drawn in that order would.
    """
    n = draw(players) if isinstance(players, st.SearchStrategy) else players
    shape = [draw(st.integers(min_strategies, max_strategies)) for _ in range(n)]
    values = payoff_values(kind, low, high)
    arrays = [draw(_nested(values, shape)) for _ in range(n)]
    if kind == "binary":
        for axis, m in enumerate(shape):
            if m >= 2 and draw(st.booleans()):
                source, target = draw(st.permutations(range(m)))[:2]
                arrays = [_duplicate(a, axis, source, target) for a in arrays]
    return arrays


def normal_form_games(
    players: int | st.SearchStrategy = TWO_OR_THREE,
    **kwargs: Any,
) -> st.SearchStrategy:
    """Exact :class:`NormalFormGame` values (``kwargs`` as for :func:`payoff_arrays`)."""
    return payoff_arrays(players, **kwargs).map(NormalFormGame.from_arrays)


def bimatrix_games(**kwargs: Any) -> st.SearchStrategy:
    """Two-player :class:`NormalFormGame` values."""
    return normal_form_games(2, **kwargs)


@st.composite
def extensive_games(
    draw: Any,
    *,
    players: int | st.SearchStrategy = TWO_OR_THREE,
    leaves: st.SearchStrategy = SMALL_TREES,
    chance: float = 0.3,
    max_infoset: int = 3,
    chance_root: bool | None = None,
    payoff_range: int = 5,
    need_chance: bool = False,
    need_infoset: bool = False,
) -> ExtensiveFormGame:
    """A random perfect-recall tree with chance moves and information sets.

    ``need_chance`` / ``need_infoset`` keep only trees that have a chance move / an
    information set with two or more nodes (``chance_root=True`` guarantees the first).
    """
    n = draw(players) if isinstance(players, st.SearchStrategy) else players
    root = draw(st.booleans()) if chance_root is None else chance_root
    game = random_extensive_game(
        draw(st.integers(0, 2**32 - 1)), leaves=draw(leaves), players=n, chance=chance,
        max_infoset=max_infoset, payoff_range=payoff_range, chance_root=root,
    )
    if (need_chance and not game.has_chance) or (need_infoset and game.is_perfect_information):
        reject()
    return game


@st.composite
def signaling_games(
    draw: Any,
    *,
    types: int | st.SearchStrategy = TWO_OR_THREE,
    payoffs: st.SearchStrategy = SMALL_PAYOFFS,
    messages: Sequence[str] = MESSAGES,
    actions: Sequence[str] = ACTIONS,
) -> SignalingCase:
    """A sender-receiver game (:func:`gamegen.signaling_game`) with a prior whose weights
    are integers 1..9 and payoffs drawn from ``payoffs``; returns the game with the prior
    and payoff table it was built from."""
    n = draw(types) if isinstance(types, st.SearchStrategy) else types
    weights = [draw(st.integers(1, 9)) for _ in range(n)]
    prior = [Fraction(w, sum(weights)) for w in weights]
    pay = {(t, m, r): (draw(payoffs), draw(payoffs))
           for t in range(n) for m in messages for r in actions}
    game = signaling_game(prior, pay, messages, actions, name="drawn signaling game")
    return SignalingCase(game, prior, pay)
