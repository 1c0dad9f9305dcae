"""Parameter sweeps and phase diagrams over the offense-defense model (Jervis 1978).

The 2x2 offense-defense model (tests/data/offense_defense_2x2.yaml, the catalog's version
before security_dilemma/offense_defense became an information model; its closed forms are
what these tests check): R = 4, P = 2, T = 3 + e, S = 1 - e with e = offense_advantage (at
distinguishability 0). For e < 1 the game is a stag hunt with a mixed equilibrium
p(C) = (P - S) / ((R - T) + (P - S)) = (1 + e) / 2, so P(exploitation) = 2 p (1 - p)
= (1 + e)(1 - e) / 2: 1/2 at e = 0, 15/32 = 0.46875 at e = 1/4. For e > 1 (T > R) it is a
prisoner's dilemma whose only equilibrium is the arms race.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

import pytest

from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.cli import _run, cli
from alliance_games.errors import SpecError

OFFENSE_DEFENSE_2X2 = str(Path(__file__).resolve().parent / "data" / "offense_defense_2x2.yaml")


def test_parse_grid_is_exact() -> None:
    axis = parse_grid("p=0:1:5")
    assert axis.values == tuple(Fraction(k, 4) for k in range(5))
    for bad in ("p=0:1", "p", "p=a:1:3", "p=0:1:1"):
        with pytest.raises(SpecError):
            parse_grid(bad)


def test_regimes_change_where_offense_dominance_makes_a_prisoners_dilemma() -> None:
    result = sweep(OFFENSE_DEFENSE_2X2, [parse_grid("offense_advantage=0:3:13")])
    by_e = {p.parameters["offense_advantage"]: p for p in result.points}
    assert by_e[Fraction(0)].regime == "arms race | mixed | mutual restraint"
    assert by_e[Fraction(0)].game_type == "stag hunt"
    assert by_e[Fraction(0)].outcomes["exploitation"] == (0.0, 0.5)
    assert by_e[Fraction(1, 4)].outcomes["exploitation"][1] == pytest.approx(15 / 32)
    for e in (Fraction(5, 4), Fraction(2), Fraction(3)):
        assert by_e[e].regime == "arms race" and by_e[e].game_type == "prisoner's dilemma"


def test_cli_sweep_writes_csv_and_phase_diagram(tmp_path: Path) -> None:
    out, png = tmp_path / "s.csv", tmp_path / "phase.png"
    code = _run(cli, ["sweep", OFFENSE_DEFENSE_2X2, "--grid",
                      "offense_advantage=0:2:5", "--grid", "distinguishability=0:1:3",
                      "--workers", "2", "-o", str(out), "--plot", str(png), "--quiet"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 15
    # e = 2 * (1 - 0) = 2 > 1: prisoner's dilemma; e = 2 * (1 - 1) = 0: stag hunt
    row = next(r for r in rows if r["offense_advantage"] == "2.0"
               and r["distinguishability"] == "0.0")
    assert row["game_type"] == "prisoner's dilemma" and row["n_equilibria"] == "1"
    row = next(r for r in rows if r["offense_advantage"] == "2.0"
               and r["distinguishability"] == "1.0")
    assert row["game_type"] == "stag hunt" and row["n_equilibria"] == "3"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _run(cli, ["sweep", OFFENSE_DEFENSE_2X2, "--grid",
                      "offense_advantage=0:2:3", "-o", str(out), "--quiet"]) == 2  # no overwrite
