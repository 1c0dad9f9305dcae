"""Every catalog model's offline explorer, opened in headless Chromium.

A small grid (at most 4 points: the budget coarsens the default grid) keeps this fast;
for each model the page loads with no console error or network request, nothing
overflows the page, and the equilibria shown at the starting point (the grid point
nearest the spec's defaults) are those of a direct solve there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import open_file, overflowing

from alliance_games import catalog, load, solve
from alliance_games.report.explorer import build_explorer, default_axes, equilibrium_rows

SLUGS = [e.slug for e in catalog()]


@pytest.mark.parametrize("slug", SLUGS)
def test_catalog_explorer_loads(slug: str, tmp_path: Path, page: Any) -> None:
    out = tmp_path / "explorer.html"
    out.write_text(build_explorer(slug, max_points=4), encoding="utf-8")
    open_file(page, out)
    assert page.evaluate("() => document.body.dataset.ready") == "1"
    assert page.errors.messages == []
    assert overflowing(page) == []
    axes, _ = default_axes(slug, max_points=4)
    start = {a.name: page.evaluate(f"() => document.getElementById('slider-{k}').value")
             for k, a in enumerate(axes)}
    values = {a.name: str(a.values[int(start[a.name])]) for a in axes}
    rows = page.evaluate(
        "() => [...document.querySelectorAll('#equilibria tr')].slice(1)"
        ".map(tr => [...tr.children].map(td => td.textContent))")
    assert rows == equilibrium_rows(solve(load(slug, values)))[1]
