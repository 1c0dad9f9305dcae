"""Direct tests of the named steps of the tree and signaling code (issue 9, item 4).

Each case is a small tree whose answer is derived by hand in its docstring.
"""

from __future__ import annotations

import ast
import pathlib
from fractions import Fraction as F

import pytest

from alliance_games.errors import GameError, SpecError
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.games.normal import NormalFormGame
from alliance_games.games.tree_build import assemble_nodes, check_structure, flatten_tree
from alliance_games.games.tree_nodes import ActionPath, Node
from alliance_games.interop._gambit_text import tokenize
from alliance_games.interop.efg_parse import _read_header, _Reader, _TreeReader
from alliance_games.solvers.signaling.assessment import (
    _dependencies,
    _innermost_subgames,
    _optimal_under,
    verify_assessment,
)
from alliance_games.solvers.signaling.candidates import _candidates, _maximal_proper_subgames
from alliance_games.solvers.signaling.classes import _fails, _group
from alliance_games.solvers.signaling.labels import classify
from alliance_games.solvers.signaling.prune import prune_never_optimal, truncate, unprune
from alliance_games.solvers.signaling.structure import chance_reach, detect_signaling
from alliance_games.solvers.tree.normal_form import _normal_form_solve

GAMES = pathlib.Path(__file__).resolve().parents[1] / "alliance_games" / "games"


def entry_game() -> ExtensiveFormGame:
    """Entrant Out (0, 2) or In; Incumbent Fight (-1, -1) or Accommodate (1, 1)."""
    return ExtensiveFormGame.from_tree(
        Decision("Entrant", {
            "Out": Terminal((0, 2), "no entry"),
            "In": Decision("Incumbent", {"Fight": Terminal((-1, -1), "war"),
                                         "Accommodate": Terminal((1, 1), "peace")})}),
        players=("Entrant", "Incumbent"), name="entry")


def beer_quiche() -> ExtensiveFormGame:
    """Strong (1/3) or weak defender; the challenger sees neither type and attacks or not.

    Attack pays the challenger -1 against strong, +1 against weak; the prior 1/3 strong
    makes attacking worth 1/3, so the challenger attacks.
    """
    def defender(t: str) -> Decision:
        war = (-1, 1) if t == "strong" else (1, -1)
        return Decision("Challenger", {"Attack": Terminal(war, "war"),
                                       "Refrain": Terminal((0, 0), "deterrence success")},
                        infoset="c")
    return ExtensiveFormGame.from_tree(
        Chance({"strong": ("1/3", defender("strong")), "weak": ("2/3", defender("weak"))}),
        players=("Challenger", "Defender"))


def signaling_game() -> ExtensiveFormGame:
    """Sender of type H (1/2) or L sends m or n; the receiver, seeing the message, says
    a or b. The receiver gets 1 for a against H and for b against L; the sender gets 1
    for a. Types: the sender's two information sets."""
    def after(t: str, msg: str) -> Decision:
        a_pay = (1, 1) if t == "H" else (1, 0)
        b_pay = (0, 0) if t == "H" else (0, 1)
        return Decision("R", {"a": Terminal(a_pay), "b": Terminal(b_pay)}, infoset=msg)

    def sender(t: str) -> Decision:
        return Decision("S", {"m": after(t, "m"), "n": after(t, "n")}, infoset=t)

    return ExtensiveFormGame.from_tree(
        Chance({"H": ("1/2", sender("H")), "L": ("1/2", sender("L"))}), players=("S", "R"))


# ---------------------------------------------------------------------- tree_build
def test_flatten_tree_records_in_preorder():
    recs = flatten_tree(Decision("A", {
        "x": Terminal((1,)), "y": Decision("A", {"z": Terminal((2,))})}), ("A",))
    assert [r["kind"] for r in recs] == ["decision", "terminal", "decision", "terminal"]
    assert [r["parent"] for r in recs] == [None, 0, 0, 2]
    assert recs[0]["children"] == [1, 2]
    assert recs[3]["path"] == ActionPath().child("y").child("z")


def test_flatten_tree_rejects_an_unknown_player():
    with pytest.raises(GameError, match="unknown player 'B'"):
        flatten_tree(Decision("B", {"x": Terminal((1,))}), ("A",))


