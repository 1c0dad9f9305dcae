"""Play of a behavior profile on a game tree: tables, reach, payoffs, outcomes, beliefs.

Under a behavior profile ``b`` the probability of reaching node ``v`` is the product of
the probabilities of the actions (chance included) on the path from the root to ``v``;
beliefs at an information set ``h`` follow from Bayes' rule,
``mu(v) = P(v) / sum_{w in h} P(w)``, where the denominator is positive (Kuhn 1953;
Kreps & Wilson 1982).

:class:`BehaviorPlay` is a base class of
:class:`~alliance_games.games.extensive.ExtensiveFormGame`; it holds no fields.

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
D. M. Kreps & R. Wilson, "Sequential equilibria", *Econometrica* 50(4), 1982, pp. 863-894.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import GameError
from .tree_nodes import CHANCE, DECISION, TERMINAL, Behavior, Infoset, Node, Number

__all__ = ["BehaviorPlay"]


class BehaviorPlay:
    """Behavior tables, reach probabilities, expected payoffs and beliefs (a mixin)."""

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]

    if TYPE_CHECKING:
        # Read-only (cached) properties of the game class this mixin is part of.
        @property
        def n_players(self) -> int: ...
        @property
        def terminals(self) -> tuple[int, ...]: ...
        @property
        def subtree_size(self) -> tuple[int, ...]: ...
        @property
        def infoset_index(self) -> Mapping[tuple[str, str], int]: ...

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
