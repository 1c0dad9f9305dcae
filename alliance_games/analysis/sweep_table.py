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

from .sweep_rational import Rat
from .sweep_text import TextBackend, text_backend

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
        self.index = [np.asarray(i, dtype=np.int64).ravel() for i in np.indices(shape)]
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
            at = start + np.nonzero(kind[start:stop] >= 0)[0]
            columns: list[Any] = []
            if len(at):
                columns = _merged(backend, self._columns(backend, at, labels, keys,
                                                         exact_keys), kind[at])
            lines = {}
            for row in solved[bisect.bisect_left(solved, start):
                              bisect.bisect_left(solved, stop)]:
                line = io.StringIO()
                csv.writer(line).writerow(self.point_row(self.solved[row], self.axes, labels,
                                                         keys, exact_keys))
                lines[row - start] = line.getvalue()[:-2]
            yield backend.lines(columns, stop - start, at - start, lines)
            del columns

    def _columns(self, backend: TextBackend, at: np.ndarray, labels: list[str],
                 keys: list[str], exact_keys: list[str]) -> list[Any]:
        """The fields of the points ``at``: per column an array over those points, or a
        list of one text per kind (the same at every point of a kind)."""
        bulk = self.bulk
        kinds = bulk.kinds
        kind = np.asarray(bulk.kind)[at]
        present = np.unique(kind).tolist()

        def flags(values: list[bool]) -> np.ndarray:
            return np.array(values, dtype=bool)[kind]

        def where(here: list[bool], text: Any, other: str) -> Any:
            """``text`` at the kinds ``here``, ``other`` elsewhere."""
            if not any(here):
                return [other] * len(kinds)
            if all(here[k] for k in present):
                return text
            return backend.where(flags(here), text, other)

        columns: list[Any] = []
        axis_texts: list[Any] = []
        for axis, index in zip(self.axes, self.index, strict=True):
            axis_texts.append(backend.gather([str(v) for v in axis.values], index[at]))
            columns.append(backend.gather([_float_text(v) for v in axis.values], index[at]))
        columns.append([str(k.n_equilibria) for k in kinds])
        columns.append([str(k.complete) for k in kinds])
        if isinstance(bulk.game_type, str):
            columns.append([_escape(bulk.game_type)] * len(kinds))
        elif isinstance(bulk.game_type, tuple):
            codes, names = bulk.game_type
            columns.append(backend.gather([_escape(str(n)) for n in names],
                                          np.asarray(codes)[at]))
        else:
            columns.append(_words(backend, np.asarray(bulk.game_type, dtype=object)[at]
                                  .tolist()))
        columns.append([_escape(k.regime) for k in kinds])
        exact_columns: list[Any] = list(axis_texts)
        for label in labels:
            here = [label in k.labels for k in kinds]
            zero = [label not in k.labels and k.exact_outcomes for k in kinds]
            exact_here = [label in k.labels and k.exact_outcomes for k in kinds]
            found = bulk.outcomes.get(label)
            for side in (0, 1):
                if found is None or not any(here):
                    columns.append(["0.0"] * len(kinds))
                else:
                    floats = found[0] if side == 0 else found[1]
                    columns.append(_floats_or_zero(backend, floats[at], here, present,
                                                   flags))
                exact = None if found is None else found[2] if side == 0 else found[3]
                if exact is None or not any(exact_here):
                    exact_columns.append(["0" if z else "" for z in zero])
                    continue
                text = where(exact_here, backend.rats(exact.take(at)), "")
                exact_columns.append(text if not any(zero) else backend.where(
                    flags(zero), "0", text))
        columns.append([""] * len(kinds))  # error
        columns += exact_columns
        for key in keys:
            here = [key in k.keys for k in kinds]
            found_fig = bulk.analysis.get(key)
            if found_fig is None or not any(here):
                columns.append([""] * len(kinds))
                continue
            values = found_fig[0]
            if isinstance(values, np.ndarray) and values.dtype != object:
                text = backend.floats(values[at])
            else:
                text = _words(backend, np.asarray(values, dtype=object)[at].tolist())
            columns.append(where(here, text, ""))
        for key in exact_keys:
            here = [key in k.exact_keys for k in kinds]
            found_fig = bulk.analysis.get(key)
            if found_fig is None or found_fig[1] is None or not any(here):
                columns.append([""] * len(kinds))
                continue
            columns.append(where(here, backend.rats(found_fig[1].take(at)), ""))
        return columns

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


def _floats_or_zero(backend: TextBackend, floats: np.ndarray, here: list[bool],
                    present: list[int], flags: Callable[[list[bool]], np.ndarray]) -> Any:
    """An outcome's probabilities where the point's kind has the label, ``0.0`` (the
    text of ``repr(0.0)``) elsewhere: the zeros are put among the floats before they
    are formatted."""
    if all(here[k] for k in present):
        return backend.floats(floats)
    if not any(here[k] for k in present):
        return backend.gather(["0.0"], np.zeros(len(floats), dtype=np.int64))
    return backend.floats(np.where(flags(here), floats, 0.0))


def _words(backend: TextBackend, values: list[Any]) -> Any:
    """A column of per-point words (or numbers) as the CSV writer writes them; each
    distinct value is escaped once (a word column holds a handful of values)."""
    distinct = set(values)
    if all(isinstance(v, str) and _escape(v) == v for v in distinct):
        return backend.texts(values)
    if all(isinstance(v, str) for v in distinct):
        field = {v: _escape(v) for v in distinct}
        return backend.texts([field[v] for v in values])
    # numbers among the words: each formatted (0.0 and -0.0 are one key of a dict)
    return backend.texts([_escape(v) if isinstance(v, str) else _float_text(v)
                          for v in values])


def _merged(backend: TextBackend, columns: list[Any], kind: np.ndarray) -> list[Any]:
    """The columns with each run of adjacent per-kind columns (lists of one text per
    kind) joined into one, then every column spread over the points."""
    out: list[Any] = []
    for column in columns:
        if isinstance(column, list) and out and isinstance(out[-1], list):
            out[-1] = [a + "," + b for a, b in zip(out[-1], column, strict=True)]
        else:
            out.append(column)
    return [backend.gather(column, kind) if isinstance(column, list) else column
            for column in out]


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
