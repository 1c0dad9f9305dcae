"""Budgets in the normal-form solvers: past a time or memory limit a method stops with a
clear message and an incomplete result, and ``auto`` falls back to a method that fits.
No MemoryError. (Times are never asserted: only completeness and the messages.)"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from gamegen import random_game

from alliance_games import solve
from alliance_games.cli import _run, cli
from alliance_games.equilibrium import verify_profile
from alliance_games.interop.nfg import write_nfg
from alliance_games.solvers.normal.support_enumeration import support_enumeration
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration
from alliance_games.solvers.nplayer.supports import count_support_profiles, support_profiles


def test_auto_60x60_with_small_memory_falls_back_to_lemke_howson():
    g = random_game(np.random.default_rng(60), (60, 60), low=0, high=99)
    result = solve(g, memory="100M", exact=True)
    assert result.method == "lemke-howson" and result.complete is False
    assert result.diagnostics[0].startswith(
        "one equilibrium by Lemke–Howson; vertex enumeration would exceed")
    (eq,) = result.equilibria
    assert eq.exact and verify_profile(g, eq.profile(), exact=True) == 0.0


def test_auto_tries_vertex_enumeration_then_falls_back_on_memory():
    """20x20: small enough to try, but its polytopes' BFS levels outgrow 100 MiB.

    The time limit is generous on purpose: memory must be what stops vertex enumeration
    (0.1 s on a quiet machine). With 60 s, a loaded machine that also compiled the
    numba kernels inside this call (a fresh cache: 12-21 s CPU) ran out of auto's 70 %
    time share first, and the test failed on the wrong reason."""
    g = random_game(np.random.default_rng(20), (20, 20), low=0, high=99)
    result = solve(g, memory="100M", timeout=600)
    assert result.method == "lemke-howson" and not result.complete
    assert "memory budget" in result.diagnostics[0]
    assert result.extra["fallback_from"] == "vertex-enumeration"
    assert len(result.equilibria) == 1


def test_vertex_enumeration_with_tiny_memory_stops_with_message():
    g = random_game(np.random.default_rng(14), (14, 14), low=0, high=99)
    result = vertex_enumeration(g, memory="1M")
    assert result.complete is False
    assert "over the memory budget of 1.0 MiB" in result.extra["stopped"]
    assert any("memory budget" in d for d in result.diagnostics)


def test_vertex_enumeration_within_budget_is_unchanged():
    """Stag hunt under a 1 MiB budget: three equilibria, complete, nothing stopped."""
    g = random_game(np.random.default_rng(3), (3, 3))
    full = vertex_enumeration(g)
    tight = vertex_enumeration(g, memory="1M")
    assert tight.complete and "stopped" not in tight.extra
    assert [e.profile() for e in tight] == [e.profile() for e in full]


def test_support_enumeration_generates_pairs_lazily():
    """30x30 has sum_k C(30,k)^2 ~ 1.2e17 support pairs: nothing is built up front; the
    deadline stops it."""
    g = random_game(np.random.default_rng(30), (30, 30), low=0, high=99)
    result = support_enumeration(g, timeout=1.0)
    assert result.complete is False
    assert result.extra["stopped"] == "support enumeration stopped at the time limit"
    assert any("time limit" in d for d in result.diagnostics)


def test_nplayer_support_profiles_are_lazy_and_counted():
    """16 players x 2 strategies: 3^16 = 43,046,721 profiles, counted without a list; the
    first come at once, pure profiles first."""
    shape = (2,) * 16
    assert count_support_profiles(shape) == 3**16
    first = list(itertools.islice(support_profiles(shape), 3))
    assert first[0] == ((0,),) * 16 and all(len(s) == 1 for p in first for s in p)
    assert count_support_profiles((6, 6, 6, 6)) == 63**4 == 15_752_961


def test_four_players_six_strategies_stop_at_the_timeout():
    g = random_game(np.random.default_rng(4), (6, 6, 6, 6), low=0, high=99)
    result = solve(g, timeout=2)
    assert result.complete is False
    assert any("time limit" in d for d in result.diagnostics)
    assert result.extra.get("fallback") == "logit"
    for eq in result.equilibria:
        assert eq.regret < 1e-6


def test_cli_memory_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    g = random_game(np.random.default_rng(15), (15, 15), low=0, high=99)
    path = tmp_path / "g.nfg"
    path.write_text(write_nfg(g))
    code = _run(cli, ["solve", str(path), "--method", "vertex-enumeration",
                      "--memory", "1M", "--format", "json", "-q"])
    out = capsys.readouterr().out
    assert code == 0 and '"complete": false' in out and "memory budget" in out
    code = _run(cli, ["solve", str(path), "--memory", "lots"])
    err = capsys.readouterr().err
    assert code == 2 and "is not a size" in err


@pytest.mark.oracle
@pytest.mark.slow
def test_vertex_enumeration_on_wide_polytopes_agrees_with_gambit():
    """60 + 3 = 63 > 62 labels: the polytope of the 60-strategy player has more variables
    than fit a 64-bit basis key, so bases are keyed by their index rows (a path that once
    crashed with UnboundLocalError on the reduced normal form of alliance/leadership_change).
    Every equilibrium is the same exact set pygambit's enummixed finds."""
    from oracles import enummixed_set, exact_profile_set

    g = random_game(np.random.default_rng(600), (60, 3), low=0, high=20)
    result = vertex_enumeration(g, exact=True)
    assert result.complete
    assert exact_profile_set(result) == enummixed_set(g)


def test_polishing_stops_at_its_deadline():
    """Past its deadline, polish_profile hands back the profile it was given: on a
    16-player game each residual is a pass over a million profiles and the root finder
    took half a minute past --timeout. Without a deadline the same call runs the root
    finder (here it moves the profile, which is not an equilibrium)."""
    from alliance_games.solvers.nplayer.polish import polish_profile

    g = random_game(np.random.default_rng(3), (3, 3, 3), low=0, high=9)
    start = ((0.2, 0.3, 0.5),) * 3
    unpolished = polish_profile(g, start, deadline=0.0)
    assert np.allclose(unpolished, start, atol=1e-15, rtol=0)
    assert not np.allclose(polish_profile(g, start), start, atol=1e-6, rtol=0)
