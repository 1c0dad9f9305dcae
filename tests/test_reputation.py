"""The chain store (Selten 1978) with a tough or weak incumbent (Kreps & Wilson 1982).

Throughout: b = 1/2 (entrant's payoff when accommodated; b - 1 when fought), a = 2
(incumbent's payoff when the entrant stays out), weak incumbent: fight -1, accommodate
0; tough incumbent: fight 0, accommodate -1. Kreps & Wilson's equilibrium (k markets
left, belief p that the incumbent is tough): the entrant enters iff p < b^k (stays out
w.p. 1/a at equality); the weak incumbent fights for sure iff p ≥ b^(k-1), else with
β = p(1 - b^(k-1)) / ((1 - p) b^(k-1)), and accommodates in the last market; the
belief after a fight is max(p, b^(k-1)), after an accommodation 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F

import pytest
from oracles import behavior_max_regret, behavior_profile, gambit_efg
from test_sequential import check_witness

from alliance_games import load, solve
from alliance_games.analysis.explain import explain
from alliance_games.errors import SpecError
from alliance_games.games.reputation import ReputationGame
from alliance_games.report.json import result_to_dict
from alliance_games.solvers.reputation.kreps_wilson import (
    chain_store_behavior,
    solve_chain_store,
)
from alliance_games.solvers.signaling.assessment import verify_assessment
from alliance_games.solvers.tree.sequential import sequential_test


def game(markets: int, prior: F) -> ReputationGame:
    return ReputationGame("chain store", markets, prior, F(1, 2), F(2))


def test_two_markets() -> None:
    """N = 2, δ = 1/5.

    Market 1 (k = 2): δ = 1/5 < b^2 = 1/4, so entrant 1 enters. The weak incumbent
    (p = 1/5 < b^1 = 1/2) fights with β = (1/5 · 1/2) / (4/5 · 1/2) = 1/4, so
    P(fight) = 1/5 + 4/5 · 1/4 = 2/5 and the posterior after a fight is
    (1/5) / (2/5) = 1/2 = b. Market 2 (k = 1): after a fight p = 1/2 = b: the entrant
    enters w.p. 1 - 1/a = 1/2; after an accommodation p = 0: it enters. So
    P(entry in market 2) = 2/5 · 1/2 + 3/5 = 4/5, and only the tough type fights there:
    P(fight) = 1/5 · 1/2 = 1/10. Entrant 1 expects b - P(fight) = 1/2 - 2/5 = 1/10.
    """
    r = solve_chain_store(game(2, F(1, 5)), exact=True)
    m1, m2 = r.extra["path"]
    assert (m1["P(entry)"], m1["P(fight)"]) == (1, F(2, 5))
    assert m1["weak_fight_probability"] == [{"belief": F(1, 5), "probability": F(1, 4)}]
    assert m1["posterior_after_fight"] == [{"belief": F(1, 5), "posterior": F(1, 2)}]
    assert m2["beliefs"] == [{"belief": F(1, 2), "probability": F(2, 5)},
                             {"belief": 0, "probability": F(3, 5)}]
    assert (m2["P(entry)"], m2["P(fight)"]) == (F(4, 5), F(1, 10))
    assert r.extra["entrant_payoffs"]["Entrant 1"] == F(1, 10)
    assert r.extra["thresholds"] == [F(1, 4), F(1, 2)]


def test_three_markets() -> None:
    """N = 3, δ = 1/5.

    Market 1 (k = 3): δ = 1/5 > b^3 = 1/8: entrant 1 stays out, the belief stays 1/5.
    Market 2 (k = 2): as market 1 of :func:`test_two_markets`: entry, weak fights w.p.
    1/4, P(fight) = 2/5, posterior 1/2. Market 3: entry w.p. 2/5 · 1/2 + 3/5 = 4/5,
    fight 1/10. Payoffs: the weak incumbent earns a = 2 in market 1; in market 2 fighting
    (-1, then market 3 at p = 1/2 is left alone w.p. 1/2: +a/2 = 1) and accommodating
    (0, then 0) are both worth 0, so it expects 2 in total (the indifference that
    justifies its mixing); the tough type earns 2 + 0 + (1/2 · 2 + 1/2 · 0) = 3.
    Expected entries 0 + 1 + 4/5 = 9/5; expected fights 2/5 + 1/10 = 1/2.
    """
    r = solve_chain_store(game(3, F(1, 5)), exact=True)
    entry = [m["P(entry)"] for m in r.extra["path"]]
    assert entry == [0, 1, F(4, 5)]
    assert [m["P(fight)"] for m in r.extra["path"]] == [0, F(2, 5), F(1, 10)]
    assert (r.extra["payoff_weak"], r.extra["payoff_tough"]) == (2, 3)
    assert (r.extra["expected_entries"], r.extra["expected_fights"]) == (F(9, 5), F(1, 2))
    assert r.extra["deterred_markets"] == 1
    assert r.extra["selten_paradox"] is False
    eq, = r.equilibria
    assert eq.regret == 0 and eq.extra["sequential"] is True
    # the off-path weak incumbent of market 1: p = 1/5 < b^2 = 1/4, so
    # β = (1/5 · 3/4) / (4/5 · 1/4) = 3/4
    assert eq.behavior["Incumbent"]["weak 1 | -"]["Fight"] == F(3, 4)


@pytest.mark.oracle
@pytest.mark.parametrize("markets", [2, 3])
def test_tree_checks(markets: int) -> None:
    """The closed-form profile on the tree: a PBE (our verifier), sequential (the
    tremble witness rebuilt independently converges to beliefs that make every played
    action optimal), and checked by pygambit on the exported .efg: with two markets its
    max_regret (a Nash equilibrium) is exactly 0; with three (four players, whose
    strategic form pygambit's max_regret expands) every information set reached with
    positive probability has agent regret exactly 0 under pygambit's own Bayes
    beliefs, which equal ours."""
    g = game(markets, F(1, 5))
    tree = g.as_extensive()
    table = chain_store_behavior(g, tree)
    assert verify_assessment(tree, table, exact=True) is not None
    verdict = sequential_test(tree, table, exact=True)
    check_witness(tree, table, verdict)
    eq, = solve_chain_store(g, exact=True).equilibria
    if markets == 2:
        assert behavior_max_regret(tree, eq.behavior) == 0
    pg = gambit_efg(tree)
    prof = behavior_profile(pg, eq.behavior)
    reached = 0
    for player in pg.players:
        for infoset in player.infosets:
            if prof.infoset_prob(infoset) == 0:
                continue
            reached += 1
            assert prof.infoset_regret(infoset) == 0
            if player.label.startswith("Entrant") and len(infoset.members) == 2:
                ours = eq.beliefs[player.label][infoset.label]
                theirs = [F(str(prof.belief(node))) for node in infoset.members]
                assert theirs == [ours[n] for n in ours] or sorted(theirs) == sorted(
                    ours.values())
    assert reached >= 2 * markets


@pytest.mark.oracle
def test_weak_pbe_only_class_of_two_markets() -> None:
    """N = 2, δ = 1/5: a pooling profile in which entrant 1 stays out because both types
    would fight, and entrant 2 stays out after a fight, is a weak PBE (the fight is off
    the path, and a belief μ(tough) ≥ 1/2 makes staying out optimal: b - μ ≤ 0) and a
    Nash equilibrium (pygambit), but not sequential: both types reach entrant 2's set
    through the same deviation (entrant 1's entry) and fight for sure, so a consistent
    belief is the prior 1/5 < 1/2, and entrant 2 should enter. The weak type's fight
    (-1 + a = 1 > 0) rests on that belief."""
    g = game(2, F(1, 5))
    tree = g.as_extensive()
    profile = {
        "Entrant 1 | -": {"Out": 1, "In": 0},
        "Entrant 2 | O": {"Out": 0, "In": 1},
        "Entrant 2 | F": {"Out": 1, "In": 0},
        "Entrant 2 | A": {"Out": 0, "In": 1},
    }
    table = []
    for s in tree.infosets:
        if s.name in profile:
            table.append(tuple(F(profile[s.name][a]) for a in s.actions))
        elif s.name.startswith("tough") or s.name == "weak 1 | -":
            table.append(tuple(F(a == "Fight") for a in s.actions))
        else:   # the weak type accommodates in the last market
            table.append(tuple(F(a == "Accommodate") for a in s.actions))
    assessment = verify_assessment(tree, table, exact=True)
    assert assessment is not None
    verdict = sequential_test(tree, table, exact=True)
    assert verdict.sequential is False and verdict.reason.startswith("weak PBE only")
    behavior = {p: {} for p in tree.players}
    for s, row in zip(tree.infosets, table, strict=True):
        behavior[tree.players[s.player]][s.name] = dict(zip(s.actions, row, strict=True))
    assert behavior_max_regret(tree, behavior) == 0


def test_selten_paradox() -> None:
    """δ = 0: the belief stays 0, so with k markets left 0 < b^k and every entrant
    enters, and the weak incumbent (β = 0) accommodates: Selten's backward-induction
    outcome, named in the predictions."""
    r = solve(load("reputation/chain_store", {"prior_tough": "0"}), exact=True)
    assert r.extra["selten_paradox"] is True
    assert [m["P(entry)"] for m in r.extra["path"]] == [1, 1, 1]
    assert [m["P(accommodate)"] for m in r.extra["path"]] == [1, 1, 1]
    assert dict(r.equilibria[0].outcomes) == {"3 entries, 0 fought": 1}
    lines = result_to_dict(r)["predictions"]
    assert "Selten's chain store paradox" in lines[0]


def test_cli_prints_the_path_market_by_market() -> None:
    """The issue's command prints each market's belief, entry and fighting."""
    out = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "solve", "reputation/chain_store",
         "--set", "markets=3", "--set", "prior_tough=0.2"],
        capture_output=True, text=True, check=True).stdout
    assert "Market 1 of 3 (3 left, entry threshold b^3 = 1/8): belief tough 1/5; " \
           "P(entry) 0%." in out
    assert "the weak incumbent fights w.p. 1/4 at 1/5; after a fight the belief is 1/2" \
        in out
    assert "belief tough 1/2 (w.p. 40%), 0 (w.p. 60%); P(entry) 80%" in out


def test_json_analysis_has_exact_mirror() -> None:
    """Floats at full precision under ``analysis`` and the exact strings beside them."""
    out = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "solve", "reputation/chain_store",
         "--format", "json"], capture_output=True, text=True, check=True).stdout
    doc = json.loads(out)
    assert doc["method"] == "kreps-wilson"
    assert doc["analysis"]["path"][1]["P(fight)"] == 0.4
    assert doc["analysis"]["exact"]["path"][1]["P(fight)"] == "2/5"
    assert doc["equilibria"][0]["analysis"]["sequential"] is True


def test_explain_states_the_thresholds() -> None:
    """b^k per market, β at the prior and the current region of δ: with δ = 1/5 between
    b^3 = 1/8 and b^2 = 1/4 only the first market is deterred."""
    text = explain(load("reputation/chain_store"))
    assert "market 1 (k = 3): entry threshold b^3 = 1/8" in text
    assert "at p = δ it fights w.p. 1/4" in text      # market 2: (1/5·1/2)/(4/5·1/2)
    assert "1/8 < δ < 1/4: the first market is deterred outright; entry starts in " \
           "market 2   [now]" in text


def test_sweep_csv_carries_the_figures() -> None:
    """The sweep over the prior has entry, fight and belief columns: at δ = 1/4 = b^2
    entrant 2 mixes (enters w.p. 1 - 1/a = 1/2)."""
    import csv
    import io

    from alliance_games.analysis.sweep import parse_grid, sweep

    result = sweep("reputation/chain_store", [parse_grid("prior_tough=0:1:5")], workers=1)
    rows = list(csv.reader(io.StringIO(result.to_csv())))
    header = rows[0]
    assert "analysis.figures.P(entry) m2" in header
    assert "analysis.figures.posterior_after_fight m1" in header
    quarter = rows[2]
    assert float(quarter[header.index("analysis.figures.P(entry) m2")]) == 0.5


def test_bad_prior_is_a_located_error() -> None:
    """A prior outside [0, 1] is a SpecError naming the parameter."""
    with pytest.raises(SpecError, match="prior_tough"):
        load("reputation/chain_store", {"prior_tough": "3/2"})
    with pytest.raises(SpecError, match="between 0 and 1"):
        load("reputation/chain_store", {"entrant_gain": "1"})


def test_float_parameters_and_many_markets() -> None:
    """Floats go through (no tree past six markets, the closed form still): with
    δ = 0.01 and b = 1/2, market t is deterred iff 0.01 > 2^-(N-t+1), i.e. for
    k ≥ 7 markets left (2^-7 = 0.0078): 34 of 40 markets."""
    r = solve(load("reputation/chain_store", {"markets": "40", "prior_tough": "0.01"}))
    assert r.extra["deterred_markets"] == 34
    assert r.equilibria == ()
    assert any("no tree" in d for d in r.diagnostics)


def test_one_market_pbe_enumeration_agrees() -> None:
    """One market (the tree's reduced normal form is small enough for the generic
    ``pbe`` enumeration): δ = 1/5 < b = 1/2, so the entrant enters, the tough type
    fights and the weak one accommodates; ``pbe`` finds exactly this class, sequential,
    with the closed form's outcome probabilities (fought 1/5, accommodated 4/5)."""
    from alliance_games.solvers.signaling.pbe import solve_pbe

    g = game(1, F(1, 5))
    r = solve_pbe(g.as_extensive(), exact=True)
    eq, = r.equilibria
    closed, = solve_chain_store(g, exact=True).equilibria
    assert dict(eq.outcomes) == dict(closed.outcomes) == {
        "1 entry, 1 fought": F(1, 5), "1 entry, 0 fought": F(4, 5)}
    assert eq.extra["sequential"] is True
