"""The n-player one-equilibrium fast path ``path-search`` (pure, 2x2 sub-games, logit path).

Hand-derived games first (derivations in each docstring), then seeded random games
cross-checked against the all-equilibria engine (every returned profile has zero regret
and is one of the engine's equilibria) and against pygambit's own regret evaluation.
"""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner
from oracles import gambit_nfg, mixed_max_regret

from alliance_games.cli import cli
from alliance_games.equilibrium import regret
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.path_search import (
    _Kernel,
    newton_on_support,
    path_search,
    trace_supports,
    two_by_two_equilibria,
)
from alliance_games.solvers.nplayer.search import pure_profiles
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration


def _pennies_with_bystander() -> NormalFormGame:
    """Players 1 and 2 play an asymmetric matching-pennies game; player 3's first action
    strictly dominates (payoff 1 against 0 whatever the others do).

    Player 1 (rows) gets ``A = [[3, 0], [0, 1]]`` (wants to match), player 2 (columns)
    gets ``B = [[0, 2], [1, 0]]`` (wants to mismatch); neither depends on player 3.
    """
    a = [[3, 0], [0, 1]]
    b = [[0, 2], [1, 0]]
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for x in range(2):
        for y in range(2):
            for z in range(2):
                u[0, x, y, z] = a[x][y]
                u[1, x, y, z] = b[x][y]
                u[2, x, y, z] = 1 if z == 0 else 0
    return NormalFormGame.from_payoff_array(u)


