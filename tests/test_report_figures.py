"""Figures in reports: the ``report --phase`` option and the dynamics figures.

``alliance-games report SPEC -o x.html --phase NAME=START:STOP:N`` sweeps the grid (the
``sweep --grid`` syntax) and puts the phase diagram in the report: an inline PNG
(``data:`` URI) in HTML, a note in Markdown. Richardson's report carries its phase
portrait and time path; the replicator result of norm_diffusion its time path and basin
table. Without matplotlib (the ``plot`` extra) the report says how to get the figures
and is still written.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from alliance_games import load, solve
from alliance_games.cli import _run, cli
from alliance_games.errors import AllianceGamesError
from alliance_games.report.html import render_html
from alliance_games.report.markdown import render_markdown

_IMG = re.compile(r'<img class="plot" src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _pngs(html: str) -> list[bytes]:
    return [base64.b64decode(m) for m in _IMG.findall(html)]


def test_report_phase_option_in_html(tmp_path: Path, capsys: Any) -> None:
    """Chicken swept over cost_of_war = 0, 5, 10, 15, 20: the HTML report gets a
    "Phase diagram" section after the analysis holding one inline PNG that decodes."""
    target = tmp_path / "chicken.html"
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20:5"])
    assert code == 0, capsys.readouterr().err
    page = target.read_text(encoding="utf-8")
    section = page[page.index('<section id="phase">'):]
    section = section[:section.index("</section>")]
    assert "<h2>Phase diagram</h2>" in section and "cost_of_war (5 points)" in section
    (png,) = _pngs(section)
    assert png.startswith(b"\x89PNG")
    assert page.index('id="phase"') > page.index('id="game"')


def test_report_phase_option_two_axes_and_markdown(tmp_path: Path, capsys: Any) -> None:
    """Two --phase axes make a two-dimensional sweep; Markdown names the figure and says
    where it is drawn (no image data in the .md file)."""
    target = tmp_path / "chicken.md"
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20:3", "--phase", "prize=2:6:3"])
    assert code == 0, capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    assert "## Phase diagram" in text and "cost_of_war (3 points) and prize (3 points)" in text
    assert "drawn in the HTML and LaTeX reports" in text and "base64" not in text


def test_report_phase_option_rejects_three_axes_and_bad_grids(tmp_path: Path,
                                                              capsys: Any) -> None:
    """Three axes cannot make a diagram (usage error, exit 2); a malformed grid is a
    located error (exit 2) naming the expected form; no file is written."""
    target = tmp_path / "x.html"
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20:3", "--phase", "prize=2:6:3",
                      "--phase", "compromise=1:3:3"])
    assert code == 2 and not target.exists()
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20"])
    assert code == 2 and not target.exists()
    assert "name=start:stop:n" in capsys.readouterr().err


def test_report_phase_without_matplotlib_says_how(tmp_path: Path, capsys: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the phase section says to install the plot extra."""
    import alliance_games.report.phase as phase

    def missing(*args: Any, **kwargs: Any) -> bytes:
        raise AllianceGamesError('plots need matplotlib: pip install "alliance_games[plot]"')

    monkeypatch.setattr(phase, "phase_diagram_png", missing)
    target = tmp_path / "c.html"
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20:3"])
    assert code == 0, capsys.readouterr().err
    page = target.read_text(encoding="utf-8")
    assert "pip install &#x27;alliance_games[plot]&#x27;" in page and not _pngs(page)


def test_richardson_report_shows_rest_point_and_figures() -> None:
    """Richardson (k = l = 1/2, a = b = 1, g = h = 1): rest point x = y = 2 (from
    x = y/2 + 1, y = x/2 + 1), eigenvalues of [[-a, k], [l, -b]] = -1 +- 1/2, i.e.
    -0.5 and -1.5: stable. The HTML shows these, the phase portrait and the time path as
    two inline PNGs, and no equilibria section (there are no strategy profiles)."""
    result = solve(load("dynamics/richardson"))
    page = render_html(result)
    pngs = _pngs(page)
    assert len(pngs) == 2 and all(p.startswith(b"\x89PNG") for p in pngs)
    assert "Phase portrait" in page and "Time path" in page
    assert 'id="equilibria"' not in page and "No equilibrium" not in page
    assert "[-0.5, -1.5]" in page and "What the model predicts" in page
    md = render_markdown(result)
    assert "## Equilibria" not in md and "No equilibrium" not in md
    assert "&gt;" not in md and "ab > kl" in md


def test_replicator_report_shows_time_path_and_basins() -> None:
    """norm_diffusion with --method replicator: the time path (one inline PNG) and the
    basin table (All Comply 7/10, All Violate 3/10 from the ten starting points: the
    coordination threshold is 1/3, and seven of the ten evenly spread starting shares lie
    above it, as the basin boundary entry of the analysis states)."""
    result = solve(load("dynamics/norm_diffusion"), "replicator")
    page = render_html(result)
    assert len(_pngs(page)) == 1 and "Time path" in page
    basins = page[page.index(">Basins<"):]
    assert "All Comply" in basins and "7/10" in basins and "3/10" in basins


def test_dynamics_report_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the Richardson report is still written and says how to get
    its figures (the plot extra); the time path is then tabulated instead."""
    import alliance_games.analysis.dynamics_plot as dynamics_plot

    def missing(result: Any) -> bytes:
        raise AllianceGamesError("dynamics figures need matplotlib: "
                                 "pip install 'alliance_games[plot]'")

    monkeypatch.setattr(dynamics_plot, "richardson_phase_png", missing)
    page = render_html(solve(load("dynamics/richardson")))
    assert not _pngs(page)
    assert "alliance_games[plot]" in page and "Time path" in page


def test_fictitious_play_report_shows_time_path_and_basins() -> None:
    """The same game solved by fictitious play: its report also draws the time path
    (rounds on the x axis) and tabulates the basins (which equilibrium each starting
    belief reaches)."""
    result = solve(load("dynamics/norm_diffusion"), "fictitious-play")
    page = render_html(result)
    assert len(_pngs(page)) == 1 and "Time path" in page and ">Basins<" in page
