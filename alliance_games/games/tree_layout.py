"""A tidy layout of game trees, shared by the SVG and TikZ drawings.

The layout is Reingold and Tilford's tidy drawing (Reingold & Tilford 1981, "Tidier
drawings of trees", IEEE Trans. Software Eng. 7(2); Walker 1990, "A node-positioning
algorithm for general trees", Software: Practice and Experience 20(7)), with boxes of
any size:

1. every node gets a **box**: the union of its marker and its labels (the player's name
   above it, the label of the action that leads to it, a belief, a terminal's payoffs
   stacked one per player and its outcome), measured by text length
   (:func:`text_width`, DejaVu Sans advance widths);
2. bottom-up (children before parents, no recursion), each subtree keeps its
   **contour**: for every horizontal band of the drawing (one per depth, ``ROW`` high),
   the leftmost and rightmost extent of the boxes that reach into that band. Sibling
   subtrees are placed left to right, each pushed right just enough that its left
   contour stays ``GAP`` clear of the right contour of those already placed, in every
   band they share; the parent is centred over its first and last child;
3. top-down, the relative offsets become coordinates.

Boxes that overlap vertically share a band, so no two boxes overlap (tests check this
geometrically for every catalog tree and random trees). Chance branches of probability 0
can be left out (``collapse_zero``). Information sets with several members are joined by
dashed links: a straight segment between neighbours on one row with nothing in between,
otherwise a path routed through the free space between rows (the first height at which
it crosses no box) so that it never runs through another node.

The drawing code (:mod:`.tree_svg`) turns this plain geometry into SVG or TikZ; both use
the same coordinates (pixels, y down).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..numbers import format_number

__all__ = ["Label", "PlacedNode", "PlacedEdge", "InfosetLink", "TreeLayout", "tree_layout",
           "text_width", "ROW", "GAP", "RADIUS"]

ROW = 110.0
GAP = 20.0
RADIUS = 9.0
MARGIN = 12.0
FONT = 12.0
SMALL = 11.0
TINY = 10.0

# DejaVu Sans advance widths (per 1000 em), the sans-serif of Debian's browsers; a little
# generous so that other sans-serif fonts also fit the boxes
_WIDTHS = {
    " ": 318, ".": 318, ",": 318, "(": 390, ")": 390, "[": 390, "]": 390, "/": 337,
    "-": 361, ":": 337, ";": 337, "'": 275, "=": 838, "+": 838, "%": 950, "&": 780,
    "a": 613, "b": 635, "c": 550, "d": 635, "e": 615, "f": 352, "g": 635, "h": 634,
    "i": 278, "j": 278, "k": 579, "l": 278, "m": 974, "n": 634, "o": 612, "p": 635,
    "q": 635, "r": 411, "s": 521, "t": 392, "u": 634, "v": 592, "w": 818, "x": 592,
    "y": 592, "z": 525, "A": 684, "B": 686, "C": 698, "D": 770, "E": 632, "F": 575,
    "G": 775, "H": 752, "I": 295, "J": 295, "K": 656, "L": 557, "M": 863, "N": 748,
    "O": 787, "P": 603, "Q": 787, "R": 695, "S": 635, "T": 611, "U": 732, "V": 684,
    "W": 989, "X": 685, "Y": 611, "Z": 685,
}


def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """Width in pixels of ``text`` at font ``size`` (an upper estimate for sans-serif).

    >>> round(text_width("Mobilize"), 1) > 40
    True
    """
    units = sum(_WIDTHS.get(ch, 636 if ch.isdigit() else 700) for ch in text)
    return units / 1000 * size * (1.1 if bold else 1.04)


@dataclass(frozen=True)
class Label:
    """A text placed at ``(x, y)``: the baseline's anchor point (``rotate=90``: the text
    runs downwards from the point, centred on it)."""

    text: str
    x: float
    y: float
    size: float
    anchor: str = "middle"  # start | middle | end
    role: str = ""  # player, nature, action, payoff, outcome, belief
    player: int | None = None
    bold: bool = False
    italic: bool = False
    rotate: int = 0
    halo: bool = False

    def box(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)``: the area the text covers."""
        w = text_width(self.text, self.size, self.bold)
        if self.rotate:
            return (self.x - 0.62 * self.size, self.y, self.x + 0.62 * self.size, self.y + w)
        x0 = {"start": self.x, "middle": self.x - w / 2, "end": self.x - w}[self.anchor]
        return (x0, self.y - 0.95 * self.size, x0 + w, self.y + 0.3 * self.size)


