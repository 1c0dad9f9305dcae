"""Parameter sweeps (goal 5 of issue 13): points per second, ours vs a plain loop over
QuantEcon's vertex enumeration; not a test.

Run ``python benchmarks/sweeps.py`` (``--side 60`` for the grid's side, ``--quick``).
Needs quantecon for the peer loop.

1. **security_dilemma/chicken** on a ``side x side`` grid of ``cost_of_war`` and
   ``prize``, four ways: the sweep as it is now (spec compiled once, the grid classified
   at once by :mod:`alliance_games.analysis.sweep_2x2`, ties and errors solved one by
   one); the general per-point path with the spec compiled once
   (:class:`~alliance_games.analysis.sweep.CompiledSpec`: compile + vertex enumeration
   per point); the old per-point path (``solve_point``: YAML read and parsed at every
   point); and the peer, a plain Python loop that builds each point's 2x2 bimatrix with
   numpy and calls ``quantecon.game_theory.vertex_enumeration`` (no spec, no regimes,
   no certification: the floor of a naive loop). The vectorised kernel alone
   (:func:`~alliance_games.analysis.sweep_2x2.classify_grid_2x2` on 10^6 random
   points) is timed too: that is the 10^6 points/s target.
2. **Closed-form families** (bargaining, repeated, crisis risk-return, public goods): for
   each catalog model the family kernel alone on 10^6 random points (``classify`` of
   :mod:`alliance_games.analysis.sweep_bargaining`, ``sweep_repeated``,
   ``sweep_crisis``, ``sweep_public_goods``), the whole sweep of a ``side x side``
   grid (kernel plus exact rows) and the per-point path (compile and solve every point)
   on a sample, in CPU time (``time.process_time``).
3. **Workers**: a sweep of a signaling model (not vectorised) with 1 and 2 local worker
   processes, run alternately ``--repeats`` times: wall time, CPU time of the parent
   and of the workers (``resource.getrusage``), points/s and the wall-time speed-up
   (median of the runs). On an idle machine the speed-up should approach 2; on a loaded
   one a second process finds no free core and the wall times say so.

Section 1 is wall time (a sweep's cost is what the user waits for), sections 2-3 say
which clock; the load average is printed with every section, and on a shared machine
the ratios within one run are what to compare. ``--only workers`` (or ``chicken``,
``closed``, ``e2e``, ``columns``, ``parquet``) runs one section.

4. **End to end from the CLI** (``--only e2e``): ``alliance-games sweep`` as a user runs
   it, in a child process, writing the CSV of a 1000 x 1000 grid (``--e2e-side``) of
   each family whose rows are built as columns (chicken, stag hunt, Rubinstein
   bargaining, Cobb-Douglas public goods, the commitment problem, a repeated arms
   race): points per second of the child's CPU time, alternately with and without
   polars (the ``fast-csv`` extra) and, with ``--baseline PATH``, the checkout at PATH
   (CSVs checked byte for byte equal). ``--e2e-format parquet`` adds, per model, the
   same sweep written as Parquet (``-o sweep.parquet``), its rows checked equal to the
   CSV's (floats bit for bit, exact pairs against the exact texts, nulls where the CSV is
   empty). ``--only columns`` compares, in
   this process and on the same grids, the rows built as columns with the previous path
   (rows as records), CSVs checked equal.
"""

from __future__ import annotations

import argparse
import os
import time
from fractions import Fraction

import numpy as np


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} points/s ({n} points, {seconds:.2f} s)"


