"""``solve`` of a catalog model does not import scipy's optimize, linalg or sparse where
its work is small.

Importing ``scipy.optimize`` costs about 0.32 s, ``scipy.sparse`` / ``scipy.linalg``
0.11-0.19 s, against 0.17-0.22 s for a whole catalog ``solve`` that imports neither
(issue 13, goal 6: a catalog ``solve`` under 0.3 s). The catalog's linear programs
(tremble ranks of a sequential equilibrium, minmax values) go to the exact simplex of
``solvers/kernels/rational_lp.py``, its roots (public goods, joint products) to the
Brent method of ``solvers/kernels/roots.py``, the tied-odds search of a sequential
witness to a hand-written Nelder-Mead, Richardson's time path to a 3 x 3 matrix
exponential, and the sequence-form Lemke path of a tree of up to 64 rows to dense arrays
(checked against the sparse path in tests/test_sequence_lcp.py). Each replacement is
checked here against the scipy routine it replaces (same numbers), and a fresh
interpreter solving every catalog model but those in :data:`NEEDS_SCIPY` never imports
the three modules.
"""

from __future__ import annotations

import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from import_probe import first_imports, solve_runs
from scipy.linalg import expm
from scipy.optimize import brentq, minimize

from alliance_games.solvers.dynamics.richardson import _expm
from alliance_games.solvers.kernels.roots import brent_root
from alliance_games.solvers.tree.sequential import _nelder_mead

ROOT = Path(__file__).resolve().parents[1]
CATALOG = sorted(str(p.relative_to(ROOT / "models").with_suffix(""))
                 for p in (ROOT / "models").glob("*/*.yaml"))
HEAVY = ("scipy.optimize", "scipy.linalg", "scipy.sparse")

NEEDS_SCIPY: dict[str, str] = {
    # (the coalitional models left this list: their least core and nucleolus are
    # profile programs solved by kernels/rational_lp, solvers/coalitional/symmetry.py;
    # so did extended_deterrence_triad, whose set-aside count stops early; and
    # trust/reassurance, whose sequence-form Lemke path (34 rows) runs on dense arrays,
    # solvers/tree/lemke_pivot.py DENSE_ROWS)
}

def _probe(models: list[str]) -> dict[str, str]:
    return first_imports(HEAVY, solve_runs(models))


def test_the_exceptions_are_catalog_models() -> None:
    """The allow-list names existing models only (a renamed model must not silently
    leave the check)."""
    assert set(NEEDS_SCIPY) <= set(CATALOG)
    assert len(CATALOG) >= 38


def test_catalog_solve_does_not_import_scipy() -> None:
    """``solve`` (text, then ``-f json``) of every catalog model but
    :data:`NEEDS_SCIPY`, one after another in one fresh interpreter: all succeed and
    none of scipy.optimize, scipy.linalg, scipy.sparse is imported (the first model to
    import one is named)."""
    first = _probe([m for m in CATALOG if m not in NEEDS_SCIPY])
    assert "failed" not in first, first
    assert not set(first) & set(HEAVY), f"solve imported scipy: {first}"


def test_the_probe_sees_an_import(tmp_path: Path) -> None:
    """The probe can fail: the sequence-form Lemke of a random 2-player tree of 200
    leaves (over 64 rows, so pivoted by the sparse LU) loads scipy.sparse, where that of
    ``trust/reassurance`` (34 rows) does not."""
    from alliance_games.games.random_extensive import random_extensive_game
    from alliance_games.interop.efg import write_efg

    game = random_extensive_game(3, leaves=200, chance=0.3, max_infoset=4)
    path = tmp_path / "big.efg"
    path.write_text(write_efg(game))
    found = first_imports(HEAVY, [*solve_runs(["trust/reassurance@json"]),
                                  ("big tree", ["solve", str(path), "-m", "sequence-lcp"])])
    assert "failed" not in found, found
    assert found.get("scipy.sparse") == "big tree"


