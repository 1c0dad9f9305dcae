"""Continuous public-goods games: allies choosing defence contributions.

The alliance model of Olson & Zeckhauser (1966): ``n`` allies, ally ``i`` with income
``w_i`` chooses its defence spending ``x_i`` in ``[0, w_i]``; alliance security is a pure
public good, the total ``X = x_1 + ... + x_n``; ally ``i`` consumes ``y_i = w_i - x_i``
privately. Utility forms (``a_i`` is the ally's valuation of collective defence):

``quasi_linear_log``
    ``u_i = y_i + a_i ln X``.
``quasi_linear_power``
    ``u_i = y_i + a_i X^β / β`` with ``0 < β < 1`` (``exponent = β``).
``cobb_douglas``
    ``u_i = α_i ln X + (1 - α_i) ln y_i`` with ``0 < α_i < 1`` (``valuations`` are the
    ``α_i``; Bergstrom, Blume & Varian 1986).
``isoelastic``
    ``u_i = y_i^{1-η} / (1-η) + a_i ln X`` with ``η > 0``, ``η != 1``
    (``exponent = η``): no closed form, solved numerically.

Every form is *separable*, ``u_i = v(y_i) + a_i b(X)``, which the solvers use through
:meth:`PublicGoodsGame.marginal_benefit` and :meth:`PublicGoodsGame.marginal_private`.

References
----------
Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics
and Statistics* 48(3), 266-279.
Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
*Journal of Public Economics* 29, 25-49.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..errors import GameError
from ..numbers import as_number, format_sig

__all__ = ["PublicGoodsGame", "JointProductsGame", "UTILITY_FORMS", "Number"]

Number = Fraction | float

UTILITY_FORMS: Mapping[str, str] = MappingProxyType(
    {
        "quasi_linear_log": "u_i = (w_i - x_i) + a_i ln X",
        "quasi_linear_power": "u_i = (w_i - x_i) + a_i X^b / b",
        "cobb_douglas": "u_i = alpha_i ln X + (1 - alpha_i) ln(w_i - x_i)",
        "isoelastic": "u_i = (w_i - x_i)^(1-eta) / (1-eta) + a_i ln X",
    }
)
"""The utility forms the template and the solvers understand, with their formulas."""


@dataclass(frozen=True, eq=False)
class PublicGoodsGame:
    """An alliance as a voluntary-contribution public-goods game.

    Attributes
    ----------
    name
        Display name.
    players
        Ally names.
    incomes
        ``w_i > 0``: each ally's income (GDP, budget).
    valuations
        ``a_i > 0`` (quasi-linear and isoelastic forms): weight of collective defence in
        the ally's utility; for ``cobb_douglas`` the budget share ``α_i`` in ``(0, 1)``.
    utility
        One of :data:`UTILITY_FORMS`.
    exponent
        ``β`` for ``quasi_linear_power``, ``η`` for ``isoelastic``; ``None`` otherwise.
    parameters
        The spec parameters the game was built from (for reports).
    info
        Description, references, notes, source file.

    Examples
    --------
    >>> g = PublicGoodsGame.build(["A", "B"], incomes=[10, 5], valuations=[3, 1])
    >>> round(g.utility_of(0, 3, 3), 6)  # 10 - 3 + 3 ln 3
    10.295837
    """

    name: str
    players: tuple[str, ...]
    incomes: tuple[Number, ...]
    valuations: tuple[Number, ...]
    utility: str = "quasi_linear_log"
    exponent: Number | None = None
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    # ------------------------------------------------------------------ constructor
    @classmethod
    def build(
        cls,
        players: Sequence[str],
        *,
        incomes: Sequence[Any],
        valuations: Sequence[Any],
        utility: str = "quasi_linear_log",
        exponent: Any = None,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> PublicGoodsGame:
        """Validate the data and build the game (rational inputs stay exact)."""
        players = tuple(str(p) for p in players)
        n = len(players)
        if n < 1:
            raise GameError("a public-goods game needs at least one ally")
        if len(set(players)) != n:
            raise GameError("duplicate ally names")
        if len(incomes) != n or len(valuations) != n:
            raise GameError(
                f"{n} allies but {len(incomes)} incomes and {len(valuations)} valuations"
            )
        if utility not in UTILITY_FORMS:
            raise GameError(
                f"unknown utility form {utility!r}; expected one of {', '.join(UTILITY_FORMS)}"
            )
        w = tuple(as_number(v, f"income of {p}") for v, p in zip(incomes, players, strict=True))
        a = tuple(
            as_number(v, f"valuation of {p}") for v, p in zip(valuations, players, strict=True)
        )
        for p, wi in zip(players, w, strict=True):
            if wi <= 0:
                raise GameError(f"income of {p} must be positive, found {wi}")
        for p, ai in zip(players, a, strict=True):
            if ai <= 0:
                raise GameError(f"valuation of {p} must be positive, found {ai}")
            if utility == "cobb_douglas" and ai >= 1:
                raise GameError(
                    f"cobb_douglas: the defence share alpha of {p} must lie in (0, 1), found {ai}"
                )
        e: Number | None = None
        if utility == "quasi_linear_power":
            if exponent is None:
                raise GameError("quasi_linear_power needs an exponent b in (0, 1)")
            e = as_number(exponent, "exponent")
            if not 0 < e < 1:
                raise GameError(f"quasi_linear_power: exponent must lie in (0, 1), found {e}")
        elif utility == "isoelastic":
            if exponent is None:
                raise GameError("isoelastic needs an exponent eta > 0 (eta != 1)")
            e = as_number(exponent, "exponent")
            if e <= 0 or e == 1:
                raise GameError(f"isoelastic: exponent must be > 0 and != 1, found {e}")
        return cls(
            name=name,
            players=players,
            incomes=w,
            valuations=a,
            utility=utility,
            exponent=e,
            parameters=dict(parameters or {}),
            info=dict(info or {}),
        )

    # ------------------------------------------------------------------ structure
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        """True when every datum is rational."""
        data = (*self.incomes, *self.valuations)
        if self.exponent is not None:
            data = (*data, self.exponent)
        return all(isinstance(v, Fraction) for v in data)

    @property
    def formula(self) -> str:
        return UTILITY_FORMS[self.utility]

    # ------------------------------------------------------------------ utilities
    def utility_of(self, i: int, contribution: Number, total: Number) -> float:
        """``u_i`` when ally ``i`` contributes ``contribution`` and the total is ``total``."""
        y = float(self.incomes[i]) - float(contribution)
        a = float(self.valuations[i])
        x = float(total)
        if x <= 0 or y < 0 or (y == 0 and self.utility in ("cobb_douglas", "isoelastic")):
            return -math.inf
        if self.utility == "quasi_linear_log":
            return y + a * math.log(x)
        if self.utility == "quasi_linear_power":
            b = float(self.exponent)  # type: ignore[arg-type]
            return y + a * x**b / b
        if self.utility == "cobb_douglas":
            return a * math.log(x) + (1 - a) * math.log(y)
        eta = float(self.exponent)  # type: ignore[arg-type]
        return y ** (1 - eta) / (1 - eta) + a * math.log(x)

    def marginal_benefit(self, i: int, total: Number) -> float:
        """``∂u_i/∂X`` at total ``X`` (private consumption held fixed)."""
        a = float(self.valuations[i])
        x = float(total)
        if self.utility == "quasi_linear_power":
            return a * x ** (float(self.exponent) - 1)  # type: ignore[arg-type]
        return a / x

    def marginal_private(self, i: int, private: Number) -> float:
        """``∂u_i/∂y_i`` at private consumption ``y_i``."""
        y = float(private)
        if self.utility in ("quasi_linear_log", "quasi_linear_power"):
            return 1.0
        if self.utility == "cobb_douglas":
            return (1 - float(self.valuations[i])) / y if y > 0 else math.inf
        return y ** (-float(self.exponent)) if y > 0 else math.inf  # type: ignore[arg-type]

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        return (
            f"<PublicGoodsGame {self.name!r}: {self.n_players} allies, {self.utility}>"
        )

    def __str__(self) -> str:
        lines = [f"{self.name or 'public-goods game'}: {self.formula}"]
        label = "alpha" if self.utility == "cobb_douglas" else "valuation"
        for p, w, a in zip(self.players, self.incomes, self.valuations, strict=True):
            lines.append(f"  {p}: income {_show(w)}, {label} {_show(a)}")
        if self.exponent is not None:
            lines.append(f"  exponent {_show(self.exponent)}")
        return "\n".join(lines)


def _show(value: Number) -> str:
    return format_sig(value, 6)


@dataclass(frozen=True, eq=False)
class JointProductsGame:
    """An alliance whose defence spending yields joint products (Sandler 1977).

    Ally ``i`` with income ``w_i`` spends ``x_i`` on defence. Each unit of spending
    produces, jointly, a share ``1 - s`` of *deterrence* that protects every ally (a pure
    public good, the total ``X = Σ x_j``) and a share ``s`` of *ally-specific* benefits
    (protection of its own coasts and colonies, internal order, disaster relief) that
    only ally ``i`` enjoys. ``s`` is the ``private_share``. With quasi-linear
    utility and a threat weight ``t_i`` (how exposed ally ``i`` is)::

        u_i = (w_i - x_i) + v_i [ (1 - s) ln X + s ln x_i ],    v_i = a_i t_i .

    At ``s = 0`` this is the pure public good of Olson & Zeckhauser (1966) (the
    ``quasi_linear_log`` form of :class:`PublicGoodsGame` with valuations ``v_i``); at
    ``s = 1`` defence is a private good and there is nothing to free-ride on.

    Attributes
    ----------
    name, players, incomes
        As in :class:`PublicGoodsGame`.
    valuations
        ``a_i > 0``: weight of defence in ally ``i``'s utility.
    threats
        ``t_i > 0``: the threat ally ``i`` faces (1 = the reference level).
    private_share
        ``s`` in ``[0, 1]``.

    References
    ----------
    Sandler, T. (1977). Impurity of defense: an application to the economics of
    alliances. *Kyklos* 30(3), 443-460.
    Murdoch, J. C. & Sandler, T. (1984). Complementarity, free riding, and the military
    expenditures of NATO allies. *Journal of Public Economics* 25(1-2), 83-101.
    Sandler, T. & Hartley, K. (1995). *The Economics of Defense*. Cambridge University
    Press, ch. 2.

    Examples
    --------
    >>> g = JointProductsGame.build(["A", "B"], incomes=[10, 10], valuations=[2, 1],
    ...                             threats=[1, 1], private_share=0.5)
    >>> [float(v) for v in g.effective_valuations]
    [2.0, 1.0]
    """

    name: str
    players: tuple[str, ...]
    incomes: tuple[Number, ...]
    valuations: tuple[Number, ...]
    threats: tuple[Number, ...]
    private_share: Number
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
        incomes: Sequence[Any],
        valuations: Sequence[Any],
        threats: Sequence[Any] | None = None,
        private_share: Any = 0,
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> JointProductsGame:
        """Validate the data and build the game (rational inputs stay exact)."""
        players = tuple(str(p) for p in players)
        n = len(players)
        if n < 1:
            raise GameError("a joint-products game needs at least one ally")
        if len(set(players)) != n:
            raise GameError("duplicate ally names")
        threats = [1] * n if threats is None else list(threats)
        if not len(incomes) == len(valuations) == len(threats) == n:
            raise GameError(f"{n} allies need {n} incomes, valuations and threat weights")
        w = tuple(as_number(v, f"income of {p}") for v, p in zip(incomes, players, strict=True))
        a = tuple(as_number(v, f"valuation of {p}")
                  for v, p in zip(valuations, players, strict=True))
        t = tuple(as_number(v, f"threat weight of {p}")
                  for v, p in zip(threats, players, strict=True))
        for what, values in (("income", w), ("valuation", a), ("threat weight", t)):
            for p, value in zip(players, values, strict=True):
                if value <= 0:
                    raise GameError(f"{what} of {p} must be positive, found {value}")
        s = as_number(private_share, "private_share")
        if not 0 <= s <= 1:
            raise GameError(f"private_share must lie in [0, 1], found {s}")
        return cls(name=name, players=players, incomes=w, valuations=a, threats=t,
                   private_share=s, parameters=dict(parameters or {}), info=dict(info or {}))

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def effective_valuations(self) -> tuple[Number, ...]:
        """``v_i = a_i t_i``: the valuation scaled by the threat the ally faces."""
        return tuple(a * t for a, t in zip(self.valuations, self.threats, strict=True))

    @property
    def formula(self) -> str:
        return "u_i = (w_i - x_i) + a_i t_i [(1 - s) ln X + s ln x_i]"

    def utility_of(self, i: int, contribution: Number, total: Number) -> float:
        """``u_i`` when ally ``i`` spends ``contribution`` and the alliance ``total``."""
        s = float(self.private_share)
        x, big = float(contribution), float(total)
        y = float(self.incomes[i]) - x
        v = float(self.effective_valuations[i])
        if y < 0 or big <= 0 or (s > 0 and x <= 0):
            return -math.inf
        private = s * math.log(x) if s > 0 else 0.0
        return y + v * ((1 - s) * math.log(big) + private)

    def __repr__(self) -> str:
        return (f"<JointProductsGame {self.name!r}: {self.n_players} allies, "
                f"private_share {_show(self.private_share)}>")

    def __str__(self) -> str:
        lines = [f"{self.name or 'joint-products game'}: {self.formula}, "
                 f"s = {_show(self.private_share)}"]
        for p, w, a, t in zip(self.players, self.incomes, self.valuations, self.threats,
                              strict=True):
            lines.append(f"  {p}: income {_show(w)}, valuation {_show(a)}, threat {_show(t)}")
        return "\n".join(lines)