def test_assemble_nodes_reorders_children_to_the_infoset_order():
    """Two nodes of one set list its actions in opposite orders: the second node's
    children are put in the set's order (L then R), so child 0 pays 3."""
    recs = flatten_tree(Chance({
        "u": ("1/2", Decision("A", {"L": Terminal((1,)), "R": Terminal((2,))}, infoset="h")),
        "d": ("1/2", Decision("A", {"R": Terminal((4,)), "L": Terminal((3,))}, infoset="h")),
    }), ("A",))
    nodes, infosets = assemble_nodes(recs, ("A",))
    assert len(infosets) == 1 and infosets[0].actions == ("L", "R")
    second = nodes[infosets[0].members[1]]
    assert [nodes[c].exact_payoffs for c in second.children] == [(F(3),), (F(4),)]
    assert [nodes[c].action for c in second.children] == [0, 1]


def test_check_structure_rejects_children_out_of_preorder():
    nodes = (Node("r", "decision", children=(1,), actions=("x",), player=0, infoset=0),
             Node("t", "terminal", parent=0, action=1, payoffs=(0.0,)))
    with pytest.raises(GameError, match="not in preorder"):
        check_structure(nodes)


# ---------------------------------------------------------------------- cycles
@pytest.mark.parametrize("module", ["extensive", "extensive_play", "extensive_structure",
                                    "tree_build", "tree_nodes"])
def test_the_tree_type_imports_none_of_its_conversions(module):
    tree = ast.parse((GAMES / f"{module}.py").read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"reduced", "sequence_form", "tree_svg"}


def test_registered_conversions_forward():
    g = entry_game()
    rnf = g.reduced_normal_form()
    assert rnf.game.shape == (2, 2)
    assert g.as_normal_form() is rnf.game
    assert g.sequence_form() is not None
    assert "<svg" in g._repr_html_()


# ---------------------------------------------------------------------- assessment
def test_innermost_subgames_and_dependencies():
    """Entry game: the Incumbent's set (node 2) roots its own subgame; the Entrant's set
    has the Incumbent's below it."""
    g = entry_game()
    assert _innermost_subgames(g) == [0, 2]
    assert _dependencies(g) == [{1}, set()]


def test_optimal_under_a_belief():
    """Values [[1, 0], [0, 1]] (two nodes, two actions): at belief (1/3, 2/3) action 1
    earns 2/3 > 1/3, so only action 1 is optimal."""
    values = [[F(1), F(0)], [F(0), F(1)]]
    belief = (F(1, 3), F(2, 3))
    assert _optimal_under(values, belief, [1], 0.0)
    assert not _optimal_under(values, belief, [0], 0.0)


def test_verify_assessment_on_the_entry_game():
    """(In, Accommodate) is a PBE; (Out, Fight) is Nash but Fight is not optimal at the
    Incumbent's singleton set, so it is no PBE."""
    g = entry_game()
    assert verify_assessment(g, [(0, 1), (0, 1)], exact=True) is not None
    assert verify_assessment(g, [(1, 0), (1, 0)], exact=True) is None


# ---------------------------------------------------------------------- prune
def test_prune_never_optimal_removes_the_dominated_last_move():
    """Fight gives the Incumbent -1 < 1: optimal under no belief, removed. The Entrant's
    continuation is then fixed, and Out (0) < In (1): Out goes too. unprune puts
    probability 0 back on both."""
    g = entry_game()
    pruned, kept = prune_never_optimal(g, True, 0.0)
    assert kept == [[1], [1]]
    assert [s.actions for s in pruned.infosets] == [("In",), ("Accommodate",)]
    table = unprune(g, pruned, kept, ((F(1),), (F(1),)), True)
    assert table == ((F(0), F(1)), (F(0), F(1)))


def test_truncate_cuts_a_subgame_to_its_payoffs():
    g = truncate(entry_game(), {2: (F(1), F(1))})
    assert len(g.nodes) == 3 and g.nodes[2].exact_payoffs == (F(1), F(1))
    assert g.nodes[2].name == "In"


