"""Dynamics: Richardson's arms race by hand, and replicator / fictitious play against our
own equilibria (each derivation in the test's docstring)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from alliance_games import load, solve
from alliance_games.analysis.dynamics_explain import richardson_conditions
from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.equilibrium import regret
from alliance_games.errors import SolverError, SpecError
from alliance_games.games.dynamics import (
    RichardsonGame,
    richardson_regime,
    richardson_rest_point,
)
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.dynamics.evolution import solve_dynamics, symmetric_basin_boundary
from alliance_games.solvers.dynamics.richardson import (
    richardson_eigenvalues,
    solve_richardson,
)
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration

ROOT = Path(__file__).resolve().parents[1]


def race(k: object, l_: object, a: object, b: object, g: object = 0, h: object = 0,
         start: tuple[object, object] = (0, 0)) -> RichardsonGame:
    return RichardsonGame.build(["X", "Y"], reaction=[k, l_], fatigue=[a, b],
                                grievance=[g, h], initial=list(start), horizon=10)


# ------------------------------------------------------------------ Richardson
def test_rest_point_and_stability_by_hand() -> None:
    """k = l = 1/2, a = b = 1, g = h = 1. Determinant ab - kl = 1 - 1/4 = 3/4 > 0: stable.
    x* = (b g + k h)/(ab - kl) = (1 + 1/2)/(3/4) = 2, and y* = 2 by symmetry.
    M = [[-1, 1/2], [1/2, -1]] has eigenvalues -1 ± 1/2 = -1/2, -3/2.
    From (0, 0) the path stays symmetric: dx/dt = (k - a) x + g = -x/2 + 1, so
    x(t) = 2 (1 - e^{-t/2}); at t = 10 that is 2 (1 - e^{-5}) = 1.98652..."""
    game = race(F(1, 2), F(1, 2), 1, 1, 1, 1)
    assert game.determinant == F(3, 4)
    assert richardson_rest_point(game) == (2, 2)
    assert richardson_eigenvalues(game) == (F(-1, 2), F(-3, 2))
    result = solve_richardson(game)
    a = result.extra
    assert a["stable"] is True and a["regime"] == "stable"
    assert a["levels_at_horizon"]["X"] == pytest.approx(2 * (1 - math.exp(-5)), rel=1e-9)
    path = a["time_path"]
    t = np.array(path["t"])
    assert np.allclose(path["Y"], 2 * (1 - np.exp(-t / 2)), rtol=1e-9, atol=1e-12)
    assert result.equilibria == ()


def test_unstable_race_runs_away_or_collapses_by_the_side_of_the_stable_line() -> None:
    """k = l = 3, a = b = 1: ab - kl = 1 - 9 = -8 < 0, a saddle. Eigenvalues -1 ± 3 = 2,
    -4. With g = h = 1 the rest point is (1 + 3)/(-8) = -1/2 each; the left eigenvector
    of λ₊ = 2 is w = (l, λ₊ + a) = (3, 3), and w·((0,0) - (-1/2,-1/2)) = 3 > 0: runaway.
    With goodwill g = h = -1 the rest point is (1/2, 1/2) and w·((0,0) - z*) = -3 < 0:
    armaments fall (disarmament). Starting exactly at (1/2, 1/2): knife edge."""
    assert richardson_eigenvalues(race(3, 3, 1, 1)) == (2, -4)
    runaway = race(3, 3, 1, 1, 1, 1)
    assert richardson_rest_point(runaway) == (F(-1, 2), F(-1, 2))
    assert richardson_regime(runaway) == "runaway arms race"
    assert solve_richardson(runaway).extra["levels_at_horizon"]["X"] > 1e6
    goodwill = race(3, 3, 1, 1, -1, -1)
    assert richardson_regime(goodwill) == "disarmament"
    assert solve_richardson(goodwill).extra["levels_at_horizon"]["X"] < -1e6
    assert richardson_regime(race(3, 3, 1, 1, -1, -1, (F(1, 2), F(1, 2)))) == "knife edge"


def test_irrational_eigenvalue_side_is_decided_exactly() -> None:
    """k = 2, l = 1, a = 1, b = 0 (no fatigue for Y): ab - kl = -2 < 0. λ₊ = (-1 +
    sqrt(1 + 8))/2 = 1; make it irrational with k = 3: λ₊ = (-1 + sqrt(13))/2. With
    g = h = 0 the rest point is (0, 0); starting at (1, -1): w = (l, λ₊ + a) = (1,
    (1 + sqrt(13))/2) and w·(1, -1) = 1 - (1 + sqrt(13))/2 = (1 - sqrt(13))/2 < 0."""
    game = race(3, 1, 1, 0, 0, 0, (1, -1))
    lam, _ = richardson_eigenvalues(game)
    assert str(lam) == "-1/2 + sqrt(13)/2"
    assert richardson_regime(game) == "disarmament"


@pytest.mark.parametrize("k, l_, a, b", [(1, 1, 2, 2), (2, 2, 1, 1), (F(1, 2), 3, 1, 1),
                                          (1, 4, 3, 1), (0, 5, 1, 1), (2, 1, 1, 2)])
def test_stability_condition_agrees_with_the_eigenvalues(k: object, l_: object, a: object,
                                                         b: object) -> None:
    """Stable iff both eigenvalues are negative iff ab > kl (trace -(a+b) < 0 always
    holds here); checked against numpy's eigenvalues of M = [[-a, k], [l, -b]]."""
    game = race(k, l_, a, b, 1, 1)
    eig = np.linalg.eigvals(np.array([[-float(a), float(k)], [float(l_), -float(b)]]))
    assert (max(eig.real) < 0) == (game.determinant > 0) == solve_richardson(
        game).extra["stable"]


