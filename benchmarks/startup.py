"""Start-up time of the command line (goal 6 of issue 13); not a test.

Run ``python benchmarks/startup.py`` (optionally ``--repeats 15``) from the repository
root. Each command runs in a fresh ``python`` process (``python -m alliance_games.cli``,
as the ``alliance-games`` script does, against this checkout); we print the median and
the quartiles of the wall time over ``--repeats`` runs, interleaved so that a change of
machine load hits every command alike, and the machine's load average before and after
(the machine may be shared: medians of interleaved runs are the fair comparison).
Baselines: a bare ``python -c pass`` (the interpreter's own start-up, site packages
included) and ``import numpy`` / ``import sympy`` alone. ``hyperfine`` is used instead
of the loop when it is installed and ``--hyperfine`` is given.

Goals: ``--version`` under 0.15 s and a catalog ``solve`` under 0.3 s.

``--baseline DIR`` times the same commands against another checkout too (e.g. the code
before the lazy imports: ``git archive 3071d50 | tar -x -C /tmp/base``), interleaved
in the same run, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = [
    ("python -c pass", [sys.executable, "-c", "pass"]),
    ("import numpy", [sys.executable, "-c", "import numpy"]),
    ("import sympy", [sys.executable, "-c", "import sympy"]),
    ("import alliance_games", [sys.executable, "-c", "import alliance_games"]),
    ("cli --version", [sys.executable, "-m", "alliance_games.cli", "--version"]),
    ("cli --help", [sys.executable, "-m", "alliance_games.cli", "--help"]),
    ("cli models", [sys.executable, "-m", "alliance_games.cli", "models"]),
    ("cli solve stag_hunt", [sys.executable, "-m", "alliance_games.cli", "solve",
                             "security_dilemma/stag_hunt"]),
    ("cli solve tying_hands", [sys.executable, "-m", "alliance_games.cli", "solve",
                               "extended_deterrence/tying_hands"]),
]


def _env(root: Path = ROOT) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _loop(repeats: int, roots: list[Path]) -> list[dict[str, list[float]]]:
    times: list[dict[str, list[float]]] = [{name: [] for name, _ in COMMANDS}
                                           for _ in roots]
    envs = [_env(root) for root in roots]
    for _ in range(repeats):
        for name, argv in COMMANDS:
            for root, env, out in zip(roots, envs, times, strict=True):
                start = time.perf_counter()
                # run in the checkout: ``-c`` and ``-m`` put the working directory first
                # on sys.path
                subprocess.run(argv, env=env, cwd=root, stdout=subprocess.DEVNULL,
                               check=True)
                out[name].append(time.perf_counter() - start)
    return times


def _hyperfine(repeats: int) -> None:
    for name, argv in COMMANDS:
        print(f"# {name}")
        subprocess.run(["hyperfine", "--warmup", "2", "--runs", str(repeats),
                        " ".join(argv)], env=_env(), check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--hyperfine", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout, timed alike")
    args = parser.parse_args()
    before = os.getloadavg()
    if args.hyperfine and shutil.which("hyperfine"):
        _hyperfine(args.repeats)
        return
    roots = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    times = _loop(args.repeats, roots)
    after = os.getloadavg()
    print(f"load average before {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f}, "
          f"after {after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} "
          f"({os.cpu_count()} cores); {args.repeats} interleaved runs each")
    base = statistics.median(times[0]["python -c pass"])
    head = "| command | median | quartiles | / python -c pass |"
    rule = "|---|---|---|---|"
    if args.baseline:
        head += " baseline median | baseline / ours |"
        rule += "---|---|"
    print(head + "\n" + rule)
    for name, values in times[0].items():
        q = statistics.quantiles(values, n=4)
        median = statistics.median(values)
        row = (f"| {name} | {median:.3f} s | {q[0]:.3f}-{q[2]:.3f} s | "
               f"{median / base:.2f}x |")
        if args.baseline:
            other = statistics.median(times[1][name])
            row += f" {other:.3f} s | {other / median:.2f}x |"
        print(row)


if __name__ == "__main__":
    main()
