"""Subgame roots, truncation and bottom-up subgame perfection (alliance_games.solvers.tree.subgame).

The tree (``campaign()``), nodes in preorder::

    0  root      P1: Out | In | Fund
    1  Out       (1, 1)
    2  In        P1 at "P1 move": F | O           (a simultaneous battle of the sexes:
    3  In/F      P2 at "P2 move": F | O            P2 does not see P1's choice)
    4  In/F/F    (3, 1)
    5  In/F/O    (0, 0)
    6  In/O      P2 at "P2 move": F | O
    7  In/O/F    (0, 0)
    8  In/O/O    (1, 3)
    9  Fund      chance: win 1/2 | lose 1/2
    10 Fund/win  (3, 0)
    11 Fund/lose P2 at "punish": yes | no
    12 ...yes    (0, 0)
    13 ...no     (1, 2)

Subgame roots (Selten 1965: a node whose subtree cuts no information set): 0; 2 (both
nodes of "P2 move" lie in 2..8); 9 and 11. Not 3 or 6 (their set has a node outside
their subtree). Information sets: 0 root, 1 "P1 move", 2 "P2 move", 3 "punish".

Subgame perfect equilibria by hand. At 11, P2 prefers no (2 > 0): value (1, 2). At 9:
1/2 (3, 0) + 1/2 (1, 2) = (2, 1). The battle at 2 has three equilibria: (F, F) worth
(3, 1), (O, O) worth (1, 3), and the mixed one where P1 plays F w.p. 3/4 (P2 indifferent:
p = 3(1 - p)) and P2 plays F w.p. 1/4 (3q = 1 - q), worth (3/4, 3/4). At the root P1
compares Out 1, Fund 2 and In (3, 1 or 3/4): In after (F, F), Fund otherwise. So three
subgame perfect equilibria.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest

from alliance_games.errors import SolverError
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers.tree.behavior import is_subgame_perfect
from alliance_games.solvers.tree.subgame import subgame_perfect, truncate


def campaign() -> ExtensiveFormGame:
    def p2(first: str) -> Decision:
        pays = {("F", "F"): (3, 1), ("O", "O"): (1, 3)}
        return Decision("P2", {b: Terminal(pays.get((first, b), (0, 0))) for b in ("F", "O")},
                        infoset="P2 move")

    return ExtensiveFormGame.from_tree(
        Decision("P1", {
            "Out": Terminal((1, 1)),
            "In": Decision("P1", {"F": p2("F"), "O": p2("O")}, infoset="P1 move"),
            "Fund": Chance({
                "win": (F(1, 2), Terminal((3, 0))),
                "lose": (F(1, 2), Decision("P2", {"yes": Terminal((0, 0)),
                                                  "no": Terminal((1, 2))}, infoset="punish")),
            }),
        }),
        players=("P1", "P2"), name="campaign")


# the battle's equilibria as tables of the truncated game at In ("P1 move", "P2 move")
ONE, ZERO = F(1), F(0)
BATTLE = [
    [(ONE, ZERO), (ONE, ZERO)],
    [(ZERO, ONE), (ZERO, ONE)],
    [(F(3, 4), F(1, 4)), (F(1, 4), F(3, 4))],
]


def one_mover(game: ExtensiveFormGame) -> list[tuple[F, ...]]:
    """The best pure behavior in a truncated game with at most one decision node whose
    children are all terminal (every truncated game of ``campaign`` but the battle)."""
    table = []
    for s in game.infosets:
        (v,) = s.members
        values = [game.nodes[c].exact_payoffs[s.player] for c in game.nodes[v].children]
        best = values.index(max(values))
        table.append(tuple(ONE if a == best else ZERO for a in range(len(values))))
    return table


def local_solver(notes: tuple[str, ...] = (), complete: bool = True) -> Any:
    """A stand-in for the normal-form solvers: the battle's three equilibria (derived in
    the module docstring), the best choice elsewhere; records which games it was given."""
    seen: list[str] = []

    def solve(game: ExtensiveFormGame) -> tuple[list, bool, list[str]]:
        seen.append(game.name)
        if game.name == "campaign at In":
            return [list(t) for t in BATTLE], complete, list(notes)
        return [one_mover(game)], True, list(notes)

    solve.seen = seen  # type: ignore[attr-defined]
    return solve


def test_subgame_roots() -> None:
    """Roots 0, 2, 9, 11 (module docstring), the whole game first, in preorder."""
    game = campaign()
    assert [n.name for n in game.nodes][:4] == ["root", "Out", "In", "In/F"]
    assert game.subgame_roots == (0, 2, 9, 11)
    assert game.subgames() == ["root", "In", "Fund", "Fund/lose"]
    assert [s.name for s in game.infosets] == ["root", "P1 move", "P2 move", "punish"]


def test_truncate_replaces_subgames_by_their_values() -> None:
    """At the root with In worth (3, 1) and Fund worth (2, 1): four nodes (root and
    three terminals); the only information set is the root's (index 0 in the game)."""
    game = campaign()
    cut, back = truncate(game, 0, {2: (F(3), F(1)), 9: (F(2), F(1))})
    assert [n.name for n in cut.nodes] == ["root", "Out", "In", "Fund"]
    assert [n.kind for n in cut.nodes] == ["decision", "terminal", "terminal", "terminal"]
    assert [cut.nodes[z].exact_payoffs for z in cut.terminals] == [(1, 1), (3, 1), (2, 1)]
    assert back == [0]
    assert cut.name == "campaign at root"


