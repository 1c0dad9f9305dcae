"""The ``exact`` mirror without ``--exact`` (issue 13 non-negotiable; docs/output.md).

Vertex enumeration, support enumeration, the pure solver and Lemke-Howson certify the
equilibria of a rational game in rational arithmetic whether or not ``--exact`` is
given; the default (float) run keeps the certified integers
(:class:`~alliance_games.equilibrium.ExactProfile`) and JSON writes the same ``exact``
map as ``--exact`` does. Only the run's top-level ``"exact"`` flag (the mode: reported
numbers are Fractions) and the numeric fields differ between the two runs.
"""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import numpy as np
import pytest
import sympy
from oracles import enummixed_set

from alliance_games import load, solve
from alliance_games.equilibrium import ExactProfile
from alliance_games.games.normal import NormalFormGame
from alliance_games.report.json import render_json
from alliance_games.report.markdown import render_markdown
from alliance_games.report.text import render_text


def _doc(result, exact: bool = False) -> dict:
    return json.loads(render_json(result, exact=exact))


def test_chicken_mixed_equilibrium_exact_without_the_flag() -> None:
    """Chicken from the catalog (models/security_dilemma/chicken.yaml): T = prize = 4,
    R = compromise = 3, S = concession = 1, P = -cost_of_war = -10; strategies
    (Back down, Stand firm), symmetric.

    If State B backs down with probability y, State A gets
    Back down: R y + S (1 - y) = 3y + (1 - y) = 1 + 2y,
    Stand firm: T y + P (1 - y) = 4y - 10(1 - y) = 14y - 10.
    Indifference: 1 + 2y = 14y - 10, so 12 y = 11, y = 11/12 (and x = 11/12 by
    symmetry); the payoff is 1 + 2 * 11/12 = 1 + 22/12 = 34/12 = 17/6 for each.
    Outcomes: both back down (compromise) (11/12)^2 = 121/144, both stand firm (war)
    (1/12)^2 = 1/144, one backs down (capitulation) 2 * 11/12 * 1/12 = 22/144 = 11/72.
    """
    game = load("security_dilemma/chicken")
    result = solve(game)
    assert result.exact is False  # the run's mode: floats reported
    doc = _doc(result)
    assert doc["exact"] is False
    mixed = next(eq for eq in doc["equilibria"] if not eq["pure"])
    third = {"Back down": "11/12", "Stand firm": "1/12"}
    assert mixed["exact"] == {
        "strategies": {"State A": third, "State B": third},
        "payoffs": {"State A": "17/6", "State B": "17/6"},
        "outcomes": {"compromise": "121/144", "war": "1/144", "capitulation": "11/72"},
    }
    assert mixed["strategies"]["State A"]["Back down"] == 11 / 12  # nearest double
    # the same strings --exact writes
    exact_doc = _doc(solve(game, exact=True), exact=True)
    assert exact_doc["exact"] is True
    assert [eq["exact"] for eq in exact_doc["equilibria"]] == [
        eq["exact"] for eq in doc["equilibria"]]


def test_pure_equilibrium_integer_strings() -> None:
    """Chicken's pure equilibrium (Back down, Stand firm): A gets S = concession = 1,
    B gets T = prize = 4, the outcome is capitulation for certain. A certified
    equilibrium's mirror is complete, integers included: probabilities "1" and "0"."""
    doc = _doc(solve(load("security_dilemma/chicken")))
    first = doc["equilibria"][0]
    assert first["exact"] == {
        "strategies": {"State A": {"Back down": "1", "Stand firm": "0"},
                       "State B": {"Back down": "0", "Stand firm": "1"}},
        "payoffs": {"State A": "1", "State B": "4"},
        "outcomes": {"capitulation": "1"},
    }
    assert first["payoffs"] == {"State A": 1, "State B": 4}  # numeric fields unchanged


