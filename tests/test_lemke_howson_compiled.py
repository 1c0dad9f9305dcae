"""The compiled (numba) Lemke–Howson pivoting follows the numpy path exactly.

The kernel (:mod:`alliance_games.solvers.kernels.lh_compiled`) performs the numpy path's
floating-point operations in the same order, so on every game both must give the same
pivot count, the same end bases and the same float end points, bit for bit; and the
solver's results (equilibria, pivots, certification) must not depend on which path ran.
The games: seeded random integer games (nondegenerate in practice) and games with payoffs
in {0, 1} (degenerate: ties in the ratio test, resolved by the lexicographic rule), every
starting label. numba is part of the ``test`` extra (a QuantEcon dependency), so the
compiled path is always exercised here.
"""

from __future__ import annotations

import numpy as np
import pytest

from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.kernels import lh_compiled
from alliance_games.solvers.normal import lemke_howson as lh


def _game(k: int, cols: int, seed: int, binary: bool) -> NormalFormGame:
    rng = np.random.default_rng([k, cols, seed, int(binary)])
    hi = 2 if binary else 1001
    return NormalFormGame.from_arrays(list(rng.integers(0, hi, size=(2, k, cols))))


def _paths(game: NormalFormGame, label: int, compiled: bool,
           monkeypatch: pytest.MonkeyPatch) -> lh.LemkeHowsonPath:
    with monkeypatch.context() as m:
        m.setattr(lh, "COMPILED_MIN_LABELS", 0 if compiled else 10**9)
        return lh.lemke_howson_path(game, label)


def test_numba_kernel_is_available() -> None:
    """numba ships with the test extra, so these tests compare two real paths."""
    assert lh_compiled.available()


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize(("k", "cols"), [(2, 2), (3, 5), (6, 4), (8, 8), (15, 12), (30, 30)])
def test_same_path_every_label(k: int, cols: int, binary: bool,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Same pivots, bases and float end points (exact equality) for every label."""
    for seed in range(4):
        game = _game(k, cols, seed, binary)
        for label in range(k + cols):
            fast = _paths(game, label, True, monkeypatch)
            slow = _paths(game, label, False, monkeypatch)
            assert fast == slow, (k, cols, seed, binary, label)


@pytest.mark.parametrize("binary", [False, True])
def test_same_results_all_from_artificial(binary: bool,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The search of the artificial equilibrium's component gives the same equilibria,
    paths and pivots on either path (exact profiles compared)."""
    for seed in range(6):
        game = _game(7, 6, seed, binary)
        out = []
        for compiled in (True, False):
            with monkeypatch.context() as m:
                m.setattr(lh, "COMPILED_MIN_LABELS", 0 if compiled else 10**9)
                res = lh.lemke_howson(game, all_from_artificial=True, exact=True)
            out.append(([eq.profile() for eq in res.equilibria], res.extra,
                        res.diagnostics))
        assert out[0] == out[1]
        assert out[0][1]["certified"] == "exact"


def test_visited_set_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a 4-slot set of visited basis pairs the kernel must grow it (rehash) many
    times on a long path and still follow the numpy path: a 30x30 game whose label-0
    path is hundreds of pivots long."""
    monkeypatch.setattr(lh_compiled, "SEEN_START", 4)
    game = _game(30, 30, 0, False)
    fast = _paths(game, 0, True, monkeypatch)
    slow = _paths(game, 0, False, monkeypatch)
    assert fast == slow
    assert fast.pivots > 8


def test_disabled_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ALLIANCE_GAMES_NO_NUMBA=1`` turns the kernel off (the numpy path runs)."""
    monkeypatch.setenv("ALLIANCE_GAMES_NO_NUMBA", "1")
    assert not lh_compiled.available()


@pytest.mark.parametrize("binary", [False, True])
def test_kernel_built_start_follows_the_same_path(binary: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The path of :func:`lh._compiled_end` (start tables built inside the kernel from
    the game's float payoffs) has the numpy path's pivots and end bases, every label;
    its start keys are the XOR of the slack labels' Zobrist words."""
    from alliance_games.budget import Budget
    from alliance_games.solvers.normal.lh_tableaux import _zobrist_words

    for k, cols, seed in ((3, 5, 0), (8, 8, 1), (15, 12, 2), (30, 30, 3)):
        game = _game(k, cols, seed, binary)
        words = _zobrist_words(k + cols)
        _, keys = lh_compiled.start_arrays(game.payoffs[0], game.payoffs[1], words)
        assert keys == (int(np.bitwise_xor.reduce(words[0][k:])),
                        int(np.bitwise_xor.reduce(words[1][:k])))
        for label in range(k + cols):
            slow = _paths(game, label, False, monkeypatch)
            end = lh._compiled_end(game, label, Budget.start())
            assert end is not None
            assert end == (slow.pivots, slow.basis_p, slow.basis_q), (k, cols, label)
