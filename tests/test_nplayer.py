"""N-player mixed equilibria: support enumeration, symmetric closed forms, pygambit agreement.

Hand-derived instances first (derivations in each docstring), then invariants, then the
cross-check against pygambit's enumpoly, gnm and logit solvers on seeded random games.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from oracles import float_profiles, gambit_nfg, mixed_max_regret

from alliance_games.equilibrium import regret
from alliance_games.errors import GameError, SolverError
from alliance_games.games.binary import (
    binary_symmetric_game,
    linear_public_good,
    volunteers_dilemma,
)
from alliance_games.games.normal import NormalFormGame
from alliance_games.interpretation.families import family_predictions
from alliance_games.solvers.nplayer.supports import (
    conditionally_dominated,
    nplayer_support_enumeration,
    support_profiles,
)
from alliance_games.solvers.nplayer.symmetric import (
    binary_payoff_sequences,
    solve_symmetric,
    symmetric_mixed_probabilities,
    volunteers_dilemma_mixed,
)


def arms_race_3():
    """Three states; restraint pays 0, 1, 4 when 0, 1, 2 others restrain; arming pays 2."""
    return binary_symmetric_game(3, [0, 1, 4], [2, 2, 2], actions=("Restrain", "Arm"))


def as_floats(eq):
    return [[float(p) for p in row] for row in eq.profile()]


# ------------------------------------------------------------------ oracle instances
def test_arms_race_irrational_symmetric_equilibrium():
    """Gain from restraining with others restraining w.p. p (k others, binomial):

    E[restrain] - 2 = 0*(1-p)^2 + 1*2p(1-p) + 4p^2 - 2 = 2p^2 + 2p - 2, zero at
    p^2 + p - 1 = 0, p = (√5 - 1)/2 ≈ 0.618. Other supports fail: with one player pure
    Restrain the two mixers need 1 + 3q = 2, q = 1/3, and then the pure restrainer gets
    2*(1/3)(2/3) + 4/9 = 8/9 < 2; with one pure Arm the mixers need q = 2; one mixer
    against pure opponents is never indifferent (0, 1 or 4 vs 2). So exactly three
    equilibria: all restrain, all arm, the symmetric mix.
    """
    result = nplayer_support_enumeration(arms_race_3(), exact=True)
    assert result.complete
    assert len(result.equilibria) == 3
    pure = [eq for eq in result.equilibria if eq.pure]
    assert len(pure) == 2 and all(eq.exact for eq in pure)
    (mixed,) = [eq for eq in result.equilibria if not eq.pure]
    golden = (math.sqrt(5) - 1) / 2
    for player in mixed.players:
        assert mixed.strategies[player]["Restrain"] == pytest.approx(golden, abs=1e-14)
    algebraic = mixed.extra["algebraic"]["strategies"]["Ally 1"]["Restrain"]
    assert sympy.simplify(sympy.sympify(algebraic) - (sympy.sqrt(5) - 1) / 2) == 0
    assert not mixed.exact and not result.exact
    assert mixed.regret < 1e-12


def test_arms_race_symmetric_closed_form_is_golden_ratio():
    """Same game through the symmetric solver: roots of 2p^2 + 2p - 2 in (0, 1), plus
    p = 0 (D(0) = -2 <= 0) and p = 1 (D(1) = 2 >= 0)."""
    values, degenerate = symmetric_mixed_probabilities([0, 1, 4], [2, 2, 2])
    assert not degenerate
    assert values[0] == 0 and values[-1] == 1
    assert sympy.simplify(values[1] - (sympy.sqrt(5) - 1) / 2) == 0
    result = solve_symmetric(arms_race_3())
    assert len(result.equilibria) == 3
    assert "sqrt(5)" in family_predictions(result)[0]


def test_volunteers_dilemma_closed_form():
    """b = 4, c = 1. Abstaining pays b(1 - q^(n-1)) against others abstaining w.p. q,
    volunteering pays b - c, so q^(n-1) = c/b.

    n = 3: q = (1/4)^(1/2) = 1/2, P(no one) = q^3 = 1/8 = (1/4)^(3/2).
    n = 5: q = (1/4)^(1/4) = 1/√2 ≈ 0.7071, P(no one) = (1/4)^(5/4) ≈ 0.17678.
    """
    mix = volunteers_dilemma_mixed(3, 4, 1)
    assert (mix.abstain, mix.volunteer, mix.nobody, mix.payoff) == (0.5, 0.5, 0.125, 3.0)
    result = solve_symmetric(volunteers_dilemma(3, 4, 1), exact=True)
    (mixed,) = [eq for eq in result.equilibria if not eq.pure]
    assert mixed.exact and mixed.strategies["Ally 1"]["Abstain"] == F(1, 2)
    assert mixed.outcomes["no ally acts"] == F(1, 8)
    five = solve_symmetric(volunteers_dilemma(5, 4, 1))
    vd = five.extra["volunteers_dilemma"]
    assert vd["abstain_probability"] == pytest.approx(1 / math.sqrt(2), abs=1e-14)
    assert vd["probability_no_one_acts"] == pytest.approx(0.25**1.25, abs=1e-14)
    (mixed5,) = [eq for eq in five.equilibria if not eq.pure]
    assert mixed5.outcomes["no ally acts"] == pytest.approx(0.25**1.25, abs=1e-12)
    sizes = vd["probability_no_one_acts_by_group_size"]
    assert all(sizes[m] < sizes[m + 1] for m in range(2, max(sizes)))


def test_volunteers_dilemma_all_equilibria_n3():
    """n = 3, b = 4, c = 1: 3 pure (one volunteer), 3 with two mixers (each volunteers
    w.p. 1 - c/b = 3/4, the third abstains: it gets 4(1 - 1/16) = 15/4 >= 3), and the
    symmetric mix (1/2 each): 7 equilibria, all rational."""
    result = nplayer_support_enumeration(volunteers_dilemma(3, 4, 1), exact=True)
    assert result.complete and result.exact
    assert len(result.equilibria) == 7
    pairs = [eq for eq in result.equilibria if sum(len(eq.support(p)) for p in eq.players) == 5]
    assert len(pairs) == 3
    for eq in pairs:
        mixers = [p for p in eq.players if len(eq.support(p)) == 2]
        assert all(eq.strategies[p]["Volunteer"] == F(3, 4) for p in mixers)


def test_volunteers_dilemma_n4_count():
    """n = 4: 4 pure + C(4,2) = 6 two-mixer (volunteer 3/4) + C(4,3) = 4 three-mixer
    (q^2 = 1/4, q = 1/2) + 1 symmetric (q^3 = 1/4, irrational): 15 equilibria."""
    result = nplayer_support_enumeration(volunteers_dilemma(4, 4, 1))
    assert result.complete and len(result.equilibria) == 15
    irrational = [eq for eq in result.equilibria if "algebraic" in eq.extra]
    assert len(irrational) == 1
    assert irrational[0].strategies["Ally 1"]["Abstain"] == pytest.approx(0.25 ** (1 / 3))


def test_linear_public_good_defection_dominant():
    """u_i = -x_i + r Σx/n with n = 3, r = 2: contributing changes one's payoff by
    r/n - 1 = -1/3 whatever the others do, so all-defect is the only equilibrium."""
    result = nplayer_support_enumeration(linear_public_good(3, 2), exact=True)
    assert len(result.equilibria) == 1
    (eq,) = result.equilibria
    assert all(eq.strategies[p]["Defect"] == 1 for p in eq.players)
    assert eq.outcomes == {"mutual defection": 1}


def test_three_player_coordination():
    """Three allies paid 1 when all choose the same action, else 0.

    Pure: all-s1 and all-s2. Totally mixed with P(s1) = p, q, r: player 1 is indifferent
    iff qr = (1-q)(1-r), and likewise for the others; p = q = r = 1/2 solves all three
    (each action then pays 1/4). With two players at different pure actions the third
    is indifferent (it always gets 0), so its indifference equation vanishes and the
    support system has a continuum of solutions; but no point of it is an equilibrium
    (the player at s1 gains by switching to s2 whenever the third plays s2 with positive
    probability, and the one at s2 gains when it plays s1). The result is therefore
    marked incomplete with a diagnostic, and lists exactly the three equilibria.
    """
    u = np.zeros((3, 2, 2, 2), dtype=int)
    u[:, 0, 0, 0] = 1
    u[:, 1, 1, 1] = 1
    result = nplayer_support_enumeration(NormalFormGame.from_payoff_array(u), exact=True)
    profiles = [tuple(tuple(row) for row in eq.profile()) for eq in result.equilibria]
    half = (F(1, 2), F(1, 2))
    assert sorted(profiles) == sorted(
        [((1, 0), (1, 0), (1, 0)), ((0, 1), (0, 1), (0, 1)), (half, half, half)]
    )
    assert not result.complete
    assert any("found no equilibrium on it" in d for d in result.diagnostics)
    for eq in result.equilibria:
        assert eq.exact and eq.regret == 0


# ------------------------------------------------------------------ building blocks
def test_null_game_lists_points_of_continua():
    """All payoffs 0: every profile is an equilibrium. The 8 pure profiles are found
    exactly; each of the 19 mixed support profiles contributes one verified point of its
    continuum, and the result is incomplete with a summarised diagnostic."""
    game = NormalFormGame.from_payoff_array(np.zeros((3, 2, 2, 2), dtype=int))
    result = nplayer_support_enumeration(game)
    assert len(result.equilibria) == 8 + 19
    assert sum(eq.pure for eq in result.equilibria) == 8
    assert not result.complete
    assert any("16 more support profiles" in d for d in result.diagnostics)
    assert all(eq.regret < 1e-9 for eq in result.equilibria)


def test_support_profiles_order_and_count():
    """A 3x2x2 game has (2^3-1)(2^2-1)^2 = 63 support profiles, pure ones first."""
    profiles = list(support_profiles((3, 2, 2)))
    assert len(profiles) == 63
    assert profiles[:2] == [((0,), (0,), (0,)), ((0,), (0,), (1,))]
    assert all(sum(map(len, p)) == 3 for p in profiles[:12])
    assert len(list(support_profiles((3, 2, 2), max_support=1))) == 12


def test_conditional_dominance():
    """Player 1's strategy 1 pays 0 against (0, 0) and 5 elsewhere; strategy 0 pays 1
    everywhere: restricted to others playing (0, 0), strategy 1 is dominated."""
    u = np.zeros((3, 2, 2, 2), dtype=object)
    u[0, 0] = 1
    u[0, 1] = 5
    u[0, 1, 0, 0] = 0
    u = np.vectorize(F)(u)
    assert conditionally_dominated(u, ((1,), (0,), (0,)))
    assert not conditionally_dominated(u, ((1,), (0, 1), (0,)))


def test_binary_payoff_detection():
    assert binary_payoff_sequences(volunteers_dilemma(3, 4, 1)) == (
        (F(3), F(3), F(3)),
        (F(0), F(4), F(4)),
    )
    u = np.arange(3 * 8).reshape(3, 2, 2, 2)
    assert binary_payoff_sequences(NormalFormGame.from_payoff_array(u)) is None
    with pytest.raises(SolverError, match="symmetric"):
        solve_symmetric(NormalFormGame.from_payoff_array(u))


def test_invalid_volunteers_dilemma():
    with pytest.raises(GameError, match="cost < benefit"):
        volunteers_dilemma(3, 1, 2)


def test_timeout_and_support_cap_make_result_incomplete():
    result = nplayer_support_enumeration(volunteers_dilemma(3, 4, 1), timeout=0.0)
    assert not result.complete and "stopped" in result.diagnostics[0]
    capped = nplayer_support_enumeration(volunteers_dilemma(3, 4, 1), max_support=1)
    assert not capped.complete and len(capped.equilibria) == 3


def test_irrational_payoffs_are_approximated_and_verified():
    """Matching-pennies-like game for players 1, 2 with payoff √2 (player 3 a dummy):
    u1 = √2 on match, 0 otherwise; u2 = 1 on mismatch: the mixed equilibrium has both at
    1/2 (each player's own payoffs do not enter its opponent's indifference)."""
    root2 = sympy.sqrt(2)
    u = np.zeros((3, 2, 2, 1), dtype=object)
    for a, b in itertools.product(range(2), repeat=2):
        u[0, a, b, 0] = root2 if a == b else 0
        u[1, a, b, 0] = 1 if a != b else 0
    game = NormalFormGame.from_payoff_array(u)
    assert game.exact_payoffs is None
    result = nplayer_support_enumeration(game)
    assert not result.complete
    (eq,) = result.equilibria
    assert eq.strategies["P1"]["s1"] == pytest.approx(0.5, abs=1e-9)
    assert eq.regret < 1e-9


# ------------------------------------------------------------------ pygambit agreement
def _random_game(rng, shape):
    """Integer payoffs in [-1000, 1000]: ties (degeneracy) are unlikely."""
    u = rng.integers(-1000, 1001, size=(len(shape), *shape))
    return u, NormalFormGame.from_payoff_array(u)


def _close(a, b, tol=1e-6):
    return all(
        np.allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float), atol=tol)
        for x, y in zip(a, b, strict=True)
    )


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize(
    "shape, seed",
    [((2, 2, 2), 11), ((2, 2, 2), 12), ((3, 2, 2), 13), ((3, 2, 2), 14), ((2, 2, 2, 2), 15)],
)
def test_agrees_with_pygambit(shape, seed):
    """Ours are equilibria for pygambit (its max_regret on our profile ~ 0); every
    equilibrium pygambit's enumpoly, gnm and logit find is one of ours. (pygambit's
    enumpoly may miss some: on seed 15 it reports 2 of the 3 equilibria, and the third,
    ours, has max_regret ~1e-13 in pygambit's own evaluation.)"""
    rng = np.random.default_rng(seed)
    u, game = _random_game(rng, shape)
    ours = nplayer_support_enumeration(game)
    assert ours.complete
    ggame = gambit_nfg(u)
    mine = [as_floats(eq) for eq in ours.equilibria]
    for prof in mine:
        assert mixed_max_regret(ggame, prof) < 1e-9 * 1000
    theirs = float_profiles(ggame, "enumpoly")
    assert len(theirs) <= len(mine)
    for prof in theirs:
        assert regret(game, prof) < 1e-6
        assert any(_close(prof, m) for m in mine)
    for solver in ("gnm", "logit"):
        for prof in float_profiles(ggame, solver):
            assert any(_close(prof, m, tol=1e-4) for m in mine)


