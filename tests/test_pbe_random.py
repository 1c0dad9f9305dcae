"""Random small signaling games: every PBE returned is checked independently.

For each random sender-receiver game (2 or 3 types with a random prior, 2 messages, 2
receiver actions, integer payoffs in [-3, 3]) and each PBE class returned:

1. **Bayes consistency**: at every receiver information set reached with positive
   probability the reported belief equals prior(t) σ_t(m) / Σ_t' prior(t') σ_t'(m),
   recomputed here from the behavior;
2. **sequential rationality**: the receiver's actions are optimal given those beliefs,
   and off the path at both endpoints of the reported belief range (2 types; the set of
   beliefs sustaining a receiver action is an interval, so its endpoints sustain it); each
   sender type's messages are optimal given the receiver's behavior;
3. **pygambit**: the same tree (through our ``.efg`` writer) with the same behavior
   profile has maximal regret exactly 0 in Gambit: each of ours is a Nash equilibrium there;
4. **brute force**: every pure assessment that is a PBE (found by trying all pure
   profiles; off-path beliefs at the endpoints 0 and 1 suffice with two receiver actions,
   because the payoff difference is linear in the belief) has its on-path behavior among
   the solver's assessments, and every fully pure assessment the solver verified is one
   of them.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from gamegen import ACTIONS, MESSAGES, random_signaling
from oracles import behavior_max_regret, behavior_profile, gambit_efg

from alliance_games.solvers.signaling.pbe import pbe_assessments, solve_pbe


def _receiver_values(pay, t, m):
    return [pay[t, m, r][1] for r in ACTIONS]


def _check_independently(game, prior, pay, eq, n_types):
    b = eq.behavior
    sigma = [b["Sender"][f"t{t}"] for t in range(n_types)]
    rho = {m: b["Receiver"][f"after {m}"] for m in MESSAGES}
    for m in MESSAGES:
        mass = [prior[t] * sigma[t][m] for t in range(n_types)]
        total = sum(mass)
        values = [_receiver_values(pay, t, m) for t in range(n_types)]
        if total > 0:
            belief = [x / total for x in mass]
            reported = eq.beliefs["Receiver"][f"after {m}"]
            assert [reported[f"t{t}/{m}"] for t in range(n_types)] == belief
            beliefs_to_check = [belief]
        else:
            if n_types != 2:
                continue
            # an information set left out of the ranges is sustained by every belief
            ranges = eq.extra["off_path_beliefs"].get("Receiver", {}).get(
                f"after {m}", {"t0/" + m: [0, 1]})
            lo, hi = ranges["t0/" + m]
            beliefs_to_check = [[lo, 1 - lo], [hi, 1 - hi]]
        for belief in beliefs_to_check:
            expected = [sum(belief[t] * values[t][r] for t in range(n_types))
                        for r in range(len(ACTIONS))]
            best = max(expected)
            for r, action in enumerate(ACTIONS):
                if rho[m][action] > 0:
                    assert expected[r] == best
    for t in range(n_types):
        worth = {m: sum(rho[m][r] * pay[t, m, r][0] for r in ACTIONS) for m in MESSAGES}
        best = max(worth.values())
        for m in MESSAGES:
            if sigma[t][m] > 0:
                assert worth[m] == best


def _brute_force_pure(prior, pay, n_types):
    """On-path behavior of every pure PBE: ((message per type), {message: action})."""
    found = set()
    for sends in itertools.product(range(2), repeat=n_types):
        for responds in itertools.product(range(2), repeat=2):
            ok = True
            for t in range(n_types):
                own = pay[t, MESSAGES[sends[t]], ACTIONS[responds[sends[t]]]][0]
                other = 1 - sends[t]
                if pay[t, MESSAGES[other], ACTIONS[responds[other]]][0] > own:
                    ok = False
            for mi, m in enumerate(MESSAGES):
                senders = [t for t in range(n_types) if sends[t] == mi]
                r = responds[mi]
                if senders:
                    total = sum(prior[t] for t in senders)
                    gain = sum(prior[t] / total * (pay[t, m, ACTIONS[1 - r]][1]
                                                   - pay[t, m, ACTIONS[r]][1]) for t in senders)
                    ok = ok and gain <= 0
                else:
                    # some degenerate belief on one type (two types) makes r optimal
                    ok = ok and any(pay[t, m, ACTIONS[1 - r]][1] <= pay[t, m, ACTIONS[r]][1]
                                    for t in range(n_types)) if n_types == 2 else ok
            if ok:
                on_path = {MESSAGES[mi]: ACTIONS[responds[mi]] for mi in set(sends)}
                found.add((tuple(MESSAGES[s] for s in sends), tuple(sorted(on_path.items()))))
    return found


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(30))
def test_random_two_type_games(seed):
    game, prior, pay = random_signaling(seed)
    result = solve_pbe(game, exact=True)
    assert result.complete
    assert result.equilibria, "every finite game has a PBE"
    for eq in result.equilibria:
        _check_independently(game, prior, pay, eq, 2)
        assert behavior_max_regret(game, eq.behavior) == 0
    # brute force over pure assessments
    assessments, _, _ = pbe_assessments(game)
    ours = set()
    for a in assessments:
        if not all(max(t) == 1 for t in a.table):
            continue
        sends = tuple(MESSAGES[a.table[game.infoset_index["Sender", f"t{t}"]].index(1)]
                      for t in range(2))
        on_path = {}
        for h, s in enumerate(game.infosets):
            if s.player == 1 and h in a.on_path:
                on_path[s.name.split()[-1]] = ACTIONS[a.table[h].index(1)]
        ours.add((sends, tuple(sorted(on_path.items()))))
    assert _brute_force_pure(prior, pay, 2) == ours


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(100, 108))
def test_random_three_type_games(seed):
    game, prior, pay = random_signaling(seed, n_types=3)
    result = solve_pbe(game, exact=True)
    assert result.equilibria
    for eq in result.equilibria:
        _check_independently(game, prior, pay, eq, 3)
        assert behavior_max_regret(game, eq.behavior) == 0


# ---------------------------------------------------------------------- general trees
def _some_belief_sustains(values, played):
    """Independent LP (scipy): is there a belief under which every played action is
    optimal? ``values[k][a]``: continuation value of action ``a`` at node ``k``."""
    from scipy.optimize import linprog

    n, m = len(values), len(values[0])
    rows, rhs = [], []
    for a in played:
        for b in range(m):
            rows.append([float(values[k][b] - values[k][a]) for k in range(n)])
            rhs.append(1e-12)
    res = linprog(c=[0.0] * n, A_ub=rows, b_ub=rhs, A_eq=[[1.0] * n], b_eq=[1.0],
                  bounds=[(0, 1)] * n, method="highs")
    return res.status == 0


@pytest.mark.oracle
@pytest.mark.slow
@pytest.mark.parametrize(("players", "leaves", "seed"),
                         [(2, 16, s) for s in range(12)] + [(3, 12, s) for s in range(12)])
def test_random_trees_checked_in_gambit(players, leaves, seed):
    """Random perfect-recall trees (chance at the root and inside, information sets of up
    to three nodes; 2 or 3 players). For every PBE class returned, in pygambit on the
    same tree: the maximal regret is exactly 0 (Nash); at every information set reached
    with positive probability each played action has action regret 0 (sequential
    rationality under Gambit's own Bayes beliefs); at every information set off the path
    some belief makes the played actions optimal (an independent scipy LP on Gambit's
    ``node_value`` continuation values), and at two-node sets both endpoints of the
    reported belief range do."""
    from alliance_games.games.random_extensive import random_extensive_game

    game = random_extensive_game(seed, leaves=leaves, players=players, chance=0.3,
                                 chance_root=True, max_infoset=3, payoff_range=5)
    result = solve_pbe(game, exact=True)
    assert result.equilibria
    # 3 movers: the n-player enumeration lists one point of a continuum (incomplete)
    assert result.complete or players == 3
    for eq in result.equilibria:
        gg = gambit_efg(game)
        prof = behavior_profile(gg, eq.behavior)
        assert prof.max_regret() == 0
        by_label = {n.label: n for n in gg.nodes}
        for player in gg.players:
            for s in player.infosets:
                actions = list(s.actions)
                played = [k for k, a in enumerate(actions) if prof[a] > 0]
                if prof.infoset_prob(s) > 0:
                    assert all(prof.action_regret(actions[k]) == 0 for k in played)
                    continue
                values = [[F(prof.node_value(player, child))
                           for child in by_label[m.label].children] for m in s.members]
                assert _some_belief_sustains(values, played)
                if len(s.members) != 2:
                    continue
                names = [m.label for m in s.members]
                ranges = eq.extra["off_path_beliefs"].get(player.label, {}).get(
                    s.label, {names[0]: [0, 1]})[names[0]]
                ends = ranges if not isinstance(ranges[0], list) else [
                    x for iv in ranges for x in iv]
                for mu in map(F, ends):
                    value = [mu * values[0][k] + (1 - mu) * values[1][k]
                             for k in range(len(actions))]
                    assert all(value[k] == max(value) for k in played)
