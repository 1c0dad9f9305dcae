"""The texts of a sweep CSV's columns, made a whole column at a time.

A 10^6-point sweep writes tens of millions of numbers as text; Python's ``repr`` of a
float costs about half a microsecond, which made the text, not the game theory, the
floor of a vectorised sweep (:mod:`.sweep_table`). This module formats whole columns:

- with the optional ``polars`` (``pip install "alliance_games[fast-csv]"``): its
  string cast of a ``Float64`` column writes the shortest round-trip digits in
  compiled code (about 50 ns a value), and the fields are joined into lines by
  ``concat_str``. Its text equals Python's ``repr`` for every finite value ``x`` with
  ``x == 0`` or ``1e-4 <= |x| < 1e16`` (where ``repr`` writes positional digits:
  ``1.0``, ``-0.0``, ``0.0001``, ``1000000000000000.0``; checked on 6 * 10^7 values
  of every class, ``tests/test_sweep_text.py``); outside that range the two write the
  exponent differently (polars ``1.5e-7`` and ``0.00001``, Python ``1.5e-07`` and
  ``1e-05``), so those values, and ``inf``/``nan``, are formatted by ``repr`` one by
  one. Integers (the exact columns' numerators and denominators) are cast the same
  way and joined as ``n/d`` (``n`` when ``d = 1``), which is ``str(Fraction(n, d))``
  of the reduced fraction.
- without it: ``repr`` per value, each distinct value once where a column has few
  (a column that depends on one axis of a 1000 x 1000 grid has 1,000 values), and
  ``",".join`` per line.

Both give the same bytes (``tests/test_sweep_text.py`` compares them); the column
values are typed ``Any`` because they are polars ``Series`` on one backend and numpy
object arrays on the other.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .sweep_rational import Rat

__all__ = ["TextBackend", "text_backend", "BACKEND_ENV", "Table", "Floats", "Exact", "Words",
           "Masked", "Field"]


# ---------------------------------------------------------------- a block's fields
@dataclass(frozen=True)
class Table:
    """``texts[codes]``: a column of few distinct texts (one per kind, per axis value,
    per distinct value ...), each formatted once."""

    texts: Sequence[str]
    codes: np.ndarray


@dataclass(frozen=True)
class Floats:
    """``repr`` of each float."""

    values: np.ndarray


@dataclass(frozen=True)
class Exact:
    """``str(Fraction)`` of each rational."""

    value: Rat


@dataclass(frozen=True)
class Words:
    """Given texts, CSV fields already (escaped where needed), one per point."""

    values: Sequence[str]


@dataclass(frozen=True)
class Masked:
    """``field`` where ``keep``, the :class:`Table` ``other`` elsewhere."""

    field: Field
    keep: np.ndarray
    other: Table


#: what a column of a block of rows is, before it is text
Field = Table | Floats | Exact | Words | Masked


#: adjacent tables are joined into one while their pairs of texts number at most this
#: (an axis' 1,000 values and a kind's four texts: one table of 4,000 texts)
JOIN_PAIRS = 4096


def joined(fields: Sequence[Field]) -> list[Field]:
    """The fields with each run of adjacent tables joined into fewer tables, comma
    between: tables picked by the same codes (the columns that are one text per kind)
    text by text, other pairs into the table of every pair of their texts while that
    has at most :data:`JOIN_PAIRS` texts. Fewer, wider fields are cheaper to write."""
    by_codes: list[Field] = []
    for field in fields:
        last = by_codes[-1] if by_codes else None
        if (isinstance(field, Table) and isinstance(last, Table)
                and last.codes is field.codes):
            by_codes[-1] = Table([a + "," + b for a, b in zip(last.texts, field.texts,
                                                               strict=True)], field.codes)
        else:
            by_codes.append(field)
    out: list[Field] = []
    for field in by_codes:
        last = out[-1] if out else None
        if (isinstance(field, Table) and isinstance(last, Table)
                and len(last.texts) * len(field.texts) <= JOIN_PAIRS):
            width = len(field.texts)
            out[-1] = Table([a + "," + b for a in last.texts for b in field.texts],
                            np.asarray(last.codes) * width + np.asarray(field.codes))
        else:
            out.append(field)
    return out


#: ``ALLIANCE_GAMES_CSV_BACKEND=python`` makes the sweep CSV ignore polars (tests,
#: benchmarks: the no-extra path); ``=polars`` uses it whatever the grid's size
BACKEND_ENV = "ALLIANCE_GAMES_CSV_BACKEND"

#: points sampled to judge whether a column has few distinct values
_SAMPLE = 4096
#: where ``repr`` of a float writes positional digits (and polars writes the same)
_LOW, _HIGH = 1e-4, 1e16


def _few_distinct(keys: np.ndarray) -> bool:
    """Whether a column (as integer keys) is worth formatting once per distinct value:
    judged on a seeded sample, so a column of distinct values pays no sort."""
    if len(keys) <= 4 * _SAMPLE:
        return False
    sample = keys[np.random.default_rng(0).integers(0, len(keys), _SAMPLE)]
    return len(np.unique(sample)) * 2 < _SAMPLE


def _factorized(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct keys and, per key, its position among them (``np.unique``
    with ``return_inverse``, without sorting every key: the distinct ones are found by
    hashing, the positions by binary search among the few)."""
    unique = np.unique(keys)
    return unique, np.searchsorted(unique, keys)


