"""The alliance catalog: every model loads, solves and says what it should.

Values are derived by hand in each docstring from the closed forms of
:mod:`alliance_games.solvers.public_goods.equilibria`, ``bargaining``, ``repeated`` and
``symmetric``.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.families import family_predictions
from alliance_games.report.json import result_to_dict

MODELS = Path(__file__).resolve().parents[1] / "models"
OWNED = sorted(
    [p for p in (MODELS / "alliance").glob("*.yaml")]
    + [p for p in (MODELS / "cases").glob("*.yaml")]
    + [MODELS / "security_dilemma" / "iterated_arms_race.yaml"]
)


@pytest.mark.parametrize("path", OWNED, ids=lambda p: p.stem)
def test_every_model_loads_solves_and_cites(path):
    ref = path.relative_to(MODELS).with_suffix("").as_posix()
    game = load(ref)
    assert game.info["references"], f"{ref} cites no source"
    assert game.info["description"]
    result = solve(game)
    # coalitional models (cases/anglo_japanese_1902) report an analysis, not profiles
    assert result.equilibria or game.info.get("kind") == "coalitional"
    assert all(eq.regret < 1e-9 for eq in result.equilibria)
    doc = result_to_dict(result)
    assert doc["predictions"]
    if ref.startswith("cases/") or ref == "alliance/burden_sharing":
        # the rebuilt cases take some figures from a cited table and say which of their
        # parameters remain "illustrative, not estimated" (in any case)
        assert "illustrative, not estimated" in game.info["notes"].lower()


def test_burden_sharing_default():
    """Cobb-Douglas, α = 1/10, incomes (100, 25, 15), k = (1-α)/α = 9. With C = {US}:
    X = α W_C / (α + (1-α)) = 10; the UK has 25 <= 9*10 and France 15 <= 90, so both
    free-ride. Pareto level α W = 14, gap 4; Lindahl contributions α w = (10, 2.5, 1.5)."""
    result = solve(load("alliance/burden_sharing"), exact=True)
    eq = result.equilibria[0]
    assert eq.extra["exact"]["contributions"] == {
        "United States": "10", "United Kingdom": "0", "France": "0",
    }
    assert result.extra["free_riders"] == ("United Kingdom", "France")
    assert result.extra["exact"]["pareto_total"] == "14"
    assert result.extra["free_riding_gap"] == pytest.approx(4)


def test_burden_sharing_json_says_who_free_rides_and_by_how_much():
    """--set n_allies=5 adds Ally 4 (income 60/4 = 15) and Ally 5 (60/5 = 12): W = 167,
    X* = 16.7, Nash still 10 (all others have w <= 9*10). Ally 5's Lindahl contribution
    is α w = 1.2."""
    game = load("alliance/burden_sharing", {"n_allies": "5"})
    assert game.players[3:] == ("Ally 4", "Ally 5")
    assert game.incomes[3:] == (F(15), F(12))
    doc = result_to_dict(solve(game))
    text = "\n".join(doc["predictions"])
    assert "Only United States pays for the common defence" in text
    assert "Ally 5 free-rides: it contributes nothing" in text
    assert "i.e. 1.2 (10.0% of its income)" in text
    assert "the free-riding gap is 6.7" in text
    assert doc["analysis"]["free_riders"] == ["United Kingdom", "France", "Ally 4", "Ally 5"]


def test_volunteers_dilemma_catalog():
    """b = 4, c = 1, n = 3: the symmetric mix has each ally abstain w.p. (1/4)^(1/2) =
    1/2, so P(no one acts) = 1/8; seven equilibria in all (see test_nplayer). With n = 4
    there are 15."""
    result = solve(load("alliance/volunteers_dilemma"), exact=True)
    assert result.complete and len(result.equilibria) == 7
    vd = result.extra["symmetric"]["volunteers_dilemma"]
    assert vd["probability_no_one_acts"] == pytest.approx(0.125)
    assert any("no ally acts is (c/b)^(n/(n-1)) = 0.125" in p
               for p in family_predictions(result))
    assert len(solve(load("alliance/volunteers_dilemma", {"n_allies": "4"})).equilibria) == 15
    big = solve(load("alliance/volunteers_dilemma", {"n_allies": "10"}), "symmetric")
    assert big.extra["volunteers_dilemma"]["probability_no_one_acts"] == pytest.approx(
        0.25 ** (10 / 9)
    )


def test_burden_bargaining_catalog():
    """S = 10 + 8 - 6 = 12, d = (2, 0), gains 10.
    Nash: u = (2 + 5, 0 + 5) = (7, 5); cost shares (10 - 7, 8 - 5) = (3, 3).
    Rubinstein, client proposes: x_client = (1 - 0.95)/(1 - 0.8*0.95) = 0.05/0.24 = 5/24;
    client u = 10*5/24 = 25/12, cost 8 - 25/12 = 71/12; patron u = 2 + 10*19/24 = 119/12,
    cost 10 - 119/12 = 1/12."""
    game = load("alliance/burden_bargaining")
    nash = solve(game, "nash-bargaining").equilibria[0]
    assert nash.extra["cost_shares"] == {"Patron": 3, "Client": 3}
    rub = solve(game, "rubinstein", exact=True).equilibria[0]
    assert rub.extra["cost_shares"] == {"Patron": F(1, 12), "Client": F(71, 12)}


def test_balancing_bandwagoning_depends_on_proximity():
    """Defaults (proximities 0.9, 0.6): balancing coalition + restraint is an equilibrium
    (each balancer: -1 > -0.6*2 = -1.2 and -0.9*2; the rising power: 0 > -2), collective
    bandwagoning too, and a mixed one where B balances w.p. 1/2 (rising power indifferent:
    -2q + 2(1-q) = 0) and the rising power restrains w.p. 3/4 (B indifferent:
    r - 2 = 0.2r - 1.4). With State B distant (0.3) bandwagoning dominates for B
    (-0.6 > -1 when the power restrains, -0.2 > -2 when it expands) and only collective
    bandwagoning remains."""
    result = solve(load("alliance/balancing_bandwagoning"), exact=True)
    outcomes = sorted(tuple(sorted(eq.outcomes)) for eq in result.equilibria)
    assert ("balancing deters expansion",) in outcomes and ("bandwagoning",) in outcomes
    (mixed,) = [eq for eq in result.equilibria if not eq.pure]
    assert mixed.strategies["State B"]["Balance"] == F(1, 2)
    assert mixed.strategies["Rising Power"]["Restrain"] == F(3, 4)
    distant = solve(load("alliance/balancing_bandwagoning", {"proximity_b": "0.3"}))
    assert [dict(eq.outcomes) for eq in distant.equilibria] == [{"bandwagoning": 1}]


@pytest.mark.parametrize(
    "weight, name", [("0.1", "prisoner's dilemma"), ("0.5", "stag hunt"), ("2", "harmony")]
)
def test_shared_identity_transforms_the_game(weight, name):
    """T' = 4 - 2w, R' = 3 + 3w, P' = 1 + w, S' = -2 + 4w: w = 0.1 gives 3.8 > 3.3 > 1.1
    > -1.6 (PD); w = 0.5 gives R' 4.5 > T' 3 > P' 1.5 > S' 0 (stag hunt); w = 2 gives
    R' 9 > T' 0 and S' 6 > P' 3 (harmony)."""
    game = load("alliance/shared_identity", {"identity_weight": weight})
    assert game.info["classification"]["name"] == name


def test_iterated_arms_race():
    """T, R, P, S = 5, 3, 1, 0 and δ = 3/5: grim trigger needs 1/2 (sustained), TFT needs
    max{1/2, 2/3} = 2/3 (not reached)."""
    result = solve(load("security_dilemma/iterated_arms_race"), "repeated", exact=True)
    assert result.extra["critical_discount_factor"] == F(1, 2)
    assert result.extra["tit_for_tat_threshold"] == F(2, 3)
    concepts = [eq.concept for eq in result.equilibria]
    assert "subgame perfect (grim trigger)" in concepts
    assert "nash (tit-for-tat)" not in concepts
    impatient = solve(load("security_dilemma/iterated_arms_race", {"discount_factor": "0.4"}),
                      "repeated")
    assert [eq.concept for eq in impatient.equilibria] == [
        "subgame perfect (stage equilibrium repeated)"
    ]


def test_nato_case_exploitation():
    """The pure-public-good NATO fixture (cases/nato_1949 before it became a
    joint-products model with Olson and Zeckhauser's 1964 data; the new case is tested in
    test_case_models.py): α = 0.15, k = 17/3; the US alone: X = α*300/(α + 1 - α) = 45;
    the UK has 45 <= (17/3)*45 = 255: everyone but the US free-rides. US income share
    300/438."""
    result = solve(load(str(Path(__file__).resolve().parent / "data"
                            / "nato_1949_pure_public_good.yaml")))
    assert result.equilibria[0].extra["total"] == pytest.approx(45)
    us = result.extra["allies"]["United States"]
    assert us["income_share"] == pytest.approx(300 / 438)
    assert us["defence_share"] == 1
    assert result.extra["exploitation_of_the_great_by_the_small"]


# ------------------------------------------------------------------ template errors
@pytest.mark.parametrize(
    "text, line, message",
    [
        ("kind: public_goods\nutility: cobb_douglas\nallies:\n  - {name: A, income: 10}\n",
         3, "needs a valuation"),
        ("kind: public_goods\nparameters: {n_allies: 3}\nvaluation: 1\nallies:\n"
         "  - {name: A, income: 10}\n", 4, "add a 'generate' rule"),
        ("kind: public_goods\nutility: linear\nallies: []\n", 2, "unknown utility form"),
        ("kind: volunteers_dilemma\nparameters: {n_allies: 3}\nbenefit: 1\ncost: 2\n", 4,
         "0 < cost < benefit"),
        ("kind: bargaining\nplayers: [A, B]\ndiscount_factors: [0.9]\n", 3,
         "expected a list of 2"),
        ("kind: repeated\nstage: two_by_two\npayoffs: {T: 5, R: 3, P: 1}\n", 3,
         "missing payoff 'S'"),
        ("kind: repeated\nstage: circle\n", 2, "unknown stage game"),
    ],
)
def test_template_errors_are_located(tmp_path, text, line, message):
    """Each template reports what is wrong and where (file and line)."""
    from alliance_games.errors import SpecError

    spec = tmp_path / "bad.yaml"
    spec.write_text(text)
    with pytest.raises(SpecError) as info:
        load(spec)
    assert message in str(info.value)
    assert info.value.file == str(spec)
    assert info.value.line == line
