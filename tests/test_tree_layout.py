"""The tidy tree layout, checked geometrically (games/tree_layout.py).

For every catalog tree (with its first equilibrium's behavior and beliefs, with and
without the zero-probability chance branches) and for random trees
(games/random_extensive.py, with chance moves and information sets):

- no two node boxes overlap (a node's box holds its marker and all its labels, measured
  by text length), so no two labels collide;
- every label and every information-set link lies inside the drawing (the viewBox);
- no information-set link runs through the marker of a node outside its set;
- every parent is centred over its first and last child, and children are ordered left
  to right as in the game.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from alliance_games import Decision, ExtensiveFormGame, Terminal, catalog, load, solve
from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.games.tree_layout import TreeLayout, _crosses, text_width, tree_layout

TREES = [e.slug for e in catalog() if hasattr(load(e.slug), "nodes")]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_layout(game: Any, layout: TreeLayout) -> None:
    pairs = [(a.index, b.index) for a, b in itertools.combinations(layout.nodes, 2)
             if _overlap(a.box, b.box)]
    assert pairs == [], f"overlapping node boxes {pairs[:5]}"
    for lab in layout.labels:
        x0, y0, x1, y1 = lab.box()
        assert 0 <= x0 and x1 <= layout.width and 0 <= y0 and y1 <= layout.height, lab
    for link in layout.links:
        members = set(game.infosets[link.infoset].members)
        for x, y in link.points:
            assert 0 <= x <= layout.width and 0 <= y <= layout.height
        for n in layout.nodes:
            if n.index in members:
                continue
            for a, b in itertools.pairwise(link.points):
                assert not _crosses(n.marker(), a, b), (game.infosets[link.infoset].name,
                                                        n.index)
    pos = {n.index: n for n in layout.nodes}
    for n in layout.nodes:
        kids = [c for c in game.nodes[n.index].children if c in pos]
        if kids:
            xs = [pos[c].x for c in kids]
            assert xs == sorted(xs) and len(set(xs)) == len(xs)
            assert abs(n.x - (xs[0] + xs[-1]) / 2) < 1e-6


@pytest.mark.parametrize("slug", TREES)
@pytest.mark.parametrize("collapse", [False, True])
def test_catalog_trees_are_tidy(slug: str, collapse: bool) -> None:
    game = load(slug)
    eq = solve(game).equilibria[0]
    layout = tree_layout(game, eq.behavior, eq.beliefs, collapse_zero=collapse)
    check_layout(game, layout)
    shown = {n.index for n in layout.nodes}
    if not collapse:
        assert shown == set(range(len(game.nodes)))


@pytest.mark.parametrize("seed", range(12))
def test_random_trees_are_tidy(seed: int) -> None:
    game = random_extensive_game(seed, leaves=12 + 3 * seed, players=2 + seed % 2,
                                 chance_root=seed % 2 == 0, max_infoset=3)
    check_layout(game, tree_layout(game))


def test_deep_tree_needs_no_recursion() -> None:
    """A chain of 3,000 decisions (deeper than Python's default recursion limit of
    1,000) is laid out: the passes are loops over the preorder, not recursive calls."""
    node: Any = Terminal((0, 0))
    for k in range(3000):
        node = Decision("A" if k % 2 else "B", {"stop": Terminal((k, -k)), "go": node})
    game = ExtensiveFormGame.from_tree(node, players=("A", "B"), name="chain")
    layout = tree_layout(game)
    assert len(layout.nodes) == len(game.nodes)
    assert max(n.depth for n in layout.nodes) == 3000


def test_zero_probability_chance_branches_collapse() -> None:
    """sinking_costs has p_resolved_challenger = 0: two chance branches of probability 0
    are left out on request, and the drawing gets narrower."""
    game = load("extended_deterrence/sinking_costs")
    full, collapsed = tree_layout(game), tree_layout(game, collapse_zero=True)
    assert collapsed.hidden_branches == 2 and full.hidden_branches == 0
    assert collapsed.width < full.width
    assert len(collapsed.nodes) < len(full.nodes)


def test_equilibrium_path_and_beliefs() -> None:
    """Entry deterrence: In, then Accommodate (1 > -1 for the incumbent; then 1 > 0 for
    the entrant) is the SPE path: exactly those two edges are on the path. An
    information set of two nodes gets its beliefs written beside its members."""
    game = ExtensiveFormGame.from_tree(
        Decision("Entrant", {
            "Out": Terminal((0, 2), "peace"),
            "In": Decision("Incumbent", {"Fight": Terminal((-1, -1), "war"),
                                         "Accommodate": Terminal((1, 1), "deal")})}),
        players=("Entrant", "Incumbent"), name="entry")
    eq = solve(game).equilibria[0]
    layout = tree_layout(game, eq.behavior)
    on = sorted(game.nodes[e.child].name for e in layout.edges if e.on_path)
    assert len(on) == 2 and all("In" in name for name in on)
    signaling = load("extended_deterrence/perfect_deterrence")
    eq = solve(signaling).equilibria[0]
    labels = [lab.text for lab in tree_layout(signaling, eq.behavior, eq.beliefs).labels
              if lab.role == "belief"]
    assert labels and all(t.startswith("μ ") for t in labels)


def test_text_width_grows_with_length_and_weight() -> None:
    assert text_width("Mobilize") < text_width("Mobilize and wait")
    assert text_width("W") > text_width("i")
    assert text_width("Defender", bold=True) > text_width("Defender")
