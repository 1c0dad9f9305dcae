"""A sweep's rows held as columns: the end-to-end fast path of the vectorised families.

A family kernel that decides every grid point at once (:mod:`.sweep_2x2`,
:mod:`.sweep_bargaining` ...) returns a :class:`Bulk`: per point a *kind* (which
equilibria, which outcome labels and which ``analysis`` figures the point has: all that
is the same for every point of a kind), the per-point numbers as float arrays and their
exact values as :class:`~.sweep_rational.Rat` arrays. No
:class:`~alliance_games.analysis.sweep.SweepPoint` is built per point: the CSV is
assembled column by column (each column's text made in one pass: ``repr`` of the
floats, ``n/d`` of the exact values, the axes' values formatted once per axis value)
and the points a kernel leaves (kind ``-1``: ties, error rows ...) are solved one by
one and formatted as before. The text is byte for byte what
:meth:`~alliance_games.analysis.sweep.SweepResult.to_csv` writes for the same points
(``tests/test_sweep_table.py``), including the order of the outcome and figure
columns (order of first appearance over the grid).

:class:`TablePoints` gives the same rows as ``SweepPoint`` records on demand (phase
diagrams, notebooks), built from the columns when asked.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .sweep_rational import Rat, small_pages
from .sweep_text import Exact, Field, Floats, Masked, Table, Words, joined, text_backend

__all__ = ["Kind", "Bulk", "SweepTable", "TablePoints"]


@dataclass(frozen=True)
class Kind:
    """What every point of one kind shares."""

    n_equilibria: int
    complete: bool
    regime: str
    labels: tuple[str, ...] = ()
    """Outcome labels of the point, in the order of its ``outcomes`` map."""
    exact_outcomes: bool = False
    """Whether the point's outcome ranges are exact (then every label's)."""
    keys: tuple[str, ...] = ()
    """Its ``analysis`` figures, in order."""
    exact_keys: frozenset[str] = frozenset()
    """The figures held exactly (an exact string column)."""


@dataclass
class Bulk:
    """A kernel's answer for a whole grid (arrays over every grid point; an entry is
    read only at the points whose kind has that label or figure)."""

    kind: np.ndarray
    """Per point an index into ``kinds``; -1: the point is solved one by one."""
    kinds: list[Kind]
    game_type: Any = ""
    """Per point (or one for all) the game's name; or ``(codes, names)``: per point an
    index into the list ``names`` (each name formatted once)."""
    outcomes: Mapping[str, tuple[np.ndarray, np.ndarray, Rat | None, Rat | None]] = field(
        default_factory=dict)
    """label -> (min floats, max floats, min exact, max exact)."""
    analysis: Mapping[str, tuple[Any, Rat | None]] = field(default_factory=dict)
    """key -> (floats, or per point words; the exact values or None)."""


def csv_header(axes: Sequence[Any], labels: Sequence[str], keys: Sequence[str],
               exact_keys: Sequence[str]) -> list[str]:
    """The sweep CSV's header (both row paths): parameters, counts, outcome ranges,
    ``error``, then the exact columns and the analysis columns (docs/output.md)."""
    header = [a.name for a in axes] + ["n_equilibria", "complete", "game_type", "regime"]
    exact_header = [f"{a.name} exact" for a in axes]
    for label in labels:
        header += [f"P({label}) min", f"P({label}) max"]
        exact_header += [f"P({label}) min exact", f"P({label}) max exact"]
    return (header + ["error"] + exact_header + [f"analysis.{k}" for k in keys]
            + [f"analysis.{k} exact" for k in exact_keys])


def _escape(text: str) -> str:
    """A CSV field as :mod:`csv`'s default dialect writes it (QUOTE_MINIMAL)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _float_text(value: Any) -> str:
    """``_csv_float`` then ``str``, as the CSV writer gives it."""
    try:
        return repr(float(value))
    except OverflowError:
        return "Infinity" if value > 0 else "-Infinity"


#: rows formatted together (bounds the memory of the fields' texts)
CHUNK = 1 << 17


def _first_seen(events: list[tuple[int, Sequence[str]]]) -> list[str]:
    seen: dict[str, None] = {}
    for _, names in sorted(events, key=lambda e: e[0]):
        for name in names:
            seen.setdefault(name, None)
    return list(seen)