def test_explain_gives_the_condition_in_the_parameters() -> None:
    """The catalog's coefficients are parameters: the condition reads fatigue_x*fatigue_y >
    reaction_x*reaction_y, and x* = (b g + k h)/(ab - kl) in those names."""
    cond = richardson_conditions(load("dynamics/richardson"))
    assert str(cond["stable"]) == "fatigue_x*fatigue_y > reaction_x*reaction_y"
    assert "grievance_x" in str(cond["rest_point"][0])


def test_sweep_over_reaction_gives_stability_columns() -> None:
    """With l = 1/2, a = b = 1 the race is stable iff k·(1/2) < 1, i.e. k < 2."""
    result = sweep("dynamics/richardson", [parse_grid("reaction_x=0:4:5")])
    kinds = [p.game_type for p in result.points]
    assert kinds == ["stable arms race (ab > kl)"] * 2 + ["borderline (ab = kl)"] + [
        "runaway arms race (ab < kl)"] * 2
    assert "game_type" in result.to_csv().splitlines()[0]


@pytest.mark.parametrize("body, says", [
    ("reaction: [1, 2, 3]\nfatigue: [1, 1]\n", "two expressions"),
    ("reaction: [1, 1]\nfatigue: [1, -1]\n", "non-negative"),
    ("model: lanchester\nreaction: [1, 1]\nfatigue: [1, 1]\n", "unknown dynamic model"),
    ("fatigue: [1, 1]\n", "missing key 'reaction'"),
    ("reaction: [1, k]\nfatigue: [1, 1]\n", "k"),
])
def test_bad_richardson_specs_are_located(tmp_path: Path, body: str, says: str) -> None:
    path = tmp_path / "race.yaml"
    path.write_text("name: bad\nkind: dynamics\nplayers: [X, Y]\n" + body)
    with pytest.raises(SpecError) as info:
        load(str(path))
    assert says in str(info.value)
    assert str(path) in str(info.value)


# ------------------------------------------------------------------ evolutionary dynamics
def symmetric(a: object, b: object, c: object, d: object, names: tuple[str, str]
              ) -> NormalFormGame:
    row = [[a, b], [c, d]]
    col = [[a, c], [b, d]]
    return NormalFormGame.from_arrays([row, col], strategies=[list(names), list(names)],
                                      players=["P1", "P2"])


