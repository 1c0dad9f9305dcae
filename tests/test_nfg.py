"""Gambit .nfg reading and writing (alliance_games.interop.nfg).

Profile order in Gambit files: the first player's strategy turns fastest, so in a 2x2 game
the four payoff vectors are those of (1,1), (2,1), (1,2), (2,2) (Gambit's
``doc/formats.rst``, "The strategic game (.nfg) file format, payoff version").
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from gamegen import random_game
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracles import gbt, nfg_text, payoff_lists, read_nfg_text

from alliance_games.errors import GameError, SpecError
from alliance_games.games.normal import NormalFormGame
from alliance_games.interop.nfg import read_nfg, write_nfg

DATA = Path(__file__).parent / "data"
F = Fraction


def _read(name: str) -> NormalFormGame:
    path = DATA / name
    return read_nfg(path.read_text(), filename=str(path))


def _exact(game: NormalFormGame) -> list:
    return game.exact_payoffs.tolist()


# ---------------------------------------------------------------------- fixtures
def test_prisoners_dilemma_payoff_version():
    """The pygambit user guide's PD: m = [[8, 2], [10, 5]] for Alice, m transposed for Bob.

    In Gambit order the file lists (C,C) = 8 8, (D,C) = 10 2, (C,D) = 2 10, (D,D) = 5 5,
    so u_Alice = [[8, 2], [10, 5]] (rows: Alice's C, D) and u_Bob = [[8, 10], [2, 5]].
    """
    g = _read("prisoners_dilemma_payoff.nfg")
    assert g.name == "Two person Prisoner's Dilemma"
    assert g.players == ("Alice", "Bob")
    assert g.strategies == (("Cooperate", "Defect"), ("Cooperate", "Defect"))
    assert _exact(g) == [[[8, 2], [10, 5]], [[8, 10], [2, 5]]]
    assert all(isinstance(v, Fraction) for v in g.exact_payoffs.flat)
    assert dict(g.outcomes) == {}


def test_prisoners_dilemma_outcome_version():
    """Same game in the outcome version: outcomes 1..4 are listed in Gambit order, so
    profile (C,C) gets outcome 1 "mutual restraint", (D,C) outcome 2 "Alice exploits",
    (C,D) outcome 3 "Bob exploits" and (D,D) outcome 4 "arms race"."""
    g = _read("prisoners_dilemma_outcome.nfg")
    payoff_version = _read("prisoners_dilemma_payoff.nfg")
    assert _exact(g) == _exact(payoff_version)
    assert dict(g.outcomes) == {
        (0, 0): "mutual restraint",
        (1, 0): "Alice exploits",
        (0, 1): "Bob exploits",
        (1, 1): "arms race",
    }


def test_selten_e02_with_strategy_counts():
    """Gambit's sample e02.nfg, ``{ 3 2 }`` and payoffs 1 1 0 2 0 2 1 1 0 3 2 0.

    Profiles in order (1,1) (2,1) (3,1) (1,2) (2,2) (3,2) get (1,1) (0,2) (0,2) (1,1)
    (0,3) (2,0), so u_1 = [[1,1],[0,0],[0,2]] and u_2 = [[1,1],[2,3],[2,0]]. With counts
    only, strategies are labelled "1", "2", ....
    """
    g = _read("e02.nfg")
    assert g.name == "Selten (IJGT, 75), Figure 2, normal form"
    assert g.players == ("Player 1", "Player 2")
    assert g.strategies == (("1", "2", "3"), ("1", "2"))
    assert _exact(g) == [[[1, 1], [0, 0], [0, 2]], [[1, 1], [2, 3], [2, 0]]]


def test_three_players_and_exact_numbers():
    """Three 2-strategy players; A turns fastest, then B, then C. Entries in order:
    (A1,B1,C1) 1 2 3; (A2,B1,C1) 0.1 -1/3 4; (A1,B2,C1) 2 2.50 1e1; (A2,B2,C1) 0 0 0;
    (A1,B1,C2) -7 .5 3/4; (A2,B1,C2) 1 1 1; (A1,B2,C2) 2E-1 -5/2 0.0; (A2,B2,C2) 9 8 7.
    Decimals are exact (0.1 = 1/10, 2E-1 = 1/5) and the quoted comment after the
    strategy counts is skipped."""
    g = _read("three_player_mixed_numbers.nfg")
    assert g.players == ("A", "B", "C")
    assert g.payoff_vector((0, 0, 0)) == (1, 2, 3)
    assert g.payoff_vector((1, 0, 0)) == (F(1, 10), F(-1, 3), 4)
    assert g.payoff_vector((0, 1, 0)) == (2, F(5, 2), 10)
    assert g.payoff_vector((1, 1, 0)) == (0, 0, 0)
    assert g.payoff_vector((0, 0, 1)) == (-7, F(1, 2), F(3, 4))
    assert g.payoff_vector((1, 0, 1)) == (1, 1, 1)
    assert g.payoff_vector((0, 1, 1)) == (F(1, 5), F(-5, 2), 0)
    assert g.payoff_vector((1, 1, 1)) == (9, 8, 7)


def test_quoted_and_signed_payoffs():
    """Beyond Gambit's own reader: payoffs may be quoted ("3/4") or carry a '+' sign, and
    payoff-version entries may be separated by commas. Order (A1,B1) (A2,B1)."""
    g = read_nfg('NFG 1 R "" { "A" "B" } { 2 1 } "3/4", +2 "-0.5" 1e-1')
    assert _exact(g) == [[[F(3, 4)], [F(-1, 2)]], [[2], [F(1, 10)]]]


def test_labels_escaped_quotes_and_whitespace():
    """``\\"`` in a label is a quote; newlines inside quotes belong to the label; commas
    between outcome payoffs are optional; outcome 0 is the null outcome (payoffs 0)."""
    text = (
        'NFG 1 R "A \\"quoted\\" title" { "Row" "Col" }\n'
        '{ { "up\nper" "down" } { "l" } } \n'
        '{ { "win" 1 2 } { "" 3, 4 } }\n'
        "1 0"
    )
    g = read_nfg(text)
    assert g.name == 'A "quoted" title'
    assert g.strategies == (("up\nper", "down"), ("l",))
    assert _exact(g) == [[[1], [0]], [[2], [0]]]
    assert dict(g.outcomes) == {(0, 0): "win"}


def test_unnamed_outcomes_are_not_labels():
    """Outcome 2 is named "" so profile (2,1) has no label; outcome 1 is used twice."""
    g = read_nfg('NFG 1 R "" { "A" "B" } { 2 2 } { { "tie" 0 0 } { "" 1 -1 } } 1 2 2 1')
    assert dict(g.outcomes) == {(0, 0): "tie", (1, 1): "tie"}
    assert _exact(g) == [[[0, 1], [1, 0]], [[0, -1], [-1, 0]]]


def test_empty_and_duplicate_labels_are_made_distinct():
    """A NormalFormGame needs distinct nonempty names: an empty player name becomes
    "Player i", an empty strategy label its 1-based number, a repeat gets "_2"."""
    g = read_nfg('NFG 1 R "t" { "" "X" } { { "a" "a" "" } { "b" } } 1 2 3 4 5 6')
    assert g.players == ("Player 1", "X")
    assert g.strategies == (("a", "a_2", "3"), ("b",))


# ---------------------------------------------------------------------- errors
HEADER = 'NFG 1 R "g" { "A" "B" } { 2 2 }\n'

ERRORS = [
    # id, text, line, column, message fragment
    ("too-few", HEADER + "1 2 3 4 5 6 7", 2, 14,
     "expected 8 payoff entries for 2x2 game with 2 players, found 7"),
    ("too-many", HEADER + "1 2 3 4 5 6 7 8 9", 2, 17,
     "expected 8 payoff entries for 2x2 game with 2 players, found more"),
    ("not-a-number", HEADER + "1 2 3 x 5 6 7 8", 2, 7, "expected a numerical payoff"),
    ("zero-denominator", HEADER + "1 2 3 1/0 5 6 7 8", 2, 7, "expected a numerical payoff"),
    ("not-nfg", 'EFG 2 R "g" { "A" }', 1, 1, "expected 'NFG'"),
    ("version", 'NFG 2 R "g"', 1, 5, "expected NFG format version '1'"),
    ("no-title", "NFG 1 R { }", 1, 9, "expected the game title"),
    ("unterminated", 'NFG 1 R "g" { "A', 1, 15, "unterminated quoted label"),
    ("no-players", 'NFG 1 R "g" { } { }', 1, 17, "expected at least one player"),
    ("too-many-players", 'NFG 1 R "g" {' + ' "p"' * 70 + " } { }", 1, 143,
     "expected at most 32 players"),
    ("count-mismatch", 'NFG 1 R "g" { "A" "B" } { 2 } 1 2', 1, 25,
     "expected 2 strategy counts (one per player), found 1"),
    ("zero-strategies", 'NFG 1 R "g" { "A" } { 0 } ', 1, 23, "positive integer"),
    ("no-body", HEADER, 2, 1, "expected the payoffs"),
    ("outcome-payoffs", HEADER + '{ { "o" 1 } } 1 1 1 1', 2, 3,
     "expected 2 payoffs (one per player) in outcome 1, found 1"),
    ("outcome-range", HEADER + '{ { "o" 1 1 } } 1 1 2 1', 2, 21,
     "outcome number 2 is out of range: the file defines 1 outcomes"),
    ("outcome-count", HEADER + '{ { "o" 1 1 } } 1 1 1', 2, 22,
     "expected 4 outcome indices (one per profile of the 2x2 game), found 3"),
    ("outcome-name", HEADER + "{ { 1 1 } } 1 1 1 1", 2, 5, "expected the outcome's name"),
]


@pytest.mark.parametrize("text,line,column,fragment", [e[1:] for e in ERRORS],
                         ids=[e[0] for e in ERRORS])
def test_errors_are_located_spec_errors(text, line, column, fragment):
    with pytest.raises(SpecError) as info:
        read_nfg(text, filename="bad.nfg")
    err = info.value
    assert fragment in err.message
    assert (err.file, err.line, err.column) == ("bad.nfg", line, column)
    assert str(err).startswith(f"bad.nfg:{line}:{column}: ")


VALID = [(DATA / name).read_bytes() for name in
         ("prisoners_dilemma_outcome.nfg", "three_player_mixed_numbers.nfg")]


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255),
                          st.sampled_from(["replace", "insert", "delete"])),
                min_size=1, max_size=6))
def test_fuzz_mutations_parse_or_raise_spec_error(valid, mutations):
    """Random byte edits of a valid file either parse or raise SpecError, nothing else."""
    data = bytearray(valid)
    for position, byte, kind in mutations:
        position = min(position, len(data) - 1)
        if kind == "replace":
            data[position] = byte
        elif kind == "insert":
            data.insert(position, byte)
        elif len(data) > 1:
            del data[position]
    try:
        game = read_nfg(bytes(data).decode("latin-1"), filename="fuzz.nfg")
    except SpecError as err:
        assert err.file == "fuzz.nfg"
        return
    assert isinstance(game, NormalFormGame)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='NFG1R{}", 0123456789./-+eE\\\nabc', max_size=80))
def test_fuzz_token_soup(text):
    """Text made of the format's own characters never escapes as anything but SpecError."""
    try:
        read_nfg("NFG 1 R " + text)
    except SpecError:
        pass


def test_huge_numbers_are_rejected_not_crashing():
    """1e400 does not fit a float payoff; a 5000-digit integer exceeds int() limits."""
    for bad in ("1e400", "1" * 5000, "1e99999999999"):
        with pytest.raises(SpecError, match="expected a numerical payoff"):
            read_nfg('NFG 1 R "" { "A" } { 1 } ' + bad)


# ---------------------------------------------------------------------- writing
def test_write_payoff_version_exact_fractions():
    """No outcome labels -> payoff version; one profile per line in Gambit order, values
    as a/b. u_A = [[1/2, 0], [0, -3]], u_B = [[2, 0], [0, 7/3]]: order (1,1) (2,1) (1,2)
    (2,2) gives '1/2 2', '0 0', '0 0', '-3 7/3'."""
    g = NormalFormGame.from_arrays(
        [[[F(1, 2), 0], [0, -3]], [[2, 0], [0, F(7, 3)]]],
        players=["A", "B"], strategies=[["x", "y"], ["v", "w"]], name="half",
    )
    text = write_nfg(g)
    assert text.splitlines() == [
        'NFG 1 R "half" { "A" "B" }',
        '{ { "x" "y" }',
        '  { "v" "w" }',
        "}",
        '""',
        "",
        "1/2 2",
        "0 0",
        "0 0",
        "-3 7/3",
    ]
    assert _exact(read_nfg(text)) == _exact(g)


def test_write_outcome_version_and_quotes():
    """Outcome labels -> outcome version: outcomes are the distinct (label, payoffs) pairs
    in order of first use; labels with quotes are escaped."""
    g = NormalFormGame.from_arrays(
        [[[1, 0], [0, 1]], [[1, 0], [0, 1]]],
        players=['say "hi"', "B"], name="coord",
        outcomes={(0, 0): "meet", (1, 1): "meet"},
    )
    text = write_nfg(g)
    assert 'NFG 1 R "coord" { "say \\"hi\\"" "B" }' in text
    assert text.splitlines()[-6:] == [
        "",
        "{",
        '{ "meet" 1, 1 }',
        '{ "" 0, 0 }',
        "}",
        "1 2 2 1",
    ]
    back = read_nfg(text)
    assert back.players == ('say "hi"', "B")
    assert dict(back.outcomes) == {(0, 0): "meet", (1, 1): "meet"}


def test_unwritable_label_is_refused():
    g = NormalFormGame.from_arrays([[0]], players=["back\\"])
    with pytest.raises(GameError, match="cannot be written"):
        write_nfg(g)


LABEL = st.text(alphabet='ab "{},\n0-', min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.lists(st.integers(1, 3), min_size=1, max_size=3),
    labelled=st.booleans(),
    name=LABEL,
)
def test_round_trip_our_writer_and_reader(seed, shape, labelled, name):
    """read_nfg(write_nfg(g)) has g's payoffs (exactly), names and outcome labels."""
    rng = np.random.default_rng(seed)
    base = random_game(rng, shape)
    payoffs = base.exact_payoffs * F(1, int(rng.integers(1, 7)))
    outcomes = {}
    if labelled:
        outcomes = {p: f'o"{k % 2}' for k, p in enumerate(base.profiles()) if k % 3 != 1}
    g = NormalFormGame.from_payoff_array(
        payoffs, name=name, outcomes=outcomes,
        players=[f"{name}{i}" for i in range(len(shape))],
    )
    back = read_nfg(write_nfg(g))
    assert back.name == g.name and back.players == g.players
    assert back.strategies == g.strategies
    assert _exact(back) == _exact(g)
    assert dict(back.outcomes) == dict(g.outcomes)


# ---------------------------------------------------------------------- pygambit
@pytest.mark.oracle
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 3), min_size=2, max_size=3))
def test_pygambit_writes_we_read(seed, shape):
    """A pygambit game (from_arrays, labelled) written by pygambit reads back here with
    the same exact payoffs, title and labels."""
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(-9, 10, size=shape) for _ in shape]
    gg = gbt.Game.from_arrays(*arrays, title="from pygambit")
    for i, player in enumerate(gg.players):  # 16.7: collections are not int-indexable
        player.label = f"Player {chr(65 + i)}"
        for j, strategy in enumerate(player.strategies):
            strategy.label = f"{chr(97 + i)}{j}"
    ours = read_nfg(nfg_text(gg))
    assert ours.name == "from pygambit"
    assert ours.players == tuple(p.label for p in gg.players)
    assert ours.strategies == tuple(tuple(s.label for s in p.strategies) for p in gg.players)
    assert _exact(ours) == [a.tolist() for a in arrays]


