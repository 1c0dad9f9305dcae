"""Unit tests for the named steps of the public-goods, repeated, bargaining and n-player
solvers and for their interpretation modules (issue 9). Every expected value is derived
by hand in the test's docstring."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from alliance_games.games.bargaining import BargainingGame
from alliance_games.games.binary import binary_symmetric_game, volunteers_dilemma
from alliance_games.games.normal import NormalFormGame
from alliance_games.games.public_goods import PublicGoodsGame
from alliance_games.interpretation import bargaining as bargaining_text
from alliance_games.interpretation import nplayer as nplayer_text
from alliance_games.interpretation import public_goods as public_goods_text
from alliance_games.interpretation import repeated as repeated_text
from alliance_games.interpretation.families import FAMILIES, family_predictions
from alliance_games.solvers.bargaining.solutions import solve_bargaining
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration
from alliance_games.solvers.nplayer.symmetric import solve_symmetric
from alliance_games.solvers.public_goods.burden import ally_figures, rank_correlation
from alliance_games.solvers.public_goods.equilibria import certify, solve_public_goods
from alliance_games.solvers.public_goods.nash import nash_contributions
from alliance_games.solvers.repeated.strategies import (
    folk_theorem_values,
    solve_repeated,
    stage_equilibria_forever,
    stage_game_thresholds,
)


def prisoners_dilemma() -> NormalFormGame:
    """T = 5, R = 3, P = 1, S = 0; C is each player's first strategy."""
    return NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
                                      strategies=[["C", "D"], ["C", "D"]])


def two_allies() -> PublicGoodsGame:
    """Quasi-linear log, a = (40, 10), w = (300, 100): bliss levels 40 and 10, so the US
    alone buys X = 40 and the UK free-rides; Samuelson level 40 + 10 = 50."""
    return PublicGoodsGame.build(["US", "UK"], incomes=[300, 100], valuations=[40, 10])


# ------------------------------------------------------------------ the hook
def test_every_family_module_is_listed():
    for family in ("public_goods", "repeated", "bargaining", "nplayer"):
        assert f"alliance_games.interpretation.{family}" in FAMILIES


def test_solvers_no_longer_write_predictions():
    results = [
        solve_public_goods(two_allies(), exact=True),
        solve_repeated(prisoners_dilemma(), discount_factor=F(3, 4)),
        solve_bargaining(BargainingGame.build(["US", "Japan"], benefits=[10, 6], cost=4)),
        solve_symmetric(volunteers_dilemma(3, 4, 1)),
    ]
    for result in results:
        assert "predictions" not in result.extra
        assert family_predictions(result)


# ------------------------------------------------------------------ public goods
def test_ally_figures_by_hand():
    """x = (2, 0), w = (8, 2), X = 2, W = 10, Lindahl shares (3/4, 1/4) of X* = 2:
    A: burden 2/8, income share 8/10, defence share 1, ratio 5/4, gap 3/2 - 2 = -1/2.
    B: burden 0, income share 1/5, defence share 0, gap 1/2."""
    rows = ally_figures(["A", "B"], [F(2), F(0)], [F(8), F(2)], F(2),
                        [F(3, 2), F(1, 2)], [F(3, 4), F(1, 4)])
    assert rows["A"]["burden"] == F(1, 4)
    assert rows["A"]["income_share"] == F(4, 5)
    assert rows["A"]["defence_share"] == 1
    assert rows["A"]["share_ratio"] == F(5, 4)
    assert rows["A"]["gap_to_lindahl"] == F(-1, 2)
    assert rows["B"]["burden"] == 0 and rows["B"]["gap_to_lindahl"] == F(1, 2)


def test_rank_correlation_by_hand():
    """Same order: rho = 1; reversed: -1; a constant variable: undefined. Ranks (1, 2, 3)
    against (1, 3, 2): 1 - 6 * (0 + 1 + 1) / (3 * 8) = 1/2."""
    assert rank_correlation([1.0, 2.0, 3.0], [0.1, 0.2, 0.3], True) == (1.0, 1)
    assert rank_correlation([1.0, 2.0, 3.0], [0.3, 0.2, 0.1], False)[0] == pytest.approx(-1)
    assert rank_correlation([1.0, 2.0, 3.0], [0.2, 0.2, 0.2], True) == (None, None)
    rho, exact = rank_correlation([1.0, 2.0, 3.0], [0.1, 0.3, 0.2], True)
    assert rho == 0.5 and exact == F(1, 2)


