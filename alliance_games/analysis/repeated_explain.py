"""``explain`` for the ``repeated`` family: the critical discount factors as formulas.

Stage game a symmetric prisoner's dilemma-like 2x2 with payoffs ``T, R, P, S`` (each an
expression in the spec's parameters); ``δ`` the discount factor. Values are discounted
totals ``Σ_t δ^t u_t``; the per-period average is ``(1-δ)`` times the total.

*Grim trigger* (Friedman 1971). Complying is worth ``R/(1-δ)``; the best one-shot
deviation ``T + δP/(1-δ)`` (defect once, then mutual defection forever). Cooperation is
subgame perfect iff the margin ``R/(1-δ) - T - δP/(1-δ) >= 0``, i.e. (``T > P``)

    δ >= δ*_grim = (T - R)/(T - P).

*Tit-for-tat* against itself (Axelrod 1984, ch. 2 and appendix A). Against TFT a player
faces the same situation whenever the last move of its own was C (or D), so a best
reply is one of: always C (``R/(1-δ)``), always D (``T + δP/(1-δ)``) and alternate D, C
(``(T + δS)/(1-δ²)``). Always C beats always D iff ``δ >= (T-R)/(T-P)``, and beats
alternation iff ``R(1+δ) >= T + δS``, i.e. ``δ >= (T-R)/(R-S)``. So TFT is a Nash
equilibrium iff ``δ >= max{(T-R)/(T-P), (T-R)/(R-S)}``.

*n-player linear public good* (``u_i = -x_i + r Σx/n``, ``x_i ∈ {0,1}``): ``T = r(n-1)/n``,
``R = r-1``, ``P = 0`` so ``δ*(n, r) = (n-r)/(r(n-1))``, rising in ``n``.

*Finite horizon.* With a known last period and a unique stage equilibrium, backward
induction unravels cooperation: the unique subgame-perfect equilibrium of the finitely
repeated prisoner's dilemma is mutual defection in every period (Luce & Raiffa 1957).

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames. *Review of
Economic Studies* 38(1), 1-12.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
Luce, R. D. & Raiffa, H. (1957). *Games and Decisions*. Wiley, ch. 5.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..errors import SolverError
from ..numbers import as_sympy
from .conditions_explain import holds, interval_of, now, parameter_ranges, spec_expr, symbol_values

__all__ = ["explain_repeated", "repeated_formulas"]


def _delta(game: Any) -> tuple[Any, Any]:
    """The discount factor as a symbol (the parameter it names) and its value now."""
    expr = spec_expr(game, ("discount_factor",))
    values = symbol_values(game.parameters)
    if isinstance(expr, sympy.Symbol):
        return expr, values.get(expr)
    settings = game.info.get("repeated") or {}
    value = settings.get("discount_factor")
    return sympy.Symbol("delta"), (as_sympy(value) if value is not None else None)


def _trps(game: Any) -> dict[str, Any] | None:
    numeric = game.info.get("TRPS") or {}
    out = {}
    for key in "TRPS":
        expr = spec_expr(game, ("payoffs", key))
        if expr is None:
            if key not in numeric:
                return None
            expr = as_sympy(numeric[key])
        out[key] = expr
    return out


def repeated_formulas(game: Any) -> dict[str, Any]:
    """The thresholds and values as sympy expressions in the parameters and ``δ``.

    Keys: ``delta`` (the symbol), ``grim`` ``(T-R)/(T-P)``, ``tft_exploit``
    ``(T-R)/(R-S)``, ``comply`` ``R/(1-δ)``, ``deviate`` ``T + δP/(1-δ)``,
    ``alternate`` ``(T+δS)/(1-δ²)``, ``margin`` (comply minus deviate), ``T, R, P, S``.
    """
    s = _trps(game)
    if s is None:
        raise SolverError("explain needs the stage payoffs T, R, P, S of this repeated game")
    d, _ = _delta(game)
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    return {
        "delta": d, **s,
        "grim": sympy.factor(sympy.cancel((T - R) / (T - P))),
        "tft_exploit": sympy.factor(sympy.cancel((T - R) / (R - S))),
        "comply": R / (1 - d),
        "deviate": T + d * P / (1 - d),
        "alternate": (T + d * S) / (1 - d**2),
        "margin": sympy.factor(sympy.cancel(R / (1 - d) - T - d * P / (1 - d))),
    }


def _p(expr: Any) -> str:
    text = str(expr)
    return f"({text})" if isinstance(expr, sympy.Add) or text.startswith("-") else text


def _diff(a: Any, b: Any) -> str:
    return f"{_p(a)} - {_p(b)}" if not isinstance(b, sympy.Add) else f"{_p(a)} - ({b})"


def ratio_text(a: Any, b: Any, c: Any, d: Any) -> str:
    """``(a - b)/(c - d)`` written in the spec's names, in the order a scholar writes it."""
    return f"({_diff(a, b)})/({_diff(c, d)})"


def _num(expr: Any, values: dict[Any, Any]) -> str:
    v = now(expr, values)
    if v.is_number:
        v = sympy.nsimplify(v) if not v.is_Rational else v
        return f"{v}" + (f" ≈ {float(v):.4g}" if not v.is_Integer else "")
    return str(v)


