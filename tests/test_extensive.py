"""Extensive-form games: representation, reduced normal form, sequence form, solvers.

Every expected value below is derived by hand in the test's docstring.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from alliance_games.errors import GameError, SolverError
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers.tree.backward_induction import backward_induction
from alliance_games.solvers.tree.behavior import make_behavior_equilibrium, player_regrets
from alliance_games.solvers.tree.methods import solve_extensive


# ---------------------------------------------------------------------- fixtures
def entry_game() -> ExtensiveFormGame:
    """Selten's (1978) one-market chain store game."""
    return ExtensiveFormGame.from_tree(
        Decision("Entrant", {
            "Out": Terminal((0, 2), "no entry"),
            "In": Decision("Incumbent", {
                "Fight": Terminal((-1, -1), "war"),
                "Accommodate": Terminal((1, 1), "accommodation"),
            }),
        }),
        players=("Entrant", "Incumbent"), name="entry",
    )


def pennies_tree() -> ExtensiveFormGame:
    """Matching pennies with the second mover not seeing the first move."""
    def p2(a: int) -> Decision:
        return Decision("P2", {
            "H": Terminal((1, -1) if a == 0 else (-1, 1), "match" if a == 0 else "mismatch"),
            "T": Terminal((-1, 1) if a == 0 else (1, -1), "mismatch" if a == 0 else "match"),
        }, infoset="guess")
    return ExtensiveFormGame.from_tree(
        Decision("P1", {"H": p2(0), "T": p2(1)}), players=("P1", "P2"), name="pennies"
    )


def battle_subgame() -> ExtensiveFormGame:
    """Outside option (2, 2), or a simultaneous battle of the sexes."""
    def col(first: str) -> Decision:
        pays = {("F", "F"): (3, 1), ("F", "O"): (0, 0), ("O", "F"): (0, 0), ("O", "O"): (1, 3)}
        labels = {("F", "F"): "coordinate F", ("O", "O"): "coordinate O"}
        return Decision("P2", {
            b: Terminal(pays[(first, b)], labels.get((first, b), "miscoordination"))
            for b in ("F", "O")
        }, infoset="P2 choice")
    return ExtensiveFormGame.from_tree(
        Decision("P1", {
            "Out": Terminal((2, 2), "outside option"),
            "In": Decision("P1", {"F": col("F"), "O": col("O")}, name="battle"),
        }),
        players=("P1", "P2"), name="battle with outside option",
    )


# ---------------------------------------------------------------------- representation
def test_flattening_names_and_subtrees() -> None:
    """Preorder: root, Out, In, In/Fight, In/Accommodate; names from the action path;
    subtree sizes 5, 1, 3, 1, 1; two singleton information sets."""
    g = entry_game()
    assert [n.name for n in g.nodes] == ["root", "Out", "In", "In/Fight", "In/Accommodate"]
    assert g.subtree_size == (5, 1, 3, 1, 1)
    assert [s.name for s in g.infosets] == ["root", "In"]
    assert g.is_perfect_information and g.is_exact and g.has_perfect_recall
    assert g.subgames() == ["root", "In"]


def test_infoset_with_different_actions_is_rejected() -> None:
    """Two nodes of one information set must offer the same actions; the message names both."""
    with pytest.raises(GameError, match=r"nodes 'H' and 'T' have different actions"):
        ExtensiveFormGame.from_tree(
            Decision("P1", {
                "H": Decision("P2", {"x": Terminal((0, 0)), "y": Terminal((0, 0))},
                              infoset="I", name="H"),
                "T": Decision("P2", {"x": Terminal((0, 0)), "z": Terminal((0, 0))},
                              infoset="I", name="T"),
            }),
            players=("P1", "P2"),
        )


def test_unknown_player_and_bad_chance_are_rejected() -> None:
    """An unknown mover, and chance probabilities 1/2 + 1/3 != 1, are errors."""
    with pytest.raises(GameError, match="unknown player 'Z'"):
        ExtensiveFormGame.from_tree(Decision("Z", {"a": Terminal((0,))}), players=("A",))
    with pytest.raises(GameError, match="sum to 5/6"):
        ExtensiveFormGame.from_tree(
            Chance({"a": (F(1, 2), Terminal((0,))), "b": (F(1, 3), Terminal((1,)))}),
            players=("A",),
        )