def _distinct(value: Rat) -> tuple[np.ndarray, np.ndarray] | None:
    """For a column of few distinct rationals (int64, more than ``4 * _SAMPLE``
    points): a point of each distinct value and, per point, which; else None."""
    num, den = value.num, value.den
    if num.dtype == object or den.dtype == object or len(num) <= 4 * _SAMPLE:
        return None
    top = int(den.max()) + 1
    if (int(np.abs(num).max()) + 1) * top >= 2 ** 62:
        return None
    key = num * top + den
    if not _few_distinct(key):
        return None
    unique, inverse = _factorized(key)
    first = np.empty(len(unique), dtype=np.int64)
    first[inverse] = np.arange(len(key))  # a point of each value (any one)
    return first, inverse


def _outside(arr: np.ndarray) -> np.ndarray:
    """Where polars' text of a float is not ``repr``'s: ``x != 0`` outside
    ``1e-4 <= |x| < 1e16``, and nan."""
    size = np.abs(arr)
    with np.errstate(invalid="ignore"):
        return ~((arr == 0) | ((size >= _LOW) & (size < _HIGH)))  # nan: True


def _joined_bytes(pieces: Sequence[str | bytes]) -> bytes:
    return b"".join(p.encode("utf-8") if isinstance(p, str) else p for p in pieces)


