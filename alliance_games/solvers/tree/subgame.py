"""Subgame perfect equilibria of games with imperfect information, subgame by subgame.

Selten's (1965) subgame perfection asks for a Nash equilibrium in every subgame. For a
game with proper subgames we solve them from the bottom up (Selten 1975; Osborne &
Rubinstein 1994, sec. 6.2):

1. find the subgame roots (:attr:`ExtensiveFormGame.subgame_roots`);
2. for a root ``r`` whose proper subgames are already solved, replace each maximal proper
   subgame by a terminal node worth one of its equilibrium values; the *truncated* game at
   ``r`` has no proper subgame, so its subgame perfect equilibria are its Nash equilibria;
3. solve the truncated game: by backward induction when it has perfect information,
   otherwise through its reduced normal form with the normal-form solvers (all extreme
   equilibria of 2-player games, the best plans of a single mover, the n-player solver
   otherwise);
4. every combination of one equilibrium per subgame and one of the truncated game is a
   subgame perfect equilibrium of the game at ``r``.

The combinations multiply; a cap bounds them (the result is then marked incomplete). When
a normal-form solve is not complete, neither is the list.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import SolverError
from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame, Infoset, Node

__all__ = ["SubgameSolution", "subgame_perfect", "truncate", "MAX_COMBINATIONS", "MAX_SOLVES"]

MAX_COMBINATIONS = 10_000
MAX_SOLVES = 200
"""At most this many truncated games are solved per subgame root (distinct inner values)."""
MAX_INCOMPLETE_SOLVES = 8
"""... and at most this many when a solve of it was incomplete (one equilibrium by the
sequence form: listing more combinations would not make the list complete anyway)."""


def _value_key(value: tuple[Any, ...]) -> tuple:
    return tuple(x if not isinstance(x, float) else round(x, 12) for x in value)

Table = list
#: solves a game without proper subgames: -> (complete behavior tables, complete?, notes)
LocalSolver = Callable[[ExtensiveFormGame], tuple[list[Table], bool, list[str]]]


@dataclass(frozen=True)
class SubgameSolution:
    """Behavior tables of subgame perfect equilibria found by decomposition."""

    tables: tuple[Table, ...]
    complete: bool
    diagnostics: tuple[str, ...]


def _nesting(game: ExtensiveFormGame) -> dict[int, list[int]]:
    """For each subgame root, its maximal proper subgame roots."""
    size = game.subtree_size
    children: dict[int, list[int]] = {r: [] for r in game.subgame_roots}
    stack: list[int] = []
    for r in game.subgame_roots:  # preorder
        while stack and not (stack[-1] < r < stack[-1] + size[stack[-1]]):
            stack.pop()
        if stack:
            children[stack[-1]].append(r)
        stack.append(r)
    return children


def truncate(
    game: ExtensiveFormGame, root: int, replaced: dict[int, tuple[Any, ...]]
) -> tuple[ExtensiveFormGame, list[int]]:
    """The subtree at ``root`` with each node of ``replaced`` made a terminal node.

    Returns the truncated game and, for each of its information sets, the index of the
    same set in ``game``.
    """
    size = game.subtree_size
    kept: list[int] = []
    v = root
    end = root + size[root]
    while v < end:
        kept.append(v)
        v = v + size[v] if v in replaced else v + 1
    new = {old: k for k, old in enumerate(kept)}
    set_map: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    nodes = []
    for old in kept:
        node = game.nodes[old]
        parent = None if old == root else new[node.parent]  # type: ignore[index]
        action = None if old == root else node.action
        if old in replaced:
            value = replaced[old]
            exact = all(not isinstance(x, float) for x in value)
            nodes.append(Node(name=node.name, kind=TERMINAL, parent=parent, action=action,
                              payoffs=tuple(float(x) for x in value),
                              exact_payoffs=tuple(value) if exact else None))
            continue
        children = tuple(new[c] for c in node.children)
        if node.kind == DECISION:
            h = set_map.setdefault(node.infoset, len(set_map))  # type: ignore[arg-type]
            members.setdefault(h, []).append(len(nodes))
            nodes.append(Node(name=node.name, kind=DECISION, parent=parent, action=action,
                              children=children, player=node.player, infoset=h,
                              actions=node.actions))
        elif node.kind == CHANCE:
            nodes.append(Node(name=node.name, kind=CHANCE, parent=parent, action=action,
                              children=children, actions=node.actions,
                              probabilities=node.probabilities,
                              exact_probabilities=node.exact_probabilities))
        else:
            nodes.append(Node(name=node.name, kind=TERMINAL, parent=parent, action=action,
                              payoffs=node.payoffs, exact_payoffs=node.exact_payoffs,
                              outcome=node.outcome))
    back = [0] * len(set_map)
    infosets: list[Infoset] = [None] * len(set_map)  # type: ignore[list-item]
    for old, h in set_map.items():
        s = game.infosets[old]
        back[h] = old
        infosets[h] = Infoset(s.player, s.name, s.actions, tuple(members[h]))
    truncated = ExtensiveFormGame(
        name=f"{game.name} at {game.nodes[root].name}", players=game.players,
        nodes=tuple(nodes), infosets=tuple(infosets),
    )
    return truncated, back


def subgame_perfect(
    game: ExtensiveFormGame,
    local_solver: LocalSolver,
    *,
    exact: bool = False,
    max_combinations: int = MAX_COMBINATIONS,
    timeout: float | None = None,
    max_solves: int = MAX_SOLVES,
) -> SubgameSolution:
    """Subgame perfect equilibria by solving subgames bottom-up with ``local_solver``.

    Each truncated game is solved once per distinct vector of inner subgame values (two
    combinations of inner equilibria with the same payoffs give the same truncated game),
    and at most ``max_solves`` times per subgame root: past that the list is marked
    incomplete with a diagnostic, so that ties multiplying inner equilibria cannot make
    the work explode.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    nesting = _nesting(game)
    complete = True
    notes: list[str] = []
    # per subgame root: list of (partial table {infoset: probs}, value vector)
    solved: dict[int, list[tuple[dict[int, tuple[Any, ...]], tuple[Any, ...]]]] = {}
    for r in reversed(game.subgame_roots):
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError
        inner = nesting[r]
        options = [solved.pop(c) for c in inner]
        out: list[tuple[dict[int, tuple[Any, ...]], tuple[Any, ...]]] = []
        # the truncated game depends only on the inner values: solve each distinct one once
        cache: dict[tuple, tuple] = {}
        n_combos = 1
        for opts in options:
            n_combos *= len(opts)
        tried = 0
        for combo in itertools.product(*options):
            replaced = {c: sol[1] for c, sol in zip(inner, combo, strict=True)}
            key = tuple(_value_key(sol[1]) for sol in combo)
            if key not in cache:
                if tried >= max_solves or (tried >= MAX_INCOMPLETE_SOLVES and not all(
                        c[3] for c in cache.values())):
                    complete = False
                    notes.append(
                        f"the subgame at {game.nodes[r].name!r} was solved for {tried} of the "
                        f"{n_combos} combinations of its inner subgames' equilibria (a budget "
                        "on the work); other subgame perfect equilibria may exist")
                    break
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError
                tried += 1
                truncated, back = truncate(game, r, replaced)
                cache[key] = (truncated, back, *local_solver(truncated))
            truncated, back, tables, ok, local_notes = cache[key]
            complete = complete and ok
            for note in local_notes:
                if note not in notes:
                    notes.append(note)
            for t in tables:
                merged: dict[int, tuple[Any, ...]] = {}
                for sol in combo:
                    merged.update(sol[0])
                for h, probs in enumerate(t):
                    merged[back[h]] = probs
                value = truncated.expected_payoffs(t, exact=exact)
                out.append((merged, value))
                if len(out) >= max_combinations:
                    break
            if len(out) >= max_combinations:
                complete = False
                notes.append(
                    f"stopped after {max_combinations} combinations of subgame equilibria"
                )
                break
        if not out:
            raise SolverError(f"no equilibrium found in the subgame at {game.nodes[r].name!r}")
        solved[r] = out
    tables = []
    for merged, _ in solved[0]:
        tables.append([merged[h] for h in range(len(game.infosets))])
    return SubgameSolution(tuple(tables), complete, tuple(notes))
