"""A sweep written as Parquet (``analysis/sweep_parquet.py``, ``sweep -o x.parquet``).

The Parquet file must hold the CSV's rows, typed: every float bit for bit ``float`` of
its CSV text, every exact ``X exact`` text as a reduced ``Int64`` numerator/denominator
pair with the same value (or, beyond 64 bits, the text itself), every empty CSV field
as a null. Each test compares the file, read back with polars, with the CSV of the
same grid, cell by cell, on a symmetric 2x2 family (the columnar kernel, with points
left to the per-point path), a closed-form family (exact ``analysis`` figures, words)
and families swept point by point (records).
"""

from __future__ import annotations

import csv
import io
import math
import struct
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.cli import _run, cli


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def assert_same_rows(frame: pl.DataFrame, csv_text: str) -> None:
    """Every cell of ``frame`` equals the CSV's: floats bit for bit, exact values as
    fractions, words as text, nulls where the CSV field is empty."""
    rows = list(csv.reader(io.StringIO(csv_text)))
    header, body = rows[0], rows[1:]
    assert frame.height == len(body)
    expected: list[str] = []
    for name in header:
        if name.endswith(" exact") and name not in frame.columns:
            expected += [f"{name} numerator", f"{name} denominator"]
        else:
            expected.append(name)
    assert frame.columns == expected
    schema = frame.schema
    for j, name in enumerate(header):
        texts = [row[j] for row in body]
        if name.endswith(" exact") and name not in frame.columns:
            nums = frame[f"{name} numerator"].to_list()
            dens = frame[f"{name} denominator"].to_list()
            assert schema[f"{name} numerator"] == pl.Int64
            assert schema[f"{name} denominator"] == pl.Int64
            for text, n, d in zip(texts, nums, dens, strict=True):
                if text == "":
                    assert n is None and d is None, name
                    continue
                assert d > 0 and math.gcd(n, d) == 1, (name, n, d)
                assert Fraction(n, d) == Fraction(text), (name, text)
            continue
        values = frame[name].to_list()
        dtype = schema[name]
        for text, value in zip(texts, values, strict=True):
            if text == "":
                assert value is None, (name, value)
            elif dtype == pl.Float64:
                assert _bits(value) == _bits(float(text)), (name, text, value)
            elif dtype == pl.Int64:
                assert value == int(text), name
            elif dtype == pl.Boolean:
                assert text in ("True", "False") and value == (text == "True"), name
            else:
                assert dtype in (pl.String, pl.Enum, pl.Categorical), name
                assert value == text, (name, text, value)


def _frame_of(result: Any) -> pl.DataFrame:
    """The Parquet bytes read back (not the frame before writing)."""
    return pl.read_parquet(io.BytesIO(result.parquet_bytes()))


def test_chicken_rows_equal_the_csv_including_points_solved_one_by_one() -> None:
    """Chicken (the vectorised 2x2 kernel): integer payoffs on this grid make ties
    (prize = compromise), which the kernel leaves to the per-point path; their rows
    are put in among the kernel's."""
    result = sweep("security_dilemma/chicken",
                   [parse_grid("cost_of_war=0:20:21"), parse_grid("prize=0:10:11")])
    assert result.table is not None and result.table.solved  # both kinds of rows
    frame = _frame_of(result)
    assert frame.schema["n_equilibria"] == pl.Int64
    assert frame.schema["complete"] == pl.Boolean
    assert frame.schema["regime"] == pl.Enum
    assert_same_rows(frame, result.to_csv())


def test_commitment_problem_exact_figures_and_words_equal_the_csv() -> None:
    """The commitment problem (closed form): exact ``analysis`` figures become Int64
    numerator/denominator pairs, ``analysis.regime`` stays words."""
    result = sweep("crisis/commitment_problem",
                   [parse_grid("power_shift=0:1/2:7"), parse_grid("delta=1/100:99/100:9")])
    frame = _frame_of(result)
    assert frame.schema["analysis.regime"] == pl.String
    assert frame.schema["analysis.p_war exact numerator"] == pl.Int64
    assert frame["analysis.p_war exact denominator"].null_count() < frame.height
    assert_same_rows(frame, result.to_csv())


