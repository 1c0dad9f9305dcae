"""Parameter sweeps: solve a model on a grid of parameter values and map its regimes.

Each grid point is solved independently (so the sweep parallelises trivially: a local
process pool with ``workers``, or a Dask cluster with ``scheduler``). A point is
summarised by its *regime* — the set of equilibrium signatures (the outcome each pure
equilibrium leads to, ``mixed`` for the others) — and by the range over equilibria of
each outcome label's probability. A phase diagram colours the grid by regime, which is
how scholars read where a game's equilibrium set changes (e.g. where offense dominance
turns an assurance game into a prisoner's dilemma).

Grid values are exact rationals: ``k=0:1:5`` is 0, 1/4, 1/2, 3/4, 1.

The CSV follows the JSON number policy (:mod:`alliance_games.report.json`): floats at
full double precision (shortest round-trip ``repr``), never rounded; a value beyond the
double range is ``Infinity``/``-Infinity``. Exact values are strings in extra columns
appended after ``error`` (so the positions of the existing columns do not move): one
``<parameter> exact`` column per swept parameter (``1/3``) and ``P(<label>) min exact``
/ ``P(<label>) max exact`` per outcome label, filled where every equilibrium of the
point was certified in rational arithmetic and empty otherwise.

The families with a closed form (:data:`BULK`: the symmetric 2x2 family, bargaining, the
commitment problem, repeated games, Cobb-Douglas public goods) compute the whole grid
at once, rows included:
their kernels give the rows as columns (:mod:`.sweep_table`; exact values as integer
arrays, :mod:`.sweep_rational`) and the CSV is assembled column by column, byte for byte
the per-point path's. :data:`CLOSED_FORM` specs the columnar path does not take
(risk-return, quasi-linear public goods) are classified at once and their rows built
point by point;
every other spec is solved point by point.

A family whose results are figures rather than strategy profiles (crisis bargaining,
bargaining, public goods ...) puts them under the result's ``analysis`` (``extra``);
each scalar figure there (and each scalar one level down, as ``key.sub``) becomes a
column ``analysis.<key>`` after the exact columns, with its exact string in
``analysis.<key> exact`` where the figure is held exactly: e.g. ``analysis.demand``,
``analysis.p_war`` for ``crisis/risk_return``.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import AllianceGamesError, SpecError
from ..numbers import exact_text

__all__ = ["GridAxis", "SweepPoint", "SweepResult", "parse_grid", "sweep", "solve_point",
           "CompiledSpec"]


@dataclass(frozen=True)
class GridAxis:
    """One swept parameter and its values (inclusive, evenly spaced, exact)."""

    name: str
    values: tuple[Fraction, ...]


def parse_grid(text: str) -> GridAxis:
    """``name=start:stop:n`` -> :class:`GridAxis` (``n >= 2`` evenly spaced points).

    >>> parse_grid("p=0:1:5").values[1]
    Fraction(1, 4)
    """
    name, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise SpecError(f"--grid {text!r}: expected name=start:stop:n, e.g. cost_of_war=0:20:21")
    try:
        start, stop = Fraction(parts[0].strip()), Fraction(parts[1].strip())
        n = int(parts[2])
    except (ValueError, ZeroDivisionError):
        raise SpecError(f"--grid {text!r}: start and stop must be numbers, n an integer") from None
    if not 2 <= n <= 10_000:
        raise SpecError(f"--grid {text!r}: n must be between 2 and 10000")
    step = (stop - start) / (n - 1)
    return GridAxis(name.strip(), tuple(start + k * step for k in range(n)))


@dataclass(frozen=True)
class SweepPoint:
    """The summary of one grid point."""

    parameters: Mapping[str, Fraction]
    n_equilibria: int
    complete: bool
    regime: str
    game_type: str = ""
    outcomes: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    error: str = ""
    exact_outcomes: Mapping[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    """The same ranges in rationals, for labels whose probabilities are all exact."""
    analysis: Mapping[str, float | str] = field(default_factory=dict)
    """The result's scalar ``analysis`` figures (numbers as floats, words as text)."""
    exact_analysis: Mapping[str, str] = field(default_factory=dict)
    """The exact strings of the figures held exactly."""


