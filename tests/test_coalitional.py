"""Coalitional games: power indices, winning coalitions, the core and its certificates.

Each oracle is derived by hand in its docstring or taken from the literature (the UN
Security Council's indices: Straffin 1994; Felsenthal & Machover 1998).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from fractions import Fraction as F
from pathlib import Path

import pytest

from alliance_games import load, solve
from alliance_games.budget import Budget, BudgetExceeded
from alliance_games.errors import GameError, SpecError
from alliance_games.games.coalitional import CoalitionalGame
from alliance_games.solvers.coalitional.core import (
    check_allocation,
    check_balanced,
    least_core,
    nucleolus,
)
from alliance_games.solvers.coalitional.indices import (
    banzhaf_counts,
    banzhaf_indices,
    minimal_winning_masks,
    shapley_value,
    veto_players,
)
from alliance_games.solvers.coalitional.nucleolus import exact_nucleolus
from alliance_games.solvers.coalitional.solve import solve_coalitional

ROOT = Path(__file__).resolve().parents[1]


def load_text(tmp_path: Path, text: str) -> object:
    """Write ``text`` to a spec file and load it (specs are files, not strings)."""
    path = tmp_path / f"spec{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(text)
    return load(str(path))


def weighted(weights: list[int], quota: int) -> CoalitionalGame:
    names = [chr(ord("A") + i) for i in range(len(weights))]
    return CoalitionalGame.weighted_voting(names, weights, quota)


def test_power_indices_of_3_2_1_1() -> None:
    """[3; 2, 1, 1]. Orders of A, B, C (6): A is pivotal unless it comes first (B, C
    alone weigh 2 < 3), i.e. in 4 orders; B is pivotal only in A-B-C, C only in A-C-B.
    Shapley-Shubik (4/6, 1/6, 1/6) = (2/3, 1/6, 1/6).
    Swings: A turns {B}, {C}, {B, C} (weights 1, 1, 2) into winners: 3; B turns {A}
    (2 -> 3): 1; C likewise 1. Normalised Banzhaf (3/5, 1/5, 1/5); raw η/2^(n-1) =
    (3/4, 1/4, 1/4). A is in every winning coalition ({A,B}, {A,C}, {A,B,C}): a veto
    player; the minimal winning coalitions are {A,B} and {A,C}."""
    g = weighted([2, 1, 1], 3)
    assert shapley_value(g) == (F(2, 3), F(1, 6), F(1, 6))
    assert banzhaf_counts(g) == (3, 1, 1)
    raw, norm = banzhaf_indices(g)
    assert raw == (F(3, 4), F(1, 4), F(1, 4))
    assert norm == (F(3, 5), F(1, 5), F(1, 5))
    assert veto_players(g) == ("A",)
    assert sorted(g.members(int(m)) for m in minimal_winning_masks(g)) == [
        ("A", "B"), ("A", "C")]


def test_un_security_council_published_indices() -> None:
    """[39; 7x5, 1x10]. An elected member is pivotal in an order when the members before
    it are the five permanent ones and exactly three of the other nine elected: choose
    the three (C(9,3) = 84), order the eight before it (8!) and the six after (6!), so
    its Shapley-Shubik index is 84·8!·6!/15! = 4/2145
    (Straffin 1994, 0.001865), of a permanent member (1 - 10·4/2145)/5 = 421/2145
    (0.19627). Banzhaf swings: an elected member swings when the coalition holds all
    five permanent and exactly three of the other nine elected: C(9,3) = 84; a permanent
    member swings in every coalition of the other four permanent and at least four
    elected: Σ_{k>=4} C(10,k) = 1024 - 1 - 10 - 45 - 120 = 848 (Felsenthal & Machover
    1998: normalised 0.1669 and 0.0165)."""
    result = solve(load("coalitions/weighted_majority"))
    a = result.extra
    assert a["shapley_value"]["China"] == F(421, 2145)
    assert a["shapley_value"]["Elected 7"] == F(4, 2145)
    assert a["banzhaf_swings"]["United States"] == 848
    assert a["banzhaf_swings"]["Elected 1"] == 84
    assert a["banzhaf_index"]["France"] == F(848, 5080)
    assert a["veto_players"] == ["China", "France", "Russia", "United Kingdom",
                                 "United States"]
    assert a["core_empty"] is False and a["core_certificate_verified"] is True
    assert a["minimal_winning_count"] == 210  # C(10, 4): the five permanent + four elected
    assert a["nucleolus"]["China"] == pytest.approx(0.2)
    assert a["nucleolus"]["Elected 3"] == pytest.approx(0.0)
    assert result.equilibria == ()


def test_three_player_majority_core_is_empty_with_a_balanced_certificate() -> None:
    """Any two of three win. A core allocation would need x_i + x_j >= 1 for all three
    pairs; adding them, 2(x_1 + x_2 + x_3) >= 3 > 2 = 2 v(N): impossible. The balanced
    collection {12, 13, 23} with weights 1/2 each (each player is in two of them) gives
    Σ λ_S v(S) = 3/2 > 1 = v(N): the Bondareva-Shapley certificate. The least core
    relaxes each pair by ε: 3 - 3ε <= 2 gives ε* = 1/3 at (1/3, 1/3, 1/3), which is also
    the nucleolus (symmetry)."""
    g = weighted([1, 1, 1], 2)
    cert = least_core(g)
    assert cert.verified and cert.core_empty
    assert cert.epsilon == F(1, 3)
    assert cert.allocation == (F(1, 3), F(1, 3), F(1, 3))
    balanced = {m: lam / cert.balance_level for m, lam in cert.balanced.items()}
    assert balanced == {0b011: F(1, 2), 0b101: F(1, 2), 0b110: F(1, 2)}
    assert check_balanced(g, dict(cert.balanced)) == F(1, 3)
    assert nucleolus(g)[0] == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    result = solve_coalitional(g)
    assert result.extra["core_empty"] is True
    assert "core is empty" in " ".join(_lines(result))


def test_a_core_that_is_not_empty_and_the_shapley_value_by_hand() -> None:
    """v(AB) = 60, v(AC) = 80, v(BC) = 100, v(ABC) = 120, singletons 0. The three pair
    constraints sum to 2 x(N) >= 240 = 2 v(N), so all hold with equality: the core is
    the single point x_A = 120 - 100 = 20, x_B = 40, x_C = 60, and ε* = 0.
    Shapley: φ_A = (2·0 + 60 + 80 + 2·(120 - 100)) / 6 = 30; φ_B = (60 + 100 + 2·40)/6
    = 40; φ_C = 120 - 70 = 50. The Shapley value (30, 40, 50) lies outside the core."""
    g = CoalitionalGame.from_values(
        ["A", "B", "C"], {("A", "B"): 60, ("A", "C"): 80, ("B", "C"): 100,
                          ("A", "B", "C"): 120})
    assert shapley_value(g) == (30, 40, 50)
    cert = least_core(g)
    assert cert.verified and not cert.core_empty
    assert cert.epsilon == 0 and cert.allocation == (20, 40, 60)
    assert check_allocation(g, (F(20), F(40), F(60)), F(0))
    assert not check_allocation(g, (F(30), F(40), F(50)), F(0))
    assert nucleolus(g)[0] == pytest.approx((20, 40, 60))


def test_veto_player_gives_a_core_and_no_veto_player_none() -> None:
    """For a simple game the core is non-empty iff there is a veto player (domain.md
    §3.5): [3; 2, 1, 1] has veto A and core {(1, 0, 0)}; [3; 1, 1, 1, 1] (any three of
    four) has none: the four triples with weight 1/3 each are balanced (each player is
    in three) with value 4/3 > 1. In the least core's dual form (λ = 1/4 per triple,
    Σ λ = 1, c = 3/4) the value is Σ λ v(S) - c v(N) = 1 - 3/4 = 1/4 = ε*: x_i = 1/4
    leaves each triple 3/4, short of 1 by 1/4."""
    with_veto = least_core(weighted([2, 1, 1], 3))
    assert not with_veto.core_empty and with_veto.allocation == (1, 0, 0)
    without = least_core(weighted([1, 1, 1, 1], 3))
    assert without.core_empty and without.verified
    assert check_balanced(weighted([1, 1, 1, 1], 3),
                          {0b0111: F(1, 4), 0b1011: F(1, 4), 0b1101: F(1, 4),
                           0b1110: F(1, 4)}) == F(1, 4)
    assert without.epsilon == F(1, 4)


def test_dummy_players_and_riker_smallest_coalition() -> None:
    """[4; 2, 2, 1]: {A, B} wins (4); {A, C} = 3 and {B, C} = 3 lose, and {A, B, C}
    wins without C. So C never swings: a dummy (null player) with zero power; A and B
    are each in every winning coalition (veto players), and Riker's smallest winning
    coalition is {A, B} (weight 4, against {A, B, C} at 5)."""
    result = solve_coalitional(weighted([2, 2, 1], 4))
    a = result.extra
    assert a["dummy_players"] == ["C"]
    assert a["shapley_value"]["C"] == 0
    assert a["smallest_winning_coalitions"] == [["A", "B"]]
    assert a["veto_players"] == ["A", "B"]


def test_value_formula_gives_the_weighted_game(tmp_path: Path) -> None:
    """A 'value' formula "1 if weight >= quota else 0" over the weights [2, 1, 1] with
    quota 3 is the weighted game [3; 2, 1, 1] (same Shapley-Shubik index)."""
    text = """