def explain_repeated(game: Any) -> str:
    """The text of ``alliance-games explain`` for a repeated game."""
    values = symbol_values(game.parameters)
    lines = [f"{game.name}: when is cooperation an equilibrium of the repeated game? "
             "(repeated family)", ""]
    lpg = game.info.get("linear_public_good")
    if lpg is not None or game.info.get("TRPS") is None:
        return _explain_public_good(game, values, lines)
    f = repeated_formulas(game)
    ranges = parameter_ranges(game)
    d, delta_now = _delta(game)
    if delta_now is not None:
        values = {**values, d: delta_now}
    T, R, P, S = (f[k] for k in "TRPS")
    lines.append("Stage payoffs: " + ", ".join(f"{k} = {f[k]}" for k in "TRPS")
                 + "   (now " + ", ".join(f"{k} = {now(f[k], values)}" for k in "TRPS") + ")")
    lines.append(f"Discount factor: {d}" + (f" = {delta_now}" if delta_now is not None else
                                             " (not set)"))
    lines.append("Values are discounted totals sum_t delta^t u_t; per-period averages are "
                 "(1 - delta) times the total.")
    lines.append("")
    grim_cond = sympy.Ge(d, f["grim"])
    lines.append("Grim trigger (cooperate until a defection, then defect forever):")
    lines.append(f"  value of complying      R/(1-{d}) = {f['comply']}   "
                 f"[now {_num(f['comply'], values)}; per period {_num(R, values)}]")
    lines.append(f"  best one-shot deviation T + {d} P/(1-{d}) = {f['deviate']}   "
                 f"[now {_num(f['deviate'], values)}; per period "
                 f"{_num((1 - d) * T + d * P, values)}]")
    margin_avg = f"{d}({_diff(T, P)}) - ({_diff(T, R)})"
    lines.append(f"  margin (complying minus deviating) = [{margin_avg}]/(1-{d})   "
                 f"[now {_num(f['margin'], values)}; per period "
                 f"{_num(f['margin'] * (1 - d), values)}: not clipped, negative means "
                 "defection pays]")
    lines.append(f"  cooperation is subgame perfect iff {d} >= (T-R)/(T-P) = "
                 f"{ratio_text(T, R, T, P)}   "
                 f"[delta* now {_num(f['grim'], values)}; {holds(grim_cond, values)} now]")
    region = interval_of(grim_cond, str(d), values, ranges)
    if region:
        lines.append(f"    as {d} varies: {region} (and {d} < 1)")
    lines.append("")
    lines.append("Tit-for-tat against itself (Axelrod 1984): the best reply to TFT is one of")
    lines.append(f"  always cooperate  R/(1-{d})            = {_num(f['comply'], values)} now")
    lines.append(f"  always defect     T + {d} P/(1-{d})    = {_num(f['deviate'], values)} now")
    lines.append(f"  alternate D, C    (T + {d} S)/(1-{d}^2) = {_num(f['alternate'], values)} now")
    tft_cond = sympy.And(grim_cond, sympy.Ge(d, f["tft_exploit"]))
    lines.append(f"  TFT is a Nash equilibrium iff {d} >= max{{(T-R)/(T-P), (T-R)/(R-S)}} = "
                 f"max{{{ratio_text(T, R, T, P)}, {ratio_text(T, R, R, S)}}}   "
                 f"[now max{{{_num(f['grim'], values)}, {_num(f['tft_exploit'], values)}}}; "
                 f"{holds(tft_cond, values)} now]")
    region = interval_of(tft_cond, str(d), values, ranges)
    if region:
        lines.append(f"    as {d} varies: {region} (and {d} < 1)")
    lines.append("")
    horizon = (game.info.get("repeated") or {}).get("horizon")
    if horizon:
        lines.append(f"Horizon now: {horizon} periods with a known last one. The thresholds "
                     "above are for an open-ended rivalry; with this horizon they do not "
                     "apply:")
    lines.append("Finite horizon: with a known last period the stage game's unique "
                 "equilibrium unravels cooperation by backward induction: mutual defection "
                 "in every period is the only subgame-perfect equilibrium of the finitely "
                 "repeated prisoner's dilemma (set horizon: N in the spec to see it).")
    return "\n".join(lines) + "\n"


def _explain_public_good(game: Any, values: dict[Any, Any], lines: list[str]) -> str:
    n = spec_expr(game, ("n_players",))
    r = spec_expr(game, ("multiplier",))
    lpg = game.info.get("linear_public_good") or {}
    if n is None:
        n = as_sympy(lpg.get("n", game.n_players))
    if r is None:
        if "multiplier" not in lpg:
            raise SolverError("explain needs the multiplier r of this linear public good")
        r = as_sympy(lpg["multiplier"])
    d, delta_now = _delta(game)
    ranges = parameter_ranges(game)
    if delta_now is not None:
        values = {**values, d: delta_now}
    star = sympy.factor(sympy.cancel((n - r) / (r * (n - 1))))
    lines.append(f"n-player linear public good: u_i = -x_i + r sum(x)/n with n = {n}, r = {r}")
    lines.append("Stage payoffs per player: T = r(n-1)/n (defect while all others "
                 "cooperate), R = r - 1, P = 0")
    cond = sympy.Ge(d, star)
    lines.append(f"Grim trigger sustains full cooperation iff {d} >= (n-r)/(r(n-1)) = {star}"
                 f"   [now {_num(star, values)}; {holds(cond, values)} now]")
    region = interval_of(cond, str(d), values, ranges)
    if region:
        lines.append(f"  as {d} varies: {region} (and {d} < 1)")
    lines.append("  d delta*/dn = (r-1)/(r(n-1)^2) > 0 for r > 1: the larger the group, the "
                 "more patience cooperation needs.")
    return "\n".join(lines) + "\n"