# ---------------------------------------------------------------- the replacements
def test_richardson_exponential_hand_derived() -> None:
    """``a = b = k = l = 1``, ``g = h = 1``, start (0, 0): the degenerate race
    ``a b = k l`` where ``M`` is singular. The sum ``s = x + y`` has ``ṡ = 2``, the
    difference ``d = x - y`` has ``ḋ = -2d`` with ``d(0) = 0``; so ``x(t) = y(t) = t``.
    With ``k = l = 0``, ``a = 1``, ``b = 2``, ``g = 1``, ``h = 4`` and start (3, 0) the
    races decouple: ``x = 1 + 2e^{-t}``, ``y = 2(1 - e^{-2t})``."""
    degenerate = np.array([[-1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [0.0, 0.0, 0.0]])
    decoupled = np.array([[-1.0, 0.0, 1.0], [0.0, -2.0, 4.0], [0.0, 0.0, 0.0]])
    for t in (0.0, 0.25, 1.0, 7.5, 40.0):
        z = _expm(t * degenerate) @ np.array([0.0, 0.0, 1.0])
        assert z[0] == pytest.approx(t, rel=1e-14, abs=1e-15)
        assert z[1] == pytest.approx(t, rel=1e-14, abs=1e-15)
        assert z[2] == 1.0
        w = _expm(t * decoupled) @ np.array([3.0, 0.0, 1.0])
        assert w[0] == pytest.approx(1 + 2 * math.exp(-t), rel=1e-14)
        assert w[1] == pytest.approx(-2 * math.expm1(-2 * t), rel=1e-14, abs=1e-300)


def _races(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random stable and degenerate races: ``a b ≥ k l``, every fifth one with
    ``a b = k l`` (a zero eigenvalue), every seventh with a double eigenvalue."""
    rng = np.random.default_rng(seed)
    out = []
    for trial in range(count):
        a, b = rng.uniform(0.2, 3, 2)
        k = rng.uniform(0, 3)
        el = rng.uniform(0, a * b / k)
        if trial % 5 == 0:
            el = a * b / k
        if trial % 7 == 0:
            a, k = b, 0.0
        gen = np.array([[-a, k, rng.uniform(-2, 2)], [el, -b, rng.uniform(-2, 2)],
                        [0.0, 0.0, 0.0]])
        out.append((gen, np.array([rng.uniform(0, 3), rng.uniform(0, 3), 1.0])))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_richardson_exponential_matches_scipy(seed: int) -> None:
    """60 random races, times 0 to 20: the path agrees with ``scipy.linalg.expm``
    within 1e-13 relative to its largest level (the two differ by up to about 5e-14:
    both round, scipy a Padé approximant, we a Taylor polynomial, each then squared up
    to seven times; the next test says which is closer)."""
    for gen, start in _races(seed, 60):
        for t in np.linspace(0.0, 20.0, 21):
            ours, theirs = _expm(t * gen) @ start, expm(t * gen) @ start
            assert np.max(np.abs(ours - theirs)) <= 1e-13 * max(1.0, np.max(np.abs(theirs)))


def test_richardson_exponential_against_40_digits() -> None:
    """Against ``mpmath.expm`` at 40 digits (of the same float matrix ``t G``): within
    3e-14 relative to the largest level on 12 races at 6 times; scipy's expm is
    measured at up to 5.5e-14 on the same kind of races."""
    mpmath.mp.dps = 40
    for gen, start in _races(7, 12):
        for t in (0.5, 2.0, 5.0, 10.0, 15.0, 20.0):
            ours = _expm(t * gen) @ start
            ref = mpmath.expm(mpmath.matrix((t * gen).tolist())) * mpmath.matrix(start.tolist())
            exact = np.array([float(ref[i]) for i in range(3)])
            assert np.max(np.abs(ours - exact)) <= 3e-14 * max(1.0, np.max(np.abs(exact)))


def test_brent_root_is_scipys_brentq() -> None:
    """Brent's method as scipy runs it: the same float on 300 random sign-changing
    functions (cubic plus exponential plus arctangent on [-3, 3]) at three tolerance
    settings, including the ones the public-goods solvers use."""
    rng = np.random.default_rng(1)
    checked = 0
    for _ in range(400):
        c = rng.normal(size=4)
        p = rng.uniform(0.3, 3)

        def f(x: float, c: np.ndarray = c, p: float = p) -> float:
            return float(c[0] + c[1] * x + c[2] * x ** 3 + math.exp(c[3] * x) - 1
                         + p * math.atan(x))

        if f(-3.0) * f(3.0) > 0:
            continue
        checked += 1
        for xtol, rtol in ((1e-15, 1e-15), (2e-12, 8.881784197001252e-16), (1e-6, 1e-10)):
            assert brent_root(f, -3.0, 3.0, xtol=xtol, rtol=rtol, maxiter=500) == \
                brentq(f, -3.0, 3.0, xtol=xtol, rtol=rtol, maxiter=500)
    assert checked > 250
    with pytest.raises(ValueError, match="different signs"):
        brent_root(lambda x: x * x + 1, -1.0, 1.0)


def test_brent_root_hand_derived() -> None:
    """``x³ - 2x - 5`` (Wallis's equation, Brent 1973, ch. 4) has its real root
    2.0945514815423265... between 2 (f = -1) and 3 (f = 16)."""
    root = brent_root(lambda x: x ** 3 - 2 * x - 5, 2.0, 3.0, xtol=1e-15)
    assert root == pytest.approx(2.0945514815423265, abs=4e-15)


@pytest.mark.parametrize("seed", range(3))
def test_nelder_mead_is_scipys(seed: int) -> None:
    """The hand-written Nelder-Mead takes scipy's steps: the same best point and value
    as ``minimize(method="Nelder-Mead")`` with the options the sequential test uses,
    on Rosenbrock's function (minimum 0 at (1, 1)) from a random start and on a
    random convex quadratic in 3 dimensions."""
    rng = np.random.default_rng(seed)
    opts = {"xatol": 1e-12, "fatol": 1e-16, "maxiter": 4000}

    def rosen(z: np.ndarray) -> float:
        return float(100 * (z[1] - z[0] ** 2) ** 2 + (1 - z[0]) ** 2)

    q = rng.normal(size=(3, 3))
    q = q @ q.T + np.eye(3)
    centre = rng.normal(size=3)

    def quad(z: np.ndarray) -> float:
        d = z - centre
        return float(d @ q @ d)

    for f, x0 in ((rosen, rng.normal(size=2)), (quad, np.array([0.0, *rng.normal(size=2)]))):
        x, fun = _nelder_mead(f, x0, **opts)
        best = minimize(f, x0, method="Nelder-Mead", options=opts)
        assert np.array_equal(x, best.x)
        assert fun == best.fun
    assert _nelder_mead(rosen, np.array([-1.2, 1.0]), **opts)[1] < 1e-20
