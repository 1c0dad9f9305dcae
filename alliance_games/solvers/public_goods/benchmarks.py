"""The efficient benchmarks of an alliance public-goods game: Samuelson level, Lindahl shares.

The Pareto-efficient level solves ``Σ_i B_i'(X) = 1`` (Samuelson 1954), capped at the
alliance's income; Lindahl (1919) prices ``t_i`` make every ally demand that level at
price ``t_i`` (see :mod:`.equilibria` for each utility form's closed form).

References
----------
Lindahl, E. (1919). *Die Gerechtigkeit der Besteuerung*. Lund.
Samuelson, P. A. (1954). The pure theory of public expenditure. *Review of Economics and
Statistics* 36(4), 387-389.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ...games.public_goods import Number, PublicGoodsGame
from ..kernels.roots import brent_root
from .exact import _exact_ok, _power

__all__ = ["EfficientBenchmark", "efficient_benchmark"]


@dataclass(frozen=True)
class EfficientBenchmark:
    """The Pareto-efficient (Samuelson) level and the Lindahl allocation.

    ``level`` is the efficient total ``X*``; ``lindahl_shares[i]`` the price ``t_i``
    (shares sum to one) and ``lindahl_contributions[i] = t_i X*``; ``notes`` explain
    caveats (budget caps, heterogeneous Cobb-Douglas shares).
    """

    level: Number
    lindahl_shares: tuple[Number, ...]
    lindahl_contributions: tuple[Number, ...]
    notes: tuple[str, ...] = ()


# ============================================================================ efficiency
def efficient_benchmark(game: PublicGoodsGame, *, exact: bool = False) -> EfficientBenchmark:
    """The Samuelson (Pareto-efficient) level and the Lindahl allocation.

    See the module docstring for the formulas of each utility form. For the isoelastic
    form the Lindahl equilibrium is found numerically: at a total ``X`` ally ``i``'s
    price ``t_i(X)`` solves ``a_i / X = t (w_i - t X)^{-η}``, and ``Σ t_i(X) = 1``.
    """
    exact = exact and _exact_ok(game)
    zero: Number = Fraction(0) if exact else 0.0
    incomes = [w if exact else float(w) for w in game.incomes]
    vals = [a if exact else float(a) for a in game.valuations]
    wealth = sum(incomes, zero)
    notes: list[str] = []
    if game.utility in ("quasi_linear_log", "quasi_linear_power"):
        weight = sum(vals, zero)
        if game.utility == "quasi_linear_log":
            level: Number = weight
        elif exact:
            level = _power(weight, 1 / (1 - Fraction(game.exponent)))  # type: ignore[arg-type]
        else:
            beta = float(game.exponent)  # type: ignore[arg-type]
            level = float(weight) ** (1.0 / (1.0 - beta))
        if level > wealth:
            notes.append(
                "the Samuelson level exceeds the alliance's total income: capped at the "
                "total income"
            )
            level = wealth
        shares = tuple(a / weight for a in vals)
    elif game.utility == "cobb_douglas":
        level = sum((a * w for a, w in zip(vals, incomes, strict=True)), zero)
        shares = tuple(a * w / level for a, w in zip(vals, incomes, strict=True))
        if len({float(a) for a in vals}) > 1:
            notes.append(
                "allies differ in their defence share alpha: the efficient level depends on "
                "how private consumption is distributed; the Lindahl level is reported"
            )
    else:
        level, shares = _isoelastic_lindahl(game)
        notes.append(
            "non-quasi-linear utilities: the efficient level depends on the distribution "
            "of income; the Lindahl level (one Pareto-efficient allocation) is reported"
        )
    contributions = tuple(t * level for t in shares)
    for p, c, w in zip(game.players, contributions, incomes, strict=True):
        if c > w:
            notes.append(f"the Lindahl contribution of {p} exceeds its income")
    return EfficientBenchmark(level, shares, contributions, tuple(notes))


def _isoelastic_lindahl(game: PublicGoodsGame) -> tuple[float, tuple[float, ...]]:
    eta = float(game.exponent)  # type: ignore[arg-type]
    wealth = sum(float(w) for w in game.incomes)

    def price(i: int, total: float) -> float:
        w, a = float(game.incomes[i]), float(game.valuations[i])
        cap = w / total

        def gap(t: float) -> float:
            return t * (w - t * total) ** (-eta) - a / total

        return brent_root(gap, 0.0, cap * (1 - 1e-14), xtol=1e-16, rtol=1e-15, maxiter=500)

    def excess(total: float) -> float:
        return sum(price(i, total) for i in range(game.n_players)) - 1.0

    total = brent_root(excess, wealth * 1e-9, wealth * (1 - 1e-12), rtol=1e-15, maxiter=500)
    return total, tuple(price(i, total) for i in range(game.n_players))
