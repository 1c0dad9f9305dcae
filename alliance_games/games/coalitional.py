"""Coalitional (transferable-utility) games: weighted voting and characteristic functions.

A coalitional game on the players ``N = {1..n}`` is a characteristic function
``v: 2^N -> R`` with ``v(∅) = 0``: ``v(S)`` is what coalition ``S`` can secure on its
own. A *simple* game has ``v(S) ∈ {0, 1}`` (losing / winning) and is monotone; a
*weighted voting game* ``[q; w_1, ..., w_n]`` is the simple game in which ``S`` wins iff
``Σ_{i∈S} w_i >= q``. In the balance-of-power reading (Riker 1962; Niou, Ordeshook &
Rose 1989) the weights are capabilities and a winning coalition is an alliance strong
enough to prevail.

Storage
-------
Coalitions are bit masks (player ``i`` is bit ``i``), and the values are one array of
length ``2^n`` indexed by mask: exact values are held as integers ``table`` over one
common positive ``scale`` (``v(S) = table[S] / scale``), so that sums over all
coalitions stay exact and fast; a game with an irrational value keeps a float table
(``scale = 1``) and says it is not exact. ``2^n`` grows fast: :data:`MAX_PLAYERS`
bounds ``n`` (a 20-player game has 1,048,576 coalitions), and the solvers ask their
budget before anything large.

References
----------
Shapley, L. S. & Shubik, M. (1954). A method for evaluating the distribution of power in
a committee system. *American Political Science Review* 48(3), 787-792.
Riker, W. H. (1962). *The Theory of Political Coalitions*. Yale University Press.
Peleg, B. & Sudhölter, P. (2007). *Introduction to the Theory of Cooperative Games*
(2nd ed.). Springer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from ..errors import GameError
from ..numbers import as_number

__all__ = ["CoalitionalGame", "MAX_PLAYERS", "coalition_count_message", "masks_sizes",
           "subset_sums"]

#: the largest number of players a coalitional game may have (2^20 coalitions)
MAX_PLAYERS = 20

Number = Fraction | float


def coalition_count_message(n: int) -> str:
    """Why an ``n``-player coalitional game is refused (its ``2^n`` coalitions)."""
    return (f"a coalitional game with {n} players has 2^{n} = {2 ** n:,} coalitions; "
            f"at most {MAX_PLAYERS} players ({2 ** MAX_PLAYERS:,} coalitions) are "
            "computed exactly: merge minor players into blocs or drop dummies")


def masks_sizes(n: int) -> np.ndarray:
    """``|S|`` for every mask ``S`` of ``n`` players (int64 array of length ``2^n``)."""
    sizes = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        sizes = np.concatenate([sizes, sizes + 1])
    return sizes


def subset_sums(values: Sequence[int]) -> np.ndarray:
    """``Σ_{i∈S} values[i]`` for every mask ``S`` (exact: int64, or Python ints when
    they could overflow)."""
    bound = sum(abs(v) for v in values)
    dtype: Any = np.int64 if bound < 2**62 else object
    sums = np.zeros(1, dtype=dtype)
    for v in values:
        sums = np.concatenate([sums, sums + (int(v) if dtype is object else np.int64(v))])
    return sums


@dataclass(frozen=True, eq=False)
class CoalitionalGame:
    """A transferable-utility coalitional game, with its weighted-voting data if any.

    Attributes
    ----------
    name, players
        Display name; player names (player ``i`` is bit ``i`` of a coalition mask).
    table
        ``2^n`` integers (exact games, ``v(S) = table[S] / scale``) or floats.
    scale
        The common denominator of an exact table (1 for a float table).
    exact
        Whether the values are exact rationals.
    weights, quota
        ``w_i`` and ``q`` of a weighted voting game (``None`` otherwise).
    parameters, info
        Spec parameters and human information (description, references, ``against``:
        the state a balancing coalition is formed against ...).
    """

    name: str
    players: tuple[str, ...]
    table: np.ndarray = field(repr=False)
    scale: int = 1
    exact: bool = True
    weights: tuple[Number, ...] | None = None
    quota: Number | None = None
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))
        self.table.setflags(write=False)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def weighted_voting(
        cls,
        players: Sequence[str],
        weights: Sequence[Any],
        quota: Any,
        *,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> CoalitionalGame:
        """The simple game ``[q; w_1..w_n]``: ``S`` wins iff ``Σ_{i∈S} w_i >= q``.

        Examples
        --------
        >>> g = CoalitionalGame.weighted_voting(["A", "B", "C"], [2, 1, 1], 3)
        >>> [g.value(s) for s in (["A"], ["A", "B"], ["B", "C"])]
        [Fraction(0, 1), Fraction(1, 1), Fraction(0, 1)]
        """
        players = _players(players)
        n = len(players)
        if len(weights) != n:
            raise GameError(f"weights: {n} values expected (one per player), found {len(weights)}")
        w = tuple(as_number(x, f"weight of {p}") for x, p in zip(weights, players, strict=True))
        q = as_number(quota, "quota")
        if any(x < 0 for x in w):
            raise GameError("weights must be non-negative")
        if q <= 0:
            raise GameError(f"the quota must be positive, found {q}")
        if all(isinstance(x, Fraction) for x in (*w, q)):
            den = math.lcm(*(Fraction(x).denominator for x in (*w, q)))
            sums = subset_sums([int(Fraction(x) * den) for x in w])
            table = (sums >= int(Fraction(q) * den)).astype(np.int64)
            exact = True
        else:
            sums_f = subset_sums([0] * n).astype(float)
            for i, x in enumerate(w):
                sums_f[_has(n, i)] += float(x)
            table = (sums_f >= float(q) - 1e-12 * max(1.0, abs(float(q)))).astype(np.int64)
            exact = False
        return cls(name=name, players=players, table=table, scale=1, exact=exact,
                   weights=w, quota=q, parameters=dict(parameters or {}),
                   info=dict(info or {}))

    @classmethod
    def from_values(
        cls,
        players: Sequence[str],
        values: Mapping[Any, Any] | Sequence[Any],
        *,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> CoalitionalGame:
        """A characteristic function: ``values`` maps coalitions (iterables of player
        names, or masks) to ``v(S)``, or is the full sequence of ``2^n`` values by mask.
        Coalitions not listed are worth 0; ``v(∅)`` must be 0.

        Examples
        --------
        >>> g = CoalitionalGame.from_values(["A", "B"], {("A",): 1, ("A", "B"): 3})
        >>> g.value(["A", "B"]), g.value(["B"])
        (Fraction(3, 1), Fraction(0, 1))
        """
        players = _players(players)
        n = len(players)
        raw: dict[int, Number] = {}
        if isinstance(values, Mapping):
            for key, val in values.items():
                mask = key if isinstance(key, int) else _mask_of(players, key)
                raw[mask] = as_number(val, f"value of coalition {key!r}")
        else:
            if len(values) != 2 ** n:
                raise GameError(f"expected 2^{n} = {2 ** n} values, found {len(values)}")
            raw = {m: as_number(v, f"value of coalition {m}") for m, v in enumerate(values)
                   if v != 0}
        if raw.get(0, 0) != 0:
            raise GameError("the empty coalition must be worth 0")
        if all(isinstance(v, Fraction) for v in raw.values()):
            den = math.lcm(1, *(Fraction(v).denominator for v in raw.values()))
            big = max((abs(Fraction(v)) * den for v in raw.values()), default=Fraction(0)) >= 2**62
            table = np.zeros(2 ** n, dtype=object if big else np.int64)
            for m, v in raw.items():
                table[m] = int(Fraction(v) * den)
            return cls(name=name, players=players, table=table, scale=den, exact=True,
                       parameters=dict(parameters or {}), info=dict(info or {}))
        table_f = np.zeros(2 ** n, dtype=float)
        for m, v in raw.items():
            table_f[m] = float(v)
        return cls(name=name, players=players, table=table_f, scale=1, exact=False,
                   parameters=dict(parameters or {}), info=dict(info or {}))

    # ------------------------------------------------------------------ queries
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def grand(self) -> int:
        """The mask of the grand coalition ``N``."""
        return 2 ** self.n_players - 1

    @property
    def is_weighted(self) -> bool:
        return self.weights is not None

    @property
    def is_simple(self) -> bool:
        """Values in {0, 1}, ``v(N) = 1`` and monotone (a superset of a winning
        coalition wins)."""
        t = self.table
        if self.scale != 1 or not np.all((t == 0) | (t == 1)) or t[self.grand] != 1:
            return False
        win = t.astype(bool)
        for i in range(self.n_players):
            without = _without(self.n_players, i)
            if np.any(win[without] & ~win[without | (1 << i)]):
                return False
        return True

    def value(self, coalition: Iterable[str] | int) -> Number:
        """``v(S)`` for a mask or an iterable of player names."""
        mask = coalition if isinstance(coalition, int) else _mask_of(self.players, coalition)
        raw = self.table[mask]
        if self.exact:
            return Fraction(int(raw), self.scale)
        return float(raw)

    def members(self, mask: int) -> tuple[str, ...]:
        """The player names in coalition ``mask``."""
        return tuple(p for i, p in enumerate(self.players) if mask >> i & 1)

    def weight_of(self, mask: int) -> Number:
        """``Σ_{i∈S} w_i`` (weighted games)."""
        if self.weights is None:
            raise GameError("this coalitional game has no weights")
        return sum((w for i, w in enumerate(self.weights) if mask >> i & 1), Fraction(0))

    def __repr__(self) -> str:
        if self.weights is not None:
            body = f"[{self.quota}; {', '.join(str(w) for w in self.weights)}]"
        else:
            body = f"v(N) = {self.value(self.grand)}"
        return f"<CoalitionalGame {self.name!r}: {self.n_players} players, {body}>"


def _players(players: Sequence[str]) -> tuple[str, ...]:
    out = tuple(str(p) for p in players)
    if not out:
        raise GameError("a coalitional game needs at least one player")
    if len(set(out)) != len(out):
        raise GameError("player names must be distinct")
    if len(out) > MAX_PLAYERS:
        raise GameError(coalition_count_message(len(out)))
    return out


def _mask_of(players: Sequence[str], names: Iterable[str]) -> int:
    mask = 0
    for name in names:
        if name not in players:
            raise GameError(f"unknown player {name!r} in a coalition; players are "
                            f"{', '.join(players)}")
        mask |= 1 << players.index(name)
    return mask


def _has(n: int, i: int) -> np.ndarray:
    """The masks (of ``n`` players) that contain player ``i``."""
    masks = np.arange(2 ** n, dtype=np.int64)
    return masks[(masks >> i) & 1 == 1]


def _without(n: int, i: int) -> np.ndarray:
    """The masks (of ``n`` players) that do not contain player ``i``, ascending: a 0
    bit inserted at ``i`` into every mask of ``n - 1`` bits (which keeps their order)."""
    half = np.arange(2 ** (n - 1) if n else 1, dtype=np.int64)
    return ((half >> i) << (i + 1)) | (half & ((1 << i) - 1))
