"""``explain`` for the ``bargaining`` family: the Nash and Rubinstein shares as formulas.

With benefits ``b_i`` and cost ``C`` the surplus is ``S = Σ b_i - C`` (else the spec's
``surplus``); ``d_i`` are the disagreement (no-alliance) payoffs and ``G = S - Σ d_i``
the gains from agreement.

* Nash bargaining (Nash 1950), weights ``w_i``: ``u_i = d_i + w_i/Σw · G``; an agreement
  exists iff ``G >= 0``; cost share ``c_i = b_i - u_i``.
* Rubinstein (1982), two allies, proposer ``p`` with discount factor ``δ_p``, responder
  ``q``: the proposer's share of the gains ``x_p = (1 - δ_q)/(1 - δ_p δ_q)``, the
  responder's ``δ_q (1 - δ_p)/(1 - δ_p δ_q)``; the proposer gets more than half iff
  ``1 - 2δ_q + δ_p δ_q > 0``; with equal patience ``δ`` the proposer's share is
  ``1/(1 + δ)``.

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..numbers import as_sympy
from .conditions_explain import (
    atom,
    holds,
    now_text,
    parameter_ranges,
    regions_text,
    show,
    spec_expr,
    symbol_values,
    tidy,
)

__all__ = ["explain_bargaining", "bargaining_formulas"]


def _vector(game: Any, key: str, numeric: Any) -> list[Any] | None:
    if numeric is None:
        return None
    out = []
    for k, v in enumerate(numeric):
        e = spec_expr(game, (key, k))
        out.append(e if e is not None else as_sympy(v))
    return out


def _scalar(game: Any, key: str, numeric: Any) -> Any:
    if numeric is None:
        return None
    e = spec_expr(game, (key,))
    return e if e is not None else as_sympy(numeric)


def bargaining_formulas(game: Any) -> dict[str, Any]:
    """Surplus, gains, Nash payoffs and (two allies with discount factors) Rubinstein
    shares and payoffs, as sympy expressions in the spec's parameters."""
    benefits = _vector(game, "benefits", game.benefits)
    cost = _scalar(game, "cost", game.cost)
    d = _vector(game, "disagreement", game.disagreement)
    assert d is not None
    if benefits is not None and cost is not None:
        surplus = sympy.Add(*benefits) - cost
    else:
        surplus = _scalar(game, "surplus", game.surplus)
    w = _vector(game, "weights", game.weights) or [sympy.Integer(1)] * len(d)
    gains = surplus - sympy.Add(*d)
    nash = [sympy.factor(d[i] + w[i] / sympy.Add(*w) * gains) for i in range(len(d))]
    out: dict[str, Any] = {"surplus": surplus, "gains": gains, "disagreement": d,
                           "nash": nash, "benefits": benefits}
    deltas = _vector(game, "discount_factors", game.discount_factors)
    if deltas is not None and len(d) == 2:
        p = game.proposer
        q = 1 - p
        dp, dq = deltas[p], deltas[q]
        x_p = (1 - dq) / (1 - dp * dq)
        x_q = dq * (1 - dp) / (1 - dp * dq)
        shares = [sympy.Integer(0)] * 2
        shares[p], shares[q] = x_p, x_q
        out.update({"deltas": deltas, "rubinstein_shares": shares,
                    "rubinstein": [d[i] + shares[i] * gains for i in range(2)],
                    "first_mover_half": atom(1 - 2 * dq + dp * dq, strict=True)})
    return out


def explain_bargaining(game: Any) -> str:
    """The text of ``alliance-games explain`` for a bargaining game."""
    values = symbol_values(game.parameters)
    ranges = parameter_ranges(game)
    f = bargaining_formulas(game)
    names = list(game.players)
    lines = [f"{game.name}: the bargaining solutions in the parameters (bargaining family)", ""]
    if game.parameters:
        lines.append("Parameters now: " + ", ".join(
            f"{k} = {v}" for k, v in game.parameters.items()))
    lines.append(f"Surplus S = {tidy(f['surplus'])} (now {now_text(f['surplus'], values)}); "
                 "disagreement payoffs " + ", ".join(
                     f"{n}: {e}" for n, e in zip(names, f["disagreement"], strict=True)))
    agree = atom(f["gains"])
    lines.append(f"Gains from agreement G = S - sum d = {tidy(f['gains'])}; an agreement "
                 f"exists iff {show(agree)}   [{holds(agree, values)} now]")
    lines.extend(regions_text(agree, values, ranges=ranges))
    lines.append("")
    lines.append("Nash bargaining solution (Nash 1950): u_i = d_i + w_i/sum(w) * G")
    for i, n in enumerate(names):
        line = f"  {n}: u = {tidy(f['nash'][i])}   [now {now_text(f['nash'][i], values)}]"
        if f["benefits"] is not None:
            share = sympy.factor(f["benefits"][i] - f["nash"][i])
            line += f"; cost share b - u = {tidy(share)} [now {now_text(share, values)}]"
        lines.append(line)
    if "rubinstein" in f:
        p = game.proposer
        lines.append("")
        lines.append(f"Rubinstein alternating offers (Rubinstein 1982), {names[p]} proposes "
                     "first; shares of the gains G:")
        lines.append(f"  proposer {names[p]}: (1 - d_q)/(1 - d_p d_q) with d_p = "
                     f"{f['deltas'][p]}, d_q = {f['deltas'][1 - p]}: "
                     f"{tidy(f['rubinstein_shares'][p])}   "
                     f"[now {now_text(f['rubinstein_shares'][p], values)}]")
        lines.append(f"  responder {names[1 - p]}: d_q (1 - d_p)/(1 - d_p d_q) = "
                     f"{tidy(f['rubinstein_shares'][1 - p])}   "
                     f"[now {now_text(f['rubinstein_shares'][1 - p], values)}]")
        for i, n in enumerate(names):
            line = f"  {n}: u = d + share * G   [now {now_text(f['rubinstein'][i], values)}]"
            if f["benefits"] is not None:
                line += (f"; cost share now "
                         f"{now_text(f['benefits'][i] - f['rubinstein'][i], values)}")
            lines.append(line)
        cond = f["first_mover_half"]
        lines.append(f"  the proposer gets more than half of G iff {show(cond)}   "
                     f"[{holds(cond, values)} now]; the more patient ally (higher d) gets "
                     "more; equal patience d gives the proposer 1/(1 + d).")
        lines.extend(regions_text(cond, values, ranges=ranges))
    return "\n".join(lines) + "\n"
