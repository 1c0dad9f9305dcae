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
import gc
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from .extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame, Infoset, Node
from .tree_arrays import arrays_from_parts, store_tree_arrays

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
    ks_all = rng.choice(np.asarray(branching), size=max(1, nodes))
    total = 1 + np.cumsum(ks_all)
    n_inner = int(np.searchsorted(total, nodes)) + 1  # expanded nodes (BFS numbers 0..)
    n_inner = min(n_inner, len(ks_all))
    ks = ks_all[:n_inner].astype(np.int64)
    n_all = 1 + int(ks.sum())
    is_chance = rng.random(n_inner) < chance
    is_chance[0] = False
    owner = rng.integers(players, size=n_inner)
    n_leaves = n_all - n_inner
    pays = rng.integers(-payoff_range, payoff_range + 1, size=(n_leaves, players))
    weights = rng.integers(1, 4, size=n_all)
    shape = _bfs_shape(ks, n_all)
    return _emit_perfect_information(shape, is_chance, owner, pays, weights, players,
                                     payoff_range, name)


class _BfsShape(NamedTuple):
    """A tree numbered breadth first (inner nodes ``0..n_inner-1``; the children of ``v``
    are ``first[v] .. first[v] + ks[v] - 1``) with its preorder positions ``pos``."""

    ks: np.ndarray
    first: np.ndarray
    parent: np.ndarray
    action: np.ndarray
    pos: np.ndarray


def _bfs_shape(ks: np.ndarray, n_all: int) -> _BfsShape:
    """Parents, actions and preorder positions of the breadth-first tree, level by level.

    Each level is a contiguous range of breadth-first numbers, and so are the children
    of a contiguous range of inner nodes; subtree sizes are summed from the deepest level
    up, then a node's preorder position is its parent's plus one plus the sizes of its
    earlier siblings' subtrees.
    """
    n_inner = len(ks)
    first = np.zeros(n_inner, dtype=np.int64)
    first[0] = 1
    np.cumsum(ks[:-1], out=first[1:])
    first[1:] += 1
    parent = np.full(n_all, -1, dtype=np.int64)
    parent[1:] = np.repeat(np.arange(n_inner), ks)
    action = np.full(n_all, -1, dtype=np.int64)
    action[1:] = np.arange(n_all - 1) - np.repeat(first - 1, ks)
    levels = []  # inner ranges (a, b) per level
    a, b = 0, 1
    while a < min(b, n_inner):
        levels.append((a, min(b, n_inner)))
        a, b = int(first[a]), int(first[min(b, n_inner) - 1] + ks[min(b, n_inner) - 1])
    size = np.ones(n_all, dtype=np.int64)
    for a, b in reversed(levels):
        c0 = int(first[a])
        c1 = int(first[b - 1] + ks[b - 1])
        size[a:b] += np.add.reduceat(size[c0:c1], first[a:b] - c0)
    pos = np.zeros(n_all, dtype=np.int64)
    for a, b in levels:
        c0 = int(first[a])
        c1 = int(first[b - 1] + ks[b - 1])
        sizes = size[c0:c1]
        before = np.cumsum(sizes) - sizes  # sizes of all earlier children in the range
        start = np.repeat(before[first[a:b] - c0], ks[a:b])
        pos[c0:c1] = np.repeat(pos[a:b], ks[a:b]) + 1 + before - start
    return _BfsShape(ks, first, parent, action, pos)