@dataclass(frozen=True)
class SweepResult:
    """All grid points, in grid order, with the axes that made them."""

    spec: str
    axes: tuple[GridAxis, ...]
    points: Sequence[SweepPoint]
    method: str
    table: Any = field(default=None, repr=False, compare=False)
    """The rows as columns (:class:`.sweep_table.SweepTable`) when a family kernel
    decided the grid at once; ``points`` then builds each record when read."""

    def regimes(self) -> list[str]:
        """Distinct regimes in order of first appearance."""
        if self.table is not None:
            return list(self.table.regimes())
        seen: dict[str, None] = {}
        for p in self.points:
            seen.setdefault(p.regime, None)
        return list(seen)

    def outcome_labels(self) -> list[str]:
        if self.table is not None:
            return list(self.table.outcome_labels())
        labels: dict[str, None] = {}
        for p in self.points:
            for label in p.outcomes:
                labels.setdefault(label, None)
        return list(labels)

    def analysis_keys(self) -> list[str]:
        """The ``analysis`` figures of any point, in order of first appearance."""
        if self.table is not None:
            return list(self.table.analysis_keys())
        keys: dict[str, None] = {}
        for p in self.points:
            for key in p.analysis:
                keys.setdefault(key, None)
        return list(keys)

    def to_csv(self) -> str:
        """One row per grid point: parameters, regime, counts, outcome probability ranges.

        Floats at full precision and exact strings after ``error`` (see the module
        docstring).
        """
        return "".join(self.csv_chunks())

    def csv_chunks(self) -> Iterator[str]:
        """:meth:`to_csv`'s text in pieces, for writing a large grid without holding it
        whole (the column path yields the header, then blocks of rows)."""
        if self.table is not None:
            yield from self.table.csv_chunks()
            return
        yield self._records_csv()

    def csv_pieces(self) -> Iterator[str | bytes]:
        """:meth:`csv_chunks`' pieces, blocks of rows as UTF-8 bytes where the column
        path makes bytes (for a file: no round trip through ``str``)."""
        if self.table is not None:
            yield from self.table.csv_pieces()
            return
        yield self._records_csv()

    def to_polars(self) -> Any:
        """The rows as a typed polars ``DataFrame``: the CSV's columns with floats as
        ``Float64``, exact values as ``Int64`` numerator/denominator pairs and empty
        fields as nulls (:mod:`.sweep_parquet`; needs polars)."""
        from .sweep_parquet import sweep_frame

        return sweep_frame(self, _point_row)

    def parquet_bytes(self) -> bytes:
        """:meth:`to_polars` as a Parquet file's bytes (``-o results.parquet``)."""
        from .sweep_parquet import parquet_bytes

        return parquet_bytes(self, _point_row)

    def _records_csv(self) -> str:
        from .sweep_table import csv_header

        labels = self.outcome_labels()
        out = io.StringIO()
        writer = csv.writer(out)
        keys = self.analysis_keys()
        exact_keys = [k for k in keys if any(k in p.exact_analysis for p in self.points)]
        writer.writerow(csv_header(self.axes, labels, keys, exact_keys))
        for p in self.points:
            writer.writerow(_point_row(p, self.axes, labels, keys, exact_keys))
        return out.getvalue()


def _point_row(p: SweepPoint, axes: Sequence[GridAxis], labels: Sequence[str],
               keys: Sequence[str], exact_keys: Sequence[str]) -> list[Any]:
    """One point's CSV fields (see :meth:`SweepResult.to_csv`)."""
    row: list[Any] = [_csv_float(p.parameters[a.name]) for a in axes]
    row += [p.n_equilibria, p.complete, p.game_type, p.regime]
    exact_row: list[str] = [str(p.parameters[a.name]) for a in axes]
    for label in labels:
        lo, hi = p.outcomes.get(label, (0.0, 0.0))
        row += [_csv_float(lo), _csv_float(hi)]
        if p.error:
            exact_row += ["", ""]
        elif label in p.exact_outcomes:
            exact_row += [str(v) for v in p.exact_outcomes[label]]
        elif label not in p.outcomes and p.exact_outcomes:
            exact_row += ["0", "0"]  # no equilibrium reaches it: exactly 0
        else:
            exact_row += ["", ""]
    figures = [_csv_figure(p.analysis.get(k, "")) for k in keys]
    figures += [p.exact_analysis.get(k, "") for k in exact_keys]
    return row + [p.error] + exact_row + figures


