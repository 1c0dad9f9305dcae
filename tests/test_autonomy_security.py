"""Morrow (1991): alliances as trades of autonomy for security.

Utility u_i = w_i ln S_i + (1 - w_i) ln A_i, alone S_i = A_i = c_i. Symmetric contract:
G_i = w_i ln(1 + e c_j/c_i) + (1 - w_i) ln(1 - k_i/c_i). Asymmetric contract (stronger s
commits, weaker m concedes autonomy τ): G_s = (1 - w_s) ln(1 + (τ - k_s)/c_s),
G_m = w_m ln(1 + e c_s/c_m) + (1 - w_m) ln(1 - τ/c_m).
"""

from __future__ import annotations

import math

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.outcomes import predictions
from alliance_games.modeling.autonomy_security import (
    asymmetric_range,
    contract_analysis,
    symmetric_gain,
)


def test_symmetric_pair_trades_security_for_security() -> None:
    """Equal states c = 10, w = 1/2, k = 1, e = 1/2: G = ½ ln 1.5 + ½ ln 0.9 = ½ ln 1.35
    > 0 for both, so the symmetric alliance forms (security for security)."""
    a = contract_analysis(("A", "B"), (10, 10), (0.5, 0.5), (1, 1), 0.5)
    assert a["symmetric"]["gains"]["A"] == pytest.approx(0.5 * math.log(1.35))
    assert a["symmetric"]["forms"]


def test_unequal_pair_symmetric_fails_for_the_stronger() -> None:
    """Catalog defaults c = (10, 2), w = (0.4, 0.7), k = (1, 0.3), e = 1/2.
    Stronger's symmetric gain 0.4 ln(1 + 0.5*2/10) + 0.6 ln(1 - 1/10)
    = 0.4 ln 1.1 + 0.6 ln 0.9 = 0.03812 - 0.06322 = -0.02510 < 0: no symmetric alliance.
    Asymmetric: τ_min = k_s = 1; τ_max = 2 [1 - (1 + 0.5*10/2)^(-0.7/0.3)]
    = 2 [1 - 3.5^(-7/3)] = 2 (1 - 0.05376) = 1.89247; τ* = (1 + 1.89247)/2 = 1.44623.
    G_s = 0.6 ln(1 + 0.44623/10) > 0 and G_m = 0.7 ln 3.5 + 0.3 ln(1 - 1.44623/2) > 0."""
    a = contract_analysis(("S", "M"), (10, 2), (0.4, 0.7), (1, 0.3), 0.5)
    assert a["symmetric"]["gains"]["S"] == pytest.approx(0.4 * math.log(1.1)
                                                         + 0.6 * math.log(0.9))
    assert not a["symmetric"]["forms"]
    lo, hi = a["asymmetric"]["terms_range"]
    assert (lo, hi) == pytest.approx((1, 2 * (1 - 3.5 ** (-7 / 3))))
    tau = (1 + hi) / 2
    assert a["asymmetric"]["autonomy_transfer"] == pytest.approx(tau)
    assert a["asymmetric"]["gains"]["S"] == pytest.approx(0.6 * math.log1p((tau - 1) / 10))
    assert a["asymmetric"]["gains"]["M"] == pytest.approx(
        0.7 * math.log(3.5) + 0.3 * math.log(1 - tau / 2))
    assert a["asymmetric"]["forms"]


def test_asymmetric_range_closed_form() -> None:
    """τ_max solves G_m = 0: (1 - τ/c_m)^(1-w_m) = (1 + e c_s/c_m)^(-w_m)."""
    lo, hi = asymmetric_range(10, 2, 0.7, 1, 0.5)
    assert 0.7 * math.log(3.5) + 0.3 * math.log(1 - hi / 2) == pytest.approx(0, abs=1e-12)


def test_durability_asymmetric_has_one_capability_sensitive_condition() -> None:
    """The stronger state's asymmetric gain (1 - w_s) ln(1 + (τ* - k_s)/c_s) is positive for
    every c_s > 0 because τ* > k_s: rescaling either capability never breaks it. The
    symmetric gains each fall to 0 when the partner's capability falls to
    c_i [(1 - k_i/c_i)^(-(1-w_i)/w_i) - 1]/e: for c = 10, w = 1/2, k = 1, e = 1/2 that is
    10 (0.9^-1 - 1)/0.5 = 20/9, a 77.8% fall from 10."""
    a = contract_analysis(("A", "B"), (10, 10), (0.5, 0.5), (1, 1), 0.5)
    assert a["symmetric"]["partner_capability_floor"]["A"] == pytest.approx(20 / 9)
    assert a["symmetric"]["margins"]["A"] == pytest.approx(1 - 2 / 9)
    assert a["symmetric"]["capability_sensitive_conditions"] == 2
    assert a["asymmetric"]["capability_sensitive_conditions"] == 1
    tau = a["asymmetric"]["autonomy_transfer"]
    for scale in (0.1, 0.5, 2, 100):  # the stronger's gain keeps its sign
        assert (1 - 0.5) * math.log1p((tau - 1) / (10 * scale)) > 0
    assert symmetric_gain(10, 20 / 9 * 0.99, 0.5, 1, 0.5) < 0 < symmetric_gain(
        10, 20 / 9 * 1.01, 0.5, 1, 0.5)


