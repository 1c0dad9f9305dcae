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

from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium, SolveResult
from ...errors import SolverError
from ...games.public_goods import PublicGoodsGame
from .benchmarks import EfficientBenchmark, efficient_benchmark
from .burden import _exact_strings, burden_analysis
from .exact import _MAX_POWER_TERMS, _fmt, _nearest
from .nash import (
    NashContributions,
    best_response,
    contribution_regret,
    kkt_residuals,
    nash_contributions,
)

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
        holds the efficient level, Lindahl shares, free-riding gap and burden table
        (:mod:`alliance_games.interpretation.public_goods` reads them in words).

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
    max_residual, regret = certify(game, nash)
    analysis = burden_analysis(game, nash, bench)
    diagnostics = _diagnostics(game, nash, bench, max_residual, regret, exact)
    equilibrium = _equilibrium(game, nash, analysis, max_residual, regret)
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




def certify(game: PublicGoodsGame, nash: NashContributions) -> tuple[Any, float]:
    """The largest Kuhn-Tucker residual and unilateral gain of ``nash``, checked.

    An exact closed form must have residual exactly 0; a floating answer must have
    residual at most ``1e-7`` and regret at most ``1e-9`` times the largest income.

    Raises
    ------
    SolverError
        When the contributions fail the check.
    """
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
    return max_residual, regret


def _diagnostics(
    game: PublicGoodsGame,
    nash: NashContributions,
    bench: EfficientBenchmark,
    max_residual: Any,
    regret: float,
    exact: bool,
) -> list[str]:
    """The benchmark's notes, ties (a continuum), the certificate and any exact fallback."""
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
    return diagnostics


def _equilibrium(
    game: PublicGoodsGame,
    nash: NashContributions,
    analysis: dict[str, Any],
    max_residual: Any,
    regret: float,
) -> Equilibrium:
    """The (unique) equilibrium record: contributions, total, burdens ``x_i / w_i``."""
    # x_i / w_i: in Fractions in exact mode (the float is then the nearest double)
    burdens = [
        x / w if nash.exact else float(x) / float(w)
        for x, w in zip(nash.contributions, game.incomes, strict=True)
    ]
    label = "free-riding" if analysis["free_riders"] else (
        "under-provision" if analysis["provision_ratio"] < 1 - 1e-12 else "efficient provision"
    )
    exact_figures = {
        "contributions": {p: str(v) for p, v in zip(game.players, nash.contributions,
                                                    strict=True)},
        "total": str(nash.total),
        "burden": _exact_strings(dict(zip(game.players, burdens, strict=True))),
        "kkt_residual": str(max_residual),
    }
    return Equilibrium(
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
            **({"exact": exact_figures} if nash.exact else {}),
        },
    )
