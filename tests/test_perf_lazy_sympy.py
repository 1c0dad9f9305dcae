"""``solve`` of a catalog model does not import sympy where its work is numeric.

sympy costs about half a second of CPU to import (issue 13, goal 6: a catalog ``solve``
under 0.3 s). Spec numbers are Fractions when rational (the numeric path of
:func:`~alliance_games.modeling.expr.fast_value`); the sympy expressions ``explain``
needs (symbolic payoffs, weights, coefficients) are parsed when it first reads them.
So ``solve`` of every catalog model, in text and in JSON, runs without sympy, except
the models listed in :data:`NEEDS_SYMPY` with the module that imports it (solvers
whose work is algebraic, or which import sympy at module level; not the compilers).

Checked in a fresh interpreter (nothing has imported sympy yet), then: the numeric path
changes no result (the JSON of each family touched, with and without it, also with
irrational ``--set`` values that take the sympy path), and ``explain`` still reads the
symbolic expressions.
"""

from __future__ import annotations

import json
import pickle
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from import_probe import first_imports, solve_runs

import alliance_games.modeling.context as context_module
from alliance_games import load, solve
from alliance_games.modeling.context import SymbolicTexts
from alliance_games.report.json import render_json

ROOT = Path(__file__).resolve().parents[1]
CATALOG = sorted(str(p.relative_to(ROOT / "models").with_suffix(""))
                 for p in (ROOT / "models").glob("*/*.yaml"))

NEEDS_SYMPY: dict[str, str] = {
    # (balancing_bandwagoning, volunteers_dilemma and chain_ganging left this list: their
    # n-player equilibria are rational, certified in Fractions by supports._rational_root,
    # and the symmetric closed form's roots by games.binary.rational_symmetric_probabilities)
    # (extended_deterrence_triad left it too: 'auto' counts the Nash equilibria it sets
    # aside only from a complete list, and the first support of its reduced normal form
    # whose indifference equations vanish identically shows, without sympy, that the
    # list cannot be complete)
}

#: models whose JSON (not their text) needs sympy: an exact irrational value that only
#: sympy prints is in the default ``analysis.exact`` map
NEEDS_SYMPY_IN_JSON = {
    # the exact Rubinstein frequent-offers limit, a ratio of logarithms
    # (solvers/bargaining/solutions.py, ExactLimitText: printed when read)
    "alliance/burden_bargaining": "solvers/bargaining/solutions.py",
}

def test_the_exceptions_are_catalog_models() -> None:
    """The list of models allowed to import sympy names existing models only (a renamed
    model must not silently leave the check)."""
    assert set(NEEDS_SYMPY) | set(NEEDS_SYMPY_IN_JSON) <= set(CATALOG)
    assert len(CATALOG) >= 38


def test_catalog_solve_does_not_import_sympy() -> None:
    """``solve`` (text, then ``-f json``) of every catalog model but :data:`NEEDS_SYMPY`
    (and only the text of :data:`NEEDS_SYMPY_IN_JSON`), one after another in one fresh
    interpreter: all succeed and sympy is never imported. (A module loaded for one model
    stays loaded, so the first model whose solve imports sympy is the one named; none
    may.)"""
    models = [m if m not in NEEDS_SYMPY_IN_JSON else f"{m}@text"
              for m in CATALOG if m not in NEEDS_SYMPY]
    first = first_imports(["sympy"], solve_runs(models), timeout=600)
    assert "failed" not in first, first
    assert "sympy" not in first, f"solve imported sympy: {first.get('sympy')}"


def test_a_model_that_needs_sympy_is_seen_to_import_it() -> None:
    """The probe can fail: ``explain`` (symbolic conditions) imports sympy, and so does
    ``solve`` of an n-player game with an irrational equilibrium (the algebraic kernel):
    the volunteer's dilemma with 3 allies, b = 3, c = 1 mixes with abstention
    probability ``q = (c/b)^(1/2) = 1/sqrt(3)``."""
    explain = [("dynamics/richardson -f text", ["explain", "dynamics/richardson"]),
               ("dynamics/richardson -f json", ["solve", "dynamics/richardson", "-f", "json"])]
    assert first_imports(["sympy"], explain, timeout=300) == {
        "sympy": "dynamics/richardson -f text"}
    irrational = solve_runs(["alliance/volunteers_dilemma"], extra=["--set", "benefit=3"])
    assert first_imports(["sympy"], irrational, timeout=300) == {
        "sympy": "alliance/volunteers_dilemma -f text"}


