"""``explain`` works for every catalog model and says what a scholar would check.

Every catalog model (whatever its family, including families merged later) must explain
without error and print conditions evaluated at the current values. The content tests
derive each threshold by hand in the docstring and compare with the explainers' formulas
evaluated at the catalog values (and at changed values, so that a hard-coded string
cannot pass).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from alliance_games import load
from alliance_games.analysis.bargaining_explain import bargaining_formulas
from alliance_games.analysis.conditions_explain import holds, interval_of, symbol_values
from alliance_games.analysis.explain import EXPLAINERS, explain
from alliance_games.analysis.extensive_explain import backward_induction_plans
from alliance_games.analysis.normal_explain import pure_equilibrium_conditions
from alliance_games.analysis.repeated_explain import repeated_formulas
from alliance_games.modeling.loader import catalog

NAMES = sorted(entry.slug for entry in catalog())


def _value(expr, game):
    return sympy.nsimplify(expr.xreplace(symbol_values(game.parameters)))


@pytest.mark.parametrize("name", NAMES)
def test_every_catalog_model_explains(name: str) -> None:
    """Each model's family has an explainer, and its text names the game and states
    conditions (the content of each family is checked by the tests below)."""
    game = load(name)
    assert str(game.info.get("kind")) in EXPLAINERS, name
    text = explain(game)
    assert game.name in text
    assert len(text.splitlines()) >= 3 and any(s in text for s in ("now", "iff", ">=")), text


def test_repeated_pd_thresholds_symbolic_and_at_values() -> None:
    """security_dilemma/iterated_arms_race: T, R, P, S = 5, 3, 1, 0, δ = 3/5.

    Grim trigger: complying is worth R/(1-δ) = 3/(2/5) = 15/2; the best deviation
    T + δP/(1-δ) = 5 + (3/5)(1)/(2/5) = 13/2; δ* = (T-R)/(T-P) = 2/4 = 1/2.
    TFT: alternating D, C against TFT gives (T + δS)/(1-δ²) = 5/(16/25) = 125/16 > 15/2, so
    TFT is not an equilibrium at δ = 3/5; its threshold (T-R)/(R-S) = 2/3.
    """
    game = load("security_dilemma/iterated_arms_race")
    f = repeated_formulas(game)
    assert _value(f["grim"], game) == sympy.Rational(1, 2)
    assert _value(f["tft_exploit"], game) == sympy.Rational(2, 3)
    d = f["delta"]
    at = {**symbol_values(game.parameters), d: sympy.Rational(3, 5)}
    assert f["comply"].xreplace(at) == sympy.Rational(15, 2)
    assert f["deviate"].xreplace(at) == sympy.Rational(13, 2)
    assert f["alternate"].xreplace(at) == sympy.Rational(125, 16)
    text = explain(game)
    assert "(temptation - reward)/(temptation - punishment)" in text
    assert "(temptation - reward)/(reward - sucker)" in text
    # regions within the declared range [0, 0.99]
    assert "discount_factor in [1/2, 99/100]" in text
    assert "discount_factor in [2/3, 99/100]" in text
    # changed payoffs: T = 6 gives δ* = (6-3)/(6-1) = 3/5
    other = load("security_dilemma/iterated_arms_race", {"temptation": "6"})
    assert _value(repeated_formulas(other)["grim"], other) == sympy.Rational(3, 5)


def test_stag_hunt_threshold() -> None:
    """Stag hunt T, R, P, S = 3, 4, 2, 0: restraining is a best reply iff the other
    restrains with probability at least p* = (P-S)/((R-T)+(P-S)) = 2/(1+2) = 2/3."""
    text = explain(load("security_dilemma/stag_hunt"))
    assert "(punishment - sucker)/(punishment + reward - sucker - temptation)" in text
    p = sympy.Symbol
    expr = (p("punishment") - p("sucker")) / (p("punishment") + p("reward") - p("sucker")
                                              - p("temptation"))
    assert expr.subs({"punishment": 2, "sucker": 0, "reward": 4, "temptation": 3}) == \
        sympy.Rational(2, 3)


def test_unilateral_deterrence_backward_induction_regions() -> None:
    """Zagare-Kilgour unilateral deterrence, c_wins 4, c_status_quo 3, c_conflict 2,
    c_backdown 1; d_conflict 2, d_concede 1. Backward induction: after Resist the
    challenger fights (c_conflict 2 >= c_backdown 1); the defender resists (2 >= 1); the
    challenger compares fighting (2) with the status quo (3) and stays put. With
    c_conflict = 7/2 > 3 it initiates and the path is war.
    """
    game = load("extended_deterrence/unilateral_deterrence")
    values = symbol_values(game.parameters)
    current = [p for p in backward_induction_plans(game) if holds(p.condition, values) == "holds"]
    assert len(current) == 1
    assert current[0].choices[0] == "Status quo"
    assert "c_status_quo >= c_conflict" in str(explain(game)).replace("c_conflict <= c_status_quo",
                                                                      "c_status_quo >= c_conflict")
    assert interval_of(current[0].condition, "c_conflict", values) == "c_conflict in [1, 3]"
    war = load("extended_deterrence/unilateral_deterrence", {"c_conflict": "7/2"})
    values = symbol_values(war.parameters)
    now = [p for p in backward_induction_plans(war) if holds(p.condition, values) == "holds"]
    assert [p.choices[0] for p in now] == ["Initiate"]
    assert "Now: Challenger: Initiate -> Defender: Resist -> Challenger: Fight -> [war]" in \
        explain(war)


def test_balancing_coalition_condition_is_linear_in_proximity() -> None:
    """Balancing or bandwagoning: (Balance, Balance, Restrain) needs each small state to
    prefer balancing (-balancing_cost) to bandwagoning with a restrained power
    (-proximity * subordination): proximity_b >= balancing_cost/subordination = 1/2, and
    the rising power to prefer restraint (0 >= -defeat_cost)."""
    game = load("alliance/balancing_bandwagoning")
    values = symbol_values(game.parameters)
    cond = next(c for c in pure_equilibrium_conditions(game)
                if c.profile == ("Balance", "Balance", "Restrain"))
    assert cond.holds == "holds"
    assert interval_of(cond.condition, "proximity_b", values) == "proximity_b >= 1/2"
    distant = load("alliance/balancing_bandwagoning", {"proximity_b": "0.3"})
    cond = next(c for c in pure_equilibrium_conditions(distant)
                if c.profile == ("Balance", "Balance", "Restrain"))
    assert cond.holds == "fails"


def test_bargaining_nash_and_rubinstein_formulas() -> None:
    """alliance/burden_bargaining: S = 10 + 8 - 6 = 12, d = (2, 0), G = 10. Nash:
    Patron 2 + 10/2 = 7, Client 5. Rubinstein with the Client proposing (δ_C = 4/5,
    δ_P = 19/20): x_C = (1 - 19/20)/(1 - (4/5)(19/20)) = (1/20)/(6/25) = 5/24."""
    game = load("alliance/burden_bargaining")
    f = bargaining_formulas(game)
    assert _value(f["surplus"], game) == 12
    assert [_value(e, game) for e in f["nash"]] == [7, 5]
    assert _value(f["rubinstein_shares"][1], game) == sympy.Rational(5, 24)
    text = explain(game)
    assert "(1 - patron_patience)/(1 - client_patience*patron_patience)" in text


def test_public_goods_free_riding_conditions() -> None:
    """Warsaw Pact as a pure public good (tests/data/warsaw_pact_quasi_linear.yaml, the
    catalog's earlier version; the catalog model is now a joint-products model),
    quasi-linear log: X_i = a_i, so the Soviet Union (a = 40) provides
    X_N = 40 and every ally with a = 4 < 40 free-rides; Samuelson X_S = 40 + 6*4 = 64.
    burden_sharing (Cobb-Douglas, α = 1/10, k = 9): X_N = α w_US = 10; the UK free-rides iff
    (1-α) w_US >= w_UK, i.e. 90 >= 25, and α <= 1 - 25/100 = 3/4."""
    text = explain(load(str(Path(__file__).resolve().parent / "data"
                            / "warsaw_pact_quasi_linear.yaml")))
    assert "Poland: free-rides iff soviet_valuation > ally_valuation   [holds now]" in text
    assert "X_S = 6*ally_valuation + soviet_valuation (now 64)" in text
    text = explain(load("alliance/burden_sharing"))
    assert "X_N = sum_C w_i / (1 + sum_C k_i) = defence_share*large_income (now 10)" in text
    assert "defence_share in [1/100, 3/4]" in text  # within its declared range


def test_volunteers_dilemma_mixed_probability() -> None:
    """b = 4, c = 1, n = 3: p = 1 - (1/4)^(1/2) = 1/2; P(nobody) = (1/4)^(3/2) = 1/8."""
    text = explain(load("alliance/volunteers_dilemma"))
    assert "[now 1/2 ≈ 0.5]" in text and "[now 1/8 ≈ 0.125]" in text


def test_imperfect_information_tree_says_what_is_left(tmp_path: Path) -> None:
    """B cannot tell High from Low (one information set of two nodes): backward
    induction stops there; the explainer names the set and explains only the
    perfect-information part (here: none below the root, since the set lies under every
    branch but Stay)."""
    spec = tmp_path / "blind.yaml"
    spec.write_text("""name: blind
kind: extensive
players: [A, B]
parameters:
  c: 2
  p: {value: 0.25, range: [0, 1]}
tree:
  player: A
  actions:
    Stay: {payoffs: [0, 0], outcome: status quo}
    Go:
      chance: {High: p, Low: 1 - p}
      actions:
        High:
          player: B
          infoset: blind
          actions:
            Fight: {payoffs: [-c, 1], outcome: war}
            Yield: [1, -1]
        Low:
          player: B
          infoset: blind
          actions:
            Fight: {payoffs: [-c, -c], outcome: war}
            Yield: [1, -1]
""")
    text = explain(load(str(spec)))
    assert "information sets of several nodes: B's blind" in text
    assert "left to solve" in text


def test_gambit_file_explains_by_its_form() -> None:
    """A Gambit .nfg has no family: explain reads it as a normal form. In the prisoner's
    dilemma (Defect, Defect) is an equilibrium whatever the numbers (no parameters), and
    no other profile is: each player gains by defecting from cooperation."""
    text = explain(load(str(Path(__file__).parent / "data" / "prisoners_dilemma_payoff.nfg")))
    assert "(Defect, Defect): an equilibrium for all parameter values" in text
    assert "3 other profile(s) are never pure equilibria" in text


def test_current_plan_matches_the_enumeration() -> None:
    """On trees too large to list every plan, explain falls back to the plan played now
    (backward induction at the current values) and its region. On the triad it must be
    the one enumerated plan that holds now: the defender commits, the protege stands
    firm, the challenger backs off (deterrence success), with the same condition."""
    from alliance_games.analysis.extensive_explain import current_plan

    game = load("extended_deterrence/extended_deterrence_triad")
    values = symbol_values(game.parameters)
    now = [p for p in backward_induction_plans(game) if holds(p.condition, values) == "holds"]
    assert len(now) == 1
    plan = current_plan(game)
    assert dict(plan.choices) == dict(now[0].choices)
    assert plan.choices[0] == "Commit"
    assert set(plan.condition.args) == set(now[0].condition.args)
