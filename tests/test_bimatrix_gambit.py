"""Cross-check: our extreme equilibria equal pygambit's enummixed, exactly.

Gambit's ``enummixed`` (rational arithmetic) lists the extreme equilibria of a bimatrix
game as completely labelled vertex pairs (Avis, Rosenberg, Savani & von Stengel 2010):
the same set vertex enumeration must return. We compare the two as sets of exact
rational profiles on 240 seeded random games of sizes 2x2 .. 6x6, both generic
(integers in [-100, 100]) and degenerate (payoffs in {0, 1} or {0, 1, 2}, duplicated
rows or columns), and check support enumeration against the same set.

Gambit is reached through ``tests/oracles.py`` (``enummixed_set``), which documents the
pygambit 16.x API it relies on.
"""

from __future__ import annotations

import numpy as np
import pytest
from oracles import enummixed_set, exact_profile_set

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.normal import vertex_enumeration as vertex_module
from alliance_games.solvers.normal.support_enumeration import support_enumeration
from alliance_games.solvers.normal.vertex_enumeration import (
    best_response_vertices,
    vertex_enumeration,
)

pytestmark = [pytest.mark.oracle, pytest.mark.slow]

KINDS = ("generic", "zero_one", "zero_two", "duplicates")
SEEDS = range(60)


def random_bimatrix(kind: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random game of the given kind; sizes 2..6 per player."""
    rng = np.random.default_rng([KINDS.index(kind), seed])
    m, n = (int(v) for v in rng.integers(2, 7, size=2))
    if kind == "generic":
        a, b = rng.integers(-100, 101, size=(2, m, n))
    elif kind == "zero_one":
        a, b = rng.integers(0, 2, size=(2, m, n))
    elif kind == "zero_two":
        a, b = rng.integers(0, 3, size=(2, m, n))
    else:
        a, b = rng.integers(-5, 6, size=(2, m, n))
        a[-1], b[-1] = a[0], b[0]  # a duplicated row
        a[:, -1], b[:, -1] = a[:, 0], b[:, 0]  # and a duplicated column
    return a, b


@pytest.mark.parametrize("kind", KINDS)
def test_vertex_enumeration_equals_gambit_enummixed(kind, monkeypatch):
    """Same set of extreme equilibria as Gambit, none missing, none extra, on 60 games
    of each kind; all our results claim completeness and are exact. Checked twice: as
    shipped (both polytopes enumerated for games this small) and with the partner
    shortcut forced (one polytope enumerated, partners solved for)."""
    degenerate_seen = 0
    for seed in SEEDS:
        a, b = random_bimatrix(kind, seed)
        game = NormalFormGame.from_arrays([a, b])
        expected = enummixed_set([a, b])
        result = vertex_enumeration(game, exact=True)
        assert result.complete, (kind, seed)
        assert exact_profile_set(result) == expected, (kind, seed, a.tolist(), b.tolist())
        degenerate = best_response_vertices(game).degenerate
        assert result.extra["degenerate"] == degenerate
        degenerate_seen += degenerate
        with monkeypatch.context() as patch:
            patch.setattr(vertex_module, "_SHORTCUT_MIN", 0)
            forced = vertex_enumeration(game, exact=True)
            floats = vertex_enumeration(game)
        assert forced.complete and exact_profile_set(forced) == expected, (kind, seed)
        assert len(forced.components) == len(result.components)
        # without the second polytope degeneracy may stay unknown (key left out)
        assert forced.extra.get("degenerate", degenerate) == degenerate
        assert len(floats) == len(expected)
    if kind != "generic":
        assert degenerate_seen > 10  # the degenerate families really are degenerate


@pytest.mark.parametrize("kind", KINDS)
def test_support_enumeration_against_gambit(kind):
    """Support enumeration never reports a non-extreme or wrong profile; when it claims
    completeness (nondegenerate game) it finds exactly Gambit's set."""
    for seed in SEEDS[:30]:
        a, b = random_bimatrix(kind, seed)
        result = support_enumeration(NormalFormGame.from_arrays([a, b]), exact=True)
        expected = enummixed_set([a, b])
        assert exact_profile_set(result) <= expected, (kind, seed)
        if result.complete:
            assert exact_profile_set(result) == expected, (kind, seed)
