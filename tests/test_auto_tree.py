"""``auto`` on game trees: the concept that fits the information (issue 10, part 7).

A new user's hand-written extended-deterrence tree with a chance move and an
information set used to get every Nash equilibrium of its reduced normal form from
``auto``, most resting on non-credible threats. ``auto`` now runs the perfect Bayesian
analysis (each class tested for being sequential), says so, and counts what it set aside.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal

DATA = Path(__file__).parent / "data"


def test_threat_tree_sets_aside_the_non_credible_threats() -> None:
    """``tests/data/auto_threat_tree.yaml``: the defender is resolute w.p. 1/4 (war 0 >
    concede -1) or irresolute (war -2 < concede -1); the challenger, who cannot tell,
    challenges or keeps the status quo (0); conceding gives it 1, war -2.

    Sequential rationality: the resolute type resists, the irresolute concedes, so a
    challenge is worth 1/4 · (-2) + 3/4 · 1 = 1/4 > 0: the challenger challenges; war
    with probability 1/4, concession 3/4. That is the only PBE.
    Nash equilibria: with the resolute type resisting w.p. x and the irresolute w.p. y,
    a challenge is worth 1/4 (1 - 3x) + 3/4 (1 - 3y), so the status quo is also Nash
    whenever x/4 + 3y/4 ≥ 1/3: off the path the irresolute type (y > 0) threatens a war
    it would not fight (or the resolute one a concession it would not make). Vertex
    enumeration of the reduced normal form finds 7 extreme Nash equilibria: the PBE and
    6 status-quo equilibria, each not subgame perfect (the defender's nodes root
    subgames).
    """
    game = load(str(DATA / "auto_threat_tree.yaml"))
    nash = solve(game, "enumerate", exact=True)
    assert len(nash.equilibria) == 7
    result = solve(game, exact=True)
    assert result.method == "pbe" and result.requested_method == "auto"
    eq, = result.equilibria
    assert dict(eq.outcomes) == {"war": F(1, 4), "defender concedes": F(3, 4)}
    assert eq.extra["sequential"] is True
    assert result.extra["set_aside"] == {"nash_equilibria": 7, "non_credible_threats": 6,
                                         "unjustified_off_path": 0}
    lines = result.extra["predictions"]
    assert lines[0].startswith("Incomplete or imperfect information (chance moves and "
                               "information sets): 'auto' lists the perfect Bayesian")
    assert "6 were set aside: 6 rest on non-credible threats" in lines[1]
    assert "perfect Bayesian" in result.diagnostics[0]


def test_cli_says_which_concept_ran() -> None:
    """The text output names the method (pbe) and says why; JSON keeps the count."""
    path = str(DATA / "auto_threat_tree.yaml")
    text = subprocess.run([sys.executable, "-m", "alliance_games.cli", "solve", path],
                          capture_output=True, text=True, check=True).stdout
    assert "Method: pbe" in text
    assert "rest on non-credible threats (not subgame perfect)" in text
    doc = json.loads(subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "solve", path, "--format", "json"],
        capture_output=True, text=True, check=True).stdout)
    assert doc["requested_method"] == "auto"
    assert doc["analysis"]["set_aside"]["non_credible_threats"] == 6


def test_off_path_mixing_class_is_sequential() -> None:
    """``tests/data/auto_offpath_mixing_tree.yaml``: resolute w.p. 1/3; after a
    challenge the defender resists or concedes, and after resistance the challenger (who
    cannot tell the types apart) attacks or backs down (-1). Attack is worth -2 against
    the resolute type and 1/2 against the irresolute; the irresolute defender loses 2 in
    war, 1 by conceding, gains 1 if the challenger backs down.

    Sequential equilibrium: after resistance the challenger must be indifferent:
    μ(-2) + (1-μ)/2 = -1 gives μ = 3/5 = (1/3)/(1/3 + 2/3 q), so the irresolute type
    resists w.p. q = 1/3; it is indifferent when the challenger attacks w.p. r:
    -2r + (1 - r) = -1, r = 2/3. A challenge is then worth
    1/3 · (-1) + 2/3 · (1/3 · (-1) + 2/3 · 1) = -1/9 < 0: status quo. Every Nash
    equilibrium keeps the status quo. The pure PBE profile (both types resist, the
    challenger backs down) needs μ ≥ 3/5 after resistance, but a consistent belief
    after the challenger's own deviation is Bayes' rule on the defender's strategy,
    1/3: weak PBE only. The class is sequential through the interior off-path mixing
    (q = 1/3, r = 2/3), which the enumeration's extreme points miss and the QRE limit
    supplies.
    """
    game = load(str(DATA / "auto_offpath_mixing_tree.yaml"))
    result = solve(game, exact=True)
    eq, = result.equilibria
    assert dict(eq.outcomes) == {"status quo": 1}
    assert eq.extra["sequential"] is True
    assert eq.behavior["Defender"]["irresolute defender"]["Resist"] == F(1, 3)
    assert eq.behavior["Challenger"]["after resistance"]["Attack"] == F(2, 3)


def test_perfect_information_tree_gets_subgame_perfection() -> None:
    """Entry deterrence with perfect information: Out (0, 2) or In, then Fight (-1, -1)
    or Accommodate (1, 1). Backward induction: accommodate, so enter. (Out, Fight) is
    Nash (the threat is never tested) but not subgame perfect: 1 of 2 Nash equilibria
    set aside."""
    game = ExtensiveFormGame.from_tree(
        Decision("Entrant", {"Out": Terminal((0, 2), "no entry"),
                             "In": Decision("Incumbent", {
                                 "Fight": Terminal((-1, -1), "war"),
                                 "Accommodate": Terminal((1, 1), "accommodation")})}),
        players=("Entrant", "Incumbent"))
    result = solve(game, exact=True)
    assert result.method == "spe"
    assert [dict(eq.outcomes) for eq in result.equilibria] == [{"accommodation": 1}]
    assert result.extra["predictions"][0].startswith("Perfect information: 'auto' lists "
                                                     "the subgame perfect equilibria")
    assert result.extra["set_aside"]["non_credible_threats"] >= 1


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_qre_candidate_is_tested_for_consistency() -> None:
    """The agent logit QRE limit of the off-path mixing tree (see
    :func:`test_off_path_mixing_class_is_sequential`) is the sequential equilibrium
    (q = 1/3, r = 2/3); the method says so (``sequential`` True) after rounding the
    numerically approached limit. The path tracer's rejected corrector steps (whose
    log-probabilities overflow ``exp``) are not shown to the user as RuntimeWarnings."""
    game = load(str(DATA / "auto_offpath_mixing_tree.yaml"))
    eq, = solve(game, "qre").equilibria
    assert eq.extra["sequential"] is True
    assert abs(eq.behavior["Challenger"]["after resistance"]["Attack"] - 2 / 3) < 1e-6
