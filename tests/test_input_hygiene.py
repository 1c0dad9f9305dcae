"""Input hygiene (issue 8): every message located, short and escaped; wrong types are errors.

Each test writes a small spec whose faulty line is known by construction (the line
numbers in the assertions are counted by hand in the spec text beside them) and checks
the message: file, line, key, a short excerpt, no raw control character; and, for a
few, exit code 2 through the command line.
"""

from __future__ import annotations

import textwrap
import unicodedata
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.cli import _run, cli
from alliance_games.errors import EXCERPT, SpecError, SpecErrors, quote
from alliance_games.modeling.loader import validate
from alliance_games.modeling.source import MAX_DEPTH, load_source
from alliance_games.report.documents import render_html, render_latex
from alliance_games.report.markdown import render_markdown

GOOD = """\
name: hygiene
kind: normal
parameters:
  c: {value: 2, description: cost, range: [0, 10]}
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
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path: Path | str, overrides: dict[str, str] | None = None) -> list[SpecError]:
    with pytest.raises(SpecError) as info:
        load(str(path), overrides)
    err = info.value
    return list(err.errors) if isinstance(err, SpecErrors) else [err]


def only_error(path: Path | str) -> SpecError:
    errors = errors_of(path)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def cli_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = _run(cli, args)
    return code, capsys.readouterr().err


# ---------------------------------------------------------------- 1. quoting
def test_quote_is_short_escaped_and_like_repr_for_plain_names() -> None:
    assert quote("Arm") == repr("Arm")
    long = quote("k" * 1_000_000)
    assert long == "'" + "k" * EXCERPT + "…'"
    esc = quote("\x1b[2Jboom")
    assert "\x1b" not in esc and esc == "'\\x1b[2Jboom'"
    # a right-to-left override (invisible, reorders what the terminal shows) is escaped
    assert quote("a\u202eb") == "'a\\u202eb'"


def test_huge_key_with_escape_sequence_is_quoted_short_and_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = "\\e[31m" + "x" * 1_000_000  # a YAML double-quoted "\e" is ESC
    # an explicit key ('? '): YAML's implicit keys stop at 1024 characters
    path = write(tmp_path, GOOD + f'? "{key}"\n: 1\n')
    err = only_error(path)
    assert err.line == 15 and "unknown key" in err.message
    code, out = cli_run(["validate", str(path)], capsys)
    assert code == 2
    assert "\x1b" not in out and "\\x1b[31m" in out
    assert len(out) < 1_000  # the 1 MB key is not echoed
    assert f"{path}:15:3" in out  # the key starts after "? "


# ---------------------------------------------------------------- 2. the YAML reader
def test_control_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_text(GOOD.replace("name: hygiene", "name: hy\x07giene"))
    err = only_error(path)
    assert (err.line, err.column) == (1, 9)  # 'name: hy' is 8 characters
    assert "control character '\\x07'" in err.message


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(GOOD.encode().replace(b"peace", b"pe\xffce"))
    err = only_error(path)
    assert (err.line, err.column) == (14, 5)  # '  pe' then the bad byte
    assert "invalid UTF-8 (byte 0xff)" in err.message


def test_too_deep_nesting_is_located(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    path = write(tmp_path, GOOD + f"notes: {deep}\n")
    err = only_error(path)
    assert err.line == 15
    assert f"deeper than {MAX_DEPTH} levels" in err.message


def test_nesting_within_the_limit_is_read() -> None:
    doc = load_source("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")
    value = doc.data["a"]
    depth = 1
    while value:
        value, depth = value[0], depth + 1
    assert depth == MAX_DEPTH - 1


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("[Up, Left]", "[Up, Left"))
    err = only_error(path)
    assert err.file == str(path) and err.line is not None and err.line >= 14
    assert err.message.startswith("malformed YAML")


@pytest.mark.parametrize(("tagged", "tag"), [
    ("strategies: !!set {Up: null, Down: null}", "'!!set' on a mapping"),
    ("strategies: !custom [Up, Down]", "'!custom' on a list"),
    ("strategies: !!omap [Up: 1, Down: 2]", "'!!omap' on a list"),
])
def test_tags_on_lists_and_mappings_are_refused(tmp_path: Path, tagged: str, tag: str) -> None:
    path = write(tmp_path, GOOD.replace("strategies: [Up, Down]", tagged))
    err = only_error(path)
    assert err.line == 7 and err.path == "players[0].strategies"
    assert f"unsupported YAML tag {tag}" in err.message


def test_a_file_of_other_lines_is_one_short_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lines like /etc/shadow's ('user:*:19000:0:99999:7:::') read as a YAML mapping."""
    lines = "".join(f"user{i}:*:19000:0:99999:7:::\n" for i in range(25))
    path = write(tmp_path, lines, "shadow")
    code, out = cli_run(["validate", str(path)], capsys)
    assert code == 2
    first, summary = out.strip().splitlines()
    assert first.startswith(f"error: {path}:1: this is not an alliance_games spec")
    assert "and 24 other(s)" in first and "user1:" not in out
    assert summary == f"1 error(s) in {path}"
    passwd = write(tmp_path, "root:x:0:0:root:/root:/bin/bash\n" * 25, "passwd")
    code, out = cli_run(["validate", str(passwd)], capsys)
    assert code == 2 and len(out.strip().splitlines()) == 2
    assert f"{passwd}:1: the spec must be a YAML mapping" in out


