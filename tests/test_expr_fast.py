"""The numeric path of spec expressions (``fast_value``) agrees with the sympy path.

``fast_value`` computes an expression over Fractions when every name has a rational
value, and answers ``None`` (the sympy path decides) whenever it cannot be sure. The
promise tested here: whenever it answers, its answer is the sympy path's value
(``parse_expression`` then ``substitute``), exactly; and where the sympy path raises an
error, it does not answer at all (so no message or refusal ever changes).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_games.errors import SpecError
from alliance_games.modeling.expr import fast_value, parse_expression, substitute, to_fraction

VALUES = {"a": Fraction(3), "b": Fraction(-1, 2), "c": Fraction(0), "d": Fraction(7, 10)}


def _sympy_path(text: object, values: dict[str, Fraction]) -> Fraction | str:
    """The value by the sympy path, or ``"error"`` (or ``"other"`` for a condition or an
    irrational number)."""
    try:
        result = substitute(parse_expression(text, set(values)), values)
    except SpecError:
        return "error"
    frac = to_fraction(result)
    return frac if frac is not None else "other"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hand-computed at a = 3, b = -1/2, c = 0, d = 7/10
        ("a - b", Fraction(7, 2)),            # 3 + 1/2
        ("0.1 + d", Fraction(4, 5)),          # 1/10 + 7/10 (decimals are exact)
        ("a**2 - 2*a*b", Fraction(12)),       # 9 + 3
        ("(a*d)**2", Fraction(441, 100)),     # (21/10)^2
        ("2**-3", Fraction(1, 8)),
        ("max(c, b, d)", Fraction(7, 10)),
        ("abs(b) * 4", Fraction(2)),
        ("a if a > d >= c else b", Fraction(3)),   # 3 > 7/10 >= 0 holds
        ("1 if not (a < 0 or c != 0) else 2", Fraction(1)),
        ("1e-3 * a", Fraction(3, 1000)),
        (7, Fraction(7)),
        (0.1, Fraction(1, 10)),               # a YAML float is read as its decimal
    ],
)
def test_fast_values_are_exact(text: object, expected: Fraction) -> None:
    assert fast_value(text, VALUES) == expected
    assert _sympy_path(text, VALUES) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a / c",              # division by zero once c = 0: sympy's error message
        "a/(a - a)",          # zero divisor
        "c**-1",
        "sqrt(4)",            # irrational functions and constants are sympy's
        "exp(0)", "log(1)", "pi", "E",
        "a % 2",
        "a**d",               # a non-integer exponent
        "a**b",               # a parameter in an exponent (refused by the parser)
        "(a**2)**3",          # powers of powers: the parser's growth checks
        "a > 1",              # a condition, not a number
        "True + 1",
        "1e101", "1e-101",    # outside the number range
        "x + 1",              # unknown name
        "min()",
        "a if c else 1",      # a number where a condition belongs
        True, None, "", "a +",
    ],
)
def test_undecided_cases_go_to_sympy(text: object) -> None:
    assert fast_value(text, VALUES) is None


def test_a_symbolic_value_is_not_used() -> None:
    """A parameter whose value is not a Fraction (an irrational sympy number) sends the
    expression to the sympy path."""
    import sympy

    assert fast_value("a + 1", {"a": sympy.sqrt(2)}) is None


_atoms = st.sampled_from(["a", "b", "c", "d", "0", "1", "2", "0.5", "3/4", "1e-2", "10"])


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "%"]), inner)
        return st.one_of(
            binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            inner.map(lambda e: f"-{e}"),
            st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            inner.map(lambda e: f"abs({e})"),
            st.tuples(inner, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), inner,
                      inner, inner).map(
                lambda t: f"({t[3]} if {t[0]} {t[1]} {t[2]} else {t[4]})"),
        )
    return st.recursive(_atoms, extend, max_leaves=8)


@settings(max_examples=400, deadline=None)
@given(_expressions())
def test_fast_path_never_differs_from_sympy(text: str) -> None:
    """Random expressions over the whitelist: an answer of the numeric path is the sympy
    path's value; an error of the sympy path is never answered."""
    fast = fast_value(text, VALUES)
    if fast is not None:
        assert _sympy_path(text, VALUES) == fast, text


def test_catalog_solve_does_not_import_sympy() -> None:
    """``solve security_dilemma/stag_hunt`` in a fresh interpreter never imports sympy:
    its parameters and payoffs are plain numbers (issue 13, goal 6); ``explain`` of the
    same model does (its conditions are symbolic)."""
    import json
    import subprocess
    import sys

    code = (
        "import sys, json, io, contextlib\n"
        "from alliance_games.cli import main\n"
        "sys.argv = ['alliance-games'] + sys.argv[1:]\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "print(json.dumps([code, 'sympy' in sys.modules, out.getvalue()]))\n"
    )
    runs = {}
    for verb, *rest in (("solve",), ("solve", "-f", "json"), ("explain",)):
        done = subprocess.run([sys.executable, "-c", code, verb, "security_dilemma/stag_hunt",
                               *rest], capture_output=True, text=True, check=True, timeout=120)
        runs[" ".join([verb, *rest])] = json.loads(done.stdout)
    code_, imported, text = runs["solve"]
    assert code_ in (0, None)
    # T, R, P, S = 3, 4, 2, 0: the mixed equilibrium restrains with probability
    # p* = (P - S)/((R - T) + (P - S)) = 2/(1 + 2) = 2/3
    assert "Restrain 0.6667, Arm 0.3333" in text
    assert imported is False
    code_, imported, text = runs["solve -f json"]
    assert code_ in (0, None) and imported is False
    assert '"Restrain": 0.6666666666666666' in text  # p* = 2/3 at full precision
    assert runs["explain"][1] is True
