"""pygambit oracle for the risk-return model: a discretised version as a Gambit tree.

Chance draws the responder's cost type ``c`` (finitely many, with their probabilities);
the proposer, not knowing it, picks a demand ``x`` from a finite grid (one information
set); the responder, knowing ``c`` and ``x``, accepts (payoffs ``x, 1 - x``) or fights
(``p - c_A, 1 - p - c``). The tree is written as ``.efg`` text here, read by pygambit,
and solved there: its logit QRE limit (the principal branch converges to a sequential
equilibrium, McKelvey & Palfrey 1998) must pick the demand our model picks on the same
grid, every responder node must do what our cutoff rule says, and our solution, entered
as a behavior profile, must have exactly zero agent regret in pygambit
(``agent_max_regret``: each information set's deviation weighted by its reach
probability; with perfect recall and every responder node on its own path this is the
Nash condition; ``max_regret`` would build the strategic form, 2^(responder nodes)
strategies). The grid solution approaches our continuous optimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction as F
from pathlib import Path

import pytest
from oracles import gbt

from alliance_games.games.crisis import CostDistribution, RiskReturnGame
from alliance_games.solvers.crisis.risk_return import proposer_payoff, risk_return

P, C_A = F(1, 2), F(1, 10)


def efg_text(types: Sequence[F], probs: Sequence[F], demands: Sequence[F]) -> str:
    """The discretised risk-return game in Gambit's .efg format (exact payoffs)."""
    lines = ['EFG 2 R "discretised risk-return" { "Challenger" "Defender" }', '""', ""]
    chance = " ".join(f'"c={v}" {q}' for v, q in zip(types, probs, strict=True))
    lines.append(f'c "" 1 "" {{ {chance} }} 0')
    actions = " ".join(f'"x={x}"' for x in demands)
    outcome = 0
    for j, v in enumerate(types):
        lines.append(f'p "" 1 1 "demand" {{ {actions} }} 0')
        for i, x in enumerate(demands):
            infoset = j * len(demands) + i + 1
            lines.append(f'p "" 2 {infoset} "c={v},x={x}" {{ "accept" "fight" }} 0')
            lines.append(f't "" {outcome + 1} "" {{ {x}, {1 - x} }}')
            lines.append(f't "" {outcome + 2} "" {{ {P - C_A}, {1 - P - v} }}')
            outcome += 2
    return "\n".join(lines) + "\n"


def gambit_game(tmp_path: Path, types: Sequence[F], probs: Sequence[F],
                demands: Sequence[F]) -> object:
    path = tmp_path / "crisis.efg"
    path.write_text(efg_text(types, probs, demands))
    return gbt.read_efg(str(path))


def our_game(types: Sequence[F], probs: Sequence[F]) -> RiskReturnGame:
    return RiskReturnGame.build(["Challenger", "Defender"], power=P, proposer_cost=C_A,
                                responder_cost=CostDistribution.discrete(types, probs))


def grid_best(game: RiskReturnGame, demands: Sequence[F]) -> F:
    """Our model's best demand on the grid (its payoff U(x - p), ties to the lower x)."""
    return max(demands, key=lambda x: (proposer_payoff(game, x - P), -x))


def our_profile(pg: object, demand: F, demands: Sequence[F]) -> object:
    """Our solution as a rational pygambit behavior profile: the proposer plays
    ``demand``; type ``c`` accepts ``x`` iff ``1 - x >= 1 - p - c``."""
    prof = pg.mixed_behavior_profile(rational=True)  # type: ignore[attr-defined]
    for player in pg.players:  # type: ignore[attr-defined]
        for infoset in player.infosets:
            if player.label == "Challenger":
                for action in infoset.actions:
                    prof[action] = gbt.Rational(int(action.label == f"x={demand}"), 1)
                continue
            c_text, x_text = (part.split("=")[1] for part in infoset.label.split(","))
            accept = 1 - F(x_text) >= 1 - P - F(c_text)
            for action in infoset.actions:
                prof[action] = gbt.Rational(int((action.label == "accept") == accept), 1)
    return prof


