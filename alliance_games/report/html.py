"""HTML of the report model: a self-contained page, or its body for notebooks.

Inline CSS, inline SVG, no script, no external asset, so that a report can be mailed or
projected as is; every piece of user text goes through ``html.escape``. Wide content
never runs off the page: tables sit in horizontal scroll boxes (``overflow-x: auto``)
and wrap their cells, the tree is a responsive SVG that shrinks to the column.
"""

from __future__ import annotations

import base64
import html

from ..equilibrium import SolveResult
from .model import Block, Figure, Prose, Report, Section, Table, build_report

__all__ = ["render_html", "page", "html_body", "html_section", "REPORT_CSS"]

REPORT_CSS = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, "DejaVu Sans", sans-serif; max-width: 64rem; margin: 1.5rem auto;
       padding: 0 1rem; line-height: 1.45; font-size: 1.05rem; color: #222; }
h1 { font-size: 1.8rem; margin-bottom: .3rem; }
h2 { border-bottom: 2px solid #dde; padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin-top: 1.4rem; } h4 { margin: 1rem 0 .3rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .95rem; }
p.caption { font-weight: 600; margin: 1rem 0 0; }
th, td { border: 1px solid #bbc; padding: .3rem .6rem; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eef0fa; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.keyvalue td:first-child { font-weight: 600; }
table.payoffs td { text-align: center; }
td.eq, tr.eq td { background: #ffe9a8; font-weight: bold; }
td { max-width: 28rem; }
table.wide { font-size: .82rem; } table.wide th, table.wide td { padding: .25rem .4rem; }
figure { margin: 1rem 0; } img.plot { max-width: 100%; height: auto; }
figcaption, .meta { color: #555; font-size: .92rem; }
li { margin: .25rem 0; }
@media print { .scroll { overflow: visible; } body { max-width: none; }
               figure svg { min-width: 0 !important; } }
"""


def _table(table: Table) -> str:
    esc = html.escape
    cls = {"keyvalue": "keyvalue", "payoffs": "payoffs"}.get(table.kind, "data")
    if table.n_columns > 8:
        cls += " wide"
    out = [f'<p class="caption">{esc(table.caption)}</p>'] if table.caption else []
    out.append(f'<div class="scroll"><table class="{cls}">')
    if table.kind != "keyvalue":
        out.append("<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>'
                                           for h in table.header) + "</tr></thead>")
    out.append("<tbody>")
    for row in table.rows:
        cells = []
        for j, c in enumerate(row):
            classes = []
            if c.mark:
                classes.append("eq")
            if c.numeric and table.kind != "keyvalue":
                classes.append("num")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            title = f' title="exact: {esc(c.exact)}"' if c.exact and c.exact != c.text else ""
            tag = "th" if j == 0 and table.kind == "payoffs" else "td"
            cells.append(f"<{tag}{attr}{title}>{esc(c.text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _block(block: Block) -> str:
    esc = html.escape
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Prose):
        cls = ' class="meta"' if block.note else ""
        if block.bullets:
            return f"<ul{cls}>" + "".join(f"<li>{esc(line)}</li>" for line in block.lines) \
                + "</ul>"
        return "".join(f"<p{cls}>{esc(line)}</p>" for line in block.lines)
    if isinstance(block, Figure):
        if block.png is not None:  # an inline image: the page stays self-contained
            data = base64.b64encode(block.png).decode("ascii")
            return (f'<figure><img class="plot" src="data:image/png;base64,{data}" '
                    f'alt="{esc(block.alt or block.caption)}">'
                    f"<figcaption>{esc(block.caption)}</figcaption></figure>")
        body = block.svg or ""
        return (f'<figure><div class="scroll">{body}</div>'
                f"<figcaption>{esc(block.caption)}</figcaption></figure>")
    return html_section(block)


def html_section(section: Section) -> str:
    level = max(2, min(section.level, 6))
    ident = f' id="{esc_id(section.key)}"' if section.key else ""
    return (f"<section{ident}><h{level}>{html.escape(section.heading)}</h{level}>"
            + "".join(_block(b) for b in section.blocks) + "</section>")


def esc_id(key: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in key)


def html_body(report: Report) -> str:
    """The report's HTML without the page around it (for notebooks and explorers)."""
    esc = html.escape
    out = [f"<h1>{esc(report.title)}</h1>"]
    out += [f"<p>{esc(p)}</p>" for p in report.lead]
    out += [html_section(s) for s in report.sections]
    return "\n".join(out)


def render_html(result: SolveResult) -> str:
    """A self-contained HTML page of the report."""
    return page(build_report(result))


def page(report: Report) -> str:
    """A self-contained HTML page of a report model."""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(report.title)}</title><style>{REPORT_CSS}</style></head><body>\n"
            + html_body(report)
            + "\n<p class=\"meta\">Generated by alliance_games."
            + (" Every equilibrium listed was verified against all pure deviations."
               if report.meta.get("equilibria", 1) else "")
            + "</p>\n</body></html>\n")
