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


def _table_lines(table: Any, indent: str = "  ") -> list[str]:
    header = list(table.header)
    rows = [[c.text for c in r] for r in table.rows]
    widths = [max(len(str(x[i])) if i < len(x) else 0 for x in [header, *rows])
              for i in range(len(header))]
    line = lambda r: indent + "  ".join(  # noqa: E731
        str(c).rjust(w) if i and getattr(table.rows[0][i], "numeric", False) else
        str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False))).rstrip()
    out = [f"{indent}{table.caption}:"] if table.caption else []
    if table.kind != "keyvalue":
        out += [line(header), indent + "  ".join("-" * w for w in widths)]
    return out + [line(r) for r in rows]


def nested_analysis_text(result: SolveResult) -> list[str]:
    """The nested analysis entries that :func:`analysis_lines` leaves out (per-ally
    tables, maps of maps), as aligned text tables from the report model."""
    nested = {k: v for k, v in result.extra.items()
              if k not in TECHNICAL_KEYS and not _is_flat(v)}
    if not nested:
        return []
    from .model import Section, Table, analysis_blocks  # only for nested entries

    out: list[str] = []
    stack: list[Any] = list(reversed(analysis_blocks(
        nested, [str(p) for p in getattr(result.game, "players", ())])))
    while stack:
        block = stack.pop()
        if isinstance(block, Table):
            out += [""] + _table_lines(block)
        elif isinstance(block, Section):
            out += ["", f"  {block.heading}:"]
            stack.extend(reversed(block.blocks))
    return out


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
    tables = nested_analysis_text(result)
    if extra or tables:
        out += ["", "Analysis:"] + extra + tables
    out += ["", "Predictions:"] + [f"  - {line}" for line in predictions(result)]
    if result.diagnostics:
        out += ["", "Diagnostics:"] + [f"  - {d}" for d in result.diagnostics]
    from .escape import terminal_safe

    return terminal_safe("\n".join(out) + "\n")