def test_truncate_inside_keeps_chance_and_maps_sets_back() -> None:
    """At Fund with the punish subgame worth (1, 2): a chance node over (3, 0) and (1, 2),
    no information set left. At In with nothing replaced: the battle, whose two sets are
    the game's sets 1 and 2."""
    game = campaign()
    cut, back = truncate(game, 9, {11: (F(1), F(2))})
    assert [n.kind for n in cut.nodes] == ["chance", "terminal", "terminal"]
    assert cut.nodes[0].exact_probabilities == (F(1, 2), F(1, 2))
    assert cut.expected_payoffs([], exact=True) == (2, 1)
    assert back == []
    battle, back = truncate(game, 2, {})
    assert len(battle.nodes) == 7 and back == [1, 2]
    assert [len(s.members) for s in battle.infosets] == [1, 2]


def test_three_subgame_perfect_equilibria() -> None:
    """The three SPE of the module docstring, in the order of the battle's equilibria:
    root plays In after (F, F) and Fund after (O, O) and after the mix; P2 never punishes.
    Each is subgame perfect by the library's independent regret test."""
    game = campaign()
    solver = local_solver()
    sol = subgame_perfect(game, solver, exact=True)
    assert sol.complete and sol.diagnostics == ()
    no = (ZERO, ONE)
    assert [list(t) for t in sol.tables] == [
        [(ZERO, ONE, ZERO), *BATTLE[0], no],
        [(ZERO, ZERO, ONE), *BATTLE[1], no],
        [(ZERO, ZERO, ONE), *BATTLE[2], no],
    ]
    for table in sol.tables:
        assert is_subgame_perfect(game, table, exact=True)
    expected = [(3, 1), (2, 1), (2, 1)]
    assert [game.expected_payoffs(t, exact=True) for t in sol.tables] == expected
    # bottom-up: the innermost subgames first, the root once per battle equilibrium
    assert solver.seen == ["campaign at Fund/lose", "campaign at Fund", "campaign at In",
                           "campaign at root", "campaign at root", "campaign at root"]


def test_incomplete_local_solves_and_notes_propagate() -> None:
    """A local solve that is not complete makes the list incomplete; its notes are kept
    once each although every local solve repeats them."""
    sol = subgame_perfect(campaign(), local_solver(notes=("same note",), complete=False),
                          exact=True)
    assert not sol.complete
    assert sol.diagnostics == ("same note",)
    assert len(sol.tables) == 3


def test_combination_cap() -> None:
    """With at most 2 combinations the battle keeps 2 of its 3 equilibria, the root 2
    tables, and the result says it stopped."""
    sol = subgame_perfect(campaign(), local_solver(), exact=True, max_combinations=2)
    assert not sol.complete and len(sol.tables) == 2
    assert "stopped after 2 combinations of subgame equilibria" in sol.diagnostics


def test_a_subgame_without_equilibrium_is_an_error() -> None:
    """A local solver that finds nothing in the battle: a SolverError naming its root."""
    def nothing_in_battle(game: ExtensiveFormGame) -> tuple[list, bool, list[str]]:
        if game.name == "campaign at In":
            return [], True, []
        return [one_mover(game)], True, []

    with pytest.raises(SolverError, match="no equilibrium found in the subgame at 'In'"):
        subgame_perfect(campaign(), nothing_in_battle, exact=True)
