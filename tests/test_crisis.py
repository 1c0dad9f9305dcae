"""Crisis bargaining: Fearon's risk-return trade-off and the commitment problem.

Every expected value below is derived by hand in the test's docstring from the model of
:mod:`alliance_games.solvers.crisis.risk_return` (Fearon 1995, pp. 395-401) and
:mod:`alliance_games.solvers.crisis.commitment` (Fearon 1995, pp. 401-409; Powell 2006).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from fractions import Fraction as F
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.analysis.explain import explain
from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.cli import _run, cli
from alliance_games.errors import SpecError
from alliance_games.games.crisis import CommitmentGame, CostDistribution, RiskReturnGame
from alliance_games.interpretation.outcomes import predictions
from alliance_games.report.json import result_to_dict
from alliance_games.solvers.crisis.commitment import commitment_problem
from alliance_games.solvers.crisis.risk_return import (
    proposer_payoff,
    risk_return,
    uniform_optimum,
)


def rr(p: F, c_a: F, lo: F, hi: F) -> RiskReturnGame:
    return RiskReturnGame.build(["A", "B"], power=p, proposer_cost=c_a,
                                responder_cost=CostDistribution.uniform(lo, hi))


# ------------------------------------------------------------------ risk-return
def test_textbook_uniform_zero_lower_bound() -> None:
    """Fearon's textbook case c_B ~ U[0, c̄] (domain.md §5.1): x* = p + (c̄ - c_A)/2 and
    P(war) = (c̄ - c_A)/(2 c̄).

    p = 1/2, c_A = 1/10, c̄ = 1/2: U(t) = p + t(1 - 2t) - (1/10)(2t) for t = x - p in
    [0, 1/2]; U'(t) = 1 - 4t - 1/5 = 0 at t = 1/5 (U'' = -4 < 0), inside [0, 1/2].
    x* = 1/2 + 1/5 = 7/10; P(war) = F(1/5) = 2/5 = (1/2 - 1/10)/(2 * 1/2).
    U* = 1/2 + (1/5)(3/5) - (1/10)(2/5) = 1/2 + 3/25 - 1/25 = 29/50.
    """
    s = risk_return(rr(F(1, 2), F(1, 10), F(0), F(1, 2)))
    assert s.regime == "risk_return"
    assert s.demand == F(7, 10) and s.p_war == F(2, 5)
    assert s.proposer_payoff == F(29, 50)
    assert s.regret == 0


def test_catalog_point_by_hand() -> None:
    """The catalog default: p = 1/2, c_A = 1/10, c_B ~ U[1/10, 1/2].

    t° = (hi - c_A)/2 = (1/2 - 1/10)/2 = 1/5, and lo = 1/10 < 1/5 < 1 - p = 1/2: interior.
    x* = 1/2 + 1/5 = 7/10, the offer is 3/10, the cutoff type c_B = 1/5.
    P(war) = (1/5 - 1/10)/(1/2 - 1/10) = (1/10)/(2/5) = 1/4
           = (hi - c_A - 2 lo)/(2 (hi - lo)) = (1/2 - 1/10 - 1/5)/(4/5) = 1/4.
    U = p + t(1 - F) - c_A F = 1/2 + (1/5)(3/4) - (1/10)(1/4) = 20/40 + 6/40 - 1/40 = 5/8.
    B: the types above 1/5 get 1 - x = 3/10; the others fight for 1 - p - c_B:
    (3/10)(3/4) + (1/2)(1/4) - E[c_B; c_B < 1/5], with
    E[c_B; c_B < 1/5] = ((1/5)^2 - (1/10)^2)/(2 * 2/5) = (3/100)/(4/5) = 3/80,
    so 9/40 + 5/40 - 3/80 = 28/80 - 3/80 = 5/16. Deadweight war cost:
    c_A F + E[c_B; c_B < t] = 1/40 + 3/80 = 1/16.
    """
    result = solve(load("crisis/risk_return"))
    a = result.extra
    assert (a["demand"], a["offer"], a["cutoff"], a["p_war"]) == (F(7, 10), F(3, 10),
                                                                  F(1, 5), F(1, 4))
    assert a["expected_payoff_proposer"] == F(5, 8)
    assert a["expected_payoff_responder"] == F(5, 16)
    assert a["expected_war_costs"] == F(1, 16)
    assert a["regime"] == "risk_return"
    eq = result.equilibria[0]
    assert eq.exact and eq.regret == 0 and result.exact and result.complete
    assert eq.outcomes == {"peaceful settlement": F(3, 4), "war by miscalculation": F(1, 4)}
    # first-order condition exactly 0 at the interior optimum, strictly concave
    assert a["slope_left"] == a["slope_right"] == 0 and a["second_derivative"] == -5


def test_set_cost_defender() -> None:
    """--set cost_defender=0.2: c_B ~ U[1/5, 3/5]; t° = (3/5 - 1/10)/2 = 1/4 > 1/5:
    x* = 3/4, P(war) = (1/4 - 1/5)/(2/5) = 1/8."""
    a = solve(load("crisis/risk_return", {"cost_defender": "0.2"})).extra
    assert (a["demand"], a["p_war"], a["regime"]) == (F(3, 4), F(1, 8), "risk_return")


@pytest.mark.parametrize(
    ("lo", "hi", "p", "regime", "demand", "p_war"),
    [
        # hi - c_A = 3/10 <= 2 lo = 2/5: safe demand p + lo = 7/10, no war
        (F(1, 5), F(2, 5), F(1, 2), "safe", F(7, 10), F(0)),
        # lo = 3/5 >= 1 - p = 1/2: every type concedes everything
        (F(3, 5), F(1), F(1, 2), "whole_stake_peace", F(1), F(0)),
        # p = 17/20: t° = (1/2 - 1/10)/2 = 1/5 >= 1 - p = 3/20 > lo = 1/10: x = 1,
        # P(war) = (3/20 - 1/10)/(2/5) = 1/8
        (F(1, 10), F(1, 2), F(17, 20), "whole_stake", F(1), F(1, 8)),
    ],
)
def test_corners(lo: F, hi: F, p: F, regime: str, demand: F, p_war: F) -> None:
    """The corners of the closed form (c_A = 1/10), each derived in its parameter row."""
    s = risk_return(rr(p, F(1, 10), lo, hi))
    assert (s.regime, s.demand, s.p_war) == (regime, demand, p_war)
    assert s.regret == 0


def test_closed_form_is_the_maximum_over_a_fine_grid() -> None:
    """Invariant: no demand on a 1/1000 grid of [0, 1] does better than x* (exact)."""
    for p, c_a, lo, hi in [(F(1, 2), F(1, 10), F(1, 10), F(1, 2)),
                           (F(1, 3), F(0), F(0), F(1)), (F(3, 5), F(1, 4), F(1, 20), F(3, 4))]:
        game = rr(p, c_a, lo, hi)
        best = proposer_payoff(game, risk_return(game).cutoff)
        assert all(proposer_payoff(game, F(k, 1000) - p) <= best for k in range(1001))


def test_discrete_types() -> None:
    """c_B in {1/10, 3/10, 1/2} w.p. 1/4, 1/2, 1/4; p = 1/2, c_A = 1/10.

    The optimum is a type's cutoff or the demand bound t = 1 - p = 1/2:
    t = 1/10: nobody fights, U = 1/2 + 1/10 = 3/5;
    t = 3/10: type 1/10 fights (1/4), U = 1/2 + (3/10)(3/4) - (1/10)(1/4) = 7/10;
    t = 1/2: types 1/10, 3/10 fight (3/4), U = 1/2 + (1/2)(1/4) - (1/10)(3/4) = 11/20.
    So x* = 4/5, P(war) = 1/4.
    """
    game = RiskReturnGame.build(
        ["A", "B"], power=F(1, 2), proposer_cost=F(1, 10),
        responder_cost=CostDistribution.discrete([F(3, 10), F(1, 10), F(1, 2)],
                                                 [F(1, 2), F(1, 4), F(1, 4)]))
    s = risk_return(game)
    assert (s.demand, s.p_war, s.proposer_payoff, s.regime) == (F(4, 5), F(1, 4),
                                                                F(7, 10), "risk_return")


def test_discretised_uniform_approaches_the_closed_form() -> None:
    """k equally likely types at the midpoints of k bins of [1/10, 1/2] approximate
    U[1/10, 1/2]: the discrete optimum's demand and P(war) tend to 7/10 and 1/4, within
    one bin width (2/5)/k (the cutoff moves by at most a bin, and P(war) by one type)."""
    errors = []
    for k in (5, 20, 80):
        width = F(2, 5) / k
        types = [F(1, 10) + width * (j + F(1, 2)) for j in range(k)]
        game = RiskReturnGame.build(
            ["A", "B"], power=F(1, 2), proposer_cost=F(1, 10),
            responder_cost=CostDistribution.discrete(types, [F(1, k)] * k))
        s = risk_return(game)
        assert abs(s.demand - F(7, 10)) <= width and abs(s.p_war - F(1, 4)) <= F(1, k)
        errors.append(abs(s.demand - F(7, 10)))
    assert errors[-1] <= errors[0]


def test_uniform_optimum_function_doctest_values() -> None:
    """uniform_optimum returns the regime and the cutoff (1/5 at the catalog point)."""
    assert uniform_optimum(F(1, 2), F(1, 10), F(1, 10), F(1, 2)) == ("risk_return", F(1, 5))


def test_float_inputs_give_float_results() -> None:
    """Irrational or float data: the same formulas in floating point, marked not exact."""
    game = RiskReturnGame.build(["A", "B"], power=0.5, proposer_cost=0.1,
                                responder_cost=CostDistribution.uniform(0.1, 0.5))
    result = solve(game)
    assert not result.exact
    assert result.extra["demand"] == pytest.approx(0.7)
    assert result.extra["p_war"] == pytest.approx(0.25)


# ------------------------------------------------------------------ commitment problem
def test_preventive_war_threshold_two_periods() -> None:
    """Two periods, p1 = 4/5, c_A = c_B = 1/10, δ = 9/10 (the catalog model).

    After the shift B offers x2 = p2 - c_A. Today A needs x1 >= (1 + δ)(p1 - c_A) - δ x2
    and B can give at most 1, so war iff δ s > 1 - p1 + c_A = 3/10, i.e. s > 1/3.
    s = 1/5: x2 = 3/5 - 1/10 = 1/2, x1 = (19/10)(7/10) - (9/10)(1/2) = 133/100 - 45/100
             = 22/25 <= 1: peace; A gets 133/100, B gets 19/10 - 133/100 = 57/100.
    s = 2/5: x2 = 3/10, x1 = 133/100 - 27/100 = 53/50 > 1: preventive war.
    s = 1/3 (the threshold): x2 = 11/30, x1 = 133/100 - 33/100 = 1: peace (just).
    """
    peace = solve(load("crisis/commitment_problem"))
    a = peace.extra
    assert a["regime"] == "peace" and a["p_war"] == 0
    assert a["offer_after_shift"] == F(1, 2) and a["required_offer_today"] == F(22, 25)
    assert a["critical_power_shift"] == F(1, 3)
    assert peace.equilibria[0].payoffs == {"Declining state": F(133, 100),
                                           "Rising state": F(57, 100)}
    war = solve(load("crisis/commitment_problem", {"power_shift": "0.4"}))
    assert war.extra["regime"] == "preventive_war"
    assert war.extra["required_offer_today"] == F(53, 50)
    assert war.equilibria[0].outcomes == {"preventive war": F(1)}
    edge = solve(load("crisis/commitment_problem", {"power_shift": "1/3"}))
    assert edge.extra["regime"] == "peace" and edge.extra["required_offer_today"] == 1


def test_preventive_war_threshold_infinite_horizon() -> None:
    """Infinite horizon (Powell 2006): H = 1/(1 - δ), D = δ/(1 - δ); war iff
    δ s > (1 - δ)(1 - p1 + c_A). δ = 1/2, p1 = 4/5, c_A = 1/10: the premium is 3/10 and
    D = 1, so s* = 3/10: s = 1/4 keeps the peace (x1 = 2(7/10) - (4/5 - 1/4 - 1/10)
    = 7/5 - 9/20 = 19/20), s = 7/20 does not (x1 = 7/5 - 7/20 = 21/20 > 1). The critical
    discount factor at s = 1/4 is m/(m + s) = (3/10)/(11/20) = 6/11."""
    def game(s: F) -> CommitmentGame:
        return CommitmentGame.build(["A", "B"], power=F(4, 5), power_shift=s,
                                    costs=[F(1, 10), F(1, 10)], discount_factor=F(1, 2),
                                    horizon=None)
    calm = commitment_problem(game(F(1, 4)))
    assert not calm.war and calm.required_offer_today == F(19, 20)
    hot = commitment_problem(game(F(7, 20)))
    assert hot.war and hot.required_offer_today == F(21, 20)
    a = solve(game(F(1, 4))).extra
    assert a["critical_power_shift"] == F(3, 10)
    assert a["critical_discount_factor"] == F(6, 11)


def test_no_shift_no_war() -> None:
    """Without a shift the commitment problem disappears: x1 = (1 + δ)(p - c_A) -
    δ (p - c_A) = p - c_A <= 1 always."""
    for p in (F(0), F(1, 2), F(1)):
        sol = commitment_problem(CommitmentGame.build(
            ["A", "B"], power=p, power_shift=0, costs=[F(1, 10), F(1, 10)],
            discount_factor=F(9, 10)))
        assert not sol.war and sol.regret == 0


# ------------------------------------------------------------------ spec errors
ROOT = Path(__file__).resolve().parents[1]
#: the spec of docs/spec-crisis.md, read from the page (the docs cannot drift from it)
SPEC = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / "spec-crisis.md").read_text(),
                  re.S)[0]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "crisis.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_docs_spec_under_twenty_lines(tmp_path: Path) -> None:
    """The spec of docs/spec-crisis.md (under 20 lines) gives the catalog's answer: the
    same numbers as crisis/risk_return's defaults, so demand 7/10 and P(war) 1/4."""
    assert len(SPEC.strip().splitlines()) < 20
    a = solve(load(str(_write(tmp_path, SPEC)))).extra
    assert (a["demand"], a["p_war"]) == (F(7, 10), F(1, 4))


