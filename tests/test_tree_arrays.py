"""Perfect-information trees on arrays: the vectorised passes agree with the node-by-node
ones, and verification still rejects what is not an equilibrium.

* Backward induction (Kuhn 1953) level by level on arrays must list the same pure SPE, in
  the same order, with the same exact root values and tie nodes as the node-by-node pass,
  on random trees with ties (payoffs in [-2, 2]) and without many (in [-9, 9]), with and
  without chance moves, with and without a cap.
* ``make_behavior_equilibrium`` on a large perfect-information tree verifies a pure
  profile by vectorised passes (one-shot deviations, Osborne & Rubinstein 1994 Lemma
  98.2; best responses at the root); payoffs, behavior, beliefs and outcomes must equal
  those of the node-by-node check, exact and float.
* A corrupted profile (one mover switched to an action that is strictly worse for it on
  the path of play) must be rejected, exact and float.
* The bulk generator's arrays equal the arrays read back from its node records.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from alliance_games.errors import SolverError
from alliance_games.games.random_extensive import random_perfect_information_game
from alliance_games.games.tree_arrays import _from_nodes, tree_arrays
from alliance_games.solvers.tree import backward_induction as bi_module
from alliance_games.solvers.tree import behavior as behavior_module
from alliance_games.solvers.tree.behavior import make_behavior_equilibrium


def _pure(k: int, a: int, exact: bool) -> tuple:
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    return tuple(one if j == a else zero for j in range(k))


def _table(game, choice, exact: bool) -> list:
    return [_pure(len(game.infosets[h].actions), a, exact) for h, a in enumerate(choice)]


@pytest.mark.parametrize("seed", range(4))
def test_backward_induction_on_arrays_equals_node_by_node(seed: int) -> None:
    """Same listed SPE (choices, root values, ties, completeness) from both passes: the
    array pass keeps ``num/den`` per node and settles near-ties exactly, then builds the
    same continuation lists (product order, cap) where ties are."""
    for chance in (0.0, 0.2):
        for payoff_range in (2, 9):
            game = random_perfect_information_game(
                seed, nodes=2500 + seed, chance=chance, payoff_range=payoff_range,
                players=2 + seed % 2)
            arrays = tree_arrays(game)
            for cap in (3, 50):
                slow = bi_module._backward_induction_python(game, cap, 1e-9, None)
                fast = bi_module._backward_induction_arrays(game, arrays, cap, None)
                assert fast == slow


def _summary(eq) -> tuple:
    return (dict(eq.payoffs), {p: {h: dict(r) for h, r in d.items()}
                               for p, d in eq.behavior.items()},
            {p: dict(d) for p, d in eq.beliefs.items()}, dict(eq.outcomes))


@pytest.mark.parametrize("exact", [False, True])
def test_vectorised_verification_equals_node_by_node(exact: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Payoffs (summed over the reached leaves in preorder, as ``expected_payoffs``
    does), behavior, beliefs (none: every set is a singleton) and outcome distribution
    equal the node-by-node check's; the float regret agrees to rounding."""
    game = random_perfect_information_game(5, nodes=4000, chance=0.2, payoff_range=9)
    result = bi_module.backward_induction(game, max_solutions=4)
    for choice in result.choices:
        table = _table(game, choice, exact)
        fast = make_behavior_equilibrium(game, table, exact=exact, concept="subgame perfect")
        with monkeypatch.context() as m:
            m.setattr(behavior_module, "VECTORISED_NODES", 10**12)
            slow = make_behavior_equilibrium(game, table, exact=exact,
                                             concept="subgame perfect")
        assert _summary(fast) == _summary(slow)
        assert fast.regret == pytest.approx(slow.regret, abs=1e-12)
        if exact:
            assert fast.payoffs[game.players[0]] == Fraction(
                result.values[result.choices.index(choice)][0])


