"""The sweep CSV's blocks of rows written from typed columns (``analysis/sweep_text.py``,
``TextBackend.block`` / ``PolarsBackend.block``): polars' CSV writer prints ``Float64``
columns itself, tables of texts are gathered, empty fields are nulls and rows solved
one by one are spliced between its lines. Every path must give the bytes of the plain
backend, which writes ``repr(x)`` for a float and ``str(Fraction(n, d))`` for an exact
value.

The adversarial values are those where a float's text changes form: ``repr`` writes
positional digits for ``x == 0`` and ``1e-4 <= |x| < 1e16`` (``-0.0``, ``0.0001``,
``1000000000000000.0``) and an exponent of at least two digits elsewhere (``1e-05``,
``9.999999999999999e-05``, ``1e+16``, ``5e-324``); polars writes ``0.00001`` and
``1.5e-7`` below ``1e-4`` and ``NaN`` for nan, so those values must not reach its
writer as floats.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import polars
import pytest

from alliance_games.analysis.sweep_rational import Rat
from alliance_games.analysis.sweep_text import (
    Exact,
    Floats,
    Masked,
    PolarsBackend,
    Table,
    TextBackend,
    Words,
    joined,
)

#: each side of both switches of repr's form, signed zeros, subnormals (the smallest,
#: the largest), the largest double, infinities and nan
ADVERSARIAL = [0.0, -0.0, 1e-4, -1e-4, 9.999999999999999e-05, 1.0000000000000002e-04,
               1e-05, 1.5e-07, 1e-300, 5e-324, -5e-324, 2.225073858507201e-308,
               2.2250738585072014e-308, 999999999999999.9, 1e15, 9999999999999998.0, 1e16,
               -1e16, 1.0000000000000002e16, 1e17, 1.7976931348623157e308, float("inf"),
               float("-inf"), float("nan"), 1.0, -2.5, 0.1, 1 / 3]


def _bytes(pieces: list[str | bytes]) -> bytes:
    return b"".join(p.encode() if isinstance(p, str) else p for p in pieces)


def _both(fields: list, count: int, at: np.ndarray | None = None,
          solved: dict[int, str] | None = None) -> tuple[bytes, bytes]:
    at = np.arange(count) if at is None else at
    solved = solved or {}
    plain = _bytes(TextBackend().block(fields, count, at, solved))
    fast = _bytes(PolarsBackend(polars).block(fields, count, at, solved))
    return plain, fast


def test_adversarial_floats_are_repr_through_the_writer() -> None:
    """A column of the adversarial values, alone and spread over 10^5 points with
    ordinary ones (so the column is printed by polars' writer wherever repr's form
    allows, and the values outside that range by repr), gives repr's text line by
    line on both backends: ``-0.0``, ``0.0001``, ``9.999999999999999e-05``,
    ``1e-05``, ``1e+16``, ``5e-324``, ``inf``, ``nan``."""
    values = np.array(ADVERSARIAL)
    plain, fast = _both([Floats(values)], len(values))
    assert plain == fast == "".join(repr(v) + "\r\n" for v in ADVERSARIAL).encode()
    rng = np.random.default_rng(3)
    mixed = rng.uniform(-1e3, 1e3, 100_000)
    mixed[rng.integers(0, len(mixed), 50)] = rng.choice(values, 50)
    plain, fast = _both([Floats(mixed)], len(mixed))
    assert plain == fast == "".join(repr(v) + "\r\n" for v in mixed.tolist()).encode()


def test_floats_in_repr_positional_range_go_to_the_writer_as_floats() -> None:
    """Between 1e-4 and 1e16 (and 0, -0.0) polars' own text is repr's: such a column
    reaches the writer as ``Float64`` (no string made per value) and its 2 x 10^5
    random values (random bit patterns scaled into the range, both ends included)
    print as repr."""
    rng = np.random.default_rng(5)
    mant = rng.integers(0, 2 ** 52, 200_000, dtype=np.int64)
    exps = rng.integers(-13, 53, 200_000)
    values = np.ldexp(1.0 + mant / 2.0 ** 52, exps) * rng.choice([-1.0, 1.0], 200_000)
    values = values[(np.abs(values) >= 1e-4) & (np.abs(values) < 1e16)]
    values[:4] = [1e-4, 9999999999999998.0, 0.0, -0.0]
    series = PolarsBackend(polars)._series(Floats(values))
    assert series.dtype == polars.Float64
    plain, fast = _both([Floats(values)], len(values))
    assert plain == fast == "".join(repr(v) + "\r\n" for v in values.tolist()).encode()


def test_recurring_floats_are_formatted_once_and_gathered() -> None:
    """A column of 20,000 points holding 40 distinct values (adversarial ones
    included) is written from the distinct values' texts, gathered: same bytes."""
    rng = np.random.default_rng(7)
    distinct = np.array(ADVERSARIAL + list(rng.uniform(0, 1, 40 - len(ADVERSARIAL))))
    values = distinct[rng.integers(0, len(distinct), 20_000)]
    series = PolarsBackend(polars)._series(Floats(values))
    assert series.dtype == polars.String
    plain, fast = _both([Floats(values)], len(values))
    assert plain == fast == "".join(repr(v) + "\r\n" for v in values.tolist()).encode()


