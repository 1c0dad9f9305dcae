"""The PBE test's order of conditions and the per-game memo of its verdicts
(``solvers/signaling/assessment.py``: ``_check_assessment``, ``_Verdicts``)."""

from __future__ import annotations

from fractions import Fraction

from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers.signaling.assessment import _Verdicts, verify_assessment


def _deterrence_game() -> ExtensiveFormGame:
    """Chance makes the defender strong (1/3) or weak (2/3); the challenger, who cannot
    tell, attacks (war: (-1, 1) against a strong defender, (1, -1) against a weak one;
    payoffs (challenger, defender)) or refrains ((0, 0))."""
    def defender(t: str) -> Decision:
        war = (-1, 1) if t == "strong" else (1, -1)
        return Decision("Challenger", {"Attack": Terminal(war, "war"),
                                       "Refrain": Terminal((0, 0), "deterrence")},
                        infoset="c")

    return ExtensiveFormGame.from_tree(
        Chance({"strong": ("1/3", defender("strong")), "weak": ("2/3", defender("weak"))}),
        players=("Challenger", "Defender"))


def test_attack_is_the_pbe_with_the_prior_as_belief():
    """The challenger's set is reached with probability 1, so its belief is the prior
    (1/3, 2/3) by Bayes' rule; attacking pays 1/3 * (-1) + 2/3 * 1 = 1/3 > 0, so
    attacking is sequentially rational and has regret 0 (the only deviation, refraining,
    pays 0): a PBE with that belief."""
    a = verify_assessment(_deterrence_game(), [(1, 0)], exact=True)
    assert a is not None
    assert a.bayes == {0: (Fraction(1, 3), Fraction(2, 3))}
    assert a.on_path == frozenset({0}) and a.free == {}


def test_refraining_fails_at_the_information_set_and_in_regret():
    """Refraining pays 0 against 1/3 for attacking under the Bayes belief (1/3, 2/3):
    it fails sequential rationality (tested first) and has regret 1/3 (tested after);
    the verdict is None whichever condition decides it, and a mixture with any weight on
    refraining fails alike (attack is the unique best reply)."""
    game = _deterrence_game()
    assert verify_assessment(game, [(0, 1)], exact=True) is None
    assert verify_assessment(game, [(Fraction(1, 2), Fraction(1, 2))], exact=True) is None
    assert verify_assessment(game, [(0.0, 1.0)], exact=False) is None


def test_verdict_keys_number_rows_by_value():
    """Rows equal in value get one number whatever object holds them; different rows
    get different numbers, in the order first met; a profile's key is its rows'
    numbers, so equal profiles (by value) share a key and unequal ones do not."""
    memo = _Verdicts()
    one, zero = Fraction(1), Fraction(0)
    a = (one, zero)
    b = (zero, one)
    a_again = tuple([Fraction(1), Fraction(0)])
    assert a_again is not a
    assert memo.key([a, b]) == (0, 1)
    assert memo.key([b, a_again]) == (1, 0)
    assert memo.key([a_again, b]) == memo.key([a, b])
    assert memo.key([a, a]) != memo.key([a, b])
    assert not memo
    memo[memo.key([a, b])] = None
    assert memo and memo.key([a_again, b]) in memo and memo[(0, 1)] is None


def test_verdict_keys_survive_a_freed_row():
    """A row object is kept with its number, so its id cannot be taken by a new row of
    another value while the memo lives: a fresh row (1/2, 1/2) made after the first row
    is dropped by the caller still gets its own number (2), not the number of (1, 0)."""
    memo = _Verdicts()
    first = (Fraction(1), Fraction(0))
    memo.key([first, (Fraction(0), Fraction(1))])
    del first
    fresh = (Fraction(1, 2), Fraction(1, 2))
    assert memo.key([fresh]) == (2,)
