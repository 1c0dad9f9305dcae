"""A game tree as flat numpy arrays, for vectorised passes over large trees.

The nodes of an :class:`~alliance_games.games.extensive.ExtensiveFormGame` are stored in
preorder as :class:`~.tree_nodes.Node` records; a pass over a tree of 10^6 nodes that
reads those records one by one costs seconds in Python. :class:`TreeArrays` holds the
same tree as arrays: parent, action, kind, player and information set per node, the
children in compressed rows (``children[child_ptr[v]:child_ptr[v + 1]]`` in action
order), payoffs, the probability of each chance edge, and the nodes grouped by depth so
that a bottom-up pass handles one level at a time (every child is one level below its
parent). Exact numbers are kept as integer numerators over a common denominator per
node where they fit in 64-bit integers (``exact_ok``).

:func:`tree_arrays` builds them once per game and caches them on the game (bulk
generators such as :func:`~.random_extensive.random_perfect_information_game` store
arrays they already have, so the records are never read back).
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Any, NamedTuple

import numpy as np

from .tree_nodes import CHANCE, DECISION, TERMINAL

__all__ = ["TreeArrays", "tree_arrays", "store_tree_arrays", "arrays_from_parts", "KIND_CODE"]

KIND_CODE = {DECISION: 0, CHANCE: 1, TERMINAL: 2}
_CACHE_KEY = "_tree_arrays_cache"
_EXACT_LIMIT = 1 << 40  # numerators and denominators beyond this leave ``exact_ok`` False


class TreeArrays(NamedTuple):
    """The tree of a game as arrays (``n`` nodes in preorder, ``P`` players).

    Attributes
    ----------
    parent, action
        ``int64[n]``: parent index and the action leading here (-1 at the root).
    kind
        ``int8[n]``: 0 decision, 1 chance, 2 terminal.
    player, infoset
        ``int64[n]``: decision nodes' player and information set (-1 elsewhere).
    child_ptr, children
        Compressed rows: the children of ``v`` are ``children[child_ptr[v]:child_ptr[v+1]]``.
    payoffs
        ``float64[n, P]``: terminal payoffs (0 elsewhere).
    edge_prob
        ``float64[n]``: the chance probability of the edge into ``v`` (1 when the parent is
        not a chance node, and at the root).
    pay_num, pay_den, prob_num, prob_den
        Exact terminal payoffs ``pay_num[v, i] / pay_den[v]`` and chance edge probabilities
        ``prob_num[v] / prob_den[v]`` as int64 (meaningful only when ``exact_ok``).
    exact_ok
        True when every number is rational and fits the int64 representation.
    levels
        Node indices grouped by depth: ``levels[d]`` holds the nodes at depth ``d``.
    """

    parent: np.ndarray
    action: np.ndarray
    kind: np.ndarray
    player: np.ndarray
    infoset: np.ndarray
    child_ptr: np.ndarray
    children: np.ndarray
    payoffs: np.ndarray
    edge_prob: np.ndarray
    pay_num: np.ndarray
    pay_den: np.ndarray
    prob_num: np.ndarray
    prob_den: np.ndarray
    exact_ok: bool
    levels: tuple[np.ndarray, ...]

    @property
    def n_nodes(self) -> int:
        return len(self.parent)


def tree_arrays(game: Any) -> TreeArrays:
    """The arrays of ``game`` (built on first use, then cached on the game)."""
    cached = game.__dict__.get(_CACHE_KEY)
    if cached is None:
        cached = _from_nodes(game.nodes, game.n_players)
        game.__dict__[_CACHE_KEY] = cached  # frozen dataclass: cache like cached_property
    return cached


def store_tree_arrays(game: Any, arrays: TreeArrays) -> None:
    """Attach arrays a bulk builder already has (they must describe ``game.nodes``)."""
    game.__dict__[_CACHE_KEY] = arrays


def _levels(parent: np.ndarray) -> tuple[np.ndarray, ...]:
    """Node indices by depth (preorder: a parent comes before its children)."""
    # depth by pointer jumping: O(n log depth) array operations, no Python loop per node
    anc = parent.copy()
    anc[0] = 0
    depth = np.ones(len(parent), dtype=np.int64)
    depth[0] = 0
    while (anc != 0).any():
        depth = depth + depth[anc]
        anc = anc[anc]
    order = np.argsort(depth, kind="stable")
    counts = np.bincount(depth)
    return tuple(np.split(order, np.cumsum(counts)[:-1]))


def arrays_from_parts(
    parent: np.ndarray, action: np.ndarray, kind: np.ndarray, player: np.ndarray,
    infoset: np.ndarray, payoffs: np.ndarray, edge_prob: np.ndarray,
    pay_num: np.ndarray, pay_den: np.ndarray, prob_num: np.ndarray, prob_den: np.ndarray,
    exact_ok: bool,
) -> TreeArrays:
    """Assemble :class:`TreeArrays` (children and levels derived from ``parent``/``action``)."""
    n = len(parent)
    counts = np.bincount(parent[1:], minlength=n) if n > 1 else np.zeros(n, dtype=np.int64)
    child_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=child_ptr[1:])
    # children sorted by (parent, action): preorder already lists siblings in action order
    # only when children were not reordered, so sort explicitly
    kids = np.arange(1, n, dtype=np.int64)
    order = np.lexsort((action[1:], parent[1:]))
    children = kids[order]
    return TreeArrays(
        parent=parent, action=action, kind=kind, player=player, infoset=infoset,
        child_ptr=child_ptr, children=children, payoffs=payoffs, edge_prob=edge_prob,
        pay_num=pay_num, pay_den=pay_den, prob_num=prob_num, prob_den=prob_den,
        exact_ok=exact_ok, levels=_levels(parent),
    )


def _from_nodes(nodes: Any, n_players: int) -> TreeArrays:
    n = len(nodes)
    parent = np.fromiter((-1 if x.parent is None else x.parent for x in nodes),
                         dtype=np.int64, count=n)
    action = np.fromiter((-1 if x.action is None else x.action for x in nodes),
                         dtype=np.int64, count=n)
    kind = np.fromiter((KIND_CODE[x.kind] for x in nodes), dtype=np.int8, count=n)
    player = np.fromiter((-1 if x.player is None else x.player for x in nodes),
                         dtype=np.int64, count=n)
    infoset = np.fromiter((-1 if x.infoset is None else x.infoset for x in nodes),
                          dtype=np.int64, count=n)
    payoffs = np.zeros((n, n_players))
    pay_num = np.zeros((n, n_players), dtype=np.int64)
    pay_den = np.ones(n, dtype=np.int64)
    edge_prob = np.ones(n)
    prob_num = np.ones(n, dtype=np.int64)
    prob_den = np.ones(n, dtype=np.int64)
    exact_ok = True
    terminals = np.flatnonzero(kind == 2)
    if len(terminals):
        payoffs[terminals] = [nodes[v].payoffs for v in terminals.tolist()]
    for v in terminals.tolist():
        ex = nodes[v].exact_payoffs
        if ex is None:
            exact_ok = False
            break
        den = 1
        for f in ex:
            if f.denominator != 1:
                den = lcm(den, f.denominator)
        if den != 1:
            pay_den[v] = den if den < _EXACT_LIMIT else 1
            exact_ok = exact_ok and den < _EXACT_LIMIT
        nums = [f.numerator * (den // f.denominator) for f in ex]
        if any(abs(x) >= _EXACT_LIMIT for x in nums):
            exact_ok = False
            break
        pay_num[v] = nums
    for v in np.flatnonzero(kind == 1).tolist():
        node = nodes[v]
        for k, c in enumerate(node.children):
            edge_prob[c] = node.probabilities[k]
        ex = node.exact_probabilities
        if ex is None:
            exact_ok = False
            continue
        for k, c in enumerate(node.children):
            f = Fraction(ex[k])
            if f.denominator >= _EXACT_LIMIT:
                exact_ok = False
            else:
                prob_num[c], prob_den[c] = f.numerator, f.denominator
    return arrays_from_parts(parent, action, kind, player, infoset, payoffs, edge_prob,
                             pay_num, pay_den, prob_num, prob_den, exact_ok)
