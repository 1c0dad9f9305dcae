"""Regression tests for the crashes of issue 8: each input once ended in an internal
error (exit 1); now it is a located spec error (exit 2) or, for ``explain``, an answer.

- numbers at or beyond 1.8e308 (``1e309``, ``10**400``, ``--set x=1e309``, an ``.efg``
  payoff ``1e4000``) overflowed in normal-form, tree, bargaining and public-goods code;
- integers of over 4,300 digits in ``.nfg``/``.efg`` files hit Python's int-str limit;
- ``x % 0`` raised ZeroDivisionError (division by zero was checked, modulo was not);
- ``explain`` re-parsed sympy's printed output (``Max``, ``Piecewise``, ``Mod``)
  through the restricted spec parser and refused it.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from alliance_games import load
from alliance_games.analysis.explain import security_dilemma_conditions
from alliance_games.cli import _run, cli
from alliance_games.errors import SpecError
from alliance_games.modeling.expr import (
    MAX_MAGNITUDE,
    magnitude_problem,
    parse_expression,
    substitute,
)

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = _run(cli, args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    """The single ``error: ...`` line of standard error (no traceback, no internal error)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "internal error" not in err, err
    return lines[0]


def with_default(spec: str, parameter: str, value: str, tmp_path: Path) -> tuple[Path, int]:
    """A copy of catalog ``spec`` whose ``parameter`` default is ``value``; its line."""
    lines = (MODELS / spec).read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(f"{parameter}:"):
            lines[number - 1] = re.sub(r"value: [^,}]+", f'value: "{value}"', line, count=1)
            path = tmp_path / Path(spec).name
            path.write_text("".join(lines), encoding="utf-8")
            return path, number
    raise AssertionError(f"{parameter} not in {spec}")


# ---------------------------------------------------------------- numbers out of range
# one catalog spec per family whose code overflowed (normal form, tree, signaling,
# bargaining, public goods) and one of its parameters
FAMILIES = [
    ("security_dilemma/stag_hunt.yaml", "reward"),
    ("alliance/abandonment_entrapment.yaml", "patron_war_cost"),
    ("extended_deterrence/tying_hands.yaml", "audience_cost"),
    ("alliance/burden_bargaining.yaml", "patron_benefit"),
    ("alliance/burden_sharing.yaml", "large_income"),
]