def test_certify_exact_closed_form():
    """The closed form is exact: every Kuhn-Tucker residual is 0 and no ally gains."""
    game = two_allies()
    nash = nash_contributions(game, exact=True)
    assert nash.contributions == (40, 0)
    residual, regret = certify(game, nash)
    assert residual == 0 and regret <= 1e-9


def test_largest_ally_compares_like_the_solver():
    assert public_goods_text.largest_ally([F(3), F(5), F(5)], True) == 1
    assert public_goods_text.largest_ally([1.0, 3.0, 2.0], False) == 1


def test_public_goods_sentences():
    """US pays 40 = 13.3% of 300 and all of the defence; the UK's Lindahl share is
    10/50 = 20% of 50, i.e. 10 (10% of 100); X = 40 against 50 (80%), gap 10; the US
    has 75% of the income and 100% of the defence."""
    lines = public_goods_text.predictions(solve_public_goods(two_allies(), exact=True))
    assert lines == [
        "Only US pays for the common defence: US gives 40 (13.3% of its income, 100% of "
        "the defence).",
        "UK free-rides: it contributes nothing, although its Lindahl (benefit-price) share "
        "would be 20.0% of an efficient budget, i.e. 10 (10.0% of its income).",
        "The alliance under-provides defence: 40 against the Pareto-efficient (Samuelson) "
        "level 50 (80%); the free-riding gap is 10.",
        "Exploitation of the great by the small: US has 75% of the alliance's income but "
        "pays 100% of its defence.",
    ]


# ------------------------------------------------------------------ repeated
def test_stage_game_thresholds_prisoners_dilemma():
    """Tit-for-tat needs δ ≥ max{(5-3)/(5-1), (5-3)/(3-0)} = max{1/2, 2/3} = 2/3."""
    extra = stage_game_thresholds(prisoners_dilemma(), (0, 0))
    assert extra["stage_payoffs"] == {"T": 5, "R": 3, "P": 1, "S": 0}
    assert extra["tit_for_tat_threshold"] == F(2, 3)
    assert "linear_public_good" not in extra


def test_folk_theorem_values_prisoners_dilemma():
    """Defecting guarantees 1 and the other can hold a player to 1: minmax (1, 1)."""
    values = folk_theorem_values(prisoners_dilemma(), True)
    assert values["minmax"] == {"P1": 1, "P2": 1}
    assert values["minmax_exact"] is True


def test_stage_equilibria_forever_is_mutual_defection():
    (eq,) = stage_equilibria_forever(prisoners_dilemma(), True)
    assert eq.profile() == ((0, 1), (0, 1))
    assert eq.concept == "subgame perfect (stage equilibrium repeated)"


def test_grim_trigger_lines_by_hand():
    """δ* = (5-3)/(5-1) = 1/2; with δ = 3/4 ≥ 1/2 cooperation is sustainable."""
    lines = repeated_text.grim_trigger_lines("restraint", [], F(1, 2), F(3, 4), True)
    assert lines == [
        "Grim trigger sustains restraint if and only if the discount factor is at least "
        "δ* = (T-R)/(T-P) = 1/2.",
        "With δ = 3/4 ≥ δ*, restraint is sustainable: the long-run loss from punishment "
        "outweighs the one-period gain from defecting.",
    ]
    assert repeated_text.grim_trigger_lines("peace", ["A"], None, None, False) == [
        "Nash reversion cannot sustain peace: A would do no worse in the stage "
        "equilibrium used as punishment."
    ]


def test_repeated_predictions_read_the_result():
    result = solve_repeated(prisoners_dilemma(), discount_factor=F(3, 4), exact=True)
    lines = repeated_text.predictions(result)
    assert lines[0].endswith("δ* = (T-R)/(T-P) = 1/2.")
    assert "= 2/3 (stricter than grim trigger)." in lines[2]
    assert lines[3].startswith("Minmax values: P1 1, P2 1.")


# ------------------------------------------------------------------ bargaining
def test_nash_split_and_cost_lines():
    """Gains 10 + 6 - 4 = 12 split equally: payoffs (6, 6), so the US pays 10 - 6 = 4
    (100% of the cost) and Japan 6 - 6 = 0."""
    result = solve_bargaining(BargainingGame.build(["US", "Japan"], benefits=[10, 6], cost=4))
    assert bargaining_text.predictions(result) == [
        "Nash bargaining: each ally keeps its no-alliance payoff and the gains from alliance "
        "(12) are split US 50.0%, Japan 50.0%.",
        "Burden shares of the alliance's cost 4: US pays 4 (100.0%); Japan pays 0 (0.0%).",
    ]