def _random_rational_game(seed: int) -> NormalFormGame:
    """A 4x4 bimatrix game with payoffs p/q, p in -20..20, q in 1..9 (often degenerate
    enough to have several equilibria, never irrational)."""
    rng = np.random.default_rng([13, seed])
    nums = rng.integers(-20, 21, size=(2, 4, 4)).tolist()
    dens = rng.integers(1, 10, size=(2, 4, 4)).tolist()
    return NormalFormGame.from_payoff_array(
        [[[Fraction(p, q) for p, q in zip(pr, qr, strict=True)]
          for pr, qr in zip(pm, qm, strict=True)] for pm, qm in zip(nums, dens, strict=True)])


def _check_exact_equilibrium(game: NormalFormGame, eq: dict) -> None:
    """The exact equilibrium conditions, in Fractions, from the JSON strings alone:
    x, y are distributions; every pure strategy earns at most the equilibrium payoff
    (A y)_i <= x A y and (x B)_j <= x B y, with equality on the supports; the exact
    payoffs are x A y and x B y; the floats are the doubles nearest to the strings."""
    a, b = game.exact_payoffs
    block = eq["exact"]["strategies"]
    x = [Fraction(block["P1"][s]) for s in game.strategies[0]]
    y = [Fraction(block["P2"][s]) for s in game.strategies[1]]
    assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
    rows = [sum((a[i, j] * y[j] for j in range(4)), Fraction(0)) for i in range(4)]
    cols = [sum((b[i, j] * x[i] for i in range(4)), Fraction(0)) for j in range(4)]
    value_a = sum((p * v for p, v in zip(x, rows, strict=True)), Fraction(0))
    value_b = sum((q * v for q, v in zip(y, cols, strict=True)), Fraction(0))
    assert max(rows) == value_a and max(cols) == value_b
    assert all(rows[i] == value_a for i in range(4) if x[i] > 0)
    assert all(cols[j] == value_b for j in range(4) if y[j] > 0)
    assert Fraction(eq["exact"]["payoffs"]["P1"]) == value_a
    assert Fraction(eq["exact"]["payoffs"]["P2"]) == value_b
    for player, dist in block.items():
        for s, text in dist.items():
            assert eq["strategies"][player][s] == float(Fraction(text))


@pytest.mark.parametrize("seed", range(12))
def test_random_rational_4x4_every_default_mirror_is_an_exact_equilibrium(seed: int) -> None:
    """Every equilibrium of the default JSON carries an ``exact`` map that satisfies the
    exact equilibrium conditions (checked by hand in Fractions), and the maps are
    Gambit's rational ``enummixed`` list (oracle) and what ``--exact`` writes."""
    game = _random_rational_game(seed)
    doc = _doc(solve(game))
    assert doc["exact"] is False and doc["equilibria"]
    for eq in doc["equilibria"]:
        _check_exact_equilibrium(game, eq)
    ours = {tuple(tuple(Fraction(eq["exact"]["strategies"][p][s]) for s in names)
                  for p, names in zip(game.players, game.strategies, strict=True))
            for eq in doc["equilibria"]}
    assert ours == enummixed_set(game)
    exact_doc = _doc(solve(game, exact=True), exact=True)
    assert [eq["exact"] for eq in doc["equilibria"]] == [
        eq["exact"] for eq in exact_doc["equilibria"]]


@pytest.mark.parametrize("method", ["support-enumeration", "pure", "lemke-howson", "iesds"])
def test_the_other_certifying_methods_write_the_same_mirror(method: str) -> None:
    """Support enumeration, the pure solver, Lemke-Howson and iterated dominance (its
    pure equilibria, checked exactly) certify rational games exactly in either mode:
    the default JSON's maps equal ``--exact``'s, and each is an exact equilibrium
    (conditions checked in Fractions)."""
    for seed in range(4):
        game = _random_rational_game(seed)
        doc = _doc(solve(game, method=method))
        exact_doc = _doc(solve(game, method=method, exact=True), exact=True)
        assert doc["equilibria"]
        assert len(doc["equilibria"]) == len(exact_doc["equilibria"])
        for eq, twin in zip(doc["equilibria"], exact_doc["equilibria"], strict=True):
            _check_exact_equilibrium(game, eq)
            assert eq["exact"] == twin["exact"]


