"""Gambit ``.efg`` interop: reading, writing, round trips with pygambit, malformed input."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from oracles import behavior_profile, gambit_efg, gbt

from alliance_games.errors import SpecError
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.games.random_extensive import random_extensive_game
from alliance_games.interop.efg import read_efg, write_efg
from alliance_games.solvers.tree.methods import solve_extensive

GAMBIT_STYLE = """EFG 2 R "Bayes game" { "Player 1" "Player 2" }
"A one-stage signalling game"

c "ROOT" 1 "(0,1)" { "1G" 1/2 "1B" 0.5 } 0
p "" 1 1 "(1,1)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1 "Outcome 1" { 10, 2 }
t "" 2 "Outcome 2" { 0 10 }
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 3 "Outcome 3" { 2.5 4 }
t "" 4 "Outcome 4" { 4 0 }
p "" 1 2 "(1,2)" { "H" "L" } 0
p "" 2 1 "(2,1)" { "h" "l" } 0
t "" 1
t "" 2
p "" 2 1 { "h" "l" } 0
t "" 3
t "" 4
"""


def _structure(game: ExtensiveFormGame) -> list:
    out = []
    for node in game.nodes:
        row = [node.name, node.kind, node.parent, node.action, node.actions, node.outcome,
               node.exact_payoffs, node.exact_probabilities]
        if node.kind == "decision":
            s = game.infosets[node.infoset]
            row += [game.players[s.player], s.name]
        out.append(row)
    return out


# ---------------------------------------------------------------------- reading
def test_read_gambit_style_file() -> None:
    """The file above: a chance root (1/2 written both as 1/2 and 0.5), player 1 with two
    information sets, player 2 with one set of four nodes; outcomes reused by number in
    the second half. Terminal payoffs and labels follow the outcome numbers; 2.5 is 5/2."""
    g = read_efg(GAMBIT_STYLE, filename="bayes.efg")
    assert g.name == "Bayes game" and g.players == ("Player 1", "Player 2")
    assert g.info["description"] == "A one-stage signalling game"
    assert g.nodes[0].name == "ROOT" and g.nodes[0].exact_probabilities == (F(1, 2), F(1, 2))
    assert [s.name for s in g.infosets] == ["(1,1)", "(2,1)", "(1,2)"]
    assert len(g.infosets[1].members) == 4
    pays = [g.nodes[z].exact_payoffs for z in g.terminals]
    assert pays == [(10, 2), (0, 10), (F(5, 2), 4), (4, 0)] * 2
    assert [g.nodes[z].outcome for z in g.terminals][:4] == [
        "Outcome 1", "Outcome 2", "Outcome 3", "Outcome 4"]
    assert g.has_perfect_recall


def test_empty_and_repeated_labels_become_numbers() -> None:
    """Player 1's two sets are both labelled "x" (repeated) and player 2's set is unlabelled:
    they are named by their numbers "1", "2" and "1". Empty action labels become "1", "2"."""
    text = """EFG 2 R "" { "A" "B" }
p "" 1 1 "x" { "" "" } 0
p "" 1 2 "x" { "l" "r" } 0
t "" 1 "" { 1 0 }
t "" 2 "" { 0 1 }
p "" 2 1 "" { "u" "d" } 0
t "" 3 "" { 2 2 }
t "" 4 "" { 3 3 }
"""
    g = read_efg(text)
    names = [(g.players[s.player], s.name, s.actions) for s in g.infosets]
    assert names == [("A", "1", ("1", "2")), ("A", "2", ("l", "r")), ("B", "1", ("u", "d"))]


def test_outcomes_on_inner_nodes_accumulate() -> None:
    """An outcome (1, 1) at the root adds to the terminal outcomes (2, 0) and (0, 3)."""
    text = """EFG 2 R "" { "A" "B" }
p "" 1 1 "" { "L" "R" } 1 "entry fee" { 1 1 }
t "" 2 "left" { 2 0 }
t "" 3 "right" { 0 3 }
"""
    g = read_efg(text)
    assert [g.nodes[z].exact_payoffs for z in g.terminals] == [(3, 1), (1, 4)]
    assert [g.nodes[z].outcome for z in g.terminals] == ["left", "right"]


def test_imperfect_recall_is_refused_with_a_clear_message() -> None:
    """Player 1 forgets its own first move (one set after L and after R)."""
    text = """EFG 2 R "" { "A" }