def test_exact_values_beyond_int64_and_few_denominators() -> None:
    """``str(Fraction(n, d))`` of the reduced value: 2/4 -> ``1/2``, 6/3 -> ``2``,
    -0/7 -> ``0``; numerators beyond int64 (10^30 + 1, unbounded integers); and 40,000
    values over six denominators (each ``/d`` written once and gathered), with
    denominator 1 written as the integer alone."""
    big = Rat(np.array([10 ** 30 + 1, -(10 ** 25), 2, 6, 0], dtype=object),
              np.array([3, 7, 4, 3, 7], dtype=object))
    want = [str(Fraction(10 ** 30 + 1, 3)), str(Fraction(-(10 ** 25), 7)), "1/2", "2", "0"]
    plain, fast = _both([Exact(big)], 5)
    assert plain == fast == "".join(w + "\r\n" for w in want).encode()
    rng = np.random.default_rng(11)
    num = rng.integers(-10 ** 12, 10 ** 12, 40_000)
    den = rng.choice([1, 2, 3, 1000, 999, 2 ** 40], 40_000)
    plain, fast = _both([Exact(Rat(num, den))], len(num))
    assert plain == fast == "".join(
        str(Fraction(int(n), int(d))) + "\r\n" for n, d in zip(num, den, strict=True)).encode()


def test_masked_fields_tables_words_and_spliced_rows() -> None:
    """A block of 30,000 rows: a table (four texts, one with a quoted comma), floats
    blank where a mask is off (null: an empty field), exact values with ``0`` where
    another kind says so, per-point words; 300 rows solved one by one (their lines
    given) spliced at their places. Both backends give the same bytes, and the rows
    read back as the fields built by hand."""
    rng = np.random.default_rng(13)
    count = 30_000
    solved_rows = np.sort(rng.choice(count, 300, replace=False))
    at = np.setdiff1d(np.arange(count), solved_rows)
    n = len(at)
    kind = rng.integers(0, 4, n)
    texts = ["a", '"b,c"', "", "d"]
    values = rng.uniform(-1, 1, n)
    values[:20] = ADVERSARIAL[:20]
    keep = kind != 2
    exact = Rat(rng.integers(-50, 50, n), rng.integers(1, 9, n))
    zero = Table(["", "0", "", "0"], kind)
    words = ["war" if k % 2 else "peace" for k in kind.tolist()]
    fields = [Table(texts, kind), Masked(Floats(values), keep, Table([""] * 4, kind)),
              Masked(Exact(exact), kind % 2 == 0, zero), Words(words)]
    solved = {int(r): f"solved,{int(r)}" for r in solved_rows}
    plain, fast = _both(fields, count, at, solved)
    assert plain == fast
    lines = plain.decode().split("\r\n")
    assert lines[-1] == "" and len(lines) == count + 1
    for j, row in enumerate(at.tolist()):
        k = int(kind[j])
        third = (str(Fraction(int(exact.num[j]), int(exact.den[j]))) if k % 2 == 0
                 else zero.texts[k])
        want = ",".join([texts[k], repr(float(values[j])) if keep[j] else "", third,
                         words[j]])
        assert lines[row] == want
    for row in solved_rows.tolist():
        assert lines[row] == f"solved,{row}"


