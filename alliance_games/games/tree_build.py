"""Flattening a nested tree into preorder node records (the game's constructor steps).

:func:`flatten_tree` walks the nested :class:`~.tree_nodes.Decision` /
:class:`~.tree_nodes.Chance` / :class:`~.tree_nodes.Terminal` builders with an explicit
stack (deep trees need no recursion) into one record per node in preorder;
:func:`assemble_nodes` names the nodes, groups decision nodes into information sets
(children reordered to the set's action order) and parses the numbers;
:func:`check_structure` checks flat records given directly.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import GameError
from .tree_nodes import (
    CHANCE,
    DECISION,
    TERMINAL,
    ActionPath,
    Chance,
    Decision,
    Infoset,
    Node,
    Terminal,
    TreeNode,
    _node_names,
    _payoffs,
    _probabilities,
    _replace_action,
    _where,
)

__all__ = ["flatten_tree", "assemble_nodes", "check_structure"]


def flatten_tree(root: TreeNode, players: tuple[str, ...]) -> list[dict[str, Any]]:
    """One record per node of the nested tree at ``root``, in preorder."""
    players = tuple(players)
    if len(set(players)) != len(players) or not players:
        raise GameError("players must be a non-empty list of distinct names")
    index = {p: i for i, p in enumerate(players)}
    flat: list[dict[str, Any]] = []
    # explicit stack, preorder: (tree node, parent index, action index, path)
    stack: list[tuple[Any, int | None, int | None, ActionPath]] = [
        (root, None, None, ActionPath())
    ]
    while stack:
        tnode, parent, action, path = stack.pop()
        me = len(flat)
        if parent is not None:
            flat[parent]["children"].append(me)
        rec: dict[str, Any] = {
            "given": tnode.name if not isinstance(tnode, dict) else None,
            "path": path, "parent": parent, "action": action, "children": [],
        }
        fields, labels, children = _node_fields(tnode, path, players, index)
        rec.update(fields)
        flat.append(rec)
        for k in reversed(range(len(children))):
            stack.append((children[k], me, k, path.child(str(labels[k]))))
    return flat


def _node_fields(tnode: Any, path: ActionPath, players: tuple[str, ...],
                 index: Mapping[str, int]) -> tuple[dict[str, Any], tuple[str, ...], list[Any]]:
    """``(record fields, action labels, children)`` of one nested node (checked)."""
    if isinstance(tnode, Decision):
        if tnode.player not in index:
            raise GameError(
                f"node {_where(tnode.name, path)}: unknown player {tnode.player!r}; "
                f"players are {', '.join(players)}"
            )
        labels = tuple(tnode.actions)
        return (dict(kind=DECISION, player=index[tnode.player], actions=labels,
                     infoset_name=tnode.infoset),
                labels, [tnode.actions[a] for a in labels])
    if isinstance(tnode, Chance):
        labels = tuple(tnode.branches)
        probs, children = [], []
        for a in labels:
            try:
                p, child = tnode.branches[a]
            except (TypeError, ValueError):
                raise GameError(
                    f"chance node {_where(tnode.name, path)}: branch {a!r} must be "
                    "(probability, child)"
                ) from None
            probs.append(p)
            children.append(child)
        return dict(kind=CHANCE, actions=labels, raw_probabilities=probs), labels, children
    if isinstance(tnode, Terminal):
        raw = tnode.payoffs
        if isinstance(raw, Mapping):
            missing = [p for p in players if p not in raw]
            extra = [k for k in raw if k not in index]
            if missing or extra:
                raise GameError(
                    f"terminal {_where(tnode.name, path)}: payoffs must name every "
                    f"player exactly ({', '.join(players)})"
                )
            raw = [raw[p] for p in players]
        return dict(kind=TERMINAL, raw_payoffs=list(raw), outcome=tnode.outcome), (), []
    raise GameError(
        f"node at {path.name() or 'root'}: expected Decision, Chance or "
        f"Terminal, found {type(tnode).__name__}"
    )


def assemble_nodes(
    flat: list[dict[str, Any]], players: tuple[str, ...]
) -> tuple[tuple[Node, ...], tuple[Infoset, ...]]:
    """The :class:`Node` records and information sets of the flat records ``flat``."""
    names = _node_names(flat)
    sets = _InfosetTable()
    nodes: list[Node] = []
    for i, rec in enumerate(flat):
        kind = rec["kind"]
        common = dict(name=names[i], kind=kind, parent=rec["parent"], action=rec["action"],
                      children=tuple(rec["children"]))
        if kind in (DECISION, CHANCE):
            labels = rec["actions"]
            if not labels:
                raise GameError(f"node {names[i]!r} has no actions")
            if len(set(labels)) != len(labels) or any(not str(a) for a in labels):
                raise GameError(
                    f"node {names[i]!r}: action labels must be distinct and non-empty, "
                    f"found {list(labels)}"
                )
        if kind == DECISION:
            key = (rec["player"], rec["infoset_name"] or names[i])
            h, labels = sets.join(key, i, labels, common, flat, names, players)
            nodes.append(Node(**common, player=rec["player"], infoset=h, actions=labels))
        elif kind == CHANCE:
            exact, floats = _probabilities(rec["raw_probabilities"], names[i])
            nodes.append(Node(**common, actions=labels, probabilities=floats,
                              exact_probabilities=exact))
        else:
            nodes.append(_terminal_node(common, rec, names[i], len(players)))
    # reordering children within an infoset changes their "action" field: rebuild
    nodes = [
        n if n.parent is None else _replace_action(n, flat[i]["action"])
        for i, n in enumerate(nodes)
    ]
    return tuple(nodes), sets.infosets()


class _InfosetTable:
    """Information sets met so far: key ``(player, name)`` -> index, members, actions."""

    def __init__(self) -> None:
        self.keys: dict[tuple[int, str], int] = {}
        self.members: list[list[int]] = []
        self.actions: list[tuple[str, ...]] = []

    def join(self, key: tuple[int, str], i: int, labels: tuple[str, ...],
             common: dict[str, Any], flat: list[dict[str, Any]], names: list[str],
             players: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        """Add decision node ``i`` to the set ``key``; its index and action labels.

        A node listing the set's actions in another order has its children reordered
        (in ``common`` and in the children's ``action`` fields of ``flat``).
        """
        h = self.keys.get(key)
        if h is None:
            h = self.keys[key] = len(self.members)
            self.members.append([])
            self.actions.append(labels)
        elif set(self.actions[h]) != set(labels) or len(labels) != len(self.actions[h]):
            first = names[self.members[h][0]]
            raise GameError(
                f"information set {key[1]!r} of {players[key[0]]}: nodes {first!r} "
                f"and {names[i]!r} have different actions "
                f"({', '.join(self.actions[h])} vs {', '.join(labels)})"
            )
        elif tuple(labels) != self.actions[h]:
            # same labels in another order: reorder the children to the set's order
            order = [labels.index(a) for a in self.actions[h]]
            common["children"] = tuple(common["children"][k] for k in order)
            for pos, child in enumerate(common["children"]):
                flat[child]["action"] = pos
            labels = self.actions[h]
        self.members[h].append(i)
        return h, labels

    def infosets(self) -> tuple[Infoset, ...]:
        return tuple(
            Infoset(player=key[0], name=key[1], actions=self.actions[h],
                    members=tuple(self.members[h]))
            for key, h in sorted(self.keys.items(), key=lambda kv: kv[1])
        )


def _terminal_node(common: dict[str, Any], rec: dict[str, Any], name: str, n: int) -> Node:
    raw = rec["raw_payoffs"]
    if len(raw) != n:
        raise GameError(
            f"terminal {name!r}: {len(raw)} payoffs given, {n} players"
        )
    exact, floats = _payoffs(raw, name)
    outcome = rec.get("outcome")
    return Node(**common, payoffs=floats, exact_payoffs=exact,
                outcome=str(outcome) if outcome is not None else None)


def check_structure(nodes: Sequence[Node]) -> None:
    """Raise :class:`GameError` unless ``nodes`` are uniquely named and in preorder.

    Node ``v``'s ``k``-th child ``c`` must satisfy ``c > v``, ``parent(c) = v`` and
    ``action(c) = k``, and inner nodes have one child per action. The test runs on
    arrays (a tree of 10^6 nodes in well under a second); when it fails, the node-by-node
    loop finds the first offending node for the message.
    """
    if not _structure_ok(nodes):
        _check_structure_loop(nodes)


def _structure_ok(nodes: Sequence[Node]) -> bool:
    n = len(nodes)
    if len({x.name for x in nodes}) != n:
        return False
    n_kids = np.fromiter((len(x.children) for x in nodes), dtype=np.int64, count=n)
    n_acts = np.fromiter((len(x.actions) for x in nodes), dtype=np.int64, count=n)
    inner = np.fromiter((x.kind != TERMINAL for x in nodes), dtype=bool, count=n)
    if (n_kids[inner] != n_acts[inner]).any():
        return False
    total = int(n_kids.sum())
    if total == 0:
        return True
    kids = np.fromiter(itertools.chain.from_iterable(x.children for x in nodes),
                       dtype=np.int64, count=total)
    owner = np.repeat(np.arange(n, dtype=np.int64), n_kids)
    if (kids <= owner).any() or (kids >= n).any():
        return False
    parent = np.fromiter((-1 if x.parent is None else x.parent for x in nodes),
                         dtype=np.int64, count=n)
    action = np.fromiter((-1 if x.action is None else x.action for x in nodes),
                         dtype=np.int64, count=n)
    offs = np.zeros(n, dtype=np.int64)
    np.cumsum(n_kids[:-1], out=offs[1:])
    pos = np.arange(total, dtype=np.int64) - offs[owner]
    return bool((parent[kids] == owner).all() and (action[kids] == pos).all())


def _check_structure_loop(nodes: Sequence[Node]) -> None:
    seen = set()
    for i, node in enumerate(nodes):
        if node.name in seen:
            raise GameError(f"duplicate node name {node.name!r}")
        seen.add(node.name)
        for k, c in enumerate(node.children):
            if c <= i or nodes[c].parent != i or nodes[c].action != k:
                raise GameError(f"node {node.name!r}: children are not in preorder")
        if node.kind != TERMINAL and len(node.children) != len(node.actions):
            raise GameError(f"node {node.name!r}: one child per action expected")
