"""Start-up time of the command line, and `explain` of every catalog model (goal 6 of
issue 13); not a test.

Run ``python benchmarks/startup.py`` (optionally ``--repeats 15``) from the repository
root. Each command runs in a fresh ``python`` process (``python -m alliance_games.cli``,
as the ``alliance-games`` script does, against this checkout); we print the median
wall time and the median **CPU time** (user + system of the child, which a process
preempted on a shared machine is not charged for) over ``--repeats`` runs, interleaved
so that a change of machine load hits every command alike, and the machine's load
average before and after. Baselines: a bare ``python -c pass`` (the interpreter's own
start-up, site packages included) and ``import numpy`` / ``import sympy`` alone.
``hyperfine`` is used instead of the loop when it is installed and ``--hyperfine`` is
given.

Compiled bytecode: an installed package has its ``.pyc`` files (pip writes them), but a
development shell may set ``PYTHONDONTWRITEBYTECODE``, and then every run compiles every
module from source (about 0.3 s of CPU for the modules of a ``solve``). The children
therefore run with ``PYTHONPYCACHEPREFIX`` set to a private temporary folder (nothing
is written into the checkout) and one untimed warm-up run of each command;
``--no-bytecode`` measures the other way.

Goals: ``--version`` under 0.15 s and a catalog ``solve`` under 0.3 s.

``--explain`` instead times ``explain`` (CPU) of every catalog model, the better of two
runs each (``--repeats`` is ignored), sorted from the slowest: the goal is under 2 s for
each.

``--solve-all`` instead times ``solve`` of every catalog model (``models/``), CPU and
wall, medians over ``--repeats`` fresh processes interleaved over the models, and
names the heavy modules each run loaded (sympy, scipy.optimize, matplotlib, jinja2,
numba; read from ``sys.modules`` at exit in one extra, untimed run) with the chain of
our modules through which sympy was first imported. Goal: under 0.3 s for each.
``--models A B ...`` restricts it to those models.

``--wheel`` (with ``--solve-all``) also builds the wheel of this checkout, installs it
into a fresh venv (no system site packages; its dependencies from pip's cache or the
index) and times that venv's ``alliance-games solve`` alongside the checkout's, as a user
who ran ``pip install`` gets it: no editable-install finder and none of this machine's
own ``.pth`` start-up hooks (together 25-40 ms of every process here).

``--baseline DIR`` times the same commands against another checkout too (e.g. the code
before this work: ``git archive HEAD | tar -x -C /tmp/base``), interleaved in the same
run, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "alliance_games.cli"]

COMMANDS = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("import numpy", [sys.executable, "-c", "import numpy"]),
    ("import sympy", [sys.executable, "-c", "import sympy"]),
    ("import alliance_games", [sys.executable, "-c", "import alliance_games"]),
    ("cli --version", [*CLI, "--version"]),
    ("cli --help", [*CLI, "--help"]),
    ("cli models", [*CLI, "models"]),
    ("cli solve security_dilemma/stag_hunt", [*CLI, "solve", "security_dilemma/stag_hunt"]),
    ("cli solve security_dilemma/chicken", [*CLI, "solve", "security_dilemma/chicken"]),
    ("cli solve alliance/balancing_bandwagoning",
     [*CLI, "solve", "alliance/balancing_bandwagoning"]),
    ("cli solve extended_deterrence/tying_hands",
     [*CLI, "solve", "extended_deterrence/tying_hands"]),
    ("cli explain security_dilemma/stag_hunt", [*CLI, "explain", "security_dilemma/stag_hunt"]),
]


def _env(root: Path, pycache: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # run in the checkout: ``-c`` and ``-m`` put the working directory first on sys.path
    subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _loop(repeats: int, roots: list[Path], pycache: str | None
          ) -> list[dict[str, list[tuple[float, float]]]]:
    times: list[dict[str, list[tuple[float, float]]]] = [
        {name: [] for name, _ in COMMANDS} for _ in roots]
    envs = [_env(root, None if pycache is None else f"{pycache}/{k}")
            for k, root in enumerate(roots)]
    if pycache is not None:  # warm-up: write the bytecode caches
        for _, argv in COMMANDS:
            for root, env in zip(roots, envs, strict=True):
                subprocess.run(argv, env=env, cwd=root, stdout=subprocess.DEVNULL, check=True)
    for _ in range(repeats):
        for name, argv in COMMANDS:
            for root, env, out in zip(roots, envs, times, strict=True):
                out[name].append(_run(argv, env, root))
    return times


def _hyperfine(repeats: int) -> None:
    for name, argv in COMMANDS:
        print(f"# {name}")
        subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(repeats),
                        " ".join(argv)], env=_env(ROOT, None), check=False)


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _models(root: Path, env: dict[str, str]) -> list[str]:
    out = subprocess.run([*CLI, "models"], env=env, cwd=root, capture_output=True,
                         text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.startswith("  ")]


def _explain_table(roots: list[Path], pycache: str | None) -> None:
    envs = [_env(root, None if pycache is None else f"{pycache}/{k}")
            for k, root in enumerate(roots)]
    models = _models(roots[0], envs[0])
    rows = []
    for model in models:
        # the better of two runs: the first may compile into the bytecode cache what
        # no model before needed (scipy for joint_products)
        cpus = [min(_run([*CLI, "explain", model], env, root)[1] for _ in range(2))
                for root, env in zip(roots, envs, strict=True)]
        rows.append((model, cpus))
    head = "| model | explain CPU |" + (" baseline CPU |" if len(roots) > 1 else "")
    print(head + "\n|---|---|" + ("---|" if len(roots) > 1 else ""))
    for model, cpus in sorted(rows, key=lambda r: -r[1][0]):
        print(f"| {model} | " + " | ".join(f"{c:.2f} s" for c in cpus) + " |")
    worst = max(c[0] for _, c in rows)
    print(f"\n{len(rows)} models; slowest {worst:.2f} s CPU "
          f"({'goal of 2 s met' if worst < 2 else 'over the goal of 2 s'})")


HEAVY = ("sympy", "scipy.optimize", "scipy.sparse", "scipy.linalg", "scipy", "matplotlib",
         "jinja2", "numba")

# Runs the CLI as ``python -m alliance_games.cli`` does, and at exit writes to stderr a
# line ``HEAVY-IMPORTS <json>``: the heavy modules loaded, and for each the stack of our
# own frames (file:line) at the moment it was first imported (a finder that only
# watches: it never finds anything itself).
_PROBE = """
import atexit, json, sys, traceback
_HEAVY = HEAVY_NAMES
_chains = {}
class _Watch:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name in _HEAVY and name not in _chains:
            _chains[name] = [
                f.filename.rsplit("alliance_games/", 1)[-1] + ":" + str(f.lineno)
                for f in traceback.extract_stack() if "alliance_games" in f.filename]
        return None