@pytest.mark.parametrize(("spec", "parameter"), FAMILIES)
@pytest.mark.parametrize("value", ["1e309", "10**400", "-1e309"])
def test_set_out_of_range_is_an_error_naming_the_key(
        spec: str, parameter: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``--set NAME=1e309``: exit 2, one line naming the --set and the range."""
    code, out, err = run(["solve", str(MODELS / spec), "--set", f"{parameter}={value}"],
                         capsys)
    assert code == 2, out
    line = one_error_line(err)
    assert f"--set {parameter}={value}" in line
    assert "out of range" in line and "1e100" in line


@pytest.mark.parametrize(("spec", "parameter"), FAMILIES)
def test_default_out_of_range_is_located(spec: str, parameter: str, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A parameter default ``1e309`` in the file: exit 2 at its file:line and key."""
    path, line = with_default(spec, parameter, "1e309", tmp_path)
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2
    first = err.splitlines()[0]
    assert first.startswith(f"error: {path}:{line}:")
    assert f"parameters.{parameter}" in first and "out of range" in first


def test_payoff_expression_out_of_range_names_its_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each of T = 1e99 and R = 1e99 is in range; the payoff T*R = 1e198 is not."""
    text = (MODELS / "security_dilemma/stag_hunt.yaml").read_text(encoding="utf-8")
    text = re.sub(r"temptation: \{value: 3", "temptation: {value: 1e99", text)
    text = re.sub(r"reward: \{value: 4", "reward: {value: 1e99", text)
    text = text.replace("payoffs: {T: temptation,", "payoffs: {T: temptation * reward,")
    path = tmp_path / "product.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("payoffs: {T:")].count("\n") + 1
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    message = one_error_line(err)
    assert message.startswith(f"error: {path}:{line}:") and "payoffs.T" in message
    assert "reward*temptation" in message and "is 1e+198" in message


@pytest.mark.parametrize(("text", "fragment"), [
    ("1e309", "out of range"),
    ("10**400", "out of range"),
    ("-10**101", "out of range"),
    ("exp(300)", "out of range"),  # e**300 = 1.9e130
    ("1e-400", "too small"),
    ("1/10**101", "too small"),
])
def test_library_refuses_numbers_outside_the_range(text: str, fragment: str) -> None:
    with pytest.raises(SpecError, match=fragment):
        substitute(parse_expression(text), {})


def test_range_bounds_are_inclusive() -> None:
    """1e100 and 1e-100 are the extreme magnitudes allowed; 0 is always allowed."""
    for text in ("10**100", "-10**100", "10**-100", "0"):
        assert magnitude_problem(substitute(parse_expression(text), {})) is None
    assert MAX_MAGNITUDE == 10**100


def test_load_with_huge_override_raises_a_spec_error() -> None:
    """The library (not only the CLI) raises SpecError, never OverflowError."""
    with pytest.raises(SpecError, match="out of range"):
        load("security_dilemma/stag_hunt", {"reward": "1e309"})


# ---------------------------------------------------------------- Gambit numbers
EFG_1E4000 = """EFG 2 R "huge" { "A" "B" }
""
p "" 1 1 "" { "x" "y" } 0
t "" 1 "o" { 1e4000, 2 }
t "" 2 "p" { 0, 0 }
"""


def test_efg_payoff_1e4000_is_located(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """The payoff 1e4000 on line 4, column 14: exit 2 naming file:line:column."""
    path = tmp_path / "huge.efg"
    path.write_text(EFG_1E4000, encoding="utf-8")
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"error: {path}:4:14:")
    assert "'1e4000'" in line and "out of range" in line


@pytest.mark.parametrize("number", ["1" * 5000, "-" + "7" * 5000, "1/" + "3" * 5000,
                                    "3" * 5000 + "/7", "0." + "1" * 5000])
def test_nfg_number_of_5000_digits_is_located(number: str, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Python refuses int() of over 4,300 digits; the reader refuses first, located."""
    path = tmp_path / "long.nfg"
    path.write_text('NFG 1 R "t" { "A" "B" } { 1 1 }\n\n' + number + " 2\n",
                    encoding="utf-8")
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"error: {path}:3:1:") and "more than 1000 characters" in line


