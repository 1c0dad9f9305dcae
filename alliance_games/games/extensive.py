"""Immutable extensive-form games: trees with chance moves and information sets.

A game tree has three kinds of nodes:

*decision nodes*
    a player moves; the node belongs to an *information set* (the nodes the player cannot
    tell apart), which fixes the action labels;
*chance nodes*
    nature moves with given probabilities (exact :class:`~fractions.Fraction`\\ s when
    rational);
*terminal nodes*
    a payoff vector (exact and float) and an optional *outcome label* saying what the end
    state means (``"war"``, ``"deterrence success"`` ...).

Build a tree in Python with the nested constructors :class:`Decision`, :class:`Chance` and
:class:`Terminal`, then flatten it with :meth:`ExtensiveFormGame.from_tree`. The game
stores its nodes in *preorder* (a node's subtree is the contiguous index range
``[i, i + subtree_size[i])``), which makes subgames, reach probabilities and sequences
linear-time passes.

Behavior strategy profiles are plain mappings ``player -> infoset -> action ->
probability`` (the JSON ``behavior`` key). Under a profile ``b`` the probability of
reaching node ``v`` is the product of the probabilities of the actions (chance included) on
the path from the root to ``v``; beliefs at an information set ``h`` follow from Bayes'
rule, ``mu(v) = P(v) / sum_{w in h} P(w)``, where the denominator is positive (Kuhn 1953;
Kreps & Wilson 1982).

A *sequence* of player ``i`` is the empty sequence or a pair (information set, action) of
``i``; every node has, for each player, the last own sequence on its path. The game has
*perfect recall* iff all nodes of each information set share that sequence for their
player (Kuhn 1953; Koller, Megiddo & von Stengel 1996, section 2).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", *Contributions to the Theory
of Games II*, 1953, pp. 193-216.
D. Koller, N. Megiddo & B. von Stengel, "Efficient computation of equilibria for extensive
two-person games", *Games and Economic Behavior* 14, 1996, pp. 247-259.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, NamedTuple

from ..errors import GameError
from ..numbers import payoff_float as _to_float
from ..numbers import payoff_fraction as _to_fraction

__all__ = [
    "ActionPath",
    "NAME_PATH_LIMIT",
    "Decision",
    "Chance",
    "Terminal",
    "TreeNode",
    "Node",
    "Infoset",
    "ExtensiveFormGame",
    "Behavior",
    "Number",
]

Number = Fraction | float
Behavior = Mapping[str, Mapping[str, Mapping[str, Any]]]
"""``player -> infoset name -> action label -> probability``."""

DECISION, CHANCE, TERMINAL = "decision", "chance", "terminal"

NAME_PATH_LIMIT = 24
"""Generated node names spell the whole action path up to this many actions; deeper
nodes keep its first and last :data:`NAME_PATH_ENDS` labels (see :class:`ActionPath`)."""
NAME_PATH_ENDS = 8


class ActionPath(NamedTuple):
    """The action labels from the root to a node, kept in bounded memory.

    A node without a given name is named by its action path (``"Challenge/Resist"``).
    Spelling out the whole path for every node of a deep tree takes memory quadratic in
    the depth (a chain of 10,000 moves would hold 50 million labels), so beyond
    :data:`NAME_PATH_LIMIT` actions the name keeps the first and last
    :data:`NAME_PATH_ENDS` labels and says how many were left out:
    ``"a/b/c/d/e/f/g/h/...(9984 more)/s/t/u/v/w/x/y/z"`` at depth 10,000. Each node stores at most
    ``NAME_PATH_LIMIT + NAME_PATH_ENDS`` labels, its ``head`` shared with its parent
    once the limit is reached. (A named tuple: one is made per node.)
    """

    depth: int = 0
    head: tuple[str, ...] = ()
    tail: tuple[str, ...] = ()

    def child(self, label: str) -> ActionPath:
        """The path one action further."""
        head = self.head if len(self.head) >= NAME_PATH_LIMIT else (*self.head, label)
        return ActionPath(self.depth + 1, head, (*self.tail, label)[-NAME_PATH_ENDS:])

    def name(self) -> str:
        """The generated node name (``""`` at the root)."""
        if self.depth <= NAME_PATH_LIMIT:
            return "/".join(self.head)
        skipped = self.depth - 2 * NAME_PATH_ENDS
        return ("/".join(self.head[:NAME_PATH_ENDS]) + f"/...({skipped} more)/"
                + "/".join(self.tail))

    def __str__(self) -> str:
        return self.name()


# ---------------------------------------------------------------------- nested builders
@dataclass(frozen=True, eq=False)
class Decision:
    """A decision node of a nested tree: ``player`` picks one of ``actions``.

    ``actions`` maps each action label to the child node (order is kept). Nodes with the
    same ``(player, infoset)`` form one information set; ``infoset=None`` makes the node
    its own information set, named after the node.
    """

    player: str
    actions: Mapping[str, TreeNode]
    infoset: str | None = None
    name: str | None = None


@dataclass(frozen=True, eq=False)
class Chance:
    """A chance node: ``branches`` maps each label to ``(probability, child)``."""

    branches: Mapping[str, tuple[Any, TreeNode]]
    name: str | None = None


@dataclass(frozen=True, eq=False)
class Terminal:
    """A terminal node: one payoff per player (a sequence, or a mapping by player name)."""

    payoffs: Sequence[Any] | Mapping[str, Any]
    outcome: str | None = None
    name: str | None = None


TreeNode = Decision | Chance | Terminal


# ---------------------------------------------------------------------- flat records
@dataclass(frozen=True)
class Node:
    """One node of the flattened tree (index = preorder position).

    Attributes
    ----------
    name
        Unique node name (given, or generated from the action path: ``"Initiate/Resist"``).
    kind
        ``"decision"``, ``"chance"`` or ``"terminal"``.
    parent, action
        Index of the parent node and of the action leading here (``None`` at the root).
    children
        Child indices, one per action.
    player, infoset
        Decision nodes: player index and information-set index into ``game.infosets``.
    actions
        Action labels (decision and chance nodes).
    probabilities, exact_probabilities
        Chance nodes: floats, and Fractions (``None`` when some is irrational).
    payoffs, exact_payoffs
        Terminal nodes: one payoff per player, floats and Fractions (or ``None``).
    outcome
        Terminal nodes: the outcome label, if any.
    """

    name: str
    kind: str
    parent: int | None = None
    action: int | None = None
    children: tuple[int, ...] = ()
    player: int | None = None
    infoset: int | None = None
    actions: tuple[str, ...] = ()
    probabilities: tuple[float, ...] = ()
    exact_probabilities: tuple[Fraction, ...] | None = None
    payoffs: tuple[float, ...] = ()
    exact_payoffs: tuple[Fraction, ...] | None = None
    outcome: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.kind == TERMINAL


@dataclass(frozen=True)
class Infoset:
    """An information set: a player, a name unique for that player, actions and members."""

    player: int
    name: str
    actions: tuple[str, ...]
    members: tuple[int, ...]


# ---------------------------------------------------------------------- the game
@dataclass(frozen=True, eq=False)
class ExtensiveFormGame:
    """An n-player extensive-form game with chance moves and information sets.

    Build one with :meth:`from_tree` (nested :class:`Decision` / :class:`Chance` /
    :class:`Terminal`) or :meth:`from_nodes` (flat records in preorder).

    Examples
    --------
    >>> game = ExtensiveFormGame.from_tree(
    ...     Decision("Entrant", {
    ...         "Out": Terminal((0, 2), "no entry"),
    ...         "In": Decision("Incumbent", {
    ...             "Fight": Terminal((-1, -1), "war"),
    ...             "Accommodate": Terminal((1, 1), "accommodation")})}),
    ...     players=("Entrant", "Incumbent"), name="entry")
    >>> [n.name for n in game.nodes]
    ['root', 'Out', 'In', 'In/Fight', 'In/Accommodate']
    >>> game.is_perfect_information
    True
    """

    name: str
    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]
    parameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    info: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_tree(
        cls,
        root: TreeNode,
        *,
        players: Sequence[str],
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> ExtensiveFormGame:
        """Flatten a nested tree into a game (validating players, labels and numbers)."""
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
            if isinstance(tnode, Decision):
                if tnode.player not in index:
                    raise GameError(
                        f"node {_where(tnode.name, path)}: unknown player {tnode.player!r}; "
                        f"players are {', '.join(players)}"
                    )
                labels = tuple(tnode.actions)
                rec.update(kind=DECISION, player=index[tnode.player], actions=labels,
                           infoset_name=tnode.infoset)
                children = [tnode.actions[a] for a in labels]
            elif isinstance(tnode, Chance):
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
                rec.update(kind=CHANCE, actions=labels, raw_probabilities=probs)
            elif isinstance(tnode, Terminal):
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
                rec.update(kind=TERMINAL, raw_payoffs=list(raw), outcome=tnode.outcome)
                children = []
            else:
                raise GameError(
                    f"node at {path.name() or 'root'}: expected Decision, Chance or "
                    f"Terminal, found {type(tnode).__name__}"
                )
            flat.append(rec)
            for k in reversed(range(len(children))):
                stack.append((children[k], me, k, path.child(str(labels[k]))))
        return cls._assemble(flat, players, name, parameters, info)

    @classmethod
    def _assemble(
        cls,
        flat: list[dict[str, Any]],
        players: tuple[str, ...],
        name: str,
        parameters: Mapping[str, Any] | None,
        info: Mapping[str, Any] | None,
    ) -> ExtensiveFormGame:
        names = _node_names(flat)
        n = len(players)
        infoset_keys: dict[tuple[int, str], int] = {}
        infoset_members: list[list[int]] = []
        infoset_actions: list[tuple[str, ...]] = []
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
                h = infoset_keys.get(key)
                if h is None:
                    h = infoset_keys[key] = len(infoset_members)
                    infoset_members.append([])
                    infoset_actions.append(labels)
                elif set(infoset_actions[h]) != set(labels) or len(labels) != len(
                    infoset_actions[h]
                ):
                    first = names[infoset_members[h][0]]
                    raise GameError(
                        f"information set {key[1]!r} of {players[key[0]]}: nodes {first!r} "
                        f"and {names[i]!r} have different actions "
                        f"({', '.join(infoset_actions[h])} vs {', '.join(labels)})"
                    )
                elif tuple(labels) != infoset_actions[h]:
                    # same labels in another order: reorder the children to the set's order
                    order = [labels.index(a) for a in infoset_actions[h]]
                    common["children"] = tuple(common["children"][k] for k in order)
                    for pos, child in enumerate(common["children"]):
                        flat[child]["action"] = pos
                    labels = infoset_actions[h]
                infoset_members[h].append(i)
                nodes.append(Node(**common, player=rec["player"], infoset=h, actions=labels))
            elif kind == CHANCE:
                exact, floats = _probabilities(rec["raw_probabilities"], names[i])
                nodes.append(Node(**common, actions=labels, probabilities=floats,
                                  exact_probabilities=exact))
            else:
                raw = rec["raw_payoffs"]
                if len(raw) != n:
                    raise GameError(
                        f"terminal {names[i]!r}: {len(raw)} payoffs given, {n} players"
                    )
                exact, floats = _payoffs(raw, names[i])
                outcome = rec.get("outcome")
                nodes.append(Node(**common, payoffs=floats, exact_payoffs=exact,
                                  outcome=str(outcome) if outcome is not None else None))
        # reordering children within an infoset changes their "action" field: rebuild
        nodes = [
            n if n.parent is None else _replace_action(n, flat[i]["action"])
            for i, n in enumerate(nodes)
        ]
        infosets = tuple(
            Infoset(player=key[0], name=key[1], actions=infoset_actions[h],
                    members=tuple(infoset_members[h]))
            for key, h in sorted(infoset_keys.items(), key=lambda kv: kv[1])
        )
        return cls(
            name=name,
            players=players,
            nodes=tuple(nodes),
            infosets=infosets,
            parameters=MappingProxyType(dict(parameters or {})),
            info=MappingProxyType(dict(info or {})),
        )

    @classmethod
    def from_nodes(
        cls,
        nodes: Sequence[Node],
        infosets: Sequence[Infoset],
        *,
        players: Sequence[str],
        name: str = "",
        parameters: Mapping[str, Any] | None = None,
        info: Mapping[str, Any] | None = None,
    ) -> ExtensiveFormGame:
        """Build from flat records already in preorder (checked for consistency)."""
        game = cls(name=name, players=tuple(players), nodes=tuple(nodes),
                   infosets=tuple(infosets),
                   parameters=MappingProxyType(dict(parameters or {})),
                   info=MappingProxyType(dict(info or {})))
        game._check_structure()
        return game

    def _check_structure(self) -> None:
        seen = set()
        for i, node in enumerate(self.nodes):
            if node.name in seen:
                raise GameError(f"duplicate node name {node.name!r}")
            seen.add(node.name)
            for k, c in enumerate(node.children):
                if c <= i or self.nodes[c].parent != i or self.nodes[c].action != k:
                    raise GameError(f"node {node.name!r}: children are not in preorder")
            if node.kind != TERMINAL and len(node.children) != len(node.actions):
                raise GameError(f"node {node.name!r}: one child per action expected")

    # ------------------------------------------------------------------ structure
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def root(self) -> Node:
        return self.nodes[0]

    @cached_property
    def node_index(self) -> Mapping[str, int]:
        """Node name -> index."""
        return MappingProxyType({n.name: i for i, n in enumerate(self.nodes)})

    @cached_property
    def terminals(self) -> tuple[int, ...]:
        """Indices of the terminal nodes (preorder)."""
        return tuple(i for i, n in enumerate(self.nodes) if n.kind == TERMINAL)

    @cached_property
    def subtree_size(self) -> tuple[int, ...]:
        """Number of nodes in each node's subtree (itself included)."""
        size = [1] * len(self.nodes)
        for i in reversed(range(1, len(self.nodes))):
            size[self.nodes[i].parent] += size[i]  # type: ignore[index]
        return tuple(size)

    @cached_property
    def player_infosets(self) -> tuple[tuple[int, ...], ...]:
        """For each player, the indices of its information sets (tree order)."""
        out: list[list[int]] = [[] for _ in self.players]
        for h, iset in enumerate(self.infosets):
            out[iset.player].append(h)
        return tuple(tuple(x) for x in out)

    @cached_property
    def infoset_index(self) -> Mapping[tuple[str, str], int]:
        """``(player name, infoset name) -> infoset index``."""
        return MappingProxyType(
            {(self.players[s.player], s.name): h for h, s in enumerate(self.infosets)}
        )

    @property
    def is_exact(self) -> bool:
        """True when every payoff and chance probability is rational."""
        return all(
            (n.exact_payoffs is not None) if n.kind == TERMINAL
            else (n.exact_probabilities is not None) if n.kind == CHANCE else True
            for n in self.nodes
        )

    @property
    def exact_payoffs(self) -> bool | None:
        """``None`` when some number is irrational (mirrors :class:`NormalFormGame`)."""
        return True if self.is_exact else None

    @property
    def is_perfect_information(self) -> bool:
        """True when every information set is a single node."""
        return all(len(s.members) == 1 for s in self.infosets)

    @property
    def has_chance(self) -> bool:
        return any(n.kind == CHANCE for n in self.nodes)

    def outcome_labels(self) -> tuple[str, ...]:
        """The distinct outcome labels of the terminal nodes, in tree order."""
        seen: dict[str, None] = {}
        for i in self.terminals:
            label = self.nodes[i].outcome
            if label is not None:
                seen.setdefault(label, None)
        return tuple(seen)

    # ------------------------------------------------------------------ sequences
    @cached_property
    def sequences(self) -> tuple[tuple[tuple[int, int] | None, ...], ...]:
        """For each player, its sequences: ``None`` (empty) then ``(infoset, action)`` pairs.

        Sequence numbers are positions in this tuple; the sequence of ``(h, a)`` is
        :meth:`sequence_number`.
        """
        out = []
        for hs in self.player_infosets:
            seqs: list[tuple[int, int] | None] = [None]
            for h in hs:
                seqs.extend((h, a) for a in range(len(self.infosets[h].actions)))
            out.append(tuple(seqs))
        return tuple(out)

    @cached_property
    def _sequence_offset(self) -> tuple[int, ...]:
        """Sequence number of action 0 at each infoset."""
        offset = [0] * len(self.infosets)
        for hs in self.player_infosets:
            k = 1
            for h in hs:
                offset[h] = k
                k += len(self.infosets[h].actions)
        return tuple(offset)

    def sequence_number(self, infoset: int, action: int) -> int:
        """The number of the sequence ending with ``action`` at ``infoset`` (its player's)."""
        return self._sequence_offset[infoset] + action

    @cached_property
    def node_sequences(self) -> tuple[tuple[int, ...], ...]:
        """``node_sequences[i][v]``: player ``i``'s last sequence (number) on the path to v."""
        n = self.n_players
        seq = [[0] * len(self.nodes) for _ in range(n)]
        for v, node in enumerate(self.nodes):
            if node.parent is None:
                continue
            parent = self.nodes[node.parent]
            for i in range(n):
                seq[i][v] = seq[i][node.parent]
            if parent.kind == DECISION:
                seq[parent.player][v] = self.sequence_number(parent.infoset, node.action)
        return tuple(tuple(s) for s in seq)

    @cached_property
    def parent_sequence(self) -> tuple[int, ...]:
        """Each information set's parent sequence (the one of its first member)."""
        return tuple(
            self.node_sequences[s.player][s.members[0]] for s in self.infosets
        )

    def perfect_recall_violations(self) -> list[str]:
        """Plain-language descriptions of every perfect-recall violation (empty if none).

        Perfect recall holds iff all nodes of an information set have the same last own
        sequence (the player remembers every own earlier information set and action), which
        also excludes absent-mindedness (a set meeting one path twice).
        """
        problems = []
        for h, first, v in self.recall_conflicts():
            s = self.infosets[h]
            seqs = self.node_sequences[s.player]
            problems.append(
                f"information set {s.name!r} of {self.players[s.player]}: nodes "
                f"{self.nodes[first].name!r} and {self.nodes[v].name!r} follow "
                f"different own histories ({self._describe_sequence(s.player, seqs[first])}"
                f" vs {self._describe_sequence(s.player, seqs[v])}), so "
                f"{self.players[s.player]} would forget what it knew or did"
            )
        return problems

    def recall_conflicts(self) -> list[tuple[int, int, int]]:
        """``(infoset, first node, conflicting node)`` for each set violating perfect recall."""
        out = []
        for h, s in enumerate(self.infosets):
            seqs = self.node_sequences[s.player]
            first = s.members[0]
            for v in s.members[1:]:
                if seqs[v] != seqs[first]:
                    out.append((h, first, v))
                    break
        return out

    @property
    def has_perfect_recall(self) -> bool:
        return not self.perfect_recall_violations()

    def check_perfect_recall(self) -> None:
        """Raise :class:`GameError` naming the first violation of perfect recall."""
        problems = self.perfect_recall_violations()
        if problems:
            raise GameError("the game does not have perfect recall: " + problems[0])

    def _describe_sequence(self, player: int, seq: int) -> str:
        pair = self.sequences[player][seq]
        if pair is None:
            return "no earlier move"
        h, a = pair
        return f"after {self.infosets[h].actions[a]!r} at {self.infosets[h].name!r}"

    # ------------------------------------------------------------------ subgames
    @cached_property
    def subgame_roots(self) -> tuple[int, ...]:
        """Indices of the roots of all subgames (the root first, then preorder).

        A node ``v`` roots a subgame iff its information set is a singleton (or it is a
        chance or terminal node) and every information set meeting ``v``'s subtree lies
        inside it (Selten 1965). With preorder indices the subtree of ``v`` is the interval
        ``[v, v + size)``, so it suffices to compare each subtree's smallest and largest
        member index of the information sets it meets.
        """
        n = len(self.nodes)
        lo = list(range(n))
        hi = list(range(n))
        for s in self.infosets:
            a, b = min(s.members), max(s.members)
            for v in s.members:
                lo[v], hi[v] = a, b
        size = self.subtree_size
        for v in reversed(range(1, n)):
            p = self.nodes[v].parent
            lo[p] = min(lo[p], lo[v])  # type: ignore[index]
            hi[p] = max(hi[p], hi[v])  # type: ignore[index]
        return tuple(
            v for v in range(n)
            if self.nodes[v].kind != TERMINAL and lo[v] >= v and hi[v] < v + size[v]
        )

    def subgames(self) -> list[str]:
        """Names of the root nodes of every subgame (the whole game first)."""
        return [self.nodes[v].name for v in self.subgame_roots]

    def subgame(self, root: str | int) -> ExtensiveFormGame:
        """The subgame rooted at ``root`` as a game of its own (same players)."""
        v = root if isinstance(root, int) else self.node_index[root]
        if v not in set(self.subgame_roots):
            raise GameError(f"node {self.nodes[v].name!r} does not root a subgame")
        end = v + self.subtree_size[v]
        shift = v
        keep_sets: dict[int, int] = {}
        nodes = []
        for i in range(v, end):
            node = self.nodes[i]
            changes: dict[str, Any] = {
                "children": tuple(c - shift for c in node.children),
                "parent": None if i == v else node.parent - shift,  # type: ignore[operator]
                "action": None if i == v else node.action,
            }
            if node.kind == DECISION:
                changes["infoset"] = keep_sets.setdefault(node.infoset, len(keep_sets))
            nodes.append(_replace(node, **changes))
        infosets = [None] * len(keep_sets)
        for old, new in keep_sets.items():
            s = self.infosets[old]
            infosets[new] = Infoset(s.player, s.name, s.actions,
                                    tuple(m - shift for m in s.members))
        return ExtensiveFormGame(
            name=f"{self.name} (subgame at {self.nodes[v].name})", players=self.players,
            nodes=tuple(nodes), infosets=tuple(infosets),  # type: ignore[arg-type]
            parameters=self.parameters, info=self.info,
        )

    # ------------------------------------------------------------------ profiles
    def behavior_table(
        self, behavior: Behavior, *, exact: bool = False, partial: bool = False
    ) -> list[tuple[Number, ...] | None]:
        """A behavior profile as one probability tuple per information set (by index).

        Raises :class:`GameError` on unknown players, information sets or actions, negative
        probabilities or distributions not summing to 1. With ``partial=True`` missing
        information sets give ``None``.
        """
        table: list[tuple[Number, ...] | None] = [None] * len(self.infosets)
        for player, sets in behavior.items():
            if player not in self.players:
                raise GameError(f"behavior names unknown player {player!r}")
            for iname, dist in sets.items():
                h = self.infoset_index.get((player, iname))
                if h is None:
                    raise GameError(f"{player} has no information set {iname!r}")
                actions = self.infosets[h].actions
                unknown = [a for a in dist if a not in actions]
                if unknown:
                    raise GameError(
                        f"information set {iname!r} of {player} has no action {unknown[0]!r}"
                    )
                probs: tuple[Number, ...]
                if exact:
                    probs = tuple(Fraction(dist.get(a, 0)) for a in actions)
                    if sum(probs) != 1:
                        raise GameError(f"{player} at {iname!r}: probabilities sum to "
                                        f"{sum(probs)}, not 1")
                else:
                    probs = tuple(float(dist.get(a, 0.0)) for a in actions)
                    if abs(sum(probs) - 1.0) > 1e-6:
                        raise GameError(f"{player} at {iname!r}: probabilities sum to "
                                        f"{sum(probs):.6g}, not 1")
                if any(p < 0 for p in probs):
                    raise GameError(f"{player} at {iname!r}: negative probability")
                table[h] = probs
        if not partial:
            missing = [h for h, t in enumerate(table) if t is None]
            if missing:
                s = self.infosets[missing[0]]
                raise GameError(
                    f"behavior gives no distribution at information set {s.name!r} of "
                    f"{self.players[s.player]}"
                )
        return table

    def behavior_from_table(self, table: Sequence[Sequence[Number]]) -> dict:
        """The inverse of :meth:`behavior_table`: nested mappings by names."""
        out: dict[str, dict[str, dict[str, Number]]] = {p: {} for p in self.players}
        for h, probs in enumerate(table):
            s = self.infosets[h]
            out[self.players[s.player]][s.name] = dict(zip(s.actions, probs, strict=True))
        return out

    def action_probability(
        self, table: Sequence[Sequence[Number] | None], v: int, exact: bool
    ) -> Number:
        """Probability of the action leading to node ``v`` (chance or behavior)."""
        node = self.nodes[v]
        parent = self.nodes[node.parent]  # type: ignore[index]
        if parent.kind == CHANCE:
            if exact:
                if parent.exact_probabilities is None:
                    raise GameError("exact computation impossible: irrational chance probability")
                return parent.exact_probabilities[node.action]  # type: ignore[index]
            return parent.probabilities[node.action]  # type: ignore[index]
        return table[parent.infoset][node.action]  # type: ignore[index]

    def reach_table(
        self,
        table: Sequence[Sequence[Number] | None],
        *,
        exact: bool = False,
        root: int = 0,
        skip_player: int | None = None,
    ) -> list[Number]:
        """Reach probability of every node of the subtree at ``root`` (indexed from ``root``).

        ``skip_player`` treats that player's moves as probability 1 (the "others' reach"
        used for best responses and own-play-independent beliefs).
        """
        one: Number = Fraction(1) if exact else 1.0
        end = root + self.subtree_size[root]
        reach: list[Number] = [one] * (end - root)
        for v in range(root + 1, end):
            node = self.nodes[v]
            parent = self.nodes[node.parent]  # type: ignore[index]
            r = reach[node.parent - root]  # type: ignore[operator]
            if parent.kind == DECISION and parent.player == skip_player:
                reach[v - root] = r
            elif r == 0:
                reach[v - root] = r
            else:
                reach[v - root] = r * self.action_probability(table, v, exact)
        return reach

    def reach_probabilities(self, behavior: Behavior, *, exact: bool = False) -> dict:
        """``node name -> probability`` of reaching it under the behavior profile."""
        table = self.behavior_table(behavior, exact=exact)
        reach = self.reach_table(table, exact=exact)
        return {n.name: reach[i] for i, n in enumerate(self.nodes)}

    def expected_payoffs(
        self, behavior: Behavior | Sequence, *, exact: bool = False, root: int = 0
    ) -> tuple[Number, ...]:
        """Each player's expected payoff (from ``root``, default the whole game)."""
        table = (self.behavior_table(behavior, exact=exact)
                 if isinstance(behavior, Mapping) else behavior)
        reach = self.reach_table(table, exact=exact, root=root)
        return self._leaf_sum(reach, root, exact)

    def _leaf_sum(self, reach: Sequence[Number], root: int, exact: bool) -> tuple[Number, ...]:
        zero: Number = Fraction(0) if exact else 0.0
        totals = [zero] * self.n_players
        end = root + self.subtree_size[root]
        for v in range(root, end):
            node = self.nodes[v]
            if node.kind != TERMINAL or reach[v - root] == 0:
                continue
            pay = self._terminal_payoffs(node, exact)
            r = reach[v - root]
            for i in range(self.n_players):
                totals[i] += r * pay[i]
        return tuple(totals)

    def _terminal_payoffs(self, node: Node, exact: bool) -> Sequence[Number]:
        if exact:
            if node.exact_payoffs is None:
                raise GameError("exact computation impossible: some payoff is irrational")
            return node.exact_payoffs
        return node.payoffs

    def outcome_distribution(
        self, behavior: Behavior | Sequence, *, exact: bool = False
    ) -> dict[str, Number]:
        """``outcome label -> probability`` (labels reached with probability 0 omitted)."""
        table = (self.behavior_table(behavior, exact=exact)
                 if isinstance(behavior, Mapping) else behavior)
        reach = self.reach_table(table, exact=exact)
        dist: dict[str, Number] = {}
        for v in self.terminals:
            label = self.nodes[v].outcome
            if label is not None and reach[v] != 0:
                dist[label] = dist.get(label, 0) + reach[v]
        return dist

    def beliefs(
        self, behavior: Behavior | Sequence, *, exact: bool = False, singletons: bool = False
    ) -> dict[str, dict[str, dict[str, Number]]]:
        """Beliefs by Bayes' rule: ``player -> infoset -> node name -> probability``.

        Defined at information sets reached with positive probability; others are omitted.
        Singleton sets (belief 1) are listed only with ``singletons=True``.
        """
        table = (self.behavior_table(behavior, exact=exact)
                 if isinstance(behavior, Mapping) else behavior)
        reach = self.reach_table(table, exact=exact)
        out: dict[str, dict[str, dict[str, Number]]] = {p: {} for p in self.players}
        for s in self.infosets:
            if len(s.members) == 1 and not singletons:
                continue
            total = sum((reach[v] for v in s.members), Fraction(0) if exact else 0.0)
            if total == 0:
                continue
            out[self.players[s.player]][s.name] = {
                self.nodes[v].name: reach[v] / total for v in s.members
            }
        return out

    # ------------------------------------------------------------------ conversions
    @property
    def _reduced(self) -> Any:
        return self.reduced_normal_form()

    def reduced_normal_form(self, budget: Any = None) -> Any:
        """The reduced normal form with strategy plans and outcome distributions
        (built once and kept; its size is checked against ``budget`` first).

        See :func:`alliance_games.games.reduced.reduced_normal_form`.
        """
        cached = self.__dict__.get("_reduced_cache")
        if cached is None:
            from .reduced import reduced_normal_form

            cached = reduced_normal_form(self, budget)
            self.__dict__["_reduced_cache"] = cached  # frozen: cache like cached_property
        return cached

    def as_normal_form(self) -> Any:
        """The reduced normal form as a :class:`~alliance_games.games.normal.NormalFormGame`.

        A pure profile's outcome label is set only when it leads to one label for sure;
        with chance moves use ``reduced_normal_form().outcome_distributions``.
        """
        return self._reduced.game

    def sequence_form(self) -> Any:
        """The sequence form (realization-plan constraints and sparse payoff matrices).

        See :func:`alliance_games.games.sequence_form.sequence_form`.
        """
        from .sequence_form import sequence_form

        return sequence_form(self)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        return (
            f"<ExtensiveFormGame {self.name!r}: {len(self.nodes)} nodes, "
            f"{len(self.terminals)} terminal, {len(self.infosets)} information sets, "
            f"players {', '.join(self.players)}>"
        )

    def __str__(self) -> str:
        return "\n".join(self.tree_lines())

    def _repr_html_(self) -> str:
        """The tree drawn as SVG in a notebook (the indented text for large trees)."""
        import html

        from .tree_svg import tree_svg

        svg = tree_svg(self)
        if svg is not None:
            return f"<div><strong>{html.escape(repr(self))}</strong><br>{svg}</div>"
        body = html.escape("\n".join(self.tree_lines()[1:]))
        return (f"<div><strong>{html.escape(repr(self))}</strong>"
                f"<pre style='line-height:1.3'>{body}</pre></div>")

    def tree_lines(self) -> list[str]:
        """An indented text drawing of the tree (one line per node)."""
        lines = [repr(self)]
        depth = [0] * len(self.nodes)
        for v, node in enumerate(self.nodes):
            if node.parent is not None:
                depth[v] = depth[node.parent] + 1
                parent = self.nodes[node.parent]
                label = parent.actions[node.action]  # type: ignore[index]
                if parent.kind == CHANCE:
                    p = (parent.exact_probabilities or parent.probabilities)[node.action]  # type: ignore[index]
                    label = f"{label} ({p})"
                head = "  " * depth[v] + f"{label} -> "
            else:
                head = ""
            if node.kind == DECISION:
                s = self.infosets[node.infoset]  # type: ignore[index]
                iset = "" if len(s.members) == 1 else f" [info set {s.name}]"
                body = f"{self.players[node.player]} moves at {node.name}{iset}"  # type: ignore[index]
            elif node.kind == CHANCE:
                body = f"chance at {node.name}"
            else:
                pays = node.exact_payoffs or node.payoffs
                body = f"({', '.join(str(x) for x in pays)})"
                if node.outcome:
                    body += f" {node.outcome}"
            lines.append(head + body)
        return lines

    def iter_nodes(self) -> Iterator[tuple[int, Node]]:
        return iter(enumerate(self.nodes))


