"""Phase diagrams and time paths people can read (report/phase.py, report/plot_style.py).

Measured on the drawn figure (matplotlib's artist geometry after a draw): the title and
the key lie inside the figure; every regime colour is opaque and distinct; no filled
translucent band is drawn.

Exact boundaries, derived by hand:

- Chicken (R = 3, S = 1, P = -10, T = prize): mutual compromise is an equilibrium iff
  R >= T, i.e. prize <= 3; the asymmetric pairs need T >= R. Sweeping prize over
  [0, 8] the only boundary is prize = 3.
- Sinking costs (models/extended_deterrence/sinking_costs.yaml, notes; Fearon 1997):
  the separating equilibrium exists iff value_irresolute <= mobilization_cost <=
  value_resolute - war_value_resolute, i.e. 2 <= m <= 3 at the defaults, so a sweep of
  mobilization_cost over [0, 4] has boundaries at 2 and 3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from matplotlib.colors import to_rgba

from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.report.phase import exact_boundaries, phase_diagram_png, phase_figure
from alliance_games.report.plot_style import CATEGORICAL, plot_time_path

CASES = [
    ("security_dilemma/chicken", ["prize=0:8:9"]),
    ("security_dilemma/offense_defense", ["offense_advantage=0:3:5",
                                          "distinguishability=0:1:5"]),
    ("extended_deterrence/sinking_costs", ["p_resolute=0:1:5", "mobilization_cost=0:4:5"]),
    ("alliance/burden_sharing", ["defence_share=1/10:9/10:5"]),
    ("security_dilemma/stag_hunt", ["temptation=0:6:7"]),
]


def _inside(fig: Any, artist: Any) -> bool:
    renderer = fig.canvas.get_renderer()
    box = artist.get_window_extent(renderer)
    fig_box = fig.bbox
    return (box.x0 >= fig_box.x0 - 1 and box.y0 >= fig_box.y0 - 1
            and box.x1 <= fig_box.x1 + 1 and box.y1 <= fig_box.y1 + 1)


@pytest.mark.parametrize(("spec", "grids"), CASES, ids=[c[0] for c in CASES])
def test_title_and_key_inside_figure(spec: str, grids: list[str], tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    result = sweep(spec, [parse_grid(g) for g in grids])
    fig = phase_figure(result)
    fig.canvas.draw()
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert len(titles) == 1
    assert _inside(fig, titles[0])
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert legends, "a key"
    for legend in legends:
        assert _inside(fig, legend)
    # one opaque colour per regime, distinct
    key = next(lg for lg in legends if lg.get_title().get_text() == "regimes")
    patches = [h for h in key.legend_handles if hasattr(h, "get_facecolor")
               and h.get_label().startswith("R")]
    assert len(patches) == len(result.regimes())
    colours = [tuple(h.get_facecolor()) for h in patches]
    assert all(c[3] == 1.0 for c in colours)
    assert len(set(colours)) == len(colours)
    # no translucent bands
    for ax in fig.axes:
        for coll in ax.collections:
            assert not isinstance(coll, PolyCollection) or coll.get_alpha() in (None, 1.0)
        for patch in ax.patches:
            assert patch.get_alpha() in (None, 1.0)
    plt.close(fig)
    png = phase_diagram_png(result)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    (tmp_path / "phase.png").write_bytes(png)


def test_exact_boundaries_chicken() -> None:
    result = sweep("security_dilemma/chicken", [parse_grid("prize=0:8:9")])
    assert exact_boundaries(result) == [3.0]


def test_exact_boundaries_sinking_costs() -> None:
    result = sweep("extended_deterrence/sinking_costs",
                   [parse_grid("mobilization_cost=0:4:9")])
    found = sorted(b for b in exact_boundaries(result) if isinstance(b, float))
    assert 2.0 in found and 3.0 in found


def test_boundaries_follow_the_fixed_parameters() -> None:
    """With compromise R = 5 held fixed (--set), the chicken boundary moves to
    prize = 5."""
    result = sweep("security_dilemma/chicken", [parse_grid("prize=0:8:9")],
                   overrides={"compromise": "5"})
    assert exact_boundaries(result, {"compromise": "5"}) == [5.0]


def test_palette_is_categorical_and_distinct() -> None:
    rgba = [to_rgba(c) for c in CATEGORICAL]
    assert len(set(rgba)) == len(CATEGORICAL) == 20
    # no two colours nearly equal (Euclidean distance in RGB above 0.15)
    for i, a in enumerate(rgba):
        for b in rgba[i + 1:]:
            assert sum((x - y) ** 2 for x, y in zip(a[:3], b[:3], strict=True)) ** 0.5 > 0.15


def test_time_path(tmp_path: Path) -> None:
    """An arms race x_{t+1} = x_t / 2 + 1 from 0 approaches 2: 0, 1, 3/2, 7/4."""
    times = [0, 1, 2, 3]
    path = tmp_path / "arms.png"
    png = plot_time_path(times, [[0, 1, 1.5, 1.75], [0, 0.5, 0.75, 0.875]],
                         ["State A arms", "State B arms"], path,
                         title="Arms levels approach the steady state " * 3)
    assert png[:4] == b"\x89PNG" and path.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(Exception, match="3 values for 4 times"):
        plot_time_path(times, {"x": [0, 1, 2]})
