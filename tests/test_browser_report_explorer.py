"""The explorer's tree panel in real headless Chromium: a wide tree fits its panel.

sinking_costs (models/extended_deterrence/sinking_costs.yaml) is the widest catalog
tree (20 leaves, about 1,225 px at its natural size, wider than the explorer's panel
at 800 and 600 px windows). In the explorer the tree's SVG
(which has a viewBox) scales to the width of the "Game" panel instead of scrolling: the
drawing's box and every label in it stay inside the panel, and the panel does not
scroll horizontally (its scrollWidth equals its clientWidth).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import open_file, overflowing

from alliance_games.cli import _run, cli


@pytest.mark.parametrize("width", [1280, 800, 600])
def test_wide_tree_fits_the_explorer_panel(tmp_path: Path, page: Any, width: int) -> None:
    out = tmp_path / "sinking.html"
    code = _run(cli, ["explore", "extended_deterrence/sinking_costs", "--grid",
                      "mobilization_cost=0:2:3", "-o", str(out), "--quiet"])
    assert code == 0
    page.set_viewport_size({"width": width, "height": 900})
    open_file(page, out)
    assert page.errors.messages == []
    box = page.evaluate("""() => {
        const panel = document.getElementById('game');
        const svg = panel.querySelector('svg');
        const p = panel.getBoundingClientRect(), r = svg.getBoundingClientRect();
        let right = 0, left = 1e9;
        for (const t of svg.querySelectorAll('text')) {
            const b = t.getBoundingClientRect();
            right = Math.max(right, b.right); left = Math.min(left, b.left);
        }
        return {panelLeft: p.left, panelRight: p.right, left: r.left, right: r.right,
                textLeft: left, textRight: right, scroll: panel.scrollWidth,
                client: panel.clientWidth, natural: svg.viewBox.baseVal.width};
    }""")
    if width < 1280:  # the tree (about 1,225 px) is wider than its panel...
        assert box["natural"] > box["client"]
    assert box["panelLeft"] - 0.5 <= box["left"] and box["right"] <= box["panelRight"] + 0.5
    assert box["left"] - 0.5 <= box["textLeft"] and box["textRight"] <= box["right"] + 0.5
    assert box["scroll"] <= box["client"] + 1  # ...and fits: nothing to scroll
    assert overflowing(page) == []