p "" 1 1 "first" { "L" "R" } 0
p "" 1 2 "second" { "a" "b" } 0
t "" 1 "" { 1 }
t "" 2 "" { 0 }
p "" 1 2 "second" { "a" "b" } 0
t "" 3 "" { 0 }
t "" 4 "" { 1 }
"""
    with pytest.raises(SpecError, match="perfect recall") as info:
        read_efg(text, filename="forgetful.efg")
    assert info.value.file == "forgetful.efg"
    g = read_efg(text, allow_imperfect_recall=True)
    assert not g.has_perfect_recall


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("NFG 1 R \"\" { \"A\" }", 1, "an .nfg file holds a normal-form game"),
        ("EFG 3 R \"\" { \"A\" }", 1, "format version 2"),
        ("EFG 2 R \"\" { \"A\" }\np \"\" 2 1 \"\" { \"a\" } 0\nt \"\" 0", 2, "player number 2"),
        ("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\n", 2, "incomplete"),
        ("EFG 2 R \"\" { \"A\" }\nt \"\" 1 \"o\" { 1 2 }", 2, "needs 1 payoffs"),
        ("EFG 2 R \"\" { \"A\" }\nc \"\" 1 \"\" { \"a\" 1/2 \"b\" 1/3 } 0\nt \"\" 0\nt \"\" 0",
         2, "sum to 5/6"),
        ("EFG 2 R \"\" { \"A\" }\nt \"\" 1 \"o\" { 1/0 }", 2, "division by zero"),
        ("EFG 2 R \"\" { \"A\" }\nt \"\" 3", 2, "used before its label and payoffs"),
        ("EFG 2 R \"\" { \"A\" }\nx \"\" 0", 2, "expected a node type"),
        ("EFG 2 R \"\" { \"A\" }\nt \"\" 0\nt \"\" 0", 3, "after the last node"),
        ("EFG 2 R \"unterminated { \"A\" }\n", 1, "unterminated"),
    ],
)
def test_malformed_files_are_located(text: str, line: int, message: str) -> None:
    """Each malformed input gives a SpecError at the offending line, naming the problem."""
    with pytest.raises(SpecError, match=message) as info:
        read_efg(text, filename="bad.efg")
    assert info.value.line == line and info.value.file == "bad.efg"


def test_fuzzed_files_never_raise_anything_but_spec_errors() -> None:
    """600 seeded mutations (deleted, duplicated or replaced tokens, truncation, junk
    characters) of valid files either parse or raise SpecError with a line number."""
    rng = np.random.default_rng(7)
    sources = [GAMBIT_STYLE] + [write_efg(random_extensive_game(s, leaves=8)) for s in range(3)]
    junk = ['"', "{", "}", ",", "p", "c", "t", "0", "-1", "1/0", "x", "\n", "1e999999", "3"]
    outcomes = {"ok": 0, "error": 0}
    for k in range(600):
        text = sources[k % len(sources)]
        pieces = text.split(" ")
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(len(pieces)))
            op = int(rng.integers(4))
            if op == 0:
                del pieces[i]
            elif op == 1:
                pieces.insert(i, pieces[int(rng.integers(len(pieces)))])
            elif op == 2:
                pieces[i] = str(rng.choice(junk))
            else:
                pieces = pieces[:i]
            if not pieces:
                pieces = [""]
        mutated = " ".join(pieces)
        try:
            read_efg(mutated, filename="fuzz.efg")
            outcomes["ok"] += 1
        except SpecError as exc:
            assert exc.file == "fuzz.efg"
            assert exc.line is not None or "perfect recall" in exc.message or exc.message
            outcomes["error"] += 1
    assert outcomes["error"] > 300


# ---------------------------------------------------------------------- round trips
def test_write_then_read_is_the_same_tree() -> None:
    """Writing and reading back keeps names, actions, information sets, exact payoffs,
    probabilities and outcome labels, for 20 random trees."""
    for seed in range(20):
        g = random_extensive_game(seed, leaves=15, chance=0.3, max_infoset=3,
                                  chance_root=seed % 2 == 1)
        back = read_efg(write_efg(g))
        assert _structure(back) == _structure(g)
        assert back.players == g.players and back.name == g.name


def test_labels_with_quotes_survive() -> None:
    """A quote and a backslash inside labels are escaped and read back."""
    g = ExtensiveFormGame.from_tree(
        Decision("The \"hawk\"", {"go\\stay": Terminal((1, 0), 'say "no"'),
                                  "wait": Terminal((0, 1))}, name="start"),
        players=("The \"hawk\"", "B"),
    )
    back = read_efg(write_efg(g))
    assert back.players[0] == 'The "hawk"'
    assert back.nodes[1].outcome == 'say "no"'
    assert back.infosets[0].actions == ("go\\stay", "wait")


def _gambit_game():
    """A small tree built with pygambit's API: chance, an information set, outcomes."""
    g = gbt.Game.new_tree(players=["Attacker", "Defender"], title="built in pygambit")
    g.append_move(g.root, g.players.chance, ["strong", "weak"])
    g.set_chance_probs(g.root.infoset, [gbt.Rational(1, 3), gbt.Rational(2, 3)])
    types = list(g.root.children)
    for k, node in enumerate(types):
        g.append_move(node, "Attacker", ["attack", "wait"])
        node.infoset.label = "strong type" if k == 0 else "weak type"
    attacked = [list(node.children)[0] for node in types]
    g.append_move(attacked[0], "Defender", ["fight", "yield"])
    attacked[0].infoset.label = "attacked"
    g.append_infoset(attacked[1], attacked[0].infoset)
    war = g.add_outcome("war", [-1, -2])
    win = g.add_outcome("capitulation", [3, -1])
    peace = g.add_outcome("status quo", [0, 0])
    for node, hit in zip(types, attacked, strict=True):
        fight, give_in = list(hit.children)
        g.set_outcome(fight, war)
        g.set_outcome(give_in, win)
        g.set_outcome(list(node.children)[1], peace)
    return g


