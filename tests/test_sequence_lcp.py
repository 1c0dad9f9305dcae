"""Sequence-form Lemke (Koller, Megiddo & von Stengel 1996) on known and random trees."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import numpy as np
import pytest

from alliance_games.errors import SolverError
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.games.sequence_form import CooMatrix
from alliance_games.solvers.tree import lemke_pivot, sequence_lcp
from alliance_games.solvers.tree.behavior import complete_behavior, player_regrets
from alliance_games.solvers.tree.methods import solve_extensive
from alliance_games.solvers.tree.sequence_lcp import lemke_behavior, sequence_form_lemke


def kuhn_poker() -> ExtensiveFormGame:
    """Kuhn's (1950) three-card poker: ante 1, one bet of 1, cards J < Q < K."""
    cards = ["J", "Q", "K"]

    def showdown(c1: str, c2: str, pot: int) -> tuple[int, int]:
        win = pot if cards.index(c1) > cards.index(c2) else -pot
        return (win, -win)

    def deal(c1: str, c2: str) -> Decision:
        after_check = Decision("P2", {
            "check": Terminal(showdown(c1, c2, 1)),
            "bet": Decision("P1", {
                "fold": Terminal((-1, 1)),
                "call": Terminal(showdown(c1, c2, 2)),
            }, infoset=f"{c1}: check, bet"),
        }, infoset=f"{c2}: check")
        after_bet = Decision("P2", {
            "fold": Terminal((1, -1)),
            "call": Terminal(showdown(c1, c2, 2)),
        }, infoset=f"{c2}: bet")
        return Decision("P1", {"check": after_check, "bet": after_bet}, infoset=f"{c1}")

    branches = {f"{a}{b}": (F(1, 6), deal(a, b)) for a in cards for b in cards if a != b}
    return ExtensiveFormGame.from_tree(Chance(branches), players=("P1", "P2"),
                                       name="Kuhn poker")


def test_kuhn_poker_value_is_minus_one_eighteenth() -> None:
    """Kuhn (1950): in every equilibrium of this zero-sum game player 1 expects -1/18.
    The sequence form has 13 sequences per player (12 information sets of 2 actions);
    Lemke's algorithm certifies an equilibrium in rationals."""
    game = kuhn_poker()
    assert [len(s) for s in game.sequences] == [13, 13]
    result = solve_extensive(game, "sequence-lcp", exact=True)
    (eq,) = result.equilibria
    assert eq.payoffs == {"P1": F(-1, 18), "P2": F(1, 18)}
    # a known property of every equilibrium: holding the king, player 2 always calls a bet
    assert eq.behavior["P2"]["K: bet"]["call"] == 1
    # and with the jack player 2 always folds to a bet
    assert eq.behavior["P2"]["J: bet"]["fold"] == 1


@pytest.mark.parametrize("seed", range(6))
def test_random_trees_float_and_exact(seed: int) -> None:
    """Random 2-player trees with chance and information sets (about 150 terminal nodes):
    the float solution has regret below 1e-9 on the tree, and the exact certificate of the
    final basis gives a profile with regret exactly 0."""
    rng = np.random.default_rng(seed)
    game = random_extensive_game(rng, leaves=150, chance=0.3, max_infoset=4,
                                 chance_root=seed % 2 == 0)
    res = sequence_form_lemke(game)
    table = complete_behavior(game, lemke_behavior(game, res))
    regrets, _ = player_regrets(game, table)
    assert max(regrets) < 1e-9
    exact = sequence_form_lemke(game, exact=True)
    assert exact.exact and all(isinstance(v, F) for v in exact.x)
    table = complete_behavior(game, lemke_behavior(game, exact), exact=True)
    regrets, _ = player_regrets(game, table, exact=True)
    assert max(regrets) == 0


def test_realization_plans_satisfy_the_constraints() -> None:
    """x(empty) = 1 and, at every information set, the actions' plan values sum to the
    value of the sequence leading there (Ex = e), exactly."""
    game = random_extensive_game(3, leaves=60, chance=0.3, max_infoset=3, chance_root=True)
    res = sequence_form_lemke(game, exact=True)
    for player, plan in ((0, res.x), (1, res.y)):
        assert plan[0] == 1
        for h in game.player_infosets[player]:
            k = len(game.infosets[h].actions)
            total = sum(plan[game.sequence_number(h, a)] for a in range(k))
            assert total == plan[game.parent_sequence[h]]
            assert all(plan[game.sequence_number(h, a)] >= 0 for a in range(k))


def test_all_payoffs_equal_is_degenerate_but_solved() -> None:
    """Every terminal pays (1, 1): every profile is an equilibrium; the path must still end
    (degeneracy is resolved by the perturbation) with regret 0."""
    game = random_extensive_game(5, leaves=40, chance=0.3, max_infoset=3)
    flat = ExtensiveFormGame.from_nodes(
        [n if n.kind != "terminal"
         else dataclasses.replace(n, payoffs=(1.0, 1.0), exact_payoffs=(F(1), F(1)))
         for n in game.nodes],
        game.infosets, players=game.players,
    )
    (eq,) = solve_extensive(flat, "sequence-lcp", exact=True).equilibria
    assert eq.regret == 0 and eq.payoffs == {"P1": 1, "P2": 1}