def test_the_bargaining_limit_is_printed_for_json_only() -> None:
    """Rubinstein's frequent-offers limit, the proposer's share ``r_2/(r_1 + r_2)`` with
    ``r_i = -ln δ_i``: the Client proposes (δ_1 = 4/5) to the Patron (δ_2 = 19/20), so
    it is ``(ln 20 - ln 19)/(ln 5 - ln 4 + ln 20 - ln 19)
    = (2 ln 2 + ln 5 - ln 19)/(2 ln 5 - ln 19)``, a ratio of logarithms of primes that
    only sympy prints: the text report does not show it (no sympy), the JSON does
    (sympy), and it is the string the eager code printed."""
    both = [f"alliance/burden_bargaining@{fmt}" for fmt in ("text", "json")]
    assert first_imports(["sympy"], solve_runs(both), timeout=300) == {
        "sympy": "alliance/burden_bargaining -f json"}
    doc = json.loads(_document("alliance/burden_bargaining", {}))
    assert doc["analysis"]["exact"]["frequent_offers_limit_share"] == (
        "(-log(5) - 2*log(2) + log(19))/(-2*log(5) + log(19))")


SAMPLE: list[tuple[str, dict[str, Any]]] = [
    ("extended_deterrence/tying_hands", {}),                              # signaling
    ("extended_deterrence/tying_hands", {"audience_cost": "sqrt(2)/2"}),
    ("alliance/leadership_change", {}),
    ("extended_deterrence/unilateral_deterrence", {}),                    # extensive
    ("alliance/abandonment_entrapment", {}),
    ("alliance/joint_products", {}),                                      # joint products
    ("alliance/joint_products", {"private_share": "sqrt(2)/2"}),
    ("cases/nato_1949", {}),
    ("alliance/burden_sharing", {"n_allies": "5"}),                       # public goods
    ("alliance/burden_sharing", {"defence_share": "sqrt(2)/10"}),
    ("coalitions/weighted_majority", {}),                                 # coalitional
    ("coalitions/balance_of_threat", {"intentions": "sqrt(2)/2"}),
    ("cases/anglo_japanese_1902", {}),
    ("dynamics/richardson", {}),                                          # dynamics
    ("dynamics/richardson", {"reaction_x": "3", "reaction_y": "3"}),
    ("dynamics/richardson", {"reaction_x": "sqrt(2)"}),
    ("dynamics/richardson", {"reaction_x": "2", "reaction_y": "1"}),      # irrational roots
]


def _document(name: str, overrides: dict[str, Any]) -> str:
    result = solve(load(name, overrides or None))
    return re.sub(r'"seconds": [0-9.e+-]+', '"seconds": 0', render_json(result, exact=True))


@pytest.mark.parametrize(("name", "overrides"), SAMPLE,
                         ids=[f"{n}{'-' + '-'.join(o.values()) if o else ''}" for n, o in SAMPLE])
