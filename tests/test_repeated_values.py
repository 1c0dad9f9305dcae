"""The repeated prisoner's dilemma tells the whole story: values, margins, TFT, a last period.

Stage game T, R, P, S = 5, 3, 1, 0 (Axelrod 1984's payoffs). Values are discounted
totals ``Σ δ^t u_t`` and per-period averages ``(1-δ)`` times them.

Derivations (by hand):

* Grim trigger at δ = 3/5. Complying: R/(1-δ) = 3/(2/5) = 15/2, average 3. Best one-shot
  deviation: T + δP/(1-δ) = 5 + (3/5)/(2/5) = 5 + 3/2 = 13/2, average (2/5)(13/2) = 13/5.
  Margin 15/2 - 13/2 = 1, average 2/5. At δ = 2/5 (below δ* = (T-R)/(T-P) = 1/2):
  complying 3/(3/5) = 5, deviating 5 + (2/5)/(3/5) = 17/3, margin 5 - 17/3 = -2/3
  (average (3/5)(-2/3) = -2/5): negative, and reported as such, not clipped to 0.
* Best reply to TFT at δ = 3/5: always C 15/2; always D 13/2; alternating D, C
  (T + δS)/(1-δ²) = 5/(1 - 9/25) = 5/(16/25) = 125/16 > 15/2, so the best reply is to
  alternate, worth 125/16 (average (2/5)(125/16) = 25/8). At δ = 3/4 (above the TFT
  threshold max{1/2, (T-R)/(R-S) = 2/3} = 2/3): always C 3/(1/4) = 12, always D
  5 + (3/4)/(1/4) = 8, alternate 5/(1 - 9/16) = 80/7 < 12: TFT is a best reply to itself.
* Finite horizon N = 3, δ = 3/5: defection strictly dominates in the stage game, so the
  last period is (D, D), and by induction every period: total P(1 + δ + δ²) =
  1 + 3/5 + 9/25 = 49/25.
"""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest

from alliance_games import load, solve
from alliance_games.errors import SpecError
from alliance_games.games.normal import NormalFormGame
from alliance_games.interpretation.families import family_predictions
from alliance_games.report.json import render_json
from alliance_games.solvers.repeated.margins import finite_horizon, tit_for_tat_best_reply
from alliance_games.solvers.repeated.strategies import solve_repeated


def pd(info=None):
    return NormalFormGame.from_arrays(
        [[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["A", "B"],
        strategies=[["C", "D"], ["C", "D"]], info=info or {})


def test_grim_trigger_values_and_unclipped_margin():
    """See the module docstring: δ = 3/5 margin +1; δ = 2/5 margin -2/3."""
    above = solve_repeated(pd(), discount_factor=F(3, 5), exact=True).extra
    a = above["grim_trigger_values"]["A"]
    assert a["comply"] == {"discounted_total": F(15, 2), "per_period_average": 3}
    assert a["deviate"] == {"discounted_total": F(13, 2), "per_period_average": F(13, 5)}
    assert a["margin"] == {"discounted_total": 1, "per_period_average": F(2, 5)}
    assert a["sustained"] is True
    below = solve_repeated(pd(), discount_factor=F(2, 5), exact=True).extra
    b = below["grim_trigger_values"]["B"]
    assert b["margin"] == {"discounted_total": F(-2, 3), "per_period_average": F(-2, 5)}
    assert b["sustained"] is False


def test_tit_for_tat_best_reply_values():
    """δ = 3/5: alternate (125/16) beats always C (15/2); δ = 3/4: always C (12) beats
    alternate (80/7) and always D (8)."""
    r = tit_for_tat_best_reply(F(5), F(3), F(1), F(0), F(3, 5))
    assert r["best_reply"] == "alternate defect/cooperate"
    assert r["value"] == {"discounted_total": F(125, 16), "per_period_average": F(25, 8)}
    assert not r["tit_for_tat_is_best_reply"]
    r = tit_for_tat_best_reply(F(5), F(3), F(1), F(0), F(3, 4))
    assert r["best_reply"] == "always cooperate" and r["tit_for_tat_is_best_reply"]
    assert r["replies"]["alternate defect/cooperate"]["discounted_total"] == F(80, 7)
    assert r["replies"]["always defect"]["discounted_total"] == 8
    # the threshold is exactly where always C ties with the better deviation
    r = tit_for_tat_best_reply(F(5), F(3), F(1), F(0), F(2, 3))
    assert r["tit_for_tat_is_best_reply"]
    assert r["replies"]["always cooperate"]["discounted_total"] == \
        r["replies"]["alternate defect/cooperate"]["discounted_total"] == 9


def test_finite_horizon_unravels():
    """N = 3, δ = 3/5: (D, D) every period, total 49/25 each, average 1."""
    facts = finite_horizon(pd(), 3, F(3, 5), exact=True)
    assert facts["unravelling"] and facts["unique_stage_equilibrium"]
    assert facts["stage_equilibrium"] == {"A": "D", "B": "D"}
    assert facts["values"]["A"] == {"discounted_total": F(49, 25), "per_period_average": 1}


def test_finite_horizon_stag_hunt_does_not_unravel():
    """Stag hunt R, T, P, S = 4, 3, 2, 0 has two pure equilibria: no unravelling claim."""
    sh = NormalFormGame.from_arrays([[[4, 0], [3, 2]], [[4, 3], [0, 2]]])
    assert finite_horizon(sh, 5, F(9, 10), exact=True)["unravelling"] is False


def test_catalog_arms_race_json_values_and_horizon():
    """iterated_arms_race (5, 3, 1, 0; δ = 3/5): analysis carries the values with their
    exact mirror; --set horizon=3 gives only (Arm, Arm), complete, 49/25 in total."""
    doc = json.loads(render_json(solve(load("security_dilemma/iterated_arms_race"),
                                       method="repeated", exact=True)))
    ana = doc["analysis"]
    assert ana["grim_trigger_values"]["State A"]["margin"]["per_period_average"] == 0.4
    assert ana["exact"]["grim_trigger_values"]["State A"]["deviate"] == {
        "discounted_total": "13/2", "per_period_average": "13/5"}
    assert ana["exact"]["tit_for_tat_best_reply"]["value"]["discounted_total"] == "125/16"
    result = solve(load("security_dilemma/iterated_arms_race", {"horizon": "3"}),
                   method="repeated", exact=True)
    assert result.complete
    assert [eq.concept for eq in result.equilibria] == [
        "subgame perfect (stage equilibrium repeated)"]
    assert result.extra["finite_horizon"]["values"]["State A"]["discounted_total"] == F(49, 25)
    text = " ".join(family_predictions(result))
    assert "cooperation unravels" in text and "(Arm, Arm) in every period" in text


def test_margin_text_is_signed():
    result = solve(load("security_dilemma/iterated_arms_race", {"discount_factor": "0.4"}),
                   method="repeated", exact=True)
    text = " ".join(family_predictions(result))
    assert "Margin -2/3 in discounted total, -2/5 per period: defecting pays" in text


def test_bad_horizon_is_a_located_spec_error():
    with pytest.raises(SpecError, match="whole number of periods"):
        load("security_dilemma/iterated_arms_race", {"horizon": "2.5"})
