"""Cross-checks of the extensive-form solvers against pygambit on random trees.

For 100 seeded random 2-player trees that have both chance moves and information sets with
several nodes (and perfect recall, by construction), small enough for the reduced normal
form to be enumerated quickly:

* every equilibrium we return (all of ``enumerate``, the one of ``sequence-lcp``, those of
  ``spe``) is an equilibrium in pygambit: the behavior profile, loaded into pygambit in
  rationals, has ``max_regret() == 0``;
* pygambit's ``lcp_solve`` equilibrium, read back into our tree, has regret exactly 0
  under our verifier;
* when all the equilibria we enumerate share one outcome distribution (so that any
  equilibrium must have it), pygambit's equilibrium has the same distribution;
* the reduced normal form has as many strategies per player as pygambit's (reduced)
  strategic form, and as many pure equilibria as ``enumpure_solve`` finds.
"""

from __future__ import annotations

import numpy as np
import pytest
from oracles import (
    behavior_profile,
    behavior_table_from_gambit,
    gambit_efg,
    gambit_pure_count,
    lcp_behavior_equilibria,
)

from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.solvers.normal.pure import pure_equilibrium_profiles
from alliance_games.solvers.tree.behavior import player_regrets
from alliance_games.solvers.tree.methods import solve_extensive


def _trees(count: int) -> list:
    out = []
    seed = 0
    while len(out) < count:
        rng = np.random.default_rng(1000 + seed)
        game = random_extensive_game(rng, leaves=int(rng.integers(6, 19)), chance=0.3,
                                     max_infoset=3, chance_root=seed % 2 == 0)
        seed += 1
        if game.has_chance and not game.is_perfect_information:
            shape = game.as_normal_form().shape
            # keep vertex enumeration of the reduced normal form fast
            if min(shape) <= 6 and shape[0] * shape[1] <= 120:
                out.append(game)
    return out


TREES = _trees(100)


def _distribution(game, table):
    return {k: v for k, v in game.outcome_distribution(table, exact=True).items() if v}


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(TREES)))
def test_random_tree_against_pygambit(index: int) -> None:
    """See the module docstring for what is checked on each tree."""
    game = TREES[index]
    pg = gambit_efg(game)
    assert pg.is_perfect_recall

    enum = solve_extensive(game, "enumerate", exact=True)
    lcp = solve_extensive(game, "sequence-lcp", exact=True)
    spe = solve_extensive(game, "spe", exact=True)
    for eq in (*enum.equilibria, *lcp.equilibria, *spe.equilibria):
        assert behavior_profile(pg, eq.behavior).max_regret() == 0
    assert enum.complete and len(enum) >= 1 and len(spe) >= 1

    theirs = lcp_behavior_equilibria(pg)
    assert theirs
    table = behavior_table_from_gambit(game, pg, theirs[0])
    regrets, _ = player_regrets(game, table, exact=True)
    assert max(regrets) == 0

    ours = {tuple(sorted(_distribution(game, game.behavior_table(e.behavior, exact=True))
                         .items())) for e in enum}
    if len(ours) == 1:
        assert tuple(sorted(_distribution(game, table).items())) in ours

    nf = game.as_normal_form()
    assert nf.shape == tuple(len(p.strategies) for p in pg.players)
    assert gambit_pure_count(pg) == len(pure_equilibrium_profiles(nf, exact=True))


def test_enough_trees_with_chance_and_information_sets() -> None:
    """The 100 trees all have chance moves and a non-singleton information set."""
    assert len(TREES) == 100
    assert all(g.has_chance and not g.is_perfect_information for g in TREES)
