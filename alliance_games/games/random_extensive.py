"""Random extensive-form games with chance moves and information sets (for tests, benchmarks).

The tree is grown breadth first: a leaf is turned into a chance node (probability
``chance``) or a decision node of a random player, with 2 or 3 children (the same number for one
player's nodes at one depth), until the tree
has at least ``leaves`` terminal nodes. Information sets are then formed level by level:
decision nodes at the same depth that belong to the same player, have the same number of
actions and the same last own sequence (so that perfect recall holds by construction) are
grouped at random into sets of up to ``max_infoset`` nodes. Payoffs are integers in
``[-payoff_range, payoff_range]``; chance probabilities are small rationals. Everything is
drawn from ``rng``, so a seed reproduces the game.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from .extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame, Infoset, Node

__all__ = ["random_extensive_game", "random_perfect_information_game"]


def random_extensive_game(
    rng: np.random.Generator | int,
    *,
    leaves: int = 16,
    players: int = 2,
    chance: float = 0.2,
    max_infoset: int = 3,
    payoff_range: int = 9,
    branching: tuple[int, ...] = (2, 3),
    chance_root: bool = False,
    name: str | None = None,
) -> ExtensiveFormGame:
    """A random perfect-recall game with about ``leaves`` terminal nodes.

    Parameters
    ----------
    rng
        A :class:`numpy.random.Generator` or a seed.
    leaves
        Minimum number of terminal nodes (the last expansion may add one or two more).
    players
        Number of players.
    chance
        Probability that an expanded node is a chance node (the root never is).
    max_infoset
        Largest information set (1 gives perfect information).
    payoff_range
        Payoffs are integers in ``[-payoff_range, payoff_range]``.
    branching
        Possible numbers of children of an internal node.
    chance_root
        Start with a chance move (as in games of incomplete information), which makes
        information sets across nature's branches likely.
    """
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    # the three steps draw from ``rng`` in this order (the same games for the same seed)
    tree = _grow(rng, leaves, players, chance, branching, chance_root)
    infoset_of, members, set_player = _group_infosets(rng, tree, players, max_infoset)
    return _emit(rng, tree, infoset_of, members, set_player, players, payoff_range, name)


class _Tree(NamedTuple):
    """The grown tree: per node (numbered by depth) its kind, owner, children, parent,
    depth, and the preorder numbering."""

    kinds: list[str]
    owner: list[int | None]
    children: list[list[int]]
    parent: list[int | None]
    depth: list[int]
    order: list[int]
    pos: dict[int, int]


def _grow(rng: np.random.Generator, leaves: int, players: int, chance: float,
          branching: tuple[int, ...], chance_root: bool) -> _Tree:
    """Expand the frontier breadth-first until there are ``leaves`` terminal nodes."""
    # grow: kinds[v], children[v], parent[v], depth[v]
    kinds: list[str] = [TERMINAL]
    owner: list[int | None] = [None]
    children: list[list[int]] = [[]]
    parent: list[int | None] = [None]
    depth = [0]
    frontier = [0]
    n_leaves = 1
    head = 0
    widths: dict[tuple[int, int], int] = {}
    while n_leaves < leaves:
        v = frontier[head]
        head += 1
        if (v == 0 and chance_root) or (v != 0 and rng.random() < chance):
            kinds[v] = CHANCE
            k = int(rng.choice(branching))
        else:
            kinds[v] = DECISION
            player = int(rng.integers(players))
            owner[v] = player
            # one action count per (depth, player) makes same-depth nodes groupable
            k = widths.setdefault((depth[v], player), int(rng.choice(branching)))
        for _ in range(k):
            c = len(kinds)
            kinds.append(TERMINAL)
            owner.append(None)
            children.append([])
            parent.append(v)
            depth.append(depth[v] + 1)
            children[v].append(c)
            frontier.append(c)
        n_leaves += k - 1
    # preorder numbering
    order: list[int] = []
    stack = [0]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(children[v]))
    pos = {v: i for i, v in enumerate(order)}
    return _Tree(kinds, owner, children, parent, depth, order, pos)


def _group_infosets(rng: np.random.Generator, tree: _Tree, players: int, max_infoset: int
                    ) -> tuple[dict[int, int], list[list[int]], list[int]]:
    """Group same-depth decision nodes with the same owner, action count and own last
    sequence (so perfect recall holds) into random sets of at most ``max_infoset``."""
    kinds, owner, children, parent, depth = (tree.kinds, tree.owner, tree.children,
                                             tree.parent, tree.depth)
    # information sets level by level (BFS order = original numbering by depth)
    own_seq: dict[tuple[int, int], tuple[int, int] | None] = {}  # (node, player) -> (set, a)
    infoset_of: dict[int, int] = {}
    members: list[list[int]] = []
    set_player: list[int] = []
    by_depth: dict[int, list[int]] = {}
    for v in range(len(kinds)):
        by_depth.setdefault(depth[v], []).append(v)

    def seq(v: int, i: int) -> tuple[int, int] | None:
        return own_seq.get((v, i))

    for d in sorted(by_depth):
        for v in by_depth[d]:
            p = parent[v]
            if p is not None:
                for i in range(players):
                    own_seq[(v, i)] = seq(p, i)
                if kinds[p] == DECISION:
                    own_seq[(v, owner[p])] = (infoset_of[p], children[p].index(v))  # type: ignore[index]
        # (owner, action count, owner's last sequence) -> decision nodes
        buckets: dict[tuple[int, int, tuple[int, int] | None], list[int]] = {}
        for v in by_depth[d]:
            if kinds[v] == DECISION:
                who = owner[v]
                assert who is not None  # _grow gives every decision node an owner
                key = (who, len(children[v]), seq(v, who))
                buckets.setdefault(key, []).append(v)
        for key, nodes in buckets.items():
            nodes = list(nodes)
            rng.shuffle(nodes)
            i = 0
            while i < len(nodes):
                size = int(rng.integers(1, max_infoset + 1))
                group = nodes[i:i + size]
                i += size
                h = len(members)
                members.append(group)
                set_player.append(key[0])
                for v in group:
                    infoset_of[v] = h
    return infoset_of, members, set_player


def _emit(rng: np.random.Generator, tree: _Tree, infoset_of: dict[int, int],
          members: list[list[int]], set_player: list[int], players: int, payoff_range: int,
          name: str | None) -> ExtensiveFormGame:
    """The game: nodes in preorder with random payoffs and chance probabilities."""
    kinds, owner, children, parent = tree.kinds, tree.owner, tree.children, tree.parent
    order, pos = tree.order, tree.pos
    # renumber information sets by first member in preorder
    first = sorted(range(len(members)), key=lambda h: min(pos[v] for v in members[h]))
    new_h = {h: k for k, h in enumerate(first)}
    action_names = ["a", "b", "c", "d", "e"]
    nodes_out: list[Node] = []
    for v in order:
        kids = tuple(pos[c] for c in children[v])
        par = None if parent[v] is None else pos[parent[v]]  # type: ignore[index]
        act = None if parent[v] is None else children[parent[v]].index(v)  # type: ignore[index]
        vname = f"n{pos[v]}"
        if kinds[v] == TERMINAL:
            pays = tuple(Fraction(int(x)) for x in
                         rng.integers(-payoff_range, payoff_range + 1, players))
            nodes_out.append(Node(vname, TERMINAL, par, act, payoffs=tuple(map(float, pays)),
                                  exact_payoffs=pays, outcome=f"o{int(rng.integers(3))}"))
        elif kinds[v] == CHANCE:
            weights = rng.integers(1, 4, len(kids))
            probs = tuple(Fraction(int(w), int(weights.sum())) for w in weights)
            nodes_out.append(Node(vname, CHANCE, par, act, kids,
                                  actions=tuple(f"c{j}" for j in range(len(kids))),
                                  probabilities=tuple(map(float, probs)),
                                  exact_probabilities=probs))
        else:
            h = new_h[infoset_of[v]]
            nodes_out.append(Node(vname, DECISION, par, act, kids, player=owner[v], infoset=h,
                                  actions=tuple(action_names[: len(kids)])))
    infosets = []
    for h_old in first:
        mem = tuple(sorted(pos[v] for v in members[h_old]))
        k = len(children[members[h_old][0]])
        infosets.append(Infoset(set_player[h_old], f"I{new_h[h_old] + 1}",
                                tuple(action_names[:k]), mem))
    return ExtensiveFormGame.from_nodes(
        nodes_out, infosets, players=[f"P{i + 1}" for i in range(players)],
        name=name or f"random tree ({len(order)} nodes)",
    )


def random_perfect_information_game(
    rng: np.random.Generator | int,
    *,
    nodes: int = 1000,
    players: int = 2,
    chance: float = 0.0,
    payoff_range: int = 9,
    branching: tuple[int, ...] = (2, 3),
    name: str | None = None,
) -> ExtensiveFormGame:
    """A random perfect-information game with at least ``nodes`` nodes, built in bulk.

    The tree is grown breadth first (the ``j``-th expanded node gets a number of children
    drawn from ``branching``) until it has ``nodes`` nodes; an inner node other than the
    root is a chance node with probability ``chance`` (branch weights 1-3, normalised),
    otherwise a decision node of a random player with its own information set; payoffs
    are integers in ``[-payoff_range, payoff_range]``. All draws are made as arrays, so
    a tree of a million nodes takes seconds (for benchmarks and tests of large trees;
    :func:`random_extensive_game` draws node by node).
    """
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    ks = rng.choice(np.asarray(branching), size=max(1, nodes))
    total = 1 + np.cumsum(ks)
    n_inner = int(np.searchsorted(total, nodes)) + 1  # expanded nodes (BFS numbers 0..)
    n_inner = min(n_inner, len(ks))
    ks = ks[:n_inner].tolist()
    n_all = 1 + sum(ks)
    is_chance = (rng.random(n_inner) < chance).tolist()
    is_chance[0] = False
    owner = rng.integers(players, size=n_inner).tolist()
    first_child = (1 + np.concatenate([[0], np.cumsum(ks)[:-1]])).tolist()
    n_leaves = n_all - n_inner
    pays = rng.integers(-payoff_range, payoff_range + 1, size=(n_leaves, players)).tolist()
    weights = rng.integers(1, 4, size=n_all).tolist()
    # preorder numbering of the BFS numbers
    order: list[int] = []
    stack = [0]
    while stack:
        v = stack.pop()
        order.append(v)
        if v < n_inner:
            stack.extend(range(first_child[v] + ks[v] - 1, first_child[v] - 1, -1))
    pos = [0] * n_all
    for i, v in enumerate(order):
        pos[v] = i
    parent = [-1] * n_all
    act = [-1] * n_all
    for v in range(n_inner):
        f = first_child[v]
        for k in range(ks[v]):
            parent[f + k] = pos[v]
            act[f + k] = k
    labels = {k: tuple("abcde"[:k]) if k <= 5 else tuple(f"a{j}" for j in range(k))
              for k in set(ks)}
    chance_labels = {k: tuple(f"c{j}" for j in range(k)) for k in set(ks)}
    fractions = {x: Fraction(x) for x in range(-payoff_range, payoff_range + 1)}
    nodes_out: list[Node] = []
    infosets: list[Infoset] = []
    leaf = 0
    for i, v in enumerate(order):
        par: int | None = None if v == 0 else parent[v]
        a = None if v == 0 else act[v]
        if v >= n_inner:
            p = pays[leaf]
            leaf += 1
            nodes_out.append(_node(f"n{i}", TERMINAL, par, a, (),
                                   payoffs=tuple(map(float, p)),
                                   exact_payoffs=tuple(fractions[x] for x in p)))
            continue
        k = ks[v]
        kids = tuple(pos[c] for c in range(first_child[v], first_child[v] + k))
        if is_chance[v]:
            w = weights[first_child[v]:first_child[v] + k]
            probs = tuple(Fraction(x, sum(w)) for x in w)
            nodes_out.append(_node(f"n{i}", CHANCE, par, a, kids, actions=chance_labels[k],
                                   probabilities=tuple(map(float, probs)),
                                   exact_probabilities=probs))
        else:
            h = len(infosets)
            infosets.append(Infoset(owner[v], f"n{i}", labels[k], (i,)))
            nodes_out.append(_node(f"n{i}", DECISION, par, a, kids, player=owner[v],
                                   infoset=h, actions=labels[k]))
    return ExtensiveFormGame.from_nodes(
        nodes_out, infosets, players=[f"P{i + 1}" for i in range(players)],
        name=name or f"random perfect-information tree ({n_all} nodes)",
    )


_NODE_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Node)}


def _node(name: str, kind: str, parent: int | None, action: int | None,
          children: tuple[int, ...], **fields: Any) -> Node:
    """A :class:`Node` equal to ``Node(name, kind, parent, action, children, **fields)``,
    made without the frozen dataclass's per-field ``__setattr__`` (about 5x faster)."""
    node = object.__new__(Node)
    node.__dict__.update(_NODE_DEFAULTS, name=name, kind=kind, parent=parent, action=action,
                         children=children, **fields)
    return node
