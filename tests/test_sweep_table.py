"""Sweeps computed as columns: exact rationals on integer arrays, and the CLI's CSV of a
large grid, row for row, against the per-point path on a sample of its points.

The per-point path compiles the spec at one grid point and solves it with the
family's solver (``_solve_compiled``); its CSV row is what ``SweepResult.to_csv``
writes for that point (``_point_row``, with the column order of the whole grid). The
fast path (``analysis/sweep_table.py``) must give the same bytes.
"""

from __future__ import annotations

import csv
import io
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from alliance_games.analysis.sweep import (
    _point_at,
    _point_row,
    _solve_compiled,
    parse_grid,
    sweep,
)
from alliance_games.analysis.sweep_rational import Rat, affine_on_grid, grid_indices
from alliance_games.cli import _run, cli
from alliance_games.modeling.loader import _read_text, resolve


def _rat(values: list[Fraction], big: bool = False) -> Rat:
    dtype = object if big else np.int64
    return Rat(np.array([v.numerator for v in values], dtype=dtype),
               np.array([v.denominator for v in values], dtype=dtype))


def test_rat_arithmetic_by_hand() -> None:
    """1/3 + 1/6 = 1/2; (2/3)(3/4) = 1/2; (1/2)/(-1/4) = -2; 5/7 - 5/7 = 0 (its text
    "0", its float 0.0); 1/3 rounds to the double nearest 1/3, as float(Fraction)."""
    a = _rat([Fraction(1, 3), Fraction(2, 3), Fraction(1, 2), Fraction(5, 7)])
    b = _rat([Fraction(1, 6), Fraction(3, 4), Fraction(-1, 4), Fraction(5, 7)])
    assert (a + b).texts()[0] == "1/2"
    assert (a * b).texts()[1] == "1/2"
    assert (a / b).texts()[2] == "-2"
    assert (a - b).texts()[3] == "0"
    assert (a - b).floats()[3] == 0.0
    assert a.floats()[0] == float(Fraction(1, 3))
    assert a.cmp(b).tolist() == [1, -1, 1, 0]


@pytest.mark.parametrize("big", [False, True])
def test_rat_matches_fractions_on_random_rationals(big: bool) -> None:
    """Every operation agrees with Python's Fractions: values, texts (str(Fraction)) and
    floats (float(Fraction): correctly rounded), on int64 and on unbounded integers
    (numerators up to 10^30, beyond int64, then promoted)."""
    rng = random.Random(1)
    top = 10 ** 30 if big else 10 ** 6
    xs = [Fraction(rng.randint(-top, top), rng.randint(1, top)) for _ in range(200)]
    ys = [Fraction(rng.randint(-top, top) or 1, rng.randint(1, top)) for _ in range(200)]
    a, b = _rat(xs, big), _rat(ys, big)
    for got, want in ((a + b, [x + y for x, y in zip(xs, ys, strict=True)]),
                      (a - b, [x - y for x, y in zip(xs, ys, strict=True)]),
                      (a * b, [x * y for x, y in zip(xs, ys, strict=True)]),
                      (a / b, [x / y for x, y in zip(xs, ys, strict=True)])):
        assert got.texts() == [str(v) for v in want]
        assert got.floats().tolist() == [float(v) for v in want]


def test_int64_products_promote_instead_of_overflowing() -> None:
    """(2^40 + 1)^2 does not fit in int64: the product is promoted to Python integers
    and stays exact."""
    x = Fraction(2 ** 40 + 1, 3)
    a = _rat([x, x])
    assert (a * a).texts() == [str(x * x)] * 2


def test_affine_on_grid_is_the_exact_affine_map() -> None:
    """f(x, y) = 1/3 + (x - 0)(2/5) + (y - 1)(-7) on x in {0, 1/2, 1}, y in {1, 4/3}:
    at (1/2, 4/3) f = 1/3 + 1/5 - 7/3 = -9/5."""
    xs = (Fraction(0), Fraction(1, 2), Fraction(1))
    ys = (Fraction(1), Fraction(4, 3))
    value = affine_on_grid(Fraction(1, 3), (Fraction(0), Fraction(1)),
                           (Fraction(2, 5), Fraction(-7)), (xs, ys), grid_indices([3, 2]))
    want = [Fraction(1, 3) + x * Fraction(2, 5) - (y - 1) * 7 for x in xs for y in ys]
    assert value.texts() == [str(v) for v in want]
    assert value.texts()[3] == "-9/5"