# ---------------------------------------------------------------------- candidates
def test_candidates_put_the_equilibrium_choice_first():
    g = entry_game()
    one, zero = F(1), F(0)
    assert _candidates(g, 1, None, True, 0.0) == [(one, zero), (zero, one)]
    assert _candidates(g, 1, (zero, one), True, 0.0) == [(zero, one), (one, zero)]
    half = (F(1, 2), F(1, 2))
    assert _candidates(g, 1, half, True, 0.0) == [half, (one, zero), (zero, one)]


def test_maximal_proper_subgames():
    assert _maximal_proper_subgames(entry_game()) == [2]
    assert _maximal_proper_subgames(beer_quiche()) == []


# ---------------------------------------------------------------------- classes
def test_group_by_on_path_behavior():
    """Entry game: (Out, Fight) is not a PBE, but (Out, Accommodate) never is either
    (Out earns 0 < 1); the only PBE is (In, Accommodate): one class."""
    g = entry_game()
    a = verify_assessment(g, [(0, 1), (0, 1)], exact=True)
    assert a is not None and a.on_path == frozenset({0, 1})
    assert len(_group([a, a], 0.0)) == 1


def test_fails_reads_the_verdict():
    verdicts = {"intuitive_criterion": "fails (type weak would deviate)", "d1": "passes"}
    assert _fails(None, verdicts) is None
    assert _fails("intuitive", verdicts) == "type weak would deviate"
    assert _fails("d1", verdicts) is None


# ---------------------------------------------------------------------- structure, labels
def test_detect_signaling_and_classify():
    """Sender S with types H and L; receiver R answers at one set per message. H sends m
    and L sends n: separating."""
    g = signaling_game()
    st = detect_signaling(g)
    assert st is not None
    assert g.players[st.sender] == "S" and g.players[st.receiver] == "R"
    assert set(st.receiver_infosets) == {"m", "n"}
    one, zero = F(1), F(0)
    table = [None] * len(g.infosets)
    for h, s in enumerate(g.infosets):
        table[h] = (one, zero) if s.name in ("H", "m") else (zero, one)
    assert classify(g, st, table, 0.0).kind == "separating"
    assert detect_signaling(entry_game()) is None


def test_chance_reach():
    g = beer_quiche()
    reach = chance_reach(g, True)
    assert [reach[v] for v in g.infosets[0].members] == [F(1, 3), F(2, 3)]


# ---------------------------------------------------------------------- normal form
def test_normal_form_solve_with_a_single_mover():
    """One mover with payoffs (1, 1, 0): both maxima are equilibria, and a note says
    mixtures of them are too; the other player (one strategy) gets probability 1."""
    nf = NormalFormGame.from_payoff_array(
        [[[1], [1], [0]], [[0], [0], [0]]], players=["A", "B"],
        strategies=[["x", "y", "z"], ["w"]])
    profiles, complete, notes, _ = _normal_form_solve(nf, exact=True)
    assert complete
    assert profiles == [((1, 0, 0), (1,)), ((0, 1, 0), (1,))]
    assert notes == ["A is indifferent between 2 plans: mixtures of them are equilibria too"]


# ---------------------------------------------------------------------- efg reader
def test_efg_header_and_tree_reader():
    text = ('EFG 2 R "t" { "A" "B" } "c"\n'
            'p "" 1 1 "h" { "L" "R" } 0\n'
            't "" 1 "o1" { 1, 2 }\n'
            't "" 2 "o2" { 3, 4 }\n')
    reader = _Reader(tokenize(text, None), None)
    assert _read_header(reader) == ("t", ["A", "B"], "c")
    tree = _TreeReader(reader, 2)
    while (tok := reader.next()).kind != "eof":
        tree.read_node(tok)
    tree.finish(None)
    assert [r.children for r in tree.recs] == [[1, 2], [], []]
    assert tree.outcomes[2] == ("o2", [F(3), F(4)])


def test_efg_tree_reader_reports_a_missing_child():
    text = 'EFG 2 R "t" { "A" } p "" 1 1 "h" { "L" "R" } 0 t "" 1 "o" { 1 }'
    reader = _Reader(tokenize(text, "x.efg"), "x.efg")
    _read_header(reader)
    tree = _TreeReader(reader, 1)
    while (tok := reader.next()).kind != "eof":
        tree.read_node(tok)
    with pytest.raises(SpecError, match="the tree is incomplete"):
        tree.finish("x.efg")