@pytest.mark.oracle
def test_gambit_sequential_equilibrium_is_our_grid_solution(tmp_path: Path) -> None:
    """Types 1/10, 3/10, 1/2 (probabilities 1/4, 1/2, 1/4); demands 51/100 + k/20, a grid
    that puts no type at indifference. Our continuous optimum is x* = 4/5 (tests/
    test_crisis.py::test_discrete_types); on the grid the best demand is the largest one
    below 4/5 that types 3/10 and 1/2 still accept, 19/25: U = (19/25)(3/4) + (2/5)(1/4)
    = 57/100 + 10/100 = 67/100, against 56/100 for 14/25 (everybody accepts) and
    (24/25)(1/4) + (2/5)(3/4) = 54/100 for 24/25."""
    types, probs = [F(1, 10), F(3, 10), F(1, 2)], [F(1, 4), F(1, 2), F(1, 4)]
    demands = [F(51, 100) + F(k, 20) for k in range(10)]
    game = our_game(types, probs)
    best = grid_best(game, demands)
    assert best == F(19, 25) and proposer_payoff(game, best - P) == F(67, 100)
    assert abs(best - risk_return(game).demand) <= F(1, 20)

    pg = gambit_game(tmp_path, types, probs, demands)
    qre = gbt.nash.logit_solve(pg, use_strategic=False).equilibria[0]
    proposer = next(p for p in pg.players if p.label == "Challenger")
    demand_infoset = next(iter(proposer.infosets))
    played = [a.label for a in demand_infoset.actions if float(qre[a]) > 0.99]
    assert played == [f"x={best}"]
    responder = next(p for p in pg.players if p.label == "Defender")
    for infoset in responder.infosets:
        c_text, x_text = (part.split("=")[1] for part in infoset.label.split(","))
        accept = 1 - F(x_text) >= 1 - P - F(c_text)
        prob_accept = float(qre[next(a for a in infoset.actions if a.label == "accept")])
        assert (prob_accept > 0.99) if accept else (prob_accept < 0.01), infoset.label
    assert our_profile(pg, best, demands).agent_max_regret() == 0


@pytest.mark.oracle
def test_our_exact_solution_is_an_equilibrium_in_gambit(tmp_path: Path) -> None:
    """A grid that contains every cutoff demand p + c (so each type is indifferent at
    one demand and accepts it, the tie rule of the model): our exact solution x* = 4/5,
    P(war) = 1/4 has zero regret in pygambit, and pygambit's expected payoffs of that
    profile are ours: U = 7/10 for the proposer and, for the responder,
    (1/4)(1 - 1/2 - 1/10) + (1/2)(1/5) + (1/4)(1/5) = 1/10 + 1/10 + 1/20 = 1/4."""
    types, probs = [F(1, 10), F(3, 10), F(1, 2)], [F(1, 4), F(1, 2), F(1, 4)]
    demands = [F(k, 20) for k in range(21)]
    game = our_game(types, probs)
    sol = risk_return(game)
    assert (sol.demand, sol.p_war) == (F(4, 5), F(1, 4)) and sol.demand in demands
    assert grid_best(game, demands) == sol.demand
    pg = gambit_game(tmp_path, types, probs, demands)
    prof = our_profile(pg, sol.demand, demands)
    assert prof.agent_max_regret() == 0
    players = {p.label: p for p in pg.players}
    assert F(str(prof.payoff(players["Challenger"]))) == sol.proposer_payoff == F(7, 10)
    assert F(str(prof.payoff(players["Defender"]))) == sol.responder_payoff == F(1, 4)


@pytest.mark.oracle
def test_discretised_uniform_in_gambit_approaches_the_closed_form(tmp_path: Path) -> None:
    """U[1/10, 1/2] by 5 equally likely types at the bin midpoints 1/10 + (2j + 1)/25;
    demands 1/2 + j/25 + 1/100 (no type indifferent). pygambit's sequential equilibrium
    demand is our grid solution and lies within a bin width plus a grid step
    (2/25 + 1/25) of the closed form's 7/10."""
    k = 5
    types = [F(1, 10) + F(2, 5) * (2 * j + 1) / (2 * k) for j in range(k)]
    probs = [F(1, k)] * k
    demands = [F(1, 2) + F(j, 25) + F(1, 100) for j in range(11)]
    game = our_game(types, probs)
    best = grid_best(game, demands)
    assert abs(best - F(7, 10)) <= F(2, 25) + F(1, 25)
    pg = gambit_game(tmp_path, types, probs, demands)
    qre = gbt.nash.logit_solve(pg, use_strategic=False).equilibria[0]
    proposer = next(p for p in pg.players if p.label == "Challenger")
    played = [a.label for a in next(iter(proposer.infosets)).actions if float(qre[a]) > 0.99]
    assert played == [f"x={best}"]
    assert our_profile(pg, best, demands).agent_max_regret() == 0
