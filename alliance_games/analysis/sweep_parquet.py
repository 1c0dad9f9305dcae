"""A sweep's rows as a typed Parquet file (``alliance-games sweep ... -o results.parquet``).

The file holds the CSV's rows (:meth:`~alliance_games.analysis.sweep.SweepResult.to_csv`)
in the same order, under the same column names, but typed instead of written as text:

- the swept parameters, ``P(<label>) min`` / ``max`` and the numeric ``analysis.<key>``
  figures: ``Float64``, the very doubles the CSV writes at full precision (each equals
  ``float`` of its CSV text, bit for bit; ``Infinity`` is ``inf``);
- ``n_equilibria``: ``Int64``; ``complete``: ``Boolean``;
- words: ``Enum`` (polars' categorical of a fixed list of words: the words that occur
  in the column, in alphabetical order) for ``game_type``, ``regime`` and ``error``;
  ``String`` for the ``analysis.<key>`` columns of words such as ``analysis.regime``
  (either way dictionary-encoded in the file, each distinct word stored once;
  ``pl.col("regime") == "war"`` works on both);
- every exact column ``X exact`` of the CSV (a rational written ``397/29900``) becomes
  two ``Int64`` columns, ``X exact numerator`` and ``X exact denominator``: the reduced
  fraction, denominator > 0 (an integer ``n`` is ``n / 1``). If some value of such a
  column does not fit in a signed 64-bit integer, that column alone is written as one
  ``String`` column ``X exact`` holding the CSV's text (``str(Fraction)``), so nothing
  is ever rounded or cut;
- an ``analysis.<key>`` column that mixes numbers and words (rare) is a ``String``
  column of the CSV's texts;
- an empty CSV field is a null (no ``error`` on the row, an exact value not held
  exactly, a figure a point does not have).

For a family decided at once (a :class:`~.sweep_table.SweepTable`) the columns are
built from the kernel's arrays without any text (the points the kernel left, solved one
by one, are put in from their CSV fields); every other sweep's rows are read from its
records. The bytes are made in memory and written whole by the caller (the CLI writes
them through :func:`~alliance_games.report.files.write_atomic`: a temporary file, then
a rename). Needs polars (``pip install "alliance_games[parquet]"``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import AllianceGamesError

__all__ = ["require_polars", "sweep_frame", "parquet_bytes", "COMPRESSION", "INSTALL"]

#: how the missing dependency is installed (the error message names it)
INSTALL = 'pip install "alliance_games[parquet]"'

#: the Parquet compression, chosen by measurement (``benchmarks/sweeps.py --only
#: parquet``; benchmarks/README.md, goal 5): on the 10^6-point sweeps lz4 took 0.7-0.95x
#: the CPU of no compression (fewer bytes to copy); snappy 1.0-1.15x lz4's CPU for
#: files 1.2-8x larger; zstd 1.05-1.4x lz4's CPU for files 0.75-0.95x as large
COMPRESSION = "lz4"

#: no min/max statistics per row group: they cost 12-46% more writing time (measured
#: as above) and a sweep's row groups are slices of the grid, rarely skipped by a filter
STATISTICS = False

_INT64_MAX = 2 ** 63 - 1


def require_polars() -> Any:
    """The polars module, or an :class:`AllianceGamesError` saying how to install it."""
    try:
        import polars
    except ImportError:
        raise AllianceGamesError(
            f"writing Parquet needs polars: {INSTALL} (or write a .csv file)") from None
    return polars


# ---------------------------------------------------------------------------- columns
# Each CSV column becomes one of these while the rows are gathered; ``valid`` False is
# a null (an empty CSV field). Arrays are this module's own (written in place when the
# points solved one by one are put in) unless ``shared`` (the kernel's: copied first).


class _Floats:
    def __init__(self, values: np.ndarray, valid: np.ndarray | None = None,
                 shared: bool = False) -> None:
        self.values = values
        self.valid = valid
        self.shared = shared


class _Ints:
    def __init__(self, values: np.ndarray) -> None:
        self.values = values


class _Bools:
    def __init__(self, values: np.ndarray) -> None:
        self.values = values


class _Words:
    """Words as codes into a list (a code equal to ``len(words)`` is a null), or as an
    object array of ``str``/``None`` (``values``)."""

    def __init__(self, words: list[str] | None = None, codes: np.ndarray | None = None,
                 values: np.ndarray | None = None, shared: bool = False,
                 series: Any = None) -> None:
        self.words = words
        self.codes = codes
        self.values = values
        self.shared = shared
        self.series = series
        """``values`` already made a polars ``String`` column (or None)."""


class _Exact:
    """Rationals ``num / den`` (integer arrays, int64 or Python integers)."""

    def __init__(self, num: np.ndarray, den: np.ndarray, valid: np.ndarray | None = None,
                 shared: bool = False, reduced: bool = False) -> None:
        self.num = num
        self.den = den
        self.valid = valid
        self.shared = shared
        self.reduced = reduced
        """Whether the fractions are known to be in lowest terms already."""


class _Texts:
    """A column of CSV texts (``None`` for an empty field)."""

    def __init__(self, values: list[str | None]) -> None:
        self.values = values


# ---------------------------------------------------------------------------- roles
# What each CSV column is, from its header (the header is the CSV's own: csv_header).

def _roles(axes: Sequence[Any], labels: Sequence[str], keys: Sequence[str],
           exact_keys: Sequence[str]) -> list[str]:
    roles = ["float"] * len(axes) + ["int", "bool", "word", "word"]
    roles += ["float", "float"] * len(labels)
    roles += ["word"]  # error
    roles += ["exact"] * (len(axes) + 2 * len(labels))
    roles += ["figure"] * len(keys) + ["exact"] * len(exact_keys)
    return roles


def _float_of(value: Any) -> float:
    """A CSV float field's value (a float, or ``Infinity``/``-Infinity``)."""
    return float(value)