def _csv_float(value: Any) -> float | str:
    """A number as a CSV float at full precision (``str`` of a float is its shortest
    round-trip ``repr``); beyond the double range ``Infinity``/``-Infinity``."""
    try:
        return float(value)
    except OverflowError:
        return "Infinity" if value > 0 else "-Infinity"


def _csv_figure(value: Any) -> Any:
    return value if isinstance(value, str) else _csv_float(value)


def _flat_analysis(extra: Mapping[str, Any]) -> tuple[dict[str, float | str], dict[str, str]]:
    """Scalar ``analysis`` figures (one level of nesting as ``key.sub``) and their exact
    strings; the ``exact`` mirror and the predictions are not figures."""
    figures: dict[str, float | str] = {}
    exact: dict[str, str] = {}

    def add(key: str, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, str):
            figures[key] = value
            return
        try:
            figures[key] = float(value)
        except (TypeError, ValueError, OverflowError):
            return
        text = exact_text(value, with_ints=True)
        if text is not None:
            exact[key] = text

    for key, value in extra.items():
        if key in ("exact", "predictions", "seconds"):  # timings are not figures
            continue
        if isinstance(value, Mapping):
            for sub, inner in value.items():
                if not isinstance(inner, Mapping | list | tuple):
                    add(f"{key}.{sub}", inner)
        elif not isinstance(value, list | tuple):
            add(str(key), value)
    return figures, exact


def _signature(eq: Any) -> str:
    if eq.pure:
        if eq.outcomes:
            return " & ".join(sorted(eq.outcomes))
        if eq.strategies is not None:
            return "(" + ", ".join(
                next(s for s, p in d.items() if p == 1) for d in eq.strategies.values()) + ")"
        return "pure"
    return "mixed"


def solve_point(spec: str, overrides: Mapping[str, str], method: str = "auto",
                timeout: float | None = None) -> SweepPoint:
    """Load, solve and summarise one grid point (runs in a worker process)."""
    from ..modeling.loader import load

    return _solve_game(lambda: load(spec, dict(overrides)), overrides, method, timeout)


class CompiledSpec:
    """A YAML spec read, parsed and located once; a grid point only applies its
    parameter values (``--set``) to the parsed document and runs the family's compiler.

    Re-reading and re-parsing the YAML at every point was half of a sweep's time. The
    parsed document is shared by the points (compilers only read it); each point gets
    its own :class:`~alliance_games.modeling.context.SpecContext` (its parameters, its
    error list). The game is the one :func:`~alliance_games.modeling.loader.load`
    returns for the same overrides: the same parameters pass through the same
    ``apply_overrides`` and the same compiler. A spec whose defaults already carry
    errors (or a Gambit file) goes through ``load`` at every point, as before.
    """

    def __init__(self, spec: str, text: str, filename: str) -> None:
        from ..modeling.loader import load_spec

        self.spec = spec
        self.text = text
        self.loaded = load_spec(text, filename)
        self.parameters = dict(self.loaded.context.parameters)
        self.reusable = not self.loaded.context.errors

    @classmethod
    def read(cls, spec: str) -> CompiledSpec | None:
        """The compiled spec of a YAML file or catalog name (None for a Gambit file)."""
        from ..modeling.loader import _read_text, resolve

        path = resolve(spec)
        if path.suffix.lower() in (".nfg", ".efg"):
            return None
        return _compiled(spec, _read_text(path), str(path))

    def game(self, overrides: Mapping[str, str]) -> Any:
        """The game at one grid point (parameter values as text, as ``--set`` takes)."""
        from dataclasses import replace

        from ..modeling.context import apply_overrides
        from ..modeling.loader import LoadedSpec, compile_spec, load

        if not self.reusable:
            return load(self.spec, dict(overrides))
        ctx = self.loaded.context
        parameters = apply_overrides(ctx.doc, self.parameters, dict(overrides))
        point = replace(ctx, parameters=parameters, errors=[])
        return compile_spec(LoadedSpec(point, self.loaded.kind))


