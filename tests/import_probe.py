"""Which heavy modules a fresh interpreter imports while the CLI runs some commands.

Shared by the lazy-import tests (``test_perf_lazy_sympy.py``, ``test_perf_lazy_scipy.py``):
each command runs in turn in one new interpreter (a module loaded by one stays loaded,
so the first command to import a module is the one named).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_SCRIPT = """
import contextlib, io, json, sys
from alliance_games.cli import main
modules, runs = json.loads(sys.argv[1])
first = {}
for label, argv in runs:
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
    if code:
        first.setdefault("failed", f"{label}: exit {code}")
    for name in modules:
        if name in sys.modules:
            first.setdefault(name, label)
print(json.dumps(first))
"""


def solve_runs(models: Sequence[str], extra: Sequence[str] = ()) -> list[tuple[str, list[str]]]:
    """``solve`` of each model in text, then JSON, labelled ``"<model> -f <format>"``;
    ``"<model>@<format>"`` runs that format only."""
    runs = []
    for entry in models:
        model, _, only = entry.partition("@")
        for fmt in (only,) if only else ("text", "json"):
            runs.append((f"{model} -f {fmt}", ["solve", model, "-f", fmt, *extra]))
    return runs


def first_imports(modules: Sequence[str], runs: Sequence[tuple[str, Sequence[str]]],
                  timeout: float = 900) -> dict[str, str]:
    """For each of ``modules`` imported along the way, the label of the first run that
    imported it; ``"failed"`` names the first run that exited with a non-zero code."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps([list(modules), [list(r) for r in runs]])],
        capture_output=True, text=True, check=True, timeout=timeout, cwd=ROOT)
    found: dict[str, str] = json.loads(done.stdout.splitlines()[-1])
    return found