@pytest.mark.oracle
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       shape=st.lists(st.integers(1, 3), min_size=2, max_size=3),
       labelled=st.booleans())
def test_we_write_pygambit_reads(seed, shape, labelled):
    """Files we write (payoff or outcome version, fractional payoffs) read in pygambit
    with the same payoffs, title, player and strategy labels and outcome labels."""
    rng = np.random.default_rng(seed)
    base = random_game(rng, shape)
    payoffs = base.exact_payoffs * F(1, 3)
    outcomes = {p: f"o{k}" for k, p in enumerate(base.profiles()) if labelled and k % 2 == 0}
    g = NormalFormGame.from_payoff_array(
        payoffs, name='t "q"', outcomes=outcomes,
        players=[f"P {i}" for i in range(len(shape))],
        strategies=[[f"s{i}{j}" for j in range(m)] for i, m in enumerate(shape)],
    )
    gg = read_nfg_text(write_nfg(g))
    assert gg.title == 't "q"'
    assert [p.label for p in gg.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in gg.players] == [list(s) for s in g.strategies]
    assert payoff_lists(gg) == _exact(g)
    for profile, label in g.outcomes.items():
        assert gg[profile].label == label


@pytest.mark.oracle
def test_fixtures_agree_with_pygambit():
    """Our hand-written fixtures read the same in pygambit (payoffs and labels)."""
    for name in ("prisoners_dilemma_payoff.nfg", "prisoners_dilemma_outcome.nfg",
                 "e02.nfg", "three_player_mixed_numbers.nfg"):
        text = (DATA / name).read_text()
        ours, theirs = read_nfg(text), read_nfg_text(text)
        assert payoff_lists(theirs) == _exact(ours), name
        assert ours.strategies == tuple(tuple(s.label for s in p.strategies)
                                        for p in theirs.players), name



