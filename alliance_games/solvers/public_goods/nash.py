"""Nash contributions of an alliance public-goods game and their certificates.

The closed forms (quasi-linear bliss levels; Cobb-Douglas contributor sets, Bergstrom,
Blume & Varian 1986) and the numerical solve by replacement functions (Cornes & Hartley
2007) described in :mod:`.equilibria`; :func:`kkt_residuals`, :func:`best_response` and
:func:`contribution_regret` certify an answer.

References
----------
Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
*Journal of Public Economics* 29, 25-49.
Cornes, R. & Hartley, R. (2007). Aggregative public good games. *Journal of Public
Economic Theory* 9(2), 201-219.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from ...errors import SolverError
from ...games.public_goods import Number, PublicGoodsGame
from ..kernels.roots import brent_root
from .exact import _exact, _exact_ok, _power, _power_of

__all__ = [
    "NashContributions",
    "nash_contributions",
    "bliss_levels",
    "kkt_residuals",
    "best_response",
    "contribution_regret",
]


@dataclass(frozen=True)
class NashContributions:
    """The Nash equilibrium of a public-goods game.

    ``contributions[i]`` is ally ``i``'s ``x_i``; ``total`` is ``X``; ``exact`` says they
    are Fractions; ``method`` is ``"closed form"`` or ``"numeric"``; ``tied`` lists groups
    of allies whose split of a common total is not determined (quasi-linear ties).
    """

    contributions: tuple[Number, ...]
    total: Number
    exact: bool
    method: str
    tied: tuple[tuple[int, ...], ...] = ()


# ============================================================================ Nash
def nash_contributions(
    game: PublicGoodsGame, *, method: str = "auto", exact: bool = False
) -> NashContributions:
    """The (unique) Nash equilibrium contributions.

    Parameters
    ----------
    game
        The public-goods game.
    method
        ``"auto"``/``"closed-form"``: closed form where the utility form has one
        (quasi-linear, Cobb-Douglas), numeric otherwise; ``"numeric"``: always the
        replacement-function root (needs a strictly concave private utility).
    exact
        Keep rational data exact: Fractions (quasi-linear log and Cobb-Douglas), sympy
        radicals where the quasi-linear power form needs them.

    Examples
    --------
    >>> g = PublicGoodsGame.build(["A", "B", "C"], incomes=[100, 80, 60],
    ...                           valuations=[30, 20, 10])
    >>> nash_contributions(g, exact=True).contributions
    (Fraction(30, 1), Fraction(0, 1), Fraction(0, 1))
    """
    if method == "numeric" or (method in ("auto", "closed-form") and game.utility == "isoelastic"):
        if game.utility in ("quasi_linear_log", "quasi_linear_power"):
            raise SolverError(
                "the numeric public-goods solve needs a strictly concave private utility; "
                "quasi-linear forms are solved in closed form"
            )
        return _numeric_nash(game)
    if method not in ("auto", "closed-form"):
        raise SolverError(f"unknown public-goods method {method!r}")
    use_exact = exact and _exact_ok(game)
    if game.utility in ("quasi_linear_log", "quasi_linear_power"):
        return _quasi_linear_nash(game, use_exact)
    return _cobb_douglas_nash(game, use_exact)


def bliss_levels(game: PublicGoodsGame, exact: bool = False) -> tuple[Number, ...]:
    """``X̂_i``: the total each ally would choose alone (quasi-linear forms).

    ``B_i'(X̂) = 1``: ``a_i / X̂ = 1`` gives ``X̂ = a_i``; ``a_i X̂^{β-1} = 1`` gives
    ``X̂ = a_i^{1/(1-β)}``.
    """
    if game.utility == "quasi_linear_log":
        return tuple(a if exact else float(a) for a in game.valuations)
    if game.utility == "quasi_linear_power":
        if exact:
            e = 1 / (1 - Fraction(game.exponent))  # type: ignore[arg-type]
            # exact mode is for rational data: the valuations are Fractions
            return tuple(_power(cast(Fraction, a), e) for a in game.valuations)
        beta = float(game.exponent)  # type: ignore[arg-type]
        return tuple(float(a) ** (1.0 / (1.0 - beta)) for a in game.valuations)
    raise SolverError(f"bliss levels are defined for quasi-linear forms, not {game.utility}")


def _quasi_linear_nash(game: PublicGoodsGame, exact: bool) -> NashContributions:
    bliss = bliss_levels(game, exact)
    incomes = [w if exact else float(w) for w in game.incomes]
    n = game.n_players
    groups = _group_by_level(bliss, exact)
    x: list[Number] = [Fraction(0) if exact else 0.0] * n
    full: Number = Fraction(0) if exact else 0.0
    total: Number | None = None
    tied: list[tuple[int, ...]] = []
    for level, members in groups:
        group_income = sum((incomes[i] for i in members), Fraction(0) if exact else 0.0)
        if level <= full:
            total = full
            break
        if level <= full + group_income:
            need = level - full
            for i in members:
                x[i] = incomes[i] * need / group_income
            if len(members) > 1 and 0 < need:
                tied.append(tuple(members))
            total = level
            break
        for i in members:
            x[i] = incomes[i]
        full = full + group_income
    if total is None:
        total = full
    return NashContributions(tuple(x), total, exact, "closed form", tuple(tied))


def _group_by_level(
    levels: Sequence[Number], exact: bool
) -> list[tuple[Number, list[int]]]:
    """Allies grouped by equal level (exactly, or within 1e-12 relative), descending."""
    order = sorted(range(len(levels)), key=lambda i: levels[i], reverse=True)
    groups: list[tuple[Number, list[int]]] = []
    for i in order:
        if groups and _same(groups[-1][0], levels[i], exact):
            groups[-1][1].append(i)
        else:
            groups.append((levels[i], [i]))
    return groups


def _same(a: Number, b: Number, exact: bool) -> bool:
    if exact:
        return a == b
    return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)), abs(float(b)))


def _cobb_douglas_nash(game: PublicGoodsGame, exact: bool) -> NashContributions:
    one: Number = Fraction(1) if exact else 1.0
    incomes = [w if exact else float(w) for w in game.incomes]
    alphas = [a if exact else float(a) for a in game.valuations]
    k = [(one - a) / a for a in alphas]
    order = sorted(range(game.n_players), key=lambda i: incomes[i] / k[i], reverse=True)
    zero: Number = Fraction(0) if exact else 0.0
    best: tuple[list[int], Number] | None = None
    for m in range(1, game.n_players + 1):
        members = order[:m]
        total = sum((incomes[i] for i in members), zero) / (
            one + sum((k[i] for i in members), zero)
        )
        inside_ok = all(incomes[i] >= k[i] * total for i in members)
        outside_ok = all(incomes[j] <= k[j] * total for j in order[m:])
        if inside_ok and outside_ok:
            best = (members, total)
            break
    if best is None:  # pragma: no cover - BBV guarantee; only float round-off reaches here
        raise SolverError("no consistent contributor set found (numerical trouble)")
    members, total = best
    x = [zero] * game.n_players
    for i in members:
        x[i] = max(zero, incomes[i] - k[i] * total)
    return NashContributions(tuple(x), total, exact, "closed form")


def _private_level(game: PublicGoodsGame, i: int, total: float) -> float:
    """``y`` with ``v_i'(y) = B_i'(X)``, the private consumption ally ``i`` wants at ``X``.

    Closed for Cobb-Douglas (``y = k_i X``) and isoelastic (``y = (X/a_i)^{1/η}``).
    """
    a = float(game.valuations[i])
    if game.utility == "cobb_douglas":
        return (1 - a) / a * total
    eta = float(game.exponent)  # type: ignore[arg-type]
    return (total / a) ** (1.0 / eta)


def _replacement(game: PublicGoodsGame, i: int, total: float) -> float:
    return max(0.0, float(game.incomes[i]) - _private_level(game, i, total))


def _numeric_nash(game: PublicGoodsGame) -> NashContributions:
    wealth = sum(float(w) for w in game.incomes)

    def excess(total: float) -> float:
        return sum(_replacement(game, i, total) for i in range(game.n_players)) - total

    low = wealth * 1e-15
    if excess(wealth) >= 0:  # pragma: no cover - every ally would give its whole income
        total = wealth
    else:
        total = brent_root(excess, low, wealth, xtol=wealth * 1e-15, rtol=1e-15, maxiter=500)
    x = tuple(_replacement(game, i, total) for i in range(game.n_players))
    return NashContributions(x, sum(x), False, "numeric root-finding (replacement functions)")


# ============================================================================ checks
def kkt_residuals(
    game: PublicGoodsGame, contributions: Sequence[Number], *, exact: bool = False
) -> tuple[Number, ...]:
    """Violation of each ally's Kuhn-Tucker condition (0 at an equilibrium).

    With ``r_i = B_i'(X) - v_i'(w_i - x_i)``: ``|r_i|`` for an interior ``x_i``,
    ``max(0, r_i)`` at ``x_i = 0`` and ``max(0, -r_i)`` at ``x_i = w_i``. In exact mode
    (rational data, quasi-linear log or Cobb-Douglas) the residuals are Fractions.
    """
    exact = exact and _exact_ok(game)
    x = [_exact(v) if exact else float(v) for v in contributions]
    total = sum(x, Fraction(0) if exact else 0.0)
    if total <= 0:
        raise SolverError("the total contribution must be positive (log benefit)")
    zero: Number = Fraction(0) if exact else 0.0
    out: list[Number] = []
    for i in range(game.n_players):
        w = game.incomes[i] if exact else float(game.incomes[i])
        y = w - x[i]
        if y <= 0 and game.utility in ("cobb_douglas", "isoelastic"):
            out.append(math.inf)  # zero private consumption is never optimal here
            continue
        if exact:
            a = game.valuations[i]
            if game.utility == "quasi_linear_power":  # a X^(β-1) - 1, simplified by sympy
                beta = Fraction(game.exponent) - 1  # type: ignore[arg-type]
                slope = _exact(a * _power_of(total, beta) - 1)
            else:
                mp = Fraction(1) if game.utility == "quasi_linear_log" else (1 - a) / y
                slope = a / total - mp
        else:
            slope = game.marginal_benefit(i, total) - game.marginal_private(i, y)
        if x[i] <= 0:
            out.append(max(zero, slope))
        elif y <= 0:
            out.append(max(zero, -slope))
        else:
            out.append(abs(slope))
    return tuple(out)


def best_response(game: PublicGoodsGame, i: int, others: float) -> float:
    """Ally ``i``'s best contribution when the others give ``others`` in total.

    Maximises the strictly concave ``v_i(w_i - x) + B_i(others + x)`` on ``[0, w_i]``:
    ``x = 0`` if the first-order derivative is non-positive there, ``w_i`` if it is
    non-negative at ``w_i`` (quasi-linear only), else its root (Brent's method).
    """
    w = float(game.incomes[i])

    def slope(x: float) -> float:
        total = others + x
        mb = math.inf if total <= 0 else game.marginal_benefit(i, total)
        return mb - game.marginal_private(i, w - x)

    if slope(0.0) <= 0:
        return 0.0
    if game.utility in ("quasi_linear_log", "quasi_linear_power"):
        if slope(w) >= 0:
            return w
        bliss = bliss_levels(game)[i]
        return min(w, max(0.0, bliss - others))
    high = w * (1 - 1e-15)
    if slope(high) >= 0:  # pragma: no cover - v'(y) -> inf as y -> 0 prevents this
        return high
    return brent_root(slope, 0.0, high, xtol=1e-15 * max(1.0, w), rtol=1e-15, maxiter=500)


def contribution_regret(game: PublicGoodsGame, contributions: Sequence[Number]) -> float:
    """Largest utility gain any ally gets from its best response (0 at an equilibrium)."""
    x = [float(v) for v in contributions]
    total = sum(x)
    worst = 0.0
    for i in range(game.n_players):
        others = total - x[i]
        br = best_response(game, i, others)
        gain = game.utility_of(i, br, others + br) - game.utility_of(i, x[i], total)
        worst = max(worst, gain)
    return worst