# ---------------------------------------------------------------- 3. names
@pytest.mark.parametrize(("old", "new", "line", "path", "message"), [
    ("[Up, Down]", "[Up, [a, b]]", 7, "players[0].strategies[1]",
     "expected a name among the A's strategies (text or a number), found a list of 2"),
    ("[Up, Down]", "[Up, {a: 1}]", 7, "players[0].strategies[1]", "found a mapping"),
    ("- name: A", "- name: [A]", 6, "players[0].name", "found a list of 1"),
    ("peace: [Up, Left]", "peace: [Up, [Left]]", 14, "outcomes.peace[1]",
     "expected a strategy name of B (text or a number), found a list of 1"),
    ("[Up, Down]", "['Down ', Down]", 7, "players[0].strategies[0]",
     "'Down ' has leading or trailing whitespace"),
    ("[Up, Down]", "[Up, up]", 7, "players[0].strategies[1]",
     "near-duplicate name 'up': 'Up' (line 7) differs only in case"),
    ("[Up, Down]", "[Up, Up]", 7, "players[0].strategies[1]", "duplicate name 'Up'"),
    ("- name: B", "- name: a", 8, "players[1].name", "near-duplicate name 'a'"),
    ("[Up, Down]", "[Up, yes]", 7, "players[0].strategies[1]", "found the boolean True"),
    ("[Up, Down]", '[Up, "Do\\ewn"]', 7, "players[0].strategies[1]",
     "'Do\\x1bwn' contains control or invisible characters"),
])
def test_names_must_be_text_distinct_and_clean(
    tmp_path: Path, old: str, new: str, line: int, path: str, message: str
) -> None:
    spec = write(tmp_path, GOOD.replace(old, new))
    err = only_error(spec)
    assert (err.line, err.path) == (line, path), str(err)
    assert message in err.message
    assert "\x1b" not in str(err)


def test_names_equal_after_unicode_normalisation_are_near_duplicates(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "Défense")
    decomposed = unicodedata.normalize("NFD", "Défense")
    assert composed != decomposed
    spec = write(tmp_path, GOOD.replace("[Up, Down]", f"[{composed}, {decomposed}]"))
    err = only_error(spec)
    assert err.path == "players[0].strategies[1]" and "near-duplicate" in err.message


def test_outcome_label_list_in_a_payoff_row_is_an_error(tmp_path: Path) -> None:
    spec = write(tmp_path, """\
        players: {A: [x, y], B: [l, r]}
        payoffs:
          - {profile: [x, l], payoffs: [1, 1], outcome: [war, peace]}
          - {profile: [x, r], payoffs: [0, 0]}
          - {profile: [y, l], payoffs: [0, 0]}
          - {profile: [y, r], payoffs: [0, 0]}
        """)
    err = only_error(spec)
    assert (err.line, err.path) == (3, "payoffs[0].outcome")
    assert "expected an outcome label (text or a number), found a list of 2" in err.message


def test_extensive_names_lists_are_errors(tmp_path: Path) -> None:
    spec = write(tmp_path, """\
        kind: extensive
        players: [A, B]
        outcomes: [war, [peace]]
        tree:
          player: A
          infoset: [one]
          actions: {go: [1, 0], stop: [0, 1]}
        """)
    messages = {(e.line, e.path, e.message) for e in errors_of(spec)}
    assert (3, "outcomes[1]", "expected an outcome label (text or a number), found a list "
            "of 1") in messages


SIGNALING = """\
kind: signaling
parameters: {p: 0.5}
sender:
  name: S
  types:
    A: {prior: p, values: {x: 1}}
    B: {prior: 1 - p, values: {x: 2}}
messages:
  m1: {signal: [1]}
  m2: {}
receiver:
  name: R
  actions: [r1, r2]
end_states:
  r1: {outcome: one, payoffs: {S: x, R: 0}}
  r2: {outcome: [two], payoffs: {S: 0, R: x}}
"""


def test_signaling_flags_and_labels_must_have_their_types(tmp_path: Path) -> None:
    """A list is neither a yes/no flag (line 9) nor an outcome label (line 16)."""
    found = [(e.line, e.path, e.message) for e in errors_of(write(tmp_path, SIGNALING))]
    assert found[0] == (9, "messages.m1.signal", "expected true or false, found '[1]'")
    good = SIGNALING.replace("{signal: [1]}", "{signal: true}")
    (err,) = errors_of(write(tmp_path, good, "b.yaml"))
    assert (err.line, err.path) == (16, "end_states.r2.outcome")
    assert "expected an outcome label (text or a number), found a list of 1" in err.message