# ---------------------------------------------------------------------- helpers
def _where(name: str | None, path: ActionPath) -> str:
    return repr(name) if name else repr(path.name() or "root")


def _replace(node: Node, **changes: Any) -> Node:
    import dataclasses

    return dataclasses.replace(node, **changes)


def _replace_action(node: Node, action: int | None) -> Node:
    return node if node.action == action else _replace(node, action=action)


def _node_names(flat: list[dict[str, Any]]) -> list[str]:
    """Given names where present, otherwise the action path (``root`` for the root).

    A generated name that is taken gets ``#2``, ``#3`` ...; the next suffix to try is
    remembered per name, so many clashes (deep trees with shortened paths) stay linear.
    """
    given = [rec.get("given") for rec in flat]
    taken: dict[str, int] = {}
    for i, g in enumerate(given):
        if g is not None:
            g = str(g)
            if not g:
                raise GameError("node names must be non-empty")
            if g in taken:
                raise GameError(f"two nodes are named {g!r}; node names must be unique")
            taken[g] = i
    names = []
    next_suffix: dict[str, int] = {}
    for i, rec in enumerate(flat):
        if given[i] is not None:
            names.append(str(given[i]))
            continue
        base = rec["path"].name() or "root"
        name = base
        k = next_suffix.get(base, 2)
        while name in taken:
            name = f"{base}#{k}"
            k += 1
        next_suffix[base] = k
        taken[name] = i
        names.append(name)
    return names


