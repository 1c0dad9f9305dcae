"""The notebook explorer (``from alliance_games import explore``), tested headlessly.

The widget is built without a notebook (ipywidgets keeps its model state in Python), a
slider's value is set from code as the front end would after a drag, and the panels'
synced state (``get_state()["value"]``, what the browser receives) must hold the result
of a direct solve at the new value.

Sinking costs (models/extended_deterrence/sinking_costs.yaml, notes; Fearon 1997,
discrete version): at the default mobilization_cost 5/2 the defender's types separate;
at mobilization_cost = 1 the irresolute type bluffs with probability 1/3 — with prior
1/4 resolute, the challenger is indifferent after Mobilize when P(resolute | M) = 1/2,
i.e. (1/4) = (3/4) x, x = 1/3.

Chicken with prize T = 2 (< R = 3): backing down is dominant for both (3 > 2 and
1 > -10), so the game has exactly one equilibrium, mutual compromise, and the display
must say "1 equilibrium".
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from alliance_games import AllianceGamesError, explore, load, solve
from alliance_games.report.widget import equilibria_html


def _state(widget: Any) -> str:
    return str(widget.get_state()["value"])


def test_slider_re_solves_and_redraws() -> None:
    ex = explore("extended_deterrence/sinking_costs", phase_points=3)
    assert set(ex.sliders) >= {"p_resolute", "mobilization_cost", "cost_of_war"}
    assert ex.phase_axes == ["p_resolute", "p_resolved_challenger"]
    default = solve(load("extended_deterrence/sinking_costs"))
    assert _state(ex.panels["equilibria"]) == equilibria_html(default)
    assert "<svg" in _state(ex.panels["game"])  # the tree
    before = _state(ex.panels["equilibria"])

    ex.sliders["mobilization_cost"].value = 1.0
    direct = solve(load("extended_deterrence/sinking_costs", {"mobilization_cost": "1"}))
    after = _state(ex.panels["equilibria"])
    assert after == equilibria_html(direct) != before
    bluffs = [float(m) for m in re.findall(r"Irresolute: Mobilize ([0-9.]+)", after)]
    assert any(abs(b - 1 / 3) < 1e-3 for b in bluffs), bluffs
    assert ex.result is not None and len(ex.result.equilibria) == len(direct.equilibria)
    predictions = _state(ex.panels["predictions"])
    assert predictions.startswith("<ul>") and "<li>" in predictions


def test_phase_marker_follows_and_sweeps_are_cached() -> None:
    """Moving a phase axis moves the ring without a new sweep; moving another
    parameter re-sweeps once, and moving back is a cache hit."""
    ex = explore("extended_deterrence/sinking_costs", phase_points=3)
    ring = re.compile(r'class="phase-marker"[^>]* cx="([0-9.]+)"')
    x0 = ring.search(_state(ex.panels["phase"])).group(1)  # type: ignore[union-attr]
    ex.sliders["p_resolute"].value = 0.75
    x1 = ring.search(_state(ex.panels["phase"])).group(1)  # type: ignore[union-attr]
    assert float(x1) > float(x0)
    assert len(ex._phases) == 1
    ex.sliders["cost_of_war"].value = 2.0
    assert len(ex._phases) == 2
    ex.sliders["cost_of_war"].value = 1.0
    assert len(ex._phases) == 2
    # solved so far: (p_resolute, cost_of_war) = (1/4, 1), (3/4, 1), (3/4, 2)
    assert len(ex._solves) == 3
    ex.sliders["p_resolute"].value = 0.25
    ex.sliders["p_resolute"].value = 0.75
    assert len(ex._solves) == 3  # both points were solved before: cache hits
    ex.sliders["p_resolute"].value = 0.5
    assert len(ex._solves) == 4


def test_one_equilibrium_is_singular() -> None:
    ex = explore("security_dilemma/chicken", phase_points=3)
    ex.sliders["prize"].value = 2
    shown = _state(ex.panels["equilibria"])
    direct = solve(load("security_dilemma/chicken", {"prize": "2"}))
    assert len(direct.equilibria) == 1
    assert shown.startswith("<p>1 equilibrium (")
    assert "1 equilibria" not in shown
    assert "1 equilibrium" in repr(direct)


def test_missing_ipywidgets_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import now raises ImportError
    with pytest.raises(AllianceGamesError, match=r'pip install "alliance_games\[notebook\]"'):
        explore("security_dilemma/chicken")


def test_bad_corner_shows_a_message_not_a_traceback() -> None:
    """A parameter value the spec rejects (a negative prior) is shown as the error
    message in the equilibria panel; the widget keeps working."""
    ex = explore("extended_deterrence/sinking_costs", phase_points=2)
    ex.sliders["p_resolute"].min = -1.0
    ex.sliders["p_resolute"].value = -0.5
    assert ex.result is None
    assert "color:#a00" in _state(ex.panels["equilibria"])
    ex.sliders["p_resolute"].value = 0.25
    assert ex.result is not None


def test_displays_as_a_widget_in_jupyter() -> None:
    """Jupyter shows the object through the widget's MIME bundle (a widget view whose
    model id is the VBox's)."""
    ex = explore("security_dilemma/chicken", phase_points=2)
    bundle = ex._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget.model_id
    assert set(ex.widget.children[1:3]) == {ex.sliders["prize"], ex.sliders["compromise"]}
