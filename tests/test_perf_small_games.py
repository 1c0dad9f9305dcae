"""Whole-game check of the direct small-polytope path at its new reach (5x5 games).

``vertex_enumeration`` must return the same certified equilibria (exact profiles, same
order) whether the best-response polytopes are enumerated by solving all bases directly
(:mod:`alliance_games.solvers.kernels.polytope_small`, now up to ``C(10, 5) = 252``
bases) or by the breadth-first pivoting (``SMALL_BASES = 0``), on generic games and on
degenerate {0, 1} games, where ties make many bases share a vertex.
"""

from __future__ import annotations

import numpy as np
import pytest

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels import polytope_small
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration


@pytest.mark.parametrize("shape", [(5, 5), (3, 7), (2, 8), (5, 4)])
def test_same_equilibria_with_and_without_the_direct_path(
        shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """Exact equilibria agree on 40 games per shape, half of them degenerate."""
    assert polytope_small.small_enough(*shape)
    for seed in range(40):
        rng = np.random.default_rng([*shape, seed])
        hi = 2 if seed % 2 else 1001
        game = NormalFormGame.from_arrays(list(rng.integers(0, hi, size=(2, *shape))))
        direct = vertex_enumeration(game, exact=True)
        with monkeypatch.context() as m:
            m.setattr(polytope_small, "SMALL_BASES", 0)
            pivoted = vertex_enumeration(game, exact=True)
        assert [eq.profile() for eq in direct.equilibria] == \
            [eq.profile() for eq in pivoted.equilibria], (shape, seed)
        assert direct.complete and pivoted.complete
