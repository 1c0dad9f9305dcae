"""``explain`` for the ``public_goods`` and ``volunteers_dilemma`` families.

*Public goods* (Olson & Zeckhauser 1966; Bergstrom, Blume & Varian 1986). Ally ``i``
with income ``w_i`` and valuation ``a_i`` chooses ``x_i``; ``X = Σ x_j``.

- ``quasi_linear_log`` (``u_i = w_i - x_i + a_i ln X``): ally ``i`` alone would buy
  ``X_i = a_i``. Nash: ``X_N = max_i a_i``, paid by the ally with the highest valuation;
  every ally with ``a_i < max_j a_j`` free-rides (contributes nothing). Samuelson
  (``Σ_i a_i / X = 1``): ``X_S = Σ a_i``. Lindahl: the same ``X_L = Σ a_i`` at prices
  ``t_i = a_i / Σ a_j``. (Interior: the top ally's income covers ``X_N``.)
- ``quasi_linear_power`` (``u_i = w_i - x_i + a_i X^β/β``): ``X_i = a_i^{1/(1-β)}``;
  Nash ``max_i X_i``, Samuelson and Lindahl ``(Σ a_i)^{1/(1-β)}``, ``t_i = a_i/Σ a_j``.
- ``cobb_douglas`` (``u_i = α_i ln X + (1-α_i) ln(w_i - x_i)``), ``k_i = (1-α_i)/α_i``:
  with contributor set ``C``, ``X_N = Σ_C w_i / (1 + Σ_C k_i)`` and ally ``i``
  contributes iff ``w_i > k_i X_N`` (the rich pay, the poor free-ride: Olson and
  Zeckhauser's "exploitation of the great by the small"). Lindahl: ``X_L = Σ α_i w_i``,
  ``t_i = α_i w_i / X_L``. The set ``C`` is found at the current values; the printed
  condition is the region where that set stays the contributors.
- ``isoelastic``: no closed form (the solver's numerical answer is the reading).

*Volunteer's dilemma* (Diekmann 1985): ``n`` allies, benefit ``b`` to all if one acts,
cost ``c`` to the one who acts, ``0 < c < b``. Pure equilibria: exactly one ally
volunteers (``n`` of them). The symmetric mixed equilibrium: each volunteers with
``p = 1 - (c/b)^{1/(n-1)}``; nobody acts with probability ``(c/b)^{n/(n-1)}``, which
rises with ``n`` (diffusion of responsibility).

References
----------
Olson, M. & Zeckhauser, R. (1966). An economic theory of alliances. *Review of Economics
and Statistics* 48(3), 266-279.
Bergstrom, T., Blume, L. & Varian, H. (1986). On the private provision of public goods.
*Journal of Public Economics* 29, 25-49.
Diekmann, A. (1985). Volunteer's dilemma. *Journal of Conflict Resolution* 29(4), 605-610.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..numbers import as_sympy
from .conditions_explain import (
    atom,
    holds,
    now,
    parameter_ranges,
    regions_text,
    show,
    spec_context,
    spec_expr,
    symbol_values,
    tidy,
)

__all__ = ["explain_public_goods", "explain_volunteers_dilemma"]


def _ally_expr(game: Any, k: int, key: str, numeric: Any) -> Any:
    """The spec's expression of ally ``k``'s ``key`` if it uses parameters only."""
    ctx = spec_context(game)
    if ctx is not None:
        allies = ctx.get(("allies",)) or []
        if isinstance(allies, list) and k < len(allies) and isinstance(allies[k], dict) \
                and key in allies[k]:
            e = spec_expr(game, ("allies", k, key))
        elif key == "valuation" and "valuation" in ctx.data:
            e = spec_expr(game, ("valuation",))
        else:
            e = None
        if e is not None:
            return e
    return as_sympy(numeric)


def _v(expr: Any, values: dict[Any, Any]) -> str:
    v = now(expr, values)
    if v.is_number and not v.is_Rational:
        return f"{float(v):.6g}"
    return f"{v}" + (f" ≈ {float(v):.4g}" if v.is_number and not v.is_Integer else "")


def explain_public_goods(game: Any) -> str:
    """The text of ``alliance-games explain`` for a public-goods game."""
    values = symbol_values(game.parameters)
    names = list(game.players)
    a = [_ally_expr(game, k, "valuation", v) for k, v in enumerate(game.valuations)]
    w = [_ally_expr(game, k, "income", v) for k, v in enumerate(game.incomes)]
    lines = [f"{game.name}: Nash, Samuelson and Lindahl provision in the parameters "
             f"(public goods, {game.utility})", ""]
    if game.parameters:
        lines.append("Parameters now: " + ", ".join(
            f"{k} = {v}" for k, v in game.parameters.items()))
    lines.append("Allies (income w, valuation a): " + "; ".join(
        f"{n} ({tidy(wi)}, {tidy(ai)})" for n, wi, ai in zip(names, w, a, strict=True)))
    lines.append("")
    ranges = parameter_ranges(game)
    if game.utility in ("quasi_linear_log", "quasi_linear_power"):
        lines += _quasi_linear(game, names, a, w, values, ranges)
    elif game.utility == "cobb_douglas":
        lines += _cobb_douglas(names, a, w, values, ranges)
    else:
        lines.append("The isoelastic form has no closed-form Nash or Samuelson total; solve "
                     "gives the numerical equilibrium (KKT-certified).")
    return "\n".join(lines) + "\n"


def _quasi_linear(game: Any, names: list[str], a: list[Any], w: list[Any],
                  values: dict[Any, Any], ranges: dict[str, Any]) -> list[str]:
    if game.utility == "quasi_linear_power":
        beta = spec_expr(game, ("exponent",))
        beta = beta if beta is not None else as_sympy(game.exponent)
        ideal = [ai ** (1 / (1 - beta)) for ai in a]
        form = f"a_i^(1/(1-b)), b = {beta}"
        total = sympy.Add(*a) ** (1 / (1 - beta))
    else:
        ideal = list(a)
        form = "a_i"
        total = sympy.Add(*a)
    top = max(range(len(a)), key=lambda k: float(now(a[k], values)))
    out = [f"Each ally alone would buy X_i = {form} (marginal benefit = marginal cost 1)."]
    out.append(f"Nash: X_N = max_i X_i = {tidy(ideal[top])} (now {_v(ideal[top], values)}), "
               f"paid by {names[top]}, the ally with the highest valuation "
               f"(interior while its income {tidy(w[top])} covers it: "
               f"{holds(atom(w[top] - ideal[top]), values)} now).")
    out.append(f"Samuelson (sum of marginal benefits = marginal cost): X_S = "
               f"{tidy(total)} (now {_v(total, values)}).")
    out.append(f"Lindahl: X_L = X_S = {tidy(total)} at prices t_i = a_i / sum(a): " + ", ".join(
        f"{n} {_v(ai / sympy.Add(*a), values)}" for n, ai in zip(names, a, strict=True)) + ".")
    out.append("")
    out.append("Who free-rides (contributes nothing in the Nash equilibrium):")
    shown: set[str] = set()
    for k, n in enumerate(names):
        if k == top:
            continue
        cond = atom(a[top] - a[k], strict=True)
        key = show(cond)
        line = f"- {n}: free-rides iff {key}   [{holds(cond, values)} now]"
        out.append(line)
        if key not in shown:
            out.extend(regions_text(cond, values, ranges=ranges))
            shown.add(key)
    return out


def _cobb_douglas(names: list[str], alpha: list[Any], w: list[Any],
                  values: dict[Any, Any], ranges: dict[str, Any]) -> list[str]:
    k = [(1 - al) / al for al in alpha]
    num = [(float(now(wi, values)), float(now(ki, values))) for wi, ki in zip(w, k, strict=True)]
    order = sorted(range(len(w)), key=lambda j: -num[j][0] / num[j][1])
    contributors: list[int] = []
    for j in order:
        trial = contributors + [j]
        x = sum(num[i][0] for i in trial) / (1 + sum(num[i][1] for i in trial))
        if num[j][0] > num[j][1] * x or not contributors:
            contributors = trial
        else:
            break
    X = sympy.Add(*(w[i] for i in contributors)) / (1 + sympy.Add(*(k[i] for i in contributors)))
    lindahl = sympy.Add(*(al * wi for al, wi in zip(alpha, w, strict=True)))
    out = ["k_i = (1 - alpha_i)/alpha_i; ally i contributes iff w_i > k_i X_N."]
    out.append(f"Nash with contributors {', '.join(names[i] for i in contributors)}: "
               f"X_N = sum_C w_i / (1 + sum_C k_i) = {tidy(X)} (now {_v(X, values)}).")
    out.append(f"Lindahl: X_L = sum alpha_i w_i = {tidy(lindahl)} (now {_v(lindahl, values)}), "
               "prices t_i = alpha_i w_i / X_L: " + ", ".join(
                   f"{n} {_v(al * wi / lindahl, values)}"
                   for n, al, wi in zip(names, alpha, w, strict=True)) + ".")
    out.append("The Lindahl allocation is Pareto efficient (Samuelson's condition holds), "
               "so X_L is the Samuelson level at these shares.")
    out.append("")
    out.append("Who free-rides (the contributor set stays the same while):")
    for j, n in enumerate(names):
        if j in contributors:
            cond = atom(sympy.together(w[j] - k[j] * X) * _den(k[j] * X), strict=True)
            verb = "contributes"
        else:
            cond = atom(sympy.together(k[j] * X - w[j]) * _den(k[j] * X))
            verb = "free-rides"
        out.append(f"- {n} {verb} iff {show(cond)}   [{holds(cond, values)} now]")
        out.extend(regions_text(cond, values, ranges=ranges))
    return out


def _den(expr: Any) -> Any:
    """A positive denominator to clear (valuations in (0, 1), incomes positive)."""
    return sympy.fraction(sympy.together(expr))[1]


def explain_volunteers_dilemma(game: Any) -> str:
    """The text of ``alliance-games explain`` for a volunteer's dilemma."""
    values = symbol_values(game.parameters)
    facts = game.info.get("volunteers_dilemma") or {}
    b = spec_expr(game, ("benefit",))
    c = spec_expr(game, ("cost",))
    b = b if b is not None else as_sympy(facts.get("benefit"))
    c = c if c is not None else as_sympy(facts.get("cost"))
    n = sympy.Symbol("n_allies") if "n_allies" in game.parameters else \
        sympy.Integer(game.n_players)
    p = 1 - (c / b) ** (1 / (n - 1))
    none = (c / b) ** (n / (n - 1))
    lines = [f"{game.name}: the volunteer's dilemma in the parameters (Diekmann 1985)", ""]
    lines.append("Parameters now: " + ", ".join(f"{k} = {v}" for k, v in game.parameters.items()))
    lines.append(f"n = {n} allies, benefit b = {tidy(b)}, cost c = {tidy(c)}.")
    cond = sympy.And(atom(b - c, strict=True), atom(c, strict=True))
    lines.append(f"The dilemma needs 0 < c < b: {show(cond)}   [{holds(cond, values)} now]")
    lines.append("")
    lines.append(f"Pure equilibria: exactly one ally volunteers and the others abstain "
                 f"({game.n_players} of them, one per volunteer); each exists iff b >= c.")
    lines.append(f"Symmetric mixed equilibrium: each volunteers with p = 1 - (c/b)^(1/(n-1)) = "
                 f"{p}   [now {_v(p, values)}]")
    lines.append(f"  nobody acts with probability (c/b)^(n/(n-1)) = {none}   "
                 f"[now {_v(none, values)}]")
    table = []
    bc = now(c / b, values)
    if bc.is_number:
        for m in range(2, 7):
            table.append(f"n={m}: {float(bc) ** (m / (m - 1)):.4g}")
        lines.append("  P(nobody acts) by alliance size at the current c/b: " + ", ".join(table)
                     + " (rises with n: diffusion of responsibility).")
    return "\n".join(lines) + "\n"
