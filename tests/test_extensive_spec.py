"""The ``kind: extensive`` spec language: valid trees and located errors."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from alliance_games.errors import SpecError, SpecErrors
from alliance_games.modeling.loader import compile_spec, load_spec
from alliance_games.solvers.dispatch import solve

HEADER = """kind: extensive
name: test
players: [A, B]
parameters:
  p: 1/4
  c: 2
"""


def compile_text(body: str, overrides=None):
    return compile_spec(load_spec(HEADER + body, "tree.yaml", overrides))


def error_of(body: str) -> SpecError:
    with pytest.raises(SpecError) as info:
        compile_text(body)
    err = info.value
    return err.errors[0] if isinstance(err, SpecErrors) else err


def test_nested_named_chance_and_expressions() -> None:
    """A chance move (p = 1/4, 1 - p = 3/4) before B's move, a named node referenced from
    the root, payoffs as expressions (-c = -2) in list and mapping form. B's two nodes
    share the information set 'blind'. Expected payoffs are exact; node names come from
    'name', the 'nodes' key, or the action path."""
    game = compile_text("""tree:
  player: A
  actions:
    Stay: {payoffs: [0, 0], outcome: status quo}
    Go: lottery
nodes:
  lottery:
    chance: {High: p, Low: 1 - p}
    actions:
      High:
        player: B
        infoset: blind
        name: B high
        actions:
          Fight: {payoffs: {A: -c, B: 1}, outcome: war}
          Yield: [1, -1]
      Low:
        player: B
        infoset: blind
        actions:
          Fight: {payoffs: [-c, -c], outcome: war}
          Yield: [1, -1]
""")
    assert [n.name for n in game.nodes][:4] == ["root", "Stay", "lottery", "B high"]
    assert game.nodes[2].exact_probabilities == (F(1, 4), F(3, 4))
    assert [(s.name, len(s.members)) for s in game.infosets] == [("root", 1), ("blind", 2)]
    assert game.nodes[game.node_index["Go/Low/Fight"]].exact_payoffs == (-2, -2)
    assert game.info["symbolic"]["Go/Low/Fight"] == {"payoffs": ["-c", "-c"]}
    # The lottery roots a subgame. In it B cannot tell High from Low: Fight is worth
    # 1/4 * 1 + 3/4 * (-2) = -5/4 < -1, so B yields, and A goes (1 > 0): the only subgame
    # perfect equilibrium. (Stay, Fight) is Nash but not subgame perfect.
    result = solve(game, "enumerate", exact=True)
    spe = [eq for eq in result if eq.concept == "subgame perfect"]
    assert len(spe) == 1 and spe[0].behavior["A"]["root"]["Go"] == 1
    assert spe[0].behavior["B"]["blind"]["Yield"] == 1
    assert any(eq.behavior["A"]["root"]["Stay"] == 1 and eq.concept == "nash"
               for eq in result)
    # 'auto' on a tree with a chance move and an information set runs the PBE analysis
    # (issue 10): the one class is the subgame perfect one, and the Nash equilibrium
    # resting on B's non-credible Fight is set aside and counted.
    auto = solve(game, exact=True)
    assert auto.method == "pbe" and len(auto.equilibria) == 1
    assert auto.equilibria[0].behavior["A"]["root"]["Go"] == 1
    assert auto.extra["set_aside"]["non_credible_threats"] >= 1


def test_overrides_change_the_tree_numbers() -> None:
    """--set p=1/2 makes the chance move 1/2-1/2."""
    game = compile_text("""tree:
  chance: {x: p, y: 1 - p}
  actions:
    x: [1, 0]
    y: [0, 1]