def test_family_player_names_must_be_names(tmp_path: Path) -> None:
    spec = write(tmp_path, """\
        kind: security_dilemma
        players: [[A], B]
        payoffs: {T: 5, R: 3, P: 1, S: 0}
        """)
    err = only_error(spec)
    assert (err.line, err.path) == (2, "players[0]")
    assert "found a list of 1" in err.message


# ---------------------------------------------------------------- 4. parameters
def test_range_applies_to_the_default(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("value: 2,", "value: 20,"))
    err = only_error(spec)
    assert (err.line, err.path) == (4, "parameters.c.value")
    assert "default 20 of 'c' lies outside its declared range [0, 10]" in err.message


@pytest.mark.parametrize("value", ["true", "1 > 0", "yes"])
def test_boolean_parameter_default_is_refused(tmp_path: Path, value: str) -> None:
    spec = write(tmp_path, GOOD.replace("value: 2,", f"value: {value},"))
    err = only_error(spec)
    assert (err.line, err.path) == (4, "parameters.c.value")
    assert "expected a number" in err.message


def test_boolean_set_value_is_refused(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD)
    (err,) = errors_of(spec, {"c": "1 > 0"})
    assert "--set c=1 > 0: expected a number, found a condition" in err.message


def test_repeated_set_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli_run(["solve", "security_dilemma/chicken", "--set", "cost_of_war=1",
                         "--set", "cost_of_war=2"], capsys)
    assert code == 2
    assert "'cost_of_war' is set twice ('1' and '2')" in out


def test_infinite_payoff_names_file_line_and_key(tmp_path: Path) -> None:
    spec = write(tmp_path, GOOD.replace("1 - c]]", "exp(800)]]"))
    err = only_error(spec)
    assert (err.file, err.line, err.path) == (str(spec), 11, "payoffs.A[1][1]")
    # the number range (|x| <= 1e100) refuses it where the expression becomes a number
    assert "out of range: spec numbers must lie between -1e100 and 1e100" in err.message


# ---------------------------------------------------------------- 5. validate
def test_validate_reports_every_structural_error_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = (GOOD.replace("value: 2,", "value: true,")              # line 4: parameter
           .replace("B: [[3, 5], [0, 1]]", "B: [[3, 5], [0]]")     # line 12: matrix shape
           .replace("peace: [Up, Left]", "peace: [Up, Middle]")    # line 14: outcomes
           + "colour: blue\n")                                     # line 15: unknown key
    spec = write(tmp_path, bad)
    errors = validate(str(spec))
    assert [(e.line, e.path) for e in errors] == [
        (4, "parameters.c.value"), (12, "payoffs.B[1]"), (14, "outcomes.peace[1]"),
        (15, "colour")]
    code, out = cli_run(["validate", str(spec)], capsys)
    assert code == 2
    assert out.strip().splitlines()[-1] == f"4 error(s) in {spec}"


def test_validate_reports_every_bad_section_of_a_family(tmp_path: Path) -> None:
    spec = write(tmp_path, """\
        kind: security_dilemma
        players: [A, a]
        strategies: [Arm]
        payoffs: {T: 5, R: 3, P: 1, S: zz}
        outcomes: {arms race: x}
        """)
    paths = [e.path for e in validate(str(spec))]
    assert paths == ["players[1]", "strategies", "payoffs.S", "outcomes.arms race"]


# ---------------------------------------------------------------- 6. reports
HOSTILE = "<img src=x onerror=alert(1)>"


def test_reports_escape_labels(tmp_path: Path) -> None:
    # (Up, Right) is the unique equilibrium: Up is dominant for A (3 > 5? no: 0 > -1
    # against Right, and B answers Up with Right, 5 > 3), so its label is reported
    spec = write(tmp_path, GOOD.replace("peace: [Up, Left]", f"'{HOSTILE} *x* | y': [Up, Right]")
                 .replace("name: hygiene", "name: '<script>alert(1)</script>'"))
    result = solve(load(str(spec)))
    md = render_markdown(result)
    assert HOSTILE not in md and "<script>" not in md
    assert "&lt;img src=x onerror=alert(1)&gt; \\*x\\* \\| y" in md
    html = render_html(result)
    assert HOSTILE not in html and "<script>" not in html and "&lt;script&gt;" in html
    tex = render_latex(result)
    assert r"\textless{}script\textgreater{}" in tex


def test_text_report_escapes_control_characters(tmp_path: Path) -> None:
    from alliance_games.report.text import render_text

    spec = write(tmp_path, GOOD.replace("name: hygiene", 'name: "a\\e[2Jb"'))
    text = render_text(solve(load(str(spec))))
    assert "\x1b" not in text and "a\\x1b[2Jb" in text


def test_condition_used_as_a_number_is_a_located_error(tmp_path: Path) -> None:
    """sympy refuses (1 > 0) + c with a TypeError; the spec gets a located SpecError."""
    spec = write(tmp_path, GOOD.replace("1 - c]]", "(1 > 0) + c]]"))
    err = only_error(spec)
    assert (err.line, err.path) == (11, "payoffs.A[1][1]")
    assert "'1 > 0' is a condition where a number is expected" in err.message
