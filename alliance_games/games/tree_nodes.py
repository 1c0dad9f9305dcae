"""The records of an extensive-form game: nested builders and flat preorder nodes.

:class:`Decision`, :class:`Chance` and :class:`Terminal` build a tree in Python; the game
stores it flat as :class:`Node` records in preorder with its :class:`Infoset` records
(see :mod:`alliance_games.games.extensive`). Numbers are parsed here: payoffs and chance
probabilities keep an exact :class:`~fractions.Fraction` copy when rational (Kuhn 1953).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", *Contributions to the Theory
of Games II*, 1953, pp. 193-216.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from ..errors import GameError
from ..numbers import payoff_float as _to_float
from ..numbers import payoff_fraction as _to_fraction

__all__ = [
    "ActionPath",
    "NAME_PATH_LIMIT",
    "DECISION",
    "CHANCE",
    "TERMINAL",
    "Decision",
    "Chance",
    "Terminal",
    "TreeNode",
    "Node",
    "Infoset",
    "Behavior",
    "Number",
    "product_count",
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


# ---------------------------------------------------------------------- helpers
def _where(name: str | None, path: ActionPath) -> str:
    return repr(name) if name else repr(path.name() or "root")


def _replace(node: Node, **changes: Any) -> Node:
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