""", {"p": "1/2"})
    assert game.nodes[0].exact_probabilities == (F(1, 2), F(1, 2))


@pytest.mark.parametrize(
    "body, line, path, message",
    [
        ("tree:\n  player: Z\n  actions: {a: [0, 0]}\n", 8, "tree.player", "unknown player 'Z'"),
        ("tree:\n  chance: {a: p, b: p}\n  actions: {a: [0, 0], b: [1, 1]}\n", 8,
         "tree.chance", "sum to 1/2, not 1"),
        ("tree:\n  chance: {a: -p, b: 1 + p}\n  actions: {a: [0, 0], b: [1, 1]}\n", 8,
         "tree.chance.a", "negative"),
        ("tree:\n  chance: {a: 1}\n  actions: {b: [0, 0]}\n", 8, "tree.chance",
         "must be the actions' labels"),
        ("tree:\n  player: A\n  actions: {a: [0, 0, 1]}\n", 9, "tree.actions.a",
         "expected 2 payoffs"),
        ("tree:\n  player: A\n  actions: {a: {payoffs: {A: 1, C: 2}}}\n", 9,
         "tree.actions.a.payoffs.C", "unknown player 'C'"),
        ("tree:\n  player: A\n  actions: {a: missing}\n", 9, "tree.actions.a",
         "unknown node 'missing'"),
        ("tree:\n  player: A\n  actions: {a: n, b: n}\nnodes:\n  n: [0, 0]\n", 9,
         "tree.actions.b", "used twice"),
        ("tree:\n  player: A\n  actions: {a: [0, 0]}\nnodes:\n  n: [0, 0]\n", 11,
         "nodes.n", "never used"),
        ("tree:\n  player: A\n  actions: {a: [0, 0]}\n  payoffs: [1, 1]\n", 7, "tree",
         "found player, payoffs"),
        ("tree:\n  player: A\n  actions: {a: {payoffs: [0, 0], outcome: oops}}\n"
         "outcomes: [war]\n", 9, "tree.actions.a.outcome", "unknown outcome label 'oops'"),
        ("tree:\n  player: A\n  actions: {a: [0, q]}\n", 9, "tree.actions.a[1]",
         "q"),
    ],
)
def test_errors_are_located(body: str, line: int, path: str, message: str) -> None:
    """Each mistake is reported at its key with a message naming what is wrong."""
    err = error_of(body)
    assert message in err.message
    assert err.file == "tree.yaml" and err.line == line and err.path == path


def test_information_set_with_different_actions_names_both_nodes() -> None:
    """B's set 'I' has nodes offering (x, y) and (x, z): the error names both nodes."""
    err = error_of("""tree:
  player: A
  actions:
    L:
      player: B
      infoset: I
      actions: {x: [0, 0], y: [1, 1]}
    R:
      player: B
      infoset: I
      actions: {x: [0, 0], z: [1, 1]}
""")
    assert "nodes 'L' (tree.actions.L) and 'R' have different actions" in err.message
    assert err.path == "tree.actions.R.actions" and err.line == 17


def test_perfect_recall_violation_is_located() -> None:
    """A's second set 'J' holds the node after L and the node after R: A would forget its
    own first move. The error points at the second node and names both."""
    err = error_of("""tree:
  player: A
  actions:
    L:
      player: A
      infoset: J
      actions: {x: [0, 0], y: [1, 1]}
    R:
      player: A
      infoset: J
      actions: {x: [1, 0], y: [0, 1]}
""")
    assert "perfect recall fails" in err.message and "'L' and 'R'" in err.message
    assert err.path == "tree.actions.R" and err.line == 14


def test_several_bad_expressions_are_reported_together() -> None:
    """Two unknown names in payoffs give two errors in one pass."""
    with pytest.raises(SpecErrors) as info:
        compile_text("tree:\n  player: A\n  actions: {a: [u, 0], b: [0, v]}\n")
    assert len(info.value.errors) == 2


def _structure(game):
    rows = []
    for node in game.nodes:
        row = [node.name, node.kind, node.parent, node.action, node.actions, node.outcome,
               node.exact_payoffs, node.exact_probabilities]
        if node.kind == "decision":
            s = game.infosets[node.infoset]
            row += [game.players[s.player], s.name]
        rows.append(row)
    return rows


def test_trees_written_as_yaml_compile_back_to_the_same_game() -> None:
    """The catalog trees, 10 random trees and a 60-level chain (continued under 'nodes:'
    every 25 levels) are written as kind: extensive YAML and compiled back: same nodes,
    names, information sets, exact payoffs, probabilities and labels."""
    from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal
    from alliance_games.games.random_extensive import random_extensive_game
    from alliance_games.interop.yaml_extensive import extensive_to_yaml
    from alliance_games.modeling.loader import load

    games = [load(ref) for ref in ("extended_deterrence/unilateral_deterrence",
                                   "extended_deterrence/extended_deterrence_triad",
                                   "alliance/abandonment_entrapment")]
    games += [random_extensive_game(s, leaves=30, chance=0.3, max_infoset=3,
                                    chance_root=s % 2 == 0) for s in range(10)]
    node = Terminal((0, 0))
    for k in range(60):
        node = Decision("A" if k % 2 else "B", {"stop": Terminal((k, -k)), "go": node})
    games.append(ExtensiveFormGame.from_tree(node, players=("A", "B")))
    for game in games:
        text = extensive_to_yaml(game)
        back = compile_spec(load_spec(text, "back.yaml"))
        assert _structure(back) == _structure(game)
        assert back.players == game.players
    assert "nodes:" in extensive_to_yaml(games[-1])