def test_replicator_converges_to_the_hawk_dove_ess() -> None:
    """Hawk-dove with prize V = 2 and fight cost C = 6: HH = (V - C)/2 = -2, HD = V = 2,
    DH = 0, DD = V/2 = 1. A hawk's advantage at hawk share x is -2x + 2(1 - x) - (1 - x)
    = 1 - 3x, zero at x = 1/3 = V/C, positive below and negative above: every interior
    start converges to hawks at V/C (the ESS, Maynard Smith 1982). The end point is our
    own exact mixed equilibrium (1/3, 2/3), verified by regret."""
    game = symmetric(-2, 2, 0, 1, ("Hawk", "Dove"))
    result = solve_dynamics(game, "replicator", exact=True)
    assert result.extra["dynamics"] == "replicator (one population)"
    (eq,) = result.equilibria
    assert eq.exact and eq.strategies["P1"]["Hawk"] == F(1, 3)
    assert eq.extra["basin_share"] == 1
    assert result.extra["basin_boundary"]["kind"] == "anti-coordination"
    assert result.extra["basin_boundary"]["threshold"] == F(1, 3)
    assert all(e["regret"] < 1e-6 for e in result.extra["end_points"])


def test_stag_hunt_basins_split_at_the_exact_threshold() -> None:
    """Stag hunt: stag-stag 4, stag-hare 0, hare-stag 3, hare-hare 3. Stag's advantage
    at share x: 4x - 3 (hare earns 3 always) > 0 iff x > 3/4. With grid 10 the starts are
    x = 1/11 .. 10/11: those above 3/4 (9/11, 10/11) end at all-stag, the eight below at
    all-hare; the mixed equilibrium (3/4) is reached from none."""
    game = symmetric(4, 0, 3, 3, ("Stag", "Hare"))
    result = solve_dynamics(game, "replicator")
    assert result.extra["basins"] == {"all Stag": F(2, 10), "all Hare": F(8, 10)}
    assert result.extra["basin_boundary"]["threshold"] == F(3, 4)
    for end in result.extra["end_points"]:
        stag_wins = end["start"][0] > 0.75
        assert (end["end"][0] > 0.99) == stag_wins
    assert result.extra["unreached_equilibria"] == 1


@pytest.mark.parametrize("spec", ["security_dilemma/stag_hunt", "security_dilemma/chicken",
                                  "security_dilemma/prisoners_dilemma",
                                  "security_dilemma/deadlock", "dynamics/norm_diffusion"])
@pytest.mark.parametrize("method", ["replicator", "asymmetric-replicator",
                                    "fictitious-play", "stochastic-fictitious-play"])
def test_nashpy_end_points_are_our_equilibria(spec: str, method: str) -> None:
    """Every equilibrium the dynamics reach is one of vertex enumeration's (the same
    profile), has regret 0 by our own check, and the basin shares sum to the share of
    converged starts. On 2x2 games fictitious play always converges (Miyasawa 1961), and so
    does stochastic fictitious play, to a perturbed equilibrium near a Nash one (Benaïm &
    Hirsch 1999; with the default seed, every start here)."""
    game = load(spec)
    ours = vertex_enumeration(game).equilibria
    result = solve(game, method)
    assert result.equilibria, (spec, method)
    for eq in result.equilibria:
        assert regret(game, eq.profile()) <= 1e-9
        assert any(np.allclose(np.concatenate(eq.profile()), np.concatenate(o.profile()))
                   for o in ours)
    total = sum(result.extra["basins"].values())
    converged = 1 - F(result.extra["not_converged"], result.extra["starting_points"])
    assert total == converged
    if method in ("fictitious-play", "stochastic-fictitious-play"):
        assert result.extra["not_converged"] == 0


def test_prisoners_dilemma_defection_takes_over_from_everywhere() -> None:
    """In a prisoner's dilemma defection strictly dominates: the payoff advantage of
    cooperating is negative at every share, so replicator dynamics end at all-defect from
    every interior start (basin share 1), and the exact reading says dominance."""
    result = solve(load("security_dilemma/prisoners_dilemma"), "replicator")
    assert list(result.extra["basins"].values()) == [1]
    assert result.extra["basin_boundary"]["kind"] == "dominance"


def test_matching_pennies_cycles_and_is_never_reached() -> None:
    """Matching pennies has one equilibrium, (1/2, 1/2) each; two-population replicator
    dynamics orbit around it (a constant of motion, Hofbauer & Sigmund 1998 §10.3), so no
    start off it converges: nothing is reported as reached and the result says so."""
    game = NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
                                      strategies=[["H", "T"], ["H", "T"]])
    result = solve_dynamics(game, "asymmetric-replicator", grid=4, horizon=50)
    assert result.equilibria == ()
    assert result.extra["not_converged"] == result.extra["starting_points"] == 16
    assert any("cycling" in d for d in result.diagnostics)