def _fraction_of(text: str) -> Fraction | None:
    return None if text == "" else Fraction(text)


def _record_columns(rows: list[list[Any]], roles: list[str]) -> list[Any]:
    """The typed columns of CSV rows given as :func:`~.sweep._point_row` fields."""
    out: list[Any] = []
    size = len(rows)
    for j, role in enumerate(roles):
        cells = [row[j] for row in rows]
        if role == "float":
            out.append(_Floats(np.array([_float_of(v) for v in cells], dtype=float)))
        elif role == "int":
            out.append(_Ints(np.array([int(v) for v in cells], dtype=np.int64)))
        elif role == "bool":
            out.append(_Bools(np.array([bool(v) for v in cells], dtype=bool)))
        elif role == "word":
            values = np.empty(size, dtype=object)
            values[:] = [None if v == "" else str(v) for v in cells]
            out.append(_Words(values=values))
        elif role == "exact":
            out.append(_exact_of_texts([str(v) for v in cells]))
        else:
            out.append(_figure_of(cells))
    return out


def _exact_of_texts(texts: list[str]) -> _Exact:
    fractions = [_fraction_of(t) for t in texts]
    valid = np.array([f is not None for f in fractions], dtype=bool)
    num = np.empty(len(texts), dtype=object)
    den = np.empty(len(texts), dtype=object)
    num[:] = [0 if f is None else f.numerator for f in fractions]
    den[:] = [1 if f is None else f.denominator for f in fractions]
    return _Exact(num, den, valid)


def _figure_of(cells: list[Any]) -> Any:
    """An ``analysis`` column: floats, words, or (both) the CSV's texts."""
    numbers = [v for v in cells if not isinstance(v, str)]
    words = [v for v in cells if isinstance(v, str) and v != ""]
    if numbers and words:
        return _Texts([None if v == "" else v if isinstance(v, str) else _csv_text(v)
                       for v in cells])
    if words or not numbers:
        values = np.empty(len(cells), dtype=object)
        values[:] = [None if v == "" else v for v in cells]
        return _Words(values=values)
    valid = np.array([not isinstance(v, str) for v in cells], dtype=bool)
    return _Floats(np.array([0.0 if isinstance(v, str) else float(v) for v in cells],
                            dtype=float), valid)


def _csv_text(value: Any) -> str:
    """A number as the CSV writes it (full precision; beyond the doubles ``Infinity``)."""
    try:
        return repr(float(value))
    except OverflowError:
        return "Infinity" if value > 0 else "-Infinity"


# ---------------------------------------------------------------------------- table path

def _exact_keys(table: Any, keys: Sequence[str], present: Sequence[int]) -> list[str]:
    """The ``analysis.<key> exact`` columns, in the CSV's order (the keys that some
    point holds exactly)."""
    kinds = table.bulk.kinds
    have = {key for k in present for key in kinds[k].exact_keys}
    have |= {key for p in table.solved.values() for key in p.exact_analysis}
    return [k for k in keys if k in have]


