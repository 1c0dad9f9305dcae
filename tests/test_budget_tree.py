"""Budgets on trees, deep trees, fast Gambit loading, and robust vertex enumeration.

Issue 8: ``auto`` on a signaling tree whose reduced normal form does not fit must fall
back instead of dying with MemoryError; deep trees load in linear memory without
RecursionError; a singular basis in the float vertex enumeration (irrational payoffs on a
highly degenerate PBE subproblem) must not crash the solver.
"""

from __future__ import annotations

import math

import pytest
from click.testing import CliRunner

from alliance_games import load
from alliance_games.cli import cli
from alliance_games.solvers.dispatch import solve
from alliance_games.solvers.signaling.pbe import verify_assessment


# ---------------------------------------------------------------------- LinAlgError
def _defender(eq):
    return {h: dict(d) for h, d in eq.behavior["Defender"].items()}


def test_audience_costs_with_irrational_war_cost_is_solved():
    """``--set war_cost_determined=E`` used to raise LinAlgError (singular basis).

    Cross-check: the determined challenger's war payoff is ``3/2 - c``; for every
    ``c < 5/2`` it is above backing down (``-1``) and below the defender yielding (3), so
    no player's preferences change between ``c = 2`` (rational) and ``c = e``: the PBE are
    the same behavior profiles. Only the challenger's payoff moves, by
    ``-P(war with a determined challenger) (c - 2)``; war with the determined type has
    probability ``0.3 * 0.4 = 0.12`` in both equilibria (the resolute defender fights, the
    irresolute one yields), so the challenger gets ``0.76 - 0.12 (e - 2) = 1 - 0.12 e``.
    """
    game_e = load("extended_deterrence/audience_costs", {"war_cost_determined": "E"})
    game_2 = load("extended_deterrence/audience_costs", {"war_cost_determined": "2"})
    res_e = solve(game_e)
    res_2 = solve(game_2)
    assert res_e.method == "pbe"
    assert len(res_e.equilibria) == len(res_2.equilibria) == 2
    kinds = sorted(e.extra["kind"] for e in res_e.equilibria)
    assert kinds == ["pooling", "semi-separating"]
    for eq_e, eq_2 in zip(res_e.equilibria, res_2.equilibria, strict=True):
        assert eq_e.regret <= 1e-9
        for h, dist in _defender(eq_e).items():
            for a, p in dist.items():
                assert p == pytest.approx(_defender(eq_2)[h][a], abs=1e-12)
        assert eq_e.payoffs["Challenger"] == pytest.approx(1 - 0.12 * math.e, abs=1e-12)
        assert eq_2.payoffs["Challenger"] == pytest.approx(0.76, abs=1e-12)
        # an independent PBE check of the returned profile on the irrational tree
        table = game_e.behavior_table(eq_e.behavior)
        assert verify_assessment(game_e, table) is not None
    semi = next(e for e in res_e.equilibria if e.extra["kind"] == "semi-separating")
    # the model's notes: the irresolute type escalates w.p. 5/12, a bluff is called w.p. 3/20
    assert semi.behavior["Defender"]["Irresolute"]["Escalate publicly"] == pytest.approx(5 / 12)
    assert semi.extra["probabilities"]["P(bluff called)"] == pytest.approx(3 / 20)


