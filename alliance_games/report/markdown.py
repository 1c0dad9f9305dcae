"""Markdown (and a compact HTML view for notebooks) of a solve result.

Both render the report model (:func:`.model.build_report`), like the HTML and LaTeX
documents. Markdown has no drawing: the tree's section says where to find it.
"""

from __future__ import annotations

import html
import re

from ..equilibrium import SolveResult
from .escape import md_cell, md_prose, terminal_safe
from .html import html_section
from .model import Block, Figure, Prose, Report, Section, Table, build_report

__all__ = ["render_markdown", "report_markdown", "render_html_fragment"]


_TAG = re.compile(r"<[A-Za-z/!?]")


def _md(text: str) -> str:
    """:func:`md_cell`, but ``<`` and ``>`` stay themselves when no ``<`` in the text
    could open a tag (``<`` before a letter, ``/``, ``!`` or ``?``): ``cost >= 1/5`` and
    ``0 < alpha < 1`` read as written in the ``.md`` file."""
    out = md_cell(text)
    if _TAG.search(text):
        return out
    return out.replace("&lt;", "<").replace("&gt;", ">")


def _table(table: Table) -> list[str]:
    out = []
    if table.caption:
        out += [f"**{_md(table.caption)}**", ""]
    header = list(table.header)
    out.append("| " + " | ".join(_md(h) for h in header) + " |")
    out.append("|" + "---|" * len(header))
    for row in table.rows:
        cells = [_md(c.text) for c in row]
        cells = [f"**{t}**" if c.mark and t else t for t, c in zip(cells, row, strict=True)]
        cells += [""] * (len(header) - len(cells))
        out.append("| " + " | ".join(cells) + " |")
    return out + [""]


def _block(block: Block, out: list[str]) -> None:
    if isinstance(block, Table):
        out += _table(block)
    elif isinstance(block, Prose):
        if block.bullets:
            out += [f"- {md_prose(line)}" for line in block.lines]
        else:
            out += [("*" + md_prose(line) + "*") if block.note else md_prose(line)
                    for line in block.lines]
        out.append("")
    elif isinstance(block, Figure):
        what = "figure" if block.png is not None else "tree"
        out += [f"*(The {what} is drawn in the HTML and LaTeX reports: "
                "alliance-games report SPEC -o report.html.)* " + md_prose(block.caption), ""]
    else:
        _section(block, out)


def _section(section: Section, out: list[str]) -> None:
    out += ["#" * max(2, min(section.level, 6)) + " " + md_cell(section.heading), ""]
    for block in section.blocks:
        _block(block, out)


def report_markdown(report: Report) -> str:
    """Markdown of a report model."""
    out = [f"# {md_cell(report.title)}", ""]
    out += [md_prose(p) + "\n" for p in report.lead]
    for section in report.sections:
        _section(section, out)
    return terminal_safe("\n".join(out).rstrip("\n") + "\n")


def render_markdown(result: SolveResult) -> str:
    """A Markdown report: game, parameters, payoff table, equilibria tables, analysis,
    predictions, notes, references."""
    return report_markdown(build_report(result))


def render_html_fragment(result: SolveResult) -> str:
    """A compact HTML view for notebooks (``_repr_html_``): the count ("1 equilibrium",
    "2 equilibria"), the table or tree, the equilibria tables and the predictions; for a
    result without strategy profiles (coalitional games, dynamics) its analysis."""
    report = build_report(result)
    esc = html.escape
    n = len(result.equilibria)
    flag = "complete" if result.complete else "possibly incomplete"
    parts = [f"<h4>{esc(report.title)}</h4>",
             f"<p>{esc(result.method)} ({flag}): {n} equilibri{'um' if n == 1 else 'a'}</p>"]
    keys = {"payoffs", "tree", "equilibria", "predictions"}
    if not result.equilibria:
        keys.add("analysis")  # a coalitional game or an arms race: its analysis is the result
    for section in report.sections:
        if section.key in keys:
            parts.append(html_section(section))
    return "".join(parts)
