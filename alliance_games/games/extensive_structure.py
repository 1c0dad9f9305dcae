"""Structure of a game tree: sequences, perfect recall and subgames.

A *sequence* of player ``i`` is the empty sequence or a pair (information set, action) of
``i``; every node has, for each player, the last own sequence on its path. The game has
*perfect recall* iff all nodes of each information set share that sequence for their
player (Kuhn 1953; Koller, Megiddo & von Stengel 1996, section 2). A node roots a
*subgame* iff it is not in a larger information set and every information set meeting its
subtree lies inside it (Selten 1965).

:class:`TreeStructure` is a base class of
:class:`~alliance_games.games.extensive.ExtensiveFormGame`; it holds no fields.

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
D. Koller, N. Megiddo & B. von Stengel, "Efficient computation of equilibria for extensive
two-person games", *Games and Economic Behavior* 14, 1996, pp. 247-259.
R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 1965.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from ..errors import GameError
from .tree_nodes import DECISION, TERMINAL, Infoset, Node, _replace

__all__ = ["TreeStructure"]


class TreeStructure:
    """Sequences, perfect recall and subgames of a flat preorder tree (a mixin)."""

    name: str
    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]
    parameters: Mapping[str, Any]
    info: Mapping[str, Any]

    if TYPE_CHECKING:
        # Read-only (cached) properties of the game class this mixin is part of.
        @property
        def n_players(self) -> int: ...
        @property
        def node_index(self) -> Mapping[str, int]: ...
        @property
        def subtree_size(self) -> tuple[int, ...]: ...
        @property
        def player_infosets(self) -> tuple[tuple[int, ...], ...]: ...

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
                # a decision node has a player and an infoset; a non-root node an action
                seq[cast(int, parent.player)][v] = self.sequence_number(
                    cast(int, parent.infoset), cast(int, node.action))
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
        out: list[tuple[int, int, int]] = []
        for h, s in enumerate(self.infosets):
            if len(s.members) == 1:
                continue  # a singleton cannot conflict (and needs no sequences)
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

    def subgame(self, root: str | int) -> Any:
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
                # every decision node has an infoset
                changes["infoset"] = keep_sets.setdefault(cast(int, node.infoset),
                                                          len(keep_sets))
            nodes.append(_replace(node, **changes))
        infosets: list[Infoset | None] = [None] * len(keep_sets)
        for old, new in keep_sets.items():
            s = self.infosets[old]
            infosets[new] = Infoset(s.player, s.name, s.actions,
                                    tuple(m - shift for m in s.members))
        # the concrete game class (a dataclass) takes its fields as keywords; every
        # ``infosets`` slot is filled above
        game_class = cast("Callable[..., Any]", type(self))
        return game_class(
            name=f"{self.name} (subgame at {self.nodes[v].name})", players=self.players,
            nodes=tuple(nodes), infosets=tuple(infosets),
            parameters=self.parameters, info=self.info,
        )
