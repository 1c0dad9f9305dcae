"""The family hook imports only the family modules that may claim a result.

``interpretation/families.py`` skips a module whose cheap test (the class its
``predictions`` checks with ``isinstance``, the method or ``info`` key it requires)
fails. That is only sound if the test is a *necessary* condition: a module whose test
fails must return ``None``. Checked here on every catalog model's ``auto`` result and on
the results of the methods some families claim (``repeated``, ``symmetric``,
``support-enumeration``, ``replicator``), against asking every module in turn as before.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.equilibrium import SolveResult
from alliance_games.interpretation.families import FAMILY_CLAIMS, family_predictions

MODELS = sorted(
    str(p.relative_to(Path(__file__).parents[1] / "models").with_suffix(""))
    for p in (Path(__file__).parents[1] / "models").rglob("*.yaml"))

#: (model, method) pairs whose results some family claims beyond ``auto``
EXTRA = [
    ("security_dilemma/prisoners_dilemma", "repeated"),
    ("security_dilemma/iterated_arms_race", "repeated"),
    ("alliance/volunteers_dilemma", "symmetric"),
    ("alliance/volunteers_dilemma", "support-enumeration"),
    ("security_dilemma/stag_hunt", "replicator"),
]


def _every_module(result: SolveResult) -> list[str]:
    """The hook as it was: every module asked in turn, the first claim wins."""
    for name, _ in FAMILY_CLAIMS:
        lines = importlib.import_module(name).predictions(result)
        if lines is not None:
            return list(lines)
    return [str(x) for x in result.extra.get("predictions", ()) or ()]


def _check(result: SolveResult) -> None:
    for name, may_claim in FAMILY_CLAIMS:
        if not may_claim(result):
            assert importlib.import_module(name).predictions(result) is None, name
    assert family_predictions(result) == _every_module(result)


def test_the_catalog_is_found() -> None:
    assert len(MODELS) >= 38 and "trust/reassurance" in MODELS


@pytest.mark.parametrize("model", MODELS)
def test_claims_are_necessary_on_the_catalog(model: str) -> None:
    _check(solve(load(model), "auto"))


@pytest.mark.parametrize(("model", "method"), EXTRA)
def test_claims_are_necessary_for_claimed_methods(model: str, method: str) -> None:
    result = solve(load(model), method)
    _check(result)
    assert family_predictions(result), "a family module claims this result"


def test_a_normal_form_report_imports_no_other_family() -> None:
    """Stag hunt's report (a 2x2 game solved by ``auto``) imports none of the
    public-goods, crisis, coalitional, bargaining or reputation modules."""
    code = ("import sys; from alliance_games import load, solve; "
            "from alliance_games.interpretation.outcomes import predictions; "
            "predictions(solve(load('security_dilemma/stag_hunt'), 'auto')); "
            "print(sorted(m for m in sys.modules "
            "if m.startswith('alliance_games.interpretation.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    for family in ("public_goods", "crisis", "coalitional", "bargaining", "reputation"):
        assert f"alliance_games.interpretation.{family}'" not in out
