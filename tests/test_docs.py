"""Documentation that runs: module doctests, the README quick start, the CLI in docs."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import alliance_games

ROOT = Path(__file__).resolve().parents[1]

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(alliance_games.__path__, "alliance_games.")
)


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def _quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", section, re.S)]


def test_readme_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert commands[0].startswith("pip install . && alliance-games ")  # not editable
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == commands[1]


def test_public_api_is_documented() -> None:
    for name in alliance_games.__all__:
        obj = getattr(alliance_games, name)
        assert obj.__doc__, f"alliance_games.{name} has no docstring"


def test_tutorial_code_runs() -> None:
    """Every ```python block of docs/tutorial.md runs, in order, in one namespace."""
    text = (ROOT / "docs" / "tutorial.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/tutorial.md", "exec"), namespace)  # noqa: S102 - our own doc
    from fractions import Fraction

    mixed = namespace["mixed"]
    assert mixed.strategies["State A"]["Restrain"] == Fraction(4, 5)  # type: ignore[attr-defined]
