"""A sweep parses its spec once (``CompiledSpec``) and gives the very CSV of loading the
spec afresh at every point.

The reference path is :func:`alliance_games.analysis.sweep.solve_point`, which calls
``load(spec, overrides)`` (YAML read, parsed, compiled) at every grid point, as every
sweep did before. The compiled path shares the parsed document and applies each point's
``--set`` values through the same ``apply_overrides`` and compiler, so every column,
floats and exact strings alike, must be equal character for character.

The grids cross the regime boundaries the catalog documents, so that a bug carrying
one point's values into the next would change a regime, not only a number: chicken
(Snyder and Diesing 1977) has T = prize = 4 > R = 3 > S = 1 > P = -cost_of_war, a
chicken game for prize > 3, and prize = 1 < R makes mutual back-down dominant;
offense_defense (Jervis 1978) turns from a stag hunt (three equilibria) into a
prisoner's dilemma (one) at offense_advantage = 1 (see tests/test_sweep.py for the
derivation).
"""

from __future__ import annotations

import pytest

from alliance_games.analysis.sweep import (
    CompiledSpec,
    SweepResult,
    _grid,
    parse_grid,
    solve_point,
    sweep,
)
from alliance_games.modeling.loader import load

CASES = [
    ("security_dilemma/offense_defense", ["offense_advantage=0:2:5",
                                          "distinguishability=0:1:3"]),
    ("security_dilemma/chicken", ["cost_of_war=0:20:4", "prize=1:5:3"]),
    ("extended_deterrence/tying_hands", ["audience_cost=0:2:3"]),
    ("alliance/volunteers_dilemma", ["cost=1/4:3/4:3"]),
    ("alliance/burden_sharing", ["defence_share=1/10:3/10:3"]),
]


def _reference(spec: str, grids: list[str]) -> SweepResult:
    axes = tuple(parse_grid(g) for g in grids)
    points = tuple(solve_point(spec, p) for p in _grid(axes))
    return SweepResult(spec, axes, points, "auto")


@pytest.mark.parametrize(("spec", "grids"), CASES)
def test_compiled_sweep_gives_the_csv_of_loading_every_point(spec: str,
                                                             grids: list[str]) -> None:
    fast = sweep(spec, [parse_grid(g) for g in grids])
    slow = _reference(spec, grids)
    assert fast.to_csv() == slow.to_csv()
    assert len(fast.points) > 1


def test_an_error_at_one_point_is_the_error_load_gives() -> None:
    """cost_of_war = -2 lies outside chicken's declared range [0, 1000000]: that point
    (the last of 2, 0, -2) is an error row with load's own message; the others are
    computed."""
    fast = sweep("security_dilemma/chicken", [parse_grid("cost_of_war=2:-2:3")])
    slow = _reference("security_dilemma/chicken", ["cost_of_war=2:-2:3"])
    assert fast.points[2].regime == "error" and "outside" in fast.points[2].error
    assert fast.points[1].regime != "error"
    assert fast.to_csv() == slow.to_csv()


def test_compiled_spec_builds_the_game_load_builds() -> None:
    """Same payoffs, parameters and classification at two points, and the parsed
    document is shared (parsed once), not re-read."""
    compiled = CompiledSpec.read("security_dilemma/offense_defense")
    assert compiled is not None and compiled.reusable
    for value in ("0", "3/2"):
        game = compiled.game({"offense_advantage": value})
        reference = load("security_dilemma/offense_defense", {"offense_advantage": value})
        assert (game.payoffs == reference.payoffs).all()
        assert game.info["classification"] == reference.info["classification"]
    assert CompiledSpec.read("security_dilemma/offense_defense") is compiled
