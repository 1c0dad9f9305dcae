"""Shared test scaffolding: markers, paths, the catalog, and two ways to run the CLI.

Markers (registered here, not in ``pyproject.toml``, so the test suite carries its own
vocabulary): ``oracle`` marks tests that cross-check against pygambit, ``slow`` the ones
that take seconds each. They only *select* (``pytest -m "not slow"``); nothing is
skipped by default, and a missing pygambit fails the run instead of skipping it.

Fixtures:

``root``
    The repository root (the folder holding ``pyproject.toml`` and ``models/``).
``catalog_slugs``
    Every catalog model's slug, sorted (``security_dilemma/stag_hunt`` ...).
``cli``
    Runs the command line in this process through its console-script entry point
    (``alliance_games.cli.main``): ``code, out, err = cli(["solve", slug])``.
``cli_subprocess``
    Runs it in a fresh interpreter, ``[sys.executable, "-m", "alliance_games.cli", ...]``,
    with this checkout first on ``PYTHONPATH``: no dependence on ``PATH`` or on which
    checkout ``pip install -e`` pointed at. Returns the ``CompletedProcess``.

``browser`` / ``page``
    Real headless Chromium (Debian's, through Playwright; see ``tests/browser.py``):
    one browser per session, a fresh page per test with ``page.errors`` (a
    :class:`~browser.PageErrors`) recording console errors, uncaught exceptions and any
    network request.

Hypothesis strategies for games live in ``tests/strategies.py`` (importable, unlike a
conftest); the pygambit oracle in ``tests/oracles.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

CliRun = Callable[[Sequence[str]], tuple[int, str, str]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "oracle: cross-checks against pygambit (a test dependency, never skipped)"
    )
    config.addinivalue_line(
        "markers", "slow: takes seconds; deselect with -m 'not slow' while iterating"
    )


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def catalog_slugs() -> list[str]:
    """Slugs of every catalog model, sorted (from the public ``alliance_games.catalog``)."""
    from alliance_games import catalog

    return [entry.slug for entry in catalog()]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> CliRun:
    """Run the CLI in-process: ``(exit code, stdout, stderr)``."""
    from alliance_games.cli import main

    def run(args: Sequence[str]) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before this call
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def run_cli_subprocess(
    args: Sequence[str], *, cwd: Path | str = ROOT, timeout: float = 300, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """``python -m alliance_games.cli ARGS`` in a fresh interpreter (this checkout first)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.fixture
def cli_subprocess() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the CLI in a subprocess (see :func:`run_cli_subprocess`)."""
    return run_cli_subprocess


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session (fails, never skips, when missing)."""
    from browser import launch

    with launch() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page, 1280x800, with ``page.errors`` recording console errors."""
    from browser import PageErrors

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    errors = PageErrors()
    errors.attach(tab)
    tab.errors = errors
    try:
        yield tab
    finally:
        context.close()
