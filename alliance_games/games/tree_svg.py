"""Game trees drawn from one tidy layout (:mod:`.tree_layout`): inline SVG and TikZ.

Decision nodes are coloured by player, chance nodes are white, terminal nodes show their
payoffs (one line per player, in the player's colour) and outcome label. Information
sets with more than one node are joined by dashed links that go around other nodes;
beliefs (``μ``) are written beside their members. When an equilibrium's behavior is
given, the edges on its path (reached with positive probability) are drawn thick, the
actions it plays off the path medium, mixed probabilities in brackets.

The SVG is responsive: ``viewBox`` with ``width="100%"``, a ``max-width`` of its natural
size and a ``min-width`` of :data:`MIN_SCALE` of it, so it shrinks to its container (a
page column, a printed page) while its labels stay readable, and never grows beyond its
natural size; a report puts it in a horizontal scroll box for narrower columns.
Self-contained: no scripts, no external assets.

Written by hand because no maintained library draws game trees with information sets
and equilibrium paths as standalone SVG or TikZ.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ..text_escape import tex_escape
from .tree_layout import RADIUS, Label, TreeLayout, tree_layout

__all__ = ["tree_svg", "tree_tikz", "MAX_LEAVES", "COLORS"]

MAX_LEAVES = 400
#: the smallest scale at which a responsive tree is shown (12 px labels stay >= 7 px)
MIN_SCALE = 0.6
_ON_PATH = 'stroke="#111" stroke-width="3.5"'
_PLAYED = 'stroke="#444" stroke-width="2"'
_THIN = 'stroke="#999" stroke-width="1.2"'
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _too_large(game: Any) -> bool:
    leaves = sum(1 for n in game.nodes if n.is_terminal)
    return not leaves or leaves > MAX_LEAVES


def tree_svg(game: Any, behavior: Mapping[str, Any] | None = None,
             beliefs: Mapping[str, Any] | None = None, *, collapse_zero: bool = False
             ) -> str | None:
    """The tree of an extensive-form game as an SVG string (None when too large).

    ``behavior`` and ``beliefs`` are an equilibrium's (see
    :func:`~alliance_games.games.tree_layout.tree_layout`); ``collapse_zero`` leaves out
    chance branches of probability 0.
    """
    if _too_large(game):
        return None
    return layout_svg(tree_layout(game, behavior, beliefs, collapse_zero=collapse_zero),
                      getattr(game, "name", "") or "game tree")


def layout_svg(layout: TreeLayout, title: str = "game tree") -> str:
    """The SVG of a computed layout."""
    esc = html.escape
    w, h = layout.width, layout.height
    # shrinks with its container down to MIN_SCALE of its natural size (labels stay
    # readable); below that a report's scroll box takes over
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" width="100%" '
           f'style="max-width:{w:g}px;min-width:{w * MIN_SCALE:.0f}px;height:auto;'
           f'display:block" role="img" '
           f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12">'
           f"<title>{esc(title)}</title>"]
    pos = {n.index: n for n in layout.nodes}
    for e in layout.edges:  # edges first, so that nodes are drawn over them
        p, c = pos[e.parent], pos[e.child]
        stroke = _ON_PATH if e.on_path else (
            _PLAYED if e.played is not None and float(e.played) > 0 else _THIN)
        out.append(f'<line x1="{p.x:.1f}" y1="{p.y:.1f}" x2="{c.x:.1f}" y2="{c.y:.1f}" '
                   f"{stroke}/>")
    for link in layout.links:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in link.points)
        out.append(f'<polyline points="{points}" fill="none" stroke="#555" '
                   'stroke-width="1.5" stroke-dasharray="5,4" stroke-linejoin="round"/>')
    for n in layout.nodes:
        if n.kind == "decision":
            color = COLORS[(n.player or 0) % len(COLORS)]
            out.append(f'<circle cx="{n.x:.1f}" cy="{n.y:.1f}" r="{RADIUS:g}" fill="{color}"/>')
        elif n.kind == "chance":
            out.append(f'<circle cx="{n.x:.1f}" cy="{n.y:.1f}" r="{RADIUS:g}" fill="#fff" '
                       'stroke="#111" stroke-width="1.5"/>')
        else:
            out.append(f'<rect x="{n.x - 4:.1f}" y="{n.y - 4:.1f}" width="8" height="8" '
                       'fill="#111"/>')
    out += [_svg_label(lab) for lab in layout.labels]
    out.append("</svg>")
    return "".join(out)


def _color(label: Label) -> str:
    if label.role in ("player", "payoff", "belief") and label.player is not None:
        return COLORS[label.player % len(COLORS)]
    return "#555" if label.role == "outcome" else "#222"


def _svg_label(label: Label) -> str:
    attrs = [f'x="{label.x:.1f}"', f'y="{label.y:.1f}"', f'font-size="{label.size:g}"',
             f'fill="{_color(label)}"']
    if label.rotate:
        attrs += [f'transform="rotate({label.rotate} {label.x:.1f} {label.y:.1f})"',
                  'text-anchor="start"', 'dominant-baseline="central"']
    else:
        attrs.append(f'text-anchor="{label.anchor}"')
    if label.bold:
        attrs.append('font-weight="bold"')
    if label.italic:
        attrs.append('font-style="italic"')
    if label.halo:
        attrs.append('stroke="#fff" stroke-width="3" paint-order="stroke"')
    return f"<text {' '.join(attrs)}>{html.escape(label.text)}</text>"


# ---------------------------------------------------------------- TikZ

PT = 0.75  # one CSS pixel in TeX points
LINEWIDTH_PT = 455.0  # the report's text width (A4, 2.5 cm margins)


def tree_tikz(game: Any, behavior: Mapping[str, Any] | None = None,
              beliefs: Mapping[str, Any] | None = None, *, collapse_zero: bool = False,
              linewidth_pt: float = LINEWIDTH_PT) -> str | None:
    """The same drawing as :func:`tree_svg`, as a TikZ picture (None when too large).

    Coordinates are the layout's pixels at 0.75 pt; a picture wider than
    ``linewidth_pt`` is scaled down to the line width (``\\resizebox``, graphicx). Needs
    ``\\usepackage{tikz}`` and ``graphicx`` in the preamble.
    """
    if _too_large(game):
        return None
    return layout_tikz(tree_layout(game, behavior, beliefs, collapse_zero=collapse_zero),
                       linewidth_pt)


def _pt(x: float, y: float) -> str:
    return f"({x * PT:.2f},{-y * PT:.2f})"


def layout_tikz(layout: TreeLayout, linewidth_pt: float = LINEWIDTH_PT) -> str:
    """The TikZ picture of a computed layout."""
    out = []
    for k, color in enumerate(COLORS):
        out.append(rf"\definecolor{{agp{k}}}{{HTML}}{{{color[1:].upper()}}}")
    out.append(r"\begin{tikzpicture}[x=1pt,y=1pt,font=\sffamily]")
    pos = {n.index: n for n in layout.nodes}
    out.append(rf"\path[use as bounding box] (0,0) rectangle "
               rf"({layout.width * PT:.2f},{-layout.height * PT:.2f});")
    for e in layout.edges:
        p, c = pos[e.parent], pos[e.child]
        style = "line width=2.6pt,black" if e.on_path else (
            "line width=1.5pt,black!75" if e.played is not None and float(e.played) > 0
            else "line width=0.9pt,black!45")
        out.append(rf"\draw[{style}] {_pt(p.x, p.y)} -- {_pt(c.x, c.y)};")
    for link in layout.links:
        out.append(r"\draw[dashed,black!70,line width=1.1pt] "
                   + " -- ".join(_pt(x, y) for x, y in link.points) + ";")
    r = RADIUS * PT
    for n in layout.nodes:
        if n.kind == "decision":
            out.append(rf"\fill[agp{(n.player or 0) % len(COLORS)}] {_pt(n.x, n.y)} "
                       rf"circle ({r:.2f});")
        elif n.kind == "chance":
            out.append(rf"\filldraw[fill=white,draw=black,line width=1pt] {_pt(n.x, n.y)} "
                       rf"circle ({r:.2f});")
        else:
            out.append(rf"\fill[black] {_pt(n.x - 4, n.y - 4)} rectangle {_pt(n.x + 4, n.y + 4)};")
    for lab in layout.labels:
        out.append(_tikz_label(lab))
    out.append(r"\end{tikzpicture}")
    body = "\n".join(out)
    if layout.width * PT > linewidth_pt:
        return "\\resizebox{\\linewidth}{!}{%\n" + body + "%\n}"
    return body


def _tikz_label(label: Label) -> str:
    color = _color(label)
    name = next((f"agp{k}" for k, c in enumerate(COLORS) if c == color), None)
    tcolor = name or ("black!65" if color == "#555" else "black!85")
    size = label.size * PT
    font = rf"\fontsize{{{size:.1f}}}{{{size * 1.2:.1f}}}\selectfont"
    if label.bold:
        font += r"\bfseries"
    if label.italic:
        font += r"\itshape"
    opts = [f"text={tcolor}", "inner sep=0pt", f"font={{{font}}}"]
    if label.rotate:
        opts += ["rotate=-90", "anchor=west"]
    else:
        anchor = {"start": "base west", "middle": "base", "end": "base east"}[label.anchor]
        opts.append(f"anchor={anchor}")
    if label.halo:
        opts += ["fill=white", "inner sep=1pt"]
    return (rf"\node[{','.join(opts)}] at {_pt(label.x, label.y)} "
            rf"{{{tex_escape(label.text)}}};")
