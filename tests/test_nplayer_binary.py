"""The compiled kernel for games with two strategies per player
(``solvers/nplayer/binary.py``, ``solvers/kernels/_binary_numba.py``).

It must decide every support profile exactly as the numpy engine of
``solvers/nplayer/batch.py`` does: the same roots (to 1e-9; the order of the roots of
one support may differ), the same unresolved (degenerate) supports, the same counts of
dominated and excluded profiles. Checked on hundreds of seeded games with 3, 4 and 5
players, random (generic) and with payoffs in {-2, ..., 2} (degenerate: ties, vanishing
conditions, continua), on the hand-derived volunteer's dilemma, and against pygambit's
enumpoly. numba is part of the ``test`` extra (a QuantEcon dependency), so the compiled
path is always exercised here.
"""

from __future__ import annotations

import sys
from fractions import Fraction as F

import numpy as np
import pytest
from oracles import float_profiles, gambit_nfg, mixed_max_regret

from alliance_games.equilibrium import regret
from alliance_games.games.binary import volunteers_dilemma
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer import binary
from alliance_games.solvers.nplayer.batch import (
    _solve_binary,
    _solve_class,
    size_classes,
    supports_of_class,
)
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch):
    """The kernel module, forced on."""
    monkeypatch.setattr(binary, "MODE", True)
    module = binary.kernel()
    assert module is not None
    return module


def _groups(n: int):
    shape = (2,) * n
    profiles = [p for sizes in size_classes(shape) for p in supports_of_class(shape, sizes)]
    pure = [p for p in profiles if all(len(s) == 1 for s in p)]
    mixed = [p for p in profiles if any(len(s) == 2 for s in p)]
    return [((1,) * n, pure), (shape, mixed)]


def _key(outcome):
    roots = sorted((s, tuple(np.round(x, 9))) for s, x in outcome.roots)
    return roots, sorted(outcome.unresolved), outcome.dominated, outcome.excluded


def _scaled(u: np.ndarray) -> np.ndarray:
    u = u.astype(float)
    return u / (np.abs(u).max() or 1.0)


def test_numba_kernel_is_available(compiled) -> None:
    """numba ships with the test extra, so these tests compare two real paths."""
    assert compiled.DECIDED == 0


def test_kernel_is_off_when_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    """``MODE = False`` and ``ALLIANCE_GAMES_NO_NUMBA`` select the numpy path."""
    monkeypatch.setattr(binary, "MODE", False)
    assert binary.kernel() is None
    monkeypatch.setattr(binary, "MODE", True)
    monkeypatch.setenv("ALLIANCE_GAMES_NO_NUMBA", "1")
    assert binary.kernel() is None


@pytest.mark.parametrize("n", [3, 4])
def test_same_decisions_as_the_numpy_engine_random(compiled, n: int) -> None:
    """Generic games (integer payoffs in [-1000, 1000]): every support profile decided
    alike by both engines."""
    for seed in range(60):
        u = _scaled(np.random.default_rng([n, seed]).integers(-1000, 1001,
                                                               size=(n,) + (2,) * n))
        for sizes, profiles in _groups(n):
            ours = _solve_binary(compiled, u, profiles)
            theirs = _solve_class(u, sizes, profiles, None)
            assert _key(ours) == _key(theirs), (n, seed, sizes)


@pytest.mark.slow
def test_same_decisions_as_the_numpy_engine_five_players(compiled) -> None:
    """Five players, generic games."""
    for seed in range(15):
        u = _scaled(np.random.default_rng([5, seed]).integers(-1000, 1001,
                                                               size=(5,) + (2,) * 5))
        for sizes, profiles in _groups(5):
            assert _key(_solve_binary(compiled, u, profiles)) == _key(
                _solve_class(u, sizes, profiles, None)), (seed, sizes)


@pytest.mark.parametrize("n, seeds", [
    (3, 12), pytest.param(4, 8, marks=pytest.mark.slow)])
def test_same_decisions_as_the_numpy_engine_degenerate(compiled, n: int, seeds: int) -> None:
    """Payoffs in {-2, ..., 2}: ties (weak dominance, pure profiles on a tie), vanishing
    indifference conditions (continua, left unresolved for the exact route), roots on
    faces of the simplex. Both engines must leave the same supports unresolved. (On
    such a game the numpy engine once crashed: every root box belonged to a support left
    unresolved, and the empty batch failed to reshape.)"""
    unresolved = 0
    for seed in range(seeds):
        u = _scaled(np.random.default_rng([n, seed, 7]).integers(-2, 3,
                                                                  size=(n,) + (2,) * n))
        for sizes, profiles in _groups(n):
            ours = _solve_binary(compiled, u, profiles)
            assert _key(ours) == _key(_solve_class(u, sizes, profiles, None)), (n, seed)
            unresolved += len(ours.unresolved)
    assert unresolved > 0  # the degenerate cases were met


