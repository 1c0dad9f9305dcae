"""Repeated alliance and arms-control games: critical discount factors and minmax values.

Closed forms: grim trigger δ* = (T-R)/(T-P) (Friedman 1971), tit-for-tat
max{(T-R)/(T-P), (T-R)/(R-S)} (Axelrod 1984), the n-player linear public good
δ*(n, r) = (n-r)/(r(n-1)); minmax values and the feasible individually rational set
(Fudenberg & Maskin 1986).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from alliance_games.errors import SolverError
from alliance_games.games.binary import linear_public_good
from alliance_games.games.normal import NormalFormGame
from alliance_games.interpretation.families import family_predictions
from alliance_games.solvers.repeated.strategies import (
    critical_discount_factors,
    feasible_individually_rational_set,
    grim_trigger_threshold,
    linear_public_good_threshold,
    minmax_value,
    pure_minmax_value,
    solve_repeated,
    tit_for_tat_threshold,
)


def symmetric_2x2(T, R, P, S, info=None):
    return NormalFormGame.from_arrays(
        [[[R, S], [T, P]], [[R, T], [S, P]]],
        players=["A", "B"],
        strategies=[["Restrain", "Arm"], ["Restrain", "Arm"]],
        outcomes={(0, 0): "mutual restraint", (1, 1): "arms race"},
        info=info or {},
    )


PD = (5, 3, 1, 0)


def test_grim_and_tft_thresholds_for_pd():
    """T, R, P, S = 5, 3, 1, 0: grim (5-3)/(5-1) = 1/2; TFT max{1/2, (5-3)/(3-0)} = 2/3."""
    assert grim_trigger_threshold(*map(F, PD[:3])) == F(1, 2)
    assert tit_for_tat_threshold(*map(F, PD)) == F(2, 3)


def test_tft_equals_grim_when_sucker_payoff_is_low():
    """T, R, P, S = 4, 3, 1, -5: (T-R)/(T-P) = 1/3 > (T-R)/(R-S) = 1/8, so both are 1/3."""
    assert tit_for_tat_threshold(F(4), F(3), F(1), F(-5)) == F(1, 3)


@pytest.mark.parametrize(
    "n, r, expected",
    [(3, F(2), F(1, 4)), (4, F(2), F(1, 3)), (5, F(5, 2), F(1, 4)), (10, F(3), F(7, 27))],
)
def test_linear_public_good_threshold(n, r, expected):
    """δ*(n, r) = (n-r)/(r(n-1)): (3-2)/(2*2) = 1/4; (4-2)/(2*3) = 1/3;
    (5-5/2)/((5/2)*4) = 1/4; (10-3)/(3*9) = 7/27. The general grim-trigger formula on the
    expanded n-player stage game gives the same (T = r(n-1)/n, R = r-1, P = 0)."""
    assert linear_public_good_threshold(n, r) == expected
    game = linear_public_good(n, r)
    thresholds = critical_discount_factors(game, (0,) * n)
    assert all(t.delta == expected for t in thresholds)


def test_solve_repeated_pd_lists_equilibria_by_discount_factor():
    """δ = 2/5 < 1/2: only (Arm, Arm) forever. δ = 3/5: grim trigger but not TFT (2/3).
    δ = 3/4: grim trigger and TFT and (Arm, Arm) forever."""
    game = symmetric_2x2(*PD)
    concepts = {
        d: [eq.concept for eq in solve_repeated(game, discount_factor=d, exact=True).equilibria]
        for d in (F(2, 5), F(3, 5), F(3, 4))
    }
    assert concepts[F(2, 5)] == ["subgame perfect (stage equilibrium repeated)"]
    assert concepts[F(3, 5)] == [
        "subgame perfect (grim trigger)", "subgame perfect (stage equilibrium repeated)",
    ]
    assert "nash (tit-for-tat)" in concepts[F(3, 4)]
    result = solve_repeated(game, discount_factor=F(3, 4), exact=True)
    assert result.extra["critical_discount_factor"] == F(1, 2)
    grim = result.equilibria[0]
    assert grim.payoffs == {"A": 3, "B": 3} and grim.regret == 0
    assert grim.outcomes == {"mutual restraint": 1}
    assert not result.complete
    text = " ".join(family_predictions(result))
    assert "δ* = (T-R)/(T-P) = 1/2" in text and "sustainable" in text


def test_discount_factor_from_game_info():
    game = symmetric_2x2(*PD, info={"repeated": {"discount_factor": F(9, 10)}})
    result = solve_repeated(game)
    assert result.extra["discount_factor"] == F(9, 10)
    assert result.equilibria[0].concept == "subgame perfect (grim trigger)"


def test_chicken_punishes_with_worst_stage_equilibrium():
    """Chicken T, R, S, P = 4, 3, 1, 0: pure stage equilibria (Arm, Restrain) and
    (Restrain, Arm); A's worst is (Restrain, Arm) paying 1. δ_A* = (4-3)/(4-1) = 1/3."""
    game = symmetric_2x2(4, 3, 0, 1)
    (a, b) = critical_discount_factors(game, (0, 0))
    assert a.delta == F(1, 3) and b.delta == F(1, 3)
    assert a.punishment_profile == (0, 1)


