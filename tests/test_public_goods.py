"""Alliance public-goods games: closed forms on hand-derived instances.

Every instance states its derivation in the docstring; the formulas are Olson &
Zeckhauser (1966) (quasi-linear), Bergstrom, Blume & Varian (1986) (Cobb-Douglas) and
Lindahl prices ``t_i = MB_i / Σ MB_j`` at the efficient level.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

from alliance_games.errors import GameError, SolverError
from alliance_games.games.public_goods import PublicGoodsGame
from alliance_games.interpretation.families import family_predictions
from alliance_games.solvers.public_goods.equilibria import (
    best_response,
    contribution_regret,
    efficient_benchmark,
    kkt_residuals,
    nash_contributions,
    solve_public_goods,
)


def ql(incomes, valuations, **kw):
    return PublicGoodsGame.build(
        [f"A{i + 1}" for i in range(len(incomes))], incomes=incomes, valuations=valuations, **kw
    )


def test_quasi_linear_only_highest_valuation_contributes():
    """u_i = w_i - x_i + a_i ln X, w = (100, 80, 60), a = (30, 20, 10).

    FOC a_i / X <= 1 with equality for contributors: X = max a = 30, paid by A1 alone
    (30 <= 100). Samuelson: Σ a_i / X = 1 gives X* = 60; Lindahl t = a / 60 = (1/2, 1/3,
    1/6); provision ratio 30/60 = 1/2.
    """
    result = solve_public_goods(ql([100, 80, 60], [30, 20, 10]), exact=True)
    eq = result.equilibria[0]
    assert result.exact and result.complete and eq.exact
    assert eq.extra["exact"]["contributions"] == {"A1": "30", "A2": "0", "A3": "0"}
    assert result.extra["exact"]["pareto_total"] == "60"
    assert result.extra["exact"]["lindahl_shares"] == {"A1": "1/2", "A2": "1/3", "A3": "1/6"}
    assert result.extra["free_riders"] == ("A2", "A3")
    assert result.extra["provision_ratio"] == pytest.approx(0.5)
    assert result.extra["free_riding_gap"] == pytest.approx(30)
    assert eq.regret == 0 and eq.extra["kkt_residual"] == 0
    # A1: 100 - 30 + 30 ln 30
    assert eq.payoffs["A1"] == pytest.approx(70 + 30 * math.log(30))


def test_quasi_linear_budget_binds():
    """w = (10, 50, 50), a = (30, 20, 5): A1 wants X = 30 but has only 10, so gives all.

    Then A2 (bliss 20) tops up: 10 < 20 <= 10 + 50, so X = 20 and x2 = 10; A3 (5 < 20)
    gives nothing. KKT: A1 at full budget a/X = 1.5 >= 1, A2 interior 20/20 = 1, A3 5/20 <= 1.
    """
    nash = nash_contributions(ql([10, 50, 50], [30, 20, 5]), exact=True)
    assert nash.contributions == (F(10), F(10), F(0))
    assert nash.total == 20
    assert kkt_residuals(ql([10, 50, 50], [30, 20, 5]), nash.contributions, exact=True) == (
        0,
        0,
        0,
    )


def test_quasi_linear_full_budget_stops_before_next_ally():
    """w = (25, 10, 5), a = (30, 24, 5): A1 gives its whole 25 < 30; A2's bliss 24 <= 25.

    So X = 25 already exceeds what A2 wants and A2 free-rides (a2/X = 24/25 < 1).
    """
    nash = nash_contributions(ql([25, 10, 5], [30, 24, 5]), exact=True)
    assert nash.contributions == (F(25), F(0), F(0))
    assert nash.total == 25


def test_quasi_linear_tie_is_a_continuum():
    """a = (20, 20, 5), w = (100, 300, 50): X = 20 but A1 and A2 may split it any way.

    The solver reports the income-proportional split 20*(100, 300)/400 = (5, 15) and marks
    the result incomplete with a diagnostic.
    """
    result = solve_public_goods(ql([100, 300, 50], [20, 20, 5]), exact=True)
    assert result.equilibria[0].extra["exact"]["contributions"] == {
        "A1": "5", "A2": "15", "A3": "0",
    }
    assert not result.complete
    assert any("continuum" in d for d in result.diagnostics)


def test_quasi_linear_power():
    """u_i = y_i + a_i X^b / b, b = 1/2, a = (4, 2), w = (1000, 1000).

    Bliss a_i X^(-1/2) = 1 gives X = a_i^2 = (16, 4): X = 16 paid by A1. Samuelson
    (4 + 2) X^(-1/2) = 1 gives X* = 36; Lindahl shares (2/3, 1/3).
    """
    game = ql([1000, 1000], [4, 2], utility="quasi_linear_power", exponent=F(1, 2))
    result = solve_public_goods(game)
    eq = result.equilibria[0]
    assert eq.extra["contributions"]["A1"] == pytest.approx(16)
    assert eq.extra["contributions"]["A2"] == 0
    assert result.extra["pareto_total"] == pytest.approx(36)
    assert result.extra["lindahl_shares"]["A1"] == pytest.approx(2 / 3)


def test_cobb_douglas_contributor_set_and_total():
    """u_i = 1/2 ln X + 1/2 ln(w_i - x_i), w = (60, 40, 10); k = (1-α)/α = 1.

    C = {A1}: X = 60/2 = 30 but A2 has 40 > 30, so A2 contributes too. C = {A1, A2}:
    X = α W_C / (α + |C|(1-α)) = 0.5*100/1.5 = 100/3; A3 has 10 <= 100/3 and stays out.
    x1 = 60 - 100/3 = 80/3, x2 = 40 - 100/3 = 20/3. Pareto X* = α W = 55; Lindahl
    contributions α w_i = (30, 20, 5), shares (6/11, 4/11, 1/11).
    """
    game = ql([60, 40, 10], [F(1, 2)] * 3, utility="cobb_douglas")
    result = solve_public_goods(game, exact=True)
    eq = result.equilibria[0]
    assert eq.extra["exact"]["contributions"] == {"A1": "80/3", "A2": "20/3", "A3": "0"}
    assert eq.extra["exact"]["total"] == "100/3"
    assert result.extra["exact"]["pareto_total"] == "55"
    assert result.extra["exact"]["lindahl_shares"] == {"A1": "6/11", "A2": "4/11", "A3": "1/11"}
    assert result.extra["free_riders"] == ("A3",)


def test_cobb_douglas_neutrality():
    """Warr (1983) neutrality: moving 5 of income from A1 to A2 keeps C = {A1, A2}.

    w = (55, 45, 10): X = 0.5*100/1.5 = 100/3 again; x1 = 55 - 100/3 = 65/3,
    x2 = 45 - 100/3 = 35/3.
    """
    game = ql([55, 45, 10], [F(1, 2)] * 3, utility="cobb_douglas")
    nash = nash_contributions(game, exact=True)
    assert nash.total == F(100, 3)
    assert nash.contributions == (F(65, 3), F(35, 3), F(0))


def test_cobb_douglas_numeric_matches_closed_form_on_random_instances():
    """Property: the replacement-function root reproduces the BBV closed form."""
    rng = np.random.default_rng(20240501)
    for _ in range(25):
        n = int(rng.integers(2, 7))
        incomes = [float(v) for v in rng.uniform(1, 100, n)]
        alphas = [float(v) for v in rng.uniform(0.05, 0.95, n)]
        game = ql(incomes, alphas, utility="cobb_douglas")
        closed = nash_contributions(game)
        numeric = nash_contributions(game, method="numeric")
        np.testing.assert_allclose(numeric.contributions, closed.contributions, atol=1e-9)
        assert max(kkt_residuals(game, closed.contributions)) < 1e-9
        assert contribution_regret(game, closed.contributions) < 1e-9


def test_isoelastic_symmetric_allies():
    """u_i = -1/y_i + ln X (η = 2, a = 1), w = (10, 10).

    Symmetric Nash: 1/X = y^(-2) with X = 2x, y = 10 - x: (10 - x)^2 = 2x, so
    x = 11 - √21 and X = 22 - 2√21 ≈ 12.835. Lindahl with t = 1/2: 1/X = (1/2)
    (10 - X/2)^(-2); with z = X/2, (10 - z)^2 = z, z = (21 - √41)/2, X = 21 - √41.
    """
    game = ql([10, 10], [1, 1], utility="isoelastic", exponent=2)
    result = solve_public_goods(game)
    eq = result.equilibria[0]
    assert eq.extra["contributions"]["A1"] == pytest.approx(11 - math.sqrt(21), abs=1e-12)
    assert eq.extra["total"] == pytest.approx(22 - 2 * math.sqrt(21), abs=1e-12)
    assert result.extra["pareto_total"] == pytest.approx(21 - math.sqrt(41), abs=1e-9)
    assert eq.extra["kkt_residual"] < 1e-12
    assert result.complete and not result.exact


def test_best_response_quasi_linear():
    """A1 with a = 30, w = 100 facing 12 from the others tops up to its bliss 30: 18."""
    game = ql([100, 80], [30, 20])
    assert best_response(game, 0, 12.0) == pytest.approx(18)
    assert best_response(game, 0, 40.0) == 0


def test_predictions_name_free_riders_and_gap():
    """The burden-sharing output says in plain words who free-rides and by how much.

    w = (100, 80, 60), a = (30, 20, 10): A2's Lindahl contribution is 60/3 = 20 (25% of
    its income); the gap is 60 - 30 = 30; A1 has 100/240 = 42% of income, pays 100%.
    """
    result = solve_public_goods(ql([100, 80, 60], [30, 20, 10]))
    text = "\n".join(family_predictions(result))
    assert "A2 free-rides: it contributes nothing" in text
    assert "i.e. 20 (25.0% of its income)" in text
    assert "the free-riding gap is 30" in text
    assert "A1 has 42% of the alliance's income but pays 100% of its defence" in text
    assert result.extra["exploitation_of_the_great_by_the_small"] is True
    # Spearman between incomes (100, 80, 60) and burdens (0.3, 0, 0): ranks (3, 2, 1)
    # and (3, 1.5, 1.5): cov 1.5, var 2 and 1.5, rho = 1.5 / √3.
    assert result.extra["income_burden_rank_correlation"] == pytest.approx(1.5 / math.sqrt(3))


def test_efficient_benchmark_caps_at_total_income():
    """Σ a = 300 > W = 30 + 20: the Samuelson level is capped at 50, with a note."""
    bench = efficient_benchmark(ql([30, 20], [200, 100]), exact=True)
    assert bench.level == 50
    assert any("capped" in n for n in bench.notes)


def test_invalid_inputs():
    with pytest.raises(GameError, match="alpha"):
        ql([10, 10], [F(1, 2), 1], utility="cobb_douglas")
    with pytest.raises(GameError, match="income"):
        ql([10, -1], [1, 1])
    with pytest.raises(GameError, match="unknown utility"):
        ql([10, 10], [1, 1], utility="linear")
    with pytest.raises(SolverError, match="unknown method"):
        solve_public_goods(ql([10, 10], [1, 1]), method="lemke-howson")
    with pytest.raises(SolverError, match="strictly concave"):
        solve_public_goods(ql([10, 10], [1, 1]), method="numeric")