def test_perfect_recall_violation_is_named() -> None:
    """P1 moves L/R, then moves again at one set containing the nodes after L and after R:
    P1 forgets its own first move, so perfect recall fails; the message names both nodes."""
    g = ExtensiveFormGame.from_tree(
        Decision("P1", {
            "L": Decision("P1", {"a": Terminal((1,)), "b": Terminal((0,))}, infoset="J"),
            "R": Decision("P1", {"a": Terminal((0,)), "b": Terminal((1,))}, infoset="J"),
        }),
        players=("P1",),
    )
    problems = g.perfect_recall_violations()
    assert len(problems) == 1
    assert "'L'" in problems[0] and "'R'" in problems[0]
    with pytest.raises(SolverError, match="perfect recall"):
        solve_extensive(g)


def test_reach_probabilities_and_bayes_beliefs() -> None:
    """Beer-quiche skeleton: Strong w.p. 1/3, Weak 2/3; the sender knows its type.
    Strong drinks beer; Weak drinks beer w.p. 1/2. Then P(beer) = 1/3 + 2/3 * 1/2 = 2/3,
    belief(Strong | beer) = (1/3) / (2/3) = 1/2; P(quiche) = 1/3, all from Weak, so
    belief(Weak | quiche) = 1."""
    def receiver(t: str, m: str) -> Decision:
        return Decision("Receiver", {"Duel": Terminal((0, 1 if t == "W" else -1)),
                                     "Defer": Terminal((1, 0))},
                        infoset=f"after {m}", name=f"{t}{m}")
    g = ExtensiveFormGame.from_tree(
        Chance({
            "Strong": (F(1, 3), Decision("Sender", {"Beer": receiver("S", "beer"),
                                                    "Quiche": receiver("S", "quiche")},
                                         infoset="strong")),
            "Weak": (F(2, 3), Decision("Sender", {"Beer": receiver("W", "beer"),
                                                  "Quiche": receiver("W", "quiche")},
                                       infoset="weak")),
        }),
        players=("Sender", "Receiver"),
    )
    behavior = {
        "Sender": {"strong": {"Beer": 1}, "weak": {"Beer": F(1, 2), "Quiche": F(1, 2)}},
        "Receiver": {"after beer": {"Defer": 1}, "after quiche": {"Duel": 1}},
    }
    reach = g.reach_probabilities(behavior, exact=True)
    assert reach["Sbeer"] == F(1, 3) and reach["Wbeer"] == F(1, 3)
    assert reach["Squiche"] == 0 and reach["Wquiche"] == F(1, 3)
    beliefs = g.beliefs(behavior, exact=True)
    assert beliefs["Receiver"]["after beer"] == {"Sbeer": F(1, 2), "Wbeer": F(1, 2)}
    assert beliefs["Receiver"]["after quiche"] == {"Squiche": 0, "Wquiche": 1}


# ---------------------------------------------------------------------- reduced form
def test_reduced_normal_form_names_and_payoffs() -> None:
    """Unilateral deterrence skeleton: Challenger SQ / Initiate; Defender Concede / Resist;
    Challenger Back down / Fight. The Challenger's reduced strategies merge the two SQ
    strategies: SQ, Initiate/Back down, Initiate/Fight (3, not 4). Payoffs at
    (Initiate/Fight, Resist) are the war payoffs (1, 2)."""
    g = ExtensiveFormGame.from_tree(
        Decision("Challenger", {
            "SQ": Terminal((3, 4), "status quo"),
            "Initiate": Decision("Defender", {
                "Concede": Terminal((4, 1), "capitulation"),
                "Resist": Decision("Challenger", {
                    "Back down": Terminal((2, 3), "backdown"),
                    "Fight": Terminal((1, 2), "war"),
                }),
            }),
        }),
        players=("Challenger", "Defender"),
    )
    nf = g.as_normal_form()
    assert nf.strategies == (("SQ", "Initiate/Back down", "Initiate/Fight"),
                             ("Concede", "Resist"))
    assert nf.payoff_vector((2, 1)) == (F(1), F(2))
    assert nf.payoff_vector((0, 1)) == (F(3), F(4))
    assert nf.outcomes[(2, 1)] == "war" and nf.outcomes[(0, 0)] == "status quo"