def test_harmony_needs_no_patience():
    result = solve_repeated(symmetric_2x2(2, 3, 0, 1), exact=True)
    assert result.extra["critical_discount_factor"] == 0
    assert "already a stage equilibrium" in family_predictions(result)[0]


def test_punishment_must_be_a_stage_equilibrium():
    with pytest.raises(SolverError, match="not a stage Nash equilibrium"):
        critical_discount_factors(symmetric_2x2(*PD), (0, 0), punishment=(0, 0))


def test_minmax_matching_pennies_is_mixed():
    """Matching pennies (A wins 1 on a match, loses 1 otherwise): pure minmax 1, mixed
    minmax 0 with B mixing 1/2-1/2, certified by A's own 1/2-1/2 guarantee."""
    game = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    assert pure_minmax_value(game, 0) == 1
    value = minmax_value(game, 0)
    assert value.exact and value.value == 0
    assert value.punisher == (F(1, 2), F(1, 2)) and value.guarantee == (F(1, 2), F(1, 2))


def test_feasible_individually_rational_set_pd():
    """Hull of (3,3), (0,5), (5,0), (1,1) clipped at the minmax (1, 1): the edge from
    (5,0) to (3,3) meets u2 = 1 at u1 = 5 - 2/3 = 13/3; vertices (1,1), (13/3,1), (3,3),
    (1,13/3)."""
    vertices = feasible_individually_rational_set(symmetric_2x2(*PD), [F(1), F(1)])
    assert vertices == [(1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3))]


def test_linear_public_good_threshold_rises_with_group_size():
    game = linear_public_good(4, 2, info={"repeated": {"discount_factor": F(3, 10)}})
    result = solve_repeated(game, exact=True)
    sizes = result.extra["linear_public_good"]["threshold_by_group_size"]
    assert sizes[3] == F(1, 4) and sizes[4] == F(1, 3)
    assert all(sizes[m] < sizes[m + 1] for m in range(3, max(sizes)))
    # δ = 3/10 < 1/3: cooperation not sustainable, only all-defect forever
    assert [eq.concept for eq in result.equilibria] == [
        "subgame perfect (stage equilibrium repeated)"
    ]
    assert result.extra["pure_minmax"]["Ally 1"] == 0


def test_invalid_inputs():
    with pytest.raises(SolverError, match="1 < r < n"):
        linear_public_good_threshold(3, F(4))
    with pytest.raises(SolverError, match="discount factor"):
        solve_repeated(symmetric_2x2(*PD), discount_factor=F(3, 2))