def _payoffs(
    raw: Sequence[Any], where: str
) -> tuple[tuple[Fraction, ...] | None, tuple[float, ...]]:
    exact: list[Fraction] = []
    floats: list[float] = []
    rational = True
    for x in raw:
        try:
            f = _to_fraction(x)
        except GameError as exc:
            raise GameError(f"terminal {where!r}: {exc}") from None
        if f is None:
            rational = False
            floats.append(_to_float(x))
        else:
            exact.append(f)
            floats.append(float(f))
    if any(x != x or x in (float("inf"), float("-inf")) for x in floats):
        raise GameError(f"terminal {where!r}: payoffs must be finite")
    return (tuple(exact) if rational else None), tuple(floats)


def _probabilities(
    raw: Sequence[Any], where: str
) -> tuple[tuple[Fraction, ...] | None, tuple[float, ...]]:
    exact, floats = _payoffs(raw, where)
    if any(p < 0 for p in floats):
        raise GameError(f"chance node {where!r}: negative probability")
    if exact is not None:
        if sum(exact) != 1:
            raise GameError(
                f"chance node {where!r}: probabilities sum to {sum(exact)}, not 1"
            )
    elif abs(sum(floats) - 1.0) > 1e-9:
        raise GameError(
            f"chance node {where!r}: probabilities sum to {sum(floats):.12g}, not 1"
        )
    return exact, floats


def product_count(counts: Sequence[int]) -> int:
    """The product of ``counts`` (the number of pure profiles)."""
    total = 1
    for c in counts:
        total *= c
    return total