def test_symmetric_basin_boundary_cases() -> None:
    """[[a, b], [c, d]]: coordination when a > c and d > b (threshold (d-b)/((a-c)+(d-b)));
    anti-coordination when a < c and d < b; dominance otherwise."""
    assert symmetric_basin_boundary(2, 0, 0, 1)["threshold"] == F(1, 3)
    assert symmetric_basin_boundary(0, 2, 1, 0)["kind"] == "anti-coordination"
    assert symmetric_basin_boundary(3, 0, 5, 1)["kind"] == "dominance"


def test_dynamics_refuse_what_they_cannot_run() -> None:
    with pytest.raises(SolverError, match="replicator"):
        solve(load("alliance/volunteers_dilemma"), "replicator")
    with pytest.raises(SolverError, match="replicator"):
        solve(load("dynamics/richardson"), "replicator")
    with pytest.raises(SolverError, match="more than 2,000"):
        solve_dynamics(load("security_dilemma/stag_hunt"), "asymmetric-replicator", grid=60)


def test_cli_norm_diffusion_replicator_json() -> None:
    """The catalog norm game: threshold sucker_cost/(benefit - temptation + sanction +
    sucker_cost) = 1/(3 - 3 + 2 + 1) = 1/3; the starts above it (4/11 .. 10/11: seven of
    ten) end with the norm upheld."""
    out = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "solve", "dynamics/norm_diffusion",
         "--method", "replicator", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=True)
    doc = json.loads(out.stdout)
    analysis = doc["analysis"]
    assert analysis["exact"]["basin_boundary"]["threshold"] == "1/3"
    assert analysis["exact"]["basins"]["all Comply"] == "7/10"
    assert any("tipping point" in line for line in doc["predictions"])


def test_figures_are_png() -> None:
    """The phase portrait and time path are PNG files (matplotlib is a test dependency)."""
    from alliance_games.analysis.dynamics_plot import richardson_phase_png, time_path_png

    race_result = solve(load("dynamics/richardson"))
    assert richardson_phase_png(race_result).startswith(b"\x89PNG")
    norm = solve(load("dynamics/norm_diffusion"), "replicator")
    assert time_path_png(norm).startswith(b"\x89PNG")


def test_time_limit_returns_what_was_run() -> None:
    """A budget already past its deadline stops before the first path: nothing is
    reached, the result says why, and nothing raises."""
    from alliance_games.budget import Budget
    from alliance_games.interpretation.outcomes import predictions

    expired = Budget(deadline=0.0)
    result = solve_dynamics(load("security_dilemma/stag_hunt"), "replicator", budget=expired)
    assert result.equilibria == () and result.extra["starting_points"] == 0
    assert any("time limit" in d for d in result.diagnostics)
    assert "time limit" in predictions(result)[0]


