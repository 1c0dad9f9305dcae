"""The sweep CSV's column texts (``analysis/sweep_text.py``): polars' compiled
formatting where it writes what Python writes, ``repr`` elsewhere, and the plain
backend when polars is absent, byte for byte the same CSV.

The reference is Python itself: a float's field is ``repr(x)`` (shortest round-trip
digits; positional for ``1e-4 <= |x| < 1e16``, else ``d.ddde±XX`` with at least two
exponent digits), an exact field ``str(Fraction(n, d))``. polars writes the same digits
but other exponents (``1.5e-7``, ``0.00001``), so the backend must hand those values
to ``repr``: the cases below are chosen on each side of both switches.
"""

from __future__ import annotations

import sys
from fractions import Fraction

import numpy as np
import polars
import pytest

from alliance_games.analysis import sweep_table
from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.analysis.sweep_rational import Rat
from alliance_games.analysis.sweep_text import (
    BACKEND_ENV,
    PolarsBackend,
    TextBackend,
    text_backend,
)

#: every class of double: integers ("1.0"), negative zero, both sides of 1e-4 and 1e16
#: (where repr switches to an exponent), exponents of one and three digits, the
#: smallest subnormal, the largest double, infinities and nan
CLASSES = [0.0, -0.0, 1.0, -1.0, 100.0, 0.5, 0.1, 1 / 3, -2 / 3, 1e-4, -1e-4,
           9.999999999999999e-05, 1e-05, 3e-05, 1.5e-07, 1e-300, 5e-324,
           999999999999999.9, 1e15, 9999999999999998.0, 1e16, 1.0000000000000002e16,
           2.5e16, 1e17, 1e22, 1.2345678901234568e+17, 1.7976931348623157e308,
           -1.7976931348623157e308, 12345.678, float("inf"), float("-inf"), float("nan")]


def _polars() -> PolarsBackend:
    return PolarsBackend(polars)


@pytest.mark.parametrize("backend", [TextBackend(), _polars()], ids=["python", "polars"])
def test_float_texts_are_repr_for_every_class(backend: TextBackend) -> None:
    """Each field is ``repr`` of its float: ``1.0`` (not ``1``), ``-0.0``, ``0.0001``
    but ``1e-05`` and ``1.5e-07`` (two exponent digits), ``1000000000000000.0`` but
    ``1e+16``, ``inf``, ``nan``."""
    values = np.array(CLASSES)
    assert list(backend.floats(values)) == [repr(v) for v in CLASSES]
    assert list(backend.floats(values))[:3] == ["0.0", "-0.0", "1.0"]


@pytest.mark.parametrize("seed", [0, 1])
def test_polars_float_texts_equal_repr_on_random_doubles(seed: int) -> None:
    """On 2 x 10^5 random doubles of every kind (random bit patterns, which are mostly
    outside the positional range; powers of ten and their neighbours; ratios of
    integers; integers up to 2^53; decimals with 0-9 places) polars' texts, with the
    ``repr`` fallback, are ``repr``'s."""
    rng = np.random.default_rng(seed)
    n = 40_000
    bits = rng.integers(0, 2 ** 63, n, dtype=np.int64).view(float)
    tens = 10.0 ** rng.integers(-6, 18, n)
    values = np.concatenate([
        bits, -bits, tens, np.nextafter(tens, np.where(rng.random(n) < .5, -np.inf, np.inf)),
        rng.integers(-10 ** 6, 10 ** 6, n) / rng.integers(1, 10 ** 4, n),
        rng.integers(-2 ** 53, 2 ** 53, n).astype(float),
        np.round(rng.uniform(-1e5, 1e5, n) * 10.0 ** rng.integers(0, 10, n))
        / 10.0 ** rng.integers(0, 10, n),
    ])
    assert list(_polars().floats(values)) == list(map(repr, values.tolist()))


@pytest.mark.parametrize("backend", [TextBackend(), _polars()], ids=["python", "polars"])
def test_exact_texts_are_reduced_fractions(backend: TextBackend) -> None:
    """``str(Fraction(n, d))``: 2/4 -> ``1/2``, 6/3 -> ``2``, 0/5 -> ``0``, -3/9 ->
    ``-1/3``; beyond int64 (10^30/3, unbounded integers) as well."""
    pairs = [(2, 4), (6, 3), (0, 5), (-3, 9), (2 ** 62 - 1, 1), (-7, 2 ** 40)]
    rat = Rat(np.array([n for n, _ in pairs], dtype=np.int64),
              np.array([d for _, d in pairs], dtype=np.int64))
    assert list(backend.rats(rat)) == [str(Fraction(n, d)) for n, d in pairs]
    assert list(backend.rats(rat))[:4] == ["1/2", "2", "0", "-1/3"]
    big = Rat(np.array([10 ** 30, -(10 ** 30)], dtype=object), np.array([3, 6], dtype=object))
    assert list(backend.rats(big)) == ["1000000000000000000000000000000/3",
                                       "-500000000000000000000000000000/3"]


