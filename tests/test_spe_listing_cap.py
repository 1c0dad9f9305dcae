"""``spe`` on trees whose ties multiply the subgame perfect equilibria (issue 13, goal 4).

A seeded 512-leaf random tree with information sets (the ``random 512`` game of
``benchmarks/infosets.py``, seed 1) has thousands of pure subgame perfect equilibria:
every tie in a subgame doubles the combinations above it. Each listed equilibrium is
verified on the whole tree, so listing them all took the whole time limit (60 s for
5,760 of them). The list is now cut at the size the perfect-information path uses for a
tree of this size, ``max(10, min(1000, 200000 // nodes))``, and says so.
"""

from __future__ import annotations

import numpy as np

from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.solvers.tree.methods import MAX_SPE_LISTED, solve_extensive


def test_tied_subgames_list_a_bounded_verified_prefix() -> None:
    """The cut is per subgame root (each root keeps at most ``cap`` combinations), so the
    root's list holds at most ``cap`` tables plus those of the last truncated solve; every
    listed profile is verified (regret 0 on the whole tree, concept subgame perfect), the
    list is marked incomplete and the diagnostics name the cut."""
    game = random_extensive_game(np.random.default_rng([1, 512]), leaves=512, chance=0.3,
                                 max_infoset=4, chance_root=True, name="random 512")
    cap = max(10, min(MAX_SPE_LISTED, 200_000 // len(game.nodes)))
    result = solve_extensive(game, "spe", timeout=600)
    assert not result.complete
    assert any(f"stopped after {cap} combinations" in d for d in result.diagnostics)
    assert cap <= len(result.equilibria) <= 2 * cap
    assert all(eq.concept == "subgame perfect" and eq.regret <= 1e-9
               for eq in result.equilibria)
