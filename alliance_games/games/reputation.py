"""The chain store game with an incumbent of unknown toughness (a reputation game).

An incumbent faces ``N`` entrants, one per market, in turn (Selten 1978). Entrant ``t``
sees what happened in markets ``1..t-1`` and stays out or enters; after an entry the
incumbent fights or accommodates. Nature first draws the incumbent *tough* with
probability ``δ`` (``prior_tough``) or *weak* (Kreps & Wilson 1982; Milgrom & Roberts
1982); only the incumbent knows it. Stage payoffs (Kreps & Wilson's normalisation):

==========================  ========  ===========  =============
                            stay out  enter, fight  enter, accommodate
==========================  ========  ===========  =============
entrant                     0         ``b - 1``    ``b``
weak incumbent              ``a``     ``-1``       ``0``
tough incumbent             ``a``     ``0``        ``-1``
==========================  ========  ===========  =============

with ``0 < b < 1`` and ``a > 1``: the weak incumbent would rather share the market than
fight, the tough one would rather fight. The incumbent's payoff is the sum over the
markets; each entrant cares about its own market.

:meth:`ReputationGame.as_extensive` writes the game as a tree (for a few markets: it has
``2·3^N`` leaves) for the generic tree solvers and Gambit export; the Kreps-Wilson
sequential equilibrium in closed form is in
:mod:`alliance_games.solvers.reputation.kreps_wilson`.

References
----------
R. Selten, "The chain store paradox", *Theory and Decision* 9(2), 1978, pp. 127-159.
D. M. Kreps & R. Wilson, "Reputation and imperfect information", *Journal of Economic
Theory* 27(2), 1982, pp. 253-279.
P. Milgrom & J. Roberts, "Predation, reputation, and entry deterrence", *Journal of
Economic Theory* 27(2), 1982, pp. 280-312.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..errors import GameError
from .extensive import Chance, Decision, ExtensiveFormGame, Terminal

__all__ = ["ReputationGame", "TREE_MAX_MARKETS", "MAX_MARKETS", "HISTORY_CODES"]

#: the tree is written for at most this many markets (``2·3^N`` leaves)
TREE_MAX_MARKETS = 6
#: the closed form is computed for at most this many markets
MAX_MARKETS = 200
#: one letter per market in the names of information sets: stayed out, entered and was
#: fought, entered and was accommodated
HISTORY_CODES = {"out": "O", "fight": "F", "accommodate": "A"}

Number = Any  # Fraction or float


@dataclass(frozen=True, eq=False)
class ReputationGame:
    """A finite chain store game with a tough or weak incumbent.

    Attributes
    ----------
    name
        Display name.
    markets
        ``N``, the number of markets (entrants), played in order.
    prior_tough
        ``δ``: the probability that the incumbent is tough.
    entrant_gain
        ``b`` in ``(0, 1)``: the entrant's payoff when accommodated (``b - 1`` when fought).
    monopoly
        ``a > 1``: the incumbent's payoff in a market the entrant stays out of.
    incumbent, entrant
        Player names (entrants are numbered: ``"Entrant 1"`` ...).
    parameters, info
        The spec's parameters and human information.
    """

    name: str
    markets: int
    prior_tough: Number
    entrant_gain: Number
    monopoly: Number
    incumbent: str = "Incumbent"
    entrant: str = "Entrant"
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not 1 <= self.markets <= MAX_MARKETS:
            raise GameError(f"markets must lie between 1 and {MAX_MARKETS}, found "
                            f"{self.markets}")
        if not 0 <= self.prior_tough <= 1:
            raise GameError(f"prior_tough must lie in [0, 1], found {self.prior_tough}")
        if not 0 < self.entrant_gain < 1:
            raise GameError(f"the entrant's gain b must lie in (0, 1) (Kreps & Wilson), "
                            f"found {self.entrant_gain}")
        if not self.monopoly > 1:
            raise GameError(f"the monopoly payoff a must exceed 1 (Kreps & Wilson), found "
                            f"{self.monopoly}")

    @property
    def players(self) -> tuple[str, ...]:
        """The incumbent, then the entrants in market order."""
        return (self.incumbent, *self.entrant_names)

    @property
    def entrant_names(self) -> tuple[str, ...]:
        return tuple(f"{self.entrant} {t}" for t in range(1, self.markets + 1))

    @property
    def n_players(self) -> int:
        return 1 + self.markets

    @property
    def is_exact(self) -> bool:
        """True when ``δ``, ``a`` and ``b`` are rational."""
        return all(isinstance(x, (int, Fraction))
                   for x in (self.prior_tough, self.entrant_gain, self.monopoly))

    @property
    def has_tree(self) -> bool:
        """Whether :meth:`as_extensive` writes the tree (at most
        :data:`TREE_MAX_MARKETS` markets)."""
        return self.markets <= TREE_MAX_MARKETS

    def __repr__(self) -> str:
        return (f"ReputationGame({self.name!r}, markets={self.markets}, "
                f"prior_tough={self.prior_tough}, b={self.entrant_gain}, a={self.monopoly})")

    def __str__(self) -> str:
        return (f"{self.name}: chain store with {self.markets} market"
                f"{'s' if self.markets != 1 else ''}, P(tough) = {self.prior_tough}, "
                f"entrant's gain b = {self.entrant_gain}, monopoly payoff a = {self.monopoly}")

    def as_extensive(self) -> ExtensiveFormGame:
        """The game tree (chance picks the type; then the markets in order).

        Information sets: ``"<Entrant t> | h"`` for entrant ``t`` after the public history
        ``h`` (one letter per earlier market: ``O`` out, ``F`` fought, ``A`` accommodated;
        ``-`` before the first market), with a tough and a weak node;
        ``"tough t | h"`` and ``"weak t | h"`` for the incumbent (singletons).
        Outcome labels count entries and fights.

        Raises
        ------
        GameError
            With more than :data:`TREE_MAX_MARKETS` markets.
        """
        return self._tree

    @cached_property
    def _tree(self) -> ExtensiveFormGame:
        if not self.has_tree:
            raise GameError(
                f"the tree of a {self.markets}-market chain store has 2·3^{self.markets} "
                f"leaves; it is written for at most {TREE_MAX_MARKETS} markets (the closed "
                "form has no limit)")
        root = Chance({"tough": (self.prior_tough, self._market(1, "tough", "", 0, 0, 0)),
                       "weak": (1 - self.prior_tough, self._market(1, "weak", "", 0, 0, 0))})
        info = {**dict(self.info), "reputation_tree": True}
        return ExtensiveFormGame.from_tree(root, players=self.players, name=self.name,
                                           parameters=self.parameters, info=info)

    def _market(self, t: int, kind: str, history: str, incumbent: Number, entries: int,
                fights: int, entrant_pay: tuple[Number, ...] = ()) -> Any:
        """The subtree from market ``t`` on (``incumbent`` payoff so far)."""
        if t > self.markets:
            label = (f"{entries} entr{'y' if entries == 1 else 'ies'}, {fights} fought"
                     if entries else "no entry")
            return Terminal((incumbent, *entrant_pay), label)
        a, b = self.monopoly, self.entrant_gain
        fight_pay = 0 if kind == "tough" else -1
        acc_pay = -1 if kind == "tough" else 0
        h = history or "-"
        after = {
            "Fight": self._market(t + 1, kind, history + "F", incumbent + fight_pay,
                                  entries + 1, fights + 1, (*entrant_pay, b - 1)),
            "Accommodate": self._market(t + 1, kind, history + "A", incumbent + acc_pay,
                                        entries + 1, fights, (*entrant_pay, b)),
        }
        respond = Decision(self.incumbent, after, infoset=f"{kind} {t} | {h}")
        return Decision(
            f"{self.entrant} {t}",
            {"Out": self._market(t + 1, kind, history + "O", incumbent + a, entries, fights,
                                 (*entrant_pay, 0)),
             "In": respond},
            infoset=f"{self.entrant} {t} | {h}",
        )
