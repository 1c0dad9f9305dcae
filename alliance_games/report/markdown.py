"""Markdown (and a small HTML fragment for notebooks) of a solve result."""

from __future__ import annotations

import html

from ..equilibrium import SolveResult
from ..games.normal import NormalFormGame
from ..games.payoff_table import payoff_table_html, payoff_table_markdown
from ..interpretation.outcomes import predictions
from ..numbers import format_number
from .escape import md_cell, md_prose, terminal_safe
from .text import _dist, analysis_lines

__all__ = ["render_markdown", "render_html_fragment"]


def _md(text: object) -> str:
    return md_cell(text)


def render_markdown(result: SolveResult) -> str:
    """A Markdown report: game, payoff table, equilibria table, predictions, notes."""
    game = result.game
    info = getattr(game, "info", {}) or {}
    out = [f"# {_md(getattr(game, 'name', 'Game'))}", ""]
    if info.get("description"):
        out += [md_prose(str(info["description"]).strip()), ""]
    if info.get("classification"):
        c = info["classification"]
        out += [f"**Type:** {_md(c['name'])} ({_md(c['ordering'])}): "
                f"{md_prose(c['reading'])}.", ""]
    params = getattr(game, "parameters", {}) or {}
    if params:
        out += ["| parameter | value | meaning |", "|---|---|---|"]
        descriptions = info.get("parameter_descriptions", {}) or {}
        out += [f"| `{k}` | {format_number(v)} | {_md(descriptions.get(k, ''))} |"
                for k, v in params.items()]
        out.append("")
    if isinstance(game, NormalFormGame):
        out += ["## Payoffs", "", payoff_table_markdown(game), ""]
    flag = "complete" if result.complete else "possibly incomplete"
    out += ["## Equilibria", "",
            f"Method `{result.method}` ({flag}{', certified exactly' if result.exact else ''}).",
            ""]
    players = list(getattr(game, "players", ()))
    if result.equilibria:
        header = ["#", *players, "payoffs", "outcomes", "regret"]
        out += ["| " + " | ".join(_md(h) for h in header) + " |", "|" + "---|" * len(header)]
        for k, eq in enumerate(result.equilibria, 1):
            cells = [str(k)]
            for p in players:
                if eq.strategies is not None:
                    cells.append(_dist(eq.strategies[p]))
                elif eq.behavior is not None:
                    cells.append("; ".join(f"{i}: {_dist(d)}"
                                           for i, d in eq.behavior.get(p, {}).items()))
                elif hasattr(eq.extra.get("contributions"), "get"):
                    cells.append(format_number(eq.extra["contributions"].get(p, "")))
                else:
                    cells.append("")
            cells.append(", ".join(f"{p} {format_number(v)}" for p, v in eq.payoffs.items()))
            cells.append(", ".join(f"{o} {format_number(v)}" for o, v in eq.outcomes.items()))
            cells.append("n/a (axiomatic solution)" if eq.concept == "nash bargaining solution"
                         else format_number(eq.regret))
            out.append("| " + " | ".join(_md(c) for c in cells) + " |")
        out.append("")
        beliefs = [(k, eq) for k, eq in enumerate(result.equilibria, 1) if eq.beliefs]
        for k, eq in beliefs:
            out.append(f"Beliefs in equilibrium {k}: " + "; ".join(
                f"{_md(p)} at {_md(i)}: {_md(_dist(d))}" for p, infos in (eq.beliefs or {}).items()
                for i, d in infos.items()))
        if beliefs:
            out.append("")
    extra = analysis_lines(result)
    if extra:
        out += ["## Analysis", ""] + [f"- {md_prose(line.strip())}" for line in extra] + [""]
    out += ["## What the equilibria predict", ""] + [f"- {md_prose(p)}"
                                                     for p in predictions(result)]
    if result.diagnostics:
        out += ["", "## Diagnostics", ""] + [f"- {md_prose(d)}" for d in result.diagnostics]
    notes = " ".join(str(info.get("notes") or "").split())
    if notes:
        out += ["", "## Notes and caveats", "", md_prose(notes)]
    refs = info.get("references") or []
    if refs:
        out += ["", "## References", ""] + [f"- {md_prose(r)}" for r in refs]
    return terminal_safe("\n".join(out) + "\n")


def render_html_fragment(result: SolveResult) -> str:
    """A compact HTML view for notebooks (``_repr_html_``)."""
    game = result.game
    esc = html.escape
    parts = [f"<h4>{esc(getattr(game, 'name', ''))}</h4>"]
    if isinstance(game, NormalFormGame):
        parts.append(payoff_table_html(game))
    elif hasattr(game, "nodes") and hasattr(game, "infosets"):
        from ..games.tree_svg import tree_svg

        svg = tree_svg(game, result.equilibria[0].behavior if result.equilibria else None)
        if svg is not None:
            parts.append(svg)
    flag = "complete" if result.complete else "possibly incomplete"
    parts.append(f"<p>{esc(result.method)} ({flag}): {len(result.equilibria)} equilibria</p>")
    parts.append("<ul>" + "".join(f"<li>{esc(p)}</li>" for p in predictions(result)) + "</ul>")
    return "".join(parts)