@pytest.mark.parametrize("backend", [TextBackend(), PolarsBackend(polars)],
                         ids=["python", "polars"])
def test_joined_tables_give_the_text_of_separate_fields(backend: TextBackend) -> None:
    """Adjacent tables joined into one (by kind: text by text; an axis' 1,000 values
    with four kinds: 4,000 pairs) write the same lines as the separate fields; a
    float column between them stays a column of its own."""
    rng = np.random.default_rng(17)
    n = 12_000
    kind = rng.integers(0, 4, n)
    axis = rng.integers(0, 1000, n)
    fields = [Table([str(i / 7) for i in range(1000)], axis),
              Table(["1", "3", "1", "3"], kind), Table(["True"] * 4, kind),
              Floats(rng.uniform(0, 1, n)), Table(["x", "y", "z", "w"], kind),
              Table([f"{i}/7" for i in range(1000)], axis)]
    merged = joined(fields)
    assert len(merged) == 3
    at = np.arange(n)
    assert (_bytes(backend.block(merged, n, at, {}))
            == _bytes(TextBackend().block(fields, n, at, {})))


def test_a_writer_with_other_float_texts_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The backend checks the writer's float text too before use: a polars whose CSV
    writer printed ``1`` for 1.0 (as Arrow's does) fails the check, while the cast
    check alone (``floats``) would pass."""
    backend = PolarsBackend(polars)
    assert backend.agrees()
    real = PolarsBackend._float_series

    def integers_bare(self: PolarsBackend, values: np.ndarray) -> object:
        return real(self, values).cast(polars.String).str.replace(r"\.0$", "")

    monkeypatch.setattr(PolarsBackend, "_float_series", integers_bare)
    assert not backend.agrees()


def test_a_field_with_a_line_break_keeps_the_rows_in_place() -> None:
    """A word holding a line break (quoted: ``"a\\r\\nb"``) makes the writer's lines
    unfindable by their ends, so the block is joined field by field instead: blank
    (masked) floats stay empty fields and the solved row stays at its place."""
    n = 6
    words = Words(['"a\r\nb"', "c", "d", "e", "f", "g"])
    floats = Masked(Floats(np.array([0.5, 1e-5, 2.0, -0.0, 3.0, 0.25])),
                    np.array([True, True, False, True, False, True]), Table([""], np.zeros(
                        n, dtype=np.int64)))
    at = np.array([0, 1, 2, 4, 5, 6])
    plain, fast = _both([words, floats], n + 1, at, {3: "solved"})
    assert plain == fast == (b'"a\r\nb",0.5\r\nc,1e-05\r\nd,\r\nsolved\r\ne,-0.0\r\nf,\r\n'
                             b'g,0.25\r\n')


def test_small_pages_switches_numpy_advice_off_and_back() -> None:
    """Inside ``small_pages`` numpy's huge-page advice is off; after it the previous
    setting is back (on or off), also when the block raises."""
    from alliance_games.analysis.sweep_rational import small_pages

    switch = np._core.multiarray._set_madvise_hugepage
    before = switch(True)
    try:
        with small_pages():
            assert switch(False) is False  # off inside (switch returns the old value)
        assert switch(True) is True  # back on after
        switch(False)
        with pytest.raises(ValueError), small_pages():
            raise ValueError
        assert switch(False) is False  # an off setting stays off
    finally:
        switch(before)
