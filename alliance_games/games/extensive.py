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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .conversions import CONVERSIONS, register
from .extensive_play import BehaviorPlay
from .extensive_structure import TreeStructure
from .tree_build import assemble_nodes, check_structure, flatten_tree
from .tree_nodes import (
    CHANCE,
    DECISION,
    NAME_PATH_LIMIT,
    TERMINAL,
    ActionPath,
    Behavior,
    Chance,
    Decision,
    Infoset,
    Node,
    Number,
    Terminal,
    TreeNode,
    product_count,
)

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
    "DECISION",
    "CHANCE",
    "TERMINAL",
    "product_count",
    "register_conversions",
    "SignalingFacts",
]


# ---------------------------------------------------------------------- family facts
@dataclass(frozen=True)
class SignalingFacts:
    """What a ``kind: signaling`` spec declares about its tree, as the compiler put it in
    ``info`` (``info["signaling"]``, ``info["events"]``, ``info["signaling_model"]``).

    ``types`` maps a type's information-set name to the type's name, ``messages`` are the
    sender's message names in the model's order, ``events`` maps an event label to the
    terminal node names (or actions) it counts, and ``model`` is the template's model
    with expressions as text (``None`` when the game was not compiled from a template).
    """

    types: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    messages: tuple[str, ...] = ()
    events: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    model: Mapping[str, Any] | None = None

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> SignalingFacts | None:
        """The facts of a game whose ``info["kind"]`` is ``"signaling"`` (else None)."""
        if not isinstance(info, Mapping) or info.get("kind") != "signaling":
            return None
        declared = info.get("signaling") or {}
        types = declared.get("types") if isinstance(declared, Mapping) else None
        events = info.get("events")
        model = info.get("signaling_model") or None
        messages = model.get("messages") if isinstance(model, Mapping) else None
        return cls(
            types=MappingProxyType(dict(types)) if isinstance(types, Mapping)
            else MappingProxyType({}),
            messages=tuple(str(m["name"]) for m in messages or ()
                           if isinstance(m, Mapping) and "name" in m),
            events=MappingProxyType(dict(events)) if isinstance(events, Mapping)
            else MappingProxyType({}),
            model=model if isinstance(model, Mapping) else None,
        )


# ---------------------------------------------------------------------- the game
@dataclass(frozen=True, eq=False)
class ExtensiveFormGame(TreeStructure, BehaviorPlay):
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
    # The facts solvers branch on, as a typed field read from ``info`` (which keeps them
    # for reports and JSON), so the two never disagree and ``dataclasses.replace``
    # recomputes it.
    signaling: SignalingFacts | None = field(init=False, default=None)
    """Types, messages, events and model of a ``kind: signaling`` game (else None)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "signaling", SignalingFacts.from_info(self.info))

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
        return cls._assemble(flatten_tree(root, players), players, name, parameters, info)

    @classmethod
    def _assemble(
        cls,
        flat: list[dict[str, Any]],
        players: tuple[str, ...],
        name: str,
        parameters: Mapping[str, Any] | None,
        info: Mapping[str, Any] | None,
    ) -> ExtensiveFormGame:
        nodes, infosets = assemble_nodes(flat, players)
        return cls(
            name=name,
            players=players,
            nodes=nodes,
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
        check_structure(self.nodes)

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
    # ------------------------------------------------------------------ conversions
    # The conversions live in games/reduced.py and games/sequence_form.py, which import
    # this module; they are attached by :func:`register_conversions` (called from
    # ``alliance_games/games/__init__.py``) so that the tree type imports none of them.
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
            cached = _conversion("reduced_normal_form")(self, budget)
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
        return _conversion("sequence_form")(self)

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

        draw = _CONVERSIONS.get("tree_svg")
        svg = draw(self) if draw is not None else None
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


_CONVERSIONS = CONVERSIONS


def register_conversions(**functions: Callable[..., Any]) -> None:
    """Attach the functions behind :meth:`ExtensiveFormGame.reduced_normal_form`,
    :meth:`~ExtensiveFormGame.sequence_form` and the notebook drawing (``tree_svg``).

    ``alliance_games/games/__init__.py`` registers them (in :mod:`.conversions`): the
    modules that define them import this one, so this one cannot import them without
    an import cycle.
    """
    register(**functions)


def _conversion(name: str) -> Callable[..., Any]:
    try:
        return _CONVERSIONS[name]
    except KeyError:  # pragma: no cover - alliance_games.games registers them on import
        raise RuntimeError(f"{name} is not registered; import alliance_games.games") from None
