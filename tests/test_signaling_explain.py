"""``explain`` for the signaling family: symbolic conditions against domain.md §4.1.

Sinking costs (Fearon 1997, discrete): with no resolved challengers (ρ = 0), H fights
and L concedes when challenged, μ* = g/(g + c). Published/derived characterisation:

* separating (H mobilises, L does not; the challenger stays out after mobilisation and
  challenges otherwise) iff v_L <= k <= v_H - w_H;
* semi-separating (L bluffs): σ_L = π(1-μ*)/((1-π)μ*) = π c / ((1-π) g) and the
  challenge probability after mobilisation q = 1 - k/v_L, existing iff k < v_L and
  π < μ*.
"""

from __future__ import annotations

import functools
import random

import sympy

from alliance_games.analysis.explain import explain
from alliance_games.analysis.signaling_explain import signaling_conditions
from alliance_games.modeling.loader import load

S = sympy.Symbol
PI, K, VL, VH, WH, G, C, RHO = (S(n) for n in (
    "p_resolute", "mobilization_cost", "value_irresolute", "value_resolute",
    "war_value_resolute", "gain_from_concession", "cost_of_war", "p_resolved_challenger"))


@functools.cache
def _conditions():
    conditions, responses = signaling_conditions(load("extended_deterrence/sinking_costs"))
    return conditions, responses


def test_separating_region_matches_fearon():
    """At 200 random parameter points (ρ = 0) the explained separating condition equals
    v_L <= k <= v_H - w_H (with g, c, π > 0)."""
    conditions, _ = _conditions()
    sep = [c for c in conditions
           if c.description == "separating (Resolute: Mobilize; Irresolute: Stay put)"
           and c.receiver == "Stay out after Mobilize (Opportunistic), Challenge after Stay "
           "put (Opportunistic)"]
    assert len(sep) == 1
    rng = random.Random(1)
    for _ in range(200):
        tenth = [sympy.Rational(rng.randint(lo, hi), 10)
                 for lo, hi in ((0, 60), (1, 40), (1, 60), (1, 30))]
        point = {PI: sympy.Rational(rng.randint(1, 99), 100), RHO: 0,
                 K: tenth[0], VL: tenth[1], VH: tenth[2], WH: tenth[3],
                 G: 1, C: 1, S("war_value_irresolute"): -1}
        expected = point[VL] <= point[K] <= point[VH] - point[WH]
        assert bool(sep[0].condition.xreplace(point)) == expected


def test_semi_separating_formulas():
    """σ_L = π c/((1-π) g) and q = 1 - k/v_L at ρ = 0 (domain §4.1)."""
    conditions, _ = _conditions()
    semi = [c for c in conditions if c.kind == "semi-separating"
            and c.description.startswith("semi-separating (Resolute: Mobilize; Irresolute")
            and c.receiver.endswith("; Challenge after Stay put")]
    assert len(semi) == 1
    sigma = semi[0].formulas["sigma"]
    q = semi[0].formulas["q"].subs(RHO, 0)
    assert sympy.simplify(sigma - PI * C / ((1 - PI) * G)) == 0
    assert sympy.simplify(q - (1 - K / VL)) == 0
    # holds at k = 1, π = 1/4 (σ = 1/3, q = 1/2); fails at k = 5/2 (the default)
    at = {PI: sympy.Rational(1, 4), K: 1, VL: 2, VH: 4, WH: 1, G: 1, C: 1, RHO: 0,
          S("war_value_irresolute"): -1}
    assert semi[0].condition.xreplace(at) == sympy.true
    assert semi[0].holds == "fails"


def test_response_conditions_are_stated():
    """The resolute type fights iff war_value_resolute >= 0, the irresolute type concedes
    iff war_value_irresolute <= 0 (after either message: the sunk cost is paid anyway)."""
    _, responses = _conditions()
    texts = {t: c for t, c in responses}
    fight = texts["Defender (Resolute after Mobilize, Challenge): Fight"]
    assert sympy.simplify(fight) == (WH >= 0)
    concede = texts["Defender (Irresolute after Stay put, Challenge): Concede"]
    assert sympy.simplify(concede) == (S("war_value_irresolute") <= 0)


def test_explain_text_via_registry():
    text = explain(load("extended_deterrence/sinking_costs"))
    assert "Separating equilibria:" in text and "Semi-separating equilibria:" in text
    assert "[holds now]" in text
    assert "sigma = " in text