class SweepTable:
    """A grid's rows: the kernel's :class:`Bulk` and the points solved one by one."""

    def __init__(self, axes: Sequence[Any], fixed: Mapping[str, Fraction], bulk: Bulk,
                 solved: Mapping[int, Any], point_row: Callable[..., list[Any]],
                 make_point: Callable[..., Any]) -> None:
        """``point_row`` formats a solved point's CSV fields and ``make_point`` builds a
        point record (:func:`~alliance_games.analysis.sweep._point_row` and
        :class:`~alliance_games.analysis.sweep.SweepPoint`, passed in: this module is
        below :mod:`.sweep`)."""
        self.point_row = point_row
        self.make_point = make_point
        self.axes = tuple(axes)
        self.fixed = dict(fixed)
        self.bulk = bulk
        self.solved = dict(solved)
        self.size = len(bulk.kind)
        shape = tuple(len(a.values) for a in self.axes)
        with small_pages():
            self.index = [np.asarray(i, dtype=np.int64).ravel() for i in np.indices(shape)]
        self._axis_cache: list[tuple[list[str], list[str]]] | None = None
        self.first = {}
        kinds = np.asarray(bulk.kind)
        present, at = np.unique(kinds, return_index=True)
        for k, row in zip(present.tolist(), at.tolist(), strict=True):
            if k >= 0:
                self.first[k] = row

    # ------------------------------------------------------------------ orders
    def _events(self, of_kind: Any, of_point: Any) -> list[tuple[int, Sequence[str]]]:
        events = [(row, of_kind(self.bulk.kinds[k])) for k, row in self.first.items()]
        events += [(row, of_point(p)) for row, p in self.solved.items()]
        return events

    def regimes(self) -> list[str]:
        return _first_seen(self._events(lambda k: [k.regime], lambda p: [p.regime]))

    def outcome_labels(self) -> list[str]:
        return _first_seen(self._events(lambda k: k.labels, lambda p: list(p.outcomes)))

    def analysis_keys(self) -> list[str]:
        return _first_seen(self._events(lambda k: k.keys, lambda p: list(p.analysis)))

    def _exact_keys(self, keys: list[str]) -> list[str]:
        have = {key for k in self.first for key in self.bulk.kinds[k].exact_keys}
        have |= {key for p in self.solved.values() for key in p.exact_analysis}
        return [k for k in keys if k in have]

    # ------------------------------------------------------------------ CSV
    def to_csv(self) -> str:
        """The CSV of :meth:`SweepResult.to_csv <alliance_games.analysis.sweep.
        SweepResult.to_csv>`, built column by column."""
        return "".join(self.csv_chunks())

    def csv_chunks(self) -> Iterator[str]:
        """The same CSV text in pieces (the header, then up to ``CHUNK`` rows each), so a
        writer can stream a 10^6-point grid without holding the whole text."""
        for piece in self.csv_pieces():
            yield piece if isinstance(piece, str) else piece.decode("utf-8")

    def csv_pieces(self) -> Iterator[str | bytes]:
        """:meth:`csv_chunks`' pieces, a block of rows as its UTF-8 bytes where the
        text backend makes bytes (polars): a file writer takes them as they are."""
        labels = self.outcome_labels()
        keys = self.analysis_keys()
        exact_keys = self._exact_keys(keys)
        out = io.StringIO()
        csv.writer(out).writerow(csv_header(self.axes, labels, keys, exact_keys))
        kind = np.asarray(self.bulk.kind)
        solved = sorted(self.solved)
        backend = text_backend(self.size)
        yield out.getvalue()
        # in chunks of rows: the texts of one chunk's fields and lines live only while
        # the chunk is joined (a 10^6-point grid would otherwise hold tens of millions)
        for start in range(0, self.size, CHUNK):
            stop = min(start + CHUNK, self.size)
            with small_pages():  # fresh arrays and text buffers (see small_pages)
                pieces = self._block(backend, kind, solved, start, stop, labels, keys,
                                     exact_keys)
            yield from pieces
            del pieces

    def _block(self, backend: Any, kind: np.ndarray, solved: list[int], start: int,
               stop: int, labels: list[str], keys: list[str],
               exact_keys: list[str]) -> list[str | bytes]:
        """The text of the rows ``start:stop``, in pieces."""
        at = start + np.nonzero(kind[start:stop] >= 0)[0]
        fields: list[Field] = []
        if len(at):
            # a block with no row left to the per-point path is a slice of the
            # kernel's arrays (views, not copies)
            rows: Any = slice(start, stop) if len(at) == stop - start else at
            fields = joined(self._fields(rows, labels, keys, exact_keys))
        lines = {}
        for row in solved[bisect.bisect_left(solved, start):
                          bisect.bisect_left(solved, stop)]:
            line = io.StringIO()
            csv.writer(line).writerow(self.point_row(self.solved[row], self.axes, labels,
                                                     keys, exact_keys))
            lines[row - start] = line.getvalue()[:-2]
        return backend.block(fields, stop - start, at - start, lines)

    def _axis_texts(self) -> list[tuple[list[str], list[str]]]:
        """Per axis, the float text and the exact text of each of its values (made once
        per table: a Fraction's float and text cost microseconds)."""
        if self._axis_cache is None:
            self._axis_cache = [([_float_text(v) for v in axis.values],
                                 [str(v) for v in axis.values]) for axis in self.axes]
        return self._axis_cache

    def _fields(self, at: Any, labels: list[str], keys: list[str],
                exact_keys: list[str]) -> list[Field]:
        """The fields of the points ``at`` (indices or a slice), column by column
        (:mod:`.sweep_text`): a text per kind where the column is the same at every
        point of a kind (then the backend formats it once per kind), else the per-point
        values."""
        bulk = self.bulk
        kinds = bulk.kinds
        kind = np.asarray(bulk.kind)[at]
        present_list = np.flatnonzero(np.bincount(kind, minlength=len(kinds))).tolist()
        present = np.array(present_list, dtype=np.int64)
        first = np.array([int(np.argmax(kind == k)) for k in present_list], dtype=np.int64)
        by_kind = _ByKind(kind, len(kinds), present, first)

        def per_kind(texts: list[str]) -> Table:
            return Table(texts, kind)

        def where(here: list[bool], field: Field, other: list[str]) -> Field:
            """``field`` at the points of the kinds ``here``, ``other[k]`` at a point of
            another kind ``k``."""
            if not any(here[k] for k in present_list):
                return per_kind(other)
            if all(here[k] for k in present_list):
                return field
            if isinstance(field, Table) and field.codes is kind:
                return per_kind([t if h else o for t, h, o in zip(field.texts, here, other,
                                                                  strict=True)])
            return Masked(field, np.array(here, dtype=bool)[kind], per_kind(other))

        fields: list[Field] = []
        exact_fields: list[Field] = []
        for (float_texts, exact_texts), index in zip(self._axis_texts(), self.index,
                                                     strict=True):
            codes = index[at]
            fields.append(Table(float_texts, codes))
            exact_fields.append(Table(exact_texts, codes))
        fields.append(per_kind([str(k.n_equilibria) for k in kinds]))
        fields.append(per_kind([str(k.complete) for k in kinds]))
        if isinstance(bulk.game_type, str):
            fields.append(per_kind([_escape(bulk.game_type)] * len(kinds)))
        elif isinstance(bulk.game_type, tuple):
            codes, names = bulk.game_type
            fields.append(Table([_escape(str(n)) for n in names], np.asarray(codes)[at]))
        else:
            fields.append(_words(np.asarray(bulk.game_type, dtype=object)[at]))
        fields.append(per_kind([_escape(k.regime) for k in kinds]))
        blank = [""] * len(kinds)
        for label in labels:
            here = [label in k.labels for k in kinds]
            zero = ["0" if label not in k.labels and k.exact_outcomes else "" for k in kinds]
            exact_here = [label in k.labels and k.exact_outcomes for k in kinds]
            found = bulk.outcomes.get(label)
            for side in (0, 1):
                if found is None or not any(here[k] for k in present_list):
                    fields.append(per_kind(["0.0"] * len(kinds)))
                else:
                    values = (found[0] if side == 0 else found[1])[at]
                    if not all(here[k] for k in present_list):
                        values = np.where(np.array(here, dtype=bool)[kind], values, 0.0)
                    fields.append(by_kind.floats(values))
                exact = None if found is None else found[2] if side == 0 else found[3]
                if exact is None or not any(exact_here):
                    exact_fields.append(per_kind(zero))
                else:
                    exact_fields.append(where(exact_here, by_kind.exact(exact.take(at)),
                                              zero))
        fields.append(per_kind(blank))  # error
        fields += exact_fields
        for key in keys:
            here = [key in k.keys for k in kinds]
            found_fig = bulk.analysis.get(key)
            if found_fig is None or not any(here):
                fields.append(per_kind(blank))
                continue
            values = found_fig[0]
            if isinstance(values, np.ndarray) and values.dtype != object:
                text = by_kind.floats(values[at])
            else:
                text = _words(np.asarray(values, dtype=object)[at])
            fields.append(where(here, text, blank))
        for key in exact_keys:
            here = [key in k.exact_keys for k in kinds]
            found_fig = bulk.analysis.get(key)
            if found_fig is None or found_fig[1] is None or not any(here):
                fields.append(per_kind(blank))
                continue
            fields.append(where(here, by_kind.exact(found_fig[1].take(at)), blank))
        return fields

    # ------------------------------------------------------------------ points
    def point(self, row: int) -> Any:
        """The :class:`~alliance_games.analysis.sweep.SweepPoint` of one row."""
        if row in self.solved:
            return self.solved[row]
        bulk = self.bulk
        k = int(bulk.kind[row])
        kind = bulk.kinds[k]
        params = {**self.fixed, **{a.name: a.values[int(i[row])]
                                   for a, i in zip(self.axes, self.index, strict=True)}}
        outcomes = {}
        exact_outcomes = {}
        for label in kind.labels:
            lo, hi, elo, ehi = bulk.outcomes[label]
            outcomes[label] = (float(lo[row]), float(hi[row]))
            if kind.exact_outcomes and elo is not None and ehi is not None:
                exact_outcomes[label] = (elo.fraction(row), ehi.fraction(row))
        analysis: dict[str, float | str] = {}
        exact_analysis: dict[str, str] = {}
        for key in kind.keys:
            values, exact = bulk.analysis[key]
            value = values[row]
            analysis[key] = value if isinstance(value, str) else float(value)
            if key in kind.exact_keys and exact is not None:
                exact_analysis[key] = str(exact.fraction(row))
        if isinstance(bulk.game_type, str):
            game_type = bulk.game_type
        elif isinstance(bulk.game_type, tuple):
            game_type = str(bulk.game_type[1][int(bulk.game_type[0][row])])
        else:
            game_type = str(bulk.game_type[row])
        return self.make_point(params, kind.n_equilibria, kind.complete, kind.regime, game_type,
                          outcomes, exact_outcomes=exact_outcomes, analysis=analysis,
                          exact_analysis=exact_analysis)


