"""The reduced normal form of an extensive-form game.

A *reduced* pure strategy (a "plan") of player ``i`` chooses one action at every
information set of ``i`` that ``i``'s own earlier choices do not exclude; information sets
made unreachable by an own earlier action are left unspecified, so strategies that differ
only there are merged (Kuhn 1953; von Stengel 1996, section 2). With perfect recall, the
plans are built recursively: at each information set whose parent sequence is played,
choose an action and continue with the sets that follow it.

A strategy's name joins its chosen action labels in tree order with ``/``
(``"Initiate/Fight"``); a player who never moves has the single strategy ``"(no move)"``.

Under a pure profile ``s`` a terminal node ``z`` is reached with probability
``c(z) * prod_i [s_i plays seq_i(z)]`` where ``c(z)`` is the product of chance
probabilities on the path and ``seq_i(z)`` player ``i``'s last sequence before ``z``. The
payoff of ``s`` is the sum of ``c(z) u(z)`` over the reached terminal nodes, and its
*outcome distribution* the sum of ``c(z)`` per outcome label.

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
B. von Stengel, "Efficient computation of behavior strategies", *Games and Economic
Behavior* 14, 1996, pp. 220-246.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ..budget import Budget
from ..errors import GameError
from .normal import NormalFormGame

if TYPE_CHECKING:
    from .extensive import ExtensiveFormGame

__all__ = ["ReducedNormalForm", "reduced_normal_form", "reduced_plans", "count_plans",
           "reduced_shape", "estimate_bytes", "check_size", "chance_reach", "MAX_PROFILES"]

MAX_PROFILES = 2_000_000
"""Largest number of pure profiles :func:`reduced_normal_form` builds."""

NO_MOVE = "(no move)"


@dataclass(frozen=True, eq=False)
class ReducedNormalForm:
    """The reduced normal form and how it maps back to the tree.

    Attributes
    ----------
    game
        The :class:`NormalFormGame` (a pure profile has an outcome label only when it
        leads to that label with probability 1).
    plans
        ``plans[i][k]``: player ``i``'s strategy ``k`` as ``{infoset index: action index}``.
    outcome_distributions
        Pure profile -> ``{label: probability}`` (exact when the game is exact).
    """

    game: NormalFormGame
    plans: tuple[tuple[Mapping[int, int], ...], ...]
    outcome_distributions: Mapping[tuple[int, ...], Mapping[str, Any]]


def _children_sets(game: ExtensiveFormGame, player: int) -> dict[int, list[int]]:
    """Parent sequence -> the player's information sets that follow it."""
    children: dict[int, list[int]] = {}
    for h in game.player_infosets[player]:
        children.setdefault(game.parent_sequence[h], []).append(h)
    return children


def count_plans(game: ExtensiveFormGame, player: int, cap: int | None = None) -> int:
    """The number of reduced pure strategies of ``player``, without listing them.

    ``count(h) = sum_a prod_{h' after (h, a)} count(h')``; information sets are numbered
    by their first node in preorder, so a set comes after every set before it on a path
    and one backward pass over the indices computes every count (no recursion, however
    deep the tree). Counts above ``cap`` are clipped to ``cap + 1``.
    """
    children = _children_sets(game, player)
    limit = None if cap is None else cap + 1
    at: dict[int, int] = {}

    def after(seq: int) -> int:
        total = 1
        for h in children.get(seq, ()):
            total *= at[h]
            if limit is not None and total > limit:
                return limit
        return total

    for h in reversed(game.player_infosets[player]):
        count = sum(after(game.sequence_number(h, a))
                    for a in range(len(game.infosets[h].actions)))
        at[h] = count if limit is None else min(count, limit)
    return after(0)


def reduced_plans(game: ExtensiveFormGame, player: int) -> list[dict[int, int]]:
    """All reduced pure strategies of ``player`` as ``{infoset: action}`` mappings.

    Built bottom-up like :func:`count_plans` (no recursion); callers check the count
    first, since the list can be exponentially long.
    """
    children = _children_sets(game, player)
    at: dict[int, list[dict[int, int]]] = {}

    def after(seq: int) -> list[dict[int, int]]:
        parts = [at.pop(h) for h in children.get(seq, ())]
        out = []
        for combo in itertools.product(*parts):
            merged: dict[int, int] = {}
            for plan in combo:
                merged.update(plan)
            out.append(merged)
        return out

    for h in reversed(game.player_infosets[player]):
        plans = []
        for a in range(len(game.infosets[h].actions)):
            for rest in after(game.sequence_number(h, a)):
                plans.append({h: a, **rest})
        at[h] = plans
    return after(0)


