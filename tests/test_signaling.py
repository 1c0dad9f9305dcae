"""The ``signaling`` template and the signaling models of the catalog.

Each catalog case states its derivation; all numbers are exact (the solver works in
rationals when the spec's numbers are rational).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from alliance_games.errors import SpecError
from alliance_games.modeling.loader import compile_spec, load, load_spec
from alliance_games.solvers.signaling.pbe import solve_pbe


def solve(ref, **overrides):
    return solve_pbe(load(ref, {k: str(v) for k, v in overrides.items()}), exact=True)


def descriptions(result):
    return {e.extra["description"]: e for e in result.equilibria}


# ---------------------------------------------------------------------- the template
def test_template_builds_the_tree():
    """Tying hands: 2 defender types x 2 challenger types (resolved, opportunistic) x 2
    messages; a resolved challenger challenges at once, so each (type, message) has
    2 + 3 = 5 terminal nodes after it: 2 x 2 x 5 = 20 terminals, 8 information sets
    (2 types, 2 opportunistic-challenger sets, 4 defender responses)."""
    game = load("extended_deterrence/tying_hands")
    assert game.players == ("Defender", "Challenger")
    assert len(game.terminals) == 20
    assert len(game.infosets) == 8
    assert game.info["kind"] == "signaling"
    assert game.nodes[0].exact_probabilities == (F(1, 4), F(3, 4))
    names = {s.name for s in game.infosets}
    assert {"Resolute", "Irresolute", "Opportunistic after Tie hands"} <= names
    events = game.info["events"]
    assert "Resolute/Opportunistic/Tie hands/Challenge/Concede" in events["P(bluff called)"]
    assert all("Stay free" not in n for n in events["P(bluff called)"])
    assert game.info["references"][0].startswith("Fearon")


def test_overrides_change_the_tree():
    game = load("extended_deterrence/tying_hands", {"p_resolute": "0.3"})
    assert game.nodes[0].exact_probabilities == (F(3, 10), F(7, 10))
    assert game.parameters["p_resolute"] == F(3, 10)


SPEC = """
kind: signaling
parameters: {p: 0.5}
sender:
  name: S
  types:
    A: {prior: p, values: {x: 1}}
    B: {prior: 1 - p, values: {x: 2}}
messages:
  m1: {}
  m2: {}
receiver:
  name: R
  actions: [r1, r2]
end_states:
  r1: {outcome: one, payoffs: {S: x, R: 0}}
  r2: {outcome: two, payoffs: {S: 0, R: x}}