def _axis_float(value: Fraction) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _table_columns(table: Any, labels: list[str], keys: list[str],
                   exact_keys: list[str], present: list[int]) -> list[Any]:
    """The typed columns of a :class:`~.sweep_table.SweepTable`, built from the
    kernel's arrays (the rows of kind -1 are filled in afterwards from their records)."""
    bulk = table.bulk
    kinds = bulk.kinds
    n_kinds = len(kinds)
    kind = np.asarray(bulk.kind)
    # per point an index into the kinds, ``n_kinds`` at the rows solved one by one
    kidx = np.where(kind >= 0, kind, n_kinds)

    def per_kind(values: list[Any], spare: Any, dtype: Any) -> np.ndarray:
        return np.array(list(values) + [spare], dtype=dtype)[kidx]

    made: dict[tuple[bool, ...], np.ndarray] = {}

    def flags(values: list[bool]) -> np.ndarray:
        """Per point, the flag of its kind (False at the rows solved one by one); the
        same array for the same flags (never written: merges copy it)."""
        key = tuple(values)
        if key not in made:
            made[key] = per_kind(values, False, bool)
        return made[key]

    def mask(values: list[bool]) -> np.ndarray | None:
        """:func:`flags`, or None where every kind present has the flag (no nulls but
        at the rows solved one by one, which are put in afterwards)."""
        return None if all(values[k] for k in present) else flags(values)

    columns: list[Any] = []
    exact_axes: list[Any] = []
    for axis, index in zip(table.axes, table.index, strict=True):
        columns.append(_Floats(np.array([_axis_float(v) for v in axis.values],
                                        dtype=float)[index]))
        nums = [v.numerator for v in axis.values]
        dens = [v.denominator for v in axis.values]
        dtype = np.int64 if max(map(abs, nums + dens)) <= _INT64_MAX else object
        exact_axes.append(_Exact(np.array(nums, dtype=dtype)[index],
                                 np.array(dens, dtype=dtype)[index], reduced=True))
    columns.append(_Ints(per_kind([k.n_equilibria for k in kinds], 0, np.int64)))
    columns.append(_Bools(per_kind([k.complete for k in kinds], False, bool)))
    columns.append(_game_types(bulk.game_type, kind))
    regimes = [k.regime for k in kinds]
    columns.append(_Words(regimes, np.where(kind >= 0, kind, len(regimes))))
    exact_columns: list[Any] = exact_axes
    for label in labels:
        here = [label in k.labels for k in kinds]
        zero = [label not in k.labels and k.exact_outcomes for k in kinds]
        exact_here = [label in k.labels and k.exact_outcomes for k in kinds]
        found = bulk.outcomes.get(label)
        for side in (0, 1):
            if found is None or not any(here[k] for k in present):
                columns.append(_Floats(np.zeros(len(kind))))
            else:
                floats = np.asarray(found[side], dtype=float)
                if all(here[k] for k in present):
                    columns.append(_Floats(floats, shared=True))
                else:
                    columns.append(_Floats(np.where(flags(here), floats, 0.0)))
            exact = None if found is None else found[2 + side]
            if exact is None or not any(exact_here[k] for k in present):
                exact_columns.append(_zeros_or_null(flags(zero)))
                continue
            exact_columns.append(_rat_where(exact, mask(exact_here), flags(zero)))
    columns.append(_Words([], np.zeros(len(kind), dtype=np.int64)))  # error: null
    columns += exact_columns
    for key in keys:
        here = [key in k.keys for k in kinds]
        found_fig = bulk.analysis.get(key)
        if found_fig is None or not any(here[k] for k in present):
            columns.append(_Floats(np.zeros(len(kind)), np.zeros(len(kind), dtype=bool)))
            continue
        values = found_fig[0]
        valid = mask(here)
        if isinstance(values, np.ndarray) and values.dtype != object:
            columns.append(_Floats(np.asarray(values, dtype=float), valid, shared=True))
        else:
            columns.append(_object_figure(np.asarray(values, dtype=object),
                                          flags(here) if valid is None else valid))
    for key in exact_keys:
        here = [key in k.exact_keys for k in kinds]
        found_fig = bulk.analysis.get(key)
        if found_fig is None or found_fig[1] is None or not any(here[k] for k in present):
            columns.append(_zeros_or_null(np.zeros(len(kind), dtype=bool)))
            continue
        columns.append(_rat_where(found_fig[1], mask(here), None))
    return columns