_COMPILED: dict[tuple[str, str, str], CompiledSpec] = {}


def _compiled(spec: str, text: str, filename: str) -> CompiledSpec:
    """One :class:`CompiledSpec` per spec text in this process (workers keep theirs
    across the chunks they are sent; keyed by the text, so an edited file is re-read)."""
    key = (spec, filename, text)
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) >= 8:
            _COMPILED.clear()
        found = _COMPILED[key] = CompiledSpec(spec, text, filename)
    return found


def _solve_compiled(spec: str, text: str | None, filename: str, overrides: Mapping[str, str],
                    method: str, timeout: float | None) -> SweepPoint:
    """One grid point of a spec compiled once (``text`` None: a Gambit file, loaded)."""
    if text is None:
        return solve_point(spec, overrides, method, timeout)
    compiled = _compiled(spec, text, filename)
    return _solve_game(lambda: compiled.game(overrides), overrides, method, timeout)


def _solve_game(make_game: Callable[[], Any], overrides: Mapping[str, str], method: str,
                timeout: float | None) -> SweepPoint:
    """Build the game of one grid point, solve it and summarise the result."""
    from ..solvers.dispatch import solve

    params = {k: Fraction(v) for k, v in overrides.items()}
    try:
        game = make_game()
        result = solve(game, method, timeout=timeout)
    except AllianceGamesError as exc:
        return SweepPoint(params, 0, False, "error", error=str(exc).splitlines()[0])
    counts: dict[str, int] = {}
    for eq in result.equilibria:
        sig = _signature(eq)
        counts[sig] = counts.get(sig, 0) + 1
    regime = " | ".join(f"{k}" if v == 1 else f"{k} x{v}" for k, v in sorted(counts.items()))
    labels = {label for eq in result.equilibria for label in eq.outcomes}
    outcomes = {}
    exact_outcomes = {}
    for label in sorted(labels):
        values = [eq.outcomes.get(label, 0) for eq in result.equilibria]
        probs = [float(v) for v in values]
        outcomes[label] = (min(probs), max(probs))
        if all(eq.exact for eq in result.equilibria):
            exact = [Fraction(v) for v in values]
            exact_outcomes[label] = (min(exact), max(exact))
    game_type = str((getattr(game, "info", {}) or {}).get("classification", {}).get("name", ""))
    figures, exact_figures = _flat_analysis(result.extra)
    return SweepPoint(params, len(result.equilibria), result.complete, regime or "none",
                      game_type, outcomes, exact_outcomes=exact_outcomes,
                      analysis=figures, exact_analysis=exact_figures)


def _grid(axes: Sequence[GridAxis]) -> list[dict[str, str]]:
    return [
        {a.name: str(v) for a, v in zip(axes, combo, strict=True)}
        for combo in itertools.product(*(a.values for a in axes))
    ]