def test_large_integer_files_read_by_the_fast_path_equal_the_general_parser(monkeypatch):
    """A payoff-version file of more than 1,000 integer payoffs is split once and
    converted by numpy (a 16-player game has a million payoffs); the game must be the
    one the token-by-token parser builds: same players, strategies, float and exact
    payoffs. A file with one decimal payoff falls back to the general parser."""
    import numpy as np
    from gamegen import random_game

    import alliance_games.interop.nfg as nfg

    game = random_game(np.random.default_rng(11), (4, 5, 6, 3), low=-50, high=50)
    text = nfg.write_nfg(game)
    assert nfg._read_integer_payoff_version(text, None) is not None
    fast = nfg.read_nfg(text)
    with_decimal = text.rstrip() + "\n"
    last = with_decimal.rstrip().rsplit(" ", 1)
    with_decimal = last[0] + " 0.5\n"
    assert nfg._read_integer_payoff_version(with_decimal, None) is None
    monkeypatch.setattr(nfg, "_read_integer_payoff_version", lambda *a: None)
    slow = nfg.read_nfg(text)
    assert (fast.players, fast.strategies, fast.name) == (slow.players, slow.strategies,
                                                          slow.name)
    assert np.array_equal(fast.payoffs, slow.payoffs)
    assert (fast.exact_payoffs == slow.exact_payoffs).all()
    assert np.array_equal(fast.payoffs, game.payoffs)
    assert nfg.read_nfg(with_decimal).exact_payoffs.flat[-1] == Fraction(1, 2)