def test_same_json_with_and_without_the_numeric_path(
        name: str, overrides: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The families made sympy-free here (signaling, extensive, public goods, joint
    products, coalitional, dynamics) compile to the same game with every value through
    sympy (the numeric path switched off, as before it existed)."""
    fast = _document(name, overrides)
    monkeypatch.setattr(context_module, "fast_value", lambda *args: None)
    slow = _document(name, overrides)
    assert fast == slow


def test_a_coalition_formula_by_both_paths(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``value`` formula evaluated per (size, weight) point by the numeric path gives
    the sympy path's game. Players A, B, C with weights 2, 1, 1 and quota 3 under
    ``size**2 if weight >= quota else size/2``: {A, B} (weight 3) is worth 2^2 = 4,
    {B, C} (weight 2) 2/2 = 1, the grand coalition 3^2 = 9, {A} 1/2."""
    spec = tmp_path / "formula.yaml"
    spec.write_text("name: formula\nkind: coalitional\nplayers: [A, B, C]\n"
                    "weights: [2, 1, 1]\nquota: 3\n"
                    'value: "size**2 if weight >= quota else size/2"\n')
    fast = load(spec)
    assert fast.value(["A", "B"]) == 4
    assert fast.value(["B", "C"]) == 1
    assert fast.value(["A", "B", "C"]) == 9
    assert fast.value(["A"]) == Fraction(1, 2)
    monkeypatch.setattr(context_module, "fast_value", lambda *args: None)
    slow = load(spec)
    assert [fast.value(c) for c in (["A"], ["B", "C"], ["A", "C"], ["A", "B", "C"])] == \
        [slow.value(c) for c in (["A"], ["B", "C"], ["A", "C"], ["A", "B", "C"])]


def test_richardson_figures_without_sympy() -> None:
    """Richardson's race with k = l = 1/2, a = b = 1, g = h = 1 (the catalog default):
    rest point x* = (b g + k h)/(a b - k l) = (1 + 1/2)/(1 - 1/4) = 2, y* = 2 alike;
    eigenvalues (-(a + b) ± sqrt((a - b)^2 + 4 k l))/2 = (-2 ± 1)/2 = -1/2, -3/2,
    computed in Fractions (the discriminant 1 is a square). With k = l = 3 the
    discriminant is 36: eigenvalues (-2 ± 6)/2 = 2, -4, a saddle with rest point
    x* = y* = (1 + 3)/(1 - 9) = -1/2; the start (0, 0) lies on the side
    w.(z0 - z*) = 3(1/2) + 3(1/2) = 3 > 0 of the stable line (w = (l, λ+ + a) = (3, 3)):
    a runaway race."""
    doc = json.loads(_document("dynamics/richardson", {}))
    assert doc["analysis"]["exact"]["eigenvalues"] == ["-1/2", "-3/2"]
    assert doc["analysis"]["eigenvalues"] == [-0.5, -1.5]
    assert doc["analysis"]["rest_point"] == {"State X": 2, "State Y": 2}
    runaway = json.loads(_document("dynamics/richardson",
                                   {"reaction_x": "3", "reaction_y": "3"}))
    assert runaway["analysis"]["exact"]["eigenvalues"] == ["2", "-4"]
    assert runaway["analysis"]["regime"] == "runaway arms race"


def test_un_security_council_without_sympy() -> None:
    """Shapley-Shubik index of the Security Council [39; 7 x 5, 1 x 10] (Shapley and
    Shubik 1954): an elected member is pivotal when the 8 before it are the 5
    permanent members and 3 of the other 9 elected ones, so its index is
    C(9,3) 8! 6!/15! = 84 * 40320 * 720 / 1307674368000 = 4/2145; a permanent member
    gets (1 - 10 * 4/2145)/5 = 421/2145."""
    text = _document("coalitions/weighted_majority", {})
    assert '"421/2145"' in text and '"4/2145"' in text


def test_symbolic_texts_are_printed_when_read() -> None:
    """The extensive compiler's ``info["symbolic"]`` prints each expression the way
    sympy does (``0.5*c`` is ``c/2``), ``"?"`` for one that does not parse, compares
    equal to that list, and pickles (sweep workers)."""
    texts = SymbolicTexts(["-c", "0.5*c", "b - c", 3, "c +"], frozenset({"b", "c"}))
    assert len(texts) == 5
    assert texts == ["-c", "c/2", "b - c", "3", "?"]
    assert list(pickle.loads(pickle.dumps(texts))) == ["-c", "c/2", "b - c", "3", "?"]
    assert texts != ["-c"]


def test_explain_reads_the_lazy_expressions() -> None:
    """The sympy expressions ``explain`` reads are those the compiler used to build
    eagerly: parameter symbols for the Security Council's weights and quota, and for
    Richardson's coefficients."""
    import sympy

    council = load("coalitions/weighted_majority")
    weights = council.info["symbolic"]["weights"]
    assert weights[0] == sympy.Symbol("permanent_weight")
    assert weights[-1] == sympy.Symbol("elected_weight")
    assert council.info["symbolic"]["quota"] == sympy.Symbol("quota")
    race = load("dynamics/richardson")
    assert race.info["symbolic_coefficients"]["k"] == sympy.Symbol("reaction_x")
    assert dict(race.info["symbolic_coefficients"])["h"] == sympy.Symbol("grievance_y")
