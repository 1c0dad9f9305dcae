"""HTML reports as a reader sees them: loaded in real headless Chromium.

The first browser checks (the report work extends them to the whole catalog): the stag
hunt's report loads with no console error and no network request, nothing sticks out
of a 1280 px page, and the mixed equilibrium's exact numbers are on the page.

Stag hunt (models/security_dilemma/stag_hunt.yaml): the mixed equilibrium makes each
side indifferent, so every number a solve prints must be visible in the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser import open_file, overflowing, visible_text

from alliance_games import load, solve
from alliance_games.report.documents import render_html


def test_stag_hunt_report_in_chromium(tmp_path: Path, page: Any) -> None:
    out = tmp_path / "stag.html"
    game = load("security_dilemma/stag_hunt")
    result = solve(game)
    out.write_text(render_html(result), encoding="utf-8")
    open_file(page, out)
    assert page.errors.messages == []
    assert overflowing(page) == []
    text = visible_text(page)
    assert "Stag" in text or "stag" in text
    assert len(result.equilibria) == 3
    for player in game.players:
        assert player in text
    # every non-zero probability of every equilibrium is printed (as the text renderer
    # writes it: exact fractions such as 2/3)
    from alliance_games.numbers import format_number

    for eq in result.equilibria:
        for dist in eq.strategies.values():
            for prob in dist.values():
                if prob:
                    assert format_number(prob) in text, format_number(prob)
