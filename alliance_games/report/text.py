"""Plain-text rendering of a solve result: what a terminal user reads."""

from __future__ import annotations

from typing import Any

from ..equilibrium import Equilibrium, SolveResult
from ..games.normal import NormalFormGame
from ..games.payoff_table import payoff_table_text
from ..interpretation.outcomes import predictions
from ..numbers import format_number

__all__ = ["render_text", "equilibrium_lines", "analysis_lines"]


def _dist(dist: Any) -> str:
    used = [(k, p) for k, p in dist.items() if p != 0]
    if len(used) == 1 and used[0][1] == 1:
        return str(used[0][0])
    return ", ".join(f"{k} {format_number(p)}" for k, p in used)


def equilibrium_lines(eq: Equilibrium, index: int) -> list[str]:
    """The lines describing one equilibrium."""
    kind = "pure" if eq.pure else "mixed"
    # an axiomatic solution (Nash 1950) is no equilibrium: no one deviates from anything
    axiomatic = eq.concept == "nash bargaining solution"
    lines = [f"Solution {index} (Nash bargaining solution: an axiomatic division, not an "
             "equilibrium of a game)" if axiomatic
             else f"Equilibrium {index} ({eq.concept}, {kind})"]
    if eq.strategies is not None:
        for player, dist in eq.strategies.items():
            lines.append(f"  {player}: {_dist(dist)}")
    if eq.behavior is not None:
        for player, infosets in eq.behavior.items():
            for infoset, dist in infosets.items():
                lines.append(f"  {player} at {infoset}: {_dist(dist)}")
    if eq.beliefs:
        for player, infosets in eq.beliefs.items():
            for infoset, dist in infosets.items():
                lines.append(f"  belief of {player} at {infoset}: {_dist(dist)}")
    lines.append("  payoffs: " + ", ".join(
        f"{p} {format_number(v)}" for p, v in eq.payoffs.items()))
    if eq.outcomes:
        lines.append("  outcomes: " + ", ".join(
            f"{label} {format_number(p)}" for label, p in eq.outcomes.items()))
    if not axiomatic:
        lines.append(f"  regret: {format_number(eq.regret)}"
                     + ("  (verified exactly)" if eq.exact else ""))
    for note in eq.notes:
        lines.append(f"  note: {note}")
    for key, value in eq.extra.items():
        if value in (None, "", (), [], {}) or (hasattr(value, "items") and not len(value)):
            continue
        lines.append(f"  {key.replace('_', ' ')}: {_short(value)}")
    return lines


def _short(value: Any) -> str:
    if isinstance(value, dict) or hasattr(value, "items"):
        return ", ".join(f"{k} {_short(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        if value and all(_is_number(v) and not isinstance(v, str) for v in value):
            return "[" + ", ".join(_short(v) for v in value) + "]"  # e.g. a belief range
        return "; ".join(_short(v) for v in value)
    if isinstance(value, str):
        return value
    try:
        return format_number(value)
    except (TypeError, ValueError):
        return str(value)


#: ``SolveResult.extra`` keys that hold solver internals: shown in JSON only
TECHNICAL_KEYS = frozenset({"predictions", "stats", "degenerate", "n_vertices", "n_bases",
                            "maximal_nash_subsets", "exact_arithmetic", "seconds"})


def _is_flat(value: Any) -> bool:
    """A scalar, or a short list / mapping of scalars: readable on one line."""
    scalar = (str, int, float, bool, type(None))
    if isinstance(value, list | tuple):
        return len(value) <= 12 and all(isinstance(v, scalar) or _is_number(v) for v in value)
    if hasattr(value, "items"):
        return len(value) <= 12 and all(
            isinstance(v, scalar) or _is_number(v) for v in value.values())
    return True


def _is_number(value: Any) -> bool:
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def analysis_lines(result: SolveResult) -> list[str]:
    """Readable ``extra`` entries (nested tables are left to the JSON output)."""
    lines = []
    for key, value in result.extra.items():
        if key in TECHNICAL_KEYS or not _is_flat(value) or value in (None, "", (), [], {}):
            continue
        lines.append(f"  {key.replace('_', ' ')}: {_short(value)}")
    return lines


def render_text(result: SolveResult) -> str:
    """The full text report of a solve result."""
    game = result.game
    out = [f"Game: {getattr(game, 'name', '')}"]
    info = getattr(game, "info", {}) or {}
    if info.get("classification"):
        c = info["classification"]
        out.append(f"Type: {c['name']} ({c['ordering']})")
    params = getattr(game, "parameters", {}) or {}
    if params:
        out.append("Parameters: " + ", ".join(f"{k}={format_number(v)}"
                                              for k, v in params.items()))
    if isinstance(game, NormalFormGame) and game.payoffs.size <= 400:
        out += ["", payoff_table_text(game)]
    flag = "complete" if result.complete else "possibly incomplete"
    exact = ", exact" if result.exact else ""
    noun = ("solution" if all(eq.concept == "nash bargaining solution"
                              for eq in result.equilibria) and result.equilibria
            else "equilibrium" if len(result.equilibria) == 1 else "equilibria")
    out += ["", f"Method: {result.method} ({flag}{exact}); {len(result.equilibria)} {noun}", ""]
    for k, eq in enumerate(result.equilibria, 1):
        out += equilibrium_lines(eq, k)
    if result.components:
        out.append("")
        for c, members in enumerate(result.components, 1):
            if len(members) > 1:
                out.append(f"Component {c}: equilibria {', '.join(str(m + 1) for m in members)}"
                           " and the segments between them")
    extra = analysis_lines(result)
    if extra:
        out += ["", "Analysis:"] + extra
    out += ["", "Predictions:"] + [f"  - {line}" for line in predictions(result)]
    if result.diagnostics:
        out += ["", "Diagnostics:"] + [f"  - {d}" for d in result.diagnostics]
    from .escape import terminal_safe

    return terminal_safe("\n".join(out) + "\n")