def _sampled_rows_agree(spec: str, grids: list[str], tmp_path: Path, sample: int,
                        sets: dict[str, str] | None = None) -> int:
    """Run ``sweep`` from the CLI; compare ``sample`` seeded rows (plus the first and the
    last) with the per-point path's rows for the same points. Returns the row count."""
    sets = sets or {}
    out = tmp_path / "sweep.csv"
    args = ["sweep", spec, "-o", str(out), "--quiet"]
    for g in grids:
        args += ["--grid", g]
    for k, v in sets.items():
        args += ["--set", f"{k}={v}"]
    assert _run(cli, args) == 0
    text = out.read_bytes().decode()
    lines = text.split("\r\n")
    assert lines[-1] == ""
    header, rows = next(csv.reader([lines[0]])), lines[1:-1]
    axes = [parse_grid(g) for g in grids]
    result = sweep(spec, axes, overrides=sets)
    assert result.table is not None, "the columnar path was not taken"
    assert result.to_csv() == text
    labels, keys = result.outcome_labels(), result.analysis_keys()
    exact_keys = [h[len("analysis."):-len(" exact")] for h in header
                  if h.startswith("analysis.") and h.endswith(" exact")]
    path = resolve(spec)
    source = _read_text(path)
    rng = random.Random(13)
    picks = sorted({0, len(rows) - 1, *rng.sample(range(len(rows)), sample)})
    for k in picks:
        point = _solve_compiled(spec, source, str(path), _point_at(axes, sets, k), "auto",
                                None)
        line = io.StringIO()
        csv.writer(line).writerow(_point_row(point, axes, labels, keys, exact_keys))
        assert rows[k] == line.getvalue()[:-2], f"row {k}"
        assert result.points[k] == point
    return len(rows)


def test_cli_chicken_grid_matches_the_per_point_path(tmp_path: Path) -> None:
    """security_dilemma/chicken (T = prize, R = 3, S = 1, P = -cost_of_war) on 60 x 60
    points: prize from 0 to 10 crosses R = 3 (chicken <-> harmony/stag hunt orderings),
    so the sample has one-equilibrium and three-equilibrium rows; the mixed
    probabilities (P - S)/((R - T) + (P - S)) are exact rationals rounded once."""
    n = _sampled_rows_agree("security_dilemma/chicken",
                            ["cost_of_war=0:20:60", "prize=0:10:60"], tmp_path, 150)
    assert n == 3600


def test_cli_bargaining_grid_matches_the_per_point_path(tmp_path: Path) -> None:
    """alliance/burden_bargaining on 60 x 60 points: alliance_cost 0 ... 24 crosses the
    agreement boundary C = 16 (gains G = 16 - C), patron_patience 1/100 ... 99/100 moves
    the Rubinstein split; every figure, float and exact, and the 50-round share."""
    n = _sampled_rows_agree("alliance/burden_bargaining",
                            ["alliance_cost=0:24:60", "patron_patience=1/100:99/100:60"],
                            tmp_path, 150)
    assert n == 3600


def test_cli_commitment_problem_grid_matches_the_per_point_path(tmp_path: Path) -> None:
    """crisis/commitment_problem (two periods, p = 4/5, c_A = c_B = 1/10) on 50 x 50
    points of power_shift 0 ... 7/10 and delta 1/100 ... 99/100: preventive war iff
    δ s > 1 - p + c_A = 3/10 while p - s >= c_A (s <= 7/10), so both regimes, the
    critical discount factor 3/(10 s) present only where it is below 1 (s > 3/10) and
    the offer today only in peace; every figure exact."""
    n = _sampled_rows_agree("crisis/commitment_problem",
                            ["power_shift=0:7/10:50", "delta=1/100:99/100:50"], tmp_path, 120)
    assert n == 2500


def test_cli_repeated_grid_matches_the_per_point_path(tmp_path: Path) -> None:
    """security_dilemma/iterated_arms_race (R = 3, P = 1, S = 0) on 50 x 50 points of
    temptation 1 ... 8 and δ 0 ... 49/50: T < 3 is a stag hunt (minmax by linear
    program, P = 1), T > 3 a prisoner's dilemma with grim trigger from δ* = (T - 3)/(T -
    1) and tit-for-tat from max((T - 3)/(T - 1), (T - 3)/3); T = 3 (a tie) is solved one
    by one."""
    n = _sampled_rows_agree("security_dilemma/iterated_arms_race",
                            ["temptation=1:8:50", "discount_factor=0:49/50:50"], tmp_path,
                            120)
    assert n == 2500