def _plan_name(game: ExtensiveFormGame, plan: Mapping[int, int]) -> str:
    if not plan:
        return NO_MOVE
    return "/".join(game.infosets[h].actions[a] for h, a in sorted(plan.items()))


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        k = seen.get(name, 0)
        seen[name] = k + 1
        out.append(name if k == 0 else f"{name}#{k + 1}")
    return out


#: bytes per payoff entry in the estimate: an object-array slot plus a Fraction (exact
#: games), or a float and the object slot it is built in (float games)
BYTES_PER_ENTRY_EXACT = 160
BYTES_PER_ENTRY_FLOAT = 40
#: bytes per (information set, action) pair stored in a plan (a dict entry)
BYTES_PER_PLAN_ENTRY = 100


def reduced_shape(game: ExtensiveFormGame) -> tuple[int, ...]:
    """The number of reduced pure strategies of each player (counted, not listed)."""
    return tuple(count_plans(game, i) for i in range(game.n_players))


def estimate_bytes(game: ExtensiveFormGame, shape: tuple[int, ...] | None = None) -> int:
    """Memory the reduced normal form needs: payoff entries and the plans themselves.

    ``prod(shape) * n_players`` payoff entries (:data:`BYTES_PER_ENTRY_EXACT` each for
    exact games, :data:`BYTES_PER_ENTRY_FLOAT` otherwise; the payoff array is built as
    objects and, for float games, converted) plus, per player, ``plans * sets`` plan
    entries. Deliberately generous: its job is to refuse before an allocation fails.
    """
    shape = reduced_shape(game) if shape is None else shape
    profiles = 1
    for m in shape:
        profiles *= m
    per_entry = BYTES_PER_ENTRY_EXACT if game.is_exact else BYTES_PER_ENTRY_FLOAT
    plan_bytes = sum(m * max(1, len(game.player_infosets[i])) * BYTES_PER_PLAN_ENTRY
                     for i, m in enumerate(shape))
    return profiles * game.n_players * per_entry + plan_bytes


def check_size(game: ExtensiveFormGame, budget: Budget | None) -> tuple[int, ...]:
    """Refuse (before anything is built) a reduced normal form too large to build.

    Raises :class:`~alliance_games.budget.BudgetExceeded` (a ``SolverError``) with the
    shape and the estimated size when it does not fit the memory budget, and
    :class:`GameError` beyond :data:`MAX_PROFILES` profiles. Returns the shape.
    """
    shape = reduced_shape(game)
    total = 1
    for m in shape:
        total *= m
    dims = " x ".join(map(str, shape))
    if budget is not None:
        budget.require(estimate_bytes(game, shape),
                       f"the reduced normal form ({dims} = {total} pure profiles)")
    if total > MAX_PROFILES:
        raise GameError(
            f"the reduced normal form has {total} pure profiles "
            f"({dims}), more than {MAX_PROFILES}; use the sequence "
            "form (method 'sequence-lcp') or subgame perfection ('spe')"
        )
    return shape


def reduced_normal_form(game: ExtensiveFormGame, budget: Budget | None = None
                        ) -> ReducedNormalForm:
    """Build the reduced normal form of a perfect-recall game.

    Its size (the product of the numbers of reduced strategies, counted without listing
    them) is checked first, against ``budget`` (default: the memory budget of
    :func:`alliance_games.budget.default_memory`) and :data:`MAX_PROFILES`.

    Raises
    ------
    GameError
        If the game lacks perfect recall or has more than :data:`MAX_PROFILES` profiles.
    BudgetExceeded
        If the estimated size does not fit the memory budget (the message gives it).
    """
    game.check_perfect_recall()
    n = game.n_players
    check_size(game, Budget.start() if budget is None else budget)
    plans = [reduced_plans(game, i) for i in range(n)]
    shape = tuple(len(p) for p in plans)
    exact = game.is_exact
    zero: Any = Fraction(0) if exact else 0.0
    plays = [_plays(game, i, plans[i]) for i in range(n)]
    groups, labels = _terminal_groups(game, exact)
    payoffs, dists = _fill_payoffs(n, shape, zero, plays, groups, labels)
    outcomes = {}
    for prof, d in dists.items():
        if len(d) == 1:
            (label, p), = d.items()
            if (p == 1) if exact else abs(p - 1.0) < 1e-12:
                outcomes[prof] = label
    names = [
        _unique_names([_plan_name(game, plan) for plan in plans[i]]) for i in range(n)
    ]
    nf = NormalFormGame.from_payoff_array(
        payoffs if exact else payoffs.astype(float),
        players=game.players,
        strategies=names,
        name=f"{game.name} (reduced normal form)" if game.name else "reduced normal form",
        outcomes=outcomes,
        parameters=game.parameters,
        info={**dict(game.info), "reduced_from": "extensive"},
    )
    return ReducedNormalForm(
        game=nf,
        plans=tuple(tuple(MappingProxyType(p) for p in pl) for pl in plans),
        outcome_distributions=MappingProxyType(
            {k: MappingProxyType(v) for k, v in dists.items()}
        ),
    )


