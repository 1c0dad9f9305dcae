"""Richardson's arms race: two states' armament levels as a linear differential system.

Richardson (1960) writes the rates of change of the armaments ``x`` and ``y`` of two
rivals as

.. math::

    \\dot x = k\\,y - a\\,x + g, \\qquad \\dot y = l\\,x - b\\,y + h,

with *defence* (reaction) coefficients ``k, l >= 0`` (each arms in response to the
other's arms), *fatigue* (expense) coefficients ``a, b >= 0`` (the burden of one's own
arms) and *grievances* ``g, h`` (ambitions or hostility independent of the other's arms;
negative for goodwill). In matrix form ``ż = M z + c`` with ``M = [[-a, k], [l, -b]]``.

The rest point is ``x* = (b g + k h)/(a b - k l)``, ``y* = (a h + l g)/(a b - k l)``
when ``a b ≠ k l``; it is stable (every path converges to it) iff ``a b > k l`` — the
product of the fatigue coefficients exceeds the product of the reaction coefficients
(both eigenvalues of ``M`` are negative then: its trace ``-(a + b)`` is negative and its
determinant ``a b - k l`` positive). When ``a b < k l`` the rest point is a saddle:
depending on which side of its stable line the race starts, armaments grow without
bound (a runaway race) or fall toward disarmament.

References
----------
Richardson, L. F. (1960). *Arms and Insecurity: A Mathematical Study of the Causes and
Origins of War*. Boxwood Press.
Intriligator, M. D. (1964). Some simple models of arms races. *General Systems* 9,
143-147.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..errors import GameError
from ..numbers import as_number
from .public_goods import Number

__all__ = ["RichardsonGame", "richardson_rest_point", "richardson_regime",
           "rational_eigenvalues"]


@dataclass(frozen=True, eq=False)
class RichardsonGame:
    """A two-state Richardson arms race.

    Attributes
    ----------
    name, players
        Display name; the two states (``x`` is the first, ``y`` the second).
    reaction
        ``(k, l)``: how fast each state arms in response to the other's arms.
    fatigue
        ``(a, b)``: how fast each state's own arms burden restrains it.
    grievance
        ``(g, h)``: constant drive to arm (negative: goodwill).
    initial
        ``(x_0, y_0)``: armaments at time 0 (for the time path).
    horizon
        Length of the time path reported.
    parameters, info
        Spec parameters and human information.
    """

    name: str
    players: tuple[str, str]
    reaction: tuple[Number, Number]
    fatigue: tuple[Number, Number]
    grievance: tuple[Number, Number]
    initial: tuple[Number, Number]
    horizon: Number = 20
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
        reaction: Sequence[Any],
        fatigue: Sequence[Any],
        grievance: Sequence[Any] = (0, 0),
        initial: Sequence[Any] = (0, 0),
        horizon: Any = 20,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> RichardsonGame:
        """Validate and build (``k, l, a, b >= 0``, positive horizon).

        Examples
        --------
        >>> g = RichardsonGame.build(["X", "Y"], reaction=[1, 1], fatigue=[2, 2],
        ...                          grievance=[1, 1])
        >>> g.determinant
        Fraction(3, 1)
        """
        names = tuple(str(p) for p in players)
        if len(names) != 2 or names[0] == names[1]:
            raise GameError("a Richardson arms race has two distinct states")

        def pair(values: Sequence[Any], what: str, nonnegative: bool) -> tuple[Number, Number]:
            if len(values) != 2:
                raise GameError(f"{what}: two values expected (one per state), found "
                                f"{len(values)}")
            out = tuple(as_number(v, f"{what} of {p}") for v, p in zip(values, names,
                                                                        strict=True))
            if nonnegative and any(v < 0 for v in out):
                raise GameError(f"{what} coefficients must be non-negative")
            return out[0], out[1]

        t = as_number(horizon, "horizon")
        if t <= 0:
            raise GameError(f"the horizon must be positive, found {t}")
        return cls(name=name, players=(names[0], names[1]),
                   reaction=pair(reaction, "reaction", True),
                   fatigue=pair(fatigue, "fatigue", True),
                   grievance=pair(grievance, "grievance", False),
                   initial=pair(initial, "initial armament", False),
                   horizon=t, parameters=dict(parameters or {}), info=dict(info or {}))

    @property
    def n_players(self) -> int:
        return 2

    @property
    def determinant(self) -> Number:
        """``a b - k l``: positive iff the rest point is stable."""
        (k, el), (a, b) = self.reaction, self.fatigue
        return a * b - k * el

    def __repr__(self) -> str:
        (k, el), (a, b) = self.reaction, self.fatigue
        return (f"<RichardsonGame {self.name!r}: k={k}, l={el}, a={a}, b={b}, "
                f"g={self.grievance[0]}, h={self.grievance[1]}>")


def richardson_rest_point(game: RichardsonGame) -> tuple[Number, Number] | None:
    """``(x*, y*) = ((b g + k h)/(a b - k l), (a h + l g)/(a b - k l))``; ``None`` when
    ``a b = k l`` (no unique rest point).

    Examples
    --------
    >>> g = RichardsonGame.build(["X", "Y"], reaction=[1, 1], fatigue=[2, 2],
    ...                          grievance=[1, 1])
    >>> richardson_rest_point(g)
    (Fraction(1, 1), Fraction(1, 1))
    """
    (k, el), (a, b), (g, h) = game.reaction, game.fatigue, game.grievance
    det = game.determinant
    if det == 0:
        return None
    return (b * g + k * h) / det, (a * h + el * g) / det


def _rational_sqrt(value: Fraction) -> Fraction | None:
    """The square root of a non-negative Fraction when it is rational (numerator and
    denominator perfect squares, the fraction being in lowest terms), else ``None``."""
    if value < 0:
        return None
    top, bottom = math.isqrt(value.numerator), math.isqrt(value.denominator)
    if top * top != value.numerator or bottom * bottom != value.denominator:
        return None
    return Fraction(top, bottom)


def rational_eigenvalues(game: RichardsonGame) -> tuple[Fraction, Fraction] | None:
    """``(λ₊, λ₋) = (-(a + b) ± sqrt((a - b)² + 4 k l))/2`` as Fractions when the
    coefficients are rational and the discriminant is the square of a rational (the
    catalog's races: ``a = b`` and ``k l`` a square), else ``None`` (an irrational
    root: sympy keeps it exact).

    Examples
    --------
    >>> g = RichardsonGame.build(["X", "Y"], reaction=[Fraction(1, 2)] * 2,
    ...                          fatigue=[1, 1])
    >>> rational_eigenvalues(g)
    (Fraction(-1, 2), Fraction(-3, 2))
    """
    (k, el), (a, b) = game.reaction, game.fatigue
    if not (isinstance(k, Fraction) and isinstance(el, Fraction)
            and isinstance(a, Fraction) and isinstance(b, Fraction)):
        return None
    root = _rational_sqrt((a - b) ** 2 + 4 * k * el)
    if root is None:
        return None
    return (-(a + b) + root) / 2, (-(a + b) - root) / 2


def richardson_regime(game: RichardsonGame) -> str:
    """``"stable"`` (``a b > k l``), ``"runaway arms race"``, ``"disarmament"`` or
    ``"knife edge"`` (a saddle, ``a b < k l``, by the side of the stable line the
    initial point lies on), or ``"borderline"`` (``a b = k l``).

    On a saddle the dominant eigenvalue ``λ₊ = (-(a+b) + sqrt((a-b)^2 + 4kl))/2 > 0`` has
    the left eigenvector ``w = (l, λ₊ + a)`` (``wᵀM = λ₊wᵀ``; both entries positive);
    ``w·(z₀ - z*)`` grows like ``e^{λ₊t}``, so its sign says whether armaments explode
    upward (positive) or fall (negative). The sign is decided exactly (sympy, with the
    square root kept symbolic).
    """
    det = game.determinant
    if det > 0:
        return "stable"
    if det == 0:
        return "borderline"
    rest = richardson_rest_point(game)
    assert rest is not None
    lams = rational_eigenvalues(game)
    values = (*game.reaction, *game.fatigue, *game.initial, *rest)
    if lams is not None and all(isinstance(v, Fraction) for v in values):
        # a rational dominant eigenvalue: the sign is decided in Fractions
        (k, el), (a, _) = game.reaction, game.fatigue
        exact = (el * (game.initial[0] - rest[0])
                 + (lams[0] + a) * (game.initial[1] - rest[1]))
        return ("runaway arms race" if exact > 0 else "disarmament" if exact < 0
                else "knife edge")
    import sympy

    from ..numbers import as_sympy

    (k, el), (a, b) = game.reaction, game.fatigue
    ka, la, aa, ba = (as_sympy(v) for v in (k, el, a, b))
    lam = (-(aa + ba) + sympy.sqrt((aa - ba) ** 2 + 4 * ka * la)) / 2
    side = (la * (as_sympy(game.initial[0]) - as_sympy(rest[0]))
            + (lam + aa) * (as_sympy(game.initial[1]) - as_sympy(rest[1])))
    sign = sympy.sign(side)
    if sign > 0:
        return "runaway arms race"
    if sign < 0:
        return "disarmament"
    return "knife edge"