def _game_types(game_type: Any, kind: np.ndarray) -> _Words:
    """The ``game_type`` column: one name, codes into a list of names, or per point."""
    size = len(kind)
    if isinstance(game_type, str):
        return _Words([game_type] if game_type else [], np.zeros(size, dtype=np.int64))
    if isinstance(game_type, tuple):
        codes, names = game_type
        words = [str(n) for n in names]
        codes = np.asarray(codes, dtype=np.int64)
        codes = np.where(kind >= 0, codes, len(words))
        # an empty name is an empty CSV field: a null
        empty = [k for k, w in enumerate(words) if w == ""]
        if empty:
            codes = np.where(np.isin(codes, empty), len(words), codes)
        return _Words(words, codes)
    values = np.asarray(game_type, dtype=object).copy()
    values[kind < 0] = None
    return _Words(values=values)


def _zeros_or_null(zero: np.ndarray) -> _Exact:
    """Exactly 0 where ``zero``, null elsewhere."""
    size = len(zero)
    return _Exact(np.zeros(size, dtype=np.int64), np.ones(size, dtype=np.int64), zero)


def _rat_where(rat: Any, here: np.ndarray | None, zero: np.ndarray | None) -> _Exact:
    """The rationals ``rat`` where ``here`` (None: everywhere), exactly 0 where
    ``zero``, null elsewhere."""
    num, den = rat.num, rat.den
    valid = here
    shared = True
    if zero is not None and zero.any():
        num = np.where(zero, 0, num)
        den = np.where(zero, 1, den)
        valid = None if here is None else here | zero
        shared = False
    if num.dtype == object or den.dtype == object:
        num = np.asarray(num, dtype=object)
        den = np.asarray(den, dtype=object)
    return _Exact(num, den, valid, shared=shared)


def _object_figure(values: np.ndarray, valid: np.ndarray) -> Any:
    """A figure given per point as Python objects: words (the usual case), or words and
    numbers (then the CSV's texts)."""
    if not valid.all():
        none: Any = None
        values = np.where(valid, values, none)
    pl = require_polars()
    try:  # all words (the usual case): polars checks every value is a str as it copies
        series = _strings(pl, "", values, strict=True)
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        pass  # numbers among the words: sorted out below
    else:
        return _Words(values=values, shared=bool(valid.all()), series=series)
    kinds = {type(v) for v in set(values.tolist())}
    kinds.discard(type(None))
    if kinds <= {str}:
        return _Words(values=values, shared=bool(valid.all()))
    if not kinds & {str}:
        return _Floats(np.array([0.0 if v is None else _float_or_inf(v)
                                 for v in values.tolist()], dtype=float), valid)
    return _Texts([None if v is None else v if isinstance(v, str) else _csv_text(v)
                   for v in values.tolist()])