def _plays(game: ExtensiveFormGame, i: int, plans: list[dict[int, int]]) -> np.ndarray:
    """``table[k, seq]``: does player ``i``'s reduced strategy ``k`` play sequence ``seq``?"""
    seqs = game.sequences[i]
    table = np.zeros((len(plans), len(seqs)), dtype=bool)
    for k, plan in enumerate(plans):
        table[k, 0] = True
        for s, pair in enumerate(seqs[1:], start=1):
            h, a = pair  # type: ignore[misc]
            if plan.get(h) == a and table[k, game.parent_sequence[h]]:
                table[k, s] = True
    return table


def _terminal_groups(game: ExtensiveFormGame, exact: bool
                     ) -> tuple[dict[tuple[int, ...], list[Any]],
                                dict[tuple[int, ...], dict[str, Any]]]:
    """Terminal nodes grouped by each player's last sequence: chance-weighted payoff
    sums and outcome-label weights per group (unreachable-by-chance leaves skipped)."""
    n = game.n_players
    zero: Any = Fraction(0) if exact else 0.0
    groups: dict[tuple[int, ...], list[Any]] = {}
    reach_by_chance = chance_reach(game, exact)
    labels: dict[tuple[int, ...], dict[str, Any]] = {}
    for z in game.terminals:
        node = game.nodes[z]
        c = reach_by_chance[z]
        if c == 0:
            continue
        key = tuple(game.node_sequences[i][z] for i in range(n))
        pay = node.exact_payoffs if exact else node.payoffs
        acc = groups.setdefault(key, [zero] * n)
        for i in range(n):
            acc[i] += c * pay[i]  # type: ignore[index]
        if node.outcome is not None:
            lab = labels.setdefault(key, {})
            lab[node.outcome] = lab.get(node.outcome, zero) + c
    return groups, labels


def _fill_payoffs(n: int, shape: tuple[int, ...], zero: Any, plays: list[np.ndarray],
                  groups: dict[tuple[int, ...], list[Any]],
                  labels: dict[tuple[int, ...], dict[str, Any]]
                  ) -> tuple[np.ndarray, dict[tuple[int, ...], dict[str, Any]]]:
    """The payoff arrays (each group added to every profile whose plans reach it) and
    the outcome distribution of each profile."""
    payoffs = np.full((n, *shape), zero, dtype=object)
    dists: dict[tuple[int, ...], dict[str, Any]] = {}
    for key, acc in groups.items():
        reached = [np.nonzero(plays[i][:, key[i]])[0] for i in range(n)]
        index = np.ix_(*reached)
        for i in range(n):
            payoffs[i][index] = payoffs[i][index] + acc[i]
        if key in labels:
            for prof in itertools.product(*reached):
                d = dists.setdefault(tuple(int(s) for s in prof), {})
                for label, p in labels[key].items():
                    d[label] = d.get(label, zero) + p
    return payoffs, dists


def chance_reach(game: ExtensiveFormGame, exact: bool) -> list[Any]:
    """Product of the chance probabilities on the path to every node (Fractions when
    ``exact``); the reduced normal form, the sequence form and the signaling solvers
    all weigh outcomes by it."""
    one: Any = Fraction(1) if exact else 1.0
    reach = [one] * len(game.nodes)
    for v, node in enumerate(game.nodes):
        if node.parent is None:
            continue
        parent = game.nodes[node.parent]
        r = reach[node.parent]
        if parent.kind == "chance":
            probs = parent.exact_probabilities if exact else parent.probabilities
            r = r * probs[node.action]  # type: ignore[index]
        reach[v] = r
    return reach
