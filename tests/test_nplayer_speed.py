"""The fast n-player enumeration: exclusion by bisection, Krawczyk isolation, and the
oracle check against pygambit's enumpoly on seeded random games.

Hand-derived instances first (derivations in each docstring), then the oracle.
"""

from __future__ import annotations

import numpy as np
import pytest
from oracles import float_profiles, gambit_nfg, mixed_max_regret

from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.exclusion import isolate, no_equilibrium
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration


def test_constant_gain_excludes_the_support():
    """Player 1 gets 1 from s1 and 0 from s2 whatever the others do. On the support
    ({s1, s2}, {s1}, {s1}) its indifference condition u1(s2) - u1(s1) = -1 is constant,
    so the whole box [0, 1] is excluded at once: no equilibrium."""
    u = np.zeros((3, 2, 2, 2))
    u[0, 0] = 1.0
    assert no_equilibrium(u, ((0, 1), (0,), (0,)))
    assert isolate(u, ((0, 1), (0,), (0,))).status == "solved"
    assert isolate(u, ((0, 1), (0,), (0,))).points == []


def test_matching_pennies_root_is_isolated():
    """Matching pennies (player 1: +1 on a match, -1 otherwise; player 2 the opposite).
    With x = P(player 1 plays s2) and y = P(player 2 plays s2), player 1's condition is
    u1(s2) - u1(s1) = (2y - 1) - (1 - 2y) = 4y - 2 and player 2's is 2 - 4x: the unique
    root is x = y = 1/2, inside the box, and both players mix, so it is an equilibrium."""
    u = np.array([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], dtype=float)
    resolution = isolate(u, ((0, 1), (0, 1)))
    assert resolution.status == "solved"
    (point,) = resolution.points
    assert point == pytest.approx([0.5, 0.5], abs=1e-12)


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize(
    "shape, seed",
    [((3, 3, 3), 1), ((2, 2, 2, 2), 1), ((2, 2, 2, 2, 2), 1)],
)
def test_every_enumpoly_equilibrium_is_ours(shape, seed):
    """Seeded random games (integer payoffs in [-1000, 1000], ties unlikely): each of our
    equilibria has pygambit max_regret ~ 0, and when we say complete every equilibrium
    pygambit's enumpoly reports (and that passes our regret check) is among ours."""
    rng = np.random.default_rng(seed)
    u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game, timeout=300)
    gg = gambit_nfg(u)
    mine = [[[float(p) for p in row] for row in eq.profile()] for eq in ours.equilibria]
    for prof in mine:
        assert mixed_max_regret(gg, prof) < 1e-9 * 1000
    assert ours.complete
    for prof in float_profiles(gg, "enumpoly"):
        if regret(game, prof) < 1e-6 * 1000:
            assert any(
                all(np.allclose(a, b, atol=1e-6) for a, b in zip(prof, m, strict=True))
                for m in mine
            )
