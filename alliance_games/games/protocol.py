"""What every game of the package offers, as a structural type.

``load()`` returns a game, ``solve()`` takes one and ``SolveResult.game`` holds the one
that was solved. Four frozen dataclasses are games today:

* :class:`~alliance_games.games.normal.NormalFormGame` (strategic form, any number of
  players),
* :class:`~alliance_games.games.extensive.ExtensiveFormGame` (trees, including
  signaling games),
* :class:`~alliance_games.games.public_goods.PublicGoodsGame` (continuous
  contributions),
* :class:`~alliance_games.games.bargaining.BargainingGame` (surplus division).

They share no base class: :class:`Game` is a :class:`typing.Protocol`, so a type
checker accepts any of them (and any new family that offers the same members) where a
``Game`` is expected, and code that needs more than the common members narrows with
``isinstance`` first. The members are read-only properties because the games are
frozen.

Examples
--------
>>> from alliance_games import load
>>> from alliance_games.games.protocol import Game
>>> game = load("security_dilemma/stag_hunt")
>>> isinstance(game, Game), game.n_players, game.players
(True, 2, ('State A', 'State B'))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = ["Game"]


@runtime_checkable
class Game(Protocol):
    """A game: its name, its players, the parameters it was built with, and its info.

    Attributes
    ----------
    name
        Human-readable title (the spec's ``name``).
    players
        Player names, in the order payoffs and profiles use.
    parameters
        Parameter values the game was compiled with (name -> exact number or float).
    info
        Descriptive metadata the spec compiler recorded (kind, family, classification
        ...), shown in reports and JSON.
    n_players
        ``len(players)``.
    """

    @property
    def name(self) -> str: ...

    @property
    def players(self) -> tuple[str, ...]: ...

    @property
    def parameters(self) -> Mapping[str, Any]: ...

    @property
    def info(self) -> Mapping[str, Any]: ...

    @property
    def n_players(self) -> int: ...
