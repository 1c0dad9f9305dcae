"""The agent logit QRE path on trees (``--method qre``): sequential-equilibrium candidates.

The limit of the logit branch is one equilibrium; these tests check that it is verified,
that it is one of the PBE classes the exact enumeration finds, and that Gambit agrees it
is a Nash equilibrium of the same tree.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from gamegen import random_signaling
from oracles import behavior_max_regret
from test_pbe import fearon, udg

from alliance_games.solvers.signaling.pbe import solve_pbe
from alliance_games.solvers.tree.qre import solve_qre, trace_agent_qre


def test_qre_limit_is_one_of_the_pbe_classes():
    """Fearon (1997) with π = 3/4, k = 5/2: three PBE classes (tests/test_pbe.py). The
    logit branch ends at one of them, certified exactly; its outcome distribution is one
    of the three."""
    game = fearon("3/4", k="5/2")
    qre = solve_qre(game, exact=True)
    assert not qre.complete and qre.method == "qre"
    assert len(qre.equilibria) == 1
    eq = qre.equilibria[0]
    assert eq.exact and eq.concept == "sequential (logit QRE limit)"
    classes = solve_pbe(game, exact=True)
    assert dict(eq.outcomes) in [dict(e.outcomes) for e in classes.equilibria]
    # limit beliefs exist at every multi-node information set, on the path or not
    assert set(eq.extra["limit_beliefs"]["Challenger"]) == {"after Signal", "after No signal"}


def test_qre_finds_the_bluffing_equilibrium_exactly():
    """UDG at p = (1/2, 1/4) (domain §4.4b, 'bluff'): the logit branch converges to the
    semi-separating PBE: Soft challengers initiate w.p. x_S = 1/2 and Soft defenders
    resist w.p. y = (r_S - p_Def)/(1 - p_Def) = 1/9; the defender's belief in a Hard
    challenger after initiation is q* = 2/3."""
    result = solve_qre(udg("1/2", "1/4"), exact=True)
    eq = result.equilibria[0]
    assert eq.behavior["Challenger"]["Soft challenger"]["Initiate"] == F(1, 2)
    assert eq.behavior["Defender"]["Soft defender challenged"]["Resist"] == F(1, 9)
    assert eq.beliefs["Defender"]["Soft defender challenged"]["HS/Initiate"] == F(2, 3)


def test_path_starts_uniform_and_sharpens():
    """At λ = 0 play is uniform; along the path the dominated choice of a one-player
    decision loses weight (here the path is run only to λ = 20 on payoffs in [0, 1]:
    the worse action keeps probability 1/(1 + e^20))."""
    from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal

    g = ExtensiveFormGame.from_tree(
        Decision("A", {"L": Terminal((1, 0)), "R": Terminal((0, 0))}), players=("A", "B"))
    path = trace_agent_qre(g, max_lambda=20)
    assert path.lam >= 20
    assert abs(path.table[0][1] - 1 / (1 + 2.718281828459045 ** path.lam)) < 1e-8


@pytest.mark.oracle
def test_random_games_qre_is_nash_in_gambit():
    """On random small signaling games the QRE result, when the path ends at a verified
    point, is a Nash equilibrium of the same tree in pygambit (regret 0 up to float)."""
    verified = 0
    for seed in (3, 11, 17):
        game, _, _ = random_signaling(seed)
        result = solve_qre(game)
        for eq in result.equilibria:
            verified += 1
            assert abs(float(behavior_max_regret(game, _rational(eq)))) < 1e-9
    assert verified >= 2


def _rational(eq):
    """The equilibrium's behavior with probabilities as Fractions (for Gambit's rational
    profile)."""
    return {p: {h: {a: F(x).limit_denominator(10**6) for a, x in d.items()}
                for h, d in sets.items()} for p, sets in eq.behavior.items()}
