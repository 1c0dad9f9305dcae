"""``explain`` for the ``trust`` family: Kydd's trust threshold and the reassurance interval.

The conditions are those derived in :mod:`alliance_games.interpretation.trust`, with
the payoffs and priors as the spec's expressions:

- trust threshold ``q* = (P_t - S_t)/((R_t - T_t) + (P_t - S_t))``;
- trust (trustworthy types cooperate) iff ``p_A >= q*`` and ``p_B >= q*``; otherwise the
  spiral (mutual defection) is the only equilibrium;
- the gesture separates iff ``p_B >= q*`` and
  ``p_B (T_u - P_u) <= k <= p_B R_t + (1 - p_B) S_t - P_t``.

Each is printed, decided at the current values, and solved for each parameter with the
others held at their current values; the current region is named.

References
----------
Kydd, A. (2000). Trust, reassurance, and cooperation. *International Organization*
54(2), 325-357.
Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton
University Press.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..errors import SolverError
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

__all__ = ["explain_trust", "trust_formulas"]


def _expr(game: Any, path: tuple[Any, ...], fallback: Any) -> Any:
    e = spec_expr(game, path)
    return e if e is not None else as_sympy(fallback)


def trust_formulas(game: Any) -> dict[str, Any]:
    """``q_star``, the priors, the ``trust`` and (with a gesture) ``separating``
    conditions and the interval ``lower``/``upper`` as sympy objects."""
    model = game.info.get("trust")
    if not model:
        raise SolverError("explain needs a game compiled from a 'trust' spec")
    t = {k: _expr(game, ("trustworthy", k), model["payoffs"]["Trustworthy"][k]) for k in "TRPS"}
    u = {k: _expr(game, ("untrustworthy", k), model["payoffs"]["Untrustworthy"][k])
         for k in "TRPS"}
    pa = _expr(game, ("prior_trustworthy",), model["prior_a"])
    pb = spec_expr(game, ("prior_b_trustworthy",))
    if pb is None:
        pb = pa if model["prior_b"] == model["prior_a"] else as_sympy(model["prior_b"])
    q = (t["P"] - t["S"]) / ((t["R"] - t["T"]) + (t["P"] - t["S"]))
    out: dict[str, Any] = {"t": t, "u": u, "prior_a": pa, "prior_b": pb, "q_star": q}
    # clear the positive denominator (R-T) + (P-S) of q*: p >= q*  <=>  p (den) >= num
    den = (t["R"] - t["T"]) + (t["P"] - t["S"])
    num = t["P"] - t["S"]
    out["trust_a"] = atom(pa * den - num)
    out["trust_b"] = atom(pb * den - num)
    out["trust"] = sympy.And(out["trust_a"], out["trust_b"])
    if model.get("gesture"):
        k = _expr(game, ("reassurance", "cost"), model["cost"])
        lower = pb * (u["T"] - u["P"])
        upper = pb * t["R"] + (1 - pb) * t["S"] - t["P"]
        out.update({"cost": k, "lower": lower, "upper": upper,
                    "separating": sympy.And(out["trust_b"], atom(k - lower),
                                            atom(upper - k))})
    return out


def explain_trust(game: Any) -> str:
    """The text of ``alliance-games explain`` for a trust game."""
    values = symbol_values(game.parameters)
    ranges = parameter_ranges(game)
    f = trust_formulas(game)
    A, B = game.info["trust"]["players"]
    t = f["t"]
    lines = [f"{game.name}: trust, spiral and reassurance in the parameters (trust family, "
             "Kydd)", ""]
    lines.append("Parameters now: " + ", ".join(f"{k} = {v}" for k, v in game.parameters.items()))
    lines.append("Trustworthy payoffs: " + ", ".join(f"{k} = {tidy(t[k])}" for k in "TRPS")
                 + "; untrustworthy: " + ", ".join(f"{k} = {tidy(f['u'][k])}" for k in "TRPS"))
    lines.append("Untrustworthy states always defect (T > R and P > S: defection dominates).")
    lines.append("")
    lines.append("Trust threshold: a trustworthy state cooperates iff P(other cooperates) >= "
                 f"q* = (P-S)/((R-T)+(P-S)) = {tidy(f['q_star'])}   "
                 f"[now {now_text(f['q_star'], values)}]")
    state = holds(f["trust"], values)
    lines.append(f"- Trust sustains cooperation (trustworthy types cooperate) iff "
                 f"P({B} trusts {A}) {f['prior_a']} >= q* and P({A} trusts {B}) "
                 f"{f['prior_b']} >= q*: {show(f['trust'])}   [{state} now]")
    lines.extend(regions_text(f["trust"], values, ranges=ranges))
    only = "the only one" if state == "fails" else "one of several"
    lines.append("- The spiral (mutual defection) is always an equilibrium, and the only one "
                 f"when the condition above fails   [{only} now]")
    region = "trust" if state == "holds" else "spiral"
    if "separating" in f:
        sep = holds(f["separating"], values)
        lines.append("")
        lines.append(f"Reassurance: {A} may pay k = {tidy(f['cost'])} for a gesture {B} sees.")
        lines.append(f"- It separates the types (only a trustworthy {A} gestures; {B} then "
                     "cooperates) iff p_B (T_u - P_u) <= k <= p_B R_t + (1-p_B) S_t - P_t "
                     f"and p_B >= q*: {tidy(f['lower'])} <= {tidy(f['cost'])} <= "
                     f"{tidy(f['upper'])}   [interval now [{now_text(f['lower'], values)}, "
                     f"{now_text(f['upper'], values)}]; {sep} now]")
        lines.extend(regions_text(f["separating"], values, ranges=ranges))
        lines.append("- Pooling on no gesture (the trust or spiral outcome above) is also an "
                     "equilibrium, held up by suspicion of a gesture.")
        if sep == "holds":
            region = "reassurance (separating)" + (" or trust" if state == "holds" else
                                                   "; the spiral without the gesture")
    lines.append("")
    lines.append(f"Current region: {region}.")
    return "\n".join(lines) + "\n"
