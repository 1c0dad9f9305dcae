"""The reduced normal form (alliance_games.games.reduced), derived by hand on a small tree.

The tree (``crisis()``): Nature makes the attacker A *strong* (1/3) or *weak* (2/3); A
knows its type and Stays or Goes; the defender B sees only that A went (one information
set ``B`` with a node under each type) and Fights or Yields; after Yield a weak A moves
again, Pressing or Settling (information set ``press``)::

    strong (1/3): Stay (1, 0) status quo | Go: Fight (-1, 1) war
                                              Yield (2, -1) concession
    weak   (2/3): Stay (1, 0) status quo | Go: Fight (-2, 2) war
                                              Yield: Press (3, -2) humiliation
                                                     Settle (2, -1) concession

Information sets in tree order: 0 ``strong`` (A), 1 ``B``, 2 ``weak`` (A), 3 ``press`` (A).
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import extensive_games

from alliance_games.errors import GameError
from alliance_games.games import reduced as reduced_module
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.games.reduced import reduced_normal_form, reduced_plans


def crisis() -> ExtensiveFormGame:
    def defender(weak: bool) -> Decision:
        yield_ = (Decision("A", {"Press": Terminal((3, -2), "humiliation"),
                                 "Settle": Terminal((2, -1), "concession")}, infoset="press")
                  if weak else Terminal((2, -1), "concession"))
        return Decision("B", {"Fight": Terminal((-2, 2) if weak else (-1, 1), "war"),
                              "Yield": yield_}, infoset="B")

    def attacker(weak: bool) -> Decision:
        return Decision("A", {"Stay": Terminal((1, 0), "status quo"), "Go": defender(weak)},
                        infoset="weak" if weak else "strong")

    return ExtensiveFormGame.from_tree(
        Chance({"strong": (F(1, 3), attacker(False)), "weak": (F(2, 3), attacker(True))}),
        players=("A", "B"), name="crisis")


A_PLANS = ["Stay/Stay", "Stay/Go/Press", "Stay/Go/Settle",
           "Go/Stay", "Go/Go/Press", "Go/Go/Settle"]


def test_plan_counts_and_names() -> None:
    """A has 2 x 2 x 2 = 8 pure strategies, but a weak A that Stays never reaches
    ``press``: Stay/Press and Stay/Settle merge. Reduced plans: 2 at ``strong`` times 3
    at ``weak`` (Stay, Go/Press, Go/Settle) = 6; B has 2. A plan's name joins its actions
    in information-set order (strong, weak, press); plans come out as the product of the
    ``strong`` plans (outer) and the ``weak`` plans (inner)."""
    game = crisis()
    assert [s.name for s in game.infosets] == ["strong", "B", "weak", "press"]
    plans = reduced_plans(game, 0)
    assert plans == [{0: 0, 2: 0}, {0: 0, 2: 1, 3: 0}, {0: 0, 2: 1, 3: 1},
                     {0: 1, 2: 0}, {0: 1, 2: 1, 3: 0}, {0: 1, 2: 1, 3: 1}]
    assert reduced_plans(game, 1) == [{1: 0}, {1: 1}]
    rnf = reduced_normal_form(game)
    assert rnf.game.shape == (6, 2)
    assert rnf.game.strategies == (tuple(A_PLANS), ("Fight", "Yield"))
    assert [dict(p) for p in rnf.plans[0]] == plans


@pytest.mark.parametrize(
    ("plan", "response", "expected"),
    [
        # Stay for both types: (1, 0) whatever B does
        ("Stay/Stay", "Fight", (1, 0)),
        ("Stay/Stay", "Yield", (1, 0)),
        # 1/3 (-1, 1) + 2/3 (1, 0) = (1/3, 1/3)
        ("Go/Stay", "Fight", (F(1, 3), F(1, 3))),
        # 1/3 (1, 0) + 2/3 (2, -1) = (5/3, -2/3)
        ("Stay/Go/Settle", "Yield", (F(5, 3), F(-2, 3))),
        # 1/3 (-1, 1) + 2/3 (-2, 2) = (-5/3, 5/3): press is never reached, so Press and
        # Settle give the same payoffs against Fight
        ("Go/Go/Press", "Fight", (F(-5, 3), F(5, 3))),
        ("Go/Go/Settle", "Fight", (F(-5, 3), F(5, 3))),
        # 1/3 (2, -1) + 2/3 (3, -2) = (8/3, -5/3)
        ("Go/Go/Press", "Yield", (F(8, 3), F(-5, 3))),
        # 1/3 (2, -1) + 2/3 (2, -1) = (2, -1)
        ("Go/Go/Settle", "Yield", (2, -1)),
    ],
)
def test_payoffs_are_chance_weighted(plan: str, response: str, expected: tuple) -> None:
    """Expected payoffs of pure profiles, exactly (derivations beside each case)."""
    nf = reduced_normal_form(crisis()).game
    profile = (A_PLANS.index(plan), ("Fight", "Yield").index(response))
    assert nf.payoff_vector(profile) == expected


def test_outcome_labels_and_distributions() -> None:
    """A pure profile gets an outcome label only when it leads there for sure:
    Stay/Stay -> status quo; Go/Go/Settle against Yield -> concession under both types
    (1/3 + 2/3 = 1). Go/Stay against Fight is war w.p. 1/3 and the status quo w.p. 2/3,
    Go/Go/Press against Yield concession 1/3 and humiliation 2/3: no single label."""
    rnf = reduced_normal_form(crisis())
    dist = {k: dict(v) for k, v in rnf.outcome_distributions.items()}
    assert dist[(0, 0)] == {"status quo": 1}
    assert dist[(5, 1)] == {"concession": 1}
    assert dist[(3, 0)] == {"war": F(1, 3), "status quo": F(2, 3)}
    assert dist[(4, 1)] == {"concession": F(1, 3), "humiliation": F(2, 3)}
    outcomes = dict(rnf.game.outcomes)
    assert outcomes[(0, 0)] == "status quo" and outcomes[(5, 1)] == "concession"
    assert (3, 0) not in outcomes and (4, 1) not in outcomes


def test_a_player_without_moves_has_one_strategy() -> None:
    """A bystander C who never moves has the single strategy "(no move)"."""
    game = ExtensiveFormGame.from_tree(
        Decision("A", {"x": Terminal((1, 0, 5)), "y": Terminal((0, 1, 7))}),
        players=("A", "B", "C"))
    nf = reduced_normal_form(game).game
    assert nf.strategies == (("x", "y"), ("(no move)",), ("(no move)",))
    assert nf.payoff_vector((1, 0, 0)) == (0, 1, 7)


def test_profile_cap_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """6 x 2 = 12 pure profiles exceed a cap of 11: a GameError naming the count and the
    shape, pointing at the sequence form."""
    monkeypatch.setattr(reduced_module, "MAX_PROFILES", 11)
    with pytest.raises(GameError, match=r"12 pure profiles \(6 x 2\).*sequence-lcp"):
        reduced_normal_form(crisis())


def test_imperfect_recall_is_refused() -> None:
    """A forgets its own first move (one set after L and after R): no reduced form."""
    game = ExtensiveFormGame.from_tree(
        Decision("A", {
            "L": Decision("A", {"a": Terminal((1,)), "b": Terminal((0,))}, infoset="J"),
            "R": Decision("A", {"a": Terminal((0,)), "b": Terminal((1,))}, infoset="J"),
        }),
        players=("A",))
    with pytest.raises(GameError, match="perfect recall"):
        reduced_normal_form(game)


@settings(max_examples=30, deadline=None)
@given(extensive_games(leaves=st.integers(4, 10)))
def test_pure_profiles_agree_with_the_tree(game: ExtensiveFormGame) -> None:
    """Kuhn's translation, checked on random trees with chance moves and information sets:
    playing a reduced plan as pure behavior (any action at the sets it leaves open) gives
    the tree's expected payoffs and outcome distribution for every pure profile."""
    rnf = reduced_normal_form(game)
    nf = rnf.game
    for profile in nf.profiles():
        table = []
        for h, s in enumerate(game.infosets):
            a = rnf.plans[s.player][profile[s.player]].get(h, 0)
            table.append(tuple(F(int(k == a)) for k in range(len(s.actions))))
        assert nf.payoff_vector(profile) == game.expected_payoffs(table, exact=True)
        expected = game.outcome_distribution(table, exact=True)
        assert dict(rnf.outcome_distributions.get(profile, {})) == expected