# ------------------------------------------------------------------ stochastic fictitious play
def matching_pennies() -> NormalFormGame:
    return NormalFormGame.from_arrays([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
                                      strategies=[["H", "T"], ["H", "T"]])


def test_stochastic_fictitious_play_approaches_the_matching_pennies_equilibrium() -> None:
    """Matching pennies (A = [[1, -1], [-1, 1]], B = -A) has one equilibrium: each plays
    H and T with probability 1/2 (the row player is indifferent iff the column player
    mixes 1/2-1/2: y - (1 - y) = -y + (1 - y) gives y = 1/2; the same for x). It is also
    the perturbed (logit) equilibrium of stochastic fictitious play: against a 1/2-1/2
    opponent both actions earn 0, the payoff noise has the same law for both, so each is
    played with probability 1/2. Stochastic fictitious play converges in zero-sum games
    (Hofbauer & Sandholm 2002), so the empirical frequencies after n = 4000 rounds are
    within sampling noise (sd about 1/(2 sqrt(4000)) = 0.008 per share) of (1/2, 1/2):
    every start is counted as reaching it within 2/sqrt(4000) = 0.032, and that point is
    vertex enumeration's exact equilibrium with regret 0. (The deterministic replicator
    dynamics never reach it: test_matching_pennies_cycles_and_is_never_reached.)"""
    game = matching_pennies()
    result = solve(game, "stochastic-fictitious-play", grid=2, iterations=4000, seed=7,
                   exact=True)
    (eq,) = result.equilibria
    (ours,) = vertex_enumeration(game, exact=True).equilibria
    assert eq.profile() == ours.profile() == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert regret(game, eq.profile()) == 0
    assert list(result.extra["basins"].values()) == [1]
    assert result.extra["match_distance"] == pytest.approx(2 / math.sqrt(4000))
    for end in result.extra["end_points"]:
        assert end["equilibrium"] == end["nearest"] == 1
        assert max(abs(v - 0.5) for v in end["end"]) == end["distance"] < 0.032


def test_stochastic_fictitious_play_is_reproducible_and_leaves_the_callers_rng_alone(
) -> None:
    """nashpy draws from numpy's global generator. The same seed gives the same end
    points; another seed gives other (sampled) end points; and the caller's generator
    state after the call is what it was before (the next draw is the same as without the
    call)."""
    game = matching_pennies()
    np.random.seed(12345)
    expected_next = np.random.random()
    np.random.seed(12345)
    first = solve(game, "stochastic-fictitious-play", grid=1, iterations=300, seed=5)
    assert np.random.random() == expected_next
    second = solve(game, "stochastic-fictitious-play", grid=1, iterations=300, seed=5)
    other = solve(game, "stochastic-fictitious-play", grid=1, iterations=300, seed=6)
    ends = [[e["end"] for e in r.extra["end_points"]] for r in (first, second, other)]
    assert ends[0] == ends[1] != ends[2]
    assert first.extra["seed"] == 5 and first.extra["etha"] == 0.02


def test_stochastic_fictitious_play_on_hawk_dove_picks_a_pure_equilibrium() -> None:
    """Hawk-dove (V = 2, C = 6: HH -2, HD 2, DH 0, DD 1) played by two players (two
    populations) has three equilibria: (Hawk, Dove), (Dove, Hawk) and the mixed one with
    hawk at V/C = 1/3 each. With two populations the mixed point is a saddle (the ESS
    1/3 is stable only within one population, where both roles share one share), so
    learning from asymmetric beliefs ends at one of the pure equilibria, each a verified
    equilibrium of vertex enumeration; none of the starts ends at the mixed one."""
    game = symmetric(-2, 2, 0, 1, ("Hawk", "Dove"))
    result = solve(game, "stochastic-fictitious-play", grid=3, seed=1)
    ours = vertex_enumeration(game).equilibria
    assert result.extra["not_converged"] == 0
    for eq in result.equilibria:
        assert eq.pure
        assert any(np.allclose(np.concatenate(eq.profile()), np.concatenate(o.profile()))
                   for o in ours)
    assert sum(result.extra["basins"].values()) == 1


def test_stochastic_fictitious_play_refuses_bad_options() -> None:
    with pytest.raises(SolverError, match="etha"):
        solve(matching_pennies(), "stochastic-fictitious-play", etha=0.0)
    with pytest.raises(SolverError, match="seed"):
        solve(matching_pennies(), "stochastic-fictitious-play", seed=-1)


# ------------------------------------------------------------------ two-population basins
def _stag_hunt_phi(x: float) -> float:
    """Hand version of the stable manifold for the stag hunt below: the root y of
    y^3 (1 - y) = x^3 (1 - x) on the far side of 3/4 (bisection; y ↦ y^3(1 - y) rises on
    (0, 3/4) and falls on (3/4, 1))."""
    target = x ** 3 * (1 - x)
    lo, hi = (0.75, 1.0) if x < 0.75 else (0.0, 0.75)
    rising = x >= 0.75
    for _ in range(200):
        mid = (lo + hi) / 2
        if (mid ** 3 * (1 - mid) < target) == rising:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def test_two_population_boundary_is_the_anti_diagonal_when_differences_match() -> None:
    """Row payoffs [[2, 0], [0, 1]], column payoffs [[1, 0], [0, 2]] (a coordination game
    where the players disagree on which equilibrium is better). With x, y the shares
    playing the first strategy: ẋ = x(1-x)(2y - (1-y)), ẏ = y(1-y)(x - 2(1-x)), so p =
    (2, 1), q = (1, 2). The saddle is x* = q2/(q1+q2) = 2/3, y* = p2/(p1+p2) = 1/3. The
    constant of motion H = -2 ln x - ln(1-x) + ln y + 2 ln(1-y) restricted to y = 1 - x is
    (p1 - q2) ln x + (p2 - q1) ln(1-x) = 0: the anti-diagonal through the saddle is an
    orbit, the saddle's stable manifold from (0, 1) and (1, 0), and splits the square in
    two halves: above it (x + y > 1) the starts go to (first, first), below to (second,
    second), each basin exactly 1/2 of the square (Weibull 1995, §5.2)."""
    game = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
                                      strategies=[["a", "b"], ["a", "b"]],
                                      players=["Row", "Col"])
    result = solve_dynamics(game, "asymmetric-replicator", exact=True)
    boundary = result.extra["basin_boundary"]
    assert boundary["kind"] == "coordination"
    assert boundary["saddle"] == (F(2, 3), F(1, 3))
    assert boundary["straight_line"] == "y = 1 - x"
    assert boundary["shares"] == {"Row: a; Col: a": F(1, 2), "Row: b; Col: b": F(1, 2)}
    assert boundary["shares_exact"] is True
    assert boundary["max_H_drift"] < 1e-6 and boundary["max_curve_gap"] < 1e-6
    for end in result.extra["end_points"]:
        x, _, y, _ = end["start"]
        if abs(x + y - 1) > 1e-9:
            assert (end["end"][0] > 0.99) == (x + y > 1)


