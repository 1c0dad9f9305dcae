"""``alliance-games explain``: the parameter conditions under which each equilibrium exists.

For the ``security_dilemma`` family the conditions are those of a symmetric 2x2 game
with cooperate (C) and defect (D) and payoffs T, R, P, S (each an expression in the
spec's parameters):

- (C, C) is an equilibrium iff R >= T;
- (D, D) is an equilibrium iff P >= S;
- (C, D) and (D, C) are equilibria iff T >= R and S >= P;
- a completely mixed equilibrium exists iff (R - T)(P - S) > 0, and then each side
  cooperates with probability p* = (P - S) / ((R - T) + (P - S)).

The inequalities are simplified by sympy in the parameters and evaluated at the current
values. Other families register their own explainer in :data:`EXPLAINERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from ..errors import SolverError
from ..games.normal import NormalFormGame
from ..numbers import as_sympy
from .alliance_explain import (
    explain_autonomy_security,
    explain_chain_ganging,
    explain_joint_products,
)
from .bargaining_explain import explain_bargaining
from .coalitional_explain import explain_coalitional
from .conditions_explain import parameter_ranges, regions_text, show, symbol_values, tidy
from .crisis_explain import explain_crisis
from .dynamics_explain import explain_dynamics
from .extensive_explain import explain_extensive
from .normal_explain import explain_normal
from .public_goods_explain import explain_public_goods, explain_volunteers_dilemma
from .repeated_explain import explain_repeated
from .reputation_explain import explain_reputation
from .signaling_explain import bounded_simplify, explain_signaling
from .trust_explain import explain_trust

__all__ = ["explain", "security_dilemma_conditions", "EXPLAINERS"]


def _symbolic_trps(game: NormalFormGame) -> dict[str, Any]:
    """T, R, P, S as sympy expressions in the parameters.

    The compiler keeps them as sympy objects (``info["symbolic_payoffs"]``); they are
    used as they are, never printed and parsed again: sympy's printed forms (``Max``,
    ``Piecewise``, ``Mod``) are not spec language. A game without them (built from
    numbers) falls back to its numeric T, R, P, S.
    """
    symbolic = game.info.get("symbolic_payoffs") or {}
    numeric = game.info.get("TRPS") or {}
    out: dict[str, Any] = {}
    for key in ("T", "R", "P", "S"):
        value = symbolic.get(key, numeric.get(key))
        if value is None:
            raise SolverError(f"explain needs the payoff {key} of this security_dilemma game")
        out[key] = value if isinstance(value, sympy.Basic) else as_sympy(value)
    return out


def security_dilemma_conditions(game: NormalFormGame) -> list[tuple[str, Any, Any]]:
    """(equilibrium, condition, extra) triples as sympy relations in the parameters."""
    s = _symbolic_trps(game)
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    coop, defect = game.info.get("cooperate", "C"), game.info.get("defect", "D")
    # cancel, not simplify: simplify's relational and piecewise passes took seconds per
    # model, and the conditions are already in the payoffs' own terms
    p_star = _cancel((P - S) / ((R - T) + (P - S)))
    return [
        (f"mutual {coop} ({coop}, {coop})", sympy.Ge(R, T), None),
        (f"mutual {defect} ({defect}, {defect})", sympy.Ge(P, S), None),
        (f"one side {defect}, the other {coop} (asymmetric pair)",
         sympy.And(sympy.Ge(T, R), sympy.Ge(S, P)), None),
        ("completely mixed", sympy.Gt(_cancel((R - T) * (P - S)), 0),
         ("P(" + coop + ") = ", p_star)),
    ]


def _cancel(expr: Any) -> Any:
    """``expr`` over one denominator in lowest terms (expanded if piecewise)."""
    if expr.has(sympy.Piecewise, sympy.Min, sympy.Max, sympy.Mod, sympy.Abs):
        return bounded_simplify(expr)
    return sympy.factor(sympy.cancel(expr))


def _holds(condition: Any, values: dict[str, Any]) -> str:
    subs = {sympy.Symbol(k): sympy.nsimplify(v) if not isinstance(v, float) else v
            for k, v in values.items()}
    try:
        truth = condition.xreplace(subs)
        truth = sympy.simplify(truth)
    except (TypeError, ValueError):
        return "?"
    if truth in (sympy.true, True):
        return "holds"
    if truth in (sympy.false, False):
        return "fails"
    return "?"


def _explain_security_dilemma(game: NormalFormGame) -> str:
    values = dict(game.parameters)
    lines = [f"{game.name}: conditions for each equilibrium (security_dilemma family)", ""]
    s = _symbolic_trps(game)
    lines.append("Payoffs: " + ", ".join(f"{k} = {v}" for k, v in s.items()))
    lines.append("Parameters now: " + ", ".join(f"{k} = {v}" for k, v in values.items()))
    lines.append("")
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    ranges = parameter_ranges(game)
    symbols = symbol_values(game.parameters)
    for label, condition, extra in security_dilemma_conditions(game):
        if extra is not None:  # the mixed equilibrium: (R - T)(P - S) > 0, factors kept
            text = f"({tidy(R - T)})*({tidy(P - S)}) > 0"
        else:
            text = show(condition)
        lines.append(f"- {label}: exists iff {text}   [{_holds(condition, values)} now]")
        if extra is not None:
            lines.append(f"    {extra[0]}{tidy(extra[1])}")
        if not condition.has(sympy.Piecewise, sympy.Min, sympy.Max, sympy.Mod, sympy.Abs):
            lines.extend(regions_text(condition, symbols, ranges=ranges))
    lines.append("")
    lines.append("Game names by ordering: prisoner's dilemma T > R > P > S; stag hunt "
                 "R > T > P > S; chicken T > R > S > P; deadlock T > P > R > S; harmony "
                 "R > T and S > P.")
    return "\n".join(lines) + "\n"


EXPLAINERS: dict[str, Callable[[Any], str]] = {
    "security_dilemma": _explain_security_dilemma,
    "signaling": explain_signaling,
    "crisis_bargaining": explain_crisis,
    "reputation": explain_reputation,
    "chain_store": explain_reputation,
    "repeated": explain_repeated,
    "normal": explain_normal,
    "extensive": explain_extensive,
    "bargaining": explain_bargaining,
    "public_goods": explain_public_goods,
    "volunteers_dilemma": explain_volunteers_dilemma,
    "trust": explain_trust,
    "coalitional": explain_coalitional,
    "dynamics": explain_dynamics,
    "joint_products": explain_joint_products,
    "autonomy_security": explain_autonomy_security,
    "chain_ganging": explain_chain_ganging,
    "alliance_dilemma": _explain_security_dilemma,
}


def explain(game: Any) -> str:
    """The symbolic equilibrium conditions of ``game``'s family, as text."""
    kind = (getattr(game, "info", {}) or {}).get("kind")
    explainer = EXPLAINERS.get(str(kind))
    if explainer is None and kind is None:
        # a game read from a Gambit file or built in Python: explain its form
        explainer = EXPLAINERS["extensive"] if hasattr(game, "nodes") else (
            EXPLAINERS["normal"] if hasattr(game, "shape") else None)
    if explainer is None:
        known = ", ".join(sorted(EXPLAINERS))
        raise SolverError(f"explain supports the families {known}; this game is {kind!r}")
    return explainer(game)