@pytest.mark.parametrize(
    ("old", "new", "line", "path", "message"),
    [
        ("low: 0.1", "low: 0.6", 10, "responder_cost.high", "reversed"),
        ("distribution: uniform", "distribution: lognormal", 8,
         "responder_cost.distribution", "unknown distribution 'lognormal'"),
        ("model: risk_return", "model: attrition", 3, "model", "unknown model"),
        ("power: 0.5", "power: 1.5", 5, "power", "between 0 and 1"),
    ],
)
def test_bad_input_is_a_located_spec_error(tmp_path: Path, old: str, new: str, line: int,
                                           path: str, message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Reversed bounds, an unknown distribution or model, a probability above 1: a
    SpecError naming file, line and key; exit status 2 at the CLI, no traceback."""
    spec = _write(tmp_path, SPEC.replace(old, new))
    with pytest.raises(SpecError) as info:
        load(str(spec))
    err = info.value
    assert err.file == str(spec) and err.line == line and err.path == path
    assert message in err.message
    assert _run(cli, ["solve", str(spec)]) == 2
    out = capsys.readouterr().err
    assert f"{spec}:{line}" in out and "Traceback" not in out


def test_commitment_spec_errors(tmp_path: Path) -> None:
    """A shift larger than the power, a discount factor of 1, an unknown horizon."""
    text = """\
    kind: crisis_bargaining
    model: commitment_problem
    players: [Declining, Rising]
    power: 0.5
    power_shift: 0.2
    costs: [0.1, 0.1]
    discount_factor: 0.9
    horizon: 2
    """
    assert not solve(load(str(_write(tmp_path, text)))).extra["p_war"]
    for old, new, key in (("power_shift: 0.2", "power_shift: 0.7", "power_shift"),
                          ("discount_factor: 0.9", "discount_factor: 1", "discount_factor"),
                          ("horizon: 2", "horizon: 3", "horizon")):
        with pytest.raises(SpecError) as info:
            load(str(_write(tmp_path, text.replace(old, new))))
        assert info.value.path == key and info.value.line is not None


# ------------------------------------------------------------------ outputs
def test_json_exact_strings() -> None:
    """JSON: floats at full precision under analysis, exact strings in analysis.exact."""
    doc = result_to_dict(solve(load("crisis/risk_return")))
    json.dumps(doc, allow_nan=False)
    a = doc["analysis"]
    assert a["demand"] == 0.7 and a["p_war"] == 0.25 and a["regime"] == "risk_return"
    assert a["exact"]["demand"] == "7/10" and a["exact"]["p_war"] == "1/4"
    assert a["exact"]["expected_payoff_responder"] == "5/16"
    assert doc["equilibria"][0]["exact"]["outcomes"]["war by miscalculation"] == "1/4"
    c = result_to_dict(solve(load("crisis/commitment_problem", {"power_shift": "0.4"})))
    assert c["analysis"]["exact"]["required_offer_today"] == "53/50"
    assert c["analysis"]["exact"]["critical_power_shift"] == "1/3"


def test_predictions_say_why() -> None:
    """Field words: war by miscalculation (private information), preventive war
    (commitment problem), peaceful settlement."""
    rr_lines = " ".join(predictions(solve(load("crisis/risk_return"))))
    assert "War by miscalculation with probability 25%" in rr_lines
    assert "risk-return trade-off" in rr_lines and "misrepresent" in rr_lines
    safe = " ".join(predictions(solve(load("crisis/risk_return", {"cost_defender": "0.4"}))))
    assert "Peaceful settlement for sure: the safe demand" in safe
    war = " ".join(predictions(solve(load("crisis/commitment_problem",
                                          {"power_shift": "0.4"}))))
    assert "Preventive war under a commitment problem" in war and "cannot commit" in war
    calm = " ".join(predictions(solve(load("crisis/commitment_problem"))))
    assert calm.startswith("Peaceful settlement")


def test_sweep_csv_carries_offer_and_p_war(tmp_path: Path) -> None:
    """cost_defender over [0, 1] in 11 steps (others at the catalog values): interior
    while cost_defender < 3/10, where P(war) = (3/10 - lo)/(4/5) (from
    (hi - c_A - 2 lo)/(2 (hi - lo)) with hi = lo + 2/5, c_A = 1/10): 3/8 at 0, 1/8 at
    1/5; safe for 3/10 <= lo < 1/2 (demand 1/2 + lo); the whole stake from 1/2 on."""
    out = tmp_path / "war.csv"
    assert _run(cli, ["sweep", "crisis/risk_return", "--grid", "cost_defender=0:1:11",
                      "-o", str(out), "--quiet"]) == 0
    rows = {r["cost_defender exact"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["0"]["analysis.p_war exact"] == "3/8"
    assert rows["1/5"]["analysis.p_war exact"] == "1/8"
    assert rows["1/5"]["analysis.offer exact"] == "1/4"
    assert float(rows["1/5"]["analysis.offer"]) == 0.25
    assert rows["2/5"]["analysis.regime"] == "safe"
    assert rows["2/5"]["analysis.demand exact"] == "9/10"
    assert rows["1"]["analysis.regime"] == "whole_stake_peace"
    assert float(rows["0"]["P(war by miscalculation) max"]) == 0.375


def test_sweep_points_in_process() -> None:
    """The sweep's points carry the analysis figures (floats) and their exact strings."""
    result = sweep("crisis/commitment_problem", [parse_grid("power_shift=0:2/5:3")])
    regimes = [p.analysis["regime"] for p in result.points]
    assert regimes == ["peace", "peace", "preventive_war"]  # s = 0, 1/5, 2/5; s* = 1/3
    assert result.points[2].exact_analysis["required_offer_today"] == "53/50"


def test_explain_regions() -> None:
    """explain names the closed forms and the regions in cost_defender: interior while
    lo < (hi - c_A)/2 with hi = lo + 2/5, i.e. lo < 3/10; safe until lo reaches
    1 - p = 1/2; then the whole stake. Commitment: s* = (1 - p1 + c_A)/δ = 1/3."""
    text = explain(load("crisis/risk_return"))
    assert "x* = p + (hi - c_A)/2" in text
    assert ("cost_defender: in [0, 3/10): risk-return optimum" in text
            and "in [3/10, 1/2): safe demand" in text)
    assert "Now: risk-return optimum" in text
    ctext = explain(load("crisis/commitment_problem"))
    assert "power_shift: in [0, 1/3]: peaceful settlement; in (1/3, 7/10]: preventive war" \
        in ctext


def test_report_shows_the_analysis(tmp_path: Path) -> None:
    """report (Markdown and HTML) lists the figures: demand, P(war)."""
    md, html = tmp_path / "r.md", tmp_path / "r.html"
    assert _run(cli, ["report", "crisis/risk_return", "-o", str(md)]) == 0
    assert _run(cli, ["report", "crisis/risk_return", "-o", str(html)]) == 0
    text = md.read_text()
    assert "| Demand | 7/10 |" in text and "| P(war) | 1/4 |" in text
    assert "Intuitive Criterion" not in text  # not a signaling game: no refinement reported
    assert "7/10" in html.read_text()
