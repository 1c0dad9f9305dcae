"""Every catalog model loads, solves, verifies and renders (style.md layer d)."""

from __future__ import annotations

import html
import json

import pytest

from alliance_games import catalog, load, solve
from alliance_games.report.documents import render_html, render_latex
from alliance_games.report.json import render_json
from alliance_games.report.markdown import render_markdown
from alliance_games.report.text import render_text

ENTRIES = catalog()


def test_catalog_is_not_empty() -> None:
    assert len(ENTRIES) >= 6


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.slug for e in ENTRIES])
def test_model_loads_solves_and_renders(entry) -> None:  # type: ignore[no-untyped-def]
    game = load(entry.slug)
    info = getattr(game, "info", {}) or {}
    assert info.get("references"), f"{entry.slug} cites no source"
    assert info.get("description"), f"{entry.slug} has no description"
    result = solve(game, timeout=60)
    # coalitional and dynamics models report an analysis, not strategy profiles
    no_profiles = info.get("kind") in ("coalitional", "dynamics")
    assert result.equilibria or no_profiles, f"{entry.slug}: no equilibrium found"
    assert result.extra or not no_profiles
    for eq in result.equilibria:
        assert eq.regret <= 1e-9
    doc = json.loads(render_json(result))
    assert doc["predictions"]
    name = getattr(game, "name", "")
    assert name in render_text(result) and name in render_markdown(result)
    assert html.unescape(render_html(result)).count(name) >= 2  # title and heading
    assert render_latex(result).rstrip().endswith("\\end{document}")
