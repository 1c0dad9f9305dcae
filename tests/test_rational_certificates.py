"""Rational equilibria certified in Fractions, without the algebraic (sympy) kernel.

Two fast paths of issue 13, goal 6 (a catalog ``solve`` without importing sympy):

- :func:`alliance_games.solvers.nplayer.supports._rational_root`: in float mode, a
  support with one certified root whose probabilities are small fractions is settled by
  checking the indifference and no-gain conditions exactly in Fractions, instead of a
  Gröbner basis. It must give what the exact route gives (same profiles, notes, order).
- :func:`alliance_games.games.binary.rational_symmetric_probabilities`: the symmetric
  equilibria of a symmetric two-action game when every root of the gain from acting is
  rational (Sturm's theorem proves no irrational root is left); ``None`` otherwise.
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

import alliance_games.solvers.nplayer.supports as supports_module
from alliance_games.games.binary import (
    rational_symmetric_probabilities,
    symmetric_mixed_probabilities,
    volunteers_dilemma,
)
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.nplayer.supports import nplayer_support_enumeration


def _described(result: object) -> list[tuple[object, ...]]:
    return [(eq.strategies, eq.notes, dict(eq.extra), eq.payoffs, eq.exact)
            for eq in result.equilibria]  # type: ignore[attr-defined]


def test_volunteers_dilemma_mix_in_fractions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Diekmann's volunteer's dilemma with n = 3, b = 4, c = 1: each ally abstains with
    probability ``q = (c/b)^(1/(n-1)) = (1/4)^(1/2) = 1/2``, a rational root. In the
    three partly mixed equilibria one ally abstains for sure and the two others mix:
    volunteering pays ``b - c = 3``, abstaining pays ``b`` times the chance ``p`` that
    the other mixer volunteers, so ``4p = 3``, ``p = 3/4``; the sure abstainer gets
    ``4 (1 - (1/4)^2) = 15/4 >= 3`` by abstaining. With the 3 pure equilibria (one ally
    acts) that is 7, all rational, all found with the algebraic kernel switched off."""
    def refuse(*args: object) -> None:
        raise AssertionError("the algebraic kernel was called")

    monkeypatch.setattr(supports_module, "_guarded", refuse)
    result = nplayer_support_enumeration(volunteers_dilemma(3, benefit=4, cost=1))
    assert len(result.equilibria) == 7 and result.complete
    assert result.equilibria[-1].strategies["Ally 1"]["Volunteer"] == 0.5
    two_mix = [eq for eq in result.equilibria
               if sorted(eq.strategies[p]["Volunteer"] for p in eq.strategies) == [0, 0.75,
                                                                                   0.75]]
    assert len(two_mix) == 3