def test_pure_within_tolerance_only_gets_no_mirror() -> None:
    """Row payoffs 1 and 1 + 1e-12 (column player indifferent): in floats both rows are
    best responses within the tolerance, so the pure solver lists both profiles; in
    rationals only the second row is a best response, so only that equilibrium is
    certified and carries a mirror (the first is an equilibrium only to tolerance)."""
    eps = Fraction(1, 10**12)
    game = NormalFormGame.from_payoff_array([[[1], [1 + eps]], [[0], [0]]])
    doc = _doc(solve(game, method="pure"))
    assert [eq["strategies"]["P1"]["s1"] for eq in doc["equilibria"]] == [1, 0]
    assert "exact" not in doc["equilibria"][0]
    assert doc["equilibria"][1]["exact"]["strategies"]["P1"] == {"s1": "0", "s2": "1"}
    assert doc["equilibria"][1]["exact"]["payoffs"]["P1"] == str(1 + eps)


@pytest.mark.parametrize("method", ["auto", "support-enumeration", "pure", "lemke-howson"])
def test_irrational_payoffs_get_no_mirror(method: str) -> None:
    """Payoffs with sqrt(2) are not rational: nothing is certified exactly, so no
    equilibrium carries an ``exact`` map (matching pennies with a sqrt(2) stake has one
    mixed equilibrium, and a sqrt(2) coordination game two pure ones)."""
    r = sympy.sqrt(2)
    pennies = NormalFormGame.from_arrays([[[r, -r], [-r, r]], [[-r, r], [r, -r]]])
    coordination = NormalFormGame.from_arrays([[[r, 0], [0, 1]], [[r, 0], [0, 1]]])
    for game in (pennies, coordination):
        assert not game.is_exact
        result = solve(game, method=method)
        for eq in result:
            assert eq.certificate is None and eq.exact_form() is None
        for eq in _doc(result)["equilibria"]:
            assert "exact" not in eq
    assert len(solve(coordination, method="pure")) == 2


def test_irrational_spec_parameter_gets_no_mirror() -> None:
    """Chicken with cost_of_war = 10 sqrt(2) (a spec expression): P is irrational, so
    vertex enumeration works in floats (its diagnostics say so) and no equilibrium of the
    JSON has an ``exact`` map; the parameter itself is not rational either."""
    game = load("security_dilemma/chicken", {"cost_of_war": "sqrt(2)*10"})
    doc = _doc(solve(game))
    assert len(doc["equilibria"]) == 3
    assert all("exact" not in eq for eq in doc["equilibria"])
    assert any("irrational" in d for d in doc["diagnostics"])


def test_certificate_keeps_integers_and_text_outputs_are_unchanged() -> None:
    """The float record keeps the certifier's integers (no Fraction on the hot path);
    the exact record is built on demand. Stag hunt (4, 0 / 3, 2): the mixed
    equilibrium plays Restrain with 2/3 (indifference 4y = 3y + 2(1 - y), y = 2/3)."""
    game = load("security_dilemma/stag_hunt")
    result = solve(game)
    mixed = next(eq for eq in result if not eq.pure)
    assert isinstance(mixed.certificate, ExactProfile)
    assert all(type(w) is int for ws in mixed.certificate.weights for w in ws)
    exact = mixed.exact_form()
    assert exact is not None and exact.exact
    assert exact.strategies["State A"]["Restrain"] == Fraction(2, 3)
    assert exact.payoffs["State A"] == Fraction(8, 3)
    # text and Markdown read the float record: the certificate changes nothing there
    bare = dataclasses.replace(result, equilibria=tuple(
        dataclasses.replace(eq, certificate=None) for eq in result))
    assert render_text(result) == render_text(bare)
    assert render_markdown(result) == render_markdown(bare)
    assert "exact" not in json.dumps(_doc(bare)["equilibria"])  # the mirror came from it