def test_csv_in_chunks_of_rows_is_the_same_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV is assembled in chunks of rows (``CHUNK``) to bound memory; chunks of 7
    rows, so that chunk boundaries fall between points solved one by one (prize = 3 =
    R ties on chicken's grid) and vectorised ones, give the text of one chunk."""
    from alliance_games.analysis import sweep_table

    result = sweep("security_dilemma/chicken",
                   [parse_grid("cost_of_war=0:20:9"), parse_grid("prize=0:6:9")])
    assert result.table is not None and result.table.solved
    whole = result.to_csv()
    monkeypatch.setattr(sweep_table, "CHUNK", 7)
    assert result.to_csv() == whole
    assert whole.count("\r\n") == 82


def test_points_read_from_columns_equal_the_records() -> None:
    """``result.points`` of a columnar sweep equals the tuple of per-point records
    (stag hunt, R = 4, P = 2, S = 0: temptation T = 0, 2, 4, 6, 8 ties S, P and R at
    0, 2 and 4 (those three points are solved one by one); T = 6 and 8 exceed R = 4 >
    P = 2 > S = 0: prisoner's dilemmas, from the columns)."""
    axes = [parse_grid("temptation=0:8:5")]
    result = sweep("security_dilemma/stag_hunt", axes)
    assert result.table is not None and sorted(result.table.solved) == [0, 1, 2]
    path = resolve("security_dilemma/stag_hunt")
    source = _read_text(path)
    records = tuple(_solve_compiled("security_dilemma/stag_hunt", source, str(path),
                                    _point_at(axes, {}, k), "auto", None) for k in range(5))
    assert result.points == records
    assert [p.game_type for p in result.points][3:] == ["prisoner's dilemma"] * 2


def test_finite_horizon_repeated_games_from_the_columns() -> None:
    """security_dilemma/iterated_arms_race with a known last period (horizon = 5;
    R = 3, P = 1, S = 0). Backward induction: in a prisoner's dilemma (T = 4, 5 > R)
    the stage game's unique, strict equilibrium (arm, arm) is played in every period:
    one equilibrium, the list complete (unravelling, Selten-Luce-Raiffa); in a stag
    hunt (T = 2 < R, P > S) both pure stage equilibria are played forever and the list
    is not complete (Benoit & Krishna 1985). No grim-trigger or tit-for-tat equilibrium
    is listed whatever δ. The rows are the per-point path's; only T = 3 = R (a tie,
    grid rows 4-7) is left to it."""
    axes = [parse_grid("temptation=2:5:4"), parse_grid("discount_factor=0:9/10:4")]
    sets = {"horizon": "5"}
    result = sweep("security_dilemma/iterated_arms_race", axes, overrides=sets)
    assert result.table is not None
    path = resolve("security_dilemma/iterated_arms_race")
    source = _read_text(path)
    records = tuple(_solve_compiled("security_dilemma/iterated_arms_race", source,
                                    str(path), _point_at(axes, sets, k), "auto", None)
                    for k in range(16))
    assert result.points == records
    assert sorted(result.table.solved) == [4, 5, 6, 7]  # T = 3: tied with R
    by_t = {p.parameters["temptation"]: p for p in result.points}
    assert by_t[Fraction(5)].regime == "arms race" and by_t[Fraction(5)].complete
    assert by_t[Fraction(2)].regime == "arms race | mutual restraint"
    assert not by_t[Fraction(2)].complete
    assert by_t[Fraction(5)].exact_analysis["finite_horizon.horizon"] == "5"


def test_cli_public_goods_grid_matches_the_per_point_path(tmp_path: Path) -> None:
    """alliance/burden_sharing (Olson & Zeckhauser 1966; Cobb-Douglas, incomes 100, 25,
    15) on 50 x 50 points of the defence share α = 1/100 ... 99/100 and the largest
    income 1 ... 200: with equal α every ally's k = (1 - α)/α, and the largest ally
    alone contributes (X = w_1/(1 + k) = α w_1) while w_j <= k X, i.e. w_j <= (1 - α)
    w_1; so the grid crosses from free riding (small α, large w_1) to every ally giving.
    The rows are the solver's floats operation for operation: byte for byte."""
    n = _sampled_rows_agree("alliance/burden_sharing",
                            ["defence_share=1/100:99/100:50", "large_income=1:200:50"],
                            tmp_path, 120)
    assert n == 2500
