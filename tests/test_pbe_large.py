"""PBE and SPE on trees with information sets past the reduced normal form's reach.

The pure-strategy PBE enumeration by message pattern
(:mod:`alliance_games.solvers.signaling.pure`) is checked against a brute force over
every pure profile of small random sender-receiver games (each tested by
:func:`verify_assessment`, the PBE definition: Bayes' rule on the path, some belief
sustaining the play off it, regret 0); the large path of ``pbe`` and ``spe`` is run on a
576-leaf crisis and a 4x4x4 signaling game, every returned assessment re-verified, and
``complete`` must be False (only pure PBE and one sequence-form equilibrium are sought).
No timings are asserted (``benchmarks/infosets.py`` measures them).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from alliance_games.games.random_signaling import random_signaling_game
from alliance_games.solvers.signaling.assessment import verify_assessment
from alliance_games.solvers.signaling.pure import one_round_structure, pure_signaling_pbe


def _on_path_key(game, table):
    """(sender pattern, the responses at the receiver sets the pattern reaches)."""
    reach = game.reach_table(list(table), exact=True)
    return tuple((h, tuple(t)) for h, t in enumerate(table)
                 if sum(reach[v] for v in game.infosets[h].members) > 0)


def _brute_force(game):
    """Every pure profile that is a PBE, by trying them all."""
    choices = [range(len(s.actions)) for s in game.infosets]
    found = set()
    for combo in itertools.product(*choices):
        table = [tuple(Fraction(int(a == c)) for a in range(len(s.actions)))
                 for c, s in zip(combo, game.infosets, strict=True)]
        if verify_assessment(game, table, exact=True) is not None:
            found.add(_on_path_key(game, table))
    return found


@pytest.mark.parametrize(("types", "messages", "responses", "seed"),
                         [(2, 2, 2, s) for s in range(8)] + [(3, 2, 2, s) for s in range(6)]
                         + [(2, 3, 2, s) for s in range(4)] + [(3, 3, 2, s) for s in range(3)])
def test_pure_enumeration_matches_brute_force(types, messages, responses, seed):
    """Every pure PBE class (on-path play) that a brute force over all pure profiles finds
    (each tested against the definition by ``verify_assessment``) is listed by the message
    pattern search, and nothing else; every listed table is itself a verified PBE."""
    game = random_signaling_game(seed, types, messages, responses, payoff_range=3)
    st = one_round_structure(game, exact=True)
    assert st is not None
    tables, complete, _ = pure_signaling_pbe(game, st, exact=True, tol=0.0)
    assert complete
    for t in tables:
        assert verify_assessment(game, t, exact=True) is not None
    assert {_on_path_key(game, t) for t in tables} == _brute_force(game)


def _assert_pbe_verified(game, result):
    """Every returned class: its behavior passes the PBE test on the tree again."""
    for eq in result.equilibria:
        table = game.behavior_table(eq.behavior, exact=True)
        assert verify_assessment(game, table, exact=True) is not None


def test_signaling_4x4x4_pbe_large_path():
    """A 4-type, 4-message, 4-response signaling game (64 leaves, reduced normal form
    256 x 256 before pruning): ``pbe`` takes the message-pattern path, lists at least one
    class (a pure PBE always exists here or Lemke's equilibrium is extended), says
    ``complete=False`` with the reason, and every class passes the PBE test again."""
    from alliance_games.solvers.signaling.pbe import solve_pbe

    game = random_signaling_game(0, 4, 4, 4)
    result = solve_pbe(game, exact=True)
    assert result.equilibria
    assert result.complete is False
    assert any("too large to enumerate" in d for d in result.diagnostics)
    _assert_pbe_verified(game, result)


def test_crisis_576_leaves_spe_and_pbe():
    """A two-round crisis, 4 types x 4 messages x 4 responses x 3 actions x 3 replies =
    576 leaves, 120 information sets, no proper subgame (the sender's reduced plans number
    324^4 > 10^9). ``spe`` returns one equilibrium by the sequence form, verified (regret
    0: the verification is in ``make_behavior_equilibrium``) and marked incomplete;
    ``pbe`` returns only assessments that pass the PBE test, marked incomplete."""
    from alliance_games.games.random_signaling import random_crisis_game
    from alliance_games.solvers.signaling.pbe import solve_pbe
    from alliance_games.solvers.tree.methods import solve_extensive

    game = random_crisis_game(1, 4, 4, 4, 3, 3)
    assert len(game.terminals) == 576
    spe = solve_extensive(game, "spe", exact=True)
    assert len(spe.equilibria) == 1 and spe.complete is False
    assert spe.equilibria[0].concept == "subgame perfect"
    assert spe.equilibria[0].regret == 0
    pbe = solve_pbe(game, exact=True)
    assert pbe.complete is False
    _assert_pbe_verified(game, pbe)


def test_spe_large_subgame_uses_sequence_form():
    """A random 128-leaf tree whose root game without its proper subgames has a
    108 x 9 reduced normal form (McMullen's bound: about 1.2e7 polytope vertices, past
    ``SPE_ENUMERATE_VERTICES``): ``spe`` solves that piece by the sequence form and says
    so; every equilibrium is subgame perfect with regret 0 (float tolerance)."""
    import numpy as np

    from alliance_games.games.random_extensive import random_extensive_game
    from alliance_games.solvers.tree.methods import solve_extensive, vertex_bound

    assert vertex_bound(108, 9) > 10 ** 6 >= vertex_bound(16, 12) == 94962
    game = random_extensive_game(np.random.default_rng([1, 128]), leaves=128, chance=0.3,
                                 max_infoset=4, chance_root=True)
    result = solve_extensive(game, "spe")
    assert result.equilibria and result.complete is False
    assert any("sequence form" in d for d in result.diagnostics)
    for eq in result.equilibria:
        assert eq.concept == "subgame perfect" and eq.regret <= 1e-9


@pytest.mark.parametrize(("types", "messages", "responses", "payoff_range", "seed"),
                         [(4, 4, 3, 3, s) for s in range(3)] + [(5, 3, 3, 2, s) for s in range(3)]
                         + [(4, 3, 4, 1, s) for s in range(3)])
def test_type_search_matches_pattern_enumeration(types, messages, responses, payoff_range,
                                                 seed):
    """The type-by-type search (informed sender) and the plain enumeration of every
    message pattern list the same pure PBE tables (same on-path classes, same number of
    off-path completions), both complete. Payoff ranges of 1-3 make ties, hence many
    classes and tied responses, common; the enumeration is the reference (it is checked
    against a brute force over all pure profiles above)."""
    game = random_signaling_game(seed, types, messages, responses, payoff_range=payoff_range)
    st = one_round_structure(game, exact=True)
    assert st is not None
    fast, ok_fast, _ = pure_signaling_pbe(game, st, exact=True, tol=0.0)
    slow, ok_slow, _ = pure_signaling_pbe(game, st, exact=True, tol=0.0, search=False)
    assert ok_fast and ok_slow
    assert {_on_path_key(game, t) for t in fast} == {_on_path_key(game, t) for t in slow}
    assert len(fast) == len(slow)


def test_type_search_budget_is_reported():
    """A node budget of 1 stops the search at once: ``complete`` is False and the note
    names the budget (it is fixed before the search, from the shape)."""
    game = random_signaling_game(0, 4, 4, 4)
    st = one_round_structure(game, exact=True)
    _, complete, notes = pure_signaling_pbe(game, st, exact=True, tol=0.0, max_nodes=1)
    assert complete is False
    assert any("budget of 1 search nodes" in n for n in notes)
