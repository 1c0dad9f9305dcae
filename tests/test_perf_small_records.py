"""The fast paths for small two-player games build the same values as the slow ones.

Three shortcuts of issue 13, goal 1 (all extreme equilibria of small games within 2x
QuantEcon's time, counting the construction of the game):

* ``NormalFormGame.from_arrays`` stacks integer input into one integer array and converts
  it in one step; the exact payoffs must be the same Fractions, and the floats the same
  floats, as the entry-by-entry conversion of the object array it built before;
* ``equilibrium._normal_form_record`` wraps fresh dicts read-only instead of deep-copying
  them in ``Equilibrium.__post_init__``: every field, and the JSON of a whole result,
  must be what the dataclass constructor gives;
* the complementary pairs are looked up on Python-int label masks for small polytopes;
  the pairs must be those of the array (block) test, which checks every pair of
  vertices label by label.
"""

from __future__ import annotations

from dataclasses import fields
from fractions import Fraction

import numpy as np
import pytest

from alliance_games.equilibrium import Equilibrium, SolveResult, _normal_form_record
from alliance_games.games.normal import NormalFormGame
from alliance_games.report.json import render_json
from alliance_games.solvers.kernels import polytope_compiled
from alliance_games.solvers.normal import vertex_matching
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration


@pytest.mark.parametrize("seed", range(6))
def test_integer_input_converts_like_the_object_array(seed: int) -> None:
    """Integer payoffs (numpy int arrays, nested lists of ints, {0,1} and wide ranges,
    values past 2^53 where floats round) give the same ``exact_payoffs`` (Fractions with
    denominator 1) and ``payoffs`` (``float(Fraction(v))``, correctly rounded) as the
    entry-by-entry path on ``np.array(arrays, dtype=object)``."""
    rng = np.random.default_rng(seed)
    hi = [2, 1001, 2**40, 2**62][seed % 4]
    a, b = rng.integers(-hi, hi, size=(2, 3 + seed % 3, 4))
    for arrays in ([a, b], [a.tolist(), b.tolist()]):
        fast = NormalFormGame.from_arrays(arrays)
        slow = NormalFormGame.from_payoff_array(np.array(arrays, dtype=object))
        assert fast.exact_payoffs is not None and slow.exact_payoffs is not None
        assert fast.exact_payoffs.tolist() == slow.exact_payoffs.tolist()
        assert all(type(v) is Fraction for v in fast.exact_payoffs.flat)
        assert fast.payoffs.dtype == slow.payoffs.dtype == np.float64
        assert np.array_equal(fast.payoffs, slow.payoffs)
        assert [float(Fraction(int(v))) for v in a.flat] == fast.payoffs[0].ravel().tolist()


def test_mixed_input_still_goes_entry_by_entry() -> None:
    """Strings, Fractions and floats are not integer arrays: ``"1/2"`` is 1/2, ``0.25``
    its binary value 1/4, a Fraction itself; a ragged list is still an error."""
    game = NormalFormGame.from_arrays([[[1, "1/2"]], [[Fraction(2, 3), 0.25]]])
    assert game.exact_payoffs is not None
    assert game.exact_payoffs.ravel().tolist() == [1, Fraction(1, 2), Fraction(2, 3),
                                                   Fraction(1, 4)]
    with pytest.raises(Exception):  # noqa: B017, PT011 - numpy's or ours, as before
        NormalFormGame.from_arrays([[[1, 2]], [[3]]])