def _strictly_worse_switch(game, choice) -> tuple[int, int]:
    """An information set on the path of play and an action there that is strictly worse
    for its mover (its child's value under the profile is lower)."""
    nodes = game.nodes
    # node values under ``choice``, exactly
    val: list = [None] * len(nodes)
    for v in reversed(range(len(nodes))):
        node = nodes[v]
        if node.kind == "terminal":
            val[v] = node.exact_payoffs
        elif node.kind == "chance":
            val[v] = tuple(sum((p * val[c][i] for p, c in zip(node.exact_probabilities,
                                                               node.children, strict=True)),
                               Fraction(0)) for i in range(game.n_players))
        else:
            val[v] = val[node.children[choice[node.infoset]]]
    v = 0
    while nodes[v].kind != "terminal":
        node = nodes[v]
        if node.kind == "decision":
            mine = val[node.children[choice[node.infoset]]][node.player]
            for a, c in enumerate(node.children):
                if val[c][node.player] < mine:
                    return node.infoset, a
            v = node.children[choice[node.infoset]]
        else:
            v = node.children[0]
    raise AssertionError("no strictly worse action on the path")


@pytest.mark.parametrize("exact", [False, True])
def test_corrupted_profile_is_rejected(exact: bool) -> None:
    """Switching one mover on the path of play to a strictly worse action gives it a
    positive one-shot gain (go back to the old action) and a positive regret at the root,
    so the vectorised verification must refuse it."""
    game = random_perfect_information_game(11, nodes=5000, chance=0.1, payoff_range=9)
    choice = list(bi_module.backward_induction(game, max_solutions=1).choices[0])
    table = _table(game, choice, exact)
    make_behavior_equilibrium(game, table, exact=exact, concept="subgame perfect")
    h, a = _strictly_worse_switch(game, choice)
    table[h] = _pure(len(game.infosets[h].actions), a, exact)
    with pytest.raises(SolverError, match="not a subgame perfect equilibrium"):
        make_behavior_equilibrium(game, table, exact=exact, concept="subgame perfect")


def test_corrupted_profile_off_the_path_is_rejected() -> None:
    """Off the path of play a strictly worse action changes no payoff at the root but
    breaks subgame perfection: the one-shot check at that node must catch it (exact)."""
    game = random_perfect_information_game(12, nodes=5000, chance=0.0, payoff_range=9)
    choice = list(bi_module.backward_induction(game, max_solutions=1).choices[0])
    nodes = game.nodes
    on_path = set()
    v = 0
    while nodes[v].kind != "terminal":
        on_path.add(v)
        v = nodes[v].children[choice[nodes[v].infoset]]
    for v in reversed(range(len(nodes))):
        node = nodes[v]
        if node.kind != "decision" or v in on_path:
            continue
        kids = node.children
        if all(nodes[c].kind == "terminal" for c in kids):
            mine = nodes[kids[choice[node.infoset]]].exact_payoffs[node.player]
            worse = [a for a, c in enumerate(kids) if nodes[c].exact_payoffs[node.player] < mine]
            if worse:
                table = _table(game, choice, True)
                table[node.infoset] = _pure(len(kids), worse[0], True)
                with pytest.raises(SolverError):
                    make_behavior_equilibrium(game, table, exact=True,
                                              concept="subgame perfect")
                return
    raise AssertionError("no off-path decision with a strictly worse action")


def test_generator_arrays_match_its_records() -> None:
    """The arrays the bulk generator attaches describe exactly its node records."""
    game = random_perfect_information_game(2, nodes=3000, chance=0.3, players=3)
    stored = tree_arrays(game)
    rebuilt = _from_nodes(game.nodes, game.n_players)
    for field in ("parent", "action", "kind", "player", "infoset", "child_ptr", "children",
                  "payoffs", "edge_prob", "pay_num", "pay_den"):
        assert np.array_equal(getattr(stored, field), getattr(rebuilt, field)), field
    assert np.array_equal(stored.prob_num * rebuilt.prob_den,
                          rebuilt.prob_num * stored.prob_den)
    assert [lv.tolist() for lv in stored.levels] == [lv.tolist() for lv in rebuilt.levels]