name: formula
kind: coalitional
players: [A, B, C]
weights: [2, 1, 1]
quota: 3
value: "1 if weight >= quota else 0"
"""
    g = load_text(tmp_path, text)
    assert isinstance(g, CoalitionalGame)
    assert shapley_value(g) == (F(2, 3), F(1, 6), F(1, 6))
    superadditive = load_text(tmp_path, text.replace('"1 if weight >= quota else 0"', '"size**2"'))
    assert isinstance(superadditive, CoalitionalGame)
    assert superadditive.value(["A", "B", "C"]) == 9
    assert shapley_value(superadditive) == (3, 3, 3)  # symmetric: 9/3 each


@pytest.mark.parametrize("body, where, says", [
    ("players: [A, B]\nweights: [1, 1, 1]\nquota: 2\n", "weights", "one per player"),
    ("players: [A, B]\nweights: [1, 1]\nquota: -1\n", "quota", "positive"),
    ("players: [A, B]\nvalues:\n  - {coalition: [A, Z], value: 1}\n", "values[0].coalition[1]",
     "unknown player"),
    ("players: [A, B]\nweights: [1, 1]\nquota: 2\nvalue: size + bogus\n", "value", "bogus"),
    ("players: [A, B]\n", "", "weights and a quota"),
    ("players: [A, B]\nweights: [1, 1]\nquota: 2\nhistorical_outcome: {coalition: [A, Q], "
     "text: x}\n", "historical_outcome.coalition[1]", "unknown player"),
])
def test_bad_input_is_located(tmp_path: Path, body: str, where: str, says: str) -> None:
    text = "name: bad\nkind: coalitional\n" + body
    with pytest.raises(SpecError) as info:
        load_text(tmp_path, text)
    assert says in str(info.value)
    if where:
        assert where in str(info.value)
    assert info.value.line is not None


def test_too_many_players_is_refused_at_the_players_key(tmp_path: Path) -> None:
    """25 players would mean 2^25 = 33,554,432 coalitions: refused (the limit is 20),
    located at players, before any table is built."""
    names = ", ".join(f"P{i}" for i in range(25))
    text = (f"name: huge\nkind: coalitional\nplayers: [{names}]\nweights: ["
            + ", ".join("1" for _ in range(25)) + "]\nquota: 13\n")
    with pytest.raises(SpecError, match=r"2\^25 = 33,554,432 coalitions") as info:
        load_text(tmp_path, text)
    assert info.value.path == "players"
    with pytest.raises(GameError, match="at most 20 players"):
        CoalitionalGame.weighted_voting([f"P{i}" for i in range(21)], [1] * 21, 11)


def test_budget_refuses_a_large_game_before_computing() -> None:
    """An 18-player game needs 2^18 · 18 cells of work; a 1 MiB budget refuses it with a
    message naming the coalitions (never a MemoryError)."""
    g = weighted([1] * 18, 10)
    with pytest.raises(BudgetExceeded, match="262,144 coalitions of 18 players"):
        solve_coalitional(g, budget=Budget.start(memory="1M"))


def test_cli_json_has_the_analysis_with_an_exact_mirror() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "solve", "coalitions/weighted_majority",
         "--format", "json"], capture_output=True, text=True, cwd=ROOT, check=True)
    doc = json.loads(out.stdout)
    assert doc["equilibria"] == []
    assert doc["analysis"]["exact"]["shapley_value"]["China"] == "421/2145"
    assert doc["analysis"]["shapley_value"]["China"] == 421 / 2145
    assert any("Veto players" in line for line in doc["predictions"])
    assert not any("No equilibrium" in line for line in doc["predictions"])


def _lines(result: object) -> list[str]:
    from alliance_games.interpretation.outcomes import predictions

    return predictions(result)  # type: ignore[arg-type]


def test_balance_of_threat_regimes() -> None:
    """Weights power x proximity: near great 6·0.9 = 27/5, near small 3, distant great
    8·0.3 = 12/5, distant small 2·0.4 = 4/5 (total 58/5); quota threat·offense·intentions.
    Default 10·1·0.8 = 8: {NG, NS} = 42/5 wins, NG + DG + DS = 43/5 wins, the others
    without NG reach at most 31/5 < 8, so NG is a veto player and Riker's smallest
    coalition is {NG, NS} (42/5 < 43/5). Offense 1.2 (quota 48/5): only {NG, NS, DG} =
    54/5 is minimal winning and DS (4/5) is a null player (NG + NS + DS = 46/5 < 48/5).
    Threat 20 (quota 16 > 58/5): nobody can balance."""
    a = solve(load("coalitions/balance_of_threat")).extra
    assert a["smallest_winning_coalitions"] == [["Near Great Power", "Near Small State"]]
    assert a["smallest_winning_weight"] == F(42, 5)
    assert a["veto_players"] == ["Near Great Power"]
    b = solve(load("coalitions/balance_of_threat", {"offense": "1.2"})).extra
    assert b["minimal_winning_coalitions"] == [
        ["Near Great Power", "Near Small State", "Distant Great Power"]]
    assert b["dummy_players"] == ["Distant Small State"]
    c = solve(load("coalitions/balance_of_threat", {"threat_power": "20"}))
    assert c.extra["grand_coalition_value"] == 0
    assert "bandwagon" in " ".join(_lines(c))


def test_anglo_japanese_case_from_kennedy_table_20() -> None:
    """Kennedy (1988) Table 20, 1900 (thousand tons): Britain 1065, Japan 187, Germany
    285, US 333, Russia 383, France 499. Weights tonnage x East-Asia share x threat
    perception: Britain 1065·0.15 = 159.75, Japan 187, Germany 285·0.1·0.1 = 2.85, US
    333·0.15·0.2 = 9.99. Quota 383·0.4 + 499·0.1 = 203.1. Britain and Japan each fall
    short alone; together 346.75. Japan + Germany + US = 199.84 < 203.1 and Britain +
    Germany + US = 172.59: so {Britain, Japan} is the only minimal winning coalition,
    both are veto players (Shapley-Shubik 1/2 each), Germany and the US are null."""
    a = solve(load("cases/anglo_japanese_1902")).extra
    assert a["quota"] == F(2031, 10)
    assert a["minimal_winning_coalitions"] == [["Britain", "Japan"]]
    assert a["veto_players"] == ["Britain", "Japan"]
    assert a["shapley_value"] == {"Britain": F(1, 2), "Japan": F(1, 2), "Germany": 0,
                                  "United States": 0}
    assert a["dummy_players"] == ["Germany", "United States"]
    # the notes' threshold: above 13.25/49.95 ≈ 0.265 Japan, Germany and the US balance
    b = solve(load("cases/anglo_japanese_1902", {"us_threat_perception": "0.27"})).extra
    assert ["Japan", "Germany", "United States"] in b["minimal_winning_coalitions"]
    assert b["veto_players"] == ["Japan"]


def test_case_prediction_names_what_happened_and_the_verdict() -> None:
    """The case's historical_outcome is {Britain, Japan}: with the defaults it is the only
    smallest winning coalition (right); with us_threat_perception = 0.4 Japan + US =
    187 + 19.98 = 206.98 >= 203.1 is smaller (weight 206.98 < 346.75), so {Britain,
    Japan} is minimal winning but not the smallest (partly right)."""
    lines = _lines(solve(load("cases/anglo_japanese_1902")))
    assert any(line.startswith("What happened: Britain and Japan signed") and
               "Verdict: the model gets it right" in line for line in lines)
    lines = _lines(solve(load("cases/anglo_japanese_1902", {"us_threat_perception": "0.4"})))
    assert any("Verdict: the model gets it partly right" in line for line in lines)


def test_explain_gives_the_veto_condition_in_the_parameters() -> None:
    """China is a veto player iff the other fourteen fall short of the quota:
    4·permanent_weight + 10·elected_weight < quota, i.e. 28 + 10 = 38 < 39 now; an
    elected member is not (5·7 + 9·1 = 44 >= 39)."""
    from alliance_games.analysis.explain import explain

    text = explain(load("coalitions/weighted_majority"))
    assert "10*elected_weight + 4*permanent_weight < quota   [holds now: 38 < 39]" in text
    assert "9*elected_weight + 5*permanent_weight < quota   [fails now: 44 < 39]" in text


# ------------------------------------------------------------------ exact nucleolus
def bankruptcy(estate: int, claims: tuple[int, ...]) -> CoalitionalGame:
    """O'Neill's bankruptcy game: v(S) = max(0, E - Σ_{j∉S} d_j)."""
    names = [f"claim {d}" for d in claims]
    values = {}
    for k in range(1, len(claims) + 1):
        for members in itertools.combinations(range(len(claims)), k):
            rest = sum(d for j, d in enumerate(claims) if j not in members)
            values[tuple(names[j] for j in members)] = max(0, estate - rest)
    return CoalitionalGame.from_values(names, values)


@pytest.mark.parametrize("estate, talmud", [
    (100, (F(100, 3), F(100, 3), F(100, 3))),
    (200, (F(50), F(75), F(75))),
    (300, (F(50), F(100), F(150))),
])
def test_exact_nucleolus_is_the_talmud_rule(estate: int, talmud: tuple[F, ...]) -> None:
    """Aumann & Maschler (1985), the Talmud's estates 100, 200, 300 with claims 100, 200,
    300: the nucleolus of the bankruptcy game v(S) = max(0, E - d(N∖S)) is the Talmud
    rule, 33 1/3 each, (50, 75, 75) and (50, 100, 150).

    By hand for E = 200: every single claimant and the pair {100, 200} get v = 0; v({100,
    300}) = 200 - 200 = 0, v({200, 300}) = 200 - 100 = 100. Stage 1 maximises the
    smallest of the gains x_i - v(i) = x_i and x(S) - v(S): with x_1 = 50 and x_2 + x_3 =
    150 the claimant of 100 and the pair {200, 300} both have excess -50, and no
    allocation does better (their excesses sum to -(x_1 + x_2 + x_3) + 100 = -100). Stage
    2 splits 150 between the other two: their singletons' excesses -x_2, -x_3 are
    equalised at -75. For E = 300: v(1) = v(2) = v(3) = v({100, 200}) = 0, v({100, 300})
    = 100, v({200, 300}) = 200. Stage 1: e(1) + e({200, 300}) = -x_1 + 200 - (300 - x_1)
    = -100, so the larger is at least -50: x_1 = 50, level -50. Stage 2 (x_2 + x_3 =
    250): the largest remaining excesses are e(2) = -x_2 and e({100, 300}) = 100 - 50 -
    x_3 = x_2 - 200; equal at x_2 = 100, so x_3 = 150, level -100. Each stage's optimum
    is certified in rationals, so the values compare
    with ``==``."""
    game = bankruptcy(estate, (100, 200, 300))
    found = exact_nucleolus(game)
    assert found.verified
    assert found.allocation == talmud
    assert all(isinstance(v, F) for v in found.allocation)


def test_exact_nucleolus_of_the_glove_game() -> None:
    """The glove game with one left glove L and two right gloves R1, R2 (a pair is worth
    1): the core is the single point (1, 0, 0) (v(L R1) = 1 forces x_L + x_R1 >= 1 and
    v(L R2) = 1 forces x_L + x_R2 >= 1, with x_L + x_R1 + x_R2 = 1 and x_R >= 0), and the
    nucleolus, which lies in a non-empty core, is that point: the scarce glove takes
    everything."""
    game = CoalitionalGame.from_values(
        ["L", "R1", "R2"], {("L", "R1"): 1, ("L", "R2"): 1, ("L", "R1", "R2"): 1})
    found = exact_nucleolus(game)
    assert found.verified and found.allocation == (1, 0, 0)


def test_exact_nucleolus_in_the_solve_result() -> None:
    """The UN Security Council [39; 7 x 5, 1 x 10]: the five permanent members are veto
    players and every winning coalition contains them, so the core is the allocations
    giving everything to them; the nucleolus splits it equally (symmetry): 1/5 each, 0
    to every elected member, now exact (Fractions, also in the JSON's exact mirror)."""
    result = solve(load("coalitions/weighted_majority"))
    a = result.extra
    assert a["nucleolus_verified"] is True
    assert a["nucleolus"]["China"] == F(1, 5)
    assert a["nucleolus"]["Elected 3"] == 0
    assert sum(a["nucleolus"].values()) == 1
