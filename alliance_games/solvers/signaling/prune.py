"""Tree surgery for the PBE search: drop never-optimal actions, cut subgames to payoffs.

* :func:`prune_never_optimal` removes, at an information set whose continuation holds no
  further choice, every action that is optimal at no belief (it is played with
  probability 0 in every PBE, by sequential rationality); repeated until nothing goes.
* :func:`truncate` replaces the subtree at a node by a terminal node paying a given
  vector (a subgame replaced by the payoffs of one of its equilibria).
* :func:`unprune` maps a behavior profile of the pruned game back to the full game.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...games.extensive import (
    CHANCE,
    TERMINAL,
    Chance,
    Decision,
    ExtensiveFormGame,
    Terminal,
)
from ..tree.behavior import node_values
from .assessment import _action_values, _dependencies
from .beliefs import belief_feasible

__all__ = ["prune_never_optimal", "truncate", "unprune"]


def _prune_never_optimal(game: ExtensiveFormGame, exact: bool, tol: float
                         ) -> tuple[ExtensiveFormGame, list[list[int]]]:
    """Remove actions that are optimal under no belief where continuations are fixed.

    At an information set whose continuation involves no further choice (every set
    below it has one action left), ``V(v, a)`` is a constant, and an action that is
    optimal at no belief is played with probability 0 in every PBE (sequential
    rationality holds at every set, for the belief there). Removing it changes no PBE;
    the step is repeated until nothing more goes. Returns the smaller game (or ``game``
    itself) and, per information set of ``game``, the kept action indices.
    """
    kept = [list(range(len(s.actions))) for s in game.infosets]
    deps = _dependencies(game)
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    changed = True
    while changed:
        changed = False
        table = [tuple(one if a == k[0] else zero for a in range(len(s.actions)))
                 for s, k in zip(game.infosets, kept, strict=True)]
        values = node_values(game, table, exact)
        for h in range(len(game.infosets)):
            if len(kept[h]) < 2 or any(len(kept[g]) > 1 for g in deps[h]):
                continue
            av = [[row[a] for a in kept[h]] for row in _action_values(game, values, h)]
            keep = [kept[h][j] for j in range(len(kept[h]))
                    if belief_feasible(av, [j], tol=tol)]
            if keep and len(keep) < len(kept[h]):
                kept[h] = keep
                changed = True
                break
    if all(len(k) == len(s.actions) for k, s in zip(kept, game.infosets, strict=True)):
        return game, kept
    return _restrict_actions(game, kept), kept


def _rebuild(game: ExtensiveFormGame, kept: list[list[int]] | None = None,
             replace: dict[int, Sequence[Any]] | None = None) -> ExtensiveFormGame:
    """``game`` rebuilt with only the actions ``kept[h]`` at information set ``h`` and the
    subtree at each key of ``replace`` cut to a terminal node paying the given vector
    (names of nodes, information sets and actions are kept)."""
    replace = replace or {}
    # bottom-up over the preorder indices (children come after their parent), so deep
    # trees need no recursion
    built: list[Any] = [None] * len(game.nodes)
    for v in reversed(range(len(game.nodes))):
        node = game.nodes[v]
        if v in replace:
            built[v] = Terminal(tuple(replace[v]), None, name=node.name)
        elif node.kind == TERMINAL:
            pays = node.exact_payoffs if node.exact_payoffs is not None else node.payoffs
            built[v] = Terminal(tuple(pays), node.outcome, name=node.name)
        elif node.kind == CHANCE:
            probs = (node.exact_probabilities if node.exact_probabilities is not None
                     else node.probabilities)
            built[v] = Chance({a: (p, built[c]) for a, p, c in
                               zip(node.actions, probs, node.children, strict=True)},
                              name=node.name)
        else:
            h = node.infoset
            s = game.infosets[h]  # type: ignore[index]
            actions = (range(len(node.actions)) if kept is None
                       else kept[h])  # type: ignore[index]
            built[v] = Decision(game.players[s.player],
                                {node.actions[a]: built[node.children[a]] for a in actions},
                                infoset=s.name, name=node.name)
        for c in node.children:
            built[c] = None

    return ExtensiveFormGame.from_tree(built[0], players=game.players, name=game.name,
                                       parameters=game.parameters, info=game.info)


def _restrict_actions(game: ExtensiveFormGame, kept: list[list[int]]) -> ExtensiveFormGame:
    return _rebuild(game, kept=kept)


def _unprune(game: ExtensiveFormGame, pruned: ExtensiveFormGame, kept: list[list[int]],
             table: Sequence[Any], exact: bool) -> tuple:
    zero: Any = Fraction(0) if exact else 0.0
    one: Any = Fraction(1) if exact else 1.0
    out = []
    for h, s in enumerate(game.infosets):
        row = [zero] * len(s.actions)
        index = pruned.infoset_index.get((game.players[s.player], s.name))
        if index is None:
            # below a removed action: only reached through it; its first kept action
            # (the final check on the whole tree confirms it is sequentially rational)
            row[kept[h][0]] = one
        else:
            for j, a in enumerate(kept[h]):
                row[a] = table[index][j]
        out.append(tuple(row))
    return tuple(out)


def _truncate(game: ExtensiveFormGame, replace: dict[int, Sequence[Any]]) -> ExtensiveFormGame:
    """``game`` with the subtree at each key of ``replace`` cut to a terminal node."""
    return _rebuild(game, replace=replace)


prune_never_optimal = _prune_never_optimal
truncate = _truncate
unprune = _unprune