def _emit_perfect_information(shape: _BfsShape, is_chance: np.ndarray, owner: np.ndarray,
                              pays: np.ndarray, weights: np.ndarray, players: int,
                              payoff_range: int, name: str | None) -> ExtensiveFormGame:
    """The game in preorder (records made in bulk) with its arrays attached."""
    ks, first, pos = shape.ks, shape.first, shape.pos
    n_inner, n_all = len(ks), len(pos)
    order = np.empty(n_all, dtype=np.int64)
    order[pos] = np.arange(n_all)
    par_pre = np.full(n_all, -1, dtype=np.int64)
    par_pre[pos[1:]] = pos[shape.parent[1:]]
    act_pre = np.full(n_all, -1, dtype=np.int64)
    act_pre[pos] = shape.action
    inner_pre = order < n_inner
    kind = np.full(n_all, 2, dtype=np.int8)
    kind[pos[:n_inner]] = np.where(is_chance, 1, 0)
    # chance edge probabilities w / sum(w) over the siblings
    wsum = np.add.reduceat(weights[1:], first - 1)
    edge_w = np.ones(n_all, dtype=np.int64)
    edge_s = np.ones(n_all, dtype=np.int64)
    from_chance = np.zeros(n_all, dtype=bool)
    from_chance[1:] = is_chance[shape.parent[1:]]
    edge_w[pos[from_chance]] = weights[from_chance]
    edge_s[pos[from_chance]] = wsum[shape.parent[from_chance]]
    # leaves get payoff rows in preorder
    leaf_pre = np.flatnonzero(~inner_pre)
    payoffs = np.zeros((n_all, players))
    pay_num = np.zeros((n_all, players), dtype=np.int64)
    pay_num[leaf_pre] = pays
    payoffs[leaf_pre] = pays
    dec_pre = np.flatnonzero(kind == 0)
    player = np.full(n_all, -1, dtype=np.int64)
    player[pos[:n_inner]] = owner
    player[kind != 0] = -1
    infoset = np.full(n_all, -1, dtype=np.int64)
    infoset[dec_pre] = np.arange(len(dec_pre))
    kids_pre = pos[1:][np.argsort(pos[shape.parent[1:]], kind="stable")]
    child_ptr = np.zeros(n_all + 1, dtype=np.int64)
    np.cumsum(np.bincount(par_pre[1:], minlength=n_all), out=child_ptr[1:])
    # a million new records would trigger the cyclic garbage collector hundreds of times
    # (each run scanning every object made so far); they hold no cycles
    enabled = gc.isenabled()
    gc.disable()
    try:
        nodes_out, infosets = _bulk_records(
            kind, par_pre, act_pre, player, infoset, child_ptr, kids_pre, pays, leaf_pre,
            edge_w, edge_s, payoff_range)
    finally:
        if enabled:
            gc.enable()
    game = ExtensiveFormGame.from_nodes(
        nodes_out, infosets, players=[f"P{i + 1}" for i in range(players)],
        name=name or f"random perfect-information tree ({n_all} nodes)",
    )
    edge_prob = edge_w / edge_s
    store_tree_arrays(game, arrays_from_parts(
        par_pre, act_pre, kind, player, infoset, payoffs, edge_prob, pay_num,
        np.ones(n_all, dtype=np.int64), edge_w, edge_s, True))
    return game


def _bulk_records(kind: np.ndarray, parent: np.ndarray, action: np.ndarray,
                  player: np.ndarray, infoset: np.ndarray, child_ptr: np.ndarray,
                  kids: np.ndarray, pays: np.ndarray, leaf_pre: np.ndarray,
                  edge_w: np.ndarray, edge_s: np.ndarray, payoff_range: int
                  ) -> tuple[list[Node], list[Infoset]]:
    """:class:`Node` and :class:`Infoset` records in preorder, made without the frozen
    dataclass's per-field ``__setattr__``; equal payoff and probability tuples are shared
    (they are immutable)."""
    n_all = len(kind)
    fractions = {x: Fraction(x) for x in range(-payoff_range, payoff_range + 1)}
    rows: dict[tuple[int, ...], tuple[tuple[float, ...], tuple[Fraction, ...]]] = {}
    leaf_rows = []
    for p in map(tuple, pays.tolist()):
        row = rows.get(p)
        if row is None:
            row = rows[p] = (tuple(map(float, p)), tuple(fractions[x] for x in p))
        leaf_rows.append(row)
    leaf_of = dict(zip(leaf_pre.tolist(), leaf_rows, strict=True))
    kid_list = kids.tolist()
    ptr = child_ptr.tolist()
    ew, es = edge_w.tolist(), edge_s.tolist()
    labels: dict[int, tuple[str, ...]] = {}
    chance_labels: dict[int, tuple[str, ...]] = {}
    new = object.__new__
    set_dict = object.__setattr__
    nodes_out: list[Node] = []
    infosets: list[Infoset] = []
    base = dict(_NODE_DEFAULTS)
    for i, (k, par, a, pl) in enumerate(zip(kind.tolist(), parent.tolist(), action.tolist(),
                                            player.tolist(), strict=True)):
        rec = dict(base)
        rec["name"] = nm = f"n{i}"
        if i:
            rec["parent"] = par
            rec["action"] = a
        if k == 2:
            rec["kind"] = TERMINAL
            rec["payoffs"], rec["exact_payoffs"] = leaf_of[i]
        else:
            kids_i = tuple(kid_list[ptr[i]:ptr[i + 1]])
            rec["children"] = kids_i
            nk = len(kids_i)
            if k == 1:
                probs = tuple(Fraction(ew[c], es[c]) for c in kids_i)
                acts = chance_labels.get(nk)
                if acts is None:
                    acts = chance_labels[nk] = tuple(f"c{j}" for j in range(nk))
                rec.update(kind=CHANCE, actions=acts, probabilities=tuple(map(float, probs)),
                           exact_probabilities=probs)
            else:
                acts = labels.get(nk)
                if acts is None:
                    acts = labels[nk] = (tuple("abcde"[:nk]) if nk <= 5
                                         else tuple(f"a{j}" for j in range(nk)))
                h = len(infosets)
                rec.update(kind=DECISION, player=pl, infoset=h, actions=acts)
                iset = new(Infoset)
                set_dict(iset, "__dict__", {"player": pl, "name": nm, "actions": acts,
                                            "members": (i,)})
                infosets.append(iset)
        node = new(Node)
        set_dict(node, "__dict__", rec)
        nodes_out.append(node)
    assert len(nodes_out) == n_all
    return nodes_out, infosets


_NODE_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Node)}