def test_nplayer_rational_roots_volunteers_dilemma() -> None:
    """Volunteer's dilemma (models/alliance/volunteers_dilemma.yaml), 3 allies, b = 4,
    c = 1: intervening pays b - c = 3, abstaining pays b if someone else intervenes.
    Symmetric mixed: an ally is indifferent when b - c = b (1 - q^2) with q the others'
    abstention probability, so c = b q^2, q^2 = 1/4, q = 1/2 (intervene 1/2). With Ally 1
    abstaining for certain, Ally 2 is indifferent when 3 = 4 p (p: Ally 3 intervenes), so
    p = 3/4, and symmetrically for Ally 3. The n-player support enumeration solves these
    supports exactly in a default run: the mirror has the rational strings."""
    game = load("alliance/volunteers_dilemma")
    doc = _doc(solve(game))
    mirrors = [eq["exact"]["strategies"] for eq in doc["equilibria"]]
    half = {"Intervene": "1/2", "Abstain": "1/2"}
    assert {"Ally 1": half, "Ally 2": half, "Ally 3": half} in mirrors
    three_quarters = {"Intervene": "3/4", "Abstain": "1/4"}
    assert {"Ally 1": {"Intervene": "0", "Abstain": "1"}, "Ally 2": three_quarters,
            "Ally 3": three_quarters} in mirrors
    exact_doc = _doc(solve(game, exact=True), exact=True)
    assert [eq["exact"] for eq in doc["equilibria"]] == [
        eq["exact"] for eq in exact_doc["equilibria"]]


def test_nplayer_irrational_roots_keep_only_their_algebraic_strategies() -> None:
    """With b = 5 the symmetric mixed equilibrium has q = 1/sqrt(5) (c = b q^2):
    irrational, so its mirror holds only the algebraic probabilities (no payoffs, no
    outcomes), as before; the rational (pure and 3/4-type) ones are complete."""
    doc = _doc(solve(load("alliance/volunteers_dilemma", {"benefit": "5"})))
    irrational = [eq for eq in doc["equilibria"]
                  if all(0 < p < 1 for d in eq["strategies"].values() for p in d.values())]
    assert len(irrational) == 1
    assert set(irrational[0]["exact"]) == {"strategies"}
    assert irrational[0]["exact"]["strategies"]["Ally 1"]["Abstain"] == "sqrt(5)/5"
    others = [eq for eq in doc["equilibria"] if eq is not irrational[0]]
    assert others and all(set(eq["exact"]) == {"strategies", "payoffs", "outcomes"}
                          for eq in others)


def test_tree_families_write_the_exact_runs_mirror() -> None:
    """Subgame perfect (backward induction), PBE (signaling) and sequence-form solutions
    of rational trees: the default run's ``exact`` maps (behavior, beliefs, payoffs,
    outcomes) are those of ``--exact`` for every equilibrium."""
    for slug in ("extended_deterrence/unilateral_deterrence", "alliance/alliance_reliability",
                 "trust/reassurance", "reputation/chain_store"):
        game = load(slug)
        doc = _doc(solve(game))
        exact_doc = _doc(solve(game, exact=True), exact=True)
        assert doc["exact"] is False and doc["equilibria"]
        assert [eq["exact"] for eq in doc["equilibria"]] == [
            eq["exact"] for eq in exact_doc["equilibria"]], slug


def test_semi_separating_pbe_behavior_is_exact_in_a_default_run() -> None:
    """Fearon's sinking costs (tests/test_json_exact_signaling.fearon, π = 1/4, k = 1):
    in the semi-separating PBE type L signals with σ_L = 1/3, from Bayes' rule
    (1/4) / (1/4 + (3/4) σ_L) = μ* = 1/2; after the signal the challenger challenges
    with q = 1 - k / v_L = 1/2. The default run reports floats and the exact mirror."""
    from test_json_exact_signaling import fearon

    from alliance_games.solvers.signaling.pbe import solve_pbe

    doc = _doc(solve_pbe(fearon("1/4", k=1)))
    semi = next(eq for eq in doc["equilibria"] if eq["analysis"]["kind"] == "semi-separating")
    assert semi["behavior"]["Defender"]["L"]["Signal"] == 1 / 3
    assert semi["exact"]["behavior"]["Defender"]["L"] == {"Signal": "1/3", "No signal": "2/3"}
    assert semi["exact"]["behavior"]["Challenger"]["after Signal"] == {
        "Challenge": "1/2", "Not challenge": "1/2"}