def test_three_axes_figures_of_fewer_parameters_equal_the_csv() -> None:
    """A 3-axis grid (the exact figures are reduced once per value of the axes they
    depend on: ``power_after`` = power - power_shift does not depend on ``delta``)."""
    result = sweep("crisis/commitment_problem",
                   [parse_grid("power=1/2:9/10:3"), parse_grid("power_shift=0:1/2:5"),
                    parse_grid("delta=1/100:99/100:4")])
    frame = _frame_of(result)
    assert frame.height == 60
    assert_same_rows(frame, result.to_csv())


@pytest.mark.parametrize("spec, grids", [
    ("extended_deterrence/tying_hands", ["audience_cost=0:4:3", "p_resolute=0:1:3"]),
    ("crisis/risk_return", ["p=0:1:4", "cost_challenger=0:1:3"]),
    ("alliance/burden_bargaining", ["alliance_cost=0:24:4", "patron_patience=1/100:99/100:3"]),
])
def test_other_sweeps_rows_equal_the_csv(spec: str, grids: list[str]) -> None:
    """A signaling model (solved point by point), risk-return (records from the
    closed form) and Rubinstein bargaining (columnar): the same cell-by-cell check."""
    result = sweep(spec, [parse_grid(g) for g in grids])
    assert_same_rows(_frame_of(result), result.to_csv())


def test_record_path_is_used_and_matches_the_columnar_path(tmp_path: Path) -> None:
    """``--workers 2`` solves every point one by one (records); its Parquet rows equal
    those of the one-process columnar sweep of the same grid."""
    grids = ["--grid", "temptation=0:8:5", "--grid", "sucker=-3:3:4"]
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert _run(cli, ["sweep", "security_dilemma/stag_hunt", *grids, "-o", str(one),
                      "--quiet"]) == 0
    assert _run(cli, ["sweep", "security_dilemma/stag_hunt", *grids, "--workers", "2",
                      "-o", str(two), "--quiet"]) == 0
    a, b = pl.read_parquet(one), pl.read_parquet(two)
    assert a.height == 20
    assert a.schema == b.schema and a.schema["regime"] == pl.Enum
    assert a.equals(b, null_equal=True)


def test_stag_hunt_mixed_equilibrium_by_hand(tmp_path: Path) -> None:
    """Stag hunt with R = 4, P = 2 (the spec's defaults), T = 3, S = 0.

    Each state restrains with probability p that makes the other indifferent:
    p R + (1 - p) S = p T + (1 - p) P, so p = (P - S) / ((R - T) + (P - S))
    = 2 / (1 + 2) = 2/3. In the mixed equilibrium one restrains and the other arms
    with probability 2 p (1 - p) = 2 (2/3)(1/3) = 4/9 ("exploitation"); the two pure
    equilibria give it 0, so the row's P(exploitation) range is [0, 4/9], and the
    regime has three equilibria. With S = -2 instead: p = 4/5 and
    2 (4/5)(1/5) = 8/25.
    """
    out = tmp_path / "s.parquet"
    assert _run(cli, ["sweep", "security_dilemma/stag_hunt", "--grid",
                      "temptation=3:3.5:2", "--grid", "sucker=-2:0:2", "-o", str(out),
                      "--quiet"]) == 0
    frame = pl.read_parquet(out)
    row = frame.filter((pl.col("temptation") == 3.0) & (pl.col("sucker") == 0.0)).row(
        0, named=True)
    assert row["n_equilibria"] == 3 and row["complete"] is True
    assert row["P(exploitation) min"] == 0.0
    assert row["P(exploitation) max"] == pytest.approx(4 / 9, rel=1e-12)
    assert row["sucker exact numerator"] == 0 and row["sucker exact denominator"] == 1
    row = frame.filter((pl.col("temptation") == 3.0) & (pl.col("sucker") == -2.0)).row(
        0, named=True)
    assert row["P(exploitation) max"] == pytest.approx(8 / 25, rel=1e-12)
    assert (row["temptation exact numerator"], row["temptation exact denominator"]) == (3, 1)
    row = frame.filter(pl.col("temptation") == 3.5).row(0, named=True)
    assert (row["temptation exact numerator"], row["temptation exact denominator"]) == (7, 2)


