"""Kydd's trust, spiral and reassurance: thresholds by hand, equilibria checked by pygambit.

Model (Kydd 2005, ch. 2; Kydd 2000): a trustworthy state has assurance preferences
T_t = 3, R_t = 4, P = 2, S = 0; an untrustworthy one prisoner's-dilemma preferences.

*Trust threshold.* A trustworthy state that expects cooperation with probability q gets
4q from cooperating and 3q + 2(1-q) = 2 + q from defecting: it cooperates iff
4q >= 2 + q, i.e. q >= 2/3 = (P-S)/((R-T)+(P-S)) = (2-0)/((4-3)+(2-0)). In the trust
equilibrium the other cooperates exactly when it is trustworthy, so q = prior: trust
needs prior >= 2/3. trust/spiral has prior 1/2 < 2/3: only the spiral (all defect);
at prior 7/10 trust (trustworthy types cooperate) is an equilibrium beside the spiral.

*Reassurance* (trust/reassurance: T_u = 7/2, P = 2, prior_b_trustworthy = 1, so A
knows B is trustworthy). After a gesture that only a trustworthy A makes, B cooperates
(it is sure A will), and a trustworthy A cooperates (q = 1 >= 2/3), earning R_t - k;
without the gesture both defect: P = 2. So a trustworthy A gestures iff k <= R_t - P =
2. An untrustworthy A mimicking would be met with cooperation and defect: T_u - k =
7/2 - k against P = 2 without: it does not mimic iff k >= T_u - P = 3/2. The gesture
separates iff 3/2 <= k <= 2; the catalog's k = 7/4 does, and then mutual cooperation
happens exactly when A is trustworthy: probability 3/5 at prior 3/5 < 2/3, where
without the gesture only the spiral is an equilibrium.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from oracles import behavior_max_regret, gambit_efg, gambit_pure_count

from alliance_games import load, solve
from alliance_games.analysis.explain import explain
from alliance_games.errors import SpecError
from alliance_games.interpretation.families import family_predictions
from alliance_games.interpretation.trust import trust_facts


def _behavior(game, choose):
    """A pure behavior profile: ``choose(player, infoset name) -> action``."""
    out: dict = {}
    for s in game.infosets:
        player = game.players[s.player]
        a = choose(player, s.name)
        out.setdefault(player, {})[s.name] = {x: F(int(x == a)) for x in s.actions}
    return out


def test_trust_threshold_and_spiral():
    """q* = 2/3; prior 1/2: spiral only; prior 7/10: trust, p(mutual cooperation) 49/100."""
    facts = trust_facts(load("trust/spiral").info["trust"])
    assert facts["threshold"] == F(2, 3)
    assert facts["spiral_only"] and not facts["trust_equilibrium"]
    facts = trust_facts(load("trust/spiral", {"prior_trustworthy": "0.7"}).info["trust"])
    assert facts["trust_equilibrium"] and facts["p_mutual_cooperation"] == F(49, 100)
    # the threshold moves with the payoffs: S = 1 gives (2-1)/((4-3)+(2-1)) = 1/2
    facts = trust_facts(load("trust/spiral", {"sucker": "1"}).info["trust"])
    assert facts["threshold"] == F(1, 2) and facts["trust_equilibrium"]


@pytest.mark.oracle
@pytest.mark.parametrize("prior, trust_is_equilibrium, pure_count",
                         [("0.5", False, 1), ("0.7", True, 2)])
def test_spiral_and_trust_profiles_in_pygambit(prior, trust_is_equilibrium, pure_count):
    """The Bayesian game as a tree in pygambit: all-defect has regret 0 at any prior; the
    trust profile (trustworthy types restrain, untrustworthy arm) has regret 0 iff
    prior >= 2/3 (at 1/2 a trustworthy state gains 2 + 1/2 - 4/2 = 1/2 by arming); the
    pure equilibria of the reduced strategic form are the spiral alone, or both."""
    game = load("trust/spiral", {"prior_trustworthy": prior})
    spiral = _behavior(game, lambda p, s: "Arm")
    trust = _behavior(game, lambda p, s: "Restrain" if "Untrustworthy" not in s else "Arm")
    assert behavior_max_regret(game, spiral) == 0
    regret = behavior_max_regret(game, trust)
    assert (regret == 0) == trust_is_equilibrium
    if not trust_is_equilibrium:
        assert regret == F(1, 2) * F(1, 2)  # gain 1/2, weighted by P(own type) 1/2
    assert gambit_pure_count(gambit_efg(game)) == pure_count


@pytest.mark.oracle
def test_reassurance_separating_equilibrium():
    """At prior 3/5 and k = 7/4: the separating profile (trustworthy A reassures and
    cooperates, B cooperates after the gesture and defects otherwise; untrustworthy types
    defect) has regret 0 in pygambit; our PBE solver lists it with mutual cooperation
    3/5. With k = 1 < 3/2 an untrustworthy A gains 7/2 - 1 - 2 = 1/2 by mimicking."""
    game = load("trust/reassurance", {"prior_trustworthy": "0.6"})

    def separating(player: str, infoset: str) -> str:
        if infoset == "State A Trustworthy signal":
            return "Reassure"
        if infoset == "State A Untrustworthy signal":
            return "No gesture"
        if "Untrustworthy" in infoset or "No gesture" in infoset:
            return "Defect"
        return "Cooperate"

    assert behavior_max_regret(game, _behavior(game, separating)) == 0
    cheap = load("trust/reassurance", {"prior_trustworthy": "0.6", "gesture_cost": "1"})
    assert behavior_max_regret(cheap, _behavior(cheap, separating)) > 0
    facts = trust_facts(game.info["trust"])
    assert facts["separating_interval"] == (F(3, 2), F(2)) and facts["separating"]
    assert facts["p_mutual_cooperation_separating"] == F(3, 5)
    result = solve(game, method="pbe", exact=True)
    kinds = {eq.outcomes.get("cooperation", 0) for eq in result.equilibria}
    assert F(3, 5) in kinds and 0 in kinds


def test_reassurance_reading_at_prior_06():
    """The reading names the spiral (3/5 < 2/3) and the reassurance by the gesture."""
    result = solve(load("trust/reassurance", {"prior_trustworthy": "0.6"}))
    text = " ".join(family_predictions(result))
    assert "q* = (P-S)/((R-T)+(P-S)) = 2/3" in text
    assert "Spiral:" in text and "fear breeds defection" in text
    assert "Reassurance: the costly gesture (cost 7/4, within [3/2, 2]) separates" in text
    high = solve(load("trust/reassurance", {"prior_trustworthy": "0.8",
                                            "gesture_cost": "3"}))
    text = " ".join(family_predictions(high))
    assert "Trust sustains cooperation" in text and "too costly" in text


def test_explain_gives_the_threshold_and_interval():
    """explain: prior_trustworthy >= 2/3 for trust (within its range [0, 1]); the gesture
    separates iff its cost is in [T_u - P_u, R_t - P_t] = [3/2, 2]."""
    text = explain(load("trust/reassurance"))
    assert "prior_trustworthy in [2/3, 1]" in text
    assert "gesture_cost in [3/2, 2]" in text
    assert "Current region: reassurance (separating)" in text
    text = explain(load("trust/spiral", {"prior_trustworthy": "0.9"}))
    assert "Current region: trust." in text


def test_bad_preferences_are_located_errors(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("kind: trust\nprior_trustworthy: 0.5\n"
                    "trustworthy: {T: 5, R: 4, P: 2, S: 0}\n"
                    "untrustworthy: {T: 5, R: 3, P: 2, S: 0}\n")
    with pytest.raises(SpecError, match="assurance preferences") as err:
        load(str(spec))
    assert err.value.line == 3