"""


def test_minimal_spec_compiles():
    game = compile_spec(load_spec(SPEC, "mini.yaml"))
    assert len(game.terminals) == 8
    result = solve_pbe(game, exact=True)
    assert result.equilibria
    # R's payoff from r2 is x >= 1 > 0: r2 after every message, whatever it believes
    assert all(e.behavior["R"]["after m1"]["r2"] == 1 for e in result.equilibria)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    A: {prior: p, values: {x: 1}}", "    A: {values: {x: 1}}", "needs a 'prior'"),
        ("  r2: {outcome: two", "  r3: {outcome: two", "missing end state"),
        ("    B: {prior: 1 - p, values: {x: 2}}", "    B: {prior: 1 - p, values: {y: 2}}",
         "same values"),
        ("  actions: [r1, r2]", "  actions: [r1, r2]\n  challenge: r9", "'challenge' must be"),
        ("payoffs: {S: x, R: 0}", "payoffs: {S: x + q, R: 0}", "q"),
        ("    A: {prior: p, values: {x: 1}}", "    A: {prior: p, values: {p: 1}}",
         "clashes with a parameter"),
    ],
    ids=["prior", "end-state", "values", "challenge", "unknown-name", "clash"],
)
def test_spec_errors_are_located(old, new, message):
    text = SPEC.replace(old, new)
    assert text != SPEC
    with pytest.raises(SpecError) as info:
        compile_spec(load_spec(text, "mini.yaml"))
    assert message in str(info.value)
    assert info.value.line is not None and info.value.file == "mini.yaml"


def test_priors_must_sum_to_one():
    with pytest.raises(SpecError, match="sum"):
        compile_spec(load_spec(SPEC.replace("prior: 1 - p", "prior: 0.7"), "mini.yaml"))


# ---------------------------------------------------------------------- catalog models
def test_tying_hands_catalog():
    """Defaults: p_resolute = 1/4, p_resolved_challenger = ρ = 1/4, audience cost 2 > 1 =
    -war_value_irresolute, so a tied defender of either type fights (1 > -2, -1 > -2) and
    opportunists stay out after Tie hands. Staying free, the irresolute type concedes
    when challenged (0 > -1), so an opportunist challenges unless μ(Resolute) > 1/2. Both
    types tie hands: Resolute gets (1-ρ)4 + ρ·1 = 13/4 > 1 (challenged when free), the
    irresolute (1-ρ)2 + ρ(-1) = 5/4 > 0. The unique PBE class: war only with resolved
    challengers, P(war) = P(challenge) = 1/4, no bluff is ever called."""
    result = solve("extended_deterrence/tying_hands")
    assert list(descriptions(result)) == ["pooling on Tie hands"]
    eq = result.equilibria[0]
    probs = eq.extra["probabilities"]
    assert probs["P(war)"] == F(1, 4) and probs["P(challenge)"] == F(1, 4)
    assert probs["P(bluff called)"] == 0
    assert probs["P(ally honors | challenge)"] == 1
    assert eq.payoffs["Defender"] == F(1, 4) * F(13, 4) + F(3, 4) * F(5, 4)
    off = eq.extra["off_path_beliefs"]["Challenger"]["Opportunistic after Stay free"]
    assert off["Resolute/Opportunistic/Stay free"] == [0, F(1, 2)]


def test_sinking_costs_catalog_and_bluffing():
    """Defaults (k = 5/2): separating, and pooling on Stay put that fails the Intuitive
    Criterion (see tests/test_pbe.py for the derivation). With mobilization_cost = 1 the
    semi-separating PBE: the irresolute type mobilises w.p. 1/3, mobilisation is
    challenged w.p. 1/2, and P(bluff called) = (3/4)(1/3)(1/2) = 1/8."""
    result = solve("extended_deterrence/sinking_costs")
    eqs = descriptions(result)
    assert set(eqs) == {"separating (Resolute: Mobilize; Irresolute: Stay put)",
                        "pooling on Stay put"}
    assert eqs["pooling on Stay put"].extra["intuitive_criterion"].startswith("fails")
    cheap = solve("extended_deterrence/sinking_costs", mobilization_cost=1)
    semi = [e for e in cheap.equilibria if e.extra["kind"] == "semi-separating"][0]
    assert semi.behavior["Defender"]["Irresolute"]["Mobilize"] == F(1, 3)
    assert semi.behavior["Challenger"]["Opportunistic after Mobilize"]["Challenge"] == F(1, 2)
    assert semi.extra["probabilities"]["P(bluff called)"] == F(1, 8)


def test_perfect_deterrence_catalog():
    """UDG defaults (p_Ch = 1/2, p_Def = 2/5, r_S = 1/3 <= p_Def <= r_H = 1/2): deterrence
    (no initiation) needs beliefs that fail the Intuitive Criterion and D1; separation
    (Hard challengers initiate, Soft defenders concede): P(war) = p_Ch p_Def = 1/5."""
    result = solve("extended_deterrence/perfect_deterrence")
    eqs = descriptions(result)
    pool = eqs["pooling on Status quo"]
    assert pool.extra["intuitive_criterion"].startswith("fails")
    assert pool.extra["d1"].startswith("fails")
    sep = eqs["separating (Hard challenger: Initiate; Soft challenger: Status quo)"]
    assert sep.extra["probabilities"]["P(war)"] == F(1, 5)
    assert sep.behavior["Defender"]["Soft defender after Initiate"]["Concede"] == 1
    robust = solve("extended_deterrence/perfect_deterrence", p_defender_hard="3/5")
    assert [e.extra["d1"] for e in robust.equilibria] == ["passes"]


def test_alliance_reliability_selection_effect():
    """alliance/alliance_reliability is now an extensive tree in which the aggressor has
    its own intelligence about the ally (the old signaling version claimed a selection
    effect it did not produce: its attacked proteges were unallied). Defaults: p = 2/5,
    intelligence 4/5, peacetime cost 1/10; the aggressor attacks iff P(unreliable) > 1/2.
    Pooling on Form alliance: after "looks unreliable" P(U) = (3/5)(4/5)/((3/5)(4/5) +
    (2/5)(1/5)) = 6/7 > 1/2 (attack), after "looks reliable" 3/11 (refrain). Reliability
    of alliances in general 2/5; of attacked alliances (2/5)(1/5)/((2/5)(1/5) + (3/5)(4/5))
    = 1/7: the selection effect (Smith 1995). Full derivation: test_alliance_language.py."""
    from alliance_games.interpretation.selection_effect import selection_figures

    game = load("alliance/alliance_reliability")
    result = solve_pbe(game)
    figures = [selection_figures(game, eq.behavior) for eq in result.equilibria]
    assert any(f is not None and abs(f[0] - 2 / 5) < 1e-9 and abs(f[1] - 1 / 7) < 1e-9
               for f in figures)


@pytest.mark.parametrize(("p_change", "challenged"), [("0.2", False), ("0.6", True)])
def test_leadership_change_credibility(p_change, challenged):
    """After a commitment the current government honors (resolute: 1 > -3; irresolute:
    -1 > -3 = -audience cost), a successor backs down (-0.2·3 = -0.6 > -2). Challenging a
    committed defender pays (1-p)(-1) + p(1) = 2p - 1: deterred iff p < 1/2 whatever the
    defender's type. p = 0.2: both types commit and are not challenged (uncommitted they
    would be: 4 > 0.8, 2 > 0); P(deterrence success) = 1. p = 0.6: committing no longer
    deters, and both types stay uncommitted (resolute 0.4 > 0.4·1 + 0.6(-0.6) = 0.04);
    the challenger always challenges; war when a resolute government survives:
    P(war) = 0.4 · 0.4 = 4/25."""
    result = solve("alliance/leadership_change", p_leadership_change=p_change)
    assert len(result.equilibria) == 1
    eq = result.equilibria[0]
    probs = eq.extra["probabilities"]
    if challenged:
        assert eq.extra["description"] == "pooling on Stay uncommitted"
        assert probs["P(challenge)"] == 1 and probs["P(war)"] == F(4, 25)
    else:
        assert eq.extra["description"] == "pooling on Commit"
        assert probs["P(challenge)"] == 0 and probs["P(deterrence success)"] == 1


def test_audience_costs_lock_in():
    """audience_cost = 3 > 2.5 = the irresolute type's cost of war net of half the stakes
    (3/2 - 4 = -5/2 > -3): an escalating defender fights if pressed, whatever its type.
    Determined challengers press on (3/2 - 1 = 1/2 > -1), opportunists back down
    (3/2 - 5 < -1). Both types escalate: P(war) = p_determined = 3/10,
    P(deterrence success) = 7/10, no bluff called."""
    result = solve("extended_deterrence/audience_costs", audience_cost=3)
    assert list(descriptions(result)) == ["pooling on Escalate publicly"]
    probs = result.equilibria[0].extra["probabilities"]
    assert probs["P(war)"] == F(3, 10) and probs["P(deterrence success)"] == F(7, 10)
    assert probs["P(bluff called)"] == 0
