"""The numeric path changes no result: catalog models solved with and without it.

:func:`~alliance_games.modeling.expr.fast_value` computes rational spec values over
Fractions instead of sympy. The promise is that a spec compiles to the very same game,
and so to the same JSON document, either way. Here a sample of catalog models (one per
family that uses spec numbers, with a ``--set`` override and a symbolic parameter for
good measure) is compiled and solved twice in one process: once as ``solve`` does,
once with the numeric path switched off (every value through sympy, as before it
existed); the JSON documents must be identical apart from the solver's timing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import alliance_games.modeling.context as context_module
from alliance_games import load, solve
from alliance_games.report.json import render_json

SAMPLE = [
    ("security_dilemma/stag_hunt", {}),
    ("security_dilemma/chicken", {"cost_of_war": "7/2"}),
    ("alliance/shared_identity", {}),
    ("alliance/volunteers_dilemma", {}),
    ("security_dilemma/iterated_arms_race", {}),
    ("trust/spiral", {}),
    ("crisis/risk_return", {}),
    ("alliance/autonomy_security", {}),
    ("security_dilemma/offense_defense", {}),
    ("alliance/burden_sharing", {}),
]


def _document(name: str, overrides: dict[str, Any]) -> str:
    result = solve(load(name, overrides or None))
    return re.sub(r'"seconds": [0-9.e+-]+', '"seconds": 0', render_json(result, exact=True))


@pytest.mark.parametrize(("name", "overrides"), SAMPLE, ids=[s[0] for s in SAMPLE])
def test_same_json_with_and_without_the_numeric_path(
        name: str, overrides: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _document(name, overrides)
    monkeypatch.setattr(context_module, "fast_value", lambda *args: None)
    slow = _document(name, overrides)
    assert fast == slow


def test_an_irrational_parameter_still_works() -> None:
    """A parameter set to ``sqrt(2)`` has no Fraction: the payoffs that use it go through
    sympy, the others through the numeric path, and the game is right.

    Chicken with T = 4, R = 3, S = 1 and P = -cost_of_war = -sqrt(2): still T > R > S > P.
    The mixed equilibrium backs down with p* = (P - S)/((R - T) + (P - S))
    = (-sqrt(2) - 1)/(-2 - sqrt(2)) = (1 + sqrt(2))/(sqrt(2)(sqrt(2) + 1)) = 1/sqrt(2).
    """
    import math

    game = load("security_dilemma/chicken", {"cost_of_war": "sqrt(2)"})
    assert game.exact_payoffs is None  # irrational: no exact payoff table
    assert game.payoffs[0, 1, 1] == -math.sqrt(2)
    assert game.info["classification"]["name"] == "chicken"
    mixed = [e for e in solve(game).equilibria if not e.pure]
    assert len(mixed) == 1
    assert abs(float(mixed[0].strategies["State A"]["Back down"]) - 1 / math.sqrt(2)) < 1e-9