def test_reduced_normal_form_with_chance_keeps_distributions() -> None:
    """A lottery (1/4 win, 3/4 loss) after 'Gamble': the pure profile leads to two labels,
    so the normal form has no single label there, and the distribution is kept aside."""
    g = ExtensiveFormGame.from_tree(
        Decision("A", {
            "Safe": Terminal((1,), "safe"),
            "Gamble": Chance({"win": (F(1, 4), Terminal((4,), "win")),
                              "loss": (F(3, 4), Terminal((0,), "loss"))}),
        }),
        players=("A",),
    )
    rnf = g.reduced_normal_form()
    assert (1,) not in rnf.game.outcomes
    assert dict(rnf.outcome_distributions[(1,)]) == {"win": F(1, 4), "loss": F(3, 4)}
    assert rnf.game.payoff_vector((1,)) == (F(1),)


# ---------------------------------------------------------------------- sequence form
def test_sequence_form_of_matching_pennies() -> None:
    """Each player has sequences (empty, H, T); E = [[1, 0, 0], [-1, 1, 1]]; A[H, H] = 1,
    A[H, T] = -1, B = -A (zero-sum)."""
    sf = pennies_tree().sequence_form()
    E, Fm = sf.constraints
    assert E.toarray().tolist() == [[1, 0, 0], [-1, 1, 1]]
    assert Fm.toarray().tolist() == [[1, 0, 0], [-1, 1, 1]]
    A, B = sf.payoff_matrices()
    assert A.toarray().tolist() == [[0, 0, 0], [0, 1, -1], [0, -1, 1]]
    assert np.array_equal(B.toarray(), -A.toarray())


# ---------------------------------------------------------------------- solvers
def test_entry_game_spe_and_all_nash() -> None:
    """Backward induction: the incumbent accommodates (1 > -1), so the entrant enters
    (1 > 0): the unique SPE (In, Accommodate).

    All Nash equilibria: the entrant stays out iff In is worth at most 0 against Fight
    w.p. q, i.e. -q + (1 - q) <= 0, q >= 1/2. Extreme equilibria: (In, Accommodate),
    (Out, Fight), (Out, q = 1/2); only the first is subgame perfect."""
    g = entry_game()
    spe = solve_extensive(g, "spe", exact=True)
    assert spe.complete and len(spe) == 1
    eq = spe[0]
    assert eq.behavior["Incumbent"]["In"]["Accommodate"] == 1
    assert eq.behavior["Entrant"]["root"]["In"] == 1
    assert dict(eq.outcomes) == {"accommodation": 1}
    assert eq.concept == "subgame perfect" and eq.exact and eq.regret == 0

    allnash = solve_extensive(g, "enumerate", exact=True)
    fights = sorted(e.behavior["Incumbent"]["In"]["Fight"] for e in allnash)
    assert fights == [0, F(1, 2), 1]
    assert [e.concept for e in allnash].count("subgame perfect") == 1


def test_ties_give_every_pure_spe() -> None:
    """B is indifferent after L (both leaves give B 1). If B plays x, A gets 2 from L > 1
    from R; if B plays y, A gets 0 from L < 1: two SPE, (L, x) and (R, y)."""
    g = ExtensiveFormGame.from_tree(
        Decision("A", {
            "L": Decision("B", {"x": Terminal((2, 1), "good"), "y": Terminal((0, 1), "bad")}),
            "R": Terminal((1, 0), "safe"),
        }),
        players=("A", "B"),
    )
    result = solve_extensive(g)
    assert result.method == "spe" and result.complete
    plays = sorted((e.behavior["A"]["root"]["L"], e.behavior["B"]["L"]["x"]) for e in result)
    assert plays == [(0.0, 0.0), (1.0, 1.0)]
    assert any("indifferent" in d for d in result.diagnostics)
    assert backward_induction(g).ties == ("L",)


def test_chance_in_perfect_information_is_exact() -> None:
    """Safe gives 1; the gamble gives 4 w.p. 1/3 and -1 w.p. 2/3, worth 4/3 - 2/3 = 2/3 < 1:
    A takes Safe, payoff exactly 1."""
    g = ExtensiveFormGame.from_tree(
        Decision("A", {
            "Safe": Terminal((1,), "safe"),
            "Gamble": Chance({"win": (F(1, 3), Terminal((4,), "win")),
                              "lose": (F(2, 3), Terminal((-1,), "loss"))}),
        }),
        players=("A",),
    )
    (eq,) = solve_extensive(g, exact=True)
    assert eq.payoffs["A"] == F(1) and dict(eq.outcomes) == {"safe": 1}