def sweep(
    spec: str,
    axes: Sequence[GridAxis],
    *,
    overrides: Mapping[str, str] | None = None,
    method: str = "auto",
    workers: int = 1,
    scheduler: str | None = None,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Solve ``spec`` at every point of the grid spanned by ``axes``.

    Parameters
    ----------
    spec
        Catalog name or path of the model.
    axes
        The swept parameters (their product is the grid).
    overrides
        Fixed parameter values for every point (``--set``).
    workers
        Local processes (1 = in this process).
    scheduler
        Address of a Dask distributed scheduler (``tcp://host:8786``); needs the
        ``dask`` extra.
    """
    from ..modeling.loader import load

    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise SpecError("a parameter is swept twice")
    load(spec, {**(overrides or {}), **{a.name: str(a.values[0]) for a in axes}})  # fail fast
    from ..modeling.loader import _read_text, resolve

    path = resolve(spec)
    # read once here; parsed once per process (see CompiledSpec)
    text = None if path.suffix.lower() in (".nfg", ".efg") else _read_text(path)
    filename = str(path)
    total = 1
    for axis in axes:
        total *= len(axis.values)
    results: list[SweepPoint] = []
    fast = None
    if workers == 1 and not scheduler and text is not None:
        first = {**(overrides or {}), **{a.name: str(a.values[0]) for a in axes}}
        table = _bulk(_compiled(spec, text, filename), filename, axes, overrides or {},
                      first, method, timeout, progress)
        if table is not None:
            from .sweep_table import TablePoints

            return SweepResult(spec, tuple(axes), TablePoints(table), method, table)
    # the 2x2 family's grid is classified at once, in this process: with workers > 1 (or a
    # Dask scheduler) the caller asked for the points to be spread, and they are
    if (workers == 1 and not scheduler and text is not None
            and method in ("auto", "vertex-enumeration")):
        first = {**(overrides or {}), **{a.name: str(a.values[0]) for a in axes}}
        fast = _vectorised(_compiled(spec, text, filename), axes, overrides or {}, first,
                           method, timeout)
    if fast is not None:
        # the points the vectorised pass left (ties, errors) are solved one by one
        for k, point in enumerate(fast):
            results.append(point if point is not None else _solve_compiled(
                spec, text, filename, _point_at(axes, overrides or {}, k), method, timeout))
        if progress:
            progress(total, total)
        return SweepResult(spec, tuple(axes), tuple(results), method)
    points_in = [{**(overrides or {}), **p} for p in _grid(axes)]
    results = _solve_points(spec, text, filename, points_in, method, timeout, workers,
                            scheduler, progress)
    return SweepResult(spec, tuple(axes), tuple(results), method)


def _solve_points(spec: str, text: str | None, filename: str,
                  points_in: Sequence[Mapping[str, str]], method: str,
                  timeout: float | None, workers: int, scheduler: str | None,
                  progress: Callable[[int, int], None] | None) -> list[SweepPoint]:
    """The points solved one by one: on a Dask cluster, over ``workers`` local
    processes, or in this process; in the order given."""
    results: list[SweepPoint] = []
    total = len(points_in)
    if not points_in:
        return results
    if scheduler:
        return _dask_map(scheduler, spec, text, filename, points_in, method, timeout,
                         progress)
    if workers > 1 and total > 1:
        # parse the spec and import the solvers here, before the workers are forked:
        # they inherit both, so no worker parses or imports anything per chunk
        _warm(spec, text, filename, points_in[0], method, timeout)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                   initargs=(os.getpid(),))
        size = _chunk_size(total, workers)
        try:
            # submit() and our own chunks, not pool.map(): when interrupted, map's
            # iterator cancels its futures, and the executor (Python 3.11) then fails
            # with InvalidStateError in its thread while stopping, printing a traceback
            with _signals_blocked():
                futures = [pool.submit(_solve_chunk, spec, text, filename,
                                       points_in[k:k + size], method, timeout)
                           for k in range(0, total, size)]
            for future in futures:
                results.extend(future.result())
                if progress:
                    progress(len(results), total)
        except BaseException:
            # interrupted (Ctrl-C, SIGTERM) or failed: the points still running would
            # hold shutdown() for as long as they take, so the workers are stopped now
            _stop_workers(pool)
            raise
        pool.shutdown()
        return results
    for k, p in enumerate(points_in, 1):
        results.append(_solve_compiled(spec, text, filename, p, method, timeout))
        if progress:
            progress(k, total)
    return results


#: chunks per worker: enough to balance points of unequal cost, few enough that a
#: chunk's round trip (pickling its points and records) is negligible beside its solving
CHUNKS_PER_WORKER = 4


def _chunk_size(total: int, workers: int) -> int:
    """Points per task: ``total`` split into about ``CHUNKS_PER_WORKER`` chunks a worker."""
    return max(1, -(-total // (workers * CHUNKS_PER_WORKER)))


def _warm(spec: str, text: str | None, filename: str, point: Mapping[str, str],
          method: str, timeout: float | None) -> None:
    """Parse the spec and import the solvers in this process (workers forked after this
    inherit both: each then only solves). The point solved is discarded."""
    if text is not None:
        _compiled(spec, text, filename)
    from ..solvers import dispatch  # noqa: F401

    _solve_compiled(spec, text, filename, point, method, timeout)


def _point_at(axes: Sequence[GridAxis], overrides: Mapping[str, str], k: int
              ) -> dict[str, str]:
    """The ``k``-th point of the grid (in :func:`_grid`'s order) with the overrides."""
    values: list[Fraction] = []
    for axis in reversed(axes):
        k, i = divmod(k, len(axis.values))
        values.append(axis.values[i])
    point = dict(overrides)
    point.update({a.name: str(v) for a, v in zip(axes, reversed(values), strict=True)})
    return point


def _invalid_values(doc: Any, fixed: Any, axes: Sequence[GridAxis]) -> list[set[Fraction]]:
    """Per axis, the grid values the spec's parameter checks reject (those points are
    solved one by one and report the spec's own error)."""
    from ..modeling.context import apply_overrides

    def refused(name: str, value: Fraction) -> bool:
        try:
            apply_overrides(doc, fixed, {name: str(value)})
        except SpecError:
            return True
        return False

    bad: list[set[Fraction]] = []
    for axis in axes:
        param = fixed.get(axis.name)
        out = set()
        checked = False  # a short value in range passed apply_overrides
        for value in axis.values:
            short = len(str(value)) <= _SHORT_VALUE
            if param is None or not short or not checked:
                if refused(axis.name, value):
                    out.add(value)
                elif short and param is not None and (
                        param.range is None or param.range[0] <= value <= param.range[1]):
                    checked = True
            elif param.range is not None and not param.range[0] <= value <= param.range[1]:
                # what apply_overrides checks of a short number once its text parses
                out.add(value)
        bad.append(out)
    return bad


#: grid values written with at most this many characters are parsed once per axis by
#: ``apply_overrides`` (then only the declared range is checked, as it does)
_SHORT_VALUE = 40


def _vectorised(compiled: CompiledSpec, axes: Sequence[GridAxis],
                overrides: Mapping[str, str], first: Mapping[str, str],
                method: str = "auto", timeout: float | None = None
                ) -> list[SweepPoint | None] | None:
    """The grid classified at once for the symmetric 2x2 family (:mod:`.sweep_2x2`)
    and the closed-form families (:data:`CLOSED_FORM`); None when the spec does not
    qualify (then every point is solved)."""
    kind = compiled.loaded.kind
    closed = kind in CLOSED_FORM and method == "auto"
    if not compiled.reusable or (kind != "security_dilemma" and not closed):
        return None
    from ..modeling.context import apply_overrides

    doc = compiled.loaded.context.doc
    try:
        fixed = apply_overrides(doc, compiled.parameters, dict(overrides))
        game = compiled.game(first) if kind == "security_dilemma" else None
    except SpecError:
        return None
    bad = _invalid_values(doc, fixed, axes)
    exact_fixed = {k: Fraction(v) for k, v in overrides.items()}
    if closed:
        import importlib

        from .sweep_fields import piecewise_expressions, vectorised_family

        if piecewise_expressions(compiled.text):
            return None  # conditions or functions: an affine fit could miss a kink

        def solve_game(game: Any, point: Mapping[str, str]) -> SweepPoint:
            return _solve_game(lambda: game, {**overrides, **point}, method, timeout)

        module = importlib.import_module(CLOSED_FORM[kind], __package__)
        return vectorised_family(
            module, lambda point: compiled.game({**overrides, **point}), axes, bad,
            exact_fixed, _flat_analysis, SweepPoint, solve_game)
    from .sweep_2x2 import vectorised_points

    values = {name: p.value for name, p in fixed.items()}
    return vectorised_points(game, values, axes, bad, exact_fixed, SweepPoint)


#: families whose whole grid, rows included, is computed at once (kernel module with
#: ``extract``, ``valid`` and ``bulk_rows``), by spec ``kind``; the methods they stand for
BULK = {"security_dilemma": (".sweep_2x2", ("auto", "vertex-enumeration")),
        "bargaining": (".sweep_bargaining", ("auto",)),
        "crisis_bargaining": (".sweep_crisis", ("auto",)),
        "repeated": (".sweep_repeated", ("auto",)),
        "public_goods": (".sweep_public_goods", ("auto",))}


def _bulk(compiled: CompiledSpec, filename: str, axes: Sequence[GridAxis],
          overrides: Mapping[str, str], first: Mapping[str, str], method: str,
          timeout: float | None,
          progress: Callable[[int, int], None] | None) -> Any:
    """The grid's rows as columns (:class:`.sweep_table.SweepTable`) for the families of
    :data:`BULK`; None when the spec does not qualify (then :func:`_vectorised` or the
    per-point path). The points the kernel leaves are solved one by one."""
    import importlib

    import numpy as np

    from .sweep_fields import fit_fields, piecewise_expressions
    from .sweep_table import SweepTable

    kind = compiled.loaded.kind
    if kind not in BULK or method not in BULK[kind][1] or not compiled.reusable:
        return None
    if piecewise_expressions(compiled.text):
        return None  # conditions or functions: an affine fit could miss a kink
    from ..modeling.context import apply_overrides

    doc = compiled.loaded.context.doc
    try:
        fixed = apply_overrides(doc, compiled.parameters, dict(overrides))
    except SpecError:
        return None
    bad = _invalid_values(doc, fixed, axes)
    module = importlib.import_module(BULK[kind][0], __package__)
    fields = fit_fields(lambda point: compiled.game({**overrides, **point}), axes, bad,
                        module.extract)
    if fields is None:
        return None
    for point in fields.failed:
        if module.valid(fields.structure, fields.exact_at(point)):
            return None  # the compiler refused a point the kernel would accept
    shape = [len(a.values) for a in axes]
    holes = np.zeros(int(np.prod(shape)), dtype=bool).reshape(shape)
    for k, (axis, out) in enumerate(zip(axes, bad, strict=True)):
        for i, value in enumerate(axis.values):
            if value in out:
                holes[(slice(None),) * k + (i,)] = True
    positions = [{v: i for i, v in enumerate(a.values)} for a in axes]
    for point in fields.failed:
        holes[tuple(p[v] for p, v in zip(positions, point, strict=True))] = True
    bulk = module.bulk_rows(fields, axes, holes.ravel())
    if bulk is None:
        return None
    todo = np.nonzero(np.asarray(bulk.kind) < 0)[0].tolist()
    total = len(bulk.kind)
    solved = {}
    for done, row in enumerate(todo, 1):
        solved[row] = _solve_compiled(compiled.spec, compiled.text, filename, _point_at(
            axes, overrides, row), method, timeout)
        if progress and done % 64 == 0:
            progress(total - len(todo) + done, total)
    if progress:
        progress(total, total)
    exact_fixed = {k: Fraction(v) for k, v in overrides.items()}
    return SweepTable(axes, exact_fixed, bulk, solved, _point_row, SweepPoint)


#: closed-form families swept at once, by spec ``kind``: the kernel module (see
#: :func:`.sweep_fields.vectorised_family` for what it provides)
CLOSED_FORM = {"bargaining": ".sweep_bargaining", "repeated": ".sweep_repeated",
               "crisis_bargaining": ".sweep_crisis", "public_goods": ".sweep_public_goods"}


def _solve_chunk(spec: str, text: str | None, filename: str,
                 points: Sequence[Mapping[str, str]], method: str,
                 timeout: float | None) -> list[SweepPoint]:
    """Several grid points in one task (fewer round trips to the workers); the spec is
    parsed once per worker process."""
    return [_solve_compiled(spec, text, filename, p, method, timeout) for p in points]


# prctl(2) option: the signal the kernel sends this process when its parent dies
_PR_SET_PDEATHSIG = 1
_PARENT_POLL_SECONDS = 0.5
_STOP_GRACE_SECONDS = 2.0
_DASK_CONNECT_SECONDS = 5


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the pool forks its workers (delivered right after).

    A forked worker inherits the parent's Python signal handlers until its initializer
    replaces them; a Ctrl-C in that gap made it print a traceback. Blocked signals stay
    pending instead: the parent gets its own when the block ends, and each worker
    unblocks only after :func:`_worker_init` has set its handlers.
    """
    if not hasattr(signal, "pthread_sigmask") or (
            threading.current_thread() is not threading.main_thread()):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(ppid: int) -> None:
    while os.getppid() == ppid:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


def _worker_init(parent: int) -> None:
    """Initializer of every sweep worker: die with the sweep, leave Ctrl-C to it.

    A worker of :class:`ProcessPoolExecutor` only notices its parent's death when it
    next reads the task queue, i.e. after its current point, which may take minutes; a
    ``kill -9`` of the sweep left workers computing for nobody. The kernel can do it
    at once: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (Linux; no Python library exposes it,
    hence ctypes). The signal follows the *thread* that forked the worker: the
    executor forks from the thread that submits, here the sweep's own thread, which
    lives as long as the pool. Elsewhere a daemon thread polls the parent pid instead.

    Ctrl-C reaches the whole foreground process group; workers ignore SIGINT so the
    parent alone decides (it stops them) and no worker prints a traceback. SIGTERM gets
    its default action back, as the parent's handler may have been inherited by fork.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent around the fork
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    ppid = os.getppid()
    if not _set_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(ppid,), daemon=True).start()
    # the parent may have died before prctl: then this process was already re-parented
    if os.getppid() != ppid or (ppid != parent and not _pid_alive(parent)):
        os._exit(1)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers, wait briefly, kill the stubborn, then shut down.

    ``shutdown(cancel_futures=True)`` alone still waits for the running points; the
    executor has no public way to stop its workers before Python 3.14
    (``terminate_workers``), hence the private ``_processes`` map.
    """
    from multiprocessing.connection import wait

    stop = getattr(pool, "terminate_workers", None)
    if stop is not None:
        stop()
    else:
        procs = list((getattr(pool, "_processes", None) or {}).values())
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        # wait on sentinels, not join(): the executor's own thread may reap them too
        pending = {proc.sentinel: proc for proc in procs}
        deadline = time.monotonic() + _STOP_GRACE_SECONDS
        while pending and time.monotonic() < deadline:
            for ready in wait(list(pending), timeout=deadline - time.monotonic()):
                pending.pop(ready, None)
        for proc in pending.values():
            proc.kill()
    pool.shutdown(wait=True)


def _dask_map(scheduler: str, spec: str, text: str | None, filename: str,
              points: Iterable[Mapping[str, str]], method: str, timeout: float | None,
              progress: Callable[[int, int], None] | None) -> list[SweepPoint]:
    """The points solved on a Dask cluster, in chunks (:func:`_solve_chunk`).

    The spec's *text* travels with each chunk, so the workers need ``alliance_games``
    installed but not the spec file; each worker process parses a spec once and keeps
    it across chunks (:func:`_compiled`). A Gambit file (``text`` None) is read by the
    workers from ``spec``, which must then be a path they can read.
    """
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise AllianceGamesError(
            '--scheduler needs Dask: pip install "alliance_games[dask]"') from None
    points = list(points)
    try:
        # distributed's default connect timeout is 30 s plus retries (36 s measured)
        client = Client(scheduler, timeout=_DASK_CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        raise AllianceGamesError(
            f"cannot connect to the Dask scheduler at {scheduler[:200]!r} (timeout "
            f"{_DASK_CONNECT_SECONDS} s): {reason}") from None
    with client:
        threads = sum(w.get("nthreads", 1)
                      for w in client.scheduler_info().get("workers", {}).values())
        size = _chunk_size(len(points), max(1, threads))
        chunks = [points[k:k + size] for k in range(0, len(points), size)]
        futures = [client.submit(_solve_chunk, spec, text, filename, chunk, method, timeout,
                                 pure=False)
                   for chunk in chunks]
        index = {f.key: k for k, f in enumerate(futures)}
        out: list[list[SweepPoint]] = [[] for _ in chunks]
        done = 0
        for future in as_completed(futures):
            out[index[future.key]] = future.result()
            done += len(out[index[future.key]])
            if progress:
                progress(done, len(points))
    return [p for chunk in out for p in chunk]
