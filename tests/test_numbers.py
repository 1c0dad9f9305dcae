"""The number policy (alliance_games/numbers.py): each reading and writing rule on
hand-chosen values, the one --exact message, and the layering rule that nothing below the
spec compiler imports it."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from alliance_games.errors import GameError, SolverError
from alliance_games.numbers import (
    EXACT_NEEDS_RATIONAL,
    as_number,
    as_sympy,
    binary_fraction,
    decimal_fraction,
    exact_needs_rational,
    exact_text,
    finite_float,
    format_float,
    format_number,
    format_percent,
    format_sig,
    machine_text,
    payoff_float,
    payoff_fraction,
    rational_guess,
    to_fraction,
)

BIG = 2**53 + 1  # the first integer a double cannot hold
TENTH_BINARY = Fraction(3602879701896397, 36028797018963968)  # the double nearest 0.1


# ------------------------------------------------------------------ reading
def test_spec_decimal_is_exact() -> None:
    assert decimal_fraction(0.1) == Fraction(1, 10)
    assert decimal_fraction(1e-12) == Fraction(1, 10**12)
    assert decimal_fraction(-0.0) == 0
    assert as_sympy(0.1) == sympy.Rational(1, 10)
    assert as_sympy(1e-12) == sympy.Rational(1, 10**12)
    assert as_sympy(Fraction(22, 7)) == sympy.Rational(22, 7)
    assert as_sympy(BIG) == sympy.Integer(BIG)
    assert as_sympy(True) is sympy.true
    root = sympy.sqrt(2)
    assert as_sympy(root) is root


def test_as_sympy_never_parses_text() -> None:
    with pytest.raises(TypeError, match="found str"):
        as_sympy("1/3")


def test_exact_values_stay_exact() -> None:
    assert to_fraction(Fraction(22, 7)) == Fraction(22, 7)
    assert to_fraction(BIG) == Fraction(BIG)
    assert to_fraction(sympy.Rational(1, 3)) == Fraction(1, 3)
    assert to_fraction(sympy.sqrt(2)) is None
    assert to_fraction(0.1) is None  # a float is not an exact value


def test_floats_convert_by_their_binary_value() -> None:
    assert binary_fraction(0.1) == TENTH_BINARY
    assert binary_fraction(np.float64(0.1)) == TENTH_BINARY
    assert binary_fraction(1 / 3) == Fraction(6004799503160661, 18014398509481984)
    assert binary_fraction(BIG) == Fraction(BIG)  # an int is exact already
    assert binary_fraction(Fraction(22, 7)) == Fraction(22, 7)
    assert binary_fraction(-0.0) == 0
    assert binary_fraction(1e-300) == Fraction(1e-300)
    assert float(binary_fraction(1e-300)) == 1e-300


def test_payoff_fraction_reads_game_entries() -> None:
    assert payoff_fraction(0.1) == TENTH_BINARY
    assert payoff_fraction("0.1") == Fraction(1, 10)
    assert payoff_fraction(np.int64(3)) == 3
    assert payoff_fraction(True) == 1
    assert payoff_fraction(BIG) == BIG
    assert payoff_fraction(sympy.Rational(22, 7)) == Fraction(22, 7)
    assert payoff_fraction(sympy.sqrt(2)) is None
    with pytest.raises(GameError, match="payoff inf is not a finite number"):
        payoff_fraction(float("inf"))
    with pytest.raises(GameError, match="payoff I is not a real number"):
        payoff_fraction(sympy.I)
    with pytest.raises(GameError, match="payoff 'x' is not a number"):
        payoff_fraction("x")
    with pytest.raises(GameError, match=r"payoff None is not a number"):
        payoff_fraction(None)
    assert payoff_float(sympy.sqrt(2)) == pytest.approx(1.4142135623730951)
    with pytest.raises(GameError, match="is not a real number"):
        payoff_float(None)


def test_continuous_game_data_keep_floats() -> None:
    assert as_number(0.1, "cost") == 0.1 and isinstance(as_number(0.1, "cost"), float)
    assert as_number("0.1", "cost") == Fraction(1, 10)
    assert as_number(3, "cost") == Fraction(3)
    assert as_number(sympy.Rational(1, 3), "cost") == Fraction(1, 3)
    root = as_number(sympy.sqrt(2), "cost")
    assert isinstance(root, float) and root == pytest.approx(2**0.5)
    with pytest.raises(GameError, match="cost: expected a number, found True"):
        as_number(True, "cost")
    with pytest.raises(GameError, match="cost: inf is not a finite number"):
        as_number(float("inf"), "cost")
    with pytest.raises(GameError, match="cost: 'x' is not a number"):
        as_number("x", "cost")


def test_rational_guess_is_the_closest_bounded_fraction() -> None:
    assert rational_guess(0.1, 1000) == Fraction(1, 10)
    assert rational_guess(1 / 3, 10**6) == Fraction(1, 3)
    assert rational_guess(22 / 7, 10) == Fraction(22, 7)
    assert rational_guess(1e-12, 10**6) == 0
    assert rational_guess(np.float64(0.75), 4) == Fraction(3, 4)


def test_finite_float_overflows_to_infinity() -> None:
    assert finite_float(Fraction(10**400)) == float("inf")
    assert finite_float(Fraction(-(10**400))) == float("-inf")
    assert finite_float(Fraction(1, 3)) == 1 / 3
    assert finite_float(BIG) == 9007199254740992.0


# ------------------------------------------------------------------ for people
@pytest.mark.parametrize(
    "value, text",
    [
        (Fraction(2, 3), "2/3"),
        (Fraction(22, 7), "22/7"),
        (Fraction(4, 2), "2"),
        (2 / 3, "0.6667"),
        (0.1, "0.1"),
        (1.0, "1"),
        (1e-12, "1e-12"),
        (1e-13, "0"),  # within 1e-12 of an integer
        (-0.0, "0"),
        (BIG, "9007199254740993"),  # ints are not rounded through a float
        (1e20, "100000000000000000000"),
        (1.5e-300, "0"),  # tiny floats read as zero
        (-2.5e-7, "-2.5e-07"),
        (sympy.sqrt(2), "1.414"),
    ],
)
def test_format_number(value: object, text: str) -> None:
    assert format_number(value) == text


def test_format_number_digits() -> None:
    assert format_number(2 / 3, 3) == "0.667"
    assert format_number(np.float64(0.125), 2) == "0.12"


def test_format_float_shows_fractions_as_decimals() -> None:
    assert format_float(Fraction(2, 3)) == "0.6667"
    assert format_float(Fraction(4, 2)) == "2"
    assert format_float(BIG) == "9007199254740992"  # through a float
    assert format_float(-0.0) == "0"


def test_format_sig_rounds_nothing_to_an_integer() -> None:
    assert format_sig(Fraction(1, 3)) == "1/3"
    assert format_sig(Fraction(1, 3), fractions=False) == "0.3333"
    assert format_sig(1e-13) == "1e-13"
    assert format_sig(12345.0) == "1.234e+04"
    assert format_sig(-0.0) == "-0"
    assert format_sig(2 / 3, 6) == "0.666667"


def test_format_percent() -> None:
    assert format_percent(0.5) == "50%"
    assert format_percent(Fraction(1, 3)) == "33.3%"
    assert format_percent(0.5, trim=False) == "50.0%"


# ------------------------------------------------------------------ for machines
def test_machine_text_round_trips() -> None:
    assert machine_text(Fraction(22, 7)) == "22/7"
    assert machine_text(Fraction(3)) == "3"
    assert machine_text(0.1) == "0.1" and float(machine_text(0.1)) == 0.1
    assert float(machine_text(1 / 3)) == 1 / 3
    assert machine_text(3.0) == "3.0"
    assert machine_text(3.0, integral_floats=True) == "3"
    assert machine_text(1e15, integral_floats=True) == "1000000000000000.0"
    assert machine_text(1e300) == "1e+300"
    assert machine_text(-0.0) == "-0.0"


def test_exact_text() -> None:
    assert exact_text(Fraction(22, 7)) == "22/7"
    assert exact_text(sympy.Rational(1, 3)) == "1/3"
    assert exact_text(1 - sympy.sqrt(5) / 5) == "1 - sqrt(5)/5"
    assert exact_text(sympy.Float(0.5) * sympy.sqrt(2)) is None
    assert exact_text(0.1) is None
    assert exact_text(True) is None
    assert exact_text(BIG) is None
    assert exact_text(BIG, with_ints=True) == "9007199254740993"


# ------------------------------------------------------------------ --exact
def test_one_message_for_exact_on_irrational_games() -> None:
    with pytest.raises(SolverError) as info:
        exact_needs_rational()
    assert str(info.value) == EXACT_NEEDS_RATIONAL
    assert "irrational" in EXACT_NEEDS_RATIONAL and "--exact" in EXACT_NEEDS_RATIONAL


def test_every_method_uses_the_one_message() -> None:
    from alliance_games.games.normal import NormalFormGame
    from alliance_games.solvers.normal.iesds import iterated_elimination
    from alliance_games.solvers.normal.lemke_howson import lemke_howson
    from alliance_games.solvers.normal.pure import pure_equilibria
    from alliance_games.solvers.normal.support_enumeration import support_enumeration
    from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

    r = sympy.sqrt(2)
    game = NormalFormGame.from_arrays([[[r, 0], [0, 1]], [[1, 0], [0, r]]])
    assert game.exact_payoffs is None
    for method in (iterated_elimination, lemke_howson, pure_equilibria, support_enumeration,
                   vertex_enumeration):
        with pytest.raises(SolverError) as info:
            method(game, exact=True)
        assert str(info.value) == EXACT_NEEDS_RATIONAL, method.__name__
    from alliance_games import solve

    with pytest.raises(SolverError) as info:
        solve(game, "auto", exact=True)
    assert str(info.value) == EXACT_NEEDS_RATIONAL


def test_tree_methods_use_the_one_message() -> None:
    from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal
    from alliance_games.solvers.tree.methods import solve_extensive

    tree = Decision("A", {"L": Terminal((sympy.sqrt(2), 0)), "R": Terminal((0, 1))})
    game = ExtensiveFormGame.from_tree(tree, players=("A", "B"))
    assert not game.is_exact
    with pytest.raises(SolverError) as info:
        solve_extensive(game, exact=True)
    assert str(info.value) == EXACT_NEEDS_RATIONAL


# ------------------------------------------------------------------ layering
PACKAGE = Path(__file__).resolve().parents[1] / "alliance_games"
#: what sits below the spec compiler (modeling/) or beside it on the way to a result
BELOW_MODELING = ("numbers.py", "errors.py", "budget.py", "equilibrium.py", "games",
                  "solvers", "interpretation")


def _imports(path: Path) -> list[str]:
    """Absolute module names ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append(module)
            out += [f"{module}.{alias.name}" for alias in node.names]
    return out


def test_nothing_below_modeling_imports_modeling() -> None:
    files = []
    for name in BELOW_MODELING:
        target = PACKAGE / name
        files += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    assert len(files) > 20
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in files
        for module in _imports(path)
        if module == "alliance_games.modeling" or module.startswith("alliance_games.modeling.")
    ]
    assert offenders == []


def test_numbers_imports_only_errors_from_the_package() -> None:
    own = [m for m in _imports(PACKAGE / "numbers.py") if m.startswith("alliance_games")]
    assert set(own) <= {"alliance_games.errors", "alliance_games.errors.GameError",
                        "alliance_games.errors.SolverError"}