def test_negative_cost_share_is_a_side_payment():
    """Benefits (10, 2), cost 4: gains 8, payoffs (4, 4), Japan's share 2 - 4 = -2."""
    game = BargainingGame.build(["US", "Japan"], benefits=[10, 2], cost=4)
    lines = bargaining_text.cost_lines(game, {"US": F(6), "Japan": F(-2)})
    assert lines[1] == ("Japan's cost share is negative: it pays nothing and receives a side "
                        "payment of 2 from its partner.")


def test_rubinstein_lines_by_hand():
    """δ = (1/2, 1/2): the proposer gets 1/(1 + 1/2) = 2/3, or 1/3 responding; equal
    patience, so no 'more patient ally' line."""
    game = BargainingGame.build(["A", "B"], surplus=1,
                                discount_factors=[F(1, 2), F(1, 2)])
    result = solve_bargaining(game)
    assert result.extra["proposer_share"] == F(2, 3)
    assert bargaining_text.rubinstein_lines(game, result.extra) == [
        "Rubinstein bargaining: A proposes first and the allies agree at once; A gets 66.7% "
        "of the gains from alliance, B 33.3%.",
        "First-mover advantage: proposing first is worth 33.3% of the gains to A (it would "
        "get 33.3% if B proposed).",
    ]


# ------------------------------------------------------------------ n-player
def test_volunteer_lines_by_hand():
    """b = 4, c = 1, n = 3: q = (1/4)^(1/2) = 1/2, P(no one) = 1/8; n = 2: 1/16."""
    result = solve_symmetric(volunteers_dilemma(3, 4, 1))
    lines = nplayer_text.predictions(result)
    assert lines[0].endswith("with probability 0.5 (abstains with probability "
                             "(c/b)^(1/(n-1)) = 0.5).")
    assert "= 0.125; it rises with the size of the alliance (n=2: 0.0625" in lines[1]
    assert lines[2] == ("There are also 3 pure equilibria in which exactly one ally acts and "
                        "the others free-ride.")
    enumerated = nplayer_support_enumeration(volunteers_dilemma(3, 4, 1))
    assert nplayer_text.predictions(enumerated) == lines


def test_symmetric_lines_golden_ratio():
    """Restraint pays 0, 1, 4, arming 2: 2p^2 + 2p - 2 = 0, p = (sqrt(5) - 1)/2."""
    game = binary_symmetric_game(3, [0, 1, 4], [2, 2, 2], actions=("Restrain", "Arm"))
    assert nplayer_text.symmetric_lines(game) == [
        "In the symmetric mixed equilibrium each player chooses Restrain with probability "
        "0.618 (= -1/2 + sqrt(5)/2)."
    ]


# ------------------------------------------------------------------ support enumeration
def test_solve_batch_matching_pennies():
    """Pennies shifted onto [1, 2]: A = [[2, 1], [1, 2]], B = [[1, 2], [2, 1]]. On full
    supports both mixes are (1/2, 1/2) with value 3/2 and nothing beats it. The pure pair
    (row 0, column 0) passes the column's check (row 0 is a best reply, slack 0) but not
    the row's: column 1 pays B = 2 > 1, so its worst slack is -1."""
    import numpy as np

    from alliance_games.solvers.normal.support_enumeration import _solve_batch

    a = np.array([[2.0, 1.0], [1.0, 2.0]])
    b = np.array([[1.0, 2.0], [2.0, 1.0]])
    ok, x, y, worst, passing, near = _solve_batch(
        a, b, np.array([[0, 1]]), np.array([[0, 1]]), 2, 1e-9)
    assert ok.tolist() == [0] and passing.tolist() == [True] and near.size == 0
    assert x[0] == pytest.approx([0.5, 0.5]) and y[0] == pytest.approx([0.5, 0.5])
    ok, x, y, worst, passing, near = _solve_batch(a, b, np.array([[0]]), np.array([[0]]),
                                                  1, 1e-9)
    assert worst.tolist() == pytest.approx([-1.0]) and passing.tolist() == [False]


def test_completeness_diagnostics():
    """A full, nondegenerate, exact search is complete and silent; a timed-out one says
    how far it got."""
    from alliance_games.solvers.normal.support_enumeration import _completeness, _Search

    assert _completeness(_Search(), 4, False, 2, True, False, True, 1e-9) == (True, [])
    complete, notes = _completeness(_Search(done=3, timed_out=True), 4, False, 2, True,
                                    False, True, 1e-9)
    assert not complete and notes == [
        "Stopped at the time limit after 3 of 4 support pairs: the list of equilibria may "
        "be incomplete."
    ]
