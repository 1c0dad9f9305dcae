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
the 2x2 offense_defense (Jervis 1978; tests/data/offense_defense_2x2.yaml) turns from a
stag hunt (three equilibria) into a prisoner's dilemma (one) at offense_advantage = 1
(see tests/test_sweep.py for the derivation).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
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

#: the 2x2 offense-defense game (Jervis 1978) the catalog had before it became an
#: information model (models/security_dilemma/offense_defense.yaml): a 2x2 security dilemma
OFFENSE_DEFENSE_2X2 = str(Path(__file__).resolve().parent / "data" / "offense_defense_2x2.yaml")

CASES = [
    (OFFENSE_DEFENSE_2X2, ["offense_advantage=0:2:5",
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
    compiled = CompiledSpec.read(OFFENSE_DEFENSE_2X2)
    assert compiled is not None and compiled.reusable
    for value in ("0", "3/2"):
        game = compiled.game({"offense_advantage": value})
        reference = load(OFFENSE_DEFENSE_2X2, {"offense_advantage": value})
        assert (game.payoffs == reference.payoffs).all()
        assert game.info["classification"] == reference.info["classification"]
    assert CompiledSpec.read(OFFENSE_DEFENSE_2X2) is compiled


# ------------------------------------------------------------------ the 2x2 fast path
def test_classify_grid_2x2_by_hand() -> None:
    """Four games of Jervis (1978) / Snyder and Diesing (1977), with a = R - T and
    b = P - S:

    * stag hunt T, R, P, S = 3, 4, 2, 0: a = 1 > 0, b = 2 > 0, coordination; mixed
      q_C = b / (a + b) = 2/3;
    * chicken 4, 3, -10, 1: a = -1, b = -11, anti-coordination; q_C = -11 / -12 = 11/12;
    * prisoner's dilemma 5, 3, 1, 0: a = -2 < 0 < b = 1, defection dominant;
    * harmony 3, 4, 1, 2: a = 1 > 0 > b = -1, cooperation dominant;
    * a tie (T = R = 3): left to the general path.
    """
    from alliance_games.analysis.sweep_2x2 import (
        ANTI_COORDINATION,
        C_DOMINANT,
        COORDINATION,
        D_DOMINANT,
        classify_grid_2x2,
    )

    T, R, P, S = zip((3, 4, 2, 0), (4, 3, -10, 1), (5, 3, 1, 0), (3, 4, 1, 2), (3, 3, 1, 0),
                     strict=True)
    grid = classify_grid_2x2(*(np.array(v, dtype=float) for v in (T, R, P, S)))
    assert grid.ok.tolist() == [True, True, True, True, False]
    assert grid.case[:4].tolist() == [COORDINATION, ANTI_COORDINATION, D_DOMINANT,
                                      C_DOMINANT]
    assert grid.q_c[0] == pytest.approx(2 / 3) and grid.q_d[0] == pytest.approx(1 / 3)
    assert grid.q_c[1] == pytest.approx(11 / 12)
    assert grid.name[:4].tolist() == [1, 2, 0, 4]  # stag hunt, chicken, PD, harmony


def _vectorised_count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the points the vectorised passes classified (not left to the general path):
    the whole-grid rows (``bulk_rows``) or, for specs they do not take, the records of
    ``vectorised_points``."""
    from alliance_games.analysis import sweep_2x2

    seen = {"points": 0, "left": 0}
    original = sweep_2x2.vectorised_points

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = original(*args, **kwargs)
        if out is not None:
            seen["points"] += len(out)
            seen["left"] += sum(p is None for p in out)
        return out

    def counting_bulk(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = original_bulk(*args, **kwargs)
        if out is not None:
            seen["points"] += len(out.kind)
            seen["left"] += int((out.kind < 0).sum())
        return out

    original_bulk = sweep_2x2.bulk_rows
    monkeypatch.setattr(sweep_2x2, "vectorised_points", counting)
    monkeypatch.setattr(sweep_2x2, "bulk_rows", counting_bulk)
    return seen


@pytest.mark.parametrize(("spec", "grids", "sets"), [
    # dyadic grid values: every payoff is exact in floats, so the CSV is identical
    ("security_dilemma/chicken", ["cost_of_war=0:20:9", "prize=1:5:9"], {}),
    (OFFENSE_DEFENSE_2X2, ["offense_advantage=0:2:9",
                                          "distinguishability=0:1:5"], {}),
    ("security_dilemma/stag_hunt", ["temptation=0:8:17", "sucker=-2:2:9"], {}),
    ("security_dilemma/chicken", ["cost_of_war=0:20:5"], {"prize": "5"}),
])
def test_vectorised_2x2_sweep_gives_the_same_csv(spec: str, grids: list[str],
                                                 sets: dict[str, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The chicken grid crosses prize = R = 3 and the stag hunt grid T = R = 4 and
    S = P = 2 (ties: solved by the general path) and the regime boundaries between."""
    seen = _vectorised_count(monkeypatch)
    fast = sweep(spec, [parse_grid(g) for g in grids], overrides=sets)
    slow = SweepResult(spec, fast.axes,
                       tuple(solve_point(spec, {**sets, **p}) for p in _grid(fast.axes)),
                       "auto")
    assert fast.to_csv() == slow.to_csv()
    assert seen["points"] == len(fast.points) and seen["left"] < seen["points"] / 2


def test_vectorised_2x2_sweep_off_dyadic_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """prize = 1/7 ... 50/7 and cost_of_war = 0, 4, ... 20 with steps of 4 are not all
    exact in floats: the mixed probabilities are still those of the general path to the
    last digit (computed exactly, rounded once)."""
    seen = _vectorised_count(monkeypatch)
    grids = ["cost_of_war=0:20:6", "prize=1/7:50/7:8"]
    fast = sweep("security_dilemma/chicken", [parse_grid(g) for g in grids])
    slow = _reference("security_dilemma/chicken", grids)
    assert seen["points"] == 48 and seen["left"] < 24
    assert fast.to_csv() == slow.to_csv()
    assert any(p.regime.endswith("| mixed") for p in fast.points)
