"""How a :class:`NormalFormGame` holds its exact payoffs.

A game built from integers keeps them as an ``int64`` array (``integer_payoffs``) and
builds the Fractions of ``exact_payoffs`` only when asked; a game given Fractions,
decimals or other rationals keeps the Fractions (``fraction_payoffs``) and, when they
are all integers, the same ``int64`` twin; irrational payoffs have neither. Every way of
reading the payoffs gives the values a hand-written table gives.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
import sympy

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels import lh_compiled
from alliance_games.solvers.normal import lemke_howson as lh
from alliance_games.solvers.normal import lh_certify

#: the prisoner's dilemma, row player's and column player's payoffs
PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


def test_integer_arrays_are_held_as_int64_and_fractions_built_on_demand() -> None:
    """``from_arrays`` on numpy integers: ``integer_payoffs`` is the int64 copy, read
    only; no Fraction exists until ``exact_payoffs`` is read, which gives ``Fraction(v)``
    for every entry (the table above: ``u_1(D, D) = 1``, ``u_2(C, D) = 5``) and is the
    same object on every read."""
    game = NormalFormGame.from_arrays(list(np.array(PD, dtype=np.int32)))
    assert game.integer_payoffs is not None
    assert game.integer_payoffs.dtype == np.int64
    assert not game.integer_payoffs.flags.writeable
    assert game.integer_payoffs.tolist() == PD
    assert game.fraction_payoffs is None
    assert "exact_payoffs" not in vars(game)  # not built yet
    assert game.is_exact
    exact = game.exact_payoffs
    assert exact is not None and exact is game.exact_payoffs
    assert not exact.flags.writeable
    assert all(type(v) is Fraction for v in exact.flat)
    assert exact.tolist() == [[[Fraction(v) for v in row] for row in m] for m in PD]
    assert game.payoff_vector((1, 1)) == (Fraction(1), Fraction(1))
    assert game.payoff_vector((0, 1)) == (Fraction(0), Fraction(5))
    a, b = game.bimatrix(exact=True)
    assert a[1, 0] == 5 and b[0, 1] == 5
    assert game.payoffs.dtype == float and game.payoffs.tolist() == PD


@pytest.mark.parametrize("entries", [
    [[["3", "0"], ["5", "1"]], [["3", "5"], ["0", "1"]]],  # decimal strings
    [[[Fraction(3), 0], [5, 1.0]], [[3, 5], [0, 1]]],       # mixed number types
])
def test_rational_integers_get_the_int64_twin(entries: list) -> None:
    """Integers given as strings, Fractions or floats: the Fractions are kept and the
    int64 twin holds the same values (the prisoner's dilemma again)."""
    game = NormalFormGame.from_arrays(entries)
    assert game.fraction_payoffs is not None
    assert game.integer_payoffs is not None and game.integer_payoffs.tolist() == PD
    assert game.exact_payoffs is game.fraction_payoffs


def test_fractions_and_irrationals() -> None:
    """``1/2`` is rational but not an integer: Fractions only. ``sqrt(2)`` is
    irrational: no exact payoffs at all, floats only (``sqrt(2) = 1.4142...``)."""
    half = NormalFormGame.from_arrays([[[Fraction(1, 2), 0], [0, 1]], [[1, 0], [0, 1]]])
    assert half.integer_payoffs is None and half.is_exact
    assert half.exact_payoffs is not None and half.exact_payoffs[0, 0, 0] == Fraction(1, 2)
    root = NormalFormGame.from_arrays([[[sympy.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]]])
    assert root.integer_payoffs is None and root.fraction_payoffs is None
    assert root.exact_payoffs is None and not root.is_exact
    assert root.payoffs[0, 0, 0] == pytest.approx(1.41421356237)


def test_integers_past_int64_stay_exact() -> None:
    """``2^64 - 1`` (a uint64) and ``2^70`` (a Python int) do not fit int64: the game
    holds them as Fractions, exactly."""
    big = np.array([[[2**64 - 1, 0]], [[0, 1]]], dtype=np.uint64)
    game = NormalFormGame.from_payoff_array(big)
    assert game.integer_payoffs is None
    assert game.exact_payoffs is not None and game.exact_payoffs[0, 0, 0] == 2**64 - 1
    huge = NormalFormGame.from_arrays([[[2**70, 0]], [[0, 1]]])
    assert huge.integer_payoffs is None
    assert huge.exact_payoffs is not None and huge.exact_payoffs[0, 0, 0] == 2**70


def test_replace_and_restrict_keep_the_payoffs() -> None:
    """``dataclasses.replace`` (a renamed variant), ``restrict`` (row player keeps D,
    column player both: ``u = ((5, 1), (0, 1))``) keep the exact payoffs."""
    game = NormalFormGame.from_arrays(list(np.array(PD)))
    renamed = dataclasses.replace(game, name="renamed")
    assert renamed.integer_payoffs is game.integer_payoffs
    assert renamed.exact_payoffs is not None
    assert renamed.exact_payoffs.tolist() == game.exact_payoffs.tolist()  # type: ignore[union-attr]
    sub = game.restrict([[1], [0, 1]])
    assert sub.integer_payoffs is not None
    assert sub.integer_payoffs.tolist() == [[[5, 1]], [[0, 1]]]
    assert sub.payoff_vector((0, 0)) == (Fraction(5), Fraction(0))


def test_lemke_howson_certificate_reads_the_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A random 12x9 integer game: the compiled and the Python certificates of every
    label's end point, read from ``integer_payoffs``, equal those of the same game held
    only as Fractions; neither builds the game's Fractions."""
    assert lh_compiled.available()
    rng = np.random.default_rng(13)
    game = NormalFormGame.from_arrays(list(rng.integers(-99, 100, size=(2, 12, 9))))
    as_fractions = dataclasses.replace(game, integer_payoffs=None,
                                       fraction_payoffs=game.exact_payoffs)
    fresh = NormalFormGame.from_arrays(list(game.integer_payoffs))  # type: ignore[arg-type]
    for label in range(21):
        path = lh.lemke_howson_path(fresh, label)
        compiled = lh_certify._certify_pair(fresh, path.basis_p, path.basis_q)
        assert compiled is not None
        assert compiled == lh_certify._certify_pair(as_fractions, path.basis_p,
                                                    path.basis_q)
        with monkeypatch.context() as patch:
            patch.setattr(lh_compiled, "ready", lambda: False)
            assert compiled == lh_certify._certify_pair(fresh, path.basis_p, path.basis_q)
    assert "exact_payoffs" not in vars(fresh)
