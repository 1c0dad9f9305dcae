"""The nucleolus and the least core from one variable per class of interchangeable players.

:mod:`alliance_games.solvers.coalitional.symmetry` solves the profile programs (one row
per count of members taken from each class) instead of the ``2^n``-row programs; the
reduced and unreduced answers must agree: the nucleolus exactly (it is unique), the
least core's ``ε*`` exactly (the allocation may differ: the reduced one is the
symmetric point of the least core, checked against every coalition).
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from alliance_games import load, solve
from alliance_games.games.coalitional import CoalitionalGame
from alliance_games.solvers.coalitional.core import check_allocation, check_balanced, least_core
from alliance_games.solvers.coalitional.nucleolus import exact_nucleolus
from alliance_games.solvers.coalitional.symmetry import (
    interchangeable_classes,
    symmetric_least_core,
    symmetric_nucleolus,
)


def weighted(weights: list[int], quota: int) -> CoalitionalGame:
    names = [chr(ord("A") + i) for i in range(len(weights))]
    return CoalitionalGame.weighted_voting(names, weights, quota)


def test_classes_of_the_security_council() -> None:
    """[39; 7 x 5, 1 x 10]: the five permanent members are interchangeable, and so are
    the ten elected ones (equal weights); a permanent and an elected member are not
    ({5 permanent, 4 elected} wins with weight 39, swapping one permanent member for
    the fifth elected member gives weight 33 < 39)."""
    council = load("coalitions/weighted_majority")
    assert interchangeable_classes(council) == [list(range(5)), list(range(5, 15))]


def test_unequal_weights_can_be_interchangeable() -> None:
    """[5; 3, 2, 1]: the winning coalitions are {A, B} (5) and {A, B, C} (6); {A, C}
    weighs 4 and {B, C} 3. So A and B are interchangeable (each is needed, and swapping
    them maps every coalition to one of the same value) although they weigh 3 and 2; C
    is not interchangeable with B ({A, B} wins, {A, C} loses). In [4; 3, 2, 2] every
    pair wins ({A, B} = {A, C} = 5, {B, C} = 4) and no single player does, so all three
    are interchangeable (the majority game) although A weighs more."""
    assert interchangeable_classes(weighted([3, 2, 1], 5)) == [[0, 1], [2]]
    assert interchangeable_classes(weighted([3, 2, 2], 4)) == [[0, 1, 2]]


def test_security_council_nucleolus_and_least_core() -> None:
    """The permanent members are veto players and together hold all the power: the core
    is every split of 1 among them (ε* = 0), the symmetric point gives each 1/5, and so
    does the nucleolus (Schmeidler's nucleolus is symmetric, hence 1/5 each, 0 to the
    elected members)."""
    council = load("coalitions/weighted_majority")
    classes = interchangeable_classes(council)
    found = symmetric_nucleolus(council, classes)
    assert found is not None and found.verified
    assert found.allocation == (F(1, 5),) * 5 + (F(0),) * 10
    cert = symmetric_least_core(council, classes)
    assert cert is not None and cert.verified and cert.epsilon == 0
    assert cert.allocation == (F(1, 5),) * 5 + (F(0),) * 10


def test_a_majority_game_with_an_empty_core() -> None:
    """Five equal players, any three win ([3; 1 x 5]): the least core is
    ``x_i = 1/5`` with ``ε* = 1 - 3/5 = 2/5`` (every 3-coalition gets 3/5); the
    cyclic windows of three consecutive players (5 coalitions, weight 1/5 each) are a
    balanced collection (each player in 3 of them) of value ``1 - (3/5) = 2/5``."""
    game = weighted([1, 1, 1, 1, 1], 3)
    cert = symmetric_least_core(game, [[0, 1, 2, 3, 4]])
    assert cert is not None and cert.verified
    assert cert.epsilon == F(2, 5) and cert.allocation == (F(1, 5),) * 5
    assert sorted(cert.balanced) == sorted([0b00111, 0b01110, 0b11100, 0b11001, 0b10011])
    assert check_balanced(game, dict(cert.balanced)) == F(2, 5)


def _random_game(rnd: random.Random) -> CoalitionalGame:
    """A weighted majority game with 3 to 7 players and repeated weights, or a game
    with values depending only on (size, weight) (so interchangeable classes exist)."""
    n = rnd.randint(3, 7)
    palette = [rnd.randint(1, 5) for _ in range(rnd.randint(1, 3))]
    weights = [rnd.choice(palette) for _ in range(n)]
    names = [f"P{i}" for i in range(n)]
    if rnd.random() < 0.5:
        quota = rnd.randint(1, sum(weights))
        return CoalitionalGame.weighted_voting(names, weights, quota)
    a, b = rnd.randint(-2, 3), rnd.randint(1, 4)
    values = {}
    for mask in range(1, 2 ** n):
        members = [i for i in range(n) if mask >> i & 1]
        size, weight = len(members), sum(weights[i] for i in members)
        values[tuple(names[i] for i in members)] = F(a * size * size + weight, b)
    return CoalitionalGame.from_values(names, values)


@pytest.mark.parametrize("seed", range(40))
def test_reduced_and_full_programs_agree(seed: int) -> None:
    """Random small games with interchangeable players: the profile programs give the
    nucleolus of the full sequential programs exactly, the least core's ``ε*`` of the
    full program exactly, and a symmetric least-core allocation and balanced collection
    that pass the exact checks over every coalition."""
    game = _random_game(random.Random(seed))
    classes = interchangeable_classes(game)
    full_nucleolus = exact_nucleolus(game)
    reduced = symmetric_nucleolus(game, classes)
    assert reduced is not None and reduced.verified
    assert full_nucleolus.verified
    assert reduced.allocation == full_nucleolus.allocation
    full_core = least_core(game)
    cert = symmetric_least_core(game, classes)
    assert cert is not None and cert.verified and full_core.verified
    assert cert.epsilon == full_core.epsilon
    assert check_allocation(game, tuple(F(v) for v in cert.allocation), F(cert.epsilon))
    for members in classes:
        assert len({cert.allocation[i] for i in members}) == 1


def test_solve_reports_the_symmetric_core_allocation() -> None:
    """``solve`` of the Security Council: the nucleolus (1/5 to each permanent member)
    and the symmetric core allocation (the same point here), both exact."""
    extra = solve(load("coalitions/weighted_majority")).extra
    assert extra["nucleolus"]["China"] == F(1, 5) and extra["nucleolus_verified"]
    assert extra["core_allocation"]["United States"] == F(1, 5)
    assert extra["core_allocation"]["Elected 10"] == 0
    assert extra["core_certificate_verified"] is True
