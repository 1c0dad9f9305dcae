"""The compiled kernel for any number of strategies per player
(``solvers/kernels/_support_numba.py``, driven from ``solvers/nplayer/binary.py``).

It must decide every support profile exactly as the numpy engine of
``solvers/nplayer/batch.py`` does: the same roots (to 1e-9), the same unresolved
(degenerate) supports, the same counts of dominated and excluded profiles, size class by
size class, on seeded games of shapes 3x3x3, 3x2x2, 4x3x2, 2x3x2x2 and 3x3x3x3, random
and with payoffs in {-2, ..., 2} (every third game: ties, vanishing conditions,
continua); the whole enumeration must list the same equilibria on either path; and
pygambit's enumpoly is the oracle. numba is part of the ``test`` extra, so the compiled
path is always exercised here.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from oracles import float_profiles, gambit_nfg, mixed_max_regret

from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer import binary
from alliance_games.solvers.nplayer.batch import (
    _solve_class,
    _solve_general,
    size_classes,
    supports_of_class,
)
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch):
    """The general kernel module, forced on."""
    monkeypatch.setattr(binary, "MODE", True)
    module = binary.general_kernel((3, 3, 3))
    assert module is not None
    return module


def _key(outcome):
    roots = sorted((s, tuple(np.round(x, 9))) for s, x in outcome.roots)
    return roots, sorted(outcome.unresolved), outcome.dominated, outcome.excluded


def _payoffs(shape, seed):
    rng = np.random.default_rng([len(shape), *shape, seed])
    if seed % 3 == 2:
        u = rng.integers(-2, 3, size=(len(shape), *shape))
    else:
        u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    return u


@pytest.mark.parametrize("shape, seeds", [
    ((3, 3, 3), 9), ((3, 2, 2), 9), ((4, 3, 2), 3), ((2, 3, 2, 2), 3),
    pytest.param((3, 3, 3, 3), 2, marks=pytest.mark.slow)])
def test_same_decisions_as_the_numpy_engine(compiled, shape, seeds) -> None:
    """Every size class decided alike by both engines (random and degenerate games)."""
    for seed in range(seeds):
        u = _payoffs(shape, seed).astype(float)
        u /= np.abs(u).max() or 1.0
        for sizes in size_classes(shape):
            profiles = supports_of_class(shape, sizes)
            assert _key(_solve_general(compiled, u, profiles)) == _key(
                _solve_class(u, sizes, profiles, None)), (shape, seed, sizes)


def test_rock_paper_scissors_with_a_bystander(compiled) -> None:
    """Players 1 and 2 play rock-paper-scissors (win 1, lose -1, tie 0); player 3 has
    three strategies and gets 1 from its first whatever the others do, 0 from the other
    two. Hand derivation: player 3's first strategy strictly dominates, so it is played
    in every equilibrium; the others' payoffs do not depend on player 3, and
    rock-paper-scissors has the single equilibrium in which both mix 1/3 each (a player
    mixing on fewer strategies leaves the other a strict best reply, which the first
    could exploit). So the game has exactly one equilibrium: (1/3, 1/3, 1/3) twice and
    player 3 pure on its first strategy."""
    rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    u = np.zeros((3, 3, 3, 3), dtype=int)
    u[0] = rps[:, :, None]
    u[1] = -rps[:, :, None]
    u[2, :, :, 0] = 1
    game = NormalFormGame.from_payoff_array(u)
    result = nplayer_support_enumeration(game, exact=True)
    assert result.complete
    (eq,) = result.equilibria
    assert eq.profile() == ((F(1, 3),) * 3, (F(1, 3),) * 3, (F(1), F(0), F(0)))
    assert eq.exact and eq.regret == 0


@pytest.mark.parametrize("shape, seeds", [((3, 3, 3), range(6)), ((3, 2, 2), range(6)),
                                          ((2, 3, 2, 2), range(3))])
def test_same_equilibria_either_path(compiled, monkeypatch: pytest.MonkeyPatch,
                                     shape, seeds) -> None:
    """The whole enumeration (float mode) gives the same equilibria, complete flags and
    counts with the kernel and on the numpy path."""
    for seed in seeds:
        game = NormalFormGame.from_payoff_array(_payoffs(shape, seed))
        fast = nplayer_support_enumeration(game, timeout=120)
        with monkeypatch.context() as m:
            m.setattr(binary, "MODE", False)
            slow = nplayer_support_enumeration(game, timeout=120)
        assert fast.complete == slow.complete
        assert fast.extra == slow.extra
        a = sorted(tuple(np.round(x, 9) for row in eq.profile() for x in row)
                   for eq in fast.equilibria)
        b = sorted(tuple(np.round(x, 9) for row in eq.profile() for x in row)
                   for eq in slow.equilibria)
        assert a == b, (shape, seed)


@pytest.mark.oracle
@pytest.mark.parametrize("shape, seed", [
    ((3, 3, 3), 2), ((3, 3, 3), 3), ((3, 2, 2), 4),
    pytest.param((3, 3, 3, 3), 1, marks=pytest.mark.slow),
    pytest.param((3, 3, 3, 3), 2, marks=pytest.mark.slow)])
def test_enumpoly_equilibria_are_among_ours_compiled(compiled, shape, seed) -> None:
    """pygambit's enumpoly as the oracle, with the kernel: every one of our equilibria
    has pygambit max_regret ~ 0, the list is complete, and every enumpoly equilibrium with
    small regret is one of ours."""
    u = np.random.default_rng(seed).integers(-1000, 1001, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game, timeout=600)
    assert ours.complete
    gg = gambit_nfg(u)
    mine = [[[float(x) for x in row] for row in eq.profile()] for eq in ours.equilibria]
    assert mine
    for prof in mine:
        assert mixed_max_regret(gg, prof) < 1e-9 * 1000
    for prof in float_profiles(gg, "enumpoly"):
        if regret(game, prof) < 1e-6 * 1000:
            assert any(all(np.allclose(a, b, atol=1e-6) for a, b in zip(prof, m, strict=True))
                       for m in mine)


def test_general_kernel_declines_large_shapes(compiled) -> None:
    """Shapes whose work arrays would exceed ``GENERAL_SIZE`` floats stay on the numpy
    path: 12 strategies for three players is 12 * (12 + 2^11)^3, about 10^11."""
    assert binary.general_kernel((12, 3, 3)) is None
    assert binary.general_kernel((3, 3, 3)) is compiled