def test_two_population_stag_hunt_boundary_is_the_level_curve_through_the_saddle() -> None:
    """Stag hunt (stag-stag 4, stag-hare 0, hare-stag 3, hare-hare 3) played by two
    populations: p = q = (4 - 3, 3 - 0) = (1, 3), the saddle at (3/4, 3/4) (the
    one-population threshold, now in each population). H = -3 ln x - ln(1-x) + 3 ln y +
    ln(1-y) is 0 at the saddle, so the boundary is the curve y^3 (1-y) = x^3 (1-x) other
    than the diagonal (the diagonal is the unstable manifold, by symmetry): not a straight
    line (p1 = 1 ≠ q2 = 3). At x = 1/2 it passes through the root of y^3(1-y) = 1/16 above
    3/4 (0.9196...). Every grid start ends at all-stag iff it lies above that curve, and
    the share above it (quadrature) is a little over a sixth: 0.16095..., against the
    one-population threshold's 1/4 of the segment."""
    game = symmetric(4, 0, 3, 3, ("Stag", "Hare"))
    result = solve_dynamics(game, "asymmetric-replicator", exact=True)
    boundary = result.extra["basin_boundary"]
    assert boundary["saddle"] == (F(3, 4), F(3, 4))
    assert boundary["straight_line"] is None and boundary["shares_exact"] is False
    point = next(p for p in boundary["curve"] if p[0] == 0.5)
    assert point[1] == pytest.approx(_stag_hunt_phi(0.5), abs=1e-12)
    assert point[1] ** 3 * (1 - point[1]) == pytest.approx(1 / 16, abs=1e-14)
    assert boundary["shares"]["P1: Stag; P2: Stag"] == pytest.approx(0.16095137745, abs=1e-8)
    assert boundary["max_curve_gap"] < 1e-6
    for end in result.extra["end_points"]:
        x, _, y, _ = end["start"]
        assert (end["end"][0] > 0.99) == (y > _stag_hunt_phi(x))


def test_two_population_hawk_dove_boundary_is_the_diagonal() -> None:
    """Hawk-dove (HH -2, HD 2, DH 0, DD 1) in two populations: p = q = (-2 - 0, 1 - 2) =
    (-2, -1), anti-coordination. The saddle is (1/3, 1/3); H(x, x) = (p2 - q2) ln x + (p1 -
    q1) ln(1-x) = 0, so the diagonal (the symmetric states, invariant by symmetry) is the
    stable manifold: above it (more column hawks) the starts end at (Dove, Hawk), below it
    at (Hawk, Dove), half the square each. The one-population ESS at V/C = 1/3 is a
    saddle here."""
    game = symmetric(-2, 2, 0, 1, ("Hawk", "Dove"))
    boundary = solve_dynamics(game, "asymmetric-replicator", grid=4).extra["basin_boundary"]
    assert boundary["kind"] == "anti-coordination"
    assert boundary["straight_line"] == "y = x"
    assert boundary["shares"] == {"P1: Dove; P2: Hawk": F(1, 2), "P1: Hawk; P2: Dove": F(1, 2)}
