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
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import AllianceGamesError, SpecError

__all__ = ["GridAxis", "SweepPoint", "SweepResult", "parse_grid", "sweep", "solve_point"]


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


@dataclass(frozen=True)
class SweepResult:
    """All grid points, in grid order, with the axes that made them."""

    spec: str
    axes: tuple[GridAxis, ...]
    points: tuple[SweepPoint, ...]
    method: str

    def regimes(self) -> list[str]:
        """Distinct regimes in order of first appearance."""
        seen: dict[str, None] = {}
        for p in self.points:
            seen.setdefault(p.regime, None)
        return list(seen)

    def outcome_labels(self) -> list[str]:
        labels: dict[str, None] = {}
        for p in self.points:
            for label in p.outcomes:
                labels.setdefault(label, None)
        return list(labels)

    def to_csv(self) -> str:
        """One row per grid point: parameters, regime, counts, outcome probability ranges.

        Floats at full precision and exact strings after ``error`` (see the module
        docstring).
        """
        labels = self.outcome_labels()
        out = io.StringIO()
        writer = csv.writer(out)
        header = [a.name for a in self.axes] + ["n_equilibria", "complete", "game_type",
                                                  "regime"]
        exact_header = [f"{a.name} exact" for a in self.axes]
        for label in labels:
            header += [f"P({label}) min", f"P({label}) max"]
            exact_header += [f"P({label}) min exact", f"P({label}) max exact"]
        writer.writerow(header + ["error"] + exact_header)
        for p in self.points:
            row: list[Any] = [_csv_float(p.parameters[a.name]) for a in self.axes]
            row += [p.n_equilibria, p.complete, p.game_type, p.regime]
            exact_row: list[str] = [str(p.parameters[a.name]) for a in self.axes]
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
            writer.writerow(row + [p.error] + exact_row)
        return out.getvalue()


def _csv_float(value: Any) -> float | str:
    """A number as a CSV float at full precision (``str`` of a float is its shortest
    round-trip ``repr``); beyond the double range ``Infinity``/``-Infinity``."""
    try:
        return float(value)
    except OverflowError:
        return "Infinity" if value > 0 else "-Infinity"


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
    from .. import load, solve

    params = {k: Fraction(v) for k, v in overrides.items()}
    try:
        game = load(spec, dict(overrides))
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
    return SweepPoint(params, len(result.equilibria), result.complete, regime or "none",
                      game_type, outcomes, exact_outcomes=exact_outcomes)


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
    from .. import load

    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise SpecError("a parameter is swept twice")
    load(spec, {**(overrides or {}), **{a.name: str(a.values[0]) for a in axes}})  # fail fast
    points_in = [{**(overrides or {}), **p} for p in _grid(axes)]
    total = len(points_in)
    results: list[SweepPoint] = []
    if scheduler:
        results = _dask_map(scheduler, spec, points_in, method, timeout, progress)
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = pool.map(solve_point, itertools.repeat(spec), points_in,
                               itertools.repeat(method), itertools.repeat(timeout),
                               chunksize=max(1, total // (workers * 8)))
            for k, point in enumerate(futures, 1):
                results.append(point)
                if progress:
                    progress(k, total)
    else:
        for k, p in enumerate(points_in, 1):
            results.append(solve_point(spec, p, method, timeout))
            if progress:
                progress(k, total)
    return SweepResult(spec, tuple(axes), tuple(results), method)


def _dask_map(scheduler: str, spec: str, points: Iterable[Mapping[str, str]], method: str,
              timeout: float | None,
              progress: Callable[[int, int], None] | None) -> list[SweepPoint]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise AllianceGamesError(
            "--scheduler needs Dask: pip install 'alliance_games[dask]'") from None
    points = list(points)
    with Client(scheduler) as client:
        futures = [client.submit(solve_point, spec, p, method, timeout, pure=False)
                   for p in points]
        index = {f.key: k for k, f in enumerate(futures)}
        out: list[SweepPoint | None] = [None] * len(points)
        for done, future in enumerate(as_completed(futures), 1):
            out[index[future.key]] = future.result()
            if progress:
                progress(done, len(points))
    return [p for p in out if p is not None]
