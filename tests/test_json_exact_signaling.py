"""Analysis fields of the signaling (PBE) and symmetric n-player families are exact in
JSON (issue 8).

With ``--exact`` every figure the solver knows exactly appears as a string in
``equilibria[i].analysis.exact`` (PBE: event probabilities, signals, off-path belief
ranges, continuum ranges) or ``analysis[.symmetric].exact`` (symmetric binary games:
the symmetric act probabilities, the gain table, the volunteer's-dilemma closed form),
beside its float. A PBE rational's float is the double nearest to it, bit for bit (the
volunteer's-dilemma closed form is computed in floats and its floats are kept as they
were: ``0.16000000000000003`` beside ``"4/25"``). Without
``--exact`` nothing changes: the same floats, no ``exact`` map in the analysis. The
expected values are derived by hand in each docstring, not taken from the solver.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy

from alliance_games import load, solve
from alliance_games.games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from alliance_games.report.json import render_json
from alliance_games.solvers.signaling.pbe import solve_pbe

F = Fraction
RATIONAL = re.compile(r"-?\d+(/\d+)?")



#: cases/anzus as it was (a volunteer's dilemma), kept for its irrational probability
ANZUS_VD = str(Path(__file__).resolve().parent / "data" / "anzus_volunteers_dilemma.yaml")

def _doc(result: Any, exact: bool = True) -> dict:
    def refuse(token: str) -> None:
        raise AssertionError(f"invalid JSON literal {token}")

    return json.loads(render_json(result, exact=exact), parse_constant=refuse)


def _pairs(values: Any, exact: Any, path: str = "") -> list[tuple[str, Any, str]]:
    """(path, number, exact string) for every string of an ``exact`` mirror."""
    out: list[tuple[str, Any, str]] = []
    if isinstance(exact, dict):
        for key, sub in exact.items():
            out += _pairs(values[key], sub, f"{path}.{key}")
    elif isinstance(exact, list):
        assert isinstance(values, list) and len(values) == len(exact), path
        for i, (v, sub) in enumerate(zip(values, exact, strict=True)):
            if sub is not None:
                out += _pairs(v, sub, f"{path}[{i}]")
    else:
        assert isinstance(exact, str), (path, exact)
        out.append((path, values, exact))
    return out


def _assert_mirror(block: dict, nearest: bool = True) -> int:
    """Each number of ``block`` with an exact string equals it: a rational's float is
    ``float(Fraction(text))`` bit for bit (an integer is a JSON integer), an algebraic
    number's float is within 1e-12 of sympy's value of the text.

    ``nearest=False`` for figures the solver computes in floating point (the
    volunteer's-dilemma closed form, ``(2/5)**2`` is ``0.16000000000000003``): their
    floats stay as they were, within a few ulps of the exact value."""
    pairs = _pairs(block, block["exact"])
    for path, value, text in pairs:
        if RATIONAL.fullmatch(text) and not nearest:
            assert abs(value - float(Fraction(text))) <= 4e-16 * max(1, abs(value)), path
        elif RATIONAL.fullmatch(text):
            assert float(value) == float(Fraction(text)), (path, value, text)
            assert isinstance(value, int) == (Fraction(text).denominator == 1), path
        else:
            exact = sympy.sympify(text)
            assert exact.is_real and abs(float(exact) - value) <= 1e-12, (path, value, text)
    return len(pairs)


def _strip_exact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_exact(v) for k, v in value.items() if k != "exact"}
    if isinstance(value, list):
        return [_strip_exact(v) for v in value]
    return value


# ------------------------------------------------------------------ signaling (PBE)
V_H, V_L, W_H, W_L, G, C_C = 4, 2, 1, -1, 1, 1


def fearon(pi: str, k: Any = 0) -> ExtensiveFormGame:
    """The discrete Fearon (1997) sinking-costs game of tests/test_pbe.py: the defender
    of type H (prior ``pi``) or L signals (S, sunk cost ``k``) or not (N); the challenger
    sees the message and challenges or not; a challenged defender fights or concedes.
    Payoffs (defender, challenger): not challenged ``(v_t - k[S], 0)``, war
    ``(w_t - k[S], -c_C)``, concession ``(-k[S], g)``; ``v_H = 4, v_L = 2, w_H = 1,
    w_L = -1, g = c_C = 1``."""

    def after(t: str, msg: str) -> Decision:
        v, w = (V_H, W_H) if t == "H" else (V_L, W_L)
        cost = F(k) if msg == "Signal" else 0
        concede = "bluff called" if (t == "L" and msg == "Signal") else "capitulation"
        return Decision("Challenger", {
            "Challenge": Decision("Defender", {"Fight": Terminal((w - cost, -C_C), "war"),
                                               "Concede": Terminal((-cost, G), concede)}),
            "Not challenge": Terminal((v - cost, 0), "deterrence success")},
            infoset=f"after {msg}")

    def defender(t: str) -> Decision:
        return Decision("Defender", {"Signal": after(t, "Signal"),
                                     "No signal": after(t, "No signal")}, infoset=t)

    return ExtensiveFormGame.from_tree(
        Chance({"H": (F(pi), defender("H")), "L": (1 - F(pi), defender("L"))}),
        players=("Defender", "Challenger"), name="fearon 1997")


def _by_kind(doc: dict) -> dict[str, dict]:
    return {eq["analysis"]["kind"]: eq for eq in doc["equilibria"]}


def test_semi_separating_sinking_costs_probabilities_are_exact_strings() -> None:
    """π = 1/4, k = 1: H always signals; L bluffs w.p. σ_L with μ(H | S) = μ* = 1/2,
    (1/4)/(1/4 + (3/4) σ_L) = 1/2, so σ_L = 1/3. L is indifferent at S when
    (1-q)(v_L - k) - q k = 0, q = 1 - k/v_L = 1/2 (the challenger challenges half the
    time after S, always after N since μ(H | N) = 0). Hence
    P(war) = π q = 1/8 (H fights), P(bluff called) = (1-π) σ_L q = (3/4)(1/3)(1/2) = 1/8,
    P(challenge) = π q + (1-π)(σ_L q + 1 - σ_L) = 1/8 + (3/4)(1/6 + 2/3) = 3/4 and
    P(deterrence success) = 1/4.
    """
    doc = _doc(solve_pbe(fearon("1/4", k=1), exact=True))
    semi = _by_kind(doc)["semi-separating"]["analysis"]
    assert semi["exact"]["probabilities"] == {
        "P(challenge)": "3/4", "P(deterrence success)": "1/4",
        "P(war)": "1/8", "P(bluff called)": "1/8",
    }
    assert semi["exact"]["signals"]["L"] == {"Signal": "1/3", "No signal": "2/3"}
    # every key and float as before, the floats the doubles nearest to the fractions
    assert semi["probabilities"]["P(bluff called)"] == float(F(1, 8))
    assert semi["signals"]["L"]["Signal"] == float(F(1, 3)) == 0.3333333333333333
    assert _assert_mirror(semi) >= 8


def test_pooling_off_path_belief_range_is_exact() -> None:
    """π = 1/4, k = 1, pooling on N: the challenger challenges after N (μ(H | N) = 1/4 <
    μ* = 1/2), so P(challenge) = 1 and P(war) = π = 1/4 (only H fights). Off the path L
    must not gain from S: not challenged it would get v_L - k = 1 > 0 = its payoff at N,
    so the challenger must challenge after S, a best response iff μ(H | S) ≤ μ* = 1/2:
    the sustaining range of μ(H | S) is [0, 1/2] (and of μ(L | S) [1/2, 1]).
    """
    doc = _doc(solve_pbe(fearon("1/4", k=1), exact=True))
    pool = _by_kind(doc)["pooling"]["analysis"]
    ranges = pool["exact"]["off_path_beliefs"]["Challenger"]["after Signal"]
    assert ranges == {"H/Signal": ["0", "1/2"], "L/Signal": ["1/2", "1"]}
    assert pool["off_path_beliefs"]["Challenger"]["after Signal"]["H/Signal"] == [0, 0.5]
    assert pool["exact"]["probabilities"]["P(war)"] == "1/4"
    assert pool["exact"]["probabilities"]["P(challenge)"] == "1"
    _assert_mirror(pool)


def test_eliminated_class_is_exact_in_the_result_analysis() -> None:
    """With refine='d1' the pooling class above is eliminated (D1 puts the belief after
    S on H); its record keeps its outcomes exactly: war w.p. π = 1/4 (H challenged and
    fighting), capitulation w.p. 3/4 (L challenged and conceding), and the defender's
    expected payoff π w_H + (1-π)·0 = 1/4."""
    doc = _doc(solve_pbe(fearon("1/4", k=1), exact=True, refine="d1"))
    gone = doc["analysis"]["exact"]["eliminated"][0]
    assert gone["outcomes"] == {"war": "1/4", "capitulation": "3/4"}
    assert gone["payoffs"]["Defender"] == "1/4"
    assert doc["analysis"]["eliminated"][0]["outcomes"]["war"] == 0.25


def test_catalog_signaling_models_mirror_every_figure() -> None:
    """Every PBE of the catalog's signaling models, solved exactly: each analysis has an
    ``exact`` map whose strings match the floats (nearest double for rationals); solved
    in floats the document has the very same floats and no ``exact`` map."""
    names = ["extended_deterrence/sinking_costs", "extended_deterrence/tying_hands",
             "extended_deterrence/audience_costs", "extended_deterrence/perfect_deterrence",
             "alliance/leadership_change"]  # alliance_reliability is now an extensive tree
    for name in names:
        game = load(name)
        exact_doc = _doc(solve(game, exact=True))
        float_doc = _doc(solve(game), exact=False)
        assert exact_doc["method"] == "pbe"
        for eq, feq in zip(exact_doc["equilibria"], float_doc["equilibria"], strict=True):
            analysis = eq["analysis"]
            assert set(analysis["exact"]["probabilities"]) == set(analysis["probabilities"])
            assert _assert_mirror(analysis) > 0
            assert "exact" not in feq["analysis"]
            assert _strip_exact(analysis) == feq["analysis"], name


def test_conditional_honor_probability() -> None:
    """``P(ally honors | challenge)`` is the ratio of two exact probabilities, so it is a
    fraction too: its string is P(ally honors)/P(challenge) computed from the strings.
    (On tying_hands, where the defender protects a protege; audience_costs, a crisis
    between two adversaries with no ally, no longer reports P(ally honors).)"""
    doc = _doc(solve(load("extended_deterrence/tying_hands"), exact=True))
    for eq in doc["equilibria"]:
        probs = eq["analysis"]["exact"]["probabilities"]
        if F(probs["P(challenge)"]):
            ratio = F(probs["P(ally honors)"]) / F(probs["P(challenge)"])
            assert F(probs["P(ally honors | challenge)"]) == ratio


# ------------------------------------------------------------ volunteer's dilemma
def _symmetric(doc: dict) -> dict:
    analysis = doc["analysis"]
    return analysis["symmetric"] if "symmetric" in analysis else analysis


def test_volunteers_dilemma_three_allies_rational() -> None:
    """Catalog b = 4, c = 1, n = 3: an ally is indifferent when acting (b - c) pays as
    much as abstaining, b (1 - q^2) with q the others' abstention: q^2 = c/b = 1/4,
    q = 1/2, so p* = 1 - (c/b)^(1/(n-1)) = 1/2. No one acts w.p. q^3 = 1/8; with m allies
    (1/4)^(m/(m-1)): 1/16 for m = 2, 1/8 for m = 3; the limit c/b = 1/4; payoff b - c = 3.
    """
    doc = _doc(solve(load("alliance/volunteers_dilemma"), exact=True))
    sym = _symmetric(doc)
    assert sym["exact"]["symmetric_act_probabilities"] == ["1/2"]
    vd = sym["exact"]["volunteers_dilemma"]
    assert vd["act_probability"] == "1/2"
    assert vd["probability_no_one_acts"] == "1/8"
    assert vd["probability_no_one_acts_by_group_size"]["2"] == "1/16"
    assert vd["limit_as_n_grows"] == "1/4"
    assert vd["expected_payoff"] == "3"
    p = sympy.Rational(1) - (sympy.Rational(1, 4)) ** sympy.Rational(1, 2)
    assert sympy.sympify(vd["act_probability"]) == p
    assert _assert_mirror({"symmetric_act_probabilities": sym["symmetric_act_probabilities"],
                           "exact": {"symmetric_act_probabilities":
                                     sym["exact"]["symmetric_act_probabilities"]}}) == 1
    assert _assert_mirror(sym, nearest=False) > 10


def test_anzus_irrational_symmetric_probability() -> None:
    """The volunteer's-dilemma ANZUS fixture (cases/anzus before it became Morrow's
    asymmetric alliance: tests/data/anzus_volunteers_dilemma.yaml): b = 5, c = 2, n = 3:
    q^2 = c/b = 2/5, p* = 1 - sqrt(2/5) = 1 - sqrt(10)/5 ≈ 0.3675; no one acts w.p.
    (2/5)^(3/2) = 2 sqrt(10)/25; with two allies (2/5)^2 = 4/25."""
    doc = _doc(solve(load(ANZUS_VD), exact=True))
    sym = _symmetric(doc)
    p_star = 1 - sympy.sqrt(sympy.Rational(2, 5))
    text = sym["exact"]["symmetric_act_probabilities"][0]
    assert sympy.simplify(sympy.sympify(text) - p_star) == 0
    vd = sym["exact"]["volunteers_dilemma"]
    assert sympy.simplify(sympy.sympify(vd["act_probability"]) - p_star) == 0
    nobody = sympy.Rational(2, 5) ** sympy.Rational(3, 2)
    assert sympy.simplify(sympy.sympify(vd["probability_no_one_acts"]) - nobody) == 0
    assert vd["probability_no_one_acts_by_group_size"]["2"] == "4/25"
    assert abs(sym["symmetric_act_probabilities"][0] - float(p_star)) < 1e-15
    assert sym["volunteers_dilemma"]["probability_no_one_acts_by_group_size"]["2"] == (
        0.16000000000000003)  # (2/5)**2 in floats, kept as it was
    _assert_mirror(sym, nearest=False)


def test_four_allies_root_in_radicals() -> None:
    """n = 4, b = 4, c = 1: q^3 = 1/4, p* = 1 - 4^(-1/3) = 1 - 2^(1/3)/2, a root of the
    cubic D(p) = 3 - 4 (1 - (1-p)^3) that sympy isolates as a CRootOf; the exact string
    states it in radicals."""
    doc = _doc(solve(load("alliance/volunteers_dilemma", {"n_allies": 4}), exact=True))
    sym = _symmetric(doc)
    text = sym["exact"]["symmetric_act_probabilities"][0]
    assert "CRootOf" not in text
    p_star = 1 - sympy.Rational(1, 4) ** sympy.Rational(1, 3)
    assert sympy.simplify(sympy.sympify(text) - p_star) == 0
    _assert_mirror(sym, nearest=False)


def test_volunteers_dilemma_without_exact_is_unchanged() -> None:
    """Solved in floats the symmetric analysis has no ``exact`` map and the same floats
    as the exact solve (both from the same closed form)."""
    for spec, overrides in [("alliance/volunteers_dilemma", {}), (ANZUS_VD, {}),
                            ("alliance/volunteers_dilemma", {"n_allies": 9})]:
        exact_sym = _symmetric(_doc(solve(load(spec, overrides), exact=True)))
        float_sym = _symmetric(_doc(solve(load(spec, overrides)), exact=False))
        assert "exact" not in float_sym
        assert _strip_exact(exact_sym) == float_sym
