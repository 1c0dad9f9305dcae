"""Burden sharing in an alliance public-goods equilibrium (Olson and Zeckhauser 1966).

Each ally's burden ``x_i / w_i``, its shares of income and of the defence, the gap to
its Lindahl contribution, free riders, the exploitation of the great by the small (the
largest ally's defence share above its income share) and Spearman's rank correlation
between income and burden (positive when larger allies bear heavier burdens).

References
----------
Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics
and Statistics* 48(3), 266-279.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...games.public_goods import PublicGoodsGame
from .benchmarks import EfficientBenchmark
from .exact import _exact, _nearest
from .nash import NashContributions

__all__ = ["burden_analysis", "ally_figures", "rank_correlation"]


def burden_analysis(
    game: PublicGoodsGame, nash: NashContributions, bench: EfficientBenchmark
) -> dict[str, Any]:
    """Free-riding, burden and exploitation figures of a certified equilibrium.

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
    figures = ally_figures(players, x, w, total, lindahl, shares)
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
    correlation, exact_correlation = rank_correlation([_nearest(v) for v in w], burdens,
                                                      nash.exact)
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



def ally_figures(
    players: Sequence[str],
    x: Sequence[Any],
    w: Sequence[Any],
    total: Any,
    lindahl: Sequence[Any],
    shares: Sequence[Any],
) -> dict[str, dict[str, Any]]:
    """Each ally's row of the burden table, in the arithmetic of its inputs.

    With contributions ``x``, incomes ``w``, total ``X = Σ x`` and ``W = Σ w``: burden
    ``x_i / w_i``, income share ``w_i / W``, defence share ``x_i / X``, their ratio, the
    Lindahl share ``t_i`` and contribution ``t_i X*``, and the gap ``t_i X* - x_i``.

    Examples
    --------
    >>> row = ally_figures(["A"], [2], [8], 2, [2], [1])["A"]
    >>> row["burden"], row["share_ratio"], row["gap_to_lindahl"]
    (0.25, 1.0, 0)
    """
    wealth = sum(w)
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
    return figures


def rank_correlation(
    incomes: Sequence[float], burdens: Sequence[float], exact: bool
) -> tuple[float | None, Any]:
    """Spearman's rank correlation of income and burden: the nearest double and, when
    ``exact``, the exact value (a sympy number such as ``sqrt(3)/2``; else ``None``)."""
    correlation = _spearman(incomes, burdens)
    exact_correlation = _spearman_exact(incomes, burdens) if exact else None
    if exact_correlation is not None:  # the nearest double, as for the rational figures
        correlation = float(exact_correlation.evalf(40))
    return correlation, exact_correlation


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
    ma, mb = sum(ra, Fraction(0)) / n, sum(rb, Fraction(0)) / n
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