@dataclass(frozen=True)
class PlacedNode:
    """A node of the drawing: its game index, centre, depth, and the box of it and its
    labels."""

    index: int
    x: float
    y: float
    depth: int
    kind: str
    player: int | None
    box: tuple[float, float, float, float]

    def marker(self) -> tuple[float, float, float, float]:
        """The box of the node's own symbol (circle or terminal square)."""
        r = RADIUS if self.kind != "terminal" else 4.0
        return (self.x - r, self.y - r, self.x + r, self.y + r)


@dataclass(frozen=True)
class PlacedEdge:
    """An edge from ``parent`` to ``child``: ``played`` is the probability the given
    behavior puts on its action (None: no behavior or a chance move), ``on_path`` that
    the edge is reached with positive probability."""

    parent: int
    child: int
    played: Any
    on_path: bool


@dataclass(frozen=True)
class InfosetLink:
    """A dashed link between two members of an information set, as a polyline."""

    infoset: int
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class TreeLayout:
    """Everything a drawing needs, in pixels (y down)."""

    width: float
    height: float
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]
    labels: tuple[Label, ...]
    links: tuple[InfosetLink, ...]
    hidden_branches: int = 0

    def node(self, index: int) -> PlacedNode:
        """The placed node of game node ``index``."""
        return self._by_index()[index]

    def _by_index(self) -> dict[int, PlacedNode]:
        return {n.index: n for n in self.nodes}


def _fmt(value: Any) -> str:
    return format_number(value)


def _visible_children(game: Any, collapse_zero: bool) -> tuple[dict[int, list[int]], int]:
    """The children drawn under each node and how many chance branches were left out."""
    kids: dict[int, list[int]] = {}
    hidden = 0
    for i, node in enumerate(game.nodes):
        out = []
        for k, child in enumerate(node.children):
            if collapse_zero and node.kind == "chance" and node.probabilities \
                    and float(node.probabilities[k]) == 0:
                hidden += 1
                continue
            out.append(child)
        kids[i] = out
    return kids, hidden


def _preorder(kids: Mapping[int, list[int]]) -> list[int]:
    order, stack = [], [0]
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(reversed(kids[i]))
    return order


def _played(game: Any, behavior: Mapping[str, Any] | None, i: int, k: int) -> Any:
    node = game.nodes[i]
    if behavior is None or node.kind != "decision":
        return None
    player = game.players[node.player]
    infoset = game.infosets[node.infoset].name
    return behavior.get(player, {}).get(infoset, {}).get(node.actions[k])


