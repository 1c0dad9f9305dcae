"""``alliance-games explain`` for Richardson arms races: the stability condition in symbols.

With ``M = [[-a, k], [l, -b]]`` (Richardson 1960) the rest point is

.. math:: x^* = \\frac{b g + k h}{a b - k l}, \\qquad y^* = \\frac{a h + l g}{a b - k l},

and it is stable iff both eigenvalues of ``M`` are negative, i.e. its trace ``-(a + b)``
is negative and its determinant ``a b - k l`` positive. With non-negative coefficients
the trace condition holds whenever any fatigue is positive, so the condition is
``a b > k l``. Each coefficient is the spec's own expression in its parameters, so the
condition is printed in the parameters and evaluated at their current values.

References
----------
Richardson, L. F. (1960). *Arms and Insecurity*. Boxwood Press.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..errors import SolverError
from ..games.dynamics import RichardsonGame
from ..numbers import as_sympy
from .signaling_explain import bounded_simplify

__all__ = ["explain_dynamics", "richardson_conditions"]


def _coefficients(game: RichardsonGame) -> dict[str, Any]:
    symbolic = dict(game.info.get("symbolic_coefficients") or {})
    numeric = dict(zip("klabgh", (*game.reaction, *game.fatigue, *game.grievance),
                       strict=True))
    return {s: symbolic.get(s, as_sympy(numeric[s])) for s in "klabgh"}


def richardson_conditions(game: RichardsonGame) -> dict[str, Any]:
    """Symbolic ``determinant``, ``stable`` (a sympy relation), ``rest_point`` and
    ``eigenvalues`` in the spec's parameters."""
    c = _coefficients(game)
    k, el, a, b, g, h = (c[s] for s in "klabgh")
    det = bounded_simplify(a * b - k * el)
    root = sympy.sqrt((a - b) ** 2 + 4 * k * el)
    return {
        "determinant": det,
        "stable": sympy.Gt(a * b, k * el),
        "rest_point": (bounded_simplify((b * g + k * h) / det),
                       bounded_simplify((a * h + el * g) / det)),
        "eigenvalues": (bounded_simplify((-(a + b) + root) / 2),
                        bounded_simplify((-(a + b) - root) / 2)),
    }


def explain_dynamics(game: Any) -> str:
    """The stability condition and rest point of a Richardson arms race, as text."""
    if not isinstance(game, RichardsonGame):
        raise SolverError("explain for the dynamics family needs a Richardson arms race")
    x, y = game.players
    cond = richardson_conditions(game)
    values = {sympy.Symbol(k): as_sympy(v) for k, v in game.parameters.items()}
    now = "holds" if game.determinant > 0 else "fails"
    lines = [f"{game.name}: Richardson arms race (dynamics family)", "",
             "dx/dt = k y - a x + g,  dy/dt = el x - b y + h   (x: " + x + ", y: " + y + ")",
             "Coefficients: " + ", ".join(f"{s} = {v}" for s, v in
                                          _coefficients(game).items()),
             "Parameters now: " + ", ".join(f"{k} = {v}" for k, v in game.parameters.items()),
             "",
             f"- stable (every path converges to the rest point) iff a b > k l: "
             f"{cond['stable']}   [{now} now: {game.determinant} "
             f"{'>' if game.determinant > 0 else '<=' } 0]",
             f"- rest point: x* = {cond['rest_point'][0]}, y* = {cond['rest_point'][1]}"
             + ("" if game.determinant != 0 else "   (none now: a b = k el)"),
             f"- eigenvalues: {cond['eigenvalues'][0]}, {cond['eigenvalues'][1]} "
             "(real, since k el >= 0)",
             "- when a b < k el the rest point is a saddle: a start above its stable line "
             "runs away (armaments grow without bound), one below it falls toward zero."]
    det_now = cond["determinant"].xreplace(values)
    lines.append(f"- determinant a b - k l = {cond['determinant']} = {det_now} now")
    return "\n".join(lines) + "\n"
