"""Malformed specs: a clear error naming file, line and key, exit code 2, no traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance_games import load
from alliance_games.cli import _run, cli
from alliance_games.errors import SpecError, SpecErrors

FIXTURE_OK = [HealthCheck.function_scoped_fixture]

GOOD = """\
name: test game
kind: normal
parameters:
  c: {value: 2, description: cost}
players:
  - name: A
    strategies: [Up, Down]
  - name: B
    strategies: [Left, Right]
payoffs:
  A: [[3, 0], [5, 1 - c]]
  B: [[3, 5], [0, 1]]
outcomes:
  peace: [Up, Left]
"""


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(path: Path) -> SpecError:
    with pytest.raises(SpecError) as info:
        load(str(path))
    return info.value


def test_good_spec_loads(tmp_path: Path) -> None:
    game = load(str(write(tmp_path, GOOD)))
    assert game.shape == (2, 2)
    assert float(game.payoffs[0, 1, 1]) == -1.0  # 1 - c with c = 2
    assert game.outcomes == {(0, 0): "peace"}


@pytest.mark.parametrize(
    ("old", "new", "line", "path_fragment", "message"),
    [
        ("strategies: [Left, Right]", "strategies: [Left, Left]", 9, "players[1].strategies[1]",
         "duplicate name 'Left'"),
        ("1 - c]]", "1 - cost]]", 11, "payoffs.A[1][1]", "unknown name 'cost'"),
        ("B: [[3, 5], [0, 1]]", "B: [[3, 5], [0]]", 12, "payoffs.B[1]", "wrong matrix shape"),
        ("B: [[3, 5], [0, 1]]", "B: [[3, 5], [0, abc]]", 12, "payoffs.B[1][1]", "unknown name"),
        ("peace: [Up, Left]", "peace: [Up, Middle]", 14, "outcomes.peace[1]",
         "unknown strategy 'Middle'"),
        ("kind: normal", "kind: normall", 2, "kind", "unknown kind 'normall'"),
        ("1 - c]]", "__import__('os')]]", 11, "payoffs.A[1][1]", "not allowed"),
        ("1 - c]]", "(1).real]]", 11, "payoffs.A[1][1]", "attribute access"),
        ("1 - c]]", "9**9**9**9]]", 11, "payoffs.A[1][1]", "too large"),
        ("c: {value: 2, description: cost}", "c: {value: 2, descripton: cost}", 4,
         "parameters.c.descripton", "unknown key"),
        ("  A: [[3, 0]", "  C: [[3, 0]", 11, "payoffs.C", "unknown player 'C'"),
    ],
)
def test_errors_name_file_line_and_key(
    tmp_path: Path, old: str, new: str, line: int, path_fragment: str, message: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    err = error_of(path)
    errors = err.errors if isinstance(err, SpecErrors) else (err,)
    assert any(
        e.file == str(path) and e.line == line and path_fragment in (e.path or "")
        and message in e.message
        for e in errors
    ), [str(e) for e in errors]


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "name: again\n")
    err = error_of(path)
    assert err.line == 15 and "duplicate key 'name'" in err.message


def test_malformed_yaml_gives_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\nplayers: [A, B\npayoffs: 1\n")
    err = error_of(path)
    assert err.file == str(path) and err.line is not None and "malformed YAML" in err.message


def test_validate_lists_every_bad_expression(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace("[[3, 0], [5, 1 - c]]", "[[3, x1], [5, x2]]").replace(
        "[[3, 5], [0, 1]]", "[[3, 5], [0, x3]]")
    path = write(tmp_path, text)
    code = _run(cli, ["validate", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    for name, line in (("x1", 11), ("x2", 11), ("x3", 12)):
        assert f"{path}:{line}" in err and f"unknown name '{name}'" in err
    assert "Traceback" not in err


def test_profile_table_missing_and_duplicate_rows(tmp_path: Path) -> None:
    spec = """\
    kind: normal
    players: {A: [U, D], B: [L, R]}
    payoffs:
      - {profile: [U, L], payoffs: [1, 1]}
      - {profile: [U, L], payoffs: [2, 2]}
    """
    err = error_of(write(tmp_path, spec))
    assert "profile listed twice" in err.message and err.line == 5
    spec2 = """\
    kind: normal
    players: {A: [U, D], B: [L, R]}
    payoffs:
      - {profile: [U, L], payoffs: [1, 1]}
    """
    err = error_of(write(tmp_path, spec2, "b.yaml"))
    assert "3 profile(s) have no payoffs" in err.message


def test_set_unknown_parameter_and_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(SpecError, match="unknown parameter 'cost'"):
        load(str(path), {"cost": "3"})
    with pytest.raises(SpecError, match="outside the declared range"):
        load("security_dilemma/offense_defense", {"distinguishability": "2"})


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "no/such/model"],
        ["solve", "security_dilemma/chicken", "--set", "nonsense=1"],
        ["solve", "security_dilemma/chicken", "--set", "cost_of_war"],
        ["solve", "security_dilemma/chicken", "--set", "cost_of_war=__import__('os')"],
        ["solve", "security_dilemma/chicken", "--method", "magic"],
    ],
)
def test_cli_bad_input_exits_2_with_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(cli, args)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    assert err.strip() and len(err.strip().splitlines()) <= 3


# keys and values that tend to break a naive loader
_yaml_atoms = st.sampled_from([
    "name", "kind", "players", "payoffs", "outcomes", "parameters", "strategies", "A", "B",
    "normal", "security_dilemma", "[", "]", "{", "}", ":", "-", " ", "\n", "  ", "1", "0.5",
    "x", "'", '"', "*", "&a", "!!python/object", "1/0", "[[1, 2], [3, 4]]", "null", "~",
    "[Up, Down]", "T", "R", "P", "S",
])


@settings(max_examples=250, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.lists(_yaml_atoms, max_size=40).map("".join))
def test_malformed_specs_never_raise_uncaught(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text)
    try:
        load(str(path))
    except SpecError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=FIXTURE_OK)
@given(st.integers(min_value=0, max_value=len(GOOD) - 1), st.text(max_size=5))
def test_mutated_good_spec_never_raises_uncaught(tmp_path: Path, pos: int, insert: str) -> None:
    path = tmp_path / "mut.yaml"
    path.write_text(GOOD[:pos] + insert + GOOD[pos + 1:])
    try:
        load(str(path))
    except SpecError:
        pass