def _node_labels(game: Any, i: int, behavior: Mapping[str, Any] | None,
                 beliefs: Mapping[str, Any] | None, rotate_outcomes: bool) -> list[Label]:
    """The labels of node ``i`` relative to its centre (0, 0)."""
    node = game.nodes[i]
    out: list[Label] = []
    if node.parent is not None:
        parent = game.nodes[node.parent]
        k = node.action if node.action is not None else parent.children.index(i)
        text = parent.actions[k]
        if parent.kind == "chance" and parent.probabilities:
            probs = parent.exact_probabilities or parent.probabilities
            text += f" ({_fmt(probs[k])})"
        else:
            p = _played(game, behavior, node.parent, k)
            if p is not None and 0 < float(p) < 1:
                text += f" [{_fmt(p)}]"
        out.append(Label(text, 0.0, -30.0, SMALL, role="action", halo=True))
    if node.kind == "decision":
        out.append(Label(game.players[node.player], 0.0, -13.0, FONT, role="player",
                         player=node.player, bold=True))
        infoset = game.infosets[node.infoset]
        if beliefs and len(infoset.members) > 1:
            mu = beliefs.get(game.players[node.player], {}).get(infoset.name, {})
            if node.name in mu:
                out.append(Label(f"μ {_fmt(mu[node.name])}", RADIUS + 3, 20.0, SMALL,
                                 anchor="start", role="belief", player=node.player))
    elif node.kind == "chance":
        out.append(Label("Nature", 0.0, -13.0, FONT, role="nature", italic=True))
    else:
        values = node.exact_payoffs or node.payoffs
        y = 20.0
        for p, v in enumerate(values):
            out.append(Label(_fmt(v), 0.0, y, SMALL, role="payoff", player=p))
            y += 13.0
        if node.outcome:
            if rotate_outcomes:
                out.append(Label(node.outcome, 0.0, y - 6.0, TINY, role="outcome", rotate=90))
            else:
                out.append(Label(node.outcome, 0.0, y + 1.0, TINY, role="outcome"))
    return out


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _bands(top: float, bottom: float) -> range:
    """The bands (relative to the node's own, 0) that the vertical span reaches."""
    first = int((top + ROW / 2) // ROW)
    last = int((bottom + ROW / 2) // ROW)
    return range(first, last + 1)


def tree_layout(game: Any, behavior: Mapping[str, Any] | None = None,
                beliefs: Mapping[str, Any] | None = None, *,
                collapse_zero: bool = False) -> TreeLayout:
    """The tidy layout of ``game``'s tree (see the module docstring).

    Parameters
    ----------
    game
        An :class:`~alliance_games.games.extensive.ExtensiveFormGame`.
    behavior, beliefs
        An equilibrium's behavior (``player -> infoset -> action -> probability``): its
        path is emphasised and mixed probabilities are printed; its beliefs
        (``player -> infoset -> node name -> probability``) are written beside the
        members of information sets.
    collapse_zero
        Leave out chance branches of probability 0 (and everything under them).
    """
    kids, hidden = _visible_children(game, collapse_zero)
    order = _preorder(kids)
    leaves = sum(1 for i in order if not kids[i])
    rotate = leaves > 6
    rel_labels: dict[int, list[Label]] = {}
    rel_box: dict[int, tuple[float, float, float, float]] = {}
    for i in order:
        labels: list[Label] = _node_labels(game, i, behavior, beliefs, rotate)
        rel_labels[i] = labels
        r = RADIUS if game.nodes[i].kind != "terminal" else 4.0
        rel_box[i] = _union([(-r, -r, r, r), *(lab.box() for lab in labels)])

    # bottom-up contours: band -> (left, right) relative to the subtree's root
    contour: dict[int, list[list[float]]] = {}
    offset: dict[int, float] = {}
    for i in reversed(order):
        x0, y0, x1, y1 = rel_box[i]
        own = {b: [x0, x1] for b in _bands(y0, y1)}
        children = kids[i]
        acc: list[list[float]] = []
        placed: list[float] = []
        for c in children:
            cont = contour.pop(c)
            if not placed:
                o = 0.0
            else:
                o = placed[-1]
                for k in range(min(len(acc), len(cont))):
                    o = max(o, acc[k][1] - cont[k][0] + GAP)
            placed.append(o)
            for k, (lft, rgt) in enumerate(cont):
                if k < len(acc):
                    acc[k][0] = min(acc[k][0], o + lft)
                    acc[k][1] = max(acc[k][1], o + rgt)
                else:
                    acc.append([o + lft, o + rgt])
        mid = (placed[0] + placed[-1]) / 2 if placed else 0.0
        for c, o in zip(children, placed, strict=True):
            offset[c] = o - mid
        merged: list[list[float]] = [[0.0, 0.0] for _ in range(max(
            max(own) + 1, len(acc) + 1 if acc else 1))]
        filled = [False] * len(merged)
        for b, (lft, rgt) in own.items():
            merged[b] = [lft, rgt]
            filled[b] = True
        for k, (lft, rgt) in enumerate(acc):
            b = k + 1
            if filled[b]:
                merged[b] = [min(merged[b][0], lft - mid), max(merged[b][1], rgt - mid)]
            else:
                merged[b] = [lft - mid, rgt - mid]
                filled[b] = True
        contour[i] = merged

    # top-down coordinates
    depth = {0: 0}
    xs = {0: 0.0}
    for i in order:
        for c in kids[i]:
            depth[c] = depth[i] + 1
            xs[c] = xs[i] + offset[c]
    min_x = min(xs[i] + rel_box[i][0] for i in order)
    min_y = min(depth[i] * ROW + rel_box[i][1] for i in order)
    dx, dy = MARGIN - min_x, MARGIN - min_y
    nodes: list[PlacedNode] = []
    labels = []
    for i in order:
        x, y = xs[i] + dx, depth[i] * ROW + dy
        rb = rel_box[i]
        node = game.nodes[i]
        nodes.append(PlacedNode(i, x, y, depth[i], node.kind, node.player,
                                (x + rb[0], y + rb[1], x + rb[2], y + rb[3])))
        labels += [Label(lab.text, lab.x + x, lab.y + y, lab.size, lab.anchor, lab.role,
                         lab.player, lab.bold, lab.italic, lab.rotate, lab.halo)
                   for lab in rel_labels[i]]

    edges = _edges(game, kids, order, behavior)
    links = _links(game, nodes)
    width = max(n.box[2] for n in nodes) + MARGIN
    height = max([n.box[3] for n in nodes] + [p[1] for lk in links for p in lk.points]) + MARGIN
    return TreeLayout(round(width, 1), round(height, 1), tuple(nodes), tuple(edges),
                      tuple(labels), tuple(links), hidden)


def _edges(game: Any, kids: Mapping[int, list[int]], order: list[int],
           behavior: Mapping[str, Any] | None) -> list[PlacedEdge]:
    reach: dict[int, float] = {0: 1.0}
    out = []
    for i in order:
        node = game.nodes[i]
        for c in kids[i]:
            k = game.nodes[c].action
            if k is None:
                k = node.children.index(c)
            played = _played(game, behavior, i, k)
            if node.kind == "chance" and node.probabilities:
                step = float(node.probabilities[k])
            elif played is not None:
                step = float(played)
            else:
                step = 0.0
            reach[c] = reach[i] * step
            out.append(PlacedEdge(i, c, played, behavior is not None and reach[c] > 0))
    return out


def _crosses(box: tuple[float, float, float, float], a: tuple[float, float],
             b: tuple[float, float]) -> bool:
    """Whether the axis-parallel segment ``a``-``b`` meets ``box``."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x0 <= box[2] and x1 >= box[0] and y0 <= box[3] and y1 >= box[1]


def _hits(points: list[tuple[float, float]], boxes: list[tuple[float, float, float, float]]
          ) -> int:
    return sum(1 for box in boxes for a, b in zip(points, points[1:], strict=False)
               if _crosses(box, a, b))


def _links(game: Any, nodes: list[PlacedNode]) -> list[InfosetLink]:
    by_index = {n.index: n for n in nodes}
    out: list[InfosetLink] = []
    used: list[tuple[float, float, float]] = []  # channels taken: (y, x0, x1)
    for s, infoset in enumerate(game.infosets):
        members = sorted((by_index[m] for m in infoset.members if m in by_index),
                         key=lambda n: (n.x, n.y))
        for a, b in zip(members, members[1:], strict=False):
            others = [n for n in nodes if n.index not in (a.index, b.index)]
            boxes = [n.box for n in others]
            if a.depth == b.depth:
                straight = [(a.x + RADIUS, a.y), (b.x - RADIUS, b.y)]
                if _hits(straight, boxes) == 0:
                    out.append(InfosetLink(s, tuple(straight)))
                    continue
            out.append(InfosetLink(s, tuple(_route(a, b, boxes, used))))
    return out


def _route(a: PlacedNode, b: PlacedNode, boxes: list[tuple[float, float, float, float]],
           used: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """A path from ``a`` down to a free horizontal channel and over to ``b``."""
    upper, lower = (a, b) if a.y <= b.y else (b, a)
    top = upper.y + 30.0
    bottom = lower.y + ROW - 46.0 if upper.depth == lower.depth else lower.y - 40.0
    side = -1.0 if upper.x < lower.x else 1.0
    if upper.depth == lower.depth:
        lane = lower.x
        end = [(lower.x, lower.y + RADIUS)]
    else:  # come in from the side of the deeper node, in the gap beside its box
        lane = (lower.box[0] - GAP / 2) if side < 0 else (lower.box[2] + GAP / 2)
        end = [(lane, lower.y), (lower.x + side * RADIUS, lower.y)]
    best: list[tuple[float, float]] = []
    best_score = None
    y = top
    while y <= max(bottom, top):
        clash = any(abs(y - uy) < 8 and min(upper.x, lane) < ux1 and max(upper.x, lane) > ux0
                    for uy, ux0, ux1 in used)
        path = [(upper.x, upper.y + RADIUS), (upper.x, y), (lane, y), *end]
        score = _hits(path, boxes) * 10 + int(clash)
        if best_score is None or score < best_score:
            best, best_score = path, score
            if score == 0:
                break
        y += 4.0
    used.append((best[1][1], min(upper.x, lane), max(upper.x, lane)))
    return best