class _ByKind:
    """Columns that hold one value per kind: each formatted once per kind (a table of
    texts picked by the points' kinds), so that runs of such columns join into one."""

    def __init__(self, kind: np.ndarray, n_kinds: int, present: np.ndarray,
                 first: np.ndarray) -> None:
        self.kind = kind
        self.n_kinds = n_kinds
        self.present = present
        self.first = first

    def _table(self, values: np.ndarray) -> np.ndarray | None:
        """Per kind the value at its first point, if every point of the kind has that
        value (bit for bit, so -0.0 and 0.0 differ), else None."""
        if values.dtype == object:
            return None
        table = np.zeros(self.n_kinds, dtype=values.dtype)
        table[self.present] = values[self.first]
        if values.dtype.kind == "f":
            same = np.array_equal(values.view(np.int64), table.view(np.int64)[self.kind])
        else:
            same = np.array_equal(values, table[self.kind])
        return table if same else None

    def floats(self, values: np.ndarray) -> Field:
        table = self._table(values)
        if table is None:
            return Floats(values)
        return Table([repr(v) for v in table.tolist()], self.kind)

    def exact(self, value: Rat) -> Field:
        num, den = self._table(value.num), self._table(value.den)
        if num is None or den is None:
            return Exact(value)
        return Table(Rat(num, np.where(den == 0, 1, den)).texts(), self.kind)


