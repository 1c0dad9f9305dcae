"""A normal-form ``solve`` does not load the tree modules, the report model, ``html`` or
other families' interpretation modules (issue 13, goal 6: start-up).

The games package registers the tree type's conversions as functions that import
their module on first use (``games/conversions.py``), the registry tests a game's kind
without importing the other families' game modules, ``report/text.py`` builds the
report model only for nested analysis entries, ``html`` is imported by the HTML
functions alone, ``solvers/auto.py`` names the tree type for annotations only, and the
interpretation hook imports only the family modules that may claim the result. One
fresh interpreter solves the security-dilemma 2x2 games in text
and JSON (``tests/import_probe.py``) and names any of these modules that got loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_probe import first_imports, solve_runs  # noqa: E402

#: modules a normal-form text or JSON solve has no use for
NOT_NEEDED = ("alliance_games.games.tree_svg", "alliance_games.games.tree_layout",
              "alliance_games.report.model", "html", "alliance_games.games.extensive",
              "alliance_games.interpretation.public_goods",
              "alliance_games.interpretation.coalitional")


def test_a_normal_form_solve_loads_no_tree_drawing_report_model_or_html() -> None:
    runs = solve_runs(["security_dilemma/stag_hunt", "security_dilemma/chicken",
                       "security_dilemma/prisoners_dilemma"])
    found = first_imports(NOT_NEEDED, runs, timeout=300)
    assert found == {}, found

