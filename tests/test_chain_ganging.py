"""Chain-ganging and buck-passing (Christensen and Snyder 1990), our formalisation.

With k other states committing: u(Commit | k) = -c - L θ (n - k - 1)/n and
u(Pass | k) = -L θ (n - k)/n + r (1 - θ) [k > 0]. Committing gains L θ/n - c when no one
else commits and L θ/n - c - r (1 - θ) when someone does.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from alliance_games import load, solve
from alliance_games.interpretation.outcomes import predictions
from alliance_games.modeling.chain_ganging import regime, thresholds


def _pure_profiles(result):  # type: ignore[no-untyped-def]
    out = set()
    for eq in result.equilibria:
        if eq.strategies is None:
            continue
        if all(max(float(v) for v in s.values()) == 1 for s in eq.strategies.values()):
            out.add(tuple(max(s, key=lambda a: float(s[a])) for s in eq.strategies.values()))
    return out


def test_thresholds_by_hand() -> None:
    """n = 3, L = 8, c = 1, r = 1: θ_pass = c n/L = 3/8; θ_chain = (c + r)/(L/n + r)
    = 2/(8/3 + 1) = 6/11. n = 4: 4/8 = 1/2 and 2/(2 + 1) = 2/3."""
    assert thresholds(3, 8, 1, 1) == (Fraction(3, 8), Fraction(6, 11))
    assert thresholds(4, 8, 1, 1) == (Fraction(1, 2), Fraction(2, 3))
    assert regime(3, Fraction(4, 5), 8, 1, 1) == "chain-ganging"
    assert regime(3, Fraction(3, 10), 8, 1, 1) == "buck-passing"
    assert regime(3, Fraction(1, 2), 8, 1, 1) == "one state balances"


@pytest.mark.parametrize("offense,expected", [
    ("0.8", {("Commit", "Commit", "Commit")}),
    ("0.3", {("Pass", "Pass", "Pass")}),
    ("0.5", {("Commit", "Pass", "Pass"), ("Pass", "Commit", "Pass"),
             ("Pass", "Pass", "Commit")}),
])
def test_regimes_pure_equilibria(offense: str, expected: set[tuple[str, ...]]) -> None:
    """θ = 0.8 > 6/11: Commit gains 8(0.8)/3 - 1 - 0.2 = 0.933 > 0 even when others commit:
    dominant, unique equilibrium all Commit (chain-ganging). θ = 0.3 < 3/8: Commit gains
    8(0.3)/3 - 1 = -0.2 < 0 even when no one else commits: all Pass (buck-passing).
    θ = 0.5: alone Commit gains 4/3 - 1 = 1/3 > 0, with another committed
    4/3 - 1 - 1/2 = -1/6 < 0: pure equilibria have exactly one committed state."""
    r = solve(load("alliance/chain_ganging", overrides={"offense": offense}), "pure")
    assert _pure_profiles(r) == expected


def test_four_states_and_multipolarity() -> None:
    """`--set n_states=4` at θ = 0.8 > 2/3: chain-ganging; n = 8: θ_pass = 8/8 = 1 > 0.8,
    so every state passes (more states, each commitment matters less)."""
    four = solve(load("alliance/chain_ganging", overrides={"n_states": "4"}))
    assert _pure_profiles(four) == {("Commit",) * 4}
    text = " ".join(predictions(four))
    assert "Chain-ganging" in text
    eight = solve(load("alliance/chain_ganging", overrides={"n_states": "8"}), "pure")
    assert _pure_profiles(eight) == {("Pass",) * 8}


def test_mixed_equilibrium_between_thresholds() -> None:
    """θ = 0.5, n = 3: symmetric mixed equilibrium with commit probability p: a state is
    indifferent when P(no other commits) * (1/3) + P(some other commits) * (-1/6) = 0,
    i.e. 2 (1-p)² = 1 - (1-p)², so (1-p)² = 1/3 and p = 1 - 1/√3 = 0.42265."""
    r = solve(load("alliance/chain_ganging", overrides={"offense": "0.5"}))
    ps = [float(eq.strategies["France"]["Commit"]) for eq in r.equilibria  # type: ignore[index]
          if all(0 < float(s["Commit"]) < 1 for s in eq.strategies.values())]  # type: ignore[union-attr]
    assert any(abs(p - (1 - 3 ** -0.5)) < 1e-9 for p in ps)


def test_explain_states_the_thresholds() -> None:
    """explain prints θ_chain = 6/11 = 0.54545 and θ_pass = 3/8 = 0.375 and which holds."""
    from alliance_games.analysis.explain import explain

    text = explain(load("alliance/chain_ganging"))
    assert "0.54545   [holds now]" in text and "0.375   [fails now]" in text


def test_json_analysis_carries_the_thresholds() -> None:
    """`solve --format json`: analysis.chain_ganging holds θ_pass = 3/8, θ_chain = 6/11 and
    the regime (chain-ganging at θ = 0.8)."""
    from alliance_games.report.json import result_to_dict

    doc = result_to_dict(solve(load("alliance/chain_ganging")))
    cg = doc["analysis"]["chain_ganging"]
    assert cg["buck_passing_below"] == 0.375 and cg["regime"] == "chain-ganging"
    assert abs(cg["chain_ganging_above"] - 6 / 11) < 1e-15