sys.meta_path.insert(0, _Watch)
def _report():
    loaded = [m for m in _HEAVY if m in sys.modules]
    sys.stderr.write("HEAVY-IMPORTS " + json.dumps([loaded, _chains]) + chr(10))
atexit.register(_report)
sys.argv = ["alliance-games"] + sys.argv[1:]
from alliance_games.cli import main
main()
""".replace("HEAVY_NAMES", repr(HEAVY))


def heavy_imports(argv: list[str], env: dict[str, str], cwd: Path
                  ) -> tuple[list[str], dict[str, list[str]]]:
    """(heavy modules loaded, for each our import chain to it) of one CLI run ``argv``
    (the arguments after ``alliance-games``), in a fresh process."""
    import json

    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, check=True)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY-IMPORTS "))
    loaded, chains = json.loads(line.split(" ", 1)[1])
    return loaded, chains


def _solve_table(roots: list[Path], pycache: str | None, repeats: int,
                 only: list[str] | None = None) -> None:
    envs = [_env(root, None if pycache is None else f"{pycache}/{k}")
            for k, root in enumerate(roots)]
    models = only or _models(roots[0], envs[0])
    heavy = {}
    for model in models:  # untimed: also the warm-up that writes the bytecode caches
        heavy[model] = heavy_imports(["solve", model], envs[0], roots[0])
        for root, env in zip(roots[1:], envs[1:], strict=True):
            _run([*CLI, "solve", model], env, root)
    times: list[dict[str, list[tuple[float, float]]]] = [
        {model: [] for model in models} for _ in roots]
    for _ in range(repeats):
        for model in models:
            for root, env, out in zip(roots, envs, times, strict=True):
                out[model].append(_run([*CLI, "solve", model], env, root))
    head = "| model | wall (median) | CPU (median) | heavy imports |"
    rule = "|---|---|---|---|"
    if len(roots) > 1:
        head += " baseline CPU | baseline / ours (CPU) |"
        rule += "---|---|"
    print(head + "\n" + rule)
    worst = 0.0
    for model in models:
        wall = statistics.median(w for w, _ in times[0][model])
        cpu = statistics.median(c for _, c in times[0][model])
        worst = max(worst, cpu)
        row = (f"| {model} | {wall:.3f} s | {cpu:.3f} s | "
               f"{', '.join(heavy[model][0]) or '-'} |")
        if len(roots) > 1:
            other = statistics.median(c for _, c in times[1][model])
            row += f" {other:.3f} s | {other / cpu:.2f}x |"
        print(row)
    with_sympy = [m for m in models if "sympy" in heavy[m][0]]
    print(f"\n{len(models)} models; slowest {worst:.3f} s CPU (median); "
          f"{len(with_sympy)} import sympy")
    for model in with_sympy:
        # the first two frames are the probe's call of cli.main
        chain = heavy[model][1]["sympy"][2:]
        print(f"  {model}: sympy first imported from {' -> '.join(chain)}")


def _wheel_venv(base: Path) -> Path:
    """Build this checkout's wheel (from a copy: no stale ``build/``) and install it into
    a fresh venv under ``base``; return the venv's ``alliance-games`` script."""
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis", ".ruff_cache", ".venv*", "*.whl"))
    dist = base / "dist"
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(src)], **quiet)  # type: ignore[call-overload]
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], **quiet)  # type: ignore[call-overload]
    binary = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(binary / "python"),
                    "install", "-q", *map(str, dist.glob("*.whl"))], **quiet)  # type: ignore[call-overload]
    return binary / "alliance-games"