@pytest.mark.oracle
def test_read_a_file_written_by_pygambit() -> None:
    """pygambit's own output: chance 1/3-2/3, the Defender's set 'attacked' with two
    nodes, outcome labels and payoffs kept."""
    text = _gambit_game().to_efg()
    g = read_efg(text)
    assert g.players == ("Attacker", "Defender")
    assert g.nodes[0].exact_probabilities == (F(1, 3), F(2, 3))
    sets = {s.name: len(s.members) for s in g.infosets}
    assert sets == {"strong type": 1, "attacked": 2, "weak type": 1}
    labels = [g.nodes[z].outcome for z in g.terminals]
    assert labels == ["war", "capitulation", "status quo"] * 2
    assert [g.nodes[z].exact_payoffs for z in g.terminals][:3] == [(-1, -2), (3, -1), (0, 0)]


@pytest.mark.oracle
def test_pygambit_reads_our_files_with_the_same_payoffs() -> None:
    """For 20 random trees, pygambit reads our file; every terminal node (matched by its
    label) has the same payoffs and every chance node the same probabilities."""
    for seed in range(20):
        g = random_extensive_game(100 + seed, leaves=14, chance=0.3, max_infoset=3)
        pg = gambit_efg(g)
        by_label = {n.label: n for n in pg.nodes}
        for node in g.nodes:
            theirs = by_label[node.name]
            if node.kind == "terminal":
                got = tuple(F(str(theirs.outcome[p])) for p in pg.players)
                assert got == node.exact_payoffs
            elif node.kind == "chance":
                got = tuple(F(str(a.prob)) for a in theirs.infoset.actions)
                assert got == node.exact_probabilities


@pytest.mark.oracle
def test_behavior_maps_back_onto_the_gambit_tree() -> None:
    """Solving a file read from Gambit gives behavior keyed by Gambit's own labels, which
    pygambit accepts as a profile with zero regret."""
    pg = _gambit_game()
    g = read_efg(pg.to_efg())
    eq = solve_extensive(g, exact=True)[0]
    assert behavior_profile(pg, eq.behavior).max_regret() == 0


def test_chance_shared_information_set() -> None:
    """Gambit lets chance nodes share a chance set (and its probabilities): both chance
    nodes get 1/4, 3/4."""
    text = """EFG 2 R "" { "A" }
p "" 1 1 "" { "L" "R" } 0
c "" 1 "" { "x" 1/4 "y" 3/4 } 0
t "" 1 "" { 1 }
t "" 2 "" { 0 }
c "" 1 "" { "x" 1/4 "y" 3/4 } 0
t "" 3 "" { 2 }
t "" 4 "" { 5 }
"""
    g = read_efg(text)
    probs = [n.exact_probabilities for n in g.nodes if n.kind == "chance"]
    assert probs == [(F(1, 4), F(3, 4))] * 2
    # R is worth 1/4 * 2 + 3/4 * 5 = 17/4 > L's 1/4
    eq = solve_extensive(g, exact=True)[0]
    assert eq.payoffs["A"] == F(17, 4)


def test_write_exact_numbers() -> None:
    """Fractions are written as a/b, integers plainly."""
    g = ExtensiveFormGame.from_tree(
        Chance({"a": (F(1, 3), Terminal((F(1, 2),))), "b": (F(2, 3), Terminal((2,)))}),
        players=("A",), name="lottery",
    )
    text = write_efg(g)
    assert 'c "root" 1 "" { "a" 1/3 "b" 2/3 } 0' in text
    assert 't "a" 1 "" { 1/2 }' in text
