"""Language the field accepts (issue 11, part 7): each claim checked on the output."""

from __future__ import annotations

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.outcomes import predictions
from alliance_games.interpretation.selection_effect import selection_figures
from alliance_games.report.text import render_text


@pytest.mark.parametrize("w", ["0", "0.5", "2"])
def test_shared_identity_has_no_arms_race_or_rival(w: str) -> None:
    """Allies in a contribution dilemma: w = 0 is a prisoner's dilemma (T' = 4 > R' = 3),
    w = 1/2 a stag hunt (R' = 4.5 > T' = 3), w = 2 harmony (S' = 6 > P' = 3); in none of
    them may the text speak of an arms race or a rival."""
    r = solve(load("alliance/shared_identity", {"identity_weight": w}))
    text = render_text(r).lower()
    assert "arms race" not in text and "rival" not in text
    assert "ally" in text or "allies" in text


def test_alliance_reliability_produces_the_selection_effect() -> None:
    """p = 2/5 reliable, intelligence a = 4/5, peacetime cost k = 1/10, v_R = 4, v_U = 1,
    war cost 2, aggressor gain = cost = 1 (it attacks iff P(unreliable) > 1/2).
    Pooling on Form alliance is a PBE: the aggressor's posterior of "unreliable" is
    (3/5)(4/5)/((3/5)(4/5) + (2/5)(1/5)) = 6/7 after "looks unreliable" (attack) and
    (3/5)(1/5)/((3/5)(1/5) + (2/5)(4/5)) = 3/11 after "looks reliable" (refrain); the
    unreliable ally forms (-1/10 + (1/5)(1) = 1/10 > 0, its payoff aloof when attacked and
    staying out); the reliable forms ((1/5)(4 - 2) + (4/5)4 - 1/10 = 3.5 > 2).
    Reliability of alliances in general = P(reliable | alliance) = 2/5. Reliability of
    attacked alliances = (2/5)(1/5) / ((2/5)(1/5) + (3/5)(4/5)) = 1/7 < 2/5."""
    game = load("alliance/alliance_reliability")
    r = solve(game, "pbe")
    figures = [selection_figures(game, eq.behavior) for eq in r.equilibria]
    pooled = [f for f in figures if f is not None and abs(f[0] - 0.4) < 1e-9]
    assert pooled and pooled[0][1] == pytest.approx(1 / 7)
    text = " ".join(predictions(r))
    assert "40% of alliances in general" in text
    assert "14% of the alliances that are attacked" in text


def test_abandonment_only_after_a_commitment() -> None:
    """alliance_reliability labels 'abandonment' only on the alliance branch; without an
    alliance the end state is 'conquest (no commitment and no help)'. leadership_change,
    where the same end state follows an uncommitted defender, says 'backs down'."""
    game = load("alliance/alliance_reliability")
    for i in game.terminals:
        node = game.nodes[i]
        if node.outcome and "abandonment" in node.outcome:
            assert "/Form alliance/" in node.name
    lc = load("alliance/leadership_change")
    labels = {lc.nodes[i].outcome for i in lc.terminals}
    assert not any("abandon" in (lab or "") for lab in labels)


def test_leadership_change_cites_leeds_mattes_vogel() -> None:
    refs = " ".join(load("alliance/leadership_change").info["references"])
    assert "Leeds, B. A., Mattes, M. & Vogel, J. S. (2009)" in refs
    assert "American Journal of Political Science 53(2)" in refs


def test_nash_bargaining_solution_is_not_an_equilibrium_with_regret() -> None:
    r = solve(load("alliance/burden_bargaining"), "nash-bargaining")
    text = render_text(r)
    assert "Solution 1 (Nash bargaining solution" in text
    assert "regret" not in text
    assert "This is the Nash bargaining solution" in " ".join(predictions(r))


def test_refinements_d1_shown_and_not_applicable_never_fails() -> None:
    """tying_hands (a signaling game): the predictions name both the Intuitive Criterion and
    D1. offense_defense (a tree without a sender-receiver structure): the refinements do
    not apply, so they are not reported at all (issue 10: a refinement that does not
    apply is neither run nor reported), and never said to fail."""
    th = " ".join(predictions(solve(load("extended_deterrence/tying_hands"))))
    assert "the Intuitive Criterion and D1" in th
    od = " ".join(predictions(solve(load("security_dilemma/offense_defense"), "pbe")))
    assert "fails" not in od
    assert "Intuitive Criterion" not in od and "D1" not in od


def test_p_ally_honors_only_where_there_is_an_ally() -> None:
    """audience_costs is a crisis between two adversaries (no protege, no ally): its
    results carry no P(ally honors); tying_hands (a defender and its protege) does."""
    ac = solve(load("extended_deterrence/audience_costs"))
    assert all("P(ally honors)" not in eq.extra.get("probabilities", {})
               for eq in ac.equilibria)
    th = solve(load("extended_deterrence/tying_hands"))
    assert any("P(ally honors)" in eq.extra.get("probabilities", {}) for eq in th.equilibria)
