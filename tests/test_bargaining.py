"""Alliance bargaining: Nash bargaining solution and Rubinstein alternating offers.

Closed forms (Nash 1950; Rubinstein 1982; Binmore, Rubinstein & Wolinsky 1986) checked
on hand-computed instances.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from alliance_games.errors import GameError, SolverError
from alliance_games.games.bargaining import BargainingGame
from alliance_games.interpretation.families import family_predictions
from alliance_games.solvers.bargaining.solutions import (
    frequent_offers_limit,
    nash_bargaining_payoffs,
    rubinstein_finite_horizon,
    rubinstein_shares,
    solve_bargaining,
)


def test_nash_bargaining_unit_pie():
    """x_i = d_i + (1 - d1 - d2)/2 with d = (1/5, 1/10): gains 7/10, so x1 = 1/5 + 7/20 =
    11/20 and x2 = 1/10 + 7/20 = 9/20."""
    assert nash_bargaining_payoffs(F(1), [F(1, 5), F(1, 10)]) == (F(11, 20), F(9, 20))


def test_asymmetric_nash_bargaining():
    """Weights (2, 1), S = 9, d = 0: u = (6, 3)."""
    assert nash_bargaining_payoffs(F(9), [F(0), F(0)], [2, 1]) == (6, 3)


def test_rubinstein_split():
    """x1 = (1 - δ2)/(1 - δ1 δ2); δ = (9/10, 4/5): (1/5)/(1 - 18/25) = (1/5)/(7/25) = 5/7.
    Equal δ = 9/10: x1 = (1/10)/(19/100) = 10/19 > 1/2 (first-mover advantage)."""
    assert rubinstein_shares(F(9, 10), F(4, 5)) == (F(5, 7), F(2, 7))
    assert rubinstein_shares(F(9, 10), F(9, 10))[0] == F(10, 19)


def test_finite_horizon_converges_to_rubinstein():
    """Backward induction: T = 1 gives the proposer everything; T = 2 gives 1 - δ2 = 1/5;
    T = 3 gives 1 - δ2(1 - δ1) = 1 - (4/5)(1/10) = 23/25. The error shrinks by δ1δ2 =
    18/25 every two rounds, so at T = 101 it is below (18/25)^50 < 1e-7."""
    d1, d2 = F(9, 10), F(4, 5)
    assert rubinstein_finite_horizon(1, d1, d2) == 1
    assert rubinstein_finite_horizon(2, d1, d2) == F(1, 5)
    assert rubinstein_finite_horizon(3, d1, d2) == F(23, 25)
    assert abs(rubinstein_finite_horizon(101, d1, d2) - F(5, 7)) < F(1, 10**7)


def test_frequent_offers_limit():
    """δ_i = e^{-r_i Δ}: the share tends to r2/(r1 + r2); r = (1, 3) gives 3/4 whatever Δ."""
    delta = 0.01
    assert frequent_offers_limit(math.exp(-1 * delta), math.exp(-3 * delta)) == pytest.approx(
        0.75
    )


def test_burden_shares_rubinstein():
    """Benefits (10, 6), cost 4: S = 12; no-alliance payoffs (2, 1): gains G = 9.
    US proposes with δ = (9/10, 4/5): US gets 2 + (5/7)9 = 59/7, Japan 1 + (2/7)9 = 25/7.
    Cost shares b - u: US 10 - 59/7 = 11/7, Japan 6 - 25/7 = 17/7 (sum 4). The impatient
    ally (Japan) pays 17/28 of the cost although it values the alliance less."""
    game = BargainingGame.build(
        ["US", "Japan"], benefits=[10, 6], cost=4, disagreement=[2, 1],
        discount_factors=[F(9, 10), F(4, 5)],
    )
    result = solve_bargaining(game, "rubinstein")
    eq = result.equilibria[0]
    assert result.exact and eq.exact and eq.concept == "subgame perfect"
    assert eq.payoffs == {"US": F(59, 7), "Japan": F(25, 7)}
    assert eq.extra["cost_shares"] == {"US": F(11, 7), "Japan": F(17, 7)}
    assert eq.extra["stationarity_residual"] == 0
    # if Japan proposed, US would get 1 - (1 - 9/10)/(1 - 18/25) = 1 - 5/14 = 9/14
    assert result.extra["proposer_share_if_other_proposes"] == F(9, 14)
    assert result.extra["first_mover_advantage"] == F(5, 7) - F(9, 14)
    text = " ".join(family_predictions(result))
    assert "Japan pays 2.429 (60.7%)" in text


def test_burden_shares_nash_bargaining():
    """Same alliance, Nash bargaining: each gets d_i + 9/2: US 13/2, Japan 11/2; cost
    shares 10 - 13/2 = 7/2 and 6 - 11/2 = 1/2."""
    game = BargainingGame.build(["US", "Japan"], benefits=[10, 6], cost=4, disagreement=[2, 1])
    result = solve_bargaining(game)
    assert result.method == "nash-bargaining"
    assert result.equilibria[0].extra["cost_shares"] == {"US": F(7, 2), "Japan": F(1, 2)}


def test_no_agreement_when_outside_options_exceed_surplus():
    """S = 1 < d1 + d2 = 6/5: no mutually beneficial alliance."""
    game = BargainingGame.build(["A", "B"], disagreement=[F(3, 5), F(3, 5)])
    result = solve_bargaining(game)
    assert result.equilibria[0].outcomes == {"no alliance": 1}
    assert result.equilibria[0].payoffs == {"A": F(3, 5), "B": F(3, 5)}


def test_three_allies_nash_bargaining():
    """n = 3, S = 1, d = 0: equal thirds."""
    game = BargainingGame.build(["A", "B", "C"])
    assert solve_bargaining(game).equilibria[0].payoffs == {"A": F(1, 3), "B": F(1, 3),
                                                            "C": F(1, 3)}


def test_invalid_bargaining_inputs():
    with pytest.raises(GameError, match="discount factors"):
        BargainingGame.build(["A", "B"], discount_factors=[1, F(1, 2)])
    with pytest.raises(GameError, match="both"):
        BargainingGame.build(["A", "B"], benefits=[1, 2])
    with pytest.raises(SolverError, match="discount factors"):
        solve_bargaining(BargainingGame.build(["A", "B"]), "rubinstein")
    with pytest.raises(SolverError, match="two allies"):
        solve_bargaining(
            BargainingGame.build(["A", "B", "C"], discount_factors=[F(1, 2)] * 3), "rubinstein"
        )
