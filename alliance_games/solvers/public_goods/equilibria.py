"""Nash contributions, Pareto and Lindahl benchmarks for alliance public-goods games.

Ally ``i`` has income ``w_i``, contributes ``x_i ∈ [0, w_i]`` to the common defence
``X = Σ x_j`` and has a separable utility ``u_i = v_i(w_i - x_i) + B_i(X)`` (see
:mod:`alliance_games.games.public_goods`). A profile is a Nash equilibrium iff the
Kuhn-Tucker conditions of every ally's problem hold:

.. math::

    B_i'(X) - v_i'(w_i - x_i) \\;\\begin{cases} \\le 0 & x_i = 0 \\\\
    = 0 & 0 < x_i < w_i \\\\ \\ge 0 & x_i = w_i. \\end{cases}

**Quasi-linear forms** (``v_i(y) = y``). Ally ``i`` wants the total to be its *bliss
level* ``X̂_i`` where ``B_i'(X̂_i) = 1`` (``X̂_i = a_i`` for ``a_i ln X``,
``X̂_i = a_i^{1/(1-β)}`` for ``a_i X^β/β``). At a total ``X`` every ally with
``X̂_i > X`` spends its whole income, every ally with ``X̂_i < X`` gives nothing, and only
allies with ``X̂_i = X`` are interior. Walking down the allies in decreasing ``X̂`` with
``S`` = the incomes of those already at full budget, the equilibrium total is ``S`` as
soon as ``X̂_k ≤ S``, or ``X̂_k`` when ``S < X̂_k ≤ S + w_k`` (ally ``k`` pays
``X̂_k - S``). With ample incomes this is Olson & Zeckhauser's extreme result: ``X =
max_i a_i`` and only the ally valuing defence most contributes. The efficient
(Samuelson, ``Σ_i B_i'(X) = 1``) level is ``X* = Σ a_i`` (log) or ``(Σ a_i)^{1/(1-β)}``
(power), capped at the alliance's income ``W``; Lindahl prices are ``t_i = a_i / Σ a_j``
because ``B_i'`` is proportional to ``a_i``.

**Cobb-Douglas** (``u_i = α_i ln X + (1-α_i) ln y_i``). Let ``k_i = (1-α_i)/α_i``.
Ally ``i`` contributes iff ``w_i > k_i X`` and then ``x_i = w_i - k_i X``; summing over
the contributor set ``C`` gives ``X = W_C / (1 + Σ_{i∈C} k_i)``, which for a common
``α`` is ``α W_C / (α + |C|(1-α))`` (Bergstrom, Blume & Varian 1986, unique). ``C``
is found by adding allies in decreasing ``w_i / k_i`` until the next one would not
contribute. Lindahl: at price ``t_i`` ally ``i`` spends the share ``α_i`` of its income
on defence, ``t_i X = α_i w_i``, so ``X_L = Σ α_i w_i`` and ``t_i = α_i w_i / X_L``; for
a common ``α`` this is the Samuelson level ``X* = α W``.

**Numerical solve** (``isoelastic``, and on request for any strictly concave ``v``).
Each ally's *replacement function* ``r_i(X) = max(0, w_i - y_i(X))`` with
``v_i'(y_i(X)) = B_i'(X)`` gives the contribution compatible with a total ``X``
(Cornes & Hartley 2007); ``Σ r_i(X) - X`` is strictly decreasing, so its root (Brent's
method) is the unique equilibrium. The answer is certified by its Kuhn-Tucker
residuals and by each ally's *regret* (utility gain of its exact best response).

**Exact mode** (``exact=True``, rational data). Quasi-linear log and Cobb-Douglas are
solved in Fractions; the quasi-linear power form in sympy radicals (``X̂_i = a_i^{1/(1-β)}``
is ``30*sqrt(30)`` for ``a = 30``, ``β = 1/3``), whose Kuhn-Tucker residuals simplify to
exactly 0. Every analysis figure is then carried exactly into the JSON ``exact`` mirror.

References
----------
Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics
and Statistics* 48(3), 266-279.
Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
*Journal of Public Economics* 29, 25-49.
Cornes, R. & Hartley, R. (2007). Aggregative public good games. *Journal of Public
Economic Theory* 9(2), 201-219.
Lindahl, E. (1919). *Die Gerechtigkeit der Besteuerung*. Lund.
Samuelson, P. A. (1954). The pure theory of public expenditure. *Review of Economics and
Statistics* 36(4), 387-389.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from scipy.optimize import brentq

from ...equilibrium import Equilibrium, SolveResult
from ...errors import SolverError
from ...games.public_goods import Number, PublicGoodsGame

__all__ = [
    "solve_public_goods",
    "nash_contributions",
    "efficient_benchmark",
    "kkt_residuals",
    "best_response",
    "contribution_regret",
    "NashContributions",
    "EfficientBenchmark",
    "METHODS",
]

METHODS = ("auto", "public-goods", "closed-form", "numeric")
_CLOSED_FORMS = ("quasi_linear_log", "quasi_linear_power", "cobb_douglas")
_EXACT_FORMS = ("quasi_linear_log", "cobb_douglas", "quasi_linear_power")
#: the power form is exact (sympy radicals) only for modest exponents 1/(1-β) = p/q:
#: a^(p/q) with a large p would be a huge integer for no gain in meaning
_MAX_POWER_TERMS = 64


def _exact_ok(game: PublicGoodsGame) -> bool:
    """Rational data and a closed form in rationals (log, Cobb-Douglas) or radicals
    (quasi-linear power with a modest exponent)."""
    if not game.is_exact or game.utility not in _EXACT_FORMS:
        return False
    if game.utility == "quasi_linear_power":
        e = 1 / (1 - Fraction(game.exponent))  # type: ignore[arg-type]
        return abs(e.numerator) <= _MAX_POWER_TERMS and e.denominator <= _MAX_POWER_TERMS
    return True


def _exact(value: Any) -> Any:
    """A Fraction for a rational (sympy's included), a sympy number for a radical."""
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return value


def _nearest(value: Any) -> float:
    """The double nearest to an exact value (sympy's ``float`` keeps only 15 digits)."""
    if isinstance(value, Fraction | int | float):
        return float(value)
    return float(value.evalf(40))


def _power(base: Fraction, exponent: Fraction) -> Any:
    """``base ** exponent`` exactly: a Fraction when rational, else a sympy radical."""
    import sympy

    value = sympy.Rational(base.numerator, base.denominator) ** sympy.Rational(
        exponent.numerator, exponent.denominator)
    return _exact(value)


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
            return tuple(_power(a, e) for a in game.valuations)
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
        total = brentq(excess, low, wealth, xtol=wealth * 1e-15, rtol=1e-15, maxiter=500)
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


def _power_of(value: Any, exponent: Fraction) -> Any:
    """``value ** exponent`` for an exact positive value (Fraction or sympy radical)."""
    if isinstance(value, Fraction):
        return _power(value, exponent)
    import sympy

    return value ** sympy.Rational(exponent.numerator, exponent.denominator)


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
    return brentq(slope, 0.0, high, xtol=1e-15 * max(1.0, w), rtol=1e-15, maxiter=500)


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

        return brentq(gap, 0.0, cap * (1 - 1e-14), xtol=1e-16, rtol=1e-15, maxiter=500)

    def excess(total: float) -> float:
        return sum(price(i, total) for i in range(game.n_players)) - 1.0

    total = brentq(excess, wealth * 1e-9, wealth * (1 - 1e-12), rtol=1e-15, maxiter=500)
    return total, tuple(price(i, total) for i in range(game.n_players))


# ============================================================================ entry point
def solve_public_goods(
    game: PublicGoodsGame, method: str = "auto", exact: bool = False
) -> SolveResult:
    """Solve an alliance public-goods game: Nash contributions and their analysis.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.public_goods.PublicGoodsGame`.
    method
        ``"auto"`` / ``"public-goods"`` / ``"closed-form"`` (closed form where the utility
        form has one, numeric otherwise) or ``"numeric"``.
    exact
        Exact arithmetic where the form allows it: Fractions (quasi-linear log,
        Cobb-Douglas), sympy radicals (quasi-linear power with a rational exponent). The
        whole analysis is then exact: its floats are the nearest doubles and its
        ``exact`` maps hold the same figures as strings (``"5/7"``, ``"30*sqrt(30)"``).

    Returns
    -------
    SolveResult
        One equilibrium (it is unique; ``complete=True``) whose ``extra`` holds the
        contributions, total, burdens and Kuhn-Tucker residuals; the result's ``extra``
        holds the efficient level, Lindahl shares, free-riding gap, burden table and the
        plain-language ``predictions``.

    Examples
    --------
    >>> g = PublicGoodsGame.build(["US", "UK"], incomes=[300, 100], valuations=[40, 10])
    >>> r = solve_public_goods(g, exact=True)
    >>> r.extra["free_riders"]
    ('UK',)
    """
    if method not in METHODS:
        raise SolverError(
            f"unknown method {method!r} for a public-goods game; use one of {', '.join(METHODS)}"
        )
    inner = "auto" if method in ("auto", "public-goods") else method
    nash = nash_contributions(game, method=inner, exact=exact)
    bench = efficient_benchmark(game, exact=nash.exact)
    residuals = kkt_residuals(game, nash.contributions, exact=nash.exact)
    max_residual = max(residuals)
    regret = contribution_regret(game, nash.contributions)
    scale = max(1.0, max(float(w) for w in game.incomes))
    if nash.exact:
        if max_residual != 0:  # pragma: no cover - the closed form is exact
            raise SolverError(f"closed form failed its exact KKT check (residual {max_residual})")
    elif float(max_residual) > 1e-7 or regret > 1e-9 * scale:
        raise SolverError(
            f"public-goods solve not certified: KKT residual {float(max_residual):.3g}, "
            f"regret {regret:.3g}"
        )
    analysis = _analysis(game, nash, bench)
    # x_i / w_i: in Fractions in exact mode (the float is then the nearest double)
    burdens = [
        x / w if nash.exact else float(x) / float(w)
        for x, w in zip(nash.contributions, game.incomes, strict=True)
    ]
    diagnostics = list(bench.notes)
    if nash.tied:
        for group in nash.tied:
            names = ", ".join(game.players[i] for i in group)
            diagnostics.append(
                f"{names} value defence equally: only their joint contribution is determined "
                "(a continuum of equilibria); it is shown split in proportion to income"
            )
    diagnostics.append(
        f"Nash contributions by {nash.method}; largest Kuhn-Tucker residual "
        f"{_fmt(max_residual)}, largest gain from a unilateral deviation {regret:.3g}"
    )
    if exact and not nash.exact:
        large = game.utility == "quasi_linear_power" and game.is_exact
        diagnostics.append(
            f"exact arithmetic is not available for the {game.utility} form"
            + (" with irrational data" if not game.is_exact else
               f" when 1/(1 - exponent) has terms above {_MAX_POWER_TERMS}" if large else "")
            + "; solved in floating point"
        )
    label = "free-riding" if analysis["free_riders"] else (
        "under-provision" if analysis["provision_ratio"] < 1 - 1e-12 else "efficient provision"
    )
    equilibrium = Equilibrium(
        players=game.players,
        payoffs={
            p: game.utility_of(i, nash.contributions[i], nash.total)
            for i, p in enumerate(game.players)
        },
        regret=regret,
        exact=nash.exact,
        outcomes={label: Fraction(1) if nash.exact else 1.0},
        concept="nash",
        notes=tuple(
            f"part of a continuum: {', '.join(game.players[i] for i in g)} can split "
            "their joint contribution in any way"
            for g in nash.tied
        ),
        extra={
            "contributions": {p: _nearest(v) for p, v in zip(game.players,
                                                             nash.contributions, strict=True)},
            "total": _nearest(nash.total),
            "burden": {p: _nearest(b) for p, b in zip(game.players, burdens, strict=True)},
            "kkt_residual": _nearest(max_residual),
            **(
                {"exact": {
                    "contributions": {p: str(v) for p, v in zip(game.players,
                                                                nash.contributions,
                                                                strict=True)},
                    "total": str(nash.total),
                    "burden": _exact_strings(dict(zip(game.players, burdens, strict=True))),
                    "kkt_residual": str(max_residual),
                }}
                if nash.exact else {}
            ),
        },
    )
    return SolveResult(
        game=game,
        method="public-goods" if method in ("auto", "public-goods") else method,
        complete=not nash.tied,
        equilibria=(equilibrium,),
        exact=nash.exact,
        diagnostics=tuple(diagnostics),
        extra=analysis,
        requested_method=method,
    )


def _analysis(
    game: PublicGoodsGame, nash: NashContributions, bench: EfficientBenchmark
) -> dict[str, Any]:
    """Free-riding, burden and exploitation figures and their plain-language reading.

    In exact mode every figure is computed in Fractions from the exact closed form: the
    float keys hold the nearest double (as the JSON number policy requires) and
    ``exact`` holds the same figures as strings, so a pipeline gets ``"5/7"`` beside
    ``0.7142857142857143``. Otherwise the floats are computed as before.
    """
    players = game.players
    num: Any = _exact if nash.exact else float
    x = [num(v) for v in nash.contributions]
    w = [num(v) for v in game.incomes]
    total = num(nash.total)
    wealth = sum(w)
    level = num(bench.level)
    lindahl = [num(v) for v in bench.lindahl_contributions]
    shares = [num(v) for v in bench.lindahl_shares]
    tiny = 1e-12 * max(1.0, float(wealth))
    free_riders = tuple(p for p, xi in zip(players, x, strict=True) if float(xi) <= tiny)
    contributors = tuple(p for p, xi in zip(players, x, strict=True) if float(xi) > tiny)
    figures: dict[str, dict[str, Any]] = {}  # the numbers, Fractions in exact mode
    for i, p in enumerate(players):
        defence_share = x[i] / total
        income_share = w[i] / wealth
        figures[p] = {
            "income": w[i],
            "contribution": x[i],
            "burden": x[i] / w[i],
            "income_share": income_share,
            "defence_share": defence_share,
            "share_ratio": defence_share / income_share,
            "lindahl_share": shares[i],
            "lindahl_contribution": lindahl[i],
            "gap_to_lindahl": lindahl[i] - x[i],
        }
    burden_table: dict[str, dict[str, Any]] = {
        p: {
            **{key: _nearest(value) for key, value in row.items()},
            "free_rides": p in free_riders,
            "pays_below_lindahl_share": float(row["defence_share"])
            < float(row["lindahl_share"]) - 1e-12,
        }
        for p, row in figures.items()
    }
    largest = max(range(len(players)), key=lambda i: w[i])
    exploitation = len(players) > 1 and (
        burden_table[players[largest]]["defence_share"]
        > burden_table[players[largest]]["income_share"] + 1e-12
    )
    burdens = [burden_table[p]["burden"] for p in players]
    floats_w = [_nearest(v) for v in w]
    correlation = _spearman(floats_w, burdens)
    exact_correlation = _spearman_exact(floats_w, burdens) if nash.exact else None
    if exact_correlation is not None:  # the nearest double, as for the rational figures
        correlation = float(exact_correlation.evalf(40))
    analysis: dict[str, Any] = {
        "utility": game.formula,
        "nash_total": _nearest(total),
        "pareto_total": _nearest(level),
        "provision_ratio": _nearest(total / level),
        "free_riding_gap": _nearest(level - total),
        "contributors": contributors,
        "free_riders": free_riders,
        "lindahl_shares": dict(zip(players, (_nearest(t) for t in shares), strict=True)),
        "lindahl_contributions": dict(zip(players, (_nearest(c) for c in lindahl), strict=True)),
        "allies": burden_table,
        "exploitation_of_the_great_by_the_small": exploitation,
        "income_burden_rank_correlation": correlation,
    }
    if nash.exact:
        analysis["exact"] = _exact_strings({
            "nash_total": total,
            "pareto_total": level,
            "provision_ratio": total / level,
            "free_riding_gap": level - total,
            "lindahl_shares": dict(zip(players, shares, strict=True)),
            "lindahl_contributions": dict(zip(players, lindahl, strict=True)),
            "allies": figures,
            "income_burden_rank_correlation": exact_correlation,
        })
    return analysis


def _exact_strings(value: Any) -> Any:
    """The exact numbers of ``value`` as strings (``"5/7"``, ``"sqrt(3)/2"``), same shape;
    floats and ``None`` are left out. Strings, as the ``exact`` maps have always held."""
    if isinstance(value, dict):
        out = {k: _exact_strings(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None}
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        return str(value)
    if value is not None and not isinstance(value, float) and hasattr(value, "free_symbols"):
        return str(value)  # a sympy number
    return None


def _spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Spearman's rank correlation (average ranks for ties); None if a variable is constant."""
    ra, rb = _ranks(a), _ranks(b)
    n = len(a)
    if n < 2:
        return None
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra)
    vb = sum((y - mb) ** 2 for y in rb)
    if va == 0 or vb == 0:
        return None
    return cov / math.sqrt(va * vb)


def _spearman_exact(a: Sequence[float], b: Sequence[float]) -> Any:
    """:func:`_spearman` in exact arithmetic (a sympy number such as ``sqrt(3)/2``): the
    ranks are halves, so only the final square root can be irrational."""
    import sympy

    ra = [Fraction(r) for r in _ranks(a)]
    rb = [Fraction(r) for r in _ranks(b)]
    n = len(a)
    if n < 2:
        return None
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra)
    vb = sum((y - mb) ** 2 for y in rb)
    if va == 0 or vb == 0:
        return None
    return sympy.Rational(cov.numerator, cov.denominator) / sympy.sqrt(
        sympy.Rational((va * vb).numerator, (va * vb).denominator)
    )


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and abs(values[order[j + 1]] - values[order[i]]) <= 1e-12 * max(
            1.0, abs(values[order[i]])
        ):
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _num(value: Number) -> float:
    return float(value)


def _fmt(value: Any) -> str:
    v = float(value)
    if v == 0:
        return "0"
    return f"{v:.4g}"
