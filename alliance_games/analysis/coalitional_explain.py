"""``alliance-games explain`` for weighted voting games: veto, dictator and dummy conditions.

For a weighted game ``[q; w_1..w_n]`` with total weight ``W`` (weights and quota are the
spec's expressions in its parameters):

- player ``i`` is a **veto player** iff the others cannot win without it:
  ``W - w_i < q``; the core is non-empty iff some player is a veto player (for a simple
  game the core is the set of divisions among the veto players);
- player ``i`` is a **dictator** iff ``w_i >= q`` and ``W - w_i < q``;
- the game is **proper** (two disjoint coalitions cannot both win) iff ``q > W / 2``.

Whether a player is a dummy (never pivotal) depends on the whole weight vector, not on
one inequality; the solver reports it, explain does not derive it.

References
----------
Shapley, L. S. & Shubik, M. (1954). *American Political Science Review* 48(3), 787-792.
Peleg, B. & Sudhölter, P. (2007). *Introduction to the Theory of Cooperative Games*.
Springer, ch. 2 (simple games; the core of a simple game).
"""

from __future__ import annotations

from typing import Any

import sympy

from ..errors import SolverError
from ..games.coalitional import CoalitionalGame
from ..numbers import as_sympy
from .signaling_explain import bounded_simplify

__all__ = ["explain_coalitional", "veto_conditions"]


def veto_conditions(game: CoalitionalGame) -> list[tuple[str, Any, Any]]:
    """``(player, veto condition, dictator condition)`` as sympy relations."""
    symbolic = game.info.get("symbolic") or {}
    weights = symbolic.get("weights") or [as_sympy(w) for w in game.weights or ()]
    quota = symbolic.get("quota", as_sympy(game.quota) if game.quota is not None else None)
    if not weights or quota is None:
        raise SolverError("explain needs a weighted voting game (weights and a quota)")
    total = sum(weights, sympy.Integer(0))
    out = []
    for p, w in zip(game.players, weights, strict=True):
        veto = sympy.Lt(bounded_simplify(total - w), quota)
        out.append((p, veto, sympy.And(sympy.Ge(w, quota), veto)))
    return out


def _now(relation: Any, values: dict[Any, Any]) -> str:
    truth = relation.xreplace(values)
    verdict = "holds" if truth in (sympy.true, True) else \
        "fails" if truth in (sympy.false, False) else "?"
    if isinstance(relation, sympy.core.relational.Relational):
        lhs, rhs = relation.lhs.xreplace(values), relation.rhs.xreplace(values)
        if lhs.is_number and rhs.is_number:
            return f"{verdict} now: {lhs} {relation.rel_op} {rhs}"
    return f"{verdict} now"


def explain_coalitional(game: Any) -> str:
    """Veto, dictator and properness conditions of a weighted game, as text."""
    if not isinstance(game, CoalitionalGame):
        raise SolverError("explain for the coalitional family needs a coalitional game")
    if game.weights is None:
        return (f"{game.name}: a characteristic-function game. Its figures (Shapley value, "
                "core) depend on the whole table of coalition values, not on a few "
                "inequalities; solve it to see them.\n")
    values = {sympy.Symbol(k): as_sympy(v) for k, v in game.parameters.items()}
    symbolic = game.info.get("symbolic") or {}
    quota = symbolic.get("quota", as_sympy(game.quota))
    weights = symbolic.get("weights") or [as_sympy(w) for w in game.weights]
    total = bounded_simplify(sum(weights, sympy.Integer(0)))
    lines = [f"{game.name}: weighted voting game (coalitional family)", "",
             f"Quota q = {quota}; total weight W = {total}",
             "Parameters now: " + ", ".join(f"{k} = {v}" for k, v in game.parameters.items()),
             ""]
    seen: set[str] = set()
    for p, veto, dictator in veto_conditions(game):
        key = f"{veto}|{dictator}"
        if key in seen and len(game.players) > 6:
            continue  # players with the same weight expression read once
        seen.add(key)
        lines.append(f"- {p} is a veto player iff {veto}   [{_now(veto, values)}]; "
                     f"a dictator iff {dictator}   [{_now(dictator, values)}]")
    proper = sympy.Gt(quota, total / 2)
    lines += ["", f"- proper (no two disjoint winning coalitions) iff {proper}   "
                  f"[{_now(proper, values)}]",
              "- the core is non-empty iff some player is a veto player (Peleg & "
              "Sudhölter 2007); then it holds the divisions among the veto players.",
              "- dummies and power indices depend on the whole weight vector: see solve."]
    return "\n".join(lines) + "\n"