def _jordan() -> NormalFormGame:
    """Jordan's (1993) three-player cyclic matching pennies: player 1 gets 1 for matching
    player 2, player 2 gets 1 for matching player 3, player 3 gets 1 for mismatching
    player 1 (0 otherwise)."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for x in range(2):
        for y in range(2):
            for z in range(2):
                u[0, x, y, z] = int(x == y)
                u[1, x, y, z] = int(y == z)
                u[2, x, y, z] = int(z != x)
    return NormalFormGame.from_payoff_array(u)


@pytest.mark.parametrize("exact", [False, True])
def test_two_by_two_stage_hand_derived(exact):
    """Player 3 plays its dominant first action. Player 2 (weight q on its second
    action) makes player 1 indifferent: 3 (1 - q) = q, so q = 3/4; player 1 (weight p on
    its second) makes player 2 indifferent: p = 2 (1 - p), so p = 2/3 (the closed form
    q = (A00 - A10) / (A00 - A10 - A01 + A11) = 3 / 4, p = (B00 - B01) / (B00 - B01 -
    B10 + B11) = -2 / -3). No cell of the 2x2 game is pure: at (1,1) player 2 moves to
    column 2, at (1,2) player 1 moves to row 2, at (2,2) player 2 moves back, at (2,1)
    player 1 moves back. So the 2x2 stage finds (1/3, 2/3), (1/4, 3/4), (1, 0)."""
    game = _pennies_with_bystander()
    result = path_search(game, exact=exact)
    (eq,) = result.equilibria
    assert result.extra["stage"] == "2x2" and not result.complete
    p1, p2, p3 = (eq.strategies[p] for p in eq.players)
    assert p1["s2"] == pytest.approx(2 / 3) and p2["s2"] == pytest.approx(3 / 4)
    assert p3["s1"] == 1
    if exact:
        assert eq.exact and eq.regret == 0
        assert (p1["s1"], p2["s1"]) == (F(1, 3), F(1, 4))


def test_two_by_two_closed_form_alone():
    """The vectorised closed form on the same game returns exactly that one profile (the
    other pairs involve player 3, whose dominant action rules out its mixing)."""
    game = _pennies_with_bystander()
    (sigma,) = two_by_two_equilibria(np.asarray(game.payoffs, dtype=float))
    assert np.allclose(sigma[0], [1 / 3, 2 / 3])
    assert np.allclose(sigma[1], [1 / 4, 3 / 4])
    assert np.allclose(sigma[2], [1, 0])


@pytest.mark.parametrize("exact", [False, True])
def test_jordan_game_needs_the_path(exact):
    """Jordan's game has no pure equilibrium (the best replies cycle) and no equilibrium
    with two players mixing: whoever stays pure gives one mixer a strict best reply
    (player 3 pure makes player 2 strict, player 1 pure makes player 3 strict, player 2
    pure makes player 1 strict). So all three mix, and each is indifferent only when the
    player it reacts to mixes 1/2: the unique equilibrium is (1/2, 1/2) for everyone,
    found past the 2x2 stage."""
    result = path_search(_jordan(), exact=exact)
    (eq,) = result.equilibria
    assert result.extra["stage"] == "logit path"
    for p in eq.players:
        assert eq.strategies[p]["s1"] == pytest.approx(0.5, abs=1e-12)
    assert eq.regret <= 1e-12
    if exact:
        assert eq.exact and eq.strategies["P1"]["s1"] == F(1, 2)


def test_newton_on_the_full_support_of_jordan():
    """In Jordan's game each indifference equation is linear: player 1's payoff
    difference between its actions is σ_2(1) - σ_2(2) = 2 σ_2(1) - 1 (and likewise for
    players 2 and 3), so Newton's method lands on (1/2, 1/2) for everyone from any start
    on the full support; on the support {1} x {1, 2} x {1, 2} player 3 (mismatching a
    pure player 1) is never indifferent, its equation has a zero row and the attempt
    fails (no repair can start from a singular system)."""
    kernel = _Kernel(np.asarray(_jordan().payoffs, dtype=float))
    start = np.array([0.9, 0.1, 0.2, 0.8, 0.6, 0.4])
    sigma = newton_on_support(kernel, ((0, 1), (0, 1), (0, 1)), start)
    assert sigma is not None and np.allclose(sigma, 0.5, atol=1e-14)
    assert newton_on_support(kernel, ((0,), (0, 1), (0, 1)), start) is None


def _random_games(shapes, per_shape, *, no_pure=True, first_seed=1):
    """Seeded games with integer payoffs in [-1000, 1000]; with ``no_pure`` only those
    without a pure equilibrium (the ones the later stages see)."""
    out = []
    for shape in shapes:
        seed, kept = first_seed, 0
        while kept < per_shape:
            u = np.random.default_rng(seed).integers(-1000, 1001, size=(len(shape), *shape))
            seed += 1
            if no_pure and pure_profiles(u):
                continue
            out.append((shape, seed - 1, u))
            kept += 1
    return out


@pytest.mark.parametrize(
    "shape, seed, u",
    _random_games([(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3)], 5),
    ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_random_games_match_the_complete_engine(shape, seed, u):
    """Generic random games without a pure equilibrium: the profile returned has zero
    float regret (certified at 1e-9 of the payoff scale) and is one of the equilibria
    that the complete support-enumeration engine lists (matched to 1e-8)."""
    game = NormalFormGame.from_payoff_array(u)
    (eq,) = path_search(game).equilibria
    profile = [[float(p) for p in row] for row in eq.profile()]
    assert regret(game, profile) <= 1e-9 * 1000
    every = nplayer_support_enumeration(game, timeout=120)
    assert every.complete
    assert any(all(np.allclose(a, [float(p) for p in b], atol=1e-8)
                   for a, b in zip(profile, other.profile(), strict=True))
               for other in every.equilibria)


@pytest.mark.parametrize("shape, seed, u",
                         _random_games([(2, 2, 2), (2, 3, 3), (3, 3, 3), (2, 2, 2, 2)], 4,
                                       no_pure=False, first_seed=200))
def test_two_by_two_stage_is_complete_on_its_supports(shape, seed, u):
    """Every equilibrium of the complete engine in which exactly two players mix two
    strategies each (the others pure) is among the closed-form profiles, and every
    closed-form profile is one of the engine's equilibria."""
    game = NormalFormGame.from_payoff_array(u)
    every = nplayer_support_enumeration(game, timeout=120)
    assert every.complete
    theirs = []
    for eq in every.equilibria:
        rows = [np.array([float(p) for p in row]) for row in eq.profile()]
        sizes = sorted(int((r > 0).sum()) for r in rows)
        if sizes == [1] * (len(shape) - 2) + [2, 2]:
            theirs.append(rows)
    ours = two_by_two_equilibria(np.asarray(u, dtype=float))

    def same(a, b):
        return all(np.allclose(x, y, atol=1e-9) for x, y in zip(a, b, strict=True))

    assert len(ours) == len(theirs)
    assert all(any(same(a, b) for b in theirs) for a in ours)


