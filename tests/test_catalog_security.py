"""Literature equilibria of the security-dilemma catalog (Jervis 1978; Snyder & Diesing 1977).

Symmetric 2x2 conventions: row payoffs R (both cooperate), S (cooperate vs defect),
T (defect vs cooperate), P (both defect); strategy 0 cooperates. For a completely mixed
equilibrium each side cooperates with the probability p that makes the other
indifferent: p R + (1-p) S = p T + (1-p) P, i.e. p = (P - S) / ((R - T) + (P - S)).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.outcomes import predictions


def profiles(result):  # exact profiles as tuples of Fractions, order-free
    return {eq.profile() for eq in result.equilibria}


def exact(model: str, **sets: str):
    result = solve(load(model, sets or None), exact=True)
    assert result.complete and result.exact
    for eq in result.equilibria:
        assert eq.exact and eq.regret == 0
    return result


F = Fraction
C, D = (F(1), F(0)), (F(0), F(1))


def test_prisoners_dilemma_unique_arms_race() -> None:
    """T=5 > R=3 > P=1 > S=0: Arm strictly dominates, so (Arm, Arm) is the unique
    equilibrium, with payoffs (1, 1), Pareto-dominated by mutual restraint (3, 3)."""
    result = exact("security_dilemma/prisoners_dilemma")
    assert profiles(result) == {(D, D)}
    eq = result.equilibria[0]
    assert dict(eq.payoffs) == {"State A": 1, "State B": 1}
    assert dict(eq.outcomes) == {"arms race": 1}
    text = " ".join(predictions(result))
    assert "prisoner's dilemma" in text and "Pareto-dominated" in text


def test_stag_hunt_three_equilibria_with_trust_threshold() -> None:
    """R=4 > T=3 > P=2 > S=0: pure (C,C) and (D,D); mixed p = (2-0)/((4-3)+(2-0)) = 2/3,
    each side's payoff 2/3*4 + 1/3*0 = 8/3. Risk dominance: (D,D)'s deviation-loss product
    (P-S)^2 = 4 exceeds (C,C)'s (R-T)^2 = 1, so the arms race is risk-dominant."""
    result = exact("security_dilemma/stag_hunt")
    p = (F(2, 3), F(1, 3))
    assert profiles(result) == {(C, C), (D, D), (p, p)}
    mixed = next(eq for eq in result.equilibria if not eq.pure)
    assert dict(mixed.payoffs) == {"State A": F(8, 3), "State B": F(8, 3)}
    # outcomes: both restrain 4/9, both arm 1/9, exploitation 2 * 2/9 = 4/9
    assert dict(mixed.outcomes) == {"mutual restraint": F(4, 9), "arms race": F(1, 9),
                                    "exploitation": F(4, 9)}
    text = " ".join(predictions(result))
    assert "risk-dominated by arms race" in text
    assert "at least 2/3" in text


@pytest.mark.parametrize(("cost", "p_back_down"), [("10", F(11, 12)), ("20", F(21, 22))])
def test_chicken_probability_of_war_falls_with_its_cost(cost: str, p_back_down: Fraction) -> None:
    """T=4, R=3, S=1, P=-cost: pure equilibria are the two asymmetric ones; in the mixed one
    each backs down with p = (S-P)/((S-P)+(T-R)) = (1+cost)/(2+cost), so
    P(war) = (1-p)^2 = 1/(2+cost)^2: 1/144 at cost 10, 1/484 at cost 20."""
    result = exact("security_dilemma/chicken", cost_of_war=cost)
    p = (p_back_down, 1 - p_back_down)
    assert profiles(result) == {(C, D), (D, C), (p, p)}
    mixed = next(eq for eq in result.equilibria if not eq.pure)
    assert mixed.outcomes["war"] == (1 - p_back_down) ** 2
    assert any("war happens with probability" in line for line in predictions(result))


def test_deadlock_arms_race_is_not_a_dilemma() -> None:
    """T=4 > P=3 > R=2 > S=1: Arm dominates and (Arm, Arm) with (3, 3) is not
    Pareto-dominated by any profile (mutual restraint gives only 2)."""
    result = exact("security_dilemma/deadlock")
    assert profiles(result) == {(D, D)}
    text = " ".join(predictions(result))
    assert "deadlock" in text and "Pareto-dominated" not in text


def test_harmony_mutual_restraint() -> None:
    """R=4 > T=3 and S=2 > P=1: Restrain dominates; unique equilibrium (C, C)."""
    assert profiles(exact("security_dilemma/harmony")) == {(C, C)}


@pytest.mark.parametrize(
    ("advantage", "distinguishability", "name", "p_coop"),
    [
        # e = 1/2: T = 7/2, S = 1/2, p = (2 - 1/2)/((4 - 7/2) + (2 - 1/2)) = 3/4
        ("1/2", "0", "stag hunt", F(3, 4)),
        # e = 2 * (1 - 3/4) = 1/2: distinguishability undoes offense dominance
        ("2", "3/4", "stag hunt", F(3, 4)),
        # e = 2: T = 5 > R = 4 > P = 2 > S = -1: prisoner's dilemma, no mixed equilibrium
        ("2", "0", "prisoner's dilemma", None),
    ],
)
def test_offense_defense_balance(advantage: str, distinguishability: str, name: str,
                                 p_coop: Fraction | None) -> None:
    """The 2x2 fixture (tests/data/offense_defense_2x2.yaml; the catalog model is now
    Jervis's information model, tested in test_offense_defense_worlds.py): offense
    advantage turns the assurance game into a prisoner's dilemma; a factor 1 - d on the
    advantage turns it back."""
    game = load(str(Path(__file__).resolve().parent / "data" / "offense_defense_2x2.yaml"),
                {"offense_advantage": advantage, "distinguishability": distinguishability})
    assert game.info["classification"]["name"] == name
    result = solve(game, exact=True)
    if p_coop is None:
        assert profiles(result) == {(D, D)}
    else:
        p = (p_coop, 1 - p_coop)
        assert profiles(result) == {(C, C), (D, D), (p, p)}
