"""Every pure subgame perfect equilibrium of a perfect-information game.

Backward induction (Kuhn 1953; Selten 1965) solves a finite game of perfect information
from the leaves up: a terminal node is worth its payoff vector; a chance node the
probability-weighted average of its children; at a decision node the mover picks an action
whose child is worth the most *to the mover*. When several actions tie, each choice (and
each combination of choices made in different subtrees, since an earlier mover's choice
may depend on how a later tie is broken) is a different subgame perfect equilibrium, and
the algorithm keeps them all: a node's list of *continuation solutions* is the product of
its children's lists, filtered by the mover's optimality. Without ties every list has one
element and the pass is linear in the tree size.

Comparisons are exact (rational) whenever the game's numbers are rational, whatever the
output mode, so that ties are ties; irrational games compare floats with a tolerance.

Every pure SPE is found; mixtures of tied actions are also subgame perfect and are not
listed (the result's diagnostics say so when ties occur).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
1965.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...errors import SolverError
from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame

__all__ = ["BackwardInductionResult", "backward_induction", "MAX_SOLUTIONS"]

MAX_SOLUTIONS = 10_000
"""Default cap on the number of subgame perfect equilibria listed."""


@dataclass(frozen=True, eq=False)
class _Solution:
    """A continuation solution at a node: its value and the choices below it."""

    value: tuple[Any, ...]
    node: int
    action: int | None
    children: tuple[_Solution, ...]


@dataclass(frozen=True)
class BackwardInductionResult:
    """Pure SPE as behavior tables (one action index per information set).

    Attributes
    ----------
    choices
        One tuple per equilibrium: the chosen action index at every information set.
    values
        The root payoff vector of each equilibrium.
    complete
        False when the cap on the number of equilibria was reached.
    ties
        Names of decision nodes where the mover was indifferent between optimal actions
        in some equilibrium.
    """

    choices: tuple[tuple[int, ...], ...]
    values: tuple[tuple[Any, ...], ...]
    complete: bool
    ties: tuple[str, ...]


def backward_induction(
    game: ExtensiveFormGame,
    *,
    max_solutions: int = MAX_SOLUTIONS,
    tol: float = 1e-9,
    timeout: float | None = None,
) -> BackwardInductionResult:
    """All pure subgame perfect equilibria of a perfect-information game.

    Parameters
    ----------
    game
        Every information set must be a single node (chance moves allowed).
    max_solutions
        Stop listing after this many equilibria (``complete=False``).
    tol
        Relative tolerance for ties when some number is irrational (floats).

    Raises
    ------
    SolverError
        If the game has an information set with more than one node.
    """
    # one bottom-up pass over the preorder indices; its state (values, ties, choices) is
    # shared by every step of the loop
    if not game.is_perfect_information:
        big = next(s for s in game.infosets if len(s.members) > 1)
        raise SolverError(
            f"backward induction needs perfect information; information set {big.name!r} "
            f"of {game.players[big.player]} has {len(big.members)} nodes (use 'spe')"
        )
    exact = game.is_exact
    scale = max([1.0] + [abs(x) for z in game.terminals for x in game.nodes[z].payoffs])
    eps: Any = Fraction(0) if exact else tol * scale
    deadline = None if timeout is None else time.monotonic() + timeout
    complete = True
    ties: set[int] = set()
    sols: list[list[_Solution] | None] = [None] * len(game.nodes)
    value: tuple[Any, ...]
    for v in reversed(range(len(game.nodes))):
        if deadline is not None and v % 1000 == 0 and time.monotonic() > deadline:
            raise TimeoutError
        node = game.nodes[v]
        if node.kind == TERMINAL:
            if exact:
                assert node.exact_payoffs is not None  # game.is_exact: every terminal has them
                value = tuple(node.exact_payoffs)
            else:
                value = tuple(node.payoffs)
            sols[v] = [_Solution(value, v, None, ())]
            continue
        child_lists = [sols[c] for c in node.children]
        for c in node.children:
            sols[c] = None  # free memory as we go up
        out: list[_Solution] = []
        for combo in itertools.product(*child_lists):  # type: ignore[arg-type]
            if node.kind == CHANCE:
                probs = node.exact_probabilities if exact else node.probabilities
                value = _mix(probs, [s.value for s in combo], exact)
                out.append(_Solution(value, v, None, combo))
            else:
                i = node.player
                assert i is not None  # decision nodes always have a player
                best = max(s.value[i] for s in combo)
                optimal = [a for a, s in enumerate(combo) if s.value[i] >= best - eps]
                if len(optimal) > 1:
                    ties.add(v)
                for a in optimal:
                    out.append(_Solution(combo[a].value, v, a, combo))
            if len(out) >= max_solutions:
                complete = False
                break
        sols[v] = out[:max_solutions]
    roots = sols[0] or []
    choices, values = [], []
    for sol in roots:
        table = [0] * len(game.infosets)
        stack = [sol]
        while stack:
            s = stack.pop()
            node = game.nodes[s.node]
            if node.kind == DECISION:
                # decision nodes have an information set, and their solutions an action
                assert node.infoset is not None and s.action is not None
                table[node.infoset] = s.action
            stack.extend(s.children)
        choices.append(tuple(table))
        values.append(sol.value)
    return BackwardInductionResult(
        choices=tuple(choices),
        values=tuple(values),
        complete=complete,
        ties=tuple(game.nodes[v].name for v in sorted(ties)),
    )


def _mix(probs: Any, values: list[tuple[Any, ...]], exact: bool) -> tuple[Any, ...]:
    n = len(values[0])
    zero: Any = Fraction(0) if exact else 0.0
    acc = [zero] * n
    for p, val in zip(probs, values, strict=True):
        if p == 0:
            continue
        for i in range(n):
            acc[i] += p * val[i]
    return tuple(acc)
