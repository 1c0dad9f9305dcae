"""The n-player one-equilibrium fast path (``support-search``).

Hand-derived instances first (derivations in each docstring), then seeded random games
checked against pygambit's own regret evaluation.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from oracles import gambit_nfg, mixed_max_regret

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.search import pure_profiles, support_search


def _matching_pennies_3() -> NormalFormGame:
    """Three-player "odd one out": no pure equilibrium, a unique fully mixed one.

    Players 1 and 2 play matching pennies (1 wants to match 2, 2 wants to mismatch 1) and
    player 3 wants to match player 1; payoffs do not depend on anyone else.
    """
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                u[0, a, b, c] = 1 if a == b else -1
                u[1, a, b, c] = 1 if a != b else -1
                u[2, a, b, c] = 1 if c == a else -1
    return NormalFormGame.from_payoff_array(u)


def test_pure_equilibrium_comes_first():
    """A 2x2x2 coordination game (everyone gets 1 when all three choose the same action,
    else 0) has exactly two pure equilibria, (0,0,0) and (1,1,1): at any other cell two
    players agree and the third gets 0 but would get 1 by joining them. The search
    returns the first, all-0, certified exactly."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0] = 1
    u[:, 1, 1, 1] = 1
    assert pure_profiles(u) == [(0, 0, 0), (1, 1, 1)]
    result = support_search(NormalFormGame.from_payoff_array(u), exact=True)
    (eq,) = result.equilibria
    assert not result.complete
    assert eq.exact and eq.regret == 0
    assert [eq.strategies[p]["s1"] for p in eq.players] == [1, 1, 1]


@pytest.mark.parametrize("exact", [False, True])
def test_three_player_pennies_is_found_mixed(exact):
    """Player 1 (match 2) and player 2 (mismatch 1) play matching pennies, so neither
    can be pure in an equilibrium, and each is indifferent only when the other mixes
    1/2. Player 3 (match 1) then gets 1/2 - 1/2 = 0 from either action: indifferent, so
    (1/2, 1/2, any) are the equilibria. Supports of total size 4 leave player 1 or 2
    pure and fail; the first of size 5 in the search order, (2, 2, 1), gives player 3
    pure."""
    result = support_search(_matching_pennies_3(), exact=exact)
    (eq,) = result.equilibria
    assert eq.strategies["P1"]["s1"] == pytest.approx(0.5)
    assert eq.strategies["P2"]["s1"] == pytest.approx(0.5)
    assert sorted(eq.strategies["P3"].values()) == [0, 1]
    assert eq.regret <= 1e-9
    if exact:
        assert eq.exact and eq.strategies["P1"]["s1"] == F(1, 2)


@pytest.mark.oracle
@pytest.mark.parametrize(
    "shape, seed",
    [((3, 3, 3), 2), ((2, 2, 2, 2), 1), ((2, 2, 2, 2), 3), ((2, 2, 2, 2, 2), 1),
     ((3, 3, 3, 3), 1)],
)
def test_random_games_without_pure_equilibria(shape, seed):
    """Seeded random games (integer payoffs in [-1000, 1000]) with no pure equilibrium:
    the profile found has pygambit max_regret ~ 0 (payoff scale 1000)."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    assert pure_profiles(u) == []
    result = support_search(NormalFormGame.from_payoff_array(u))
    (eq,) = result.equilibria
    profile = [[float(p) for p in row] for row in eq.profile()]
    assert mixed_max_regret(gambit_nfg(u), profile) < 1e-9 * 1000