def _wheel_table(repeats: int, only: list[str] | None) -> None:
    """``solve`` of each model from this checkout (``python -m``, editable finder and
    site hooks as in this shell) and from the wheel installed in a fresh venv,
    interleaved; wall and CPU medians."""
    with tempfile.TemporaryDirectory(prefix="ag-wheel-") as tmp:
        console = _wheel_venv(Path(tmp))
        checkout = _env(ROOT, f"{tmp}/pycache")
        user = {k: v for k, v in os.environ.items()
                if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        models = only or _models(ROOT, checkout)
        runs = {"checkout": (CLI, checkout, ROOT), "wheel": ([str(console)], user, Path(tmp))}
        bare = [str(console.parent / "python"), "-c", "pass"]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for model in models:  # untimed warm-up: bytecode caches written
            for argv, env, cwd in runs.values():
                _run([*argv, "solve", model], env, cwd)
        for _ in range(repeats):
            times.setdefault(("python -c pass", "wheel"), []).append(_run(bare, user, Path(tmp)))
            for model in models:
                for name, (argv, env, cwd) in runs.items():
                    times.setdefault((model, name), []).append(
                        _run([*argv, "solve", model], env, cwd))
    print("| model | checkout wall | checkout CPU | wheel venv wall | wheel venv CPU |\n"
          "|---|---|---|---|---|")
    under = 0
    for model in models:
        cells = []
        for name in runs:
            values = times[(model, name)]
            cells += [statistics.median(w for w, _ in values),
                      statistics.median(c for _, c in values)]
        under += cells[2] < 0.3
        print(f"| {model} | " + " | ".join(f"{v:.3f} s" for v in cells) + " |")
    bare_times = times[("python -c pass", "wheel")]
    print(f"\nwheel venv: {under} of {len(models)} models under 0.3 s wall (median); "
          f"the venv's `python -c pass` "
          f"{statistics.median(w for w, _ in bare_times):.3f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--hyperfine", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout, timed alike")
    parser.add_argument("--explain", action="store_true",
                        help="time explain of every catalog model instead")
    parser.add_argument("--solve-all", action="store_true",
                        help="time solve of every catalog model instead")
    parser.add_argument("--models", nargs="+", metavar="MODEL",
                        help="with --solve-all: only these models")
    parser.add_argument("--wheel", action="store_true",
                        help="with --solve-all: also time the wheel installed in a fresh venv")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="leave PYTHONDONTWRITEBYTECODE as it is (compile every run)")
    args = parser.parse_args()
    before = _load()
    if args.hyperfine and shutil.which("hyperfine"):
        _hyperfine(args.repeats)
        return
    roots = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    with tempfile.TemporaryDirectory(prefix="ag-pycache-") as tmp:
        pycache = None if args.no_bytecode else tmp
        if args.explain:
            _explain_table(roots, pycache)
            print(f"load average before {before}, after {_load()} ({os.cpu_count()} cores)")
            return
        if args.solve_all and args.wheel:
            _wheel_table(args.repeats, args.models)
            print(f"load average before {before}, after {_load()} ({os.cpu_count()} "
                  f"cores); {args.repeats} interleaved runs each; bytecode cached")
            return
        if args.solve_all:
            _solve_table(roots, pycache, args.repeats, args.models)
            print(f"load average before {before}, after {_load()} ({os.cpu_count()} cores); "
                  f"{args.repeats} interleaved runs each"
                  + ("" if args.no_bytecode else "; bytecode cached"))
            return
        times = _loop(args.repeats, roots, pycache)
    print(f"load average before {before}, after {_load()} ({os.cpu_count()} cores); "
          f"{args.repeats} interleaved runs each"
          + ("" if args.no_bytecode else "; bytecode cached"))
    base_wall = statistics.median(w for w, _ in times[0]["python -c pass"])
    head = "| command | wall (median) | CPU (median) | wall / python -c pass |"
    rule = "|---|---|---|---|"
    if args.baseline:
        head += " baseline CPU | baseline / ours (CPU) |"
        rule += "---|---|"
    print(head + "\n" + rule)
    for name, values in times[0].items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        row = f"| {name} | {wall:.3f} s | {cpu:.3f} s | {wall / base_wall:.2f}x |"
        if args.baseline:
            other = statistics.median(c for _, c in times[1][name])
            row += f" {other:.3f} s | {other / cpu:.2f}x |"
        print(row)


if __name__ == "__main__":
    main()