def test_efg_integers_of_5000_digits_are_located(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 5000-digit payoff and a 5000-digit outcome number, each at its line."""
    payoff = EFG_1E4000.replace("1e4000", "9" * 5000)
    outcome = EFG_1E4000.replace("1e4000", "1").replace('t "" 2 "p"',
                                                         't "" ' + "2" * 5000 + ' "p"')
    for text, line, fragment in ((payoff, 4, "more than 1000 characters"),
                                 (outcome, 5, "too large")):
        path = tmp_path / "long.efg"
        path.write_text(text, encoding="utf-8")
        code, _, err = run(["validate", str(path)], capsys)
        assert code == 2
        assert err.startswith(f"error: {path}:{line}:") and fragment in err
        assert "internal error" not in err


def test_nfg_payoff_out_of_range_is_located(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.nfg"
    path.write_text('NFG 1 R "t" { "A" "B" } { 1 1 }\n\n3 1e309\n', encoding="utf-8")
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"error: {path}:3:3:") and "out of range" in line


# ---------------------------------------------------------------- modulo by zero
@pytest.mark.parametrize("text", ["x % 0", "5 % 0", "x % (2 - 2)", "0 % 0.0"])
def test_modulo_by_zero_is_an_expression_error(text: str) -> None:
    with pytest.raises(SpecError, match="modulo by zero"):
        parse_expression(text, {"x"})


def test_modulo_by_zero_in_a_spec_is_located(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = (MODELS / "security_dilemma/stag_hunt.yaml").read_text(encoding="utf-8")
    text = text.replace("payoffs: {T: temptation,", "payoffs: {T: temptation % 0,")
    path = tmp_path / "mod.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("payoffs: {T:")].count("\n") + 1
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    message = one_error_line(err)
    assert message.startswith(f"error: {path}:{line}:") and "modulo by zero" in message


def test_modulo_by_a_parameter_set_to_zero(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """``temptation % sucker`` parses; with sucker = 0 (the default) it cannot be
    evaluated, which is an error at the payoff, not a ZeroDivisionError."""
    text = (MODELS / "security_dilemma/stag_hunt.yaml").read_text(encoding="utf-8")
    text = text.replace("payoffs: {T: temptation,", "payoffs: {T: temptation % sucker,")
    path = tmp_path / "mod.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(["solve", str(path)], capsys)
    assert code == 2
    message = one_error_line(err)
    assert "payoffs.T" in message and "odulo by zero" in message
    # a nonzero modulus works: 3 % 2 = 1 is T, below R = 4, P = 2: still a stag hunt? no:
    # T = 1 < P = 2 makes (Restrain, Restrain) and (Arm, Arm) both equilibria still
    code, out, _ = run(["solve", str(path), "--set", "sucker=2", "--format", "json"], capsys)
    assert code == 0, out


# ---------------------------------------------------------------- explain
EXPLAIN_SPEC = """name: Stag hunt with piecewise payoffs
kind: security_dilemma
players: [A, B]
strategies: [Restrain, Arm]
parameters:
  temptation: 3
  reward: 4
  punishment: -2
  sucker: 7
payoffs:
  T: max(temptation, 1)
  R: reward if reward > 0 else 0
  P: abs(punishment)
  S: min(sucker, 8) % 5
"""


def test_explain_with_max_min_abs_conditional_and_modulo(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """T = max(3, 1) = 3, R = 4, P = |-2| = 2, S = min(7, 8) % 5 = 2.

    So R > T and P = S: (C, C) holds (R >= T), (D, D) holds (P >= S), the asymmetric
    pair fails (T < R), and the completely mixed condition (R - T)(P - S) > 0 fails
    (it is 0)."""
    path = tmp_path / "piecewise.yaml"
    path.write_text(EXPLAIN_SPEC, encoding="utf-8")
    code, out, err = run(["explain", str(path)], capsys)
    assert code == 0, err
    rows = {line.split(":")[0].strip("- "): line for line in out.splitlines()
            if "exists iff" in line}
    assert "[holds now]" in rows["mutual Restrain (Restrain, Restrain)"]
    assert "[holds now]" in rows["mutual Arm (Arm, Arm)"]
    assert "[fails now]" in rows["one side Arm, the other Restrain (asymmetric pair)"]
    assert "[fails now]" in rows["completely mixed"]
    assert "Max(1, temptation)" in out and "Piecewise" in out and "Mod(" in out


def test_explain_conditions_are_the_spec_expressions(tmp_path: Path) -> None:
    """The conditions hold the spec's own expressions: at reward = 1, punishment = -4
    R = 1 < T = 3 and P = 4 > S = 2, so (D, D) alone; the mixed probability
    p* = (P - S) / ((R - T) + (P - S)) is 2 / (-2 + 2): undefined, and the mixed
    condition (R - T)(P - S) = -4 > 0 fails."""
    path = tmp_path / "piecewise.yaml"
    path.write_text(EXPLAIN_SPEC, encoding="utf-8")
    game = load(path, {"reward": "1", "punishment": "-4"})
    values = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in game.parameters.items()}
    truth = {label: cond.xreplace(values) for label, cond, _ in
             security_dilemma_conditions(game)}
    assert truth["mutual Restrain (Restrain, Restrain)"] == sympy.false
    assert truth["mutual Arm (Arm, Arm)"] == sympy.true
    assert truth["completely mixed"] == sympy.false
    # at the defaults the mixed probability is P(Restrain) = (2 - 2) / (1 + 0) = 0
    game = load(path)
    values = {sympy.Symbol(k): sympy.nsimplify(v) for k, v in game.parameters.items()}
    _, _, extra = security_dilemma_conditions(game)[3]
    assert Fraction(str(sympy.simplify(extra[1].xreplace(values)))) == 0


def test_explain_signaling_with_piecewise_payoffs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Fearon's tying hands with the war payoff written ``max(w, -5) if w < 10 else
    abs(w) % 7`` (= w at the defaults, w = 1 and -1) and the challenger's cost as
    ``min(cost_of_war, 9)`` (= 1): the same game, so the same conclusion as the catalog
    model: pooling on tying hands holds now."""
    text = (MODELS / "extended_deterrence/tying_hands.yaml").read_text(encoding="utf-8")
    old = "payoffs: {Defender: w, Challenger: -cost_of_war}"
    assert old in text
    text = text.replace(old, 'payoffs: {Defender: "max(w, -5) if w < 10 else abs(w) % 7", '
                             'Challenger: "-min(cost_of_war, 9)"}')
    path = tmp_path / "tying_hands.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(["explain", str(path)], capsys)
    assert code == 0, err
    assert "exists iff" in out and "Piecewise" in out
    assert "At the current values 1 of these hold: pooling on Tie hands" in out


# ---------------------------------------------------------------- found by fuzzing
@pytest.mark.parametrize(("text", "fragment"), [
    # once a TypeError / ValueError / AttributeError from sympy (exit 1)
    ("1 if (-1)**0.5 > 0 else 0", "non-real"),
    ("min((-1)**0.5, 1)", "not comparable"),
    ("(x > 0) + 1", "a condition where a number is expected"),
    ("-(x > 1)", "a condition where a number is expected"),
    ("abs(x > 1)", "a condition where a number is expected"),
    ("log(1 > 0)", "a condition where a number is expected"),
    ("not 1", "a number where a condition is expected"),
    # a parameter name is a sympy Symbol, which sympy also counts as a boolean: once
    # accepted as a condition, then an AttributeError when the parameter got its value
    ("1 if x else 2", "a number where a condition is expected"),
    ("not x", "a number where a condition is expected"),
    ("x and x > 1", "a number where a condition is expected"),
    ("exp((-1)**0.5) > 0", "non-real"),
    # once unbounded time or memory
    ("((9**400)**1000)**1000", "too large to compute exactly"),
    ("(x**999 * x**999)**999", "powers of powers"),
    ("(10**300 * x)**1000", "too large to compute exactly"),
])
def test_expression_hazards_are_spec_errors(text: str, fragment: str) -> None:
    with pytest.raises(SpecError, match=fragment):
        substitute(parse_expression(text, {"x"}), {"x": sympy.Integer(2)})


@pytest.mark.parametrize(("text", "x", "fragment"), [
    # exp(exp(exp(100))) has no value mpmath can compute: refused by its inner argument
    ("exp(exp(exp(x)))", 100, "exp(exp(x)) is out of range here"),
    # x**9990 at x = 1e99 has 3 million bits: refused before it is computed
    ("(x**999*x**999*x**999*x**999*x**999) * (x**999*x**999*x**999*x**999*x**999)",
     10**99, "out of range here"),
])
def test_runaway_values_are_refused_before_evaluation(text: str, x: int,
                                                       fragment: str) -> None:
    with pytest.raises(SpecError, match=re.escape(fragment)):
        substitute(parse_expression(text, {"x"}), {"x": sympy.Integer(x)})


def test_cancelling_parameters_are_not_mistaken_for_huge_values() -> None:
    """exp((x - 300) * 1e200) at x = 300 is exp(0) = 1, and x**1000 / x**999 is x."""
    assert substitute(parse_expression("exp((x - 300) * 1e200)", {"x"}),
                      {"x": sympy.Integer(300)}) == 1
    assert substitute(parse_expression("x**1000 / x**999", {"x"}),
                      {"x": sympy.Integer(300)}) == 300


def test_parameter_used_as_a_condition_in_a_signaling_spec(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Found by the 10,000-case fuzz run: ``1 if w else 2`` in a signaling payoff was an
    internal error (AttributeError / TypeError); now it is located at its key."""
    text = (MODELS / "extended_deterrence/tying_hands.yaml").read_text(encoding="utf-8")
    old = "payoffs: {Defender: w, Challenger: -cost_of_war}"
    text = text.replace(old, 'payoffs: {Defender: "1 if w else 2", Challenger: -cost_of_war}')
    path = tmp_path / "tying_hands.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"1 if w else 2"')].count("\n") + 1
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 2 and "internal error" not in err
    assert err.startswith(f"error: {path}:{line}:")
    assert "'w' is a number where a condition is expected" in err
