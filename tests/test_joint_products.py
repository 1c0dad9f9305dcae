"""Joint products in alliance burden sharing (Sandler 1977; Murdoch and Sandler 1984).

Model: ``u_i = (w_i - x_i) + v_i [(1 - s) ln X + s ln x_i]``, ``X = Σ x_j``,
``v_i = a_i t_i`` (valuation times threat weight), ``s`` the private share.
"""

from __future__ import annotations

import math

import pytest

from alliance_games import load, solve
from alliance_games.games.public_goods import JointProductsGame, PublicGoodsGame
from alliance_games.interpretation.outcomes import predictions
from alliance_games.solvers.public_goods.joint_products import (
    joint_best_response,
    solve_joint_products,
)


def _symmetric(n: int, s: float, v: float = 1.0) -> JointProductsGame:
    return JointProductsGame.build([f"A{i}" for i in range(n)], incomes=[100] * n,
                                   valuations=[v] * n, private_share=s)


@pytest.mark.parametrize("n,s", [(2, 0), (2, 0.5), (3, 0), (3, 0.4), (3, 1), (5, 0.25)])
def test_symmetric_provision_ratio_by_hand(n: int, s: float) -> None:
    """Symmetric allies: the free-riding comparative static, derived by hand.

    Nash: by symmetry x_i = X/n; the first-order condition
    v (1 - s)/X + v s/x_i = 1 with x_i = X/n gives v (1 - s)/X + n v s / X = 1, so
    X_N = v (1 + (n - 1) s). Efficient: maximise Σ u_i; d/dx_j: n v (1 - s)/X + v s/x_j = 1;
    at x_j = X/n this is n v (1 - s)/X + n v s/X = 1, so X* = n v. Ratio
    X_N / X* = (1 + (n - 1) s)/n: 1/n at s = 0, 1 at s = 1, increasing in s with slope
    (n - 1)/n > 0. Incomes (100) never bind at v = 1.
    """
    r = solve_joint_products(_symmetric(n, s))
    assert r.extra["nash_total"] == pytest.approx(1 + (n - 1) * s, rel=1e-12)
    assert r.extra["efficient_total"] == pytest.approx(n, rel=1e-12)
    assert r.extra["provision_ratio"] == pytest.approx((1 + (n - 1) * s) / n, rel=1e-12)
    assert r.equilibria[0].regret <= 1e-12


def test_free_riding_weakens_as_private_share_rises() -> None:
    """The comparative static on an asymmetric alliance: the free-riding index
    1 - X_N/X* falls strictly as s rises from 0 to 1 (to 0 at s = 1, where each ally
    spends its own bliss level x_i = v_i, the efficient allocation), and at s = 0 the
    small allies spend nothing while at s > 0 every ally spends (BR_i(O) > 0 for s > 0:
    the root of x² + (O - v) x - v s O = 0 is positive when v s O > 0)."""
    base = dict(incomes=[100, 30, 15], valuations=[5, 1.5, 0.75], threats=[1, 1, 1.5])
    index = []
    for s in (0, 0.2, 0.4, 0.6, 0.8, 1):
        g = JointProductsGame.build(["Large", "Middle", "Small"], private_share=s, **base)
        r = solve_joint_products(g)
        index.append(r.extra["free_riding_index"])
        if s == 0:
            assert r.extra["free_riders"] == ("Middle", "Small")
        else:
            assert r.extra["free_riders"] == ()
    assert all(a > b for a, b in zip(index, index[1:], strict=False))
    assert index[-1] == pytest.approx(0, abs=1e-12)


def test_two_allies_closed_form() -> None:
    """v = (2, 1), s = 1/2, large incomes. Interior x_i = v_i s X/(X - v_i (1 - s)):
    x_1 = X/(X - 1), x_2 = X/(2X - 1). X = x_1 + x_2 gives 1 = 1/(X-1) + 1/(2X-1), i.e.
    (X - 1)(2X - 1) = 3X - 2, i.e. 2X² - 6X + 3 = 0, X = (3 + √3)/2 (the root above 1).
    Efficient: X* = v_1 + v_2 = 3."""
    g = JointProductsGame.build(["A", "B"], incomes=[10, 10], valuations=[2, 1],
                                private_share=0.5)
    r = solve_joint_products(g)
    big_x = (3 + math.sqrt(3)) / 2
    assert r.extra["nash_total"] == pytest.approx(big_x, rel=1e-12)
    assert r.extra["allies"]["A"]["contribution"] == pytest.approx(big_x / (big_x - 1), rel=1e-10)
    assert r.extra["efficient_total"] == pytest.approx(3, rel=1e-12)


def test_best_response_formula() -> None:
    """BR(O) = (v - O + sqrt((O - v)² + 4 v s O))/2: v = 2, s = 1/2, O = 1 gives
    (1 + √5)/2; at s = 0 it is max(0, v - O)."""
    assert joint_best_response(2, 0.5, 1, 10) == pytest.approx((1 + math.sqrt(5)) / 2)
    assert joint_best_response(2, 0, 1, 10) == pytest.approx(1)
    assert joint_best_response(2, 0, 3, 10) == 0


def test_zero_private_share_is_the_pure_public_good() -> None:
    """At s = 0 the model is the quasi_linear_log public good with valuations v_i = a_i t_i:
    the Nash totals of the two families agree (Olson and Zeckhauser: X = max v_i)."""
    g = JointProductsGame.build(["A", "B", "C"], incomes=[100, 30, 15],
                                valuations=[5, 2, 1], threats=[1, 3, 1], private_share=0)
    pure = PublicGoodsGame.build(["A", "B", "C"], incomes=[100, 30, 15],
                                 valuations=[5, 6, 1])
    r1, r2 = solve_joint_products(g), solve(pure)
    assert r1.extra["nash_total"] == pytest.approx(6)
    assert r1.extra["nash_total"] == pytest.approx(float(r2.extra["nash_total"]))
    assert r1.extra["free_riders"] == ("A", "C")


def test_catalog_model_and_override() -> None:
    """`alliance/joint_products --set private_share=0.4`: the catalog model solves, its
    predictions state the comparative static, and private_share=0 brings back free riders."""
    r = solve(load("alliance/joint_products", overrides={"private_share": "0.4"}))
    text = " ".join(predictions(r))
    assert "Free riding weakens as the private share rises" in text
    assert r.extra["provision_ratio"] > r.extra["pure_public_good_provision_ratio"]
    r0 = solve(load("alliance/joint_products", overrides={"private_share": "0"}))
    assert r0.extra["free_riders"] == ("Middle ally", "Front-line ally")


def test_explain_gives_the_comparative_static() -> None:
    """explain states the identical-ally ratio (1 + (n - 1) s)/n and, for three identical
    allies at s = 0.4, evaluates it to 0.6000."""
    from alliance_games.analysis.explain import explain

    g = JointProductsGame.build(["A", "B", "C"], incomes=[100] * 3, valuations=[1] * 3,
                                private_share=0.4, info={"kind": "joint_products"})
    text = explain(g)
    assert "(1 + (n - 1) s) / n" in text and "n = 3: 0.6000" in text