def chicken(side: int) -> None:
    from alliance_games.analysis.sweep import (
        _compiled,
        _grid,
        _solve_compiled,
        parse_grid,
        solve_point,
        sweep,
    )
    from alliance_games.analysis.sweep_2x2 import classify_grid_2x2
    from alliance_games.modeling.loader import _read_text, resolve

    spec = "security_dilemma/chicken"
    axes = [parse_grid(f"cost_of_war=0:20:{side}"), parse_grid(f"prize=1/7:50/7:{side}")]
    n = side * side
    sweep(spec, [parse_grid("cost_of_war=0:20:3")])  # imports, lambdify warm-up

    start = time.perf_counter()
    result = sweep(spec, axes)
    t_fast = time.perf_counter() - start

    points = _grid(axes)
    sample = points[:: max(1, len(points) // 400)]  # the slow paths on a sample
    path = resolve(spec)
    text = _read_text(path)
    _compiled(spec, text, str(path))
    start = time.perf_counter()
    for p in sample:
        _solve_compiled(spec, text, str(path), p, "auto", None)
    t_compiled = time.perf_counter() - start
    start = time.perf_counter()
    for p in sample:
        solve_point(spec, p)
    t_old = time.perf_counter() - start

    import quantecon.game_theory as qe

    R, S = 3.0, 1.0  # chicken's compromise and concession
    warm = np.array([[R, S], [4.0, -1.0]])
    qe.vertex_enumeration(qe.NormalFormGame((qe.Player(warm), qe.Player(warm))))  # numba
    start = time.perf_counter()
    for p in points:
        T, P = float(Fraction(p["prize"])), -float(Fraction(p["cost_of_war"]))
        a = np.array([[R, S], [T, P]])
        qe.vertex_enumeration(qe.NormalFormGame((qe.Player(a), qe.Player(a))))
    t_qe = time.perf_counter() - start

    rng = np.random.default_rng(0)
    T, Rr, P, Ss = rng.random((4, 10**6))
    start = time.perf_counter()
    classify_grid_2x2(T, Rr, P, Ss)
    t_kernel = time.perf_counter() - start

    regimes = len(result.regimes())
    print(f"## security_dilemma/chicken, {side}x{side} grid ({regimes} regimes)\n")
    print("| path | speed | vs QuantEcon loop |\n|---|---|---|")
    rows = [
        ("sweep (compiled once, vectorised 2x2)", n, t_fast),
        ("per point, spec compiled once", len(sample), t_compiled),
        ("per point, YAML re-parsed (before)", len(sample), t_old),
        ("plain loop over QuantEcon VE", n, t_qe),
        ("vectorised kernel alone (10^6 random points)", 10**6, t_kernel),
    ]
    peer = n / t_qe
    for name, count, seconds in rows:
        print(f"| {name} | {_rate(count, seconds)} | {count / seconds / peer:.2f}x |")
    print()


CLOSED = [
    ("alliance/burden_bargaining", "sweep_bargaining", "patron_patience=0.01:0.99",
     "alliance_cost=0:30"),
    ("security_dilemma/iterated_arms_race", "sweep_repeated", "discount_factor=0:0.99",
     "temptation=4:10"),
    ("crisis/risk_return", "sweep_crisis", "p=0:1", "cost_challenger=0:1"),
    ("alliance/burden_sharing", "sweep_public_goods", "defence_share=0.01:0.99",
     "large_income=1:200"),
    ("crisis/commitment_problem", "sweep_crisis", "power_shift=0:1/2", "delta=1/100:99/100"),
    ("security_dilemma/iterated_arms_race", "sweep_repeated", "discount_factor=0:0.99",
     "temptation=1:3"),  # stag hunts (T < R = 3): minmax by linear program
]

#: end-to-end CLI sweeps: (spec, first axis, second axis, points per axis or None for
#: --side); the second axis runs fastest
E2E = [
    ("security_dilemma/chicken", "cost_of_war=0:20", "prize=0:10", None),
    ("security_dilemma/stag_hunt", "temptation=0:8", "sucker=-3:3", None),
    ("alliance/burden_bargaining", "alliance_cost=0:24", "patron_patience=1/100:99/100",
     None),
    ("alliance/burden_sharing", "defence_share=1/100:99/100", "large_income=1:200", None),
    ("crisis/commitment_problem", "power_shift=0:1/2", "delta=1/100:99/100", None),
    ("security_dilemma/iterated_arms_race", "temptation=3/2:11", "discount_factor=0:99/100",
     None),
]


def columns_vs_records(side: int) -> None:
    """``sweep(...).to_csv()`` in this process, CPU time, with the rows built as columns
    (now) and with the columnar path switched off (each row a record, as before: the
    grid classified at once, every row computed and formatted point by point), on the
    same grid, alternately; the CSVs are compared."""
    from alliance_games.analysis import sweep as sweep_module
    from alliance_games.analysis.sweep import parse_grid, sweep

    print(f"## rows as columns vs rows as records, {side}x{side} grids ({_load()})\n")
    print("| model | columns (now) | records (before) | speed-up |\n|---|---|---|---|")
    saved = dict(sweep_module.BULK)
    for spec, first, second, fixed in E2E:
        if fixed is not None:
            continue
        axes = [parse_grid(f"{first}:{side}"), parse_grid(f"{second}:{side}")]
        sweep(spec, [parse_grid(f"{first}:3")]).to_csv()  # imports, compile
        times = {}
        texts = {}
        for mode in ("columns", "records"):
            if mode == "records":
                sweep_module.BULK.clear()
            start = time.process_time()
            texts[mode] = sweep(spec, axes).to_csv()
            times[mode] = time.process_time() - start
            sweep_module.BULK.update(saved)
        assert texts["columns"] == texts["records"], f"{spec}: the CSVs differ"
        n = side * side
        print(f"| {spec} | {_rate(n, times['columns'])} | {_rate(n, times['records'])} | "
              f"{times['records'] / times['columns']:.1f}x |")
    print()


def _parquet_equals_csv(parquet: str, csv_path: str) -> None:
    """The Parquet file's rows are the CSV's (vectorised: polars reads both)."""
    import polars as pl

    frame = pl.read_parquet(parquet)
    text = pl.read_csv(csv_path, infer_schema=False)  # every field as text, empty: null
    assert frame.height == text.height, "row counts differ"
    for name in text.columns:
        field = text[name]
        if name.endswith(" exact") and name not in frame.columns:
            num, den = frame[f"{name} numerator"], frame[f"{name} denominator"]
            assert (den.drop_nulls() > 0).all(), name
            made = pl.select(pl.when(den == 1).then(num.cast(pl.String)).otherwise(
                pl.concat_str([num, den], separator="/"))).to_series()
            # the CSV writes str(Fraction): reduced, so equal texts mean equal reduced pairs
            assert made.equals(field, check_names=False, null_equal=True), name
            continue
        column = frame[name]
        assert (column.is_null() == field.is_null()).all(), f"{name}: nulls differ"
        if column.dtype == pl.Float64:
            ours = column.fill_null(0.0).to_numpy().view(np.int64)
            theirs = field.cast(pl.Float64).fill_null(0.0).to_numpy().view(np.int64)
            assert np.array_equal(ours, theirs), f"{name}: floats differ"
        elif column.dtype == pl.Boolean:
            assert column.cast(pl.String).str.to_titlecase().equals(
                field, check_names=False, null_equal=True), name
        else:
            assert column.cast(pl.String).equals(field, check_names=False,
                                                 null_equal=True), name


def end_to_end(side: int, baseline: str | None = None,
               formats: tuple[str, ...] = ("csv",)) -> None:
    """``python -m alliance_games.cli sweep SPEC --grid ... -o FILE --quiet`` in a child
    process, as a user runs it: wall time, the child's CPU time and peak resident
    memory (``wait4``), points per second of CPU, and the CSV's size. Imports and the
    spec's compile are included (a fixed 0.5-1 s).

    Per model, run alternately: this checkout with its CSV text backend (polars when
    installed), the same without polars (``ALLIANCE_GAMES_CSV_BACKEND=python``: the
    no-extra install), and, with ``--baseline PATH``, the checkout at PATH (e.g. the
    code before a change); the CSVs are checked byte for byte equal. With ``parquet``
    in ``formats``: also this checkout writing ``-o sweep.parquet`` (the file's size in
    the CSV column), its rows checked equal to the CSV's (:func:`_parquet_equals_csv`);
    with ``formats == ("parquet",)`` only that run and ours with CSV."""
    import hashlib
    import subprocess
    import sys
    import tempfile

    print(f"## end to end from the CLI ({_load()})\n")
    print("| model | run | points | wall | CPU | points/s (CPU) | CSV | peak memory | load |\n"
          "|---|---|---|---|---|---|---|---|---|")
    runs = [("ours", os.getcwd(), {}, ".csv")]
    if "csv" in formats:
        runs.append(("ours, no polars", os.getcwd(), {"ALLIANCE_GAMES_CSV_BACKEND": "python"},
                     ".csv"))
    if "parquet" in formats:
        runs.append(("ours, Parquet", os.getcwd(), {}, ".parquet"))
    if baseline:
        runs.append(("baseline", os.path.abspath(baseline), {}, ".csv"))
    for spec, first, second, fixed in E2E:
        n_side = fixed or side
        digests = set()
        kept = tempfile.TemporaryDirectory()
        for name, root, extra, suffix in runs:
            env = {**os.environ, "PYTHONPATH": root, **extra}
            with tempfile.TemporaryDirectory() as tmp:
                out = os.path.join(tmp, "sweep" + suffix)
                args = [sys.executable, "-m", "alliance_games.cli", "sweep", spec, "--grid",
                        f"{first}:{n_side}", "--grid", f"{second}:{n_side}", "-o", out,
                        "--quiet"]
                load = os.getloadavg()[0]
                start = time.perf_counter()
                child = subprocess.Popen(args, env=env, cwd=root, stderr=subprocess.DEVNULL)
                _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU and memory
                child.returncode = os.waitstatus_to_exitcode(status)
                wall = time.perf_counter() - start
                assert child.returncode == 0, f"sweep of {spec} failed ({name})"
                used = usage.ru_utime + usage.ru_stime
                size = os.path.getsize(out)
                if suffix == ".parquet":
                    os.replace(out, os.path.join(kept.name, "sweep.parquet"))
                else:
                    digest = hashlib.sha256()
                    with open(out, "rb") as f:
                        for block in iter(lambda: f.read(1 << 24), b""):
                            digest.update(block)
                    digests.add(digest.hexdigest())
                    if name == "ours":
                        os.replace(out, os.path.join(kept.name, "sweep.csv"))
            n = n_side * n_side
            print(f"| {spec} | {name} | {n:,} | {wall:.1f} s | {used:.2f} s | "
                  f"{n / used:,.0f} | {size / 1e6:.0f} MB | {usage.ru_maxrss / 1e3:,.0f} MB | "
                  f"{load:.1f} |")
        assert len(digests) == 1, f"{spec}: the CSVs differ between runs"
        if "parquet" in formats:
            # in a fresh process: reading the files here would grow this one, and on Linux
            # a child's ru_maxrss starts from its parent's size (the next runs' column)
            import multiprocessing

            with multiprocessing.get_context("spawn").Pool(1) as pool:
                pool.apply(_parquet_equals_csv, (os.path.join(kept.name, "sweep.parquet"),
                                                 os.path.join(kept.name, "sweep.csv")))
        kept.cleanup()
    if "parquet" in formats:
        print("\n(Parquet rows checked equal to the CSV's: floats bit for bit, exact "
              "pairs, nulls)")
    print()


def parquet_compression(side: int) -> None:
    """How the Parquet file's compression was chosen: per model of :data:`E2E`, the
    table built once (:func:`~alliance_games.analysis.sweep_parquet.sweep_frame`, its
    CPU time shown) and written with each compression, with and without min/max
    statistics (``write_parquet``: CPU time, best of 3, and the file's size)."""
    import io

    from alliance_games.analysis.sweep import _point_row, parse_grid, sweep
    from alliance_games.analysis.sweep_parquet import sweep_frame

    options = [(c, st) for c in ("uncompressed", "lz4", "snappy", "zstd")
               for st in (False, True)]
    print(f"## Parquet: the table and its compression, {side}x{side} grids ({_load()})\n")
    print("| model | table | " + " | ".join(
        f"{c}{' + stats' if st else ''}" for c, st in options) + " |")
    print("|---|---|" + "---|" * len(options))
    for spec, first, second, _ in E2E:
        result = sweep(spec, [parse_grid(f"{first}:{side}"), parse_grid(f"{second}:{side}")])
        start = time.process_time()
        frame = sweep_frame(result, _point_row)
        made = time.process_time() - start
        cells = []
        for compression, statistics in options:
            best, size = float("inf"), 0
            for _ in range(3):
                out = io.BytesIO()
                start = time.process_time()
                frame.write_parquet(out, compression=compression, statistics=statistics)
                best = min(best, time.process_time() - start)
                size = out.getbuffer().nbytes
            cells.append(f"{best:.2f} s, {size / 1e6:.0f} MB")
        print(f"| {spec} | {made:.2f} s | " + " | ".join(cells) + " |")
        del result, frame
    print(f"\n({_load()} after)\n")


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def closed_form(side: int) -> None:
    import importlib

    from alliance_games.analysis.sweep import (
        CompiledSpec,
        _grid,
        _solve_compiled,
        parse_grid,
        sweep,
    )
    from alliance_games.modeling.loader import _read_text, resolve

    print(f"## closed-form families, {side}x{side} grids ({_load()})\n")
    print("| model | kernel alone (10^6 points) | whole sweep | per point (sample) "
          "| sweep / per point |\n|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for spec, kernel, first, second in CLOSED:
        module = importlib.import_module(f"alliance_games.analysis.{kernel}")
        compiled = CompiledSpec.read(spec)
        assert compiled is not None
        structure, data = module.extract(compiled.game({}))
        # 10^6 random points around the spec's defaults (each datum scaled by U[0.5, 1.5])
        floats = [float(v) * rng.uniform(0.5, 1.5, 10**6) for v in data]
        if kernel == "sweep_repeated":  # keep δ in [0, 1)
            floats[4] = rng.uniform(0, 0.99, 10**6)
        module.classify(structure, [f[:1000] for f in floats])  # warm-up
        start = time.process_time()
        module.classify(structure, floats)
        t_kernel = time.process_time() - start
        axes = [parse_grid(f"{first}:{side}"), parse_grid(f"{second}:{side}")]
        sweep(spec, [parse_grid(f"{first}:3")])  # imports
        start = time.process_time()
        sweep(spec, axes)
        t_sweep = time.process_time() - start
        points = _grid(axes)
        sample = points[:: max(1, len(points) // 100)]
        path = resolve(spec)
        text = _read_text(path)
        start = time.process_time()
        for p in sample:
            _solve_compiled(spec, text, str(path), p, "auto", None)
        t_point = time.process_time() - start
        n = side * side
        print(f"| {spec} | {_rate(10**6, t_kernel)} | {_rate(n, t_sweep)} | "
              f"{_rate(len(sample), t_point)} | "
              f"{(n / t_sweep) / (len(sample) / t_point):.0f}x |")
    print(f"\n({_load()} after)\n")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def workers(quick: bool, repeats: int) -> None:
    from statistics import median

    from alliance_games.analysis.sweep import parse_grid, sweep

    spec = "extended_deterrence/tying_hands"
    side = 6 if quick else 12
    axes = [parse_grid(f"audience_cost=0:4:{side}"), parse_grid(f"p_resolute=0:1:{side}")]
    n = side * side
    sweep(spec, [parse_grid("audience_cost=0:4:2")])
    runs: dict[int, list[tuple[float, float, float, float]]] = {1: [], 2: []}
    reference = None
    for _ in range(repeats):
        for k in (1, 2):  # alternately, so that a change of load hits both
            load = os.getloadavg()[0]
            start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
            result = sweep(spec, axes, workers=k)
            wall = time.perf_counter() - start
            runs[k].append((wall, time.process_time() - cpu, _children_cpu() - children,
                            load))
            csv = result.to_csv()
            assert reference is None or csv == reference, "workers changed the CSV"
            reference = csv
    print(f"## workers: {spec}, {side}x{side} grid, median of {repeats} alternating runs\n")
    print("| workers | wall | CPU parent | CPU workers | points/s (wall) | speed-up (wall) "
          "| load at start |\n|---|---|---|---|---|---|---|")
    base = median(r[0] for r in runs[1])
    for k, rows in runs.items():
        wall = median(r[0] for r in rows)
        print(f"| {k} | {wall:.2f} s | {median(r[1] for r in rows):.2f} s | "
              f"{median(r[2] for r in rows):.2f} s | {n / wall:,.1f} | {base / wall:.2f}x | "
              f"{min(r[3] for r in rows):.1f}-{max(r[3] for r in rows):.1f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=60)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--e2e-side", type=int, default=1000,
                        help="points per axis of the end-to-end sweeps (1000: 10^6 points)")
    parser.add_argument("--baseline", metavar="PATH",
                        help="also run the end-to-end sweeps from the checkout at PATH")
    parser.add_argument("--only", choices=("chicken", "closed", "workers", "e2e",
                                           "columns", "parquet"))
    parser.add_argument("--e2e-format", choices=("csv", "parquet", "both"), default="csv",
                        help="end-to-end runs: the CSV ones (ours, without polars), "
                             "Parquet (with ours as CSV, to check the rows), or both")
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
          f"({os.cpu_count()} cores)\n")
    if args.only in (None, "chicken"):
        chicken(20 if args.quick else args.side)
    if args.only in (None, "closed"):
        closed_form(30 if args.quick else 100)
    if args.only in (None, "e2e"):
        formats = ("csv", "parquet") if args.e2e_format == "both" else (args.e2e_format,)
        end_to_end(100 if args.quick else args.e2e_side, args.baseline, formats)
    if args.only == "parquet":  # not in the default run: the choice of compression
        parquet_compression(100 if args.quick else args.e2e_side)
    if args.only in (None, "columns"):
        columns_vs_records(50 if args.quick else 200)
    if args.only in (None, "workers"):
        workers(args.quick, 1 if args.quick else args.repeats)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


if __name__ == "__main__":
    main()
