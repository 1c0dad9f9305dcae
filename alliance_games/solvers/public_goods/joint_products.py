"""Nash and efficient defence spending when defence yields joint products.

The model (:class:`~alliance_games.games.public_goods.JointProductsGame`; Sandler 1977,
Murdoch & Sandler 1984, Sandler & Hartley 1995 ch. 2): ally ``i`` spends ``x_i`` and
gets ``u_i = (w_i - x_i) + v_i [(1 - s) ln X + s ln x_i]`` with ``X = Σ x_j``,
``v_i = a_i t_i`` (valuation times threat weight) and ``s`` the private share.

**Best response.** Given the others' total ``O``, ally ``i``'s first-order condition
``v_i (1 - s)/(O + x) + v_i s / x = 1`` is the quadratic ``x² + (O - v_i) x - v_i s O = 0``,
whose positive root is

.. math::  BR_i(O) = \\tfrac12 \\left[ v_i - O + \\sqrt{(O - v_i)^2 + 4 v_i s O} \\right],

capped at the income ``w_i``. At ``s = 0`` this is ``max(0, v_i - O)`` (the pure public
good: an ally gives only up to its own bliss level ``v_i``); for ``s > 0`` it is
positive for every ``O``: **every ally contributes**, because the private benefit
``s ln x_i`` cannot be had from the others' spending.

**Nash equilibrium.** Written through the total, ``x_i = v_i s X / (X - v_i (1 - s))``
when ``X > v_i (1 - s)`` (else the income ``w_i``), the *replacement function* of
Cornes & Hartley (2007); it decreases in ``X``, so ``Σ_i r_i(X) = X`` has one root
(Brent's method). At ``s = 0`` the closed form of the pure public good is used
(:func:`~alliance_games.solvers.public_goods.nash.nash_contributions`).

**Efficient benchmark.** With quasi-linear utility the Pareto-efficient allocations
maximise ``Σ u_i``; its first-order conditions ``V (1 - s)/X + v_i s / x_i = 1`` (``V =
Σ v_j``) give, when incomes do not bind, ``X* = V`` and ``x_i* = v_i``: the efficient
total does not depend on ``s``.

**Free riding.** ``provision_ratio = X_N / X*`` and ``free_riding_index = 1 -
provision_ratio``. For ``n`` identical allies (``v_i = v``, incomes not binding)
``X_N = v (1 + (n - 1) s)`` and ``X* = n v``, so the ratio is ``(1 + (n - 1) s) / n``:
``1/n`` for a pure public good, rising linearly to 1 as the private share goes to 1.
The free-riding prediction of Olson & Zeckhauser weakens as ``s`` rises.

References
----------
Sandler, T. (1977). Impurity of defense: an application to the economics of alliances.
*Kyklos* 30(3), 443-460.
Murdoch, J. C. & Sandler, T. (1982). A theoretical and empirical analysis of NATO.
*Journal of Conflict Resolution* 26(2), 237-263.
Murdoch, J. C. & Sandler, T. (1984). Complementarity, free riding, and the military
expenditures of NATO allies. *Journal of Public Economics* 25(1-2), 83-101.
Sandler, T. & Hartley, K. (1995). *The Economics of Defense*. Cambridge University Press.
Cornes, R. & Hartley, R. (2007). Aggregative public good games. *Journal of Public
Economic Theory* 9(2), 201-219.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...equilibrium import Equilibrium, SolveResult
from ...errors import SolverError
from ...games.public_goods import JointProductsGame, PublicGoodsGame
from ..kernels.roots import brent_root
from .burden import _spearman
from .nash import nash_contributions

__all__ = ["solve_joint_products", "joint_best_response", "joint_nash", "joint_efficient",
           "METHODS"]

METHODS = ("auto", "joint-products")


def joint_best_response(v: float, s: float, others: float, income: float) -> float:
    """``BR_i(O)``: the positive root of ``x² + (O - v) x - v s O = 0``, capped at income.

    >>> joint_best_response(2.0, 0.5, 1.0, 10.0)  # (1 + sqrt(1 + 4)) / 2
    1.618033988749895
    """
    root = 0.5 * (v - others + math.sqrt((others - v) ** 2 + 4.0 * v * s * others))
    return min(income, max(0.0, root))


def _root_total(incomes: Sequence[float], weights: Sequence[float],
                public: Sequence[float], s: float) -> tuple[float, list[float]]:
    """The total ``X`` with ``Σ r_i(X) = X``, ``r_i(X) = min(w_i, weights_i s X / (X - public_i))``
    (``w_i`` when ``X <= public_i``), and the contributions ``r_i(X)``."""
    wealth = sum(incomes)

    def replacement(i: int, total: float) -> float:
        if total <= public[i]:
            return incomes[i]
        return min(incomes[i], weights[i] * s * total / (total - public[i]))

    def excess(total: float) -> float:
        return sum(replacement(i, total) for i in range(len(incomes))) - total

    if excess(wealth) >= 0:
        total = wealth
    else:
        total = brent_root(excess, wealth * 1e-15, wealth, xtol=1e-15 * wealth, rtol=1e-15,
                       maxiter=500)
    return total, [replacement(i, total) for i in range(len(incomes))]


def joint_nash(game: JointProductsGame) -> tuple[float, list[float]]:
    """The Nash total and contributions (unique: the replacement functions decrease)."""
    w = [float(x) for x in game.incomes]
    v = [float(x) for x in game.effective_valuations]
    s = float(game.private_share)
    if s == 0:
        pure = PublicGoodsGame.build(game.players, incomes=game.incomes,
                                     valuations=game.effective_valuations,
                                     utility="quasi_linear_log")
        nash = nash_contributions(pure)
        return float(nash.total), [float(x) for x in nash.contributions]
    return _root_total(w, v, [vi * (1 - s) for vi in v], s)


def joint_efficient(game: JointProductsGame) -> tuple[float, list[float]]:
    """The total and contributions maximising ``Σ u_i`` (``X* = V``, ``x_i* = v_i`` when
    incomes do not bind; at ``s = 0`` only the total ``min(V, W)`` is determined and it is
    shown split in proportion to ``v_i``)."""
    w = [float(x) for x in game.incomes]
    v = [float(x) for x in game.effective_valuations]
    s = float(game.private_share)
    big_v = sum(v)
    if s == 0:
        total = min(big_v, sum(w))
        return total, [total * vi / big_v for vi in v]
    return _root_total(w, v, [big_v * (1 - s)] * len(v), s)


def _regret(game: JointProductsGame, x: Sequence[float]) -> float:
    total = sum(x)
    s = float(game.private_share)
    worst = 0.0
    for i, vi in enumerate(game.effective_valuations):
        others = total - x[i]
        br = joint_best_response(float(vi), s, others, float(game.incomes[i]))
        if s == 0 and others <= 0 and br <= 0:
            continue
        gain = game.utility_of(i, br, others + br) - game.utility_of(i, x[i], total)
        worst = max(worst, gain)
    return worst


def _provision_ratio_at(game: JointProductsGame, share: float) -> float:
    from dataclasses import replace

    other = replace(game, private_share=share)
    return joint_nash(other)[0] / joint_efficient(other)[0]


def solve_joint_products(game: JointProductsGame, method: str = "auto",
                         exact: bool = False) -> SolveResult:
    """Nash spending, the efficient benchmark and the free-riding figures.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.public_goods.JointProductsGame`.
    method
        ``"auto"`` or ``"joint-products"`` (the same computation).
    exact
        Accepted for a uniform interface; for ``s > 0`` the equilibrium is a root of a
        polynomial system and is computed in floating point (a diagnostic says so).

    Returns
    -------
    SolveResult
        One (unique) Nash equilibrium; ``extra`` holds the analysis: ``nash_total``,
        ``efficient_total``, ``provision_ratio``, ``free_riding_index``,
        ``pure_public_good_provision_ratio`` (the same allies at ``s = 0``),
        ``private_share``, ``contributors``, ``free_riders``, the per-ally table
        ``allies`` and ``income_burden_rank_correlation``.

    Examples
    --------
    >>> g = JointProductsGame.build(["A", "B", "C"], incomes=[100] * 3,
    ...                             valuations=[1] * 3, private_share=0.4)
    >>> round(solve_joint_products(g).extra["provision_ratio"], 12)  # (1 + 2 * 0.4) / 3
    0.6
    """
    if method not in METHODS:
        raise SolverError(f"unknown method {method!r} for a joint-products game; use one of "
                          f"{', '.join(METHODS)}")
    total, x = joint_nash(game)
    eff_total, eff = joint_efficient(game)
    regret = _regret(game, x)
    scale = max(1.0, max(float(w) for w in game.incomes))
    if regret > 1e-9 * scale:
        raise SolverError(f"joint-products equilibrium not certified: regret {regret:.3g}")
    analysis = _analysis(game, total, x, eff_total, eff)
    label = ("free-riding" if analysis["free_riders"] else
             "under-provision" if analysis["provision_ratio"] < 1 - 1e-9 else
             "efficient provision")
    equilibrium = Equilibrium(
        players=game.players,
        payoffs={p: game.utility_of(i, x[i], total) for i, p in enumerate(game.players)},
        regret=regret,
        exact=False,
        outcomes={label: 1.0},
        concept="nash",
        extra={"contributions": dict(zip(game.players, x, strict=True)), "total": total,
               "burden": {p: x[i] / float(game.incomes[i])
                          for i, p in enumerate(game.players)}},
    )
    how = ("the closed form of the pure public good" if game.private_share == 0
           else "the root of the replacement functions")
    diagnostics = [f"Nash spending by {how}; largest gain from a unilateral deviation "
                   f"{regret:.3g}"]
    if exact and game.private_share != 0:
        diagnostics.append("exact arithmetic is not available for joint products with a "
                           "positive private share (algebraic roots); solved in floating point")
    return SolveResult(game=game, method="joint-products", complete=True,
                       equilibria=(equilibrium,), exact=False, diagnostics=tuple(diagnostics),
                       extra=analysis, requested_method=method)


def _analysis(game: JointProductsGame, total: float, x: list[float], eff_total: float,
              eff: list[float]) -> dict[str, Any]:
    players = game.players
    w = [float(v) for v in game.incomes]
    wealth = sum(w)
    tiny = 1e-12 * max(1.0, wealth)
    table = {
        p: {
            "income": w[i],
            "valuation": float(game.valuations[i]),
            "threat": float(game.threats[i]),
            "contribution": x[i],
            "burden": x[i] / w[i],
            "income_share": w[i] / wealth,
            "defence_share": x[i] / total,
            "efficient_contribution": eff[i],
            "free_rides": x[i] <= tiny,
        }
        for i, p in enumerate(players)
    }
    largest = max(range(len(players)), key=lambda i: w[i])
    big = table[players[largest]]
    ratio = total / eff_total
    pure = ratio if game.private_share == 0 else _provision_ratio_at(game, 0.0)
    return {
        "utility": game.formula,
        "private_share": float(game.private_share),
        "nash_total": total,
        "efficient_total": eff_total,
        "provision_ratio": ratio,
        "free_riding_index": 1 - ratio,
        "pure_public_good_provision_ratio": pure,
        "contributors": tuple(p for p in players if not table[p]["free_rides"]),
        "free_riders": tuple(p for p in players if table[p]["free_rides"]),
        "allies": table,
        "exploitation_of_the_great_by_the_small": len(players) > 1
        and big["defence_share"] > big["income_share"] + 1e-12,
        "income_burden_rank_correlation": _spearman(w, [table[p]["burden"] for p in players]),
    }
