"""``make_equilibrium``'s float contraction for games of three or more players performs
``np.tensordot``'s own steps without its argument handling, so its deviation payoffs,
regret and expected payoffs must equal :func:`deviation_payoffs`' (and so
:func:`verify_profile`'s and :func:`expected_payoffs`') to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from alliance_games.equilibrium import (
    _float_deviations,
    deviation_payoffs,
    expected_payoffs,
    make_equilibrium,
    regret,
)
from alliance_games.games.normal import NormalFormGame


@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 4), (2, 2, 2, 2, 2), (3, 3, 3, 3),
                                   (2, 3, 2, 3)])
def test_same_bits_as_tensordot(shape) -> None:
    """Random games and random mixed profiles: every deviation payoff equal (==)."""
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    for _ in range(20):
        game = NormalFormGame.from_payoff_array(
            rng.integers(-1000, 1001, size=(len(shape), *shape)))
        sigma = [rng.dirichlet(np.ones(m)) for m in shape]
        fast = _float_deviations(game, sigma)
        slow = deviation_payoffs(game, [list(s) for s in sigma])
        assert all(np.array_equal(a, b) for a, b in zip(fast, slow, strict=True))


def test_record_values_match_the_public_functions() -> None:
    """An equilibrium record's regret and payoffs are those of ``regret`` and
    ``expected_payoffs`` (bit for bit). The game: three players, player i's payoff 1 when
    it matches player i+1 (mod 3), 0 otherwise; everybody mixing 1/2 leaves each player
    indifferent (each action matches the next player's with probability 1/2), so the
    regret is 0 and every payoff 1/2."""
    u = np.zeros((3, 2, 2, 2))
    for s in np.ndindex(2, 2, 2):
        for i in range(3):
            u[(i, *s)] = 1.0 if s[i] == s[(i + 1) % 3] else 0.0
    game = NormalFormGame.from_payoff_array(u)
    profile = [[0.5, 0.5]] * 3
    eq = make_equilibrium(game, profile)
    assert eq.regret == regret(game, profile) == 0.0
    assert tuple(eq.payoffs.values()) == expected_payoffs(game, profile) == (0.5, 0.5, 0.5)