def test_trusted_record_equals_the_constructor() -> None:
    """Every field of ``_normal_form_record`` equals the dataclass constructor's, the
    mappings are read-only, and the JSON of a result holding it is byte-identical (the
    2x2 game with payoffs A = [[3, 0], [5, 1]]: the profile is any record's values)."""
    game = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    strategies = {"P1": {"s1": Fraction(1, 3), "s2": Fraction(2, 3)},
                  "P2": {"s1": Fraction(1, 4), "s2": Fraction(3, 4)}}
    payoffs = {"P1": Fraction(7, 5), "P2": Fraction(2, 9)}
    slow = Equilibrium(players=game.players, strategies=strategies, payoffs=payoffs,
                       regret=0.0, exact=True, outcomes={"war": Fraction(1, 2)},
                       concept="nash", notes=("a note",))
    fast = _normal_form_record(game.players, {p: dict(t) for p, t in strategies.items()},
                               dict(payoffs), 0.0, True, {"war": Fraction(1, 2)}, "nash",
                               ("a note",))
    for f in fields(Equilibrium):
        a, b = getattr(slow, f.name), getattr(fast, f.name)
        assert type(a) is type(b), f.name
        assert a == b or (hasattr(a, "items") and dict(a) == dict(b)), f.name
    assert {p: dict(t) for p, t in fast.strategies.items()} == strategies  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        fast.strategies["P1"]["s1"] = Fraction(1)  # type: ignore[index]
    one = SolveResult(game=game, method="m", complete=True, equilibria=(slow,), exact=True)
    two = SolveResult(game=game, method="m", complete=True, equilibria=(fast,), exact=True)
    assert render_json(one, exact=True) == render_json(two, exact=True)
    assert render_json(one) == render_json(two)


@pytest.mark.parametrize("python_pairs", [4096, 0])
@pytest.mark.parametrize("seed", range(40))
def test_keyed_pairs_equal_the_block_test(seed: int, python_pairs: int,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polytope_compiled, "MODE", True)  # numba: in the test extra

    """On the vertices of random games (half {0,1}, so with surplus labels), the pairs
    looked up on int masks are exactly the pairs whose label sets cover every label,
    tested pair by pair on the boolean arrays; with the surplus tests on Python ints and
    (``_PYTHON_PAIRS = 0``) in array blocks, from boolean arrays or from the kernel's
    bitmasks. Degeneracy read from the bitmasks (a vertex of ``P`` with more than ``m``
    labels, of ``Q`` with more than ``n``) is the boolean arrays' answer."""
    monkeypatch.setattr(vertex_matching, "_PYTHON_PAIRS", python_pairs)
    rng = np.random.default_rng([7, seed])
    m, n = int(rng.integers(2, 7)), int(rng.integers(2, 7))
    hi = 2 if seed % 2 else 50
    game = NormalFormGame.from_arrays(list(rng.integers(0, hi, size=(2, m, n))))
    from alliance_games.solvers.normal.vertex_enumeration import best_response_vertices

    v = best_response_vertices(game)
    labels_p, labels_q = v.p.tight, vertex_matching._q_labels(v.q.tight, n)
    nonzero_p = ~labels_p[:, :m].all(axis=1)
    nonzero_q = ~labels_q[:, m:].all(axis=1)
    keyed = vertex_matching._complementary_pairs(labels_p, labels_q, nonzero_p, nonzero_q,
                                                 m, n)
    brute = sorted((i, j) for i in range(len(labels_p)) for j in range(len(labels_q))
                   if nonzero_p[i] and nonzero_q[j] and (labels_p[i] | labels_q[j]).all())
    assert keyed == brute
    assert v.p.keys is not None and v.q.keys is not None  # from the compiled kernel
    assert vertex_matching.pairs_of_polytopes(v.p, v.q, m, n) == brute
    assert v.degenerate == bool((labels_p.sum(axis=1) > m).any()
                                or (labels_q.sum(axis=1) > n).any())
    assert len(vertex_enumeration(game).equilibria) == len(brute)


@pytest.mark.parametrize("seed", range(20))
def test_float_order_key_is_the_order_key(seed: int) -> None:
    """The C-built sort key of float profiles equals ``_order_key`` (support size, then
    the negated probabilities) on the certified profiles of random games, half {0, 1};
    so float results keep the house order (small supports first)."""
    from alliance_games.solvers.normal import vertex_enumeration as ve

    rng = np.random.default_rng([9, seed])
    m, n = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    game = NormalFormGame.from_arrays(list(rng.integers(0, 2 if seed % 2 else 50,
                                                        size=(2, m, n))))
    vertices = ve.best_response_vertices(game)
    pairs = vertex_matching.pairs_of_polytopes(vertices.p, vertices.q, m, n)
    certified = ve._certified_profiles(game, vertices, pairs, False)
    assert certified
    for item in certified:
        assert ve._float_order_key(item) == vertex_matching._order_key(item[0])
    keys = [vertex_matching._order_key(item[0]) for item in certified]
    assert keys == sorted(keys)