def test_a_value_beyond_int64_keeps_the_column_as_text() -> None:
    """The grid temptation = 3 .. 3 + 10^-20 in 3 steps has the middle value
    3 + 1/(2 10^20) = 600000000000000000001/200000000000000000000, whose numerator is
    beyond 2^63 - 1 ~ 9.2 10^18: that column is one String column ``temptation exact``
    with the CSV's texts; the other exact columns stay Int64 pairs."""
    result = sweep("security_dilemma/stag_hunt",
                   [parse_grid("temptation=3:3.00000000000000000001:3"),
                    parse_grid("sucker=-1:0:2")])
    frame = _frame_of(result)
    assert frame.schema["temptation exact"] == pl.String
    assert "temptation exact numerator" not in frame.columns
    assert "600000000000000000001/200000000000000000000" in frame["temptation exact"].to_list()
    assert frame.schema["sucker exact numerator"] == pl.Int64
    assert_same_rows(frame, result.to_csv())


def test_without_polars_one_line_error_and_exit_2(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """polars missing (its import fails): a one-line error naming the extra, exit 2,
    no file, before any point is solved."""
    monkeypatch.setitem(sys.modules, "polars", None)  # ``import polars`` raises ImportError
    out = tmp_path / "s.parquet"
    code = _run(cli, ["sweep", "security_dilemma/stag_hunt", "--grid", "temptation=0:8:3",
                      "-o", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert not out.exists()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert 'alliance_games[parquet]' in err and err.startswith("error: ")


def test_refuses_to_overwrite_without_force(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.parquet"
    args = ["sweep", "security_dilemma/stag_hunt", "--grid", "temptation=0:8:3", "-o",
            str(out), "--quiet"]
    assert _run(cli, args) == 0
    before = out.read_bytes()
    assert before[:4] == b"PAR1" and before[-4:] == b"PAR1"
    capsys.readouterr()
    assert _run(cli, args[:3] + ["temptation=0:8:4"] + args[4:]) == 2
    assert "exists; pass --force" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert _run(cli, args[:3] + ["temptation=0:8:4"] + args[4:] + ["--force"]) == 0
    assert pl.read_parquet(out).height == 4
    assert [p.name for p in tmp_path.iterdir()] == ["s.parquet"]  # no temporary left


def test_plot_still_works_with_a_parquet_output(tmp_path: Path) -> None:
    out, png = tmp_path / "s.parquet", tmp_path / "phase.png"
    assert _run(cli, ["sweep", "security_dilemma/stag_hunt", "--grid", "temptation=0:8:4",
                      "--grid", "sucker=-3:3:3", "-o", str(out), "--plot", str(png),
                      "--quiet"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pl.read_parquet(out).height == 12


def test_records_mixing_words_and_numbers_and_huge_exact_values() -> None:
    """Records made by hand (the row path of any family): a figure that is a word at
    one point and a number at another is a String column of the CSV's texts; an exact
    figure 1/10^20 (denominator beyond 2^63 - 1) keeps its column as text; an integer
    exact figure 7 is 7/1; a point without the figure has nulls."""
    from alliance_games.analysis.sweep import GridAxis, SweepPoint, SweepResult

    axis = GridAxis("x", (Fraction(0), Fraction(1, 3), Fraction(2, 3)))
    points = (
        SweepPoint({"x": Fraction(0)}, 1, True, "war", "chicken",
                   {"war": (1.0, 1.0)}, exact_outcomes={"war": (Fraction(1), Fraction(1))},
                   analysis={"label": "high", "tiny": 1e-20, "seven": 7.0},
                   exact_analysis={"tiny": "1/100000000000000000000", "seven": "7"}),
        SweepPoint({"x": Fraction(1, 3)}, 2, False, "mixed | war", "",
                   {"war": (0.25, 1.0)}, analysis={"label": 0.5, "seven": 7.0},
                   exact_analysis={"seven": "7"}),
        SweepPoint({"x": Fraction(2, 3)}, 0, False, "error", error="no game here"),
    )
    result = SweepResult("by hand", (axis,), points, "auto")
    frame = _frame_of(result)
    assert frame.schema["analysis.label"] == pl.String
    assert frame["analysis.label"].to_list() == ["high", "0.5", None]
    assert frame.schema["analysis.tiny exact"] == pl.String
    assert frame["analysis.tiny exact"].to_list() == ["1/100000000000000000000", None, None]
    assert frame["analysis.seven exact numerator"].to_list() == [7, 7, None]
    assert frame["analysis.seven exact denominator"].to_list() == [1, 1, None]
    assert frame["x exact numerator"].to_list() == [0, 1, 2]
    assert frame["x exact denominator"].to_list() == [1, 3, 3]
    assert frame["error"].to_list() == [None, None, "no game here"]
    assert frame["game_type"].to_list() == ["chicken", None, None]
    assert_same_rows(frame, result.to_csv())
