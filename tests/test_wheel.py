"""The wheel, installed as a user installs it, carries and solves the whole catalog.

CI installs the checkout with ``pip install -e``, which reads ``models/`` from the
checkout and so cannot see a wheel without its catalog (the bug of issue 8). Here the
checkout is built into a wheel, installed into a fresh virtual environment (no system
site packages, no PYTHONPATH) in a temporary folder, and run from outside the checkout.
The package's dependencies come from the index or pip's cache. Nothing is skipped: a
build or install failure fails the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLUGS = sorted(p.relative_to(ROOT / "models").with_suffix("").as_posix()
               for p in (ROOT / "models").glob("*/*.yaml"))
BIN = "Scripts" if os.name == "nt" else "bin"

# Runs inside the venv: where the package comes from, what the catalog lists, and for
# every model whether it loads and solves with verified equilibria (regret <= 1e-9).
PROBE = r"""
import json, sys
import alliance_games
from alliance_games import catalog, load, solve
out = {"file": alliance_games.__file__, "slugs": [e.slug for e in catalog()], "solved": {}}
for slug in out["slugs"]:
    game = load(slug)
    result = solve(game, timeout=60)
    out["solved"][slug] = [len(result.equilibria),
                           max((float(eq.regret) for eq in result.equilibria), default=0.0),
                           (getattr(game, "info", {}) or {}).get("kind"), bool(result.extra)]
json.dump(out, sys.stdout)
"""


def _env() -> dict[str, str]:
    """The caller's environment without what would import the checkout instead."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV",
                 "ALLIANCE_GAMES_MODELS", "PIP_REQUIRE_VIRTUALENV"):
        env.pop(name, None)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _run(args: list[str | Path], cwd: Path, timeout: float = 900) -> str:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}\n{proc.stdout[-3000:]}\n"
        f"{proc.stderr[-3000:]}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel from a copy of the checkout (a stale ``build/`` in the checkout
    would leak deleted files into it) and install it into a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    assert not base.resolve().is_relative_to(ROOT)
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
        ".hypothesis", ".ruff_cache", ".venv*", "*.whl"))
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], base)
    wheels = list(dist.glob("alliance_games-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    # The running pip installs into the new venv (pip --python): no pip bootstrapped in it
    # and no .pyc compiled ahead (--no-compile) cut the install from ~65 s to ~12 s; what
    # lands in the venv's site-packages is the same.
    _run([sys.executable, "-m", "venv", "--without-pip", venv], base)
    python = venv / BIN / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile",
          wheels[0]], base)
    cwd = base / "elsewhere"
    cwd.mkdir()
    return {"wheel": wheels[0], "venv": venv, "python": python, "cwd": cwd,
            "console": venv / BIN / "alliance-games"}


def test_catalog_has_models() -> None:
    assert len(SLUGS) >= 20 and "security_dilemma/stag_hunt" in SLUGS


def test_wheel_carries_every_model_and_module(installed: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    yaml = sorted(n.removeprefix("alliance_games/catalog/").removesuffix(".yaml")
                  for n in names if n.startswith("alliance_games/catalog/"))
    assert yaml == SLUGS
    # the package list in pyproject.toml is explicit: no module of the checkout is left out
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "alliance_games").rglob("*.py")}
    assert modules <= names, sorted(modules - names)
    # PEP 561: the marker that lets type checkers use the package's annotations
    assert "alliance_games/py.typed" in names


def test_installed_package_lists_loads_and_solves_every_model(
    installed: dict[str, Path],
) -> None:
    out = json.loads(_run([installed["python"], "-c", PROBE], installed["cwd"]))
    assert Path(out["file"]).resolve().is_relative_to(installed["venv"].resolve())
    assert out["slugs"] == SLUGS
    for slug, (count, regret, kind, analysis) in out["solved"].items():
        if kind in ("coalitional", "dynamics"):  # an analysis, not strategy profiles
            assert analysis, f"{slug}: no analysis"
        else:
            assert count >= 1, f"{slug}: no equilibrium"
        assert regret <= 1e-9, f"{slug}: regret {regret}"
    listing = _run([installed["console"], "models"], installed["cwd"])
    listed = {line.split()[0] for line in listing.splitlines() if line.startswith("  ")}
    assert listed == set(SLUGS)


def test_console_script_solves_stag_hunt(installed: dict[str, Path]) -> None:
    """Stag hunt R=4, T=3, P=2, S=0 (the catalog defaults): two pure equilibria and one
    mixed, where Restrain has probability (P - S) / ((R - T) + (P - S)) = 2/3."""
    doc = json.loads(_run([installed["console"], "solve", "security_dilemma/stag_hunt",
                           "--format", "json"], installed["cwd"]))
    assert len(doc["equilibria"]) == 3
    mixed = [eq for eq in doc["equilibria"] if not eq["pure"]]
    assert len(mixed) == 1
    assert float(mixed[0]["strategies"]["State A"]["Restrain"]) == pytest.approx(2 / 3)


START_PROBE = """
import sys
from alliance_games.cli import main
sys.argv = ["alliance-games", "solve", "security_dilemma/stag_hunt", "-o", "out.txt",
            "--force"]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith(("importlib.resources", "importlib.abc",
                                                     "alliance_games.games.extensive"))))
"""


def test_installed_solve_skips_start_up_extras(installed: dict[str, Path]) -> None:
    """In a clean venv (no site hook importing them first), a catalog ``solve`` of a 2x2
    game loads neither ``importlib.resources`` (the catalog is the installed folder) nor
    ``importlib.abc`` nor the tree modules: each costs milliseconds of every start-up
    (issue 13, goal 6), and the catalog must still be found (the run writes its report)."""
    out = _run([installed["python"], "-c", START_PROBE], installed["cwd"])
    assert out.strip().splitlines()[-1] == "[]"
    assert "Stag hunt" in (installed["cwd"] / "out.txt").read_text()
