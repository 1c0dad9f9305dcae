"""Fuzzing: mutated catalog specs and Gambit files never crash the command line.

Every catalog spec (``models/**/*.yaml``), every Gambit file in ``tests/data`` and an
``.efg`` written from every catalog tree (:func:`alliance_games.interop.efg.write_efg`)
is mutated the way hand-edited or corrupted files go wrong: lines deleted, duplicated
or swapped; numbers replaced by huge, tiny, negative, non-numeric or ill-defined values
(``1e309``, ``9``*5000, ``x % 0``, ``sqrt(-1)``); control characters, invalid UTF-8
and bidi marks inserted; values replaced by the wrong YAML type or nested thousands of
levels deep; keys renamed, emptied, duplicated. Each mutant goes through ``validate``
and ``solve --timeout 2`` in process (:func:`alliance_games.cli._run`), and a few
through a real subprocess. For each run:

- the exit code is 0 or 2 (1 would be an internal error);
- on exit 2, standard error holds one line per error, each ``error: FILE:LINE...``
  (located) when the input is a file, with no traceback and no "internal error";
- time and memory stay bounded: a run that has not returned after :data:`HANG_SECONDS`
  (30 times its ``--timeout``) is stopped and reported as a hang, not timed as a
  benchmark, and the process's peak resident memory stays under :data:`MAX_RSS_MB`.

The cases are derandomized (the same mutants on every run). About
:data:`CASES` mutants run per session (default 300, about half a minute); set
``ALLIANCE_GAMES_FUZZ_CASES=10000`` for a long run, and ``ALLIANCE_GAMES_FUZZ_LOG=FILE``
to log every case's problems as JSON lines instead of stopping at the first.

Known issues outside this suite's owner's files are listed in :data:`KNOWN_ISSUES`
with the exact reproducer and the part of the code that owns the fix; a fuzz failure
that matches one of them is tolerated, and each reproducer has a strict ``xfail``
test, so that the entry must be removed once the owner's fix is merged.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from alliance_games.cli import _run, cli

ROOT = Path(__file__).resolve().parents[1]
CASES = int(os.environ.get("ALLIANCE_GAMES_FUZZ_CASES", "300"))
HANG_SECONDS = 60
MAX_RSS_MB = 2048

SPECS = sorted((ROOT / "models").rglob("*.yaml"))
NFGS = sorted((ROOT / "tests" / "data").glob("*.nfg"))
TREE_KINDS = {"extensive", "signaling"}


def _kind(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data.get("kind", "normal"))


TREES = [p for p in SPECS if _kind(p) in TREE_KINDS]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _examples(share: float, n_sources: int) -> int:
    return max(2, round(CASES * share / max(1, n_sources)))


def _settings(share: float, n_sources: int) -> settings:
    return settings(
        max_examples=_examples(share, n_sources),
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=False,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )


# ------------------------------------------------------------------ hostile values
HUGE = ["1e309", "1.0e+309", "-1.0e+309", "1e4000", "10**400", "-10**400", "9" * 5000,
        "1" * 400, "1e101", "2**1000", "9**9**9", "1e9999999999", "1e100*1e100",
        "exp(400)", "exp(1e5)", "abs(-1e400)", "1 if 1 > 0 else 1e400", "1/(1e-300)"]
TINY = ["1e-400", "1.0e-400", "-1e-309", "1e-101", "0.1**400", "1/10**150"]
ILL = ["1/0", "x % 0", "0 % 0", "5 % 0", "5 % (2 - 2)", "sqrt(-1)", "log(0)", "log(-1)",
       "(-8)**(1/3)", "0**-1", "1/(1-1)", "max()", "min(1, )", "exp(sqrt(-1))",
       "(-1)**0.5", "x ** x", "1 > 0", "True", "not 1", "1 if x else 2", "max(1, key=2)",
       "__import__('os')", "().__class__", "'1'", "f'{1}'", "lambda: 1", "[1][0]"]
ODD = ["-0", "0.", ".5", "+.5", "-3", "-1e99", "1e-100", "1e100", "2/3", "-2/3", "0x1F",
       "0o17", "0b11", "1_000", "1:30", "1e", "e5", "--1", "nan", "inf", "NaN",
       "Infinity", ".inf", "-.inf", ".nan", "\u0661\u0662", "\uff11\uff12", "\u00bd",
       "\u00b2", "1\u00a0000", "pi", "E", "E**700"]
NUMBERS = HUGE + TINY + ILL + ODD

YAML_VALUES = ["", "~", "null", "true", "no", "[]", "{}", "[1, 2]", "{a: 1}", "'text'",
               '""', "!!binary aGVsbG8=", "!!python/object/apply:os.system ['echo hi']",
               "*nope", "&x 1", "!!set {a, b}", "!!timestamp 2001-12-14", "2001-12-14",
               "!!float 1e400", "!!int 0x7fffffffffffffffffff", "!custom 1", "|\n  text",
               "- 1", "? a", "[" * 300 + "]" * 300, "{a: " * 200 + "1" + "}" * 200,
               "'" + "x" * 20000 + "'", '"\\x1b[31mred\\x1b[0m"', '"\\ud800"', '"\\0"',
               "[[1, 2], [3]]", "{players: [A]}", "12345678901234567890123"]

KEYS = ["", "x", "1", "true", "null", "[a]", "{a: 1}", "<<", "? a", "k" * 5000,
        "\x1b[31mred", "\u00c4rm ", "name", "kind", "players", "parameters", "payoffs",
        "value", "range", "strategies", "\u202eevil"]

CONTROL = ["\x00", "\x1b[31m", "\x07", "\x08", "\x7f", "\x85", "\u2028", "\u202e",
           "\ufeff", "\t", "\r", "\x0c", "\ud800", "\U0001f4a5", "\u0301"]
BAD_BYTES = [b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80",
             b"\xc0\xaf", b"\xfe\xff\x00"]

GAMBIT_NUMBERS = ["1e4000", "-1e4000", "1e-4000", "1" * 5000, "1/" + "1" * 5000,
                  "1" * 5000 + "/3", "1e309", "1e101", "1e-101", "1/0", "0/0", "-0",
                  "0.", ".5", "1e", "e1", "nan", "inf", "1/3", "-2/3", "0.0000001",
                  "99999999999999999999", "1e99999999", "+1", "--1", "1.2.3", "1/2/3",
                  "\"1/2\"", "\"1e4000\"", "0", "-1", "2", "1000000", "2147483648",
                  "4294967297", "9" * 30]

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")
_KEY = re.compile(r"^(\s*(?:- )?)([^\s:#'\"\-][^:#]*?)(:)(\s|$)", re.M)


# ------------------------------------------------------------------ mutations
class Draw:
    """The choices a mutation makes, drawn from hypothesis (``st.data()``); a plain
    ``random.Random`` can stand in (``Draw(None, rng)``) to explore outside pytest."""

    def __init__(self, data: st.DataObject | None, rng: Any = None) -> None:
        self.data, self.rng = data, rng

    def one(self, options: Sequence[Any], label: str) -> Any:
        if self.data is None:
            return self.rng.choice(list(options))
        return self.data.draw(st.sampled_from(options), label=label)

    def integer(self, low: int, high: int, label: str) -> int:
        if self.data is None:
            return self.rng.randint(low, high)
        return self.data.draw(st.integers(low, high), label=label)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [""]


def _mutate_text(data: Draw, text: str, gambit: bool) -> str:
    """One mutation of ``text`` drawn from ``data``; a note records it."""
    lines = _lines(text)
    ops = ["delete_line", "duplicate_line", "swap_lines", "number", "number", "number",
           "control", "truncate", "indent", "nest"]
    ops += ["token", "token_swap", "token_delete"] if gambit else ["value", "value", "key",
                                                                     "key"]
    op = data.one(ops, "operation")
    i = data.integer(0, len(lines) - 1, "line")
    if op == "delete_line":
        del lines[i]
    elif op == "duplicate_line":
        lines.insert(i, lines[i])
    elif op == "swap_lines":
        j = data.integer(0, len(lines) - 1, "other line")
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        delta = data.one([-4, -2, -1, 1, 2, 8], "indent")
        lines[i] = " " * delta + lines[i] if delta > 0 else lines[i][-delta:]
    elif op == "truncate":
        cut = data.integer(0, len(text), "cut")
        return text[:cut]
    elif op == "control":
        char = data.one(CONTROL, "char")
        pos = data.integer(0, len(text), "position")
        return text[:pos] + char + text[pos:]
    elif op == "nest":
        depth = data.one([50, 1000, 20000], "depth")
        line = lines[i]
        cut = line.find(":") + 1 if not gambit and ":" in line else len(line) // 2
        lines[i] = (line[:cut] + " " + "[" * depth + "1" + "]" * depth + "\n"
                    if not gambit else line[:cut] + "{" * depth + line[cut:])
    elif op == "number":
        matches = list(_NUMBER.finditer(text))
        if not matches:
            return text + "\n1e309\n"
        m = data.one(matches, "number")
        new = data.one(GAMBIT_NUMBERS if gambit else NUMBERS, "replacement")
        if not gambit and data.one([False, True], "quoted"):
            new = '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return text[: m.start()] + new + text[m.end():]
    elif op == "value":
        keyed = [k for k, line in enumerate(lines) if _KEY.match(line)]
        if not keyed:
            return text
        k = data.one(keyed, "keyed line")
        m = _KEY.match(lines[k])
        assert m is not None
        new = data.one(YAML_VALUES, "value")
        lines[k] = m.group(1) + m.group(2) + ": " + new + "\n"
    elif op == "key":
        keyed = [k for k, line in enumerate(lines) if _KEY.match(line)]
        if not keyed:
            return text
        k = data.one(keyed, "keyed line")
        m = _KEY.match(lines[k])
        assert m is not None
        key = m.group(2)
        choice = data.one(KEYS + ["<typo>", "<double>"], "key")
        new = key[:-1] if choice == "<typo>" else key + key if choice == "<double>" else choice
        lines[k] = m.group(1) + new + lines[k][m.end(2):]
    elif op in ("token", "token_swap", "token_delete"):
        tokens = re.split(r"(\s+)", text)
        words = [k for k, t in enumerate(tokens) if t and not t.isspace()]
        if not words:
            return text
        k = data.one(words, "token")
        if op == "token":
            tokens[k] = data.one(GAMBIT_NUMBERS + ["{", "}", '"', "p", "c", "t", '""', "x"],
                                 "token text")
        elif op == "token_swap":
            j = data.one(words, "other token")
            tokens[k], tokens[j] = tokens[j], tokens[k]
        else:
            tokens[k] = ""
        return "".join(tokens)
    return "".join(lines)


def _mutant(data: Draw, text: str, gambit: bool) -> bytes:
    rounds = data.integer(1, 3, "mutations")
    for _ in range(rounds):
        text = _mutate_text(data, text, gambit)
    raw = text.encode("utf-8", "surrogatepass")
    if data.integer(0, 9, "byte damage?") == 0:
        pos = data.integer(0, len(raw), "byte position")
        raw = raw[:pos] + data.one(BAD_BYTES, "bytes") + raw[pos:]
    return raw


# ------------------------------------------------------------------ running and checking
class _Hang(BaseException):
    """Raised by the watchdog; a BaseException so that the CLI's handlers let it pass."""