def test_catalog_model_equilibria_and_predictions() -> None:
    """The formation game: (Asymmetric, Asymmetric) is a strict equilibrium; no profile
    forms a symmetric alliance; predictions name the trade and the durability argument."""
    r = solve(load("alliance/autonomy_security"))
    formed = [eq for eq in r.equilibria
              if eq.outcomes.get("asymmetric alliance (autonomy for security)", 0) == 1]
    assert len(formed) == 1
    assert all("symmetric alliance (security for security)" not in eq.outcomes
               for eq in r.equilibria)
    text = " ".join(predictions(r))
    assert "autonomy for security" in text and "Durability (Morrow 1991)" in text
    near = solve(load("alliance/autonomy_security", overrides={"weaker_capability": "9"}))
    assert any(eq.outcomes.get("symmetric alliance (security for security)", 0) == 1
               for eq in near.equilibria)


def test_explain_states_the_conditions() -> None:
    """explain gives the stronger state's symmetric gain -0.02509 (fails) and the
    asymmetric range 1 <= 1.8925 (holds), as derived above."""
    from alliance_games.analysis.explain import explain

    text = explain(load("alliance/autonomy_security"))
    assert "-0.02509   [fails now]" in text and "1 <= 1.8925   [holds now]" in text


def test_json_analysis_carries_the_contracts() -> None:
    """`solve --format json`: analysis.autonomy_security holds both contracts' gains and
    the durability figures (the stronger's symmetric gain -0.02509, as derived above)."""
    from alliance_games.report.json import result_to_dict

    doc = result_to_dict(solve(load("alliance/autonomy_security")))
    a = doc["analysis"]["autonomy_security"]
    assert a["symmetric"]["gains"]["Stronger state"] == pytest.approx(
        0.4 * math.log(1.1) + 0.6 * math.log(0.9))
    assert a["asymmetric"]["capability_sensitive_conditions"] == 1


def test_capability_shift_ranges_by_hand() -> None:
    """The comparative static: the relative shifts d of one state's capability (c -> (1 +
    d) c, terms and the other capability fixed) under which each contract still benefits
    both.

    Symmetric, c = 10 each, w = 1/2, k = 1, e = 1/2. Shifting A to 10 f: B's gain
    ½ ln(1 + f/2) + ½ ln 0.9 >= 0 iff (1 + f/2) 0.9 >= 1 iff f >= 2/9; A's own gain ½ ln(1 +
    1/(2f)) + ½ ln(1 - 1/(10f)) >= 0 iff (1 + 1/(2f))(1 - 1/(10f)) >= 1 iff 2/(5f) >=
    1/(20f²) iff f >= 1/8, weaker than 2/9; and it stays positive as f grows. So the
    alliance survives d in [-7/9, ∞): it ends when a fall removes the partner's security
    gain.

    Asymmetric, c_s = 10, c_m = 2, w_s = 0.4, w_m = 1/2, k_s = 1, e = 1/2: τ_max = 2 [1 -
    (1 + 2.5)^(-1)] = 10/7, terms τ* = (1 + 10/7)/2 = 17/14. The stronger's gain 0.6 ln(1
    + (17/14 - 1)/c_s) > 0 for every c_s: no condition. The weaker stays while ½ ln(1 +
    c_s/4) + ½ ln(1 - 17/28) >= 0 iff 1 + c_s/4 >= 28/11 iff c_s >= 68/11: a fall of the
    stronger's capability up to 1 - 68/110 = 21/55 (38.2%), any rise. Shifting the weaker
    to c_m: (1 + 5/c_m)(1 - τ/c_m) >= 1 iff (5 - τ) c_m >= 5 τ iff c_m >= 5τ/(5 - τ) =
    85/53: a fall of up to 1 - 85/106 = 21/106 (19.8%), any rise."""
    sym = contract_analysis(("A", "B"), (10, 10), (0.5, 0.5), (1, 1), 0.5)
    for p in ("A", "B"):
        bounds = sym["capability_shifts"]["symmetric"][p]
        assert bounds["lower"] == pytest.approx(-7 / 9, abs=1e-9)
        assert bounds["upper"] is None
    asym = contract_analysis(("S", "M"), (10, 2), (0.4, 0.5), (1, 0.3), 0.5)
    assert asym["asymmetric"]["autonomy_transfer"] == pytest.approx(17 / 14)
    shifts = asym["capability_shifts"]
    assert shifts["asymmetric"]["S"]["lower"] == pytest.approx(-21 / 55, abs=1e-9)
    assert shifts["asymmetric"]["M"]["lower"] == pytest.approx(-21 / 106, abs=1e-9)
    assert shifts["asymmetric"]["S"]["upper"] is shifts["asymmetric"]["M"]["upper"] is None
    assert not asym["symmetric"]["forms"]
    assert shifts["symmetric"] == {"S": None, "M": None}


def test_capability_shifts_reach_the_report_and_explain() -> None:
    """The catalog model's prediction and explain text state the ranges (defaults: the
    weaker state leaves when the stronger's capability falls below its floor 2.935, a
    fall of 1 - 2.935/10 = 70.6%, the same figure as the asymmetric margin)."""
    from alliance_games.analysis.explain import explain

    r = solve(load("alliance/autonomy_security"))
    shifts = r.extra["autonomy_security"]["capability_shifts"]
    assert shifts["asymmetric"]["Stronger state"]["lower"] == pytest.approx(
        -r.extra["autonomy_security"]["asymmetric"]["margins"]["Weaker state"], abs=1e-9)
    text = " ".join(predictions(r))
    assert "Capability shifts the asymmetric alliance survives" in text
    assert "falls of up to 70.6% and any rise" in text
    assert "d in [-0.706453, inf]" in explain(load("alliance/autonomy_security"))
