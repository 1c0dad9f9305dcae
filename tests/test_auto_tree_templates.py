"""Templates for when the signaling template does not fit (issue 10, part 8): a
screening game (an uninformed proposer facing an informed responder) and a sender with
a single type. Refinements that do not apply (Intuitive Criterion, D1: there is no
informed first mover with several types) are neither run nor reported."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.errors import SpecError
from alliance_games.report.json import result_to_dict

DATA = Path(__file__).parent / "data"


def test_screening_demand() -> None:
    """``tests/data/screening_demand.yaml``: the challenger demands x = 1 or 2 of a
    defender who is resolute w.p. 2/5 (war worth -1 to it) or irresolute (war -3); the
    defender concedes (-x) or resists (war; the challenger pays cost 1).

    The irresolute type concedes to both demands (-1, -2 > -3); the resolute type
    resists the large demand (-1 > -2) and is indifferent at the small one (-1 = -1).
    The challenger gets 1 from a small demand the resolute type accepts (2/5 · (-1) +
    3/5 · 1 = 1/5 if it resists) and 2/5 · (-1) + 3/5 · 2 = 4/5 from the large demand.
    Two PBE classes in pure strategies: small demand, settled for sure (1 ≥ 4/5), and
    large demand, war w.p. 2/5 (4/5 ≥ 1/5 when the resolute type would resist the small
    one). The challenger's belief is the prior: nothing was revealed before it moved.
    """
    game = load(str(DATA / "screening_demand.yaml"))
    assert game.info["kind"] == "screening"
    result = solve(game, exact=True)
    assert result.method == "pbe"
    outcomes = sorted((dict(eq.outcomes) for eq in result.equilibria), key=len)
    assert outcomes == [{"settlement": 1}, {"war": F(2, 5), "settlement": F(3, 5)}]
    for eq in result.equilibria:
        assert eq.beliefs["Challenger"]["offer"] == {"Resolute": F(2, 5),
                                                     "Irresolute": F(3, 5)}
        assert "intuitive_criterion" not in eq.extra and "d1" not in eq.extra
        assert eq.extra["sequential"] is True
    assert not any("Intuitive Criterion" in line for line in result_to_dict(result)[
        "predictions"])


def test_single_type_sender() -> None:
    """``tests/data/single_type_sender.yaml``: the defender is resolute for sure (war
    worth 1 to it, conceding -a); whatever it says, a challenge would be fought
    (1 > -a), so the challenger (war -1 < 0) backs off: deterrence succeeds in every
    equilibrium. One type has nothing to signal: no Intuitive Criterion, no D1."""
    result = solve(load(str(DATA / "single_type_sender.yaml")), exact=True)
    assert result.equilibria
    for eq in result.equilibria:
        assert dict(eq.outcomes) == {"deterrence success": 1}
        assert "intuitive_criterion" not in eq.extra and "d1" not in eq.extra
    text = subprocess.run([sys.executable, "-m", "alliance_games.cli", "solve",
                           str(DATA / "single_type_sender.yaml")],
                          capture_output=True, text=True, check=True).stdout
    assert "Intuitive Criterion" not in text.split("Diagnostics:")[0]


def test_screening_errors_are_located(tmp_path: Path) -> None:
    """A missing end state is a SpecError at end_states."""
    bad = (DATA / "screening_demand.yaml").read_text().replace(
        "  Resist: {outcome: war, payoffs: {Challenger: -cost, Defender: w}}\n", "")
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(SpecError, match="no end state"):
        load(str(path))