def test_audience_costs_irrational_cli_exit_zero():
    result = CliRunner().invoke(
        cli, ["solve", "extended_deterrence/audience_costs", "--set",
              "war_cost_determined=E", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"regret": 0' in result.output


def test_float_vertex_enumeration_falls_back_on_a_singular_basis(monkeypatch):
    """The polytope that broke down: floats give exactly the vertices computed in
    rationals on the same (binary) numbers, flagged delicate."""
    from fractions import Fraction

    import numpy as np

    from alliance_games.solvers.kernels import polytope as _polytope
    from alliance_games.solvers.normal import vertex_enumeration

    seen = []
    real = vertex_enumeration.vertices_float

    def record(matrix, **kw):
        seen.append(np.array(matrix, dtype=float))
        return real(matrix, **kw)

    monkeypatch.setattr(vertex_enumeration, "vertices_float", record)
    solve(load("extended_deterrence/audience_costs", {"war_cost_determined": "E"}))
    broke = [m for m in seen if _polytope.vertices_float(m).exact_coordinates is not None]
    assert broke, "no polytope needed the exact fallback"
    for m in broke:
        flt = _polytope.vertices_float(m)
        ref = _polytope.vertices_exact([[Fraction(float(x)) for x in row] for row in m])
        assert flt.delicate and flt.complete
        assert {r.tobytes() for r in flt.tight} == {r.tobytes() for r in ref.tight}


# ---------------------------------------------------------------------- deep trees
DEPTH = 10_000


def _chain_efg(depth: int) -> str:
    """A centipede-like chain: at depth d the mover (A, B alternating) stops, ending the
    game with payoffs (d, -d), or goes on; the last 'go' pays (0, 0). No labels."""
    lines = ['EFG 2 R "chain" { "A" "B" }', '""', ""]
    for d in range(depth):
        lines.append(f'p "" {d % 2 + 1} {d // 2 + 1} "" {{ "stop" "go" }} 0')
        lines.append(f't "" {d + 1} "" {{ {d}, {-d} }}')
    lines.append(f't "" {depth + 1} "" {{ 0, 0 }}')
    return "\n".join(lines) + "\n"


def _chain_yaml(depth: int) -> str:
    """The same chain as a YAML spec with one named node per move."""
    out = ["kind: extensive", "players: [A, B]", "tree: n0", "nodes:"]
    for d in range(depth):
        nxt = f"n{d + 1}" if d + 1 < depth else "[0, 0]"
        out.append(f"  n{d}: {{player: {'AB'[d % 2]}, actions: {{stop: [{d}, {-d}], "
                   f"go: {nxt}}}}}")
    return "\n".join(out) + "\n"


def _check_chain(game, depth: int) -> None:
    assert len(game.nodes) == 2 * depth + 1
    assert len(game.infosets) == depth
    # payoffs of the deepest 'stop' and the final leaf, read back exactly
    assert game.nodes[-2].exact_payoffs == (depth - 1, -(depth - 1))
    assert game.nodes[-1].exact_payoffs == (0, 0)
    names = [n.name for n in game.nodes]
    assert len(set(names)) == len(names)
    assert max(map(len, names)) < 200  # deep nodes get shortened path names


def test_deep_chain_efg_loads(tmp_path):
    path = tmp_path / "chain.efg"
    path.write_text(_chain_efg(DEPTH))
    game = load(str(path))
    _check_chain(game, DEPTH)
    # the generated name of the last 'stop' node: 8 first labels, the count left out,
    # 8 last labels (9,999 'go' then 'stop' = 10,000 actions; 10,000 - 16 skipped)
    assert game.nodes[-2].name == "/".join(["go"] * 8) + "/...(9984 more)/" + "/".join(
        ["go"] * 7 + ["stop"])
    # a shallow node keeps its whole path
    assert game.nodes[5].name == "go/go/stop"


def test_deep_chain_yaml_loads_and_validates(tmp_path):
    path = tmp_path / "chain.yaml"
    path.write_text(_chain_yaml(DEPTH))
    game = load(str(path))
    _check_chain(game, DEPTH)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "is valid" in result.output


def test_deep_chain_backward_induction():
    """Backward induction on a chain of 1,000 moves (iterative, no RecursionError).

    Stopping at depth d pays (d, -d); the end pays (0, 0). B moves last (d = 999):
    -999 < 0, B goes on. A at d = 998: 998 > 0, A stops. B at any odd d <= 997 then
    compares -d with -(d + 1) (A stops or, going back, B stops next time): B stops. A at
    any even d <= 996 compares d with d + 1 (B stops next): A goes on. So A goes on
    everywhere but at d = 998 (its set 500), B stops everywhere but at d = 999 (its set
    500), and play ends at d = 1 with payoffs (1, -1)."""
    from alliance_games.interop.efg import read_efg

    depth = 1_000
    game = read_efg(_chain_efg(depth))
    result = solve(game, "spe")
    assert result.complete and len(result.equilibria) == 1
    eq = result.equilibria[0]
    a, b = eq.behavior["A"], eq.behavior["B"]
    assert a["500"]["stop"] == 1 and b["500"]["go"] == 1
    assert all(a[str(k)]["go"] == 1 for k in range(1, 500))
    assert all(b[str(k)]["stop"] == 1 for k in range(1, 500))
    assert (eq.payoffs["A"], eq.payoffs["B"]) == (1, -1)


# ---------------------------------------------------------------------- budgets
def _signaling_15(n_types: int = 3):
    """A sender with 3 types and 15 information sets (3 type sets, then a response set
    per type, message and receiver action), a receiver of 2 types (4 sets).

    Reduced strategies: per sender type, 2 messages x 2 responses at each of the 2
    receiver actions = 8, so 8^3 = 512 plans; the receiver 2^4 = 16. No action can be
    pruned: the sender's response f pays 2 against receiver type D and 0 against O, y
    the reverse (each optimal for some belief), so the reduced normal form is
    512 x 16 = 8,192 profiles."""
    from fractions import Fraction

    from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal

    def leaf(t, m, a, rt, r):
        sender = 2 if (r == "f") == (rt == "D") else 0
        receiver = (t + (m == "m1") + (a == "r1")) % 3 - 1
        return Terminal((sender, receiver))

    def sender(t, rt):
        return Decision("Sender", {
            m: Decision("Receiver", {
                a: Decision("Sender", {r: leaf(t, m, a, rt, r) for r in ("f", "y")},
                            infoset=f"t{t} after {m}, {a}")
                for a in ("r0", "r1")}, infoset=f"{rt} after {m}")
            for m in ("m0", "m1")}, infoset=f"t{t}")

    root = Chance({f"t{t}": (Fraction(1, n_types), Chance(
        {rt: (Fraction(1, 2), sender(t, rt)) for rt in ("D", "O")}, name=f"t{t}"))
        for t in range(n_types)})
    return ExtensiveFormGame.from_tree(root, players=("Sender", "Receiver"),
                                       name="signaling, 15 sender sets",
                                       info={"kind": "signaling"})


def test_signaling_tree_has_the_stated_size():
    from alliance_games.games.reduced import reduced_shape

    game = _signaling_15()
    assert [len(h) for h in game.player_infosets] == [15, 4]
    assert reduced_shape(game) == (512, 16)


def test_reduced_normal_form_refused_with_its_estimate():
    """8,192 profiles x 2 players x 160 bytes (exact entries) = 2,621,440 bytes, plus the
    plans 512 x 15 x 100 + 16 x 4 x 100 = 774,400 bytes: 3,395,840 bytes = 3.2 MiB."""
    from alliance_games.budget import Budget, BudgetExceeded
    from alliance_games.games.reduced import estimate_bytes, reduced_normal_form

    game = _signaling_15()
    assert estimate_bytes(game) == 3_395_840
    with pytest.raises(BudgetExceeded) as info:
        reduced_normal_form(game, Budget.start(memory="1M"))
    message = str(info.value)
    assert "512 x 16 = 8192 pure profiles" in message and "3.2 MiB" in message
    assert info.value.kind == "memory"
    # with room it is built, and has the counted shape
    assert reduced_normal_form(game, Budget.start(memory="64M")).game.shape == (512, 16)


def test_enumerate_over_budget_is_incomplete_with_the_reason():
    from alliance_games.solvers.tree.methods import solve_extensive

    result = solve_extensive(_signaling_15(), "enumerate", memory="1M")
    assert result.equilibria == () and not result.complete
    assert "3.2 MiB" in result.diagnostics[0]


def test_pbe_over_budget_falls_back_to_one_verified_equilibrium():
    """PBE enumeration needs the reduced normal form; under a 1 MiB budget it does not
    fit, and with ``fallback`` (what ``auto`` asks for) sequence-form Lemke returns one
    equilibrium, verified on the tree (regret 0) and marked incomplete."""
    from alliance_games.solvers.signaling.pbe import solve_pbe

    game = _signaling_15()
    result = solve_pbe(game, memory="1M", fallback=True)
    assert result.method == "sequence-lcp" and not result.complete
    assert len(result.equilibria) == 1 and result.equilibria[0].regret <= 1e-9
    assert "3.2 MiB" in result.diagnostics[0]
    assert "fell back to sequence-lcp" in result.diagnostics[0]
    assert result.extra["fallback"]["method"] == "sequence-lcp"
    assert any("perfect Bayesian equilibrium" in d for d in result.diagnostics)
    # without fallback: nothing, incomplete, the reason
    bare = solve_pbe(game, memory="1M")
    assert bare.method == "pbe" and bare.equilibria == () and not bare.complete
    assert "3.2 MiB" in bare.diagnostics[0]


def test_fallback_for_three_players_is_the_logit_qre():
    """More than two players: no sequence-form Lemke, so the fallback is the logit QRE
    (here a 3-player game where each player's only move is one simultaneous choice)."""
    from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal
    from alliance_games.solvers.tree.methods import over_budget_fallback

    def p3(a, b):
        return Decision("C", {c: Terminal((int(a == c), int(b == c), int(a != b)))
                              for c in ("x", "y")}, infoset="C")

    game = ExtensiveFormGame.from_tree(
        Decision("A", {a: Decision("B", {b: p3(a, b) for b in ("x", "y")}, infoset="B")
                       for a in ("x", "y")}),
        players=("A", "B", "C"))
    result = over_budget_fallback(game, "the reduced normal form would need 9 GiB")
    assert result.method == "qre" and not result.complete
    assert result.diagnostics[0].startswith("the reduced normal form would need 9 GiB: "
                                            "'auto' fell back to qre")
    assert result.equilibria and all(e.regret <= 1e-6 for e in result.equilibria)


def test_pbe_on_a_deep_chain_sizes_its_tables_first():
    """The PBE search keeps, per information set, the sets below it: on a chain of D
    moves the node at depth d has a subtree of 2 (D - d) + 1 nodes, so the table has
    sum_d (2 (D - d) + 1) = D^2 + 2 D entries, 1,002,000 for D = 1,000 (60 bytes each:
    57 MiB, over a 1 MiB budget). Refused up front, with the count."""
    from alliance_games.interop.efg import read_efg
    from alliance_games.solvers.signaling.pbe import solve_pbe

    result = solve_pbe(read_efg(_chain_efg(1_000)), memory="1M")
    assert result.equilibria == () and not result.complete
    assert "(1002000 entries)" in result.diagnostics[0]