def test_polars_backend_is_used_when_installed_and_agrees(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With polars installed the sweep CSV uses it from 50,000 points (it passes its
    own check against the plain backend); ``ALLIANCE_GAMES_CSV_BACKEND=python`` or a
    missing polars gives the plain backend (the no-extra install)."""
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert text_backend().name == "polars"
    assert text_backend(10**6).name == "polars"
    assert text_backend(49_999).name == "python"  # below POLARS_FROM: no import
    assert _polars().agrees()
    monkeypatch.setenv(BACKEND_ENV, "python")
    assert text_backend().name == "python"
    from alliance_games.analysis import sweep_text

    monkeypatch.setattr(sweep_text, "_BACKENDS", {})
    monkeypatch.delenv(BACKEND_ENV)
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars -> ImportError
    assert text_backend().name == "python"


def test_polars_with_other_float_texts_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A polars that wrote ``1`` for 1.0 (as Arrow's cast does) fails the check."""
    backend = _polars()
    real = PolarsBackend.floats

    def integers_bare(self: PolarsBackend, values: np.ndarray) -> object:
        return real(self, values).str.replace(r"\.0$", "")

    monkeypatch.setattr(PolarsBackend, "floats", integers_bare)
    assert not backend.agrees()


@pytest.mark.parametrize("spec,grids", [
    ("security_dilemma/chicken", ["cost_of_war=0:20:150", "prize=0:6:121"]),
    ("crisis/commitment_problem", ["power_shift=0:1/2:130", "delta=1/100:99/100:130"]),
    ("alliance/burden_sharing", ["defence_share=1/100:99/100:130",
                                 "large_income=1:200:130"]),
])
def test_csv_same_bytes_with_either_backend(spec: str, grids: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole CSV of a grid of 16,900-18,150 points (past the sample size where a
    column of few distinct values is formatted once per value) is the same text with
    polars and without; chicken's grid has ties (prize = 3 = R, solved one by one)
    inside the column blocks, and chunks of 1,000 rows put block edges among them."""
    result = sweep(spec, [parse_grid(g) for g in grids])
    assert result.table is not None
    monkeypatch.setattr(sweep_table, "CHUNK", 1000)
    monkeypatch.setenv(BACKEND_ENV, "python")
    plain = result.to_csv()
    monkeypatch.setenv(BACKEND_ENV, "polars")  # at any size (by default from 50,000)
    assert text_backend(result.table.size).name == "polars"
    fast = result.to_csv()
    assert fast == plain
    assert fast.count("\r\n") == result.table.size + 1
    if spec == "security_dilemma/chicken":
        assert result.table.solved


@pytest.mark.parametrize("backend", [TextBackend(), _polars()], ids=["python", "polars"])
def test_where_takes_a_column_or_one_text_on_either_side(backend: TextBackend) -> None:
    """``where(mask, a, b)`` is ``a`` where mask, ``b`` elsewhere, with a text column
    on one side and one text (or a column) on the other, as ``np.where``."""
    column = backend.floats(np.array([0.5, 1.0, 2.0]))
    mask = np.array([True, False, True])
    assert list(backend.where(mask, column, "")) == ["0.5", "", "2.0"]
    assert list(backend.where(mask, "0", column)) == ["0", "1.0", "0"]
    assert list(backend.where(mask, column, backend.texts(["a", "b", "c"]))) == [
        "0.5", "b", "2.0"]


def test_cli_file_and_stdout_hold_the_csv_text(tmp_path: object,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``alliance-games sweep -o FILE`` writes the polars blocks as bytes and stdout
    gets them as text: both are ``to_csv()``'s text, and the plain backend's file is
    the same bytes (commitment problem, 130 x 130 points, blocks of 5,000 rows)."""
    from pathlib import Path

    from click.testing import CliRunner

    from alliance_games.cli import cli

    monkeypatch.setattr(sweep_table, "CHUNK", 5000)
    grids = ["power_shift=0:1/2:130", "delta=1/100:99/100:130"]
    args = ["sweep", "crisis/commitment_problem", "--quiet"]
    for g in grids:
        args += ["--grid", g]
    expected = sweep("crisis/commitment_problem", [parse_grid(g) for g in grids]).to_csv()
    files = {}
    for backend in ("polars", "python"):
        monkeypatch.setenv(BACKEND_ENV, backend)
        out = Path(str(tmp_path)) / f"{backend}.csv"
        assert CliRunner().invoke(cli, [*args, "-o", str(out)]).exit_code == 0
        files[backend] = out.read_bytes()
    same = files["polars"] == files["python"] == expected.encode()
    assert same  # (a bool: pytest's diff of 10 MB would take minutes)
    monkeypatch.setenv(BACKEND_ENV, "polars")
    shown = CliRunner().invoke(cli, args)
    same = shown.stdout_bytes == expected.encode()
    assert shown.exit_code == 0 and same
