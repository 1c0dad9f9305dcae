"""The exact two-phase simplex (solvers/kernels/rational_lp.py): hand-derived programs,
infeasible and unbounded ones with their certificates, and agreement with scipy's HiGHS
on many random small programs."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog as highs

from alliance_games.solvers.kernels.rational_lp import (
    LPResult,
    linprog,
    linprog_exact,
    standard_form_feasible,
)

F = Fraction


def test_two_binding_rows() -> None:
    """Maximise ``3x + 2y`` on ``x + y ≤ 4``, ``x + 3y ≤ 6``, ``x ≤ 3`` (Chvátal 1983,
    style of ch. 2). Vertices of the region: (0,0) 0, (3,0) 9, (3,1) 11, (3/2,3/2)
    15/2, (0,2) 4; the best is (3,1) with value 11, where ``x + y ≤ 4`` and ``x ≤ 3``
    bind. Duals: ``y1 + y3 = 3``, ``y1 = 2`` (the y-column), so ``y1 = 2``, ``y3 = 1``,
    ``y2 = 0``; check ``4·2 + 3·1 = 11``. scipy's marginals (of the minimisation of
    ``-3x - 2y``) are their negatives."""
    r = linprog_exact([-3, -2], A_ub=[[1, 1], [1, 3]], b_ub=[4, 6], bounds=[(0, 3), (0, None)])
    assert r.status == 0 and r.exact
    assert r.x == (3, 1) and r.fun == -11
    assert r.ub_marginals == (-2, 0)


def test_equalities_and_free_variables() -> None:
    """``min x + y`` with ``x - y = 1`` and x, y free but ``y ≥ -2`` through
    ``-y ≤ 2``: x + y = 2y + 1 is least at y = -2, x = -1, value -3. The dual of the
    equality: λ with ``λ·(1, -1) + μ·(0, -1) = (1, 1)``, so λ = 1 and μ = -2 (the
    marginal of ``-y ≤ 2``: raising its bound to 2 + t lowers the value by 2t)."""
    r = linprog_exact([1, 1], A_ub=[[0, -1]], b_ub=[2], A_eq=[[1, -1]], b_eq=[1],
                      bounds=[(None, None), (None, None)])
    assert r.x == (-1, -2) and r.fun == -3
    assert r.eq_marginals == (1,) and r.ub_marginals == (-2,)


def test_upper_bounded_and_fixed_variables() -> None:
    """``max x + 2y + z`` with ``x ≤ 5`` only from above, ``y`` in [-1, 1/2], ``z``
    fixed at 1/3, ``x + y ≤ 3``: y = 1/2 (its coefficient 2 beats x's 1), then
    x = 3 - 1/2 = 5/2, value 5/2 + 1 + 1/3 = 23/6."""
    r = linprog_exact([-1, -2, -1], A_ub=[[1, 1, 0]], b_ub=[3],
                      bounds=[(None, 5), (-1, F(1, 2)), (F(1, 3), F(1, 3))])
    assert r.x == (F(5, 2), F(1, 2), F(1, 3)) and r.fun == F(-23, 6)


def test_degenerate_program_does_not_cycle() -> None:
    """Chvátal's (1983, p. 31) cycling example: max ``10x1 - 57x2 - 9x3 - 24x4`` on
    ``x1/2 - 11x2/2 - 5x3/2 + 9x4 ≤ 0``, ``x1/2 - 3x2/2 - x3/2 + x4 ≤ 0``, ``x1 ≤ 1``;
    the largest-coefficient rule cycles from the degenerate origin, Bland's rule ends
    at x = (1, 0, 1, 0) with value 10 - 9 = 1 (the second row binds: 1/2 - 1/2 = 0;
    the first gives 1/2 - 5/2 = -2). Optimal by the multipliers (0, 18, 1) on the rows:
    18·(1/2, -3/2, -1/2, 1) + (1, 0, 0, 0) = (10, -27, -9, 18) ≥ (10, -57, -9, -24)
    and 18·0 + 1·1 = 1."""
    A = [[F(1, 2), F(-11, 2), F(-5, 2), 9], [F(1, 2), F(-3, 2), F(-1, 2), 1], [1, 0, 0, 0]]
    r = linprog_exact([-10, 57, 9, 24], A_ub=A, b_ub=[0, 0, 1])
    assert r.fun == -1
    assert r.x == (1, 0, 1, 0)
    assert r.ub_marginals == (0, -18, -1)


def test_infeasible_with_farkas_certificate() -> None:
    """``x + y ≤ 1`` and ``x + y ≥ 3`` (as ``-x - y ≤ -3``) with x, y ≥ 0: adding the
    rows gives ``0 ≤ -2``. The certificate ``u = -y ≥ 0`` (y the returned multipliers,
    scipy's sign) has ``uᵀA ≥ 0`` and ``uᵀb < 0``: then ``uᵀAx ≥ 0 > uᵀb`` for every
    ``x ≥ 0``, so no x meets ``Ax ≤ b``. Here u is a positive multiple of (1, 1)."""
    A, b = [[1, 1], [-1, -1]], [1, -3]
    r = linprog_exact([0, 0], A_ub=A, b_ub=b)
    assert r.status == 2 and not r.success and r.x is None
    u = [-v for v in r.ub_marginals]
    assert all(v >= 0 for v in u)
    assert all(sum(u[i] * A[i][j] for i in range(2)) >= 0 for j in range(2))
    assert sum(ui * bi for ui, bi in zip(u, b, strict=True)) < 0
    assert u[0] == u[1] > 0


def test_infeasible_equalities() -> None:
    """``x + y = 1`` and ``x + y = 2``: infeasible; an inconsistent system is caught
    in phase 1 (its phase-1 optimum is 1, not 0)."""
    assert linprog_exact([1, 1], A_eq=[[1, 1], [1, 1]], b_eq=[1, 2]).status == 2


def test_unbounded_with_ray() -> None:
    """``max x`` subject to ``x - y ≤ 1``, x, y ≥ 0: along ``(1, 1)`` the row stays at
    its value and the objective grows without bound. The ray ``d`` returned keeps
    every row (``d_x - d_y ≤ 0``), is nonnegative and improves: ``-d_x < 0``."""
    r = linprog_exact([-1, 0], A_ub=[[1, -1]], b_ub=[1])
    assert r.status == 3 and r.ray is not None
    dx, dy = r.ray
    assert dx > 0 and dy >= 0 and dx - dy <= 0


def test_redundant_equality_rows() -> None:
    """``x + y = 1`` written twice and ``2x + 2y = 2``: rank one, the artificial of a
    redundant row stays basic at 0. ``min x - y`` gives y = 1, value -1."""
    r = linprog_exact([1, -1], A_eq=[[1, 1], [1, 1], [2, 2]], b_eq=[1, 1, 2])
    assert r.status == 0 and r.x == (0, 1) and r.fun == -1


def test_standard_form_feasibility() -> None:
    """``{x ≥ 0 : x0 - x1 = 0, x0 + x1 = 1}`` holds (1/2, 1/2); with ``x0 + x1 = -1``
    it is empty."""
    assert standard_form_feasible([[1, -1], [1, 1]], [0, 1])
    assert not standard_form_feasible([[1, -1], [1, 1]], [0, -1])


def test_large_programs_go_to_highs() -> None:
    """Above ``exact_cells`` the same program is solved by HiGHS: the same value, in
    floats."""
    kwargs = {"A_ub": [[1, 2], [3, 1]], "b_ub": [4, 6]}
    small = linprog([-1, -1], **kwargs)
    large = linprog([-1, -1], **kwargs, exact_cells=0)
    assert small.exact and not large.exact
    assert isinstance(large, LPResult) and large.success
    assert abs(large.fun - float(small.fun)) < 1e-12


def _random_program(rng: np.random.Generator) -> dict:
    n = int(rng.integers(1, 6))
    mu, me = int(rng.integers(0, 5)), int(rng.integers(0, 3))
    kinds = [(0, None), (None, None), (-2, 3), (None, 4), (1, 1)]
    return {
        "c": rng.integers(-5, 6, n).tolist(),
        "A_ub": rng.integers(-5, 6, (mu, n)).tolist() or None,
        "b_ub": rng.integers(-3, 8, mu).tolist() or None,
        "A_eq": rng.integers(-3, 4, (me, n)).tolist() or None,
        "b_eq": rng.integers(-3, 4, me).tolist() or None,
        "bounds": [kinds[k] for k in rng.integers(0, 5, n)],
    }


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_highs_on_random_programs(seed: int) -> None:
    """300 random integer programs per seed (up to 5 variables, 4 ``≤`` and 2 ``=``
    rows, every kind of bound): the same status as HiGHS, and the same optimal value
    within 1e-9. HiGHS' presolve sometimes says "infeasible" (or status 4) for an
    unbounded program; then a zero objective tells the two apart (feasible means
    unbounded). Every exact optimum is checked against its constraints in rationals."""
    rng = np.random.default_rng(seed)
    for _ in range(300):
        p = _random_program(rng)
        ours = linprog_exact(**p)
        theirs = highs(**p, method="highs")
        status = theirs.status
        if status == 4 or {status, ours.status} == {2, 3}:
            feasible = highs(**{**p, "c": [0] * len(p["c"])}, method="highs").status == 0
            status = 3 if feasible else 2
        assert ours.status == status, p
        if ours.status == 0:
            assert ours.x is not None
            assert abs(float(ours.fun) - theirs.fun) <= 1e-9 * max(1.0, abs(theirs.fun)), p
            for row, b in zip(p["A_ub"] or [], p["b_ub"] or [], strict=True):
                assert sum(a * x for a, x in zip(row, ours.x, strict=True)) <= b
            for row, b in zip(p["A_eq"] or [], p["b_eq"] or [], strict=True):
                assert sum(a * x for a, x in zip(row, ours.x, strict=True)) == b


def test_fractional_data_is_exact() -> None:
    """A program in thirds and sevenths: ``min x + y`` with ``x/3 + y/7 ≥ 1``. The
    cheapest point covers the row with the variable giving more per unit of cost: x
    gives 1/3, y only 1/7, so x = 3, y = 0, value exactly 3 (y alone would cost 7)."""
    r = linprog_exact([1, 1], A_ub=[[F(-1, 3), F(-1, 7)]], b_ub=[-1])
    assert r.x == (3, 0) and r.fun == 3 and isinstance(r.fun, Fraction)


def _feasible_program(rng: np.random.Generator) -> dict:
    """A random program with a known feasible point ``x0`` (so mostly optimal, often
    degenerate: many rows tight at ``x0``), up to 60 ``≤`` rows."""
    n, mu, me = int(rng.integers(2, 8)), int(rng.integers(5, 60)), int(rng.integers(0, 3))
    a_ub, a_eq = rng.integers(-2, 3, (mu, n)), rng.integers(0, 2, (me, n))
    x0 = rng.integers(0, 3, n)
    kinds = [(0, None), (None, None), (-2, 3), (None, 4), (0, 5)]
    return {
        "c": rng.integers(-3, 4, n).tolist(),
        "A_ub": a_ub.tolist(),
        "b_ub": (a_ub @ x0 + rng.integers(0, 2, mu)).tolist(),
        "A_eq": a_eq.tolist() or None,
        "b_eq": (a_eq @ x0).tolist() or None,
        "bounds": [kinds[k] for k in rng.integers(0, 5, n)],
    }


@pytest.mark.parametrize("seed", range(2))
def test_float_guided_path_gives_the_exact_answer(seed: int) -> None:
    """The float-guided path (``guided=True``: Bland's method in floats, its final basis
    certified in rationals, the exact pivots when that fails) returns the same result
    as the exact pivots alone (``guided=False``): the same status, vertex, value,
    multipliers, Farkas vector or ray. Both follow Bland's rule from the same basis, so
    on these integer programs they end on the same basis; whatever the floats did, a
    returned optimum has passed the exact certificate. 150 small programs of every
    kind (the HiGHS test's) and 150 larger, degenerate, mostly feasible ones."""
    rng = np.random.default_rng(100 + seed)
    for k in range(300):
        p = _random_program(rng) if k % 2 else _feasible_program(rng)
        exact = linprog_exact(**p, guided=False)
        assert linprog_exact(**p, guided=True) == exact, p


def test_float_guided_path_on_the_security_council_program(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The least-core profile program of the UN Security Council game [39; 7 x 5, 1 x 10]
    (two classes: 5 permanent, 10 elected members; profiles ``k = (p, e)`` with
    ``0 ≠ k ≠ (5, 10)``): ``min ε`` s.t. ``p y1 + e y2 + ε ≥ V(k)``, ``5 y1 + 10 y2 = 1``,
    with ``V(k) = 1`` iff ``p = 5`` and ``e ≥ 4``. On the equality ``5 y1 = 1 - 10 y2``,
    the excess of (5, 4) is ``1 - 5 y1 - 4 y2 = 6 y2`` and that of (0, 1) is ``-y2``,
    so ``ε ≥ max(6 y2, -y2) ≥ 0``, with equality only at ``y2 = 0``, ``y1 = 1/5``; there
    every winning profile (5, e ≥ 4) has excess ``1 - 1 = 0`` and every losing one
    ``-p/5 ≤ 0``: ``ε* = 0`` at ``y = (1/5, 0)`` (the veto players share the unit).
    67 rows: the float-guided path certifies its basis (no fallback to the exact
    pivots), and agrees with the exact pivots in every number."""
    import alliance_games.solvers.kernels.rational_lp as module

    certified = []
    original = module._basic_solution

    def spy(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        certified.append(found is not None)
        return found

    profiles = [(p, e) for p in range(6) for e in range(11) if (p, e) not in {(0, 0), (5, 10)}]
    a_ub = [[-p, -e, -1] for p, e in profiles]
    b_ub = [-1 if p == 5 and e >= 4 else 0 for p, e in profiles]
    args = ([0, 0, 1], a_ub, b_ub, [[5, 10, 0]], [1])
    monkeypatch.setattr(module, "_basic_solution", spy)
    r = linprog_exact(*args, bounds=[(None, None)] * 3)
    assert certified == [True]
    assert r.x == (F(1, 5), 0, 0) and r.fun == 0
    assert r == linprog_exact(*args, bounds=[(None, None)] * 3, guided=False)


def test_float_guided_path_with_numbers_beyond_floats() -> None:
    """A coefficient of ``10^400`` does not fit a float: the guided path gives up and
    the exact pivots answer. ``min x`` with ``10^400 x ≥ 1`` (as ``-10^400 x ≤ -1``):
    ``x = 10^-400``, exactly. ``min y - x`` with ``x + 10^-400 y = 1``: ``10^-400``
    rounds to 0 in floats, yet the float basis {x} is right and passes the exact
    certificate: ``x = 1``, ``y = 0``, value -1, with the multiplier ``-1`` of the row
    (reduced cost of y: ``1 - 10^-400·(-1) > 0``; raising y lowers x by ``10^-400 y``
    and costs ``y(1 + 10^-400)`` net)."""
    big = 10**400
    r = linprog_exact([1], A_ub=[[-big]], b_ub=[-1], guided=True)
    assert r.x == (F(1, big),) and r == linprog_exact([1], A_ub=[[-big]], b_ub=[-1],
                                                       guided=False)
    r = linprog_exact([-1, 1], A_eq=[[1, F(1, big)]], b_eq=[1], guided=True)
    assert r.x == (1, 0) and r.fun == -1 and r.eq_marginals == (-1,)