#: a word column of at most this many distinct values (in a seeded sample) is matched
#: value by value (a table of texts); beyond, each point's word is escaped
_FEW_WORDS = 16


def _words(values: np.ndarray) -> Field:
    """A column of per-point words (or numbers) as the CSV writer writes them: a table
    of the distinct words when they are few strings (each escaped once), else each
    value formatted."""
    n = len(values)
    sample = values if n <= 4096 else values[np.random.default_rng(0).integers(0, n, 4096)]
    distinct = list(dict.fromkeys(sample.tolist()))
    if len(distinct) <= _FEW_WORDS and all(type(v) is str for v in distinct):
        codes = np.full(n, -1, dtype=np.int64)
        for c, word in enumerate(distinct):
            codes[values == word] = c
        if n == 0 or codes.min() >= 0:
            return Table([_escape(v) for v in distinct], codes)
    listed = values.tolist()
    distinct_all = set(listed)
    if all(isinstance(v, str) and _escape(v) == v for v in distinct_all):
        return Words(listed)
    if all(isinstance(v, str) for v in distinct_all):
        field = {v: _escape(v) for v in distinct_all}
        return Words([field[v] for v in listed])
    # numbers among the words: each formatted (0.0 and -0.0 are one key of a dict)
    return Words([_escape(v) if isinstance(v, str) else _float_text(v) for v in listed])


class TablePoints(Sequence[Any]):
    """The rows of a :class:`SweepTable` as ``SweepPoint`` records, built when read."""

    def __init__(self, table: SweepTable) -> None:
        self.table = table

    def __len__(self) -> int:
        return self.table.size

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.table.point(i) for i in range(*index.indices(self.table.size))]
        if index < 0:
            index += self.table.size
        if not 0 <= index < self.table.size:
            raise IndexError(index)
        return self.table.point(index)

    def __iter__(self) -> Iterator[Any]:
        return (self.table.point(i) for i in range(self.table.size))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same records (a tuple of ``SweepPoint``)."""
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                       strict=True))

    __hash__ = None  # type: ignore[assignment]  # records hold dicts: never hashable
