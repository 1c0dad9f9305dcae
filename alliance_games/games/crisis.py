"""Crisis bargaining: war as a bargaining failure (Fearon 1995; Powell 2006).

Two states dispute a divisible stake normalised to 1. Fighting is a costly lottery: the
first state wins (and takes the stake) with probability ``p``; war costs the states
``c_A`` and ``c_B`` (in units of the stake). War payoffs are therefore ``p - c_A`` and
``1 - p - c_B``, and every division ``x`` (A's share) in the *bargaining range*
``[p - c_A, p + c_B]`` leaves both better off than war. War happens only when the
states cannot find or cannot keep such a division. Two games of this family say why:

:class:`RiskReturnGame` (*private information*, Fearon 1995 pp. 395-401)
    The proposer A makes a take-it-or-leave-it demand ``x`` (it keeps ``x``, offers
    ``1 - x``) to the responder B, whose cost of war ``c_B`` is private and drawn from a
    known distribution :class:`CostDistribution` (uniform on ``[low, high]``, or a
    finite list of types). B accepts iff ``1 - x >= 1 - p - c_B``. A trades a larger
    share against a higher risk of war (the *risk-return trade-off*).

:class:`CommitmentGame` (*commitment problem*, Fearon 1995 pp. 401-409; Powell 2006)
    Power shifts: the declining state A wins a war with probability ``p1`` today and
    ``p2 = p1 - s`` from the next period on (``s`` the ``power_shift``). The rising
    state B makes the offers each period and cannot commit to more tomorrow than A's
    war value then. Flows are discounted by ``δ``; the horizon is two periods or
    infinite. A fights a *preventive war* when no offer today makes up for what it will
    lose.

The games hold validated data only; the solutions are in
:mod:`alliance_games.solvers.crisis`.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..errors import GameError
from ..numbers import as_number
from .public_goods import Number

__all__ = ["CostDistribution", "RiskReturnGame", "CommitmentGame", "DISTRIBUTIONS",
           "CrisisGame"]

#: distributions of the responder's private cost of war
DISTRIBUTIONS = ("uniform", "discrete")


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class CostDistribution:
    """The responder's private cost of war ``c_B``: its distribution ``F``.

    Attributes
    ----------
    kind
        ``"uniform"`` (``F(c) = (c - low)/(high - low)`` on ``[low, high]``) or
        ``"discrete"`` (finitely many types ``values`` with ``probabilities``).
    low, high
        The support's bounds (for ``"discrete"`` the smallest and largest value).
    values, probabilities
        The types of a discrete distribution, increasing, probabilities summing to 1.
    """

    kind: str
    low: Number
    high: Number
    values: tuple[Number, ...] = ()
    probabilities: tuple[Number, ...] = ()

    @classmethod
    def uniform(cls, low: Any, high: Any) -> CostDistribution:
        """Uniform on ``[low, high]`` with ``0 <= low < high``."""
        lo, hi = as_number(low, "low"), as_number(high, "high")
        if lo < 0:
            raise GameError(f"the lowest cost of war must be non-negative, found {lo}")
        if not lo < hi:
            raise GameError(f"the cost bounds must satisfy low < high, found low = {lo}, "
                            f"high = {hi}")
        return cls("uniform", lo, hi)

    @classmethod
    def discrete(cls, values: Sequence[Any], probabilities: Sequence[Any]) -> CostDistribution:
        """Finitely many cost types (sorted here), each with its probability."""
        if not values or len(values) != len(probabilities):
            raise GameError("a discrete cost distribution needs as many probabilities as "
                            "values (at least one)")
        vs = [as_number(v, "cost value") for v in values]
        ps = [as_number(q, "probability") for q in probabilities]
        if any(v < 0 for v in vs):
            raise GameError("costs of war must be non-negative")
        if len(set(vs)) != len(vs):
            raise GameError("the cost values must be distinct")
        if any(q <= 0 for q in ps):
            raise GameError("every type's probability must be positive")
        total = sum(ps)
        exact = all(isinstance(q, Fraction) for q in ps)
        if (total != 1) if exact else abs(float(total) - 1) > 1e-9:
            raise GameError(f"the probabilities must sum to 1, found {total}")
        pairs = sorted(zip(vs, ps, strict=True), key=lambda vp: vp[0])
        return cls("discrete", pairs[0][0], pairs[-1][0], tuple(v for v, _ in pairs),
                   tuple(q for _, q in pairs))

    def cdf_below(self, t: Number) -> Number:
        """``P(c_B < t)``: the probability of the types that fight a demand with cutoff ``t``.

        A type indifferent between war and the offer accepts (the standard tie rule), so
        the types that fight are those strictly below the cutoff.
        """
        if self.kind == "uniform":
            if t <= self.low:
                return 0 * t
            if t >= self.high:
                return 0 * t + 1
            return (t - self.low) / (self.high - self.low)
        return sum((q for v, q in zip(self.values, self.probabilities, strict=True) if v < t),
                   0 * t)

    def partial_mean_below(self, t: Number) -> Number:
        """``E[c_B ; c_B < t]`` (the integral of ``c dF`` below ``t``)."""
        if self.kind == "uniform":
            top = min(max(t, self.low), self.high)
            return (top * top - self.low * self.low) / (2 * (self.high - self.low))
        return sum((v * q for v, q in zip(self.values, self.probabilities, strict=True)
                    if v < t), 0 * t)

    @property
    def exact(self) -> bool:
        return all(isinstance(v, Fraction)
                   for v in (self.low, self.high, *self.values, *self.probabilities))

    def describe(self) -> str:
        if self.kind == "uniform":
            return f"uniform on [{self.low}, {self.high}]"
        return "discrete: " + ", ".join(f"{v} w.p. {q}" for v, q in
                                        zip(self.values, self.probabilities, strict=True))


@dataclass(frozen=True, eq=False)
class RiskReturnGame:
    """Take-it-or-leave-it crisis bargaining with a privately informed responder.

    Attributes
    ----------
    name, players
        Display name; ``(proposer, responder)``.
    power
        ``p``: the probability that the proposer wins a war.
    proposer_cost
        ``c_A >= 0``: the proposer's (known) cost of war.
    responder_cost
        The distribution of the responder's private cost ``c_B``.
    parameters, info
        Spec parameters and human information (``info["symbolic"]`` keeps ``power``,
        ``proposer_cost``, ``low`` and ``high`` as expressions in the parameters for
        ``explain``).
    """

    name: str
    players: tuple[str, str]
    power: Number
    proposer_cost: Number
    responder_cost: CostDistribution
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    model = "risk_return"

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", _frozen(self.parameters))
        object.__setattr__(self, "info", _frozen(self.info))

    @classmethod
    def build(cls, players: Sequence[str], *, power: Any, proposer_cost: Any,
              responder_cost: CostDistribution, name: str = "",
              parameters: Mapping[str, Any] | None = None,
              info: Mapping[str, Any] | None = None) -> RiskReturnGame:
        """Validate and build: two distinct players, ``0 <= p <= 1``, ``c_A >= 0``."""
        pair = _two_players(players)
        p = as_number(power, "power")
        if not 0 <= p <= 1:
            raise GameError(f"power is a probability of winning: 0 <= p <= 1, found {p}")
        c_a = as_number(proposer_cost, "proposer's cost of war")
        if c_a < 0:
            raise GameError(f"the proposer's cost of war must be non-negative, found {c_a}")
        return cls(name, pair, p, c_a, responder_cost, parameters or {}, info or {})

    @property
    def n_players(self) -> int:
        return 2

    @property
    def exact(self) -> bool:
        """True when every datum is rational (the solution is then exact)."""
        return (isinstance(self.power, Fraction) and isinstance(self.proposer_cost, Fraction)
                and self.responder_cost.exact)

    def __repr__(self) -> str:
        return (f"<RiskReturnGame {self.name!r}: p={self.power}, c_A={self.proposer_cost}, "
                f"c_B {self.responder_cost.describe()}>")


@dataclass(frozen=True, eq=False)
class CommitmentGame:
    """Bargaining under shifting power: the commitment problem.

    Attributes
    ----------
    name, players
        Display name; ``(declining state, rising state)``; the rising state proposes.
    power
        ``p1``: the declining state's probability of winning a war today.
    power_shift
        ``s``: its probability falls to ``p2 = p1 - s`` after the first period.
    costs
        ``(c_A, c_B)``: each state's cost of war per period of the stake.
    discount_factor
        ``δ`` in ``(0, 1)``.
    horizon
        ``2`` (Fearon's two periods) or ``None`` (infinite: the shift happens once, after
        the first period).
    """

    name: str
    players: tuple[str, str]
    power: Number
    power_shift: Number
    costs: tuple[Number, Number]
    discount_factor: Number
    horizon: int | None = 2
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    model = "commitment_problem"

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", _frozen(self.parameters))
        object.__setattr__(self, "info", _frozen(self.info))

    @classmethod
    def build(cls, players: Sequence[str], *, power: Any, power_shift: Any,
              costs: Sequence[Any], discount_factor: Any, horizon: int | None = 2,
              name: str = "", parameters: Mapping[str, Any] | None = None,
              info: Mapping[str, Any] | None = None) -> CommitmentGame:
        """Validate and build: ``0 <= p2 <= p1 <= 1``, costs ``>= 0``, ``0 < δ < 1``."""
        pair = _two_players(players)
        p1 = as_number(power, "power")
        s = as_number(power_shift, "power shift")
        if not 0 <= p1 <= 1:
            raise GameError(f"power is a probability of winning: 0 <= p1 <= 1, found {p1}")
        if s < 0:
            raise GameError(f"the power shift must be non-negative (the first state "
                            f"declines), found {s}")
        if p1 - s < 0:
            raise GameError(f"the power after the shift, p1 - power_shift = {p1 - s}, must "
                            "be non-negative")
        if len(costs) != 2:
            raise GameError("costs: two values expected (declining state, rising state)")
        c = (as_number(costs[0], "cost of war"), as_number(costs[1], "cost of war"))
        if c[0] < 0 or c[1] < 0:
            raise GameError("costs of war must be non-negative")
        delta = as_number(discount_factor, "discount factor")
        if not 0 < delta < 1:
            raise GameError(f"the discount factor must lie strictly between 0 and 1, "
                            f"found {delta}")
        if horizon is not None and horizon != 2:
            raise GameError("the horizon is 2 periods or infinite")
        return cls(name, pair, p1, s, c, delta, horizon, parameters or {}, info or {})

    @property
    def n_players(self) -> int:
        return 2

    @property
    def power_after(self) -> Number:
        """``p2 = p1 - s``."""
        return self.power - self.power_shift

    def horizon_weights(self) -> tuple[Number, Number]:
        """``(H, D)``: discounted periods from today on, and from the next period on.

        Two periods: ``(1 + δ, δ)``; infinite horizon: ``(1/(1 - δ), δ/(1 - δ))``.
        """
        d = self.discount_factor
        if self.horizon == 2:
            return 1 + d, d
        return 1 / (1 - d), d / (1 - d)

    @property
    def exact(self) -> bool:
        return all(isinstance(v, Fraction) for v in
                   (self.power, self.power_shift, *self.costs, self.discount_factor))

    def __repr__(self) -> str:
        h = "infinite" if self.horizon is None else f"{self.horizon} periods"
        return (f"<CommitmentGame {self.name!r}: p1={self.power}, shift={self.power_shift}, "
                f"delta={self.discount_factor}, {h}>")


#: either game of the family
CrisisGame = RiskReturnGame | CommitmentGame


def _two_players(players: Sequence[str]) -> tuple[str, str]:
    names = tuple(str(p) for p in players)
    if len(names) != 2 or names[0] == names[1]:
        raise GameError("crisis bargaining needs two distinct states")
    return names[0], names[1]