# ------------------------------------------------------------------ logit path following
def test_logit_selects_arming_in_the_assurance_arms_race():
    """At λ = 0 play is uniform (p = 1/2) and the gain from restraining, 2p^2 + 2p - 2,
    is -1/2 < 0; on the symmetric branch p only falls further (the gain stays negative
    below (√5 - 1)/2), so the path ends at all-Arm, not at all-Restrain."""
    from alliance_games.solvers.nplayer.logit import logit_solve

    result = logit_solve(arms_race_3(), exact=True)
    assert not result.complete
    (eq,) = result.equilibria
    assert eq.exact and all(eq.strategies[p]["Arm"] == 1 for p in eq.players)


def test_logit_path_points_are_quantal_response_equilibria():
    """Matching pennies: by symmetry every QRE is (1/2, 1/2). For a random 3x2x2 game each
    recorded path point satisfies σ_ij ∝ exp(λ v_ij) on the payoffs rescaled to [0, 1]."""
    from alliance_games.equilibrium import deviation_payoffs
    from alliance_games.solvers.nplayer.logit import logit_solve, trace_logit_path

    pennies = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    result = logit_solve(pennies, exact=True)
    assert result.equilibria[0].strategies["P1"] == {"s1": F(1, 2), "s2": F(1, 2)}
    rng = np.random.default_rng(7)
    u, game = _random_game(rng, (3, 2, 2))
    scaled = NormalFormGame.from_payoff_array((u - u.min()) / (u.max() - u.min()))
    path = trace_logit_path(game, max_lambda=50.0)
    for lam, profile in path.points[1:]:
        devs = deviation_payoffs(scaled, profile)
        for i, row in enumerate(profile):
            weights = np.exp(lam * (devs[i] - devs[i].max()))
            np.testing.assert_allclose(row, weights / weights.sum(), atol=1e-8)


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize(
    "shape, seed", [((2, 2, 2), 1), ((3, 2, 2), 2), ((2, 2, 2, 2), 3), ((3, 3, 3), 4)]
)
def test_logit_agrees_with_pygambit(shape, seed):
    """The end of our principal branch is pygambit's logit_solve equilibrium (to the
    accuracy of pygambit's own end point), and for the small games it is one of the
    equilibria support enumeration lists."""
    from alliance_games.solvers.nplayer.logit import logit_solve

    rng = np.random.default_rng(seed)
    u, game = _random_game(rng, shape)
    (ours,) = logit_solve(game).equilibria
    (theirs,) = float_profiles(gambit_nfg(u), "logit")
    assert _close(as_floats(ours), theirs, tol=1e-5)
    if shape != (3, 3, 3):
        listed = [as_floats(eq) for eq in nplayer_support_enumeration(game).equilibria]
        assert any(_close(as_floats(ours), m, tol=1e-9) for m in listed)