@pytest.mark.parametrize("seed", range(12))
def test_rational_route_agrees_with_the_exact_route(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random 3-player games (2x2x2, 3x2x2) with small integer payoffs: the equilibria
    (profiles, notes, order, exactness) are the same whether a single certified root is
    read as a rational and checked in Fractions or solved by the Gröbner route."""
    rng = np.random.default_rng(seed)
    shape = (3, 2, 2) if seed % 2 else (2, 2, 2)
    arrays = rng.integers(-3, 4, size=(3, *shape))
    game = NormalFormGame.from_arrays(arrays.tolist())
    fast = nplayer_support_enumeration(game)
    monkeypatch.setattr(supports_module, "_rational_root", lambda *args: None)
    slow = nplayer_support_enumeration(game)
    assert _described(fast) == _described(slow)
    assert fast.complete == slow.complete and fast.diagnostics == slow.diagnostics


def test_an_irrational_root_is_not_read_as_a_rational() -> None:
    """Three players, each choosing between two actions, with ``u_i`` such that the
    fully mixed equilibrium is irrational: the volunteer's dilemma with b = 3, c = 1 has
    ``q = (1/3)^(1/2)``, so the mixed equilibrium goes to the exact route and carries
    its algebraic form (``1 - sqrt(3)/3`` of acting, minimal polynomial of degree 2)."""
    result = nplayer_support_enumeration(volunteers_dilemma(3, benefit=3, cost=1))
    mixed = result.equilibria[-1]
    assert "algebraic" in mixed.extra
    assert mixed.extra["algebraic"]["degree"] == 2
    assert mixed.strategies["Ally 1"]["Volunteer"] == pytest.approx(1 - 3 ** -0.5)


@pytest.mark.parametrize(("act", "abstain", "expected"), [
    # volunteer's dilemma b = 4, c = 1, n = 3: D(p) = 3 - 4(1 - (1-p)^2) = 0 at p = 1/2
    ((3, 3, 3), (0, 4, 4), [Fraction(1, 2)]),
    # n = 5, a_k - b_k = (-1, 1/2, 0, -1/2, 1): D = Σ C(4,k) p^k (1-p)^(4-k) d_k
    # = (2p - 1)^3 (expand: -1 + 6p - 12p^2 + 8p^3), a triple root at 1/2;
    # D(0) = -1 <= 0 gives p = 0 and D(1) = 1 >= 0 gives p = 1
    ((1, 0, 0, 0, 1), (2, Fraction(-1, 2), 0, Fraction(1, 2), 0),
     [Fraction(0), Fraction(1, 2), Fraction(1)]),
])
def test_rational_symmetric_probabilities_by_hand(
        act: tuple[object, ...], abstain: tuple[object, ...],
        expected: list[Fraction]) -> None:
    """Two games whose roots are worked out in the parameter comments."""
    act_f = tuple(Fraction(a) for a in act)  # type: ignore[arg-type]
    abstain_f = tuple(Fraction(b) for b in abstain)  # type: ignore[arg-type]
    assert rational_symmetric_probabilities(act_f, abstain_f) == (expected, False)


def test_an_irrational_symmetric_root_goes_to_sympy() -> None:
    """The assurance arms race ``a = (0, 1, 4)``, ``b = (2, 2, 2)``:
    ``D(p) = -2(1-p)^2 + 2p(1-p)(-1) + 2p^2 = -2 + 2p + 2p^2``, roots ``(-1 ± √5)/2``:
    the one in (0, 1) is irrational, so the Fraction path declines."""
    assert rational_symmetric_probabilities((0, 1, 4), (2, 2, 2)) is None
    assert rational_symmetric_probabilities((1, 1), (1, 1)) == ([], True)


def test_rational_symmetric_probabilities_agree_with_sympy() -> None:
    """Random payoff sequences (2 to 7 players, small fractions): whenever the Fraction
    path answers, its values are sympy's real-root isolation's, in the same order; it
    declines only when some root is irrational."""
    rnd = random.Random(7)
    answered = 0
    for _ in range(400):
        n = rnd.randint(2, 7)
        bound = rnd.choice([1, 2, 4])
        act = tuple(Fraction(rnd.randint(-bound, bound), rnd.choice([1, 2, 3]))
                    for _ in range(n))
        abstain = tuple(Fraction(rnd.randint(-bound, bound), rnd.choice([1, 2]))
                        for _ in range(n))
        fast = rational_symmetric_probabilities(act, abstain)
        values, degenerate = symmetric_mixed_probabilities(act, abstain)
        if fast is None:
            assert not all(v.is_Rational for v in values)
            continue
        answered += 1
        assert fast[1] == degenerate
        assert fast[0] == [Fraction(int(v.p), int(v.q)) for v in values]
    assert answered > 100


def _constant_third_player() -> NormalFormGame:
    """2x2x2: players 1 and 2 play matching pennies' cousin ``u_1 = [[1, 0], [0, 1]]``,
    ``u_2 = [[0, 1], [1, 0]]`` whatever player 3 does, and player 3 gets 0 always. Every
    profile where 1 and 2 mix 1/2-1/2 is an equilibrium, whatever 3 does: a continuum."""
    u1 = [[[1, 1], [0, 0]], [[0, 0], [1, 1]]]
    u2 = [[[0, 0], [1, 1]], [[1, 1], [0, 0]]]
    u3 = [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]
    return NormalFormGame.from_arrays([u1, u2, u3])


def test_until_incomplete_stops_at_the_first_continuum() -> None:
    """In :func:`_constant_third_player` player 3 is indifferent against every pure
    profile of the others, so the support ``({a}, {a}, {a, b})`` has the equation
    ``u_3(a) - u_3(b) = 0`` identically: a continuum, so the full enumeration is
    incomplete. ``until_incomplete`` stops there, before the exact (sympy) route has
    solved every undecided support."""
    full = nplayer_support_enumeration(_constant_third_player())
    assert not full.complete
    quick = nplayer_support_enumeration(_constant_third_player(), until_incomplete=True)
    assert not quick.complete
    assert "continuum" in quick.extra["stopped"]
    assert quick.extra["solved_exactly"] <= full.extra["solved_exactly"]


def test_until_incomplete_needs_no_exact_solve_on_a_null_game() -> None:
    """The 2x2x2 game with every payoff 0: every profile is an equilibrium, every mixed
    support's equations are ``0 = 0``. The full enumeration solves such supports by the
    exact route (and reports continua); ``until_incomplete`` stops at the first one
    without any exact solve."""
    zero = NormalFormGame.from_arrays(np.zeros((3, 2, 2, 2), dtype=int).tolist())
    full = nplayer_support_enumeration(zero)
    quick = nplayer_support_enumeration(zero, until_incomplete=True)
    assert not full.complete and not quick.complete
    assert full.extra["solved_exactly"] > 0 and quick.extra["solved_exactly"] == 0


@pytest.mark.parametrize("seed", range(4))
def test_until_incomplete_changes_nothing_on_a_generic_game(seed: int) -> None:
    """A random 2x2x2 game with payoffs in [0, 1) has no continuum (generic): the list
    with ``until_incomplete`` is the full one, complete."""
    rng = np.random.default_rng(100 + seed)
    game = NormalFormGame.from_arrays(rng.random((3, 2, 2, 2)).tolist())
    full = nplayer_support_enumeration(game)
    quick = nplayer_support_enumeration(game, until_incomplete=True)
    assert full.complete and quick.complete
    assert _described(full) == _described(quick)


def test_tree_set_aside_count_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three-player extended-deterrence tree: 'auto' lists its subgame perfect
    equilibrium and would count the Nash equilibria of the reduced normal form it sets
    aside, but that normal form has continua (the list is incomplete), so no count is
    given, whether support enumeration stops at the first continuum (now) or runs to
    the end with the logit fallback (before): the same result either way."""
    import alliance_games.solvers.auto as auto_module
    from alliance_games import load, solve

    game = load("extended_deterrence/extended_deterrence_triad")
    quick = solve(game)

    class Off:
        def get(self) -> bool:
            return False

        def set(self, value: bool) -> None:
            return None

        def reset(self, token: None) -> None:
            return None

    monkeypatch.setattr(auto_module, "_COMPLETE_ONLY", Off())
    slow = solve(game)
    assert "set_aside" not in quick.extra and "set_aside" not in slow.extra
    assert _described(quick) == _described(slow)
    assert quick.extra["predictions"] == slow.extra["predictions"]