class _Sink:
    """A file for polars' CSV writer that keeps the pieces it is given."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def _objects(values: Sequence[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


class TextBackend:
    """Column texts as numpy object arrays of Python strings (no dependency)."""

    name = "python"

    def floats(self, values: np.ndarray) -> Any:
        """``repr`` of every float (distinct by bit pattern, so ``-0.0`` stays)."""
        arr = np.ascontiguousarray(values, dtype=float)
        if _few_distinct(arr.view(np.int64)):
            uniq, inverse = _factorized(arr.view(np.int64))
            table = _objects(list(map(float.__repr__, uniq.view(float).tolist())))
            return table[inverse.ravel()]
        return _objects(list(map(float.__repr__, arr.tolist())))

    def rats(self, value: Rat) -> Any:
        """``str(Fraction)`` of every value, once per distinct value when few."""
        found = _distinct(value)
        if found is not None:
            first, inverse = found
            return _objects(value.take(first).texts())[inverse]
        return _objects(value.texts())

    def texts(self, values: Sequence[str]) -> Any:
        """A column of given texts."""
        return _objects(values)

    def gather(self, table: Sequence[str], index: np.ndarray) -> Any:
        """``table[index]``: a short list of texts spread over the points."""
        return _objects(table)[index]

    def where(self, mask: np.ndarray, text: Any, other: Any) -> Any:
        """``text`` where ``mask``, ``other`` elsewhere (one a column, the other a
        column or one text)."""
        return np.where(mask, text, other)

    def column(self, field: Field) -> Any:
        """The texts of one field at every point of a block."""
        if isinstance(field, Table):
            return self.gather(field.texts, field.codes)
        if isinstance(field, Floats):
            return self.floats(field.values)
        if isinstance(field, Exact):
            return self.rats(field.value)
        if isinstance(field, Words):
            return self.texts(field.values)
        return self.where(field.keep, self.column(field.field), self.column(field.other))

    def block(self, fields: Sequence[Field], count: int, at: np.ndarray,
              solved: Mapping[int, str]) -> list[str | bytes]:
        """The ``count`` lines of a block of rows (see :meth:`lines`) from the fields
        of the rows ``at``, in one or more pieces."""
        return [self.lines([self.column(f) for f in fields], count, at, solved)]

    def lines(self, columns: Sequence[Any], count: int, at: np.ndarray,
              solved: Mapping[int, str]) -> str | bytes:
        """The ``count`` lines of a block, each ending ``\\r\\n``: the fields of
        ``columns`` joined by commas at the rows ``at``, the given lines at the rows
        of ``solved``; as text, or as its UTF-8 bytes (polars)."""
        out: list[str] = [""] * count
        if len(at):
            for row, text in zip(at.tolist(), map(",".join, zip(*columns, strict=True)),
                                 strict=True):
                out[row] = text
        for row, text in solved.items():
            out[row] = text
        return "\r\n".join(out) + "\r\n"


class PolarsBackend(TextBackend):
    """Column texts as polars ``String`` series (compiled formatting and joining)."""

    name = "polars"

    def __init__(self, pl: Any) -> None:
        self.pl = pl

    def agrees(self) -> bool:
        """Whether this polars writes what the plain backend writes on a sample of
        every class of value (another polars version might format differently: then
        it is not used)."""
        rng = np.random.default_rng(0)
        sample = np.concatenate([
            [0.0, -0.0, 1.0, -2.0, 0.1, 1 / 3, 1e-4, 9.999999999999999e-05, 1e-05, 1.5e-7,
             1e15, 9999999999999998.0, 1e16, 1e22, 5e-324, 1.7976931348623157e308,
             np.inf, -np.inf, np.nan, 123456.789, 2.5e-3],
            rng.integers(-10**6, 10**6, 64) / rng.integers(1, 10**4, 64),
            10.0 ** rng.uniform(-6, 18, 64)])
        rat = Rat(np.array([0, 1, -3, 7, 2**40, -(2**61)], dtype=np.int64),
                  np.array([1, 1, 4, 14, 3, 1], dtype=np.int64))
        plain = TextBackend()
        # the writer's own float text (in repr's positional range), nulls, tables,
        # exact values and a spliced row
        inside = sample[~_outside(sample)]
        n = len(inside)
        keep = np.arange(n) % 3 != 0
        fields: list[Field] = [
            Floats(inside), Masked(Floats(inside[::-1].copy()), keep,
                                   Table(["", "0"], np.arange(n) % 2)),
            Table(["a", "b,c"], np.arange(n) % 2),
            Exact(Rat(np.arange(n, dtype=np.int64) - 7, np.arange(n, dtype=np.int64) % 5 + 1))]
        at = np.delete(np.arange(n + 1), 3)
        try:
            return (list(self.floats(sample)) == list(plain.floats(sample))
                    and list(self.rats(rat)) == list(plain.rats(rat))
                    and self.lines([self.texts(["a", "b"]), self.gather(["1"], np.zeros(
                        2, dtype=np.int64))], 3, np.array([0, 2]), {1: "x"})
                    == b"a,1\r\nx\r\nb,1\r\n"
                    and self.pl.Series(inside).dtype == self.pl.Float64
                    and _joined_bytes(self.block(fields, n + 1, at, {3: "x"}))
                    == _joined_bytes(plain.block(fields, n + 1, at, {3: "x"})))
        except Exception:  # noqa: BLE001 - an incompatible polars: not used
            return False

    def block(self, fields: Sequence[Field], count: int, at: np.ndarray,
              solved: Mapping[int, str]) -> list[str | bytes]:
        """The block written by polars' CSV writer from typed columns: a table as an
        ``Enum`` (the writer copies each point's category text), floats as ``Float64``
        (the writer prints them, where that is ``repr``'s text), an empty field as a
        null; the rows solved one by one spliced in between its lines."""
        pl = self.pl
        if not len(at) or len(at) + len(solved) != count:
            return [self.lines([self.column(f) for f in fields], count, at, solved)]
        frame = pl.DataFrame({f"c{k}": self._series(f) for k, f in enumerate(fields)})
        sink = _Sink()
        frame.write_csv(sink, include_header=False, quote_style="never",
                        line_terminator="\r\n", separator=",", null_value="")
        if not solved:
            return list(sink.parts)
        text = b"".join(sink.parts)
        ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == 10) + 1
        if len(ends) != len(at):  # a field holds a line break: rows cannot be found
            return [self.lines([self.column(f) for f in fields], count, at, solved)]
        rows = sorted(solved)
        view = memoryview(text)
        pieces: list[Any] = []
        done = 0
        for row, before in zip(rows, np.searchsorted(at, rows).tolist(), strict=True):
            cut = int(ends[before - 1]) if before else 0
            pieces += [view[done:cut], (solved[row] + "\r\n").encode("utf-8")]
            done = cut
        pieces.append(view[done:])
        return [b"".join(pieces)]

    def column(self, field: Field) -> Any:
        return self._series(field).cast(self.pl.String).fill_null("")

    def _series(self, field: Field) -> Any:
        """One field as a polars series the CSV writer prints as the field's texts
        (nulls are empty fields)."""
        pl = self.pl
        if isinstance(field, Table):
            return self._enum(field.texts, field.codes)
        if isinstance(field, Floats):
            return self._float_series(field.values)
        if isinstance(field, Exact):
            found = _distinct(field.value)
            if found is not None:
                first, inverse = found
                return self._enum(field.value.take(first).texts(), inverse)
            return self._rats(field.value)
        if isinstance(field, Words):
            return pl.Series(list(field.values), dtype=pl.String)
        inner = self._series(field.field)
        keep = pl.Series(np.asarray(field.keep, dtype=bool))
        other = field.other
        used = np.unique(np.asarray(other.codes)[~np.asarray(field.keep, dtype=bool)])
        if all(other.texts[c] == "" for c in used.tolist()):
            return pl.select(pl.when(keep).then(inner)).to_series()
        return pl.select(pl.when(keep).then(inner.cast(pl.String)).otherwise(
            self._enum(other.texts, other.codes).cast(pl.String))).to_series()

    def _enum(self, texts: Sequence[str], codes: np.ndarray) -> Any:
        """``texts[codes]`` as a ``String`` series (gathering copies each point's bytes;
        cheaper than an ``Enum``, whose dtype polars hashes category by category)."""
        return self.pl.Series(list(texts), dtype=self.pl.String).gather(codes)

    def _float_series(self, values: np.ndarray) -> Any:
        """``Float64`` where the writer prints ``repr``'s text for every value (``0``
        and ``1e-4 <= |x| < 1e16``), else the texts (:meth:`floats`); when each value
        recurs (a sixteenth of the points or fewer are distinct) the distinct values'
        texts gathered."""
        arr = np.ascontiguousarray(values, dtype=float)
        bits = arr.view(np.int64)
        if _few_distinct(bits):
            unique = np.unique(bits)
            if len(unique) * 16 <= len(bits):
                return self.floats(unique.view(float)).gather(np.searchsorted(unique, bits))
        if _outside(arr).any():
            return self.floats(arr)
        return self.pl.Series(arr)

    def floats(self, values: np.ndarray) -> Any:
        pl = self.pl
        arr = np.ascontiguousarray(values, dtype=float)
        text = pl.Series(arr).cast(pl.String)
        other = _outside(arr)
        if other.any():
            at = np.nonzero(other)[0]
            text = text.scatter(at, list(map(float.__repr__, arr[at].tolist())))
        return text

    def rats(self, value: Rat) -> Any:
        found = _distinct(value)
        if found is not None:
            first, inverse = found
            return self._rats(value.take(first)).gather(inverse)
        return self._rats(value)

    def _rats(self, value: Rat) -> Any:
        pl = self.pl
        r = value._reduced()
        if r.num.dtype == object or r.den.dtype == object:
            return pl.Series(r.texts(), dtype=pl.String)
        den = np.ascontiguousarray(r.den)
        if _few_distinct(den):
            # few denominators (the grid's): each ``/d`` written once, then gathered
            unique = np.unique(den)
            if len(unique) * 16 <= len(den):
                tails = pl.Series(["" if d == 1 else f"/{d}" for d in unique.tolist()],
                                  dtype=pl.String).gather(np.searchsorted(unique, den))
                return pl.select(pl.concat_str([pl.Series(np.ascontiguousarray(r.num))
                                                .cast(pl.String), tails])).to_series()
        frame = pl.DataFrame({"n": r.num, "d": r.den})
        return frame.select(
            pl.when(pl.col("d") == 1).then(pl.col("n").cast(pl.String))
            .otherwise(pl.concat_str([pl.col("n"), pl.col("d")], separator="/"))
        ).to_series()

    def texts(self, values: Sequence[str]) -> Any:
        return self.pl.Series(list(values), dtype=self.pl.String)

    def gather(self, table: Sequence[str], index: np.ndarray) -> Any:
        return self.pl.Series(list(table), dtype=self.pl.String).gather(index)

    def where(self, mask: np.ndarray, text: Any, other: str) -> Any:
        pl = self.pl
        mask = np.asarray(mask, dtype=bool)
        if not isinstance(text, str) and not isinstance(other, str):
            def column_of(c: Any) -> Any:
                return c if isinstance(c, pl.Series) else pl.Series(list(c), dtype=pl.String)

            return pl.select(pl.when(pl.Series(mask)).then(column_of(text))
                             .otherwise(column_of(other))).to_series()
        if isinstance(text, str):  # one text where mask, the column ``other`` elsewhere
            column, at, value = other, np.nonzero(mask)[0], text
        else:
            column, at, value = text, np.nonzero(~mask)[0], other
        if not isinstance(column, pl.Series):
            column = pl.Series(list(column), dtype=pl.String)
        return column.clone().scatter(at, value) if len(at) else column  # not in place

    def lines(self, columns: Sequence[Any], count: int, at: np.ndarray,
              solved: Mapping[int, str]) -> str | bytes:
        pl = self.pl
        named = {}
        for k, column in enumerate(columns):
            if not isinstance(column, pl.Series):
                column = pl.Series(list(column), dtype=pl.String)
            named[f"c{k}"] = column
        frame = pl.DataFrame(named) if len(at) else pl.DataFrame({"c0": []}, schema={
            "c0": pl.String})
        if len(at) < count:
            joined = frame.select(pl.concat_str(pl.all(), separator=",")).to_series()
            full = pl.repeat("", count, dtype=pl.String, eager=True)
            if len(at):
                full = full.scatter(at, joined)
            if solved:
                rows = sorted(solved)
                full = full.scatter(rows, [solved[r] for r in rows])
            frame = pl.DataFrame({"c0": full})
        # the fields are CSV text already (escaped where needed): written as they are,
        # as UTF-8 bytes (a file takes them without a round trip through str)
        out = io.BytesIO()
        frame.write_csv(out, include_header=False, quote_style="never",
                        line_terminator="\r\n", separator=",")
        return out.getvalue()


_BACKENDS: dict[str, TextBackend] = {}


#: grids smaller than this are formatted by the plain backend unless polars is asked
#: for (:data:`BACKEND_ENV`): importing polars costs more than it saves there
POLARS_FROM = 50_000


def text_backend(size: int | None = None) -> TextBackend:
    """polars' backend when it is installed (and not switched off by
    :data:`BACKEND_ENV`) and the grid has at least :data:`POLARS_FROM` points (or
    ``size`` is None), else the plain one; ``ALLIANCE_GAMES_CSV_BACKEND=polars`` asks
    for polars at every size."""
    wanted = os.environ.get(BACKEND_ENV, "")
    if wanted != "polars" and size is not None and size < POLARS_FROM:
        wanted = "python"
    found = _BACKENDS.get(wanted)
    if found is not None:
        return found
    backend: TextBackend = TextBackend()
    if wanted != "python":
        try:
            import polars
        except ImportError:
            pass
        else:
            candidate = PolarsBackend(polars)
            if candidate.agrees():
                backend = candidate
    _BACKENDS[wanted] = backend
    return backend