def _float_or_inf(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _put_solved(columns: list[Any], roles: list[str], rows: dict[int, list[Any]]) -> list[Any]:
    """The rows solved one by one written into the table's columns (their CSV fields)."""
    if not rows:
        return columns
    at = np.array(sorted(rows), dtype=np.int64)
    ordered = [rows[r] for r in sorted(rows)]
    solved = _record_columns(ordered, roles)
    return [_merge(column, part, at) for column, part in zip(columns, solved, strict=True)]


def _merge(column: Any, part: Any, at: np.ndarray) -> Any:
    """``column`` with the rows ``at`` replaced by those of ``part`` (the same role)."""
    if _all_null(part):
        return _nulled(column, at)
    if isinstance(column, (_Ints, _Bools)):  # per-kind values gathered here: our own
        column.values[at] = part.values
        return column
    if type(column) is not type(part) and _all_null(column):
        column = _nulls_like(part, _size(column))
    if isinstance(column, _Floats) and isinstance(part, _Floats):
        values = column.values.copy() if column.shared else column.values
        values[at] = part.values
        valid = np.array(_valid(column))  # a copy: flags arrays are shared
        valid[at] = _valid(part)
        return _Floats(values, valid)
    if isinstance(column, _Exact) and isinstance(part, _Exact):
        pnum, pden = part.num, part.den
        if column.num.dtype != object and column.den.dtype != object and all(
                abs(int(v)) <= _INT64_MAX for v in list(pnum) + list(pden)):
            pnum = np.asarray([int(v) for v in pnum], dtype=np.int64)
            pden = np.asarray([int(v) for v in pden], dtype=np.int64)
            num, den = column.num, column.den
            if column.shared:
                num, den = num.copy(), den.copy()
        else:
            num = np.array(column.num, dtype=object)
            den = np.array(column.den, dtype=object)
        num[at] = pnum
        den[at] = pden
        valid = np.array(_valid(column))
        valid[at] = _valid(part)
        return _Exact(num, den, valid, reduced=column.reduced)  # Fraction: reduced
    if isinstance(column, _Words) and isinstance(part, _Words):
        return _merge_words(column, part, at)
    # a figure column whose points disagree (numbers here, words there): its texts
    texts = _texts_of(column)
    for row, text in zip(at.tolist(), _texts_of(part), strict=True):
        texts[row] = text
    return _Texts(texts)


def _size(column: Any) -> int:
    if isinstance(column, _Exact):
        return len(column.num)
    if isinstance(column, _Words):
        found = column.codes if column.values is None else column.values
        assert found is not None
        return len(found)
    return len(column.values)


def _valid(column: Any) -> np.ndarray:
    """A copy of the column's validity (True where not null)."""
    if isinstance(column, _Words):
        none: Any = None
        return np.not_equal(_word_objects(column), none).astype(bool)
    if isinstance(column, _Texts):
        return np.array([v is not None for v in column.values], dtype=bool)
    valid = getattr(column, "valid", None)  # never shared
    return np.ones(_size(column), dtype=bool) if valid is None else valid


def _all_null(column: Any) -> bool:
    if isinstance(column, (_Ints, _Bools)):
        return False
    if isinstance(column, _Words) and column.values is None:
        assert column.words is not None and column.codes is not None
        return bool(np.all(column.codes == len(column.words)))
    return not _valid(column).any()


def _nulls_like(part: Any, size: int) -> Any:
    """A column of ``size`` nulls of the type of ``part``."""
    if isinstance(part, _Floats):
        return _Floats(np.zeros(size), np.zeros(size, dtype=bool))
    if isinstance(part, _Exact):
        return _Exact(np.zeros(size, dtype=np.int64), np.ones(size, dtype=np.int64),
                      np.zeros(size, dtype=bool))
    if isinstance(part, _Words):
        return _Words([], np.zeros(size, dtype=np.int64))
    return _Texts([None] * size)


def _nulled(column: Any, at: np.ndarray) -> Any:
    """``column`` with nulls at the rows ``at``."""
    if isinstance(column, (_Floats, _Exact)):
        valid = np.array(_valid(column))
        valid[at] = False
        if isinstance(column, _Floats):
            return _Floats(column.values, valid)
        return _Exact(column.num, column.den, valid)
    if isinstance(column, _Words):
        if column.values is not None:
            values = column.values.copy() if column.shared else column.values
            values[at] = None
            return _Words(values=values)
        assert column.words is not None and column.codes is not None
        codes = column.codes
        codes[at] = len(column.words)
        return _Words(column.words, codes)
    texts = list(column.values)
    for row in at.tolist():
        texts[row] = None
    return _Texts(texts)


def _merge_words(column: _Words, part: _Words, at: np.ndarray) -> _Words:
    new = _word_objects(part).tolist()
    if column.values is not None:
        values = column.values.copy() if column.shared else column.values
        values[at] = new
        return _Words(values=values)
    assert column.words is not None and column.codes is not None
    words = list(column.words)
    position = {w: k for k, w in enumerate(words)}
    for w in new:
        if w is not None and w not in position:
            position[w] = len(words)
            words.append(w)
    codes = column.codes
    if len(words) > len(column.words):
        codes[codes == len(column.words)] = len(words)  # the null code moves to the end
    codes[at] = [len(words) if w is None else position[w] for w in new]
    return _Words(words, codes)


def _word_objects(column: _Words) -> np.ndarray:
    if column.values is not None:
        return column.values
    assert column.words is not None and column.codes is not None
    return np.array(list(column.words) + [None], dtype=object)[column.codes]


def _texts_of(column: Any) -> list[str | None]:
    if isinstance(column, _Texts):
        return list(column.values)
    if isinstance(column, _Words):
        return list(_word_objects(column).tolist())
    assert isinstance(column, _Floats)
    valid = (np.ones(len(column.values), dtype=bool) if column.valid is None
             else column.valid)
    return [_csv_text(v) if ok else None
            for v, ok in zip(column.values.tolist(), valid.tolist(), strict=True)]


# ---------------------------------------------------------------------------- frame

def _max_abs(values: np.ndarray) -> int:
    if not len(values):
        return 0
    return max(abs(int(values.max())), abs(int(values.min())))


def _reduced(num: np.ndarray, den: np.ndarray, shape: tuple[int, ...] = ()
             ) -> tuple[np.ndarray, np.ndarray]:
    """The fractions in lowest terms (int64 arrays or object arrays of Python integers,
    ``den > 0`` where the value is used; elsewhere anything). ``gcd`` costs ~50 ns a
    value on int64 (far more on Python integers), the most expensive step of the file:
    skipped where every denominator is 1, and computed once per value of the axes a
    column depends on when, over the grid of ``shape``, the column is constant along
    some axis (a figure of one parameter, or a constant)."""
    if not len(den) or (int(den.min()) == 1 == int(den.max())):
        return num, den
    if len(shape) > 1 and int(np.prod(shape)) == len(num):
        a, b = num.reshape(shape), den.reshape(shape)
        corner: list[Any] = []
        probe = np.random.default_rng(0).integers(0, len(num), 256)
        for k in range(len(shape)):
            # a quick look at a few points first (most columns vary along every axis)
            stride = int(np.prod(shape[k + 1:]))
            base = probe - (probe // stride % shape[k]) * stride
            flat = bool((num[probe] == num[base]).all() and (den[probe] == den[base]).all())
            if flat:
                first = (slice(None),) * k + (slice(0, 1),)
                flat = bool((a == a[first]).all() and (b == b[first]).all())
            corner.append(slice(0, 1) if flat else slice(None))
        if any(c != slice(None) for c in corner):
            sub_num, sub_den = _reduced(a[tuple(corner)].ravel(), b[tuple(corner)].ravel())
            small = a[tuple(corner)].shape
            return (np.broadcast_to(sub_num.reshape(small), shape).ravel(),
                    np.broadcast_to(sub_den.reshape(small), shape).ravel())
    g = np.gcd(num, den)
    g[g == 0] = 1
    return num // g, den // g


def _exact_series(pl: Any, name: str, column: _Exact, shape: tuple[int, ...] = ()
                  ) -> list[Any]:
    """Two Int64 series (numerator, denominator), or one String series of the CSV text
    when a value does not fit in 64 bits. ``shape``: the grid's (for :func:`_reduced`)."""
    num, den, valid = column.num, column.den, column.valid
    if valid is not None and not valid.any():
        return [_nulls(pl, f"{name} numerator", pl.Int64, len(valid)),
                _nulls(pl, f"{name} denominator", pl.Int64, len(valid))]
    if num.dtype == object or den.dtype == object:
        num, den = np.asarray(num, dtype=object), np.asarray(den, dtype=object)
        if valid is not None and not valid.all():
            num = np.where(valid, num, 0)
            den = np.where(valid, den, 1)
        if not column.reduced:
            num, den = _reduced(num, den, shape)
        if max(_max_abs(num), _max_abs(den)) > _INT64_MAX:
            ok = [True] * len(num) if valid is None else valid.tolist()
            texts = [(str(n) if d == 1 else f"{n}/{d}") if here else None
                     for n, d, here in zip(num.tolist(), den.tolist(), ok, strict=True)]
            return [pl.Series(f"{name}", texts, dtype=pl.String)]
        num, den = num.astype(np.int64), den.astype(np.int64)
    elif not column.reduced:
        num, den = _reduced(num, den, shape)
    return [_with_nulls(pl, f"{name} numerator", num, pl.Int64, valid),
            _with_nulls(pl, f"{name} denominator", den, pl.Int64, valid)]


def _nulls(pl: Any, name: str, dtype: Any, size: int) -> Any:
    """A column of ``size`` nulls."""
    return pl.Series(name, [None], dtype=dtype).new_from_index(0, size)


def _with_nulls(pl: Any, name: str, values: np.ndarray, dtype: Any,
                valid: np.ndarray | None) -> Any:
    """The column of ``values`` with nulls where ``valid`` is False."""
    if valid is None or valid.all():
        return pl.Series(name, values, dtype=dtype)
    if not valid.any():
        return _nulls(pl, name, dtype, len(values))
    # a numpy masked array becomes a column with nulls (no trip through polars' engine)
    return pl.Series(name, np.ma.masked_array(values, mask=~valid), dtype=dtype)


def _strings(pl: Any, name: str, values: np.ndarray, strict: bool = False) -> Any:
    """A ``String`` column of an object array of ``str``/``None`` (polars reads a numpy
    object array by its first value: one starting with None goes as a list)."""
    if len(values) and values[0] is None:
        return pl.Series(name, values.tolist(), dtype=pl.String, strict=strict)
    return pl.Series(name, values, dtype=pl.String, strict=strict)


def _series(pl: Any, name: str, column: Any, shape: tuple[int, ...], role: str) -> list[Any]:
    """The polars column(s) of one CSV column (two for an exact one)."""
    if isinstance(column, _Floats):
        return [_with_nulls(pl, name, column.values, pl.Float64, column.valid)]
    if isinstance(column, _Ints):
        return [pl.Series(name, column.values, dtype=pl.Int64)]
    if isinstance(column, _Bools):
        return [pl.Series(name, column.values, dtype=pl.Boolean)]
    if isinstance(column, _Exact):
        return _exact_series(pl, name, column, shape)
    if isinstance(column, _Texts):
        return [pl.Series(name, column.values, dtype=pl.String)]
    assert isinstance(column, _Words)
    if column.values is not None:
        text = (_strings(pl, name, column.values) if column.series is None
                else column.series.alias(name))
        if role != "word":
            return [text]
        return [text.cast(pl.Enum(sorted(text.drop_nulls().unique().to_list())))]
    assert column.words is not None and column.codes is not None
    # words of the kinds (regime, game_type, error): an Enum of the words that occur, in
    # alphabetical order (the same whichever path made the rows), gathered by code (a
    # quarter of a String column's cost to write)
    words = [w if w != "" else None for w in column.words] + [None]
    used = np.bincount(column.codes, minlength=len(words)) > 0
    distinct = sorted({w for w, here in zip(words, used.tolist(), strict=True)
                       if here and w is not None})
    words = [w if w in distinct else None for w in words]
    return [pl.Series(name, words, dtype=pl.Enum(distinct)).gather(column.codes)]


def sweep_frame(result: Any, point_row: Callable[..., list[Any]]) -> Any:
    """The sweep's rows as a polars ``DataFrame`` typed as the module docstring says.

    ``result`` is a :class:`~alliance_games.analysis.sweep.SweepResult` and
    ``point_row`` the function that gives a record's CSV fields
    (:func:`~alliance_games.analysis.sweep._point_row`, passed in: this module is
    below :mod:`.sweep`). Raises :class:`AllianceGamesError` when polars is not
    installed.
    """
    pl = require_polars()
    from .sweep_table import csv_header

    _point_row = point_row

    axes = result.axes
    labels = result.outcome_labels()
    keys = result.analysis_keys()
    table = result.table
    if table is not None:
        kind = np.asarray(table.bulk.kind)
        counts = np.bincount(kind[kind >= 0], minlength=len(table.bulk.kinds))
        present = np.nonzero(counts)[0].tolist()
        exact_keys = _exact_keys(table, keys, present)
        roles = _roles(axes, labels, keys, exact_keys)
        columns = _table_columns(table, labels, keys, exact_keys, present)
        columns = _put_solved(columns, roles, {
            row: _point_row(p, axes, labels, keys, exact_keys)
            for row, p in table.solved.items()})
    else:
        points = list(result.points)
        exact_keys = [k for k in keys if any(k in p.exact_analysis for p in points)]
        roles = _roles(axes, labels, keys, exact_keys)
        columns = _record_columns([_point_row(p, axes, labels, keys, exact_keys)
                                   for p in points], roles)
    header = csv_header(axes, labels, keys, exact_keys)
    shape = tuple(len(a.values) for a in axes)
    series: list[Any] = []
    for name, column, role in zip(header, columns, roles, strict=True):
        series += _series(pl, name, column, shape, role)
    return pl.DataFrame(series)


def parquet_bytes(result: Any, point_row: Callable[..., list[Any]],
                  compression: str = COMPRESSION) -> bytes:
    """The Parquet file of :func:`sweep_frame` (``compression``: ``lz4``,
    ``snappy``, ``zstd`` or ``uncompressed``), as bytes to be written whole."""
    frame = sweep_frame(result, point_row)
    out = io.BytesIO()
    frame.write_parquet(out, compression=compression, statistics=STATISTICS)
    return out.getvalue()
