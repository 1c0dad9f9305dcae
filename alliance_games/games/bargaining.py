"""Bargaining over alliance terms: who pays which share of the common defence.

Allies ``1..n`` can form an alliance that gives ally ``i`` a benefit ``b_i`` and costs
``C`` in total; the *alliance surplus* ``S = Σ b_i - C`` is to be divided. Without
agreement ally ``i`` gets its *disagreement* (no-alliance) payoff ``d_i``. An agreement
gives payoffs ``u_i`` with ``Σ u_i = S`` (a linear frontier), and ally ``i``'s *cost
share* is what it pays out of its benefit: ``c_i = b_i - u_i`` (so ``Σ c_i = C``).
When no benefits are given the surplus is a bare pie (``S`` defaults to 1) and cost
shares are not reported.

Solution concepts (see :mod:`alliance_games.solvers.bargaining.solutions`): the (asymmetric) Nash
bargaining solution with weights ``w_i``, and Rubinstein's alternating-offers game for
two allies with discount factors ``δ_i`` and a first proposer.

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import GameError
from ..numbers import as_number
from .public_goods import Number

__all__ = ["BargainingGame"]


@dataclass(frozen=True, eq=False)
class BargainingGame:
    """A division of the alliance surplus among ``n`` allies.

    Attributes
    ----------
    name, players
        Display name; ally names.
    surplus
        ``S``: what an agreement creates (``Σ b_i - C`` when benefits are given).
    disagreement
        ``d_i``: each ally's payoff without an alliance.
    benefits, cost
        ``b_i`` and ``C`` (both ``None`` for a bare pie).
    weights
        Nash bargaining weights (bargaining power) ``w_i > 0``; equal by default.
    discount_factors
        ``δ_i`` in ``(0, 1)`` per bargaining round (Rubinstein; two allies), or ``None``.
    proposer
        Index of the ally making the first offer (Rubinstein).
    parameters, info
        Spec parameters and human information (description, references ...).
    """

    name: str
    players: tuple[str, ...]
    surplus: Number
    disagreement: tuple[Number, ...]
    benefits: tuple[Number, ...] | None = None
    cost: Number | None = None
    weights: tuple[Number, ...] | None = None
    discount_factors: tuple[Number, ...] | None = None
    proposer: int = 0
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    @classmethod
    def build(
        cls,
        players: Sequence[str],
        *,
        benefits: Sequence[Any] | None = None,
        cost: Any = None,
        surplus: Any = None,
        disagreement: Sequence[Any] | None = None,
        weights: Sequence[Any] | None = None,
        discount_factors: Sequence[Any] | None = None,
        proposer: int | str = 0,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> BargainingGame:
        """Validate and build. Give either ``benefits`` and ``cost`` or ``surplus``."""
        players = tuple(str(p) for p in players)
        n = len(players)
        if n < 2 or len(set(players)) != n:
            raise GameError("bargaining needs at least two distinct allies")

        def numbers(values: Sequence[Any] | None, what: str) -> tuple[Number, ...] | None:
            if values is None:
                return None
            if len(values) != n:
                raise GameError(f"{what}: {n} values expected, found {len(values)}")
            return tuple(as_number(v, f"{what} of {p}") for v, p in zip(values, players,
                                                                        strict=True))

        b = numbers(benefits, "benefit")
        c = as_number(cost, "cost") if cost is not None else None
        if (b is None) != (c is None):
            raise GameError("give both the allies' benefits and the alliance's cost, or neither")
        if b is not None:
            if surplus is not None:
                raise GameError("give either benefits and cost or the surplus, not both")
            if c < 0:  # type: ignore[operator]
                raise GameError(f"the alliance's cost must be non-negative, found {c}")
            total: Number = sum(b) - c  # type: ignore[operator]
        else:
            total = as_number(surplus if surplus is not None else 1, "surplus")
        d = numbers(disagreement, "disagreement payoff") or tuple(0 * total for _ in players)
        w = numbers(weights, "bargaining weight")
        if w is not None and any(x <= 0 for x in w):
            raise GameError("bargaining weights must be positive")
        delta = numbers(discount_factors, "discount factor")
        if delta is not None and any(not 0 < x < 1 for x in delta):
            raise GameError("discount factors must lie strictly between 0 and 1")
        if isinstance(proposer, str):
            if proposer not in players:
                raise GameError(f"unknown proposer {proposer!r}; allies are {players}")
            proposer = players.index(proposer)
        if not 0 <= proposer < n:
            raise GameError(f"proposer index {proposer} out of range")
        return cls(
            name=name,
            players=players,
            surplus=total,
            disagreement=d,
            benefits=b,
            cost=c,
            weights=w,
            discount_factors=delta,
            proposer=proposer,
            parameters=dict(parameters or {}),
            info=dict(info or {}),
        )

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def gains(self) -> Number:
        """``S - Σ d_i``: what agreement adds over no alliance (the bargaining range)."""
        return self.surplus - sum(self.disagreement)

    def __repr__(self) -> str:
        return f"<BargainingGame {self.name!r}: {', '.join(self.players)}, surplus {self.surplus}>"
