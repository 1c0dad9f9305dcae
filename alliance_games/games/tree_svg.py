"""Game trees as inline SVG (self-contained: no scripts, no external assets).

Layout: leaves evenly spaced left to right in preorder, each internal node centred over
its children, one row per depth. Decision nodes are coloured by player, chance nodes are
white, terminal nodes show their payoffs and outcome label. Information sets with more
than one node are joined by a dashed line. When an equilibrium's behavior is given, the
actions it plays with positive probability are drawn thick (with the probability when it
is below 1).

Written by hand because no maintained library draws game trees with information sets
and equilibrium paths as standalone SVG; the geometry is a few dozen lines.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ..numbers import format_number

__all__ = ["tree_svg", "MAX_LEAVES"]

MAX_LEAVES = 120
_THICK = 'stroke="#111" stroke-width="3.5"'
_THIN = 'stroke="#888" stroke-width="1.2"'
_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _fmt(value: Any) -> str:
    return format_number(value, 3)


def tree_svg(game: Any, behavior: Mapping[str, Any] | None = None) -> str | None:
    """The tree of an extensive-form game as an SVG string (None when too large)."""
    nodes = game.nodes
    leaves = [i for i, n in enumerate(nodes) if n.is_terminal]
    if not leaves or len(leaves) > MAX_LEAVES:
        return None
    dx, dy, margin = 92, 92, 60
    x, y, depth = _layout(nodes, dx, dy, margin)
    width = int(margin * 2 + (len(leaves) - 1) * dx + 40)
    height = int(margin + max(depth) * dy + 90)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">']
    # edges first, so that nodes are drawn over them
    out += _edges(game, behavior, x, y)
    out += _infoset_lines(game, x, y)
    out += _nodes(game, x, y)
    out.append("</svg>")
    return "".join(out)


def _layout(nodes: Any, dx: int, dy: int, margin: int
            ) -> tuple[list[float], list[int], list[int]]:
    """Node positions ``(x, y)`` and depths: leaves ``dx`` apart in preorder, each
    internal node centred over its children, rows ``dy`` apart."""
    depth = [0] * len(nodes)
    for i, node in enumerate(nodes):  # preorder: parents come first
        if node.parent is not None:
            depth[i] = depth[node.parent] + 1
    x = [0.0] * len(nodes)
    order = 0

    def place(i: int) -> None:
        nonlocal order
        node = nodes[i]
        if node.is_terminal or not node.children:
            x[i] = margin + order * dx
            order += 1
            return
        for child in node.children:
            place(child)
        x[i] = sum(x[c] for c in node.children) / len(node.children)

    place(0)
    y = [margin + d * dy for d in depth]
    return x, y, depth


def _played(game: Any, behavior: Mapping[str, Any] | None, i: int, k: int) -> Any:
    """The probability ``behavior`` gives action ``k`` at decision node ``i`` (or None)."""
    node = game.nodes[i]
    if behavior is None or node.kind != "decision":
        return None
    player = game.players[node.player]
    infoset = game.infosets[node.infoset].name
    return behavior.get(player, {}).get(infoset, {}).get(node.actions[k])


def _edges(game: Any, behavior: Mapping[str, Any] | None, x: list[float], y: list[int]
           ) -> list[str]:
    """Each edge as a line (thick where played) and its action label."""
    out = []
    esc = html.escape
    for i, node in enumerate(game.nodes):
        for k, child in enumerate(node.children):
            p = _played(game, behavior, i, k)
            thick = p is not None and float(p) > 0
            stroke = _THICK if thick else _THIN
            out.append(f'<line x1="{x[i]:.1f}" y1="{y[i]:.1f}" x2="{x[child]:.1f}" '
                       f'y2="{y[child]:.1f}" {stroke}/>')
            label = node.actions[k]
            if node.kind == "chance" and node.probabilities:
                probs = node.exact_probabilities or node.probabilities
                label += f" ({_fmt(probs[k])})"
            elif thick and float(p) < 1:
                label += f" [{_fmt(p)}]"
            mx, my = (x[i] + x[child]) / 2, (y[i] + y[child]) / 2
            anchor = "end" if x[child] < x[i] else "start" if x[child] > x[i] else "middle"
            shift = -6 if anchor == "end" else 6 if anchor == "start" else 0
            out.append(f'<text x="{mx + shift:.1f}" y="{my:.1f}" text-anchor="{anchor}" '
                       f'fill="#333">{esc(label)}</text>')
    return out


def _infoset_lines(game: Any, x: list[float], y: list[int]) -> list[str]:
    """A dashed line through the members of each information set with several."""
    out = []
    for infoset in game.infosets:
        members = sorted(infoset.members, key=lambda m: x[m])
        if len(members) > 1:
            points = " ".join(f"{x[m]:.1f},{y[m]:.1f}" for m in members)
            out.append(f'<polyline points="{points}" fill="none" stroke="#555" '
                       'stroke-width="1.5" stroke-dasharray="5,4"/>')
    return out


def _nodes(game: Any, x: list[float], y: list[int]) -> list[str]:
    """Decision nodes (player colour and name), chance nodes, terminals with payoffs."""
    out = []
    esc = html.escape
    for i, node in enumerate(game.nodes):
        if node.kind == "decision":
            color = _COLORS[node.player % len(_COLORS)]
            out.append(f'<circle cx="{x[i]:.1f}" cy="{y[i]:.1f}" r="9" fill="{color}"/>')
            out.append(f'<text x="{x[i]:.1f}" y="{y[i] - 14:.1f}" text-anchor="middle" '
                       f'font-weight="bold" fill="{color}">'
                       f'{esc(game.players[node.player])}</text>')
        elif node.kind == "chance":
            out.append(f'<circle cx="{x[i]:.1f}" cy="{y[i]:.1f}" r="9" fill="#fff" '
                       'stroke="#111" stroke-width="1.5"/>')
            out.append(f'<text x="{x[i]:.1f}" y="{y[i] - 14:.1f}" text-anchor="middle" '
                       'font-style="italic">Nature</text>')
        else:
            out.append(f'<rect x="{x[i] - 4:.1f}" y="{y[i] - 4:.1f}" width="8" height="8" '
                       'fill="#111"/>')
            values = node.exact_payoffs or node.payoffs
            out.append(f'<text x="{x[i]:.1f}" y="{y[i] + 20:.1f}" text-anchor="middle">'
                       f'({esc(", ".join(_fmt(v) for v in values))})</text>')
            if node.outcome:
                out.append(f'<text x="{x[i]:.1f}" y="{y[i] + 35:.1f}" text-anchor="middle" '
                           f'font-size="10" fill="#555">{esc(node.outcome)}</text>')
    return out
