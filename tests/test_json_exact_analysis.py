"""Analysis fields of the public-goods and bargaining families are exact in JSON (issue 8).

Every figure the solver knows exactly appears as a string in ``analysis.exact`` (or
``equilibria[i].analysis.exact``) beside its float, and the float is the double nearest
to it (``float(Fraction(text))``, bit for bit). The expected values are derived by hand
in each docstring, not taken from the solver.
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy

from alliance_games import load, solve
from alliance_games.games.bargaining import BargainingGame
from alliance_games.games.public_goods import PublicGoodsGame
from alliance_games.report.json import render_json
from alliance_games.report.text import render_text

F = Fraction


def _doc(result: Any) -> dict:
    def refuse(token: str) -> None:
        raise AssertionError(f"invalid JSON literal {token}")

    return json.loads(render_json(result), parse_constant=refuse)


def _rational_pairs(values: Any, exact: Any, path: str = "") -> list[tuple[str, Any, str]]:
    """(path, float, exact string) for every rational exact string and its number."""
    out: list[tuple[str, Any, str]] = []
    if isinstance(exact, dict):
        for key, text in exact.items():
            out += _rational_pairs(values[key], text, f"{path}.{key}")
    elif isinstance(exact, str) and re.fullmatch(r"-?\d+(/\d+)?", exact):
        out.append((path, values, exact))
    return out


def _assert_floats_are_nearest(block: dict) -> int:
    """Each float of ``block`` with a rational exact string is float(Fraction(text))."""
    pairs = _rational_pairs(block, block["exact"])
    for path, value, text in pairs:
        assert float(value) == float(Fraction(text)), (path, value, text)
        assert isinstance(value, int) == (Fraction(text).denominator == 1), path
    return len(pairs)


def _table(doc: dict, key: str) -> dict[str, Fraction]:
    return {p: Fraction(row[key]) for p, row in doc["analysis"]["exact"]["allies"].items()}


def test_burden_sharing_catalog_analysis_exact() -> None:
    """alliance/burden_sharing: Cobb-Douglas, α = 1/10, incomes 100, 25, 15 (W = 140).

    k = (1-α)/α = 9. Adding allies in decreasing w/k: with C = {US},
    X = w_US / (1 + k) = 100/10 = 10, and the UK (25 <= kX = 90) and France stay out;
    x_US = 100 - 9·10 = 10, burden 1/10. Lindahl: X_L = Σ α w_i = 14, t_i = w_i / W =
    5/7, 5/28, 3/28, contributions α w_i = 10, 5/2, 3/2. Provision ratio 10/14 = 5/7,
    free-riding gap 4, US defence share 1 against an income share 5/7: share ratio 7/5.
    Spearman: income ranks 3, 2, 1, burden ranks 3, 1.5, 1.5 (ties averaged): cov 3/2,
    variances 2 and 3/2, ρ = (3/2)/sqrt(3) = sqrt(3)/2.
    """
    doc = _doc(solve(load("alliance/burden_sharing"), exact=True))
    exact = doc["analysis"]["exact"]
    assert exact["nash_total"] == "10" and exact["pareto_total"] == "14"
    assert exact["provision_ratio"] == "5/7" and exact["free_riding_gap"] == "4"
    us, uk, fr = "United States", "United Kingdom", "France"
    assert exact["lindahl_contributions"] == {us: "10", uk: "5/2", fr: "3/2"}
    assert _table(doc, "income_share") == {us: F(5, 7), uk: F(5, 28), fr: F(3, 28)}
    assert _table(doc, "burden") == {us: F(1, 10), uk: 0, fr: 0}
    assert _table(doc, "share_ratio") == {us: F(7, 5), uk: 0, fr: 0}
    assert _table(doc, "gap_to_lindahl") == {us: 0, uk: F(5, 2), fr: F(3, 2)}
    assert exact["income_burden_rank_correlation"] == "sqrt(3)/2"
    assert doc["analysis"]["income_burden_rank_correlation"] == math.sqrt(3) / 2
    assert doc["analysis"]["provision_ratio"] == 5 / 7 == 0.7142857142857143
    assert _assert_floats_are_nearest(doc["analysis"]) >= 30
    eq = doc["equilibria"][0]["analysis"]
    assert eq["exact"]["burden"] == {us: "1/10", uk: "0", fr: "0"}
    assert eq["exact"]["kkt_residual"] == "0"
    assert _assert_floats_are_nearest(eq) == 8


def test_two_contributors_cobb_douglas_exact() -> None:
    """Cobb-Douglas, α = 1/2 (k = 1), incomes 30, 20, 10 (W = 60).

    C = {A}: X = 30/2 = 15, but B would give (20 > kX = 15). C = {A, B}:
    X = 50/(1 + 2) = 50/3 and C stays out (10 <= 50/3): x = 40/3, 10/3, 0. Burdens
    (40/3)/30 = 4/9, (10/3)/20 = 1/6, 0; defence shares 4/5, 1/5. Lindahl: X_L = W/2 =
    30, t = 1/2, 1/3, 1/6, contributions 15, 10, 5; gaps to Lindahl 5/3, 20/3, 5.
    Provision ratio (50/3)/30 = 5/9, gap 40/3; share ratios (4/5)/(1/2) = 8/5 and
    (1/5)/(1/3) = 3/5. Incomes and burdens have the same ranks: ρ = 1.
    """
    game = PublicGoodsGame.build(["A", "B", "C"], incomes=[30, 20, 10],
                                 valuations=["1/2"] * 3, utility="cobb_douglas")
    doc = _doc(solve(game, exact=True))
    exact = doc["analysis"]["exact"]
    assert exact["nash_total"] == "50/3" and exact["provision_ratio"] == "5/9"
    assert exact["free_riding_gap"] == "40/3"
    assert exact["lindahl_shares"] == {"A": "1/2", "B": "1/3", "C": "1/6"}
    assert _table(doc, "contribution") == {"A": F(40, 3), "B": F(10, 3), "C": 0}
    assert _table(doc, "burden") == {"A": F(4, 9), "B": F(1, 6), "C": 0}
    assert _table(doc, "defence_share") == {"A": F(4, 5), "B": F(1, 5), "C": 0}
    assert _table(doc, "share_ratio") == {"A": F(8, 5), "B": F(3, 5), "C": 0}
    assert _table(doc, "gap_to_lindahl") == {"A": F(5, 3), "B": F(20, 3), "C": 5}
    assert exact["income_burden_rank_correlation"] == "1"
    assert doc["analysis"]["allies"]["A"]["burden"] == 4 / 9 == 0.4444444444444444
    _assert_floats_are_nearest(doc["analysis"])
    _assert_floats_are_nearest(doc["equilibria"][0]["analysis"])


def test_float_solve_keeps_its_floats_and_claims_nothing_exact() -> None:
    """Without --exact the public-goods solve is in floats: no exact strings at all, the
    analysis keys are unchanged; the pure-public-good NATO fixture's gap 20.7 then carries
    float round-off (20.700000000000003), which the exact solve removes. (The fixture is
    cases/nato_1949 as it was before that case became a joint-products model with 1964
    data, which has no exact solve: tests/data/nato_1949_pure_public_good.yaml.)"""
    nato = str(Path(__file__).resolve().parent / "data" / "nato_1949_pure_public_good.yaml")
    float_doc = _doc(solve(load(nato)))
    exact_doc = _doc(solve(load(nato), exact=True))
    assert "exact" not in float_doc["analysis"]
    assert float_doc["analysis"].keys() == exact_doc["analysis"].keys() - {"exact"}
    assert exact_doc["analysis"]["free_riding_gap"] == 20.7
    assert exact_doc["analysis"]["exact"]["free_riding_gap"] == "207/10"
    assert abs(float_doc["analysis"]["free_riding_gap"] - 20.7) < 1e-12


def test_bargaining_finite_horizon_and_limit_exact() -> None:
    """alliance/burden_bargaining: the client (δ_C = 4/5) proposes, the patron
    (δ_P = 19/20) responds. Backward induction over the client's share:

    * 1 round: the proposer takes all, 1.
    * 2 rounds: in round 2 the patron would take all, so the client offers it
      δ_P·1 = 19/20 and keeps 1/20.
    * 3 rounds: round 3, the client takes 1; round 2, the patron offers it δ_C·1 = 4/5
      and keeps 1/5; round 1, the client offers δ_P·1/5 = 19/100 and keeps 81/100.
    * Two rounds at a time v_T = (1 - δ_P) + δ_C δ_P v_{T-2} with p = δ_C δ_P = 19/25,
      so for even T, v_T = (1/20)(1 - p^{T/2})/(1 - p) = (5/24)(1 - p^{T/2}):
      v_10 = (5/24)(1 - (19/25)^5) = 1214921/7812500, and v_T -> 5/24, the Rubinstein
      share (1 - δ_P)/(1 - δ_C δ_P).

    Frequent offers: r_C = ln(5/4), r_P = ln(20/19); the client's limit share is
    r_P/(r_C + r_P) = ln(20/19)/ln(25/19).
    """
    doc = _doc(solve(load("alliance/burden_bargaining")))
    analysis = doc["analysis"]
    exact = analysis["exact"]
    p = F(19, 25)
    v10 = F(5, 24) * (1 - p**5)
    assert v10 == F(1214921, 7812500)
    expected = {"1": F(1), "2": F(1, 20), "3": F(81, 100), "10": v10,
                "50": F(5, 24) * (1 - p**25)}
    assert {t: Fraction(s) for t, s in exact["finite_horizon_shares"].items()} == expected
    for t, value in expected.items():
        assert analysis["finite_horizon_shares"][t] == float(value)  # bit for bit
    assert exact["proposer_share"] == "5/24"
    limit = sympy.parse_expr(exact["frequent_offers_limit_share"])  # our own output
    reference = sympy.log(sympy.Rational(20, 19)) / sympy.log(sympy.Rational(25, 19))
    assert sympy.simplify(sympy.expand_log(limit - reference, force=True)) == 0
    assert abs(analysis["frequent_offers_limit_share"]
               - math.log(20 / 19) / math.log(25 / 19)) < 1e-15
    _assert_floats_are_nearest(analysis)
    _assert_floats_are_nearest(doc["equilibria"][0]["analysis"])


def test_frequent_offers_limit_rational_when_the_logs_are_commensurable() -> None:
    """δ_1 = 1/4, δ_2 = 1/2: r_1 = 2 ln 2, r_2 = ln 2, limit r_2/(r_1 + r_2) = 1/3.
    Equal patience: 1/2. The finite horizons (δ_1 = 1/4 proposes): v_2 = 1 - δ_2 = 1/2,
    v_3 = 1 - δ_2(1 - δ_1) = 1 - 3/8 = 5/8."""
    game = BargainingGame.build(["A", "B"], surplus=1, disagreement=[0, 0],
                                discount_factors=["1/4", "1/2"])
    analysis = _doc(solve(game))["analysis"]
    assert analysis["exact"]["frequent_offers_limit_share"] == "1/3"
    assert abs(analysis["frequent_offers_limit_share"] - 1 / 3) < 1e-15
    assert analysis["exact"]["finite_horizon_shares"]["2"] == "1/2"
    assert analysis["exact"]["finite_horizon_shares"]["3"] == "5/8"
    same = BargainingGame.build(["A", "B"], surplus=1, disagreement=[0, 0],
                                discount_factors=["9/10", "9/10"])
    assert _doc(solve(same))["analysis"]["exact"]["frequent_offers_limit_share"] == "1/2"


def test_irrational_discount_factors_claim_nothing_exact() -> None:
    """A float discount factor (an irrational spec value) gives float shares only."""
    game = BargainingGame.build(["A", "B"], surplus=1, disagreement=[0, 0],
                                discount_factors=[math.exp(-0.1), "1/2"])
    analysis = _doc(solve(game))["analysis"]
    assert "finite_horizon_shares" not in analysis.get("exact", {})
    assert "frequent_offers_limit_share" not in analysis.get("exact", {})


def test_text_report_does_not_print_the_exact_maps() -> None:
    """The 50-round share's exact form has a 35-digit numerator: the terminal report
    keeps its rounded floats and leaves the exact strings to JSON."""
    text = render_text(solve(load("alliance/burden_bargaining")))
    assert "finite horizon shares: 1 1, 2 0.05, 3 0.81" in text
    assert "71054273576010018587112426757812500" not in text
    pg = render_text(solve(load("alliance/burden_sharing"), exact=True))
    assert "sqrt(3)" not in pg and "5/28" not in pg


def test_quasi_linear_power_in_radicals() -> None:
    """u_i = y_i + a_i X^β / β, β = 1/3, a = (30, 5), w = (1000, 100).

    Bliss: a_i X^(β-1) = 1 gives X̂_i = a_i^(1/(1-β)) = a_i^(3/2): 30√30 ≈ 164.3 for A1
    (within its income) and 5√5 for A2, so X = 30√30, all paid by A1: burden
    30√30/1000 = 3√30/100. Samuelson: (30 + 5) X^(-2/3) = 1, X* = 35√35 (below W);
    Lindahl shares 30/35 = 6/7 and 1/7, contributions 30√35 and 5√35. Provision ratio
    30√30 / (35√35) = (6/7)√(6/7) = 6√42/49. A1's first-order condition holds exactly:
    30 (30√30)^(-2/3) = 30/30 = 1, so its Kuhn-Tucker residual is exactly 0.
    """
    game = PublicGoodsGame.build(["A1", "A2"], incomes=[1000, 100], valuations=[30, 5],
                                 utility="quasi_linear_power", exponent="1/3")
    result = solve(game, exact=True)
    assert result.exact
    doc = _doc(result)
    exact = doc["analysis"]["exact"]
    s = sympy.sqrt
    expected = {
        "nash_total": 30 * s(30), "pareto_total": 35 * s(35),
        "provision_ratio": 6 * s(42) / 49,
    }
    for key, value in expected.items():
        assert sympy.simplify(sympy.parse_expr(exact[key]) - value) == 0, key
        assert doc["analysis"][key] == float(value.evalf(40)), key  # the nearest double
    assert exact["lindahl_shares"] == {"A1": "6/7", "A2": "1/7"}
    assert exact["lindahl_contributions"] == {"A1": "30*sqrt(35)", "A2": "5*sqrt(35)"}
    eq = doc["equilibria"][0]["analysis"]
    assert eq["exact"]["contributions"] == {"A1": "30*sqrt(30)", "A2": "0"}
    assert eq["exact"]["burden"]["A1"] == "3*sqrt(30)/100"
    assert eq["exact"]["kkt_residual"] == "0"
    assert eq["burden"]["A1"] == float((3 * s(30) / 100).evalf(40))
    _assert_floats_are_nearest(doc["analysis"])


def _floats(value: Any, path: str = "") -> dict[str, float]:
    if isinstance(value, dict):
        out: dict[str, float] = {}
        for key, item in value.items():
            if key != "exact":
                out.update(_floats(item, f"{path}.{key}"))
        return out
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {path: float(value)}
    return {}


def test_exact_and_float_solves_agree_on_random_games() -> None:
    """Property (seeded): for 30 random rational games of the three exact forms, the
    exact solve's analysis floats equal the float solve's to 1e-9 relative, the same
    allies free-ride, and each rational exact string gives its float bit for bit."""
    import numpy as np

    rng = np.random.default_rng(8)
    forms = ("quasi_linear_log", "cobb_douglas", "quasi_linear_power")
    for k in range(30):
        form = forms[k % 3]
        n = int(rng.integers(2, 6))
        incomes = [F(int(v), int(rng.integers(1, 8))) for v in rng.integers(5, 400, n)]
        if form == "cobb_douglas":
            values = [F(int(v), 100) for v in rng.integers(5, 95, n)]
        else:
            values = [F(int(v), int(rng.integers(1, 4))) for v in rng.integers(1, 40, n)]
        exponent = F(int(rng.integers(1, 4)), 4) if form == "quasi_linear_power" else None
        game = PublicGoodsGame.build([f"A{i}" for i in range(n)], incomes=incomes,
                                     valuations=values, utility=form, exponent=exponent)
        exact_result, float_result = solve(game, exact=True), solve(game)
        assert exact_result.exact and not float_result.exact
        exact_doc, float_doc = _doc(exact_result), _doc(float_result)
        a, b = _floats(exact_doc["analysis"]), _floats(float_doc["analysis"])
        assert a.keys() == b.keys()
        for path in a:
            assert abs(a[path] - b[path]) <= 1e-9 * max(1.0, abs(b[path])), (k, path)
        assert exact_doc["analysis"]["free_riders"] == float_doc["analysis"]["free_riders"]
        _assert_floats_are_nearest(exact_doc["analysis"])
        _assert_floats_are_nearest(exact_doc["equilibria"][0]["analysis"])