@dataclass(frozen=True)
class Outcome:
    args: tuple[str, ...]
    code: int
    out: str
    err: str


def run_cli(args: list[str]) -> Outcome:
    """``alliance-games ARGS`` in process, under a watchdog of HANG_SECONDS."""
    out, err = io.StringIO(), io.StringIO()

    def alarm(signum: int, frame: object) -> None:
        raise _Hang

    _reset_peak_rss()
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(HANG_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _run(cli, args)
    except _Hang:
        code = -1
        err.write(f"HANG: no answer after {HANG_SECONDS} s\n")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(tuple(args), code, out.getvalue(), err.getvalue())


def problems(outcome: Outcome, located: str | None) -> list[str]:
    """What is wrong with one run: the exit code, the shape of its error lines.

    ``located`` is the input file's name when every error must name ``file:line``.
    """
    found = []
    err = outcome.err
    if outcome.code not in (0, 2):
        found.append(f"exit code {outcome.code}: {err.strip()[:300]}")
    if "Traceback" in err or "internal error" in err:
        found.append(f"traceback or internal error: {err.strip()[:300]}")
    if outcome.code == 2:
        lines = err.splitlines()
        if outcome.args[0] == "validate" and lines and re.fullmatch(
                r"\d+ error\(s\) in .*", lines[-1]):
            lines = lines[:-1]  # validate's closing count
        if not lines:
            found.append("exit 2 with nothing on standard error")
        for line in lines:
            if not line.startswith("error: "):
                found.append(f"error line without 'error: ': {line[:200]!r}")
            elif located is not None and not re.match(
                    rf"error: {re.escape(located)}:\d+", line):
                found.append(f"error without file:line: {line[:200]!r}")
    peak = _peak_rss_mb()
    if peak > MAX_RSS_MB:
        found.append(f"peak memory {peak:.0f} MB > {MAX_RSS_MB} MB")
    return found


def _reset_peak_rss() -> None:
    """Reset the process's peak resident memory (Linux: ``5`` to ``clear_refs``), so
    that each case is measured alone; elsewhere the peak stays the session's."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_mb() -> float:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ known issues
@dataclass(frozen=True)
class KnownIssue:
    """A fuzz finding whose fix belongs to another part of the code.

    ``pattern`` matches the problem text the checker reports; ``reproducer`` is the
    exact file content (``suffix`` its file type) and ``args`` the command, replayed by
    a strict xfail test; ``owner`` is the part of the code that owns the fix.
    """

    name: str
    pattern: str
    suffix: str
    reproducer: bytes
    args: tuple[str, ...]
    owner: str


_STAG = (ROOT / "models/security_dilemma/stag_hunt.yaml").read_bytes()
_LINE = _STAG.index(b"players:")

# Found by this suite and fixed since: each reproducer is replayed as a regression test.
FIXED_FINDINGS: list[KnownIssue] = [
    KnownIssue(
        "utf8-error-without-line",
        r"error without file:line: 'error: .*: file is not UTF-8 text'",
        ".yaml", _STAG[:_LINE] + b"players: [\xff]\n" + _STAG[_LINE:], ("validate",),
        "spec/loader.py _read_text (input hygiene: UTF-8 errors give no line)"),
    KnownIssue(
        "yaml-nesting-without-line",
        r"error without file:line: 'error: .*: YAML nesting is too deep'",
        ".yaml", _STAG.replace(b"kind: security_dilemma", b"kind: " + b"[" * 1000),
        ("validate",),
        "spec/source.py (input hygiene: nesting errors give no line)"),
    KnownIssue(
        "control-character-without-line",
        r"error without file:line: 'error: .*: malformed YAML: unacceptable character"
        r"|error line without 'error: ': '  in \"<unicode string>\", position \d+'",
        ".yaml", _STAG.replace(b"players: [State A,", b"players: [State \x1bA,"),
        ("validate",),
        "spec/source.py (input hygiene: control-character errors give no line and "
        "span two lines)"),
    KnownIssue(
        "vertex-enumeration-singular-matrix",
        r"LinAlgError: Singular matrix",
        ".nfg",
        b'NFG 1 R "" { "P1" "P2" }\n{ { "s1" "s2" "s3" }\n  { "s1" "s2" "s3" "s4" }\n}\n'
        b'""\n\n12884901899/25 9/25\n-189/125 1\n-6/25 19/25\n14/5 0\n11/125 3/5\n'
        b"14/5 0\n12884901899/25 9/25\n6/5 2/5\n-6/25 19/25\n14/5 0\n14/5 0\n14/5 0\n",
        ("solve", "--timeout", "2", "-q"),
        "solvers/_polytope.py vertices_float/_refine (numerical robustness: np.linalg.inv "
        "of a singular basis; found as a payoff 4294967297 in the .efg of "
        "alliance/leadership_change)"),
]

# Open findings whose fix belongs to another part of the code (none today): a fuzz failure
# matching one is tolerated, and its strict xfail test replays the reproducer.
KNOWN_ISSUES: list[KnownIssue] = []

# Sources whose unmutated solve outruns --timeout 2 by far (none since enumerate checks
# its deadline while it converts and checks equilibria): their mutants would be solved
# with a method that fits the budget.
SLOW_SOURCES: dict[str, tuple[list[str], str]] = {}


def known(problem: str) -> KnownIssue | None:
    for issue in KNOWN_ISSUES:
        if re.search(issue.pattern, problem):
            return issue
    return None


def check_mutant(raw: bytes, suffix: str, commands: list[list[str]]) -> None:
    """Write ``raw`` to a file, run every command on it, fail on an unknown problem."""
    with tempfile.TemporaryDirectory(prefix="ag-fuzz-") as tmp:
        path = Path(tmp) / f"mutant{suffix}"
        path.write_bytes(raw)
        found = []
        for command in commands:
            outcome = run_cli([*command[:1], str(path), *command[1:]])
            found += [f"{' '.join(command)}: {p}" for p in problems(outcome, str(path))]
    unknown = [p for p in found if known(p) is None]
    if _survey(found, raw):
        return
    if unknown:
        excerpt = raw[:2000].decode("utf-8", "backslashreplace")
        pytest.fail("\n".join(unknown) + f"\n--- mutant{suffix} (first 2000 bytes) ---\n"
                    + excerpt, pytrace=False)


SURVEY_LOG = os.environ.get("ALLIANCE_GAMES_FUZZ_LOG")
"""A file: with it, each case appends one JSON line (its problems, known or not) and no
case fails, so that a long run counts every traceback, hang and memory error."""


def _survey(found: list[str], raw: bytes) -> bool:
    """Log the case when surveying (and say so); the test then does not fail."""
    if not SURVEY_LOG:
        return False
    import json

    record = {"problems": found, "known": [bool(known(p)) for p in found],
              "mutant": raw[:300].decode("utf-8", "backslashreplace") if found else ""}
    with open(SURVEY_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")
    return True


YAML_COMMANDS = [["validate"], ["solve", "--timeout", "2", "-q"]]
JSON_COMMANDS = [["validate"], ["solve", "--timeout", "2", "-q", "--format", "json"]]


@cache
def _efg_text(spec: Path) -> str:
    from alliance_games import load
    from alliance_games.games.extensive import ExtensiveFormGame
    from alliance_games.interop.efg import write_efg

    game = load(spec)
    assert isinstance(game, ExtensiveFormGame), f"{spec} is not a tree"
    return write_efg(game)


# ------------------------------------------------------------------ the fuzz tests
def test_sources_exist() -> None:
    """The suite fuzzes every catalog spec and tree: an empty list would test nothing."""
    assert len(SPECS) >= 20 and len(TREES) >= 5 and len(NFGS) >= 3


@pytest.mark.parametrize("spec", SPECS, ids=_rel)
@given(data=st.data())
@_settings(0.6, len(SPECS))
def test_mutated_spec(spec: Path, data: st.DataObject) -> None:
    """A mutated catalog spec is solved or refused with located one-line errors."""
    draw = Draw(data)
    raw = _mutant(draw, spec.read_text(encoding="utf-8"), gambit=False)
    commands = draw.one([YAML_COMMANDS, JSON_COMMANDS], "commands")
    note(f"mutant: {raw[:500]!r}")
    check_mutant(raw, ".yaml", commands)


@pytest.mark.parametrize("source", NFGS + TREES, ids=_rel)
@given(data=st.data())
@_settings(0.3, len(NFGS) + len(TREES))
def test_mutated_gambit_file(source: Path, data: st.DataObject) -> None:
    """A mutated .nfg (tests/data) or .efg (written from a catalog tree) is solved or
    refused with located one-line errors."""
    if source.suffix == ".nfg":
        text, suffix = source.read_text(encoding="utf-8"), ".nfg"
    else:
        text, suffix = _efg_text(source), ".efg"
    raw = _mutant(Draw(data), text, gambit=True)
    note(f"mutant: {raw[:500]!r}")
    extra = SLOW_SOURCES.get(_rel(source), ([], ""))[0]
    check_mutant(raw, suffix, [["validate"], ["solve", "--timeout", "2", "-q", *extra]])


def _parameters(spec: Path) -> list[str]:
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return sorted((data.get("parameters") or {}).keys())


@given(data=st.data())
@_settings(0.1, 1)
def test_hostile_set_values(data: st.DataObject) -> None:
    """``--set name=VALUE`` with a hostile VALUE: solved, or one error naming the --set
    (or, for a number the model itself refuses, its file:line)."""
    draw = Draw(data)
    spec = draw.one([s for s in SPECS if _parameters(s)], "spec")
    name = draw.one(_parameters(spec), "parameter")
    value = draw.one(NUMBERS, "value")
    outcome = run_cli(["solve", str(spec), "--set", f"{name}={value}", "--timeout", "2",
                       "-q"])
    found = problems(outcome, None)
    for line in outcome.err.splitlines() if outcome.code == 2 else []:
        # a bad value names the --set; a good one the model rejects names file:line
        if "--set" not in line and not line.startswith(f"error: {spec}:"):
            found.append(f"error naming neither --set nor file:line: {line[:200]}")
    if not _survey(found, " ".join(outcome.args).encode()):
        assert not [p for p in found if known(p) is None], (found, outcome.args)


# ------------------------------------------------------------------ real processes
def _limit_memory() -> None:  # pragma: no cover - runs in the child
    limit = MAX_RSS_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


SUBPROCESS_CASES = [
    # (catalog spec, replacement for its first number, command)
    ("security_dilemma/stag_hunt.yaml", "1e309", ["solve", "--timeout", "2", "-q"]),
    ("extended_deterrence/tying_hands.yaml", "x % 0", ["validate"]),
    ("alliance/burden_sharing.yaml", "9" * 5000, ["solve", "--timeout", "2", "-q"]),
]


@pytest.mark.parametrize(("spec", "number", "command"), SUBPROCESS_CASES,
                         ids=[c[0] for c in SUBPROCESS_CASES])
def test_mutant_in_a_real_process(spec: str, number: str, command: list[str],
                                  tmp_path: Path) -> None:
    """The same checks on a separate interpreter under a memory limit (RLIMIT_AS), so
    that nothing the in-process runs share (imports, caches) hides a crash; the first
    number of the spec is replaced by a hostile value, which must be refused."""
    text = (ROOT / "models" / spec).read_text(encoding="utf-8")
    m = _NUMBER.search(text, text.index("\nparameters:"))
    assert m is not None
    path = tmp_path / "mutant.yaml"
    path.write_text(text[: m.start()] + f'"{number}"' + text[m.end():], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ALLIANCE_GAMES_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", command[0], str(path), *command[1:]],
        capture_output=True, text=True, timeout=HANG_SECONDS * 2, env=env,
        preexec_fn=_limit_memory,
    )
    outcome = Outcome(tuple(command), proc.returncode, proc.stdout, proc.stderr)
    assert problems(outcome, str(path)) == []
    assert proc.returncode == 2, proc.stdout[:500]
    line = m.string[: m.start()].count("\n") + 1
    assert f"{path}:{line}:" in proc.stderr


# ------------------------------------------------------------------ findings replayed
@pytest.mark.parametrize("finding", FIXED_FINDINGS, ids=[i.name for i in FIXED_FINDINGS])
def test_fixed_finding_stays_fixed(finding: KnownIssue, tmp_path: Path) -> None:
    """Each finding fixed since the fuzzer reported it: its reproducer now gives exit 0
    or 2 with every error located on one line."""
    path = tmp_path / f"mutant{finding.suffix}"
    path.write_bytes(finding.reproducer)
    outcome = run_cli([finding.args[0], str(path), *finding.args[1:]])
    assert outcome.code in (0, 2)
    assert problems(outcome, str(path)) == []


if KNOWN_ISSUES:
    @pytest.mark.parametrize("issue", KNOWN_ISSUES, ids=[i.name for i in KNOWN_ISSUES])
    @pytest.mark.xfail(strict=True, reason="known issue owned by another part of the code")
    def test_known_issue_still_open(issue: KnownIssue, tmp_path: Path) -> None:
        """Each known issue's reproducer still fails; once fixed this XPASSes and the
        entry must move to FIXED_FINDINGS."""
        path = tmp_path / f"mutant{issue.suffix}"
        path.write_bytes(issue.reproducer)
        outcome = run_cli([issue.args[0], str(path), *issue.args[1:]])
        assert problems(outcome, str(path)) == []