@pytest.mark.parametrize("shape, seed, u",
                         _random_games([(3, 3, 3), (4, 4, 4), (2, 2, 2, 2, 2), (3, 3, 3, 3)],
                                       3, first_seed=1))
def test_path_stage_alone_certifies(shape, seed, u):
    """The logit-path stage on its own (no 2x2 stage first) ends at a profile that
    certifies: zero regret in our check and pygambit's (payoff scale 1000)."""
    candidates, info = trace_supports(np.asarray(u, dtype=float))
    assert candidates, info
    profile = [list(row) for row in candidates[0]]
    game = NormalFormGame.from_payoff_array(u)
    assert regret(game, profile) <= 1e-9 * 1000
    assert mixed_max_regret(gambit_nfg(u), profile) < 1e-9 * 1000


def test_pure_equilibrium_first_exact():
    """A 2x2x2 coordination game (1 to all when all three agree, else 0) has the pure
    equilibria (1,1,1) and (2,2,2) (elsewhere the odd player gains 1 by joining the
    other two); the pure stage returns the first, certified exactly."""
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0] = 1
    u[:, 1, 1, 1] = 1
    result = path_search(NormalFormGame.from_payoff_array(u), exact=True)
    (eq,) = result.equilibria
    assert result.extra["stage"] == "pure" and eq.exact and eq.regret == 0
    assert [eq.strategies[p]["s1"] for p in eq.players] == [1, 1, 1]


def test_cli_solves_with_path_search(tmp_path):
    """``solve <.nfg> --method path-search -f json`` on Jordan's game prints the one
    equilibrium (everyone 1/2, exact with ``--exact``) and marks the list incomplete."""
    game = _jordan()
    path = tmp_path / "jordan.nfg"
    u = np.asarray(game.payoffs, dtype=int)
    cells = " ".join(" ".join(str(u[i, x, y, z]) for i in range(3))
                     for z in range(2) for y in range(2) for x in range(2))
    path.write_text('NFG 1 R "Jordan" { "P1" "P2" "P3" } { 2 2 2 }\n\n' + cells + "\n")
    result = CliRunner().invoke(cli, ["solve", str(path), "--method", "path-search",
                                      "--exact", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["complete"] is False
    (eq,) = data["equilibria"]
    assert eq["exact"]["strategies"]["P1"]["1"] == "1/2"


def test_exact_mode_keeps_the_float_certificate_on_large_supports():
    """4x4x4 seed 4 (integer payoffs in [-1000, 1000]) has no pure and no 2x2 sub-game
    equilibrium; the path ends on a support with more than 4 free probabilities
    (Σ (|S_i| - 1)), which ``exact`` does not re-solve with sympy (no deadline could stop
    it): the float certificate is kept, and a diagnostic says why."""
    u = np.random.default_rng(4).integers(-1000, 1001, size=(3, 4, 4, 4))
    result = path_search(NormalFormGame.from_payoff_array(u), exact=True)
    (eq,) = result.equilibria
    free = sum(sum(1 for p in eq.strategies[pl].values() if p > 0) - 1 for pl in eq.players)
    assert result.extra["stage"] == "logit path" and free > 4
    assert not eq.exact and eq.regret <= 1e-9 * 1000
    assert any("not re-solved exactly" in d for d in result.diagnostics)
