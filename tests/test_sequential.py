"""Sequential equilibrium (Kreps & Wilson 1982) as a test of the PBE classes.

The library decides consistency by ranks and weights of trembles
(:mod:`alliance_games.solvers.tree.sequential`). The independent check here builds the
tremble sequence ``b^ε(a) = c_a ε^{κ_a}`` (unplayed actions) and ``b(a)(1 - Σ)``
(played ones) explicitly from the witness, computes the Bayes beliefs at every
information set for ε = 1e-3 and 1e-6 by brute force over the tree's nodes, and checks
that they converge to the reported beliefs and that those beliefs make the played
actions optimal. pygambit confirms that every class is a Nash equilibrium of the tree.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import pytest
from oracles import behavior_max_regret

from alliance_games import load, solve
from alliance_games.games.extensive import (
    CHANCE,
    Chance,
    Decision,
    ExtensiveFormGame,
    Terminal,
)
from alliance_games.solvers.signaling.assessment import verify_assessment
from alliance_games.solvers.signaling.pbe import solve_pbe
from alliance_games.solvers.tree.behavior import node_values
from alliance_games.solvers.tree.sequential import SequentialVerdict, sequential_test


def third_party_game(after_l: int = 1, after_r: int = -1) -> ExtensiveFormGame:
    """E chooses In (payoffs 0 to all) or Out; after Out, F, who does not see chance's
    draw a or b (1/2 each), picks l (E gets 1, F 0) or r (E gets -1; F gets 1 against a,
    -2 against b).

    Derivation. E's Out is worth 1 if F plays l and -1 if r, In is worth 0.
    Sequential: F's set is reached only through E's Out, the same deviation at a and b, so
    any consistent belief is the prior (1/2, 1/2): r is worth 1/2 - 1 = -1/2 < 0, F plays
    l, and E goes Out (1 > 0): the one sequential equilibrium, outcome "l".
    Weak PBE: if E goes In, F's set is off the path and its belief is free; r is optimal
    for μ(a) ≥ 2/3 (μ - 2(1-μ) ≥ 0), and then In (0 > -1) is optimal: a second PBE
    class, "E stays in", that is a weak PBE only.
    """
    def branch(t: str) -> Decision:
        return Decision("E", {
            "Out": Decision("F", {"l": Terminal((after_l, 0), "l"),
                                  "r": Terminal((after_r, 1 if t == "a" else -2), "r")},
                            infoset="f"),
            "In": Terminal((0, 0), "stay in")}, infoset="e")
    return ExtensiveFormGame.from_tree(
        Chance({"a": (F(1, 2), branch("a")), "b": (F(1, 2), branch("b"))}),
        players=("E", "F"), name="third party")


def _tremble_beliefs(game: ExtensiveFormGame, table: list[tuple[Any, ...]],
                     verdict: SequentialVerdict, eps: float) -> dict[int, list[float]]:
    """Bayes beliefs at every multi-node set under the explicit trembles of ``verdict``."""
    probs: list[list[float]] = []
    for h, row in enumerate(table):
        off = {a: verdict.weights.get((h, a), 1.0) * eps ** verdict.ranks.get((h, a), 1.0)
               for a, p in enumerate(row) if p == 0}
        mass = sum(off.values())
        probs.append([off[a] if a in off else float(p) * (1 - mass)
                      for a, p in enumerate(row)])
    reach = [0.0] * len(game.nodes)
    reach[0] = 1.0
    for v, node in enumerate(game.nodes):
        for a, c in enumerate(node.children):
            if node.kind == CHANCE:
                reach[c] = reach[v] * float(node.probabilities[a])
            else:
                assert node.infoset is not None
                reach[c] = reach[v] * probs[node.infoset][a]
    out = {}
    for h, s in enumerate(game.infosets):
        if len(s.members) > 1:
            total = sum(reach[v] for v in s.members)
            out[h] = [reach[v] / total for v in s.members]
    return out


def check_witness(game: ExtensiveFormGame, table: list[tuple[Any, ...]],
                  verdict: SequentialVerdict) -> None:
    """The witness's trembles give Bayes beliefs converging to the reported ones, and
    those limit beliefs make the played actions optimal (sequential rationality)."""
    assert verdict.sequential is True
    coarse = _tremble_beliefs(game, table, verdict, 1e-3)
    fine = _tremble_beliefs(game, table, verdict, 1e-6)
    values = node_values(game, [tuple(float(p) for p in t) for t in table], False)
    for h, mu in verdict.beliefs.items():
        assert max(abs(x - y) for x, y in zip(fine[h], mu, strict=True)) < 1e-4
        # converging: the finer ε is at least as close
        assert (max(abs(x - y) for x, y in zip(fine[h], mu, strict=True))
                <= max(abs(x - y) for x, y in zip(coarse[h], mu, strict=True)) + 1e-12)
        s = game.infosets[h]
        worth = [sum(mu[j] * values[game.nodes[v].children[a]][s.player]
                     for j, v in enumerate(s.members)) for a in range(len(s.actions))]
        best = max(worth)
        for a, p in enumerate(table[h]):
            if p:
                assert worth[a] >= best - 1e-9, (s.name, worth)


def test_third_party_game_has_a_weak_pbe_only_class() -> None:
    """See :func:`third_party_game`: two PBE classes, (Out, l) sequential and (In, r)
    weak PBE only; ``refine="sequential"`` keeps the first and names the second."""
    g = third_party_game()
    r = solve_pbe(g, exact=True)
    by_outcome = {next(iter(eq.outcomes)): eq for eq in r.equilibria}
    assert set(by_outcome) == {"l", "stay in"}
    assert by_outcome["l"].extra["sequential"] is True
    weak = by_outcome["stay in"]
    assert weak.extra["sequential"] is False
    assert "weak PBE only" in weak.extra["description"]
    assert "weak PBE only" in weak.extra["sequential_reason"]
    kept = solve_pbe(g, exact=True, refine="sequential")
    assert [next(iter(eq.outcomes)) for eq in kept.equilibria] == ["l"]
    assert kept.extra["eliminated"][0]["outcomes"] == {"stay in": 1}
    assert any("sequential-equilibrium test" in d for d in kept.diagnostics)
    for eq in r.equilibria:   # both are Nash equilibria of the tree (pygambit)
        assert behavior_max_regret(g, eq.behavior) == 0


def test_third_party_witness_is_the_prior() -> None:
    """With E indifferent after Out (payoff 0 after l and r), (In, l) is a PBE with F's
    set off the path; the consistent belief there is the prior (1/2, 1/2), under which l
    (0) beats r (1/2 - 1 = -1/2): sequential, with the witness rebuilt by trembles.
    (In, r) is a PBE only with μ(a) ≥ 2/3: not sequential."""
    g = third_party_game(0, 0)
    table = [(F(0), F(1)), (F(1), F(0))]   # E: In; F: l
    assert verify_assessment(g, table, exact=True) is not None
    verdict = sequential_test(g, table, exact=True)
    check_witness(g, table, verdict)
    (mu,) = verdict.beliefs.values()
    assert mu == pytest.approx((0.5, 0.5))
    bad = [(F(0), F(1)), (F(0), F(1))]     # E: In; F: r (needs μ(a) ≥ 2/3)
    assert verify_assessment(g, bad, exact=True) is not None
    assert sequential_test(g, bad, exact=True).sequential is False


def signaling_models() -> list[str]:
    return ["extended_deterrence/tying_hands", "extended_deterrence/sinking_costs",
            "extended_deterrence/audience_costs", "alliance/alliance_reliability"]


@pytest.mark.oracle
@pytest.mark.parametrize("model", signaling_models())
def test_one_stage_signaling_pbe_are_sequential(model: str) -> None:
    """In a one-stage signaling game (chance draws the type, the sender's message, the
    receiver's reply) every weak PBE is sequential: at a receiver's set after an unsent
    message the nodes are reached through one unplayed action of each type (different
    actions), so ranks and weights are free and every belief is a limit of Bayes
    beliefs (Fudenberg & Tirole 1991, sec. 8.2.3). Every class here is marked
    sequential, its witness passes the tremble check, and pygambit finds it a Nash
    equilibrium."""
    game = load(model)
    r = solve(game, "pbe", exact=True)
    assert r.equilibria
    for eq in r.equilibria:
        assert eq.extra["sequential"] is True
        table = game.behavior_table(eq.behavior, exact=True)
        verdict = sequential_test(game, table, exact=True)
        check_witness(game, table, verdict)
        assert behavior_max_regret(game, eq.behavior) == 0


def test_refine_sequential_through_the_registry() -> None:
    """``--option refine=sequential`` reaches solve_pbe through the registry."""
    g = third_party_game()
    r = solve(g, "pbe", refine="sequential", exact=True)
    assert len(r.equilibria) == 1 and r.extra["refinement"] == "sequential"


def test_json_carries_sequential_flag() -> None:
    """Each assessment in the JSON says ``sequential`` with its reason (under
    ``analysis``)."""
    from alliance_games.report.json import result_to_dict

    doc = result_to_dict(solve_pbe(third_party_game(), exact=True))
    flags = sorted(str(e["analysis"]["sequential"]) for e in doc["equilibria"])
    assert flags == ["False", "True"]
    assert all(e["analysis"]["sequential_reason"] for e in doc["equilibria"])


@pytest.mark.parametrize("seed", range(12))
def test_random_one_stage_signaling_pbe_are_sequential(seed: int) -> None:
    """Random two- and three-type sender-receiver games (tests/gamegen.py): every PBE
    class is sequential (see :func:`test_one_stage_signaling_pbe_are_sequential` for
    why), and the witness passes the independent tremble check."""
    from gamegen import random_signaling

    game = random_signaling(seed, n_types=2 + seed % 2).game
    r = solve_pbe(game, exact=True)
    for eq in r.equilibria:
        assert eq.extra["sequential"] is True, eq.extra["sequential_reason"]
        table = game.behavior_table(eq.behavior, exact=True)
        check_witness(game, table, sequential_test(game, table, exact=True))
