"""Large trees: backward induction on 10^5 nodes and sequence-form Lemke vs pygambit.

* Backward induction (Kuhn 1953) on a random perfect-information tree of 10^5 nodes is
  checked by the one-shot deviation principle, computed here independently of the solver:
  every listed profile is evaluated bottom-up (exact values, chance nodes averaged), and at
  every decision node the chosen action must give the mover the largest value among the
  children; the root value must equal the reported one. On smaller copies (same
  generator) the *set* of pure SPE is compared with a plain recursive enumeration.
* Sequence-form Lemke (Koller, Megiddo & von Stengel 1996) on larger random trees with
  chance moves and information sets: our exact equilibrium has regret exactly 0 in
  pygambit, and pygambit's own ``lcp_solve`` equilibrium has regret exactly 0 under our
  verifier, on trees where pygambit finishes in seconds (64 and 128 leaves; its Lemke
  needs minutes at 256 leaves, and its rational regret of a 512-leaf profile as long).

No timings are asserted (benchmarks/extensive.py measures them).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from oracles import (
    behavior_profile,
    behavior_table_from_gambit,
    gambit_efg,
    lcp_behavior_equilibria,
)

from alliance_games.games.extensive import CHANCE, TERMINAL
from alliance_games.games.random_extensive import (
    random_extensive_game,
    random_perfect_information_game,
)
from alliance_games.solvers.tree.backward_induction import backward_induction
from alliance_games.solvers.tree.behavior import player_regrets
from alliance_games.solvers.tree.methods import solve_extensive


def _values_under(game, choice) -> list:
    """Exact value vector of every node when every mover follows ``choice``."""
    nodes = game.nodes
    value: list = [None] * len(nodes)
    for v in reversed(range(len(nodes))):
        node = nodes[v]
        if node.kind == TERMINAL:
            value[v] = tuple(node.exact_payoffs)
        elif node.kind == CHANCE:
            value[v] = tuple(
                sum((p * value[c][i] for p, c in zip(node.exact_probabilities, node.children,
                                                      strict=True)), Fraction(0))
                for i in range(game.n_players))
        else:
            value[v] = value[node.children[choice[node.infoset]]]
    return value


def _all_spe(game, v: int) -> list[tuple[tuple, dict[int, int]]]:
    """Every pure SPE of the subtree at ``v`` by plain recursion: (value, infoset -> action)."""
    node = game.nodes[v]
    if node.kind == TERMINAL:
        return [(tuple(node.exact_payoffs), {})]
    out = []
    for combo in itertools.product(*(_all_spe(game, c) for c in node.children)):
        merged: dict[int, int] = {}
        for _, part in combo:
            merged.update(part)
        if node.kind == CHANCE:
            val = tuple(sum((p * c[0][i] for p, c in zip(node.exact_probabilities, combo,
                                                         strict=True)), Fraction(0))
                        for i in range(game.n_players))
            out.append((val, merged))
            continue
        best = max(c[0][node.player] for c in combo)
        for a, c in enumerate(combo):
            if c[0][node.player] == best:
                out.append((c[0], {**merged, node.infoset: a}))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_backward_induction_matches_plain_recursion(seed: int) -> None:
    """On trees of about 120 nodes (payoffs in [-3, 3], so ties are frequent; chance moves
    on odd seeds) the solver lists exactly the pure SPE a plain recursion enumerates (a
    node's solutions are the product of its children's, filtered by the mover's
    optimality; Kuhn 1953), with the same root values."""
    game = random_perfect_information_game(seed, nodes=120, chance=0.2 * (seed % 2),
                                           payoff_range=3, players=2 + seed % 2)
    expected = {(tuple(d[h] for h in range(len(game.infosets))), val)
                for val, d in _all_spe(game, 0)}
    assert len(expected) <= 10_000
    result = backward_induction(game)
    assert result.complete
    got = set(zip(result.choices, result.values, strict=True))
    assert got == expected
    assert len(result.choices) == len(got)


def test_backward_induction_on_a_hundred_thousand_nodes() -> None:
    """A random tree of 10^5 nodes (10 % chance nodes, payoffs in [-9, 9], so ties
    occur): the first three listed SPE each pass the one-shot deviation check (an
    equilibrium of a finite perfect-information game is subgame perfect iff no mover gains
    by changing one action at one node, then following the profile)."""
    game = random_perfect_information_game(7, nodes=100_000, chance=0.1, payoff_range=9)
    assert len(game.nodes) >= 100_000 and game.is_perfect_information
    result = backward_induction(game, max_solutions=3)
    assert result.choices and result.ties  # payoffs in [-9, 9]: indifference happens
    for choice, root_value in zip(result.choices, result.values, strict=True):
        value = _values_under(game, choice)
        assert value[0] == root_value
        for node in game.nodes:
            if node.kind != TERMINAL and node.kind != CHANCE:
                mine = value[node.children[choice[node.infoset]]][node.player]
                assert mine == max(value[c][node.player] for c in node.children)


def test_random_perfect_information_game_is_reproducible() -> None:
    """Same seed, same tree; the requested size is reached (the last expansion may add
    up to two more nodes); every decision node has its own information set."""
    a = random_perfect_information_game(3, nodes=5000, chance=0.2)
    b = random_perfect_information_game(3, nodes=5000, chance=0.2)
    assert a.nodes == b.nodes and a.infosets == b.infosets
    assert 5000 <= len(a.nodes) <= 5002
    assert all(len(s.members) == 1 for s in a.infosets)
    assert a.has_chance and a.is_exact


def _lemke_tree(leaves: int, seed: int):
    rng = np.random.default_rng([seed, leaves])
    return random_extensive_game(rng, leaves=leaves, chance=0.3, max_infoset=4,
                                 chance_root=True)


@pytest.mark.oracle
@pytest.mark.parametrize("leaves", [32, 64])
def test_sequence_lcp_against_pygambit_lcp(leaves: int) -> None:
    """32 and 64 leaves (128 takes minutes in pygambit), chance at the root, information
    sets of up to 4 nodes: pygambit's rational ``lcp_solve`` and our exact sequence-form
    Lemke each find an equilibrium the other side's exact verifier gives regret 0."""
    game = _lemke_tree(leaves, 0)
    assert not game.is_perfect_information and game.has_chance
    pg = gambit_efg(game)
    ours = solve_extensive(game, "sequence-lcp", exact=True)
    assert len(ours) == 1
    assert behavior_profile(pg, ours.equilibria[0].behavior).max_regret() == 0
    theirs = lcp_behavior_equilibria(pg)
    assert theirs
    regrets, _ = player_regrets(game, behavior_table_from_gambit(game, pg, theirs[0]),
                                exact=True)
    assert max(regrets) == 0
