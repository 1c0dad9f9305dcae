"""Immutable n-player normal-form (strategic-form) games.

A game with players ``0..n-1``, player ``i`` having strategies ``0..m_i-1``, is stored as
one payoff array ``u`` of shape ``(n, m_0, ..., m_{n-1})``: ``u[i][s]`` is player ``i``'s
payoff at the pure profile ``s``. Two copies are kept: ``payoffs`` in floats for fast
numerical work, and ``exact_payoffs`` in :class:`fractions.Fraction` (or ``None`` when a
payoff is irrational, e.g. ``sqrt(2)``) so that results can be certified exactly.

When every payoff is an integer (Gambit files, generated games, most catalog games) the
exact values are also held as ``integer_payoffs``, an ``int64`` array, and
``exact_payoffs`` is built from it only when something asks for it (a cached property):
a 500x500 game built from integer arrays creates no Python number objects, and solvers
that work in integers (the Lemke-Howson certificate) read the array directly.

``outcomes`` labels pure profiles with what the end state *means* (``"arms race"``,
``"mutual restraint"``); a profile may be unlabelled.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypedDict

import numpy as np

from ..errors import GameError
from ..numbers import payoff_float, payoff_fraction

__all__ = [
    "NormalFormGame",
    "Profile",
    "RepeatedSettings",
    "SymmetricBinary",
    "VolunteersDilemmaFacts",
    "LinearPublicGoodFacts",
]

Profile = tuple[int, ...]
"""A pure strategy profile: one strategy index per player."""


class RepeatedSettings(TypedDict, total=False):
    """``info["repeated"]``: the stage game is played repeatedly with discounting."""

    discount_factor: Any
    cooperate: str
    punishment: Any


class SymmetricBinary(TypedDict):
    """``info["symmetric_binary"]``: a symmetric two-action game whose payoff depends only
    on one's own action and on how many others act (``act_payoffs[k]``,
    ``abstain_payoffs[k]`` with ``k`` others acting)."""

    act_payoffs: tuple[Any, ...]
    abstain_payoffs: tuple[Any, ...]
    actions: tuple[str, ...]


class VolunteersDilemmaFacts(TypedDict):
    """``info["volunteers_dilemma"]``: benefit ``b``, cost ``c`` and ``n`` players."""

    benefit: Any
    cost: Any
    n: int


class LinearPublicGoodFacts(TypedDict):
    """``info["linear_public_good"]``: ``n`` players and the multiplier ``r``."""

    n: int
    multiplier: Any


def _sealed(array: np.ndarray) -> np.ndarray:
    """``array`` made read-only in place (for arrays built here, which nobody else holds)."""
    array.flags.writeable = False
    return array


#: integer payoffs are held as int64 below this magnitude (larger ones only as Fractions)
_INT64_LIMIT = 2**63


def _as_int64(raw: np.ndarray) -> np.ndarray | None:
    """``raw`` (an integer array) as int64, or None when some entry does not fit."""
    if raw.size and raw.dtype.kind == "u" and raw.dtype.itemsize >= 8 and int(
            raw.max()) >= _INT64_LIMIT:
        return None
    return raw.astype(np.int64)  # a copy: the caller's array stays theirs


def _integer_twin(exact: np.ndarray) -> np.ndarray | None:
    """The Fractions ``exact`` as an int64 array when they are all integers that fit."""
    flat = exact.ravel().tolist()
    if any(v.denominator != 1 or not -_INT64_LIMIT < v.numerator < _INT64_LIMIT
           for v in flat):
        return None
    return np.array([v.numerator for v in flat], dtype=np.int64).reshape(exact.shape)


def _stacked(arrays: Sequence[Any]) -> np.ndarray:
    """The per-player arrays stacked: an integer array when every entry is an integer
    (numpy integer arrays, nested lists of ints), which :meth:`from_payoff_array`
    converts in one vectorised step with the same exact and float values as entry by
    entry; else an object array (each entry then goes through ``payoff_fraction``)."""
    try:
        stacked = np.asarray(arrays)
    except (ValueError, TypeError, OverflowError):  # ragged, or not numbers
        stacked = None
    if stacked is not None and stacked.dtype.kind in "iu":
        return stacked
    return np.array(arrays, dtype=object)


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """An n-player normal-form game.

    Build one with :meth:`from_arrays` (payoff arrays per player) or
    :meth:`from_payoff_array` (the stacked ``(n, m_0, ..., m_{n-1})`` array).

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                                players=["A", "B"],
    ...                                strategies=[["C", "D"], ["C", "D"]])
    >>> g.shape
    (2, 2)
    >>> g.payoff_vector((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    """

    name: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    """The payoffs as floats (correctly rounded from the exact values)."""
    integer_payoffs: np.ndarray | None
    """The exact payoffs as a read-only ``int64`` array when every payoff is an integer
    below ``2**63`` in magnitude, else None."""
    fraction_payoffs: np.ndarray | None
    """The exact payoffs as Fractions when they were given or computed that way at
    construction (None for integer arrays, whose Fractions :attr:`exact_payoffs` builds on
    demand, and for irrational payoffs). Read :attr:`exact_payoffs` instead."""
    outcomes: Mapping[Profile, str] = field(default_factory=lambda: MappingProxyType({}))
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Human facts carried to reports: description, references, source, family facts."""
    # The family facts that solvers branch on, as typed fields. They are read from
    # ``info`` (which keeps them for reports and JSON), so the two can never disagree and
    # ``dataclasses.replace`` recomputes them.
    repeated: RepeatedSettings | None = field(init=False, default=None)
    """Settings of the repeated game when the spec is ``kind: repeated`` (else None)."""
    symmetric_binary: SymmetricBinary | None = field(init=False, default=None)
    """Per-count payoffs of a symmetric binary-action game (else None)."""
    volunteers_dilemma: VolunteersDilemmaFacts | None = field(init=False, default=None)
    """Benefit, cost and size of a volunteer's dilemma (else None)."""
    linear_public_good: LinearPublicGoodFacts | None = field(init=False, default=None)
    """Size and multiplier of a linear public-good game (else None)."""

    def __post_init__(self) -> None:
        for flag in ("repeated", "symmetric_binary", "volunteers_dilemma",
                     "linear_public_good"):
            object.__setattr__(self, flag, self.info.get(flag))

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_payoff_array(
        cls,
        payoffs: Any,
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "",
        outcomes: Mapping[Profile, str] | None = None,
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> NormalFormGame:
        """Build from the stacked payoff array ``u[i][s_0]...[s_{n-1}]``.

        Entries may be ints, Fractions, decimal strings, floats or sympy numbers.
        Floats are converted exactly (their binary value); irrational sympy numbers make
        ``exact_payoffs`` ``None``.
        """
        if isinstance(payoffs, np.ndarray) and payoffs.dtype.kind in "iu":
            # integer arrays (Gambit files, generated games): one vectorised conversion
            # instead of a Python loop over every entry (a 16-player game has a million)
            raw = payoffs
        else:
            raw = np.array(payoffs, dtype=object)
        if raw.ndim < 2:
            raise GameError("payoff array must have shape (n_players, m_1, ..., m_n)")
        n = raw.shape[0]
        if raw.ndim != n + 1:
            raise GameError(
                f"payoff array for {n} players must have {n + 1} dimensions, "
                f"found shape {raw.shape}"
            )
        shape = raw.shape[1:]
        if any(m < 1 for m in shape):
            raise GameError("every player needs at least one strategy")
        ints = _as_int64(raw) if raw.dtype.kind in "iu" else None
        if ints is not None:
            # no Python object per entry: the Fractions are built on demand
            floats = raw.astype(float)
            fractions: np.ndarray | None = None
        else:
            if raw.dtype.kind in "iu":  # uint64 past int64: exact as Fractions
                raw = raw.astype(object)
            exact = np.empty(raw.shape, dtype=object)
            floats = np.empty(raw.shape, dtype=float)
            all_rational = True
            for idx, value in np.ndenumerate(raw):
                frac = payoff_fraction(value)
                if frac is None:
                    all_rational = False
                    floats[idx] = payoff_float(value)
                else:
                    exact[idx] = frac
                    floats[idx] = float(frac)
            fractions = exact if all_rational else None
            if fractions is not None:
                ints = _integer_twin(fractions)
        if not np.all(np.isfinite(floats)):
            raise GameError("payoffs must be finite numbers")
        players = tuple(players) if players is not None else tuple(f"P{i + 1}" for i in range(n))
        if strategies is None:
            strategies = [[f"s{j + 1}" for j in range(m)] for m in shape]
        strategies = tuple(tuple(s) for s in strategies)
        if len(players) != n or len(strategies) != n:
            raise GameError(f"{n} players expected in names and strategies")
        for i, (names, m) in enumerate(zip(strategies, shape, strict=True)):
            if len(names) != m:
                raise GameError(
                    f"player {players[i]} has {m} strategies but {len(names)} names"
                )
            if len(set(names)) != len(names):
                raise GameError(f"player {players[i]} has duplicate strategy names")
        if len(set(players)) != n:
            raise GameError("duplicate player names")
        return cls(
            name=name,
            players=players,
            strategies=strategies,
            payoffs=_sealed(floats),  # every array here was built by this function
            integer_payoffs=None if ints is None else _sealed(ints),
            fraction_payoffs=None if fractions is None else _sealed(fractions),
            outcomes=MappingProxyType(dict(outcomes or {})),
            parameters=MappingProxyType(dict(parameters or {})),
            info=MappingProxyType(dict(info or {})),
        )

    @classmethod
    def from_arrays(cls, arrays: Sequence[Any], **kwargs: Any) -> NormalFormGame:
        """Build from one payoff array per player (``arrays[i][s_0]...[s_{n-1}]``)."""
        return cls.from_payoff_array(_stacked(arrays), **kwargs)

    # ------------------------------------------------------------------ structure
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.payoffs.shape[1:])

    @cached_property
    def exact_payoffs(self) -> np.ndarray | None:
        """The payoffs as a read-only array of Fractions, or None when some payoff is
        irrational (built from :attr:`integer_payoffs` on first use for integer games)."""
        if self.fraction_payoffs is not None:
            return self.fraction_payoffs
        if self.integer_payoffs is None:
            return None
        return _sealed(np.frompyfunc(Fraction, 1, 1)(self.integer_payoffs.astype(object)))

    @property
    def is_exact(self) -> bool:
        """True when every payoff is rational, so results can be certified exactly."""
        return self.integer_payoffs is not None or self.fraction_payoffs is not None

    def profiles(self) -> list[Profile]:
        """All pure profiles, in lexicographic order."""
        return list(self.profiles_gen())

    def profiles_gen(self) -> Iterator[Profile]:
        return itertools.product(*(range(m) for m in self.shape))

    def payoff_vector(self, profile: Profile) -> tuple[Fraction | float, ...]:
        """Each player's payoff at a pure profile (exact when available)."""
        source = self.exact_payoffs if self.exact_payoffs is not None else self.payoffs
        return tuple(source[(i, *profile)] for i in range(self.n_players))

    def player_index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(f"unknown player {player!r}; players are {self.players}") from None

    def strategy_index(self, player: int, strategy: str) -> int:
        try:
            return self.strategies[player].index(strategy)
        except ValueError:
            raise GameError(
                f"unknown strategy {strategy!r} of {self.players[player]}; "
                f"strategies are {self.strategies[player]}"
            ) from None

    def profile_name(self, profile: Profile) -> tuple[str, ...]:
        return tuple(self.strategies[i][s] for i, s in enumerate(profile))

    def bimatrix(self, exact: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The row and column payoff matrices ``(A, B)`` of a 2-player game."""
        if self.n_players != 2:
            raise GameError("bimatrix() needs a 2-player game")
        source = self.exact_payoffs if exact else self.payoffs
        if source is None:
            raise GameError("exact payoffs are not available: some payoff is irrational")
        return source[0], source[1]

    def restrict(self, kept: Sequence[Sequence[int]]) -> NormalFormGame:
        """The subgame in which player ``i`` keeps only strategies ``kept[i]``."""
        index = np.ix_(range(self.n_players), *[list(k) for k in kept])
        src = (self.integer_payoffs if self.integer_payoffs is not None
               else self.exact_payoffs if self.exact_payoffs is not None else self.payoffs)
        outcomes = {}
        positions = [{s: j for j, s in enumerate(k)} for k in kept]
        for prof, label in self.outcomes.items():
            if all(s in pos for s, pos in zip(prof, positions, strict=True)):
                outcomes[tuple(pos[s] for s, pos in zip(prof, positions, strict=True))] = label
        return NormalFormGame.from_payoff_array(
            src[index],
            players=self.players,
            strategies=[[self.strategies[i][j] for j in k] for i, k in enumerate(kept)],
            name=self.name,
            outcomes=outcomes,
            parameters=self.parameters,
            info=self.info,
        )

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        dims = "x".join(str(m) for m in self.shape)
        return f"<NormalFormGame {self.name!r}: {dims}, players {', '.join(self.players)}>"

    def __str__(self) -> str:
        from .payoff_table import payoff_table_text

        return payoff_table_text(self)

    def _repr_html_(self) -> str:
        from .payoff_table import payoff_table_html

        return payoff_table_html(self)
