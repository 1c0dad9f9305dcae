"""Sender-receiver structure of a tree: who sends, its types, who answers each message.

A tree has a *sender-receiver structure* when every path from the root meets chance
moves only until it reaches a decision of one player, the *sender*, at two or more
information sets: these are the sender's *types*, and the actions there its *messages*.
A *receiver* is the other player whose single information set is the first decision
reached, through chance moves only, after a message (one set per message)
(Cho & Kreps 1987, sec. II).

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from ...games.extensive import CHANCE, TERMINAL, ExtensiveFormGame
from ...games.reduced import chance_reach

__all__ = ["SignalingStructure", "detect_signaling", "chance_reach", "CHALLENGE_ACTIONS"]

CHALLENGE_ACTIONS = ("challenge", "attack", "initiate", "invade", "threaten", "demand")
"""Action labels (case-insensitive) that count as a challenge for ``P(challenge)``."""


@dataclass(frozen=True)
class SignalingStructure:
    """Sender, types and receivers of a tree with a sender-receiver structure.

    Attributes
    ----------
    sender
        Player index of the sender.
    type_infosets
        The sender's first information sets, one per type (tree order).
    type_names
        A name per type (``game.signaling.types`` or the information set's name).
    receiver
        Player index of the receiver, or ``None`` when the first decisions after the
        messages are not all one other player's.
    receiver_infosets
        Message label -> the receiver's information sets after it (one per receiver type
        when the receiver has private information too).
    node_types
        Receiver information set -> the type (index) of each of its nodes.
    """

    sender: int
    type_infosets: tuple[int, ...]
    type_names: tuple[str, ...]
    receiver: int | None = None
    receiver_infosets: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    node_types: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def describe(self, game: ExtensiveFormGame) -> dict[str, Any]:
        """A JSON-ready summary (player and information set names)."""
        return {
            "sender": game.players[self.sender],
            "types": list(self.type_names),
            "receiver": None if self.receiver is None else game.players[self.receiver],
            "receiver_infosets": {
                m: [game.infosets[h].name for h in hs] for m, hs in self.receiver_infosets.items()
            },
        }


def _first_decisions(
    game: ExtensiveFormGame, start: int, skip_player: int | None = None
) -> list[int] | None:
    """Decision nodes first met below ``start`` through chance moves only.

    With ``skip_player`` a decision of that player ends the branch (returns nothing for
    it). ``None`` when the search meets no decision at all.
    """
    out: list[int] = []
    stack = [start]
    while stack:
        v = stack.pop()
        node = game.nodes[v]
        if node.kind == TERMINAL:
            continue
        if node.kind == CHANCE:
            stack.extend(reversed(node.children))
            continue
        if node.player == skip_player:
            continue
        out.append(v)
    return out


def detect_signaling(game: ExtensiveFormGame) -> SignalingStructure | None:
    """The tree's sender-receiver structure, or ``None`` when it has none."""
    if game.nodes[0].kind != CHANCE:
        return None
    first = _first_decisions(game, 0)
    if not first:
        return None
    players = {game.nodes[v].player for v in first}
    if len(players) != 1:
        return None
    sender = players.pop()
    assert sender is not None  # the first decisions are decision nodes, which have a player
    types: list[int] = []
    for v in first:
        h = game.nodes[v].infoset
        if h not in types:
            types.append(h)  # type: ignore[arg-type]
    if len(types) < 2:
        return None
    first_set = set(first)
    if any(v not in first_set for h in types for v in game.infosets[h].members):
        return None
    names = _type_names(game, types)
    receiver, receivers, node_types = _receivers(game, sender, types)
    return SignalingStructure(
        sender=sender,
        type_infosets=tuple(types),
        type_names=names,
        receiver=receiver,
        receiver_infosets=receivers,
        node_types=node_types,
    )


def _type_names(game: ExtensiveFormGame, types: list[int]) -> tuple[str, ...]:
    """A name per type: the declared one (``game.signaling.types``, from
    ``info["signaling"]["types"]``) or the information set's name."""
    names_map = game.signaling.types if game.signaling is not None else {}
    return tuple(
        str(names_map.get(game.infosets[h].name, game.infosets[h].name)) for h in types
    )


def _receivers(game: ExtensiveFormGame, sender: int, types: list[int]
               ) -> tuple[int | None, dict[str, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """``(receiver, message -> its information sets, set -> type of each node)``.

    The receiver is the one other player whose sets come first after the messages, each
    set after one message only; otherwise ``(None, {}, {})``.
    """
    type_of_node = {v: k for k, h in enumerate(types) for v in game.infosets[h].members}
    # receiver information set after each message
    after: dict[str, set[int]] = {}
    for h in types:
        s = game.infosets[h]
        for a, label in enumerate(s.actions):
            for v in s.members:
                found = _first_decisions(game, game.nodes[v].children[a], skip_player=sender)
                # found holds decision nodes, whose information set is never None
                after.setdefault(label, set()).update(
                    cast(int, game.nodes[w].infoset)
                    for w in found or []
                )
    receivers: dict[str, tuple[int, ...]] = {}
    receiver_players = set()
    owners: dict[int, str] = {}
    for label, sets in after.items():
        if any(g in owners for g in sets):
            return None, {}, {}
        for g in sets:
            owners[g] = label
            receiver_players.add(game.infosets[g].player)
        receivers[label] = tuple(sorted(sets))
    if len(receiver_players) != 1:
        return None, {}, {}
    node_types: dict[int, tuple[int, ...]] = {}
    for g in owners:
        kinds = []
        for w in game.infosets[g].members:
            u = w
            while u not in type_of_node:
                u = game.nodes[u].parent  # type: ignore[assignment]
            kinds.append(type_of_node[u])
        node_types[g] = tuple(kinds)
    return receiver_players.pop(), receivers, node_types