def test_player_without_moves() -> None:
    """P2 never moves: P1 simply maximises; 3 > 2 > 0, so P1 takes 'b' for sure."""
    game = ExtensiveFormGame.from_tree(
        Decision("P1", {"a": Terminal((2, 0)), "b": Terminal((3, 1)), "c": Terminal((0, 5))}),
        players=("P1", "P2"),
    )
    (eq,) = solve_extensive(game, "sequence-lcp", exact=True).equilibria
    assert eq.behavior["P1"]["root"]["b"] == 1 and eq.payoffs["P1"] == 3


def test_three_players_are_refused() -> None:
    """The sequence-form LCP is a 2-player method."""
    game = ExtensiveFormGame.from_tree(
        Decision("A", {"x": Terminal((1, 0, 0)), "y": Terminal((0, 1, 0))}),
        players=("A", "B", "C"),
    )
    with pytest.raises(SolverError, match="2-player"):
        sequence_form_lemke(game)


# ---------------------------------------------------------------------- small trees, no scipy
@pytest.mark.parametrize("seed", range(8))
def test_dense_and_sparse_paths_agree(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree of up to ``DENSE_ROWS`` rows is pivoted on dense arrays (no scipy import);
    forcing the sparse LU instead on random trees of 16-48 leaves (13-70 rows, chance
    at the root for even seeds) gives the same path: the same pivot count and seed, the
    same exact certificate (the same Fractions, so the same final basis), float plans
    within 1e-12 of each other (the two LU factorisations round differently), and an
    exact profile with regret exactly 0."""
    game = random_extensive_game(np.random.default_rng([seed, 7]), leaves=16 + 4 * seed,
                                 chance=0.3, max_infoset=3, chance_root=seed % 2 == 0)
    runs = {}
    for bound in (10**6, -1):  # everything dense, everything sparse
        monkeypatch.setattr(sequence_lcp, "DENSE_ROWS", bound)
        runs[bound] = (sequence_form_lemke(game), sequence_form_lemke(game, exact=True))
    (dense, dense_exact), (sparse, sparse_exact) = runs[10**6], runs[-1]
    assert (dense.pivots, dense.seed) == (sparse.pivots, sparse.seed)
    assert dense_exact == sparse_exact
    assert np.allclose(dense.x, sparse.x, rtol=0, atol=1e-12)
    assert np.allclose(dense.y, sparse.y, rtol=0, atol=1e-12)
    table = complete_behavior(game, lemke_behavior(game, dense_exact), exact=True)
    assert max(player_regrets(game, table, exact=True)[0]) == 0


def test_catalog_sized_tree_takes_the_dense_path() -> None:
    """Kuhn poker has 13 + 13 sequences and 6 + 6 information sets: 13 + 13 + 7 + 7 =
    40 rows, at most ``DENSE_ROWS``, so its constraint matrix is a dense array with
    columns ``w_x, w_y, x, y`` (13 each), ``p, q`` (7 each) and ``z0``: 67."""
    pb, _ = sequence_lcp._build(kuhn_poker().sequence_form(), exact_data=False)
    assert pb.N == 40 <= lemke_pivot.DENSE_ROWS
    assert isinstance(pb.C, np.ndarray) and pb.C.shape == (40, 67)


def test_coordinate_matrix_products_are_scipys() -> None:
    """``CooMatrix.matvec`` / ``rmatvec`` add the products in the order of scipy's CSR
    and CSC kernels, so ``A x`` and ``A^T x`` are the same floats; entries given in any
    order are sorted by row, then column."""
    import scipy.sparse as sp

    rng = np.random.default_rng(4)
    for shape in ((1, 1), (7, 5), (40, 60)):
        dense = rng.normal(size=shape) * (rng.random(shape) < 0.3)
        rows, cols = np.nonzero(dense)
        perm = rng.permutation(rows.size)
        coo = CooMatrix.from_entries(rows[perm], cols[perm], dense[rows, cols][perm], shape)
        assert np.array_equal(coo.toarray(), dense)
        assert np.array_equal(coo.tocsr().toarray(), dense)
        csr = sp.csr_matrix(dense)
        x, y = rng.normal(size=shape[1]), rng.normal(size=shape[0])
        assert np.array_equal(coo.matvec(x), csr @ x)
        assert np.array_equal(coo.rmatvec(y), csr.T @ y)
        for r in range(shape[0]):
            c, v = coo.row_entries(r)
            assert c.tolist() == np.nonzero(dense[r])[0].tolist()
            assert v.tolist() == dense[r, c].tolist()
        for c in range(shape[1]):
            r, v = coo.col_entries(c)
            assert r.tolist() == np.nonzero(dense[:, c])[0].tolist()
            assert v.tolist() == dense[r, c].tolist()