def test_volunteers_dilemma_three_players(compiled) -> None:
    """The volunteer's dilemma with 3 players, benefit 4, cost 1 (a volunteer gets
    4 - 1 = 3; a non-volunteer gets 4 if someone volunteers, else 0).

    Hand derivation of its 7 equilibria:

    * pure: exactly one volunteer (3 profiles); with nobody volunteering a player gains
      3 > 0 by volunteering, with two volunteers each gains 1 by staying out;
    * two players mix, the third stays out: a mixer volunteering gets 3, staying out
      gets 4 v (v the other mixer's probability of volunteering), so v = 3/4; the third
      gets 4 (1 - (1/4)^2) = 15/4 >= 3 by staying out (3 profiles);
    * all mix with volunteering probability v: 3 = 4 (1 - (1 - v)^2), so
      (1 - v)^2 = 1/4 and v = 1/2.

    One volunteer mixing with the others pure is impossible (its indifference condition
    is a constant), and two mixers with the third volunteering leave each mixer 4 > 3
    for staying out.
    """
    game = volunteers_dilemma(3, benefit=4, cost=1)
    result = nplayer_support_enumeration(game, exact=True)
    assert result.complete and len(result.equilibria) == 7
    volunteer = [[eq.strategies[p]["Volunteer"] for p in game.players]
                 for eq in result.equilibria]
    assert sorted(v for v in volunteer if set(v) <= {0, 1}) == [
        [0, 0, 1], [0, 1, 0], [1, 0, 0]]
    partial = sorted(v for v in volunteer if 0 < sum(x == 0 for x in v) < 3
                     and not set(v) <= {0, 1})
    assert partial == [[0, F(3, 4), F(3, 4)], [F(3, 4), 0, F(3, 4)], [F(3, 4), F(3, 4), 0]]
    assert [F(1, 2)] * 3 in volunteer
    assert all(eq.exact and eq.regret == 0 for eq in result.equilibria)


@pytest.mark.parametrize("shape, seeds", [((2, 2, 2), range(10)), ((2, 2, 2, 2), range(10)),
                                          ((2, 2, 2, 2, 2), range(3))])
def test_same_equilibria_either_path(compiled, monkeypatch: pytest.MonkeyPatch,
                                     shape, seeds) -> None:
    """The whole enumeration (float mode) gives the same equilibria, complete flags and
    counts with the kernel and on the numpy path."""
    for seed in seeds:
        u = np.random.default_rng([len(shape), seed, 3]).integers(-1000, 1001,
                                                                  size=(len(shape), *shape))
        game = NormalFormGame.from_payoff_array(u)
        fast = nplayer_support_enumeration(game)
        monkeypatch.setattr(binary, "_kernel", None)
        monkeypatch.setattr(binary, "MODE", False)
        slow = nplayer_support_enumeration(game)
        monkeypatch.setattr(binary, "MODE", True)
        monkeypatch.setattr(binary, "_kernel", compiled)
        assert fast.complete == slow.complete
        assert fast.extra == slow.extra
        a = sorted(tuple(np.round(x, 9) for row in eq.profile() for x in row)
                   for eq in fast.equilibria)
        b = sorted(tuple(np.round(x, 9) for row in eq.profile() for x in row)
                   for eq in slow.equilibria)
        assert a == b


@pytest.mark.oracle
@pytest.mark.parametrize("shape, seed", [((2, 2, 2), 5), ((2, 2, 2, 2), 2), ((2, 2, 2, 2), 4),
                                         ((2, 2, 2, 2, 2), 2), ((2, 2, 2, 2, 2), 3)])
def test_enumpoly_equilibria_are_among_ours_compiled(compiled, shape, seed) -> None:
    """pygambit's enumpoly as the oracle, with the kernel: every one of our equilibria
    has pygambit max_regret ~ 0, the list is complete, and every enumpoly equilibrium with
    small regret is one of ours."""
    u = np.random.default_rng(seed).integers(-1000, 1001, size=(len(shape), *shape))
    game = NormalFormGame.from_payoff_array(u)
    ours = nplayer_support_enumeration(game)
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


def test_deadline_leaves_the_remaining_profiles_unresolved(
        compiled, monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline is polled between pieces of profiles: with pieces of 4 and a deadline
    already past, the first 4 mixed profiles of a 2x2x2 game are decided and the other
    15 are returned unresolved (for the caller to report the search as stopped)."""
    monkeypatch.setattr(binary, "PIECE", 4)
    u = _scaled(np.random.default_rng(11).integers(-1000, 1001, size=(3, 2, 2, 2)))
    (_, _), (_, mixed) = _groups(3)
    outcome = _solve_binary(compiled, u, mixed, lambda: True)
    assert len(mixed) == 19
    assert outcome.unresolved == mixed[4:]
    full = _solve_binary(compiled, u, mixed[:4])
    assert _key(outcome)[0] == _key(full)[0]


@pytest.mark.parametrize("spent, players, loads", [
    (0.0, 4, False), (0.0, 6, False), (0.0, 7, True), (1.0, 4, True)])
def test_loading_rule(compiled, monkeypatch: pytest.MonkeyPatch, spent: float,
                      players: int, loads: bool) -> None:
    """Without numba imported, the kernel loads only once the numpy path has cost more
    than ``PAYBACK`` CPU seconds, or for a game of ``EAGER_PLAYERS`` (7) players or more;
    otherwise it is not even tried."""
    monkeypatch.setattr(binary, "MODE", None)
    monkeypatch.setattr(binary, "_kernel", None)
    monkeypatch.setattr(binary, "_tried", False)
    monkeypatch.setattr(binary, "spent", spent)
    monkeypatch.delitem(sys.modules, "numba")
    assert (binary.kernel(players) is compiled) is loads
    assert binary._tried is loads