def test_matching_pennies_by_sequence_lcp_is_exact() -> None:
    """The unique equilibrium mixes 1/2-1/2 for both; P2's belief at its information set is
    1/2 on each node; each expects 0."""
    g = pennies_tree()
    for method in ("sequence-lcp", "enumerate", "auto"):
        result = solve_extensive(g, method, exact=True)
        assert len(result) == 1
        eq = result[0]
        assert eq.behavior["P1"]["root"] == {"H": F(1, 2), "T": F(1, 2)}
        assert eq.behavior["P2"]["guess"] == {"H": F(1, 2), "T": F(1, 2)}
        assert eq.beliefs["P2"]["guess"] == {"H": F(1, 2), "T": F(1, 2)}
        assert eq.payoffs == {"P1": 0, "P2": 0}
        assert dict(eq.outcomes) == {"match": F(1, 2), "mismatch": F(1, 2)}


def test_subgame_decomposition_battle_with_outside_option() -> None:
    """The battle subgame has three equilibria: (F, F) worth (3, 1), (O, O) worth (1, 3),
    and the mixed one with P1 on F w.p. 3/4 (P2 indifferent: 1 * p = 3 (1 - p)) and P2
    on F w.p. 1/4 (P1 indifferent: 3 q = 1 - q), worth (3/4, 3/4). P1 enters only when the
    subgame is worth more than 2 to it: SPE (In; F, F), (Out; O, O), (Out; mixed)."""
    g = battle_subgame()
    result = solve_extensive(g, "spe", exact=True)
    assert result.complete
    found = {}
    for eq in result:
        found[(eq.behavior["P1"]["battle"]["F"], eq.behavior["P2"]["P2 choice"]["F"])] = eq
    assert set(found) == {(1, 1), (0, 0), (F(3, 4), F(1, 4))}
    assert found[(1, 1)].behavior["P1"]["root"]["In"] == 1
    assert dict(found[(1, 1)].outcomes) == {"coordinate F": 1}
    assert found[(0, 0)].behavior["P1"]["root"]["Out"] == 1
    assert found[(F(3, 4), F(1, 4))].payoffs == {"P1": 2, "P2": 2}
    assert all(eq.concept == "subgame perfect" for eq in result)


def test_verification_rejects_a_non_equilibrium() -> None:
    """In the entry game, (In, Fight) gives both -1. The entrant gets 0 from Out (regret 1),
    the incumbent 1 from Accommodate (regret 2): the profile's regret is 2."""
    g = entry_game()
    table = [(F(0), F(1)), (F(1), F(0))]
    regrets, values = player_regrets(g, table, exact=True)
    assert regrets == [F(1), F(2)] and values == (F(-1), F(-1))
    with pytest.raises(SolverError, match="exact regret 2"):
        make_behavior_equilibrium(g, table, exact=True)


def test_non_subgame_perfect_profile_is_not_labelled_spe() -> None:
    """(Out, Fight) is Nash (entrant gets 0 >= -1) but not subgame perfect: in the
    subgame after In the incumbent gains 2 by accommodating."""
    g = entry_game()
    table = [(F(1), F(0)), (F(1), F(0))]
    eq = make_behavior_equilibrium(g, table, exact=True)
    assert eq.concept == "nash"
    with pytest.raises(SolverError, match="subgame perfect"):
        make_behavior_equilibrium(g, table, exact=True, concept="subgame perfect")


def test_auto_uses_enumeration_on_small_imperfect_information() -> None:
    """Battle with outside option: reduced normal form 3 x 2 (Out, In/F, In/O vs F, O) is
    small, so auto enumerates all Nash equilibria and reports it."""
    g = battle_subgame()
    assert g.as_normal_form().strategies == (("Out", "In/F", "In/O"), ("F", "O"))
    result = solve_extensive(g)
    assert result.method == "enumerate" and result.requested_method == "auto"
    assert any("subgame perfect" in d for d in result.diagnostics)


def test_unknown_method_is_a_solver_error() -> None:
    """Method names are checked."""
    with pytest.raises(SolverError, match="unknown method"):
        solve_extensive(entry_game(), "lemke")
