"""The rebuilt case models: sourced figures, what the model predicts, and the record.

nato_1949: joint products (u_i = (w_i - x_i) + v_i [(1 - s) ln X + s ln x_i]) with
w_i = 1964 GNP from Olson and Zeckhauser (1966) Table 1 and v_i = defence_value * w_i.
anzus, us_japan: Morrow's (1991) autonomy-security model with Maddison GDP as capability.
"""

from __future__ import annotations

import math

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.outcomes import predictions

#: Olson and Zeckhauser (1966) Table 1: 1964 GNP (billions of dollars), defence % of GNP
OZ_1964 = {"United States": (569.03, 9.0), "United Kingdom": (79.46, 7.0),
           "France": (73.40, 6.7), "Italy": (43.63, 4.1), "Canada": (40.15, 3.8),
           "Netherlands": (15.13, 4.9), "Belgium": (13.10, 3.6), "Denmark": (7.43, 3.3),
           "Norway": (6.12, 3.9), "Portugal": (2.65, 7.7), "Luxembourg": (0.66, 1.7)}


def test_nato_incomes_are_the_table() -> None:
    game = load("cases/nato_1949")
    assert {p: float(w) for p, w in zip(game.players, game.incomes, strict=True)} == {
        p: gnp for p, (gnp, _) in OZ_1964.items()}


def test_nato_calibration_and_prediction() -> None:
    """defence_value 0.1074 was set so that the Nash total at s = 0.4 is the eleven
    members' actual 1964 spending, Σ GNP_i * burden_i = 66.92 (from the table). Each
    ally's first-order condition x_i = v_i s X/(X - v_i (1 - s)) makes the burden
    x_i/w_i = α s X/(X - α w_i (1 - s)) increasing in w_i: the United States has the
    heaviest burden (record: 9.0%), every member spends (record: all do), and the rank
    correlation of GNP and burden is 1 (record: 0.58 for these eleven)."""
    r = solve(load("cases/nato_1949"))
    actual_total = sum(g * b / 100 for g, b in OZ_1964.values())
    assert actual_total == pytest.approx(66.919, abs=1e-3)
    assert r.extra["nash_total"] == pytest.approx(actual_total, rel=2e-3)
    table = r.extra["allies"]
    us = table["United States"]
    assert us["burden"] == max(row["burden"] for row in table.values())
    assert 0.09 < us["burden"] < 0.10
    assert r.extra["free_riders"] == ()
    x, alpha, s = r.extra["nash_total"], 0.1074, 0.4
    for p, (gnp, _) in OZ_1964.items():
        assert table[p]["burden"] == pytest.approx(
            alpha * s * x / (x - alpha * gnp * (1 - s)), rel=1e-9)
    assert r.extra["income_burden_rank_correlation"] == pytest.approx(1)
    assert any(line.startswith("Historical record:") for line in predictions(r))


def test_nato_pure_public_good_has_only_the_us_paying() -> None:
    """At s = 0 (Olson and Zeckhauser's pure public good) the quasi-linear Nash total is
    max_i v_i = 0.1074 * 569.03 = 61.11, paid by the United States alone."""
    r = solve(load("cases/nato_1949", {"private_share": "0"}))
    assert r.extra["nash_total"] == pytest.approx(0.1074 * 569.03)
    assert r.extra["contributors"] == ("United States",)


def test_warsaw_pact_soviet_union_carries_the_burden() -> None:
    """Illustrative incomes; the Soviet Union (income 200, threat 1.5) has the highest
    burden and most of the spending; every member spends because s = 0.3 > 0."""
    r = solve(load("cases/warsaw_pact"))
    table = r.extra["allies"]
    assert max(table, key=lambda p: table[p]["burden"]) == "Soviet Union"
    assert table["Soviet Union"]["defence_share"] > 0.8
    assert r.extra["free_riders"] == ()
    assert "coercion" in load("cases/warsaw_pact").info["notes"]


@pytest.mark.parametrize("case,weak,cs,cm,ws,wm,ks,km", [
    ("cases/anzus", "Australia", 1455.9, 61.3, 0.3, 0.6, 5, 3),
    ("cases/us_japan", "Japan", 2046.7, 375.1, 0.3, 0.6, 10, 300),
])
def test_morrow_cases_form_asymmetric_alliances(case: str, weak: str, cs: float, cm: float,
                                               ws: float, wm: float, ks: float,
                                               km: float) -> None:
    """e = 0.05. Symmetric gain of the United States w_s ln(1 + e c_m/c_s) +
    (1 - w_s) ln(1 - k_s/c_s) < 0 (ANZUS: 0.3 ln(1.0021) + 0.7 ln(0.99657) = -0.00178),
    so no symmetric pact; tau_max = c_m [1 - (1 + e c_s/c_m)^(-w_m/(1 - w_m))] > k_s, so the
    asymmetric alliance forms (ANZUS: 61.3 (1 - 2.1875^-1.5) = 42.4 > 5)."""
    e = 0.05
    r = solve(load(case))
    a = load(case).info["autonomy_security"]
    us_sym = ws * math.log1p(e * cm / cs) + (1 - ws) * math.log1p(-ks / cs)
    assert a["symmetric"]["gains"]["United States"] == pytest.approx(us_sym)
    assert us_sym < 0
    tau_max = cm * (1 - (1 + e * cs / cm) ** (-wm / (1 - wm)))
    assert a["asymmetric"]["terms_range"][1] == pytest.approx(tau_max)
    assert tau_max > ks
    assert any(eq.outcomes.get("asymmetric alliance (autonomy for security)", 0) == 1
               for eq in r.equilibria)
    assert a["weaker"] == weak


def test_anzus_new_zealand_variant_breaks() -> None:
    """New Zealand in the 1980s (c_m = 16.1, w_m = 0.1): tau_max = 16.1 [1 - (1 + 0.05 *
    1455.9/16.1)^(-1/9)] = 16.1 (1 - 5.521^-0.1111) = 2.78 < k_s = 5: no deal."""
    game = load("cases/anzus", {"weaker_capability": "16.1", "weaker_security_weight": "0.1"})
    a = game.info["autonomy_security"]
    assert a["asymmetric"]["terms_range"][1] == pytest.approx(
        16.1 * (1 - (1 + 0.05 * 1455.9 / 16.1) ** (-1 / 9)))
    assert not a["asymmetric"]["forms"] and not a["symmetric"]["forms"]
    r = solve(game)
    assert all(eq.outcomes.get("no alliance", 0) == 1 for eq in r.equilibria)


def test_case_report_shows_history_and_caveats(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`report cases/nato_1949 -o nato.html`: the report carries the historical record
    (in the predictions) and the model's notes (its caveats: data source, calibration,
    what it leaves out)."""
    from alliance_games.report.documents import render_html

    html = render_html(solve(load("cases/nato_1949")))
    assert "Historical record:" in html and "Notes and caveats" in html
    assert "Table 1" in html and "illustrative, not estimated" in html
