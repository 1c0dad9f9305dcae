"""Machine output is exact: JSON and sweep CSV are never rounded (issue 8, part 2).

A pipeline must be able to verify our equilibria from the JSON alone. With the former
6-decimal rounding, the regret recomputed from the printed strategies of the 200 games
below reached 9.5e-4 (payoffs up to 1,000); at full double precision it is about 2e-13,
and the exact strings give regret exactly 0.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from alliance_games import load, solve
from alliance_games.analysis.sweep import parse_grid, sweep
from alliance_games.cli import _run, cli
from alliance_games.games.normal import NormalFormGame
from alliance_games.interop.nfg import write_nfg
from alliance_games.report.json import exact_strings, render_json

N_GAMES = 200
ROOT = Path(__file__).resolve().parents[1]


def _strict_loads(text: str) -> dict:
    """``json.loads`` that refuses the non-standard ``NaN``/``Infinity`` literals."""

    def refuse(token: str) -> None:
        raise AssertionError(f"invalid JSON literal {token}")

    return json.loads(text, parse_constant=refuse)


def _random_game(seed: int) -> NormalFormGame:
    """A 2-player game of size 2x2 .. 6x5, payoffs uniform in 0..1000; every third game
    has decimal payoffs with two digits (``"431.07"``, exact hundredths)."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    if seed % 3 == 0:
        cents = rng.integers(0, 100_001, size=(2, m, n))
        payoffs = [[[f"{c // 100}.{c % 100:02d}" for c in row] for row in player]
                   for player in cents.tolist()]
    else:
        payoffs = rng.integers(0, 1001, size=(2, m, n)).tolist()
    return NormalFormGame.from_payoff_array(payoffs)


def _float_regret(game: NormalFormGame, strategies: dict) -> float:
    """Largest gain from a pure deviation, in float64, from the printed strategies."""
    a, b = game.payoffs
    x = np.array([strategies["P1"][s] for s in game.strategies[0]], dtype=np.float64)
    y = np.array([strategies["P2"][s] for s in game.strategies[1]], dtype=np.float64)
    return max(float((a @ y).max() - x @ a @ y), float((x @ b).max() - x @ b @ y))


def _exact_regret(game: NormalFormGame, strategies: dict) -> Fraction:
    """The same in rationals, from the exact strings and the exact payoffs."""
    a, b = game.exact_payoffs
    x = [Fraction(strategies["P1"][s]) for s in game.strategies[0]]
    y = [Fraction(strategies["P2"][s]) for s in game.strategies[1]]
    assert sum(x) == 1 and sum(y) == 1
    rows = [sum((a[i, j] * y[j] for j in range(len(y))), Fraction(0)) for i in range(len(x))]
    cols = [sum((b[i, j] * x[i] for i in range(len(x))), Fraction(0)) for j in range(len(y))]
    value_a = sum((p * v for p, v in zip(x, rows, strict=True)), Fraction(0))
    value_b = sum((q * v for q, v in zip(y, cols, strict=True)), Fraction(0))
    return max(max(rows) - value_a, max(cols) - value_b)


def test_regret_recomputed_from_json_of_200_random_games() -> None:
    worst = 0.0
    n_equilibria = 0
    for seed in range(N_GAMES):
        game = _random_game(seed)
        for exact in (False, True):
            doc = _strict_loads(render_json(solve(game, exact=exact), exact=exact))
            assert doc["equilibria"]
            for eq in doc["equilibria"]:
                worst = max(worst, _float_regret(game, eq["strategies"]))
                # rational payoffs: certified exactly, so the mirror is there in both modes
                n_equilibria += 1
                block = eq["exact"]
                assert _exact_regret(game, block["strategies"]) == 0
                for player, dist in block["strategies"].items():
                    for s, text in dist.items():
                        # the float is the double nearest to the exact value, bit for bit
                        assert eq["strategies"][player][s] == float(Fraction(text))
                for player, text in block["payoffs"].items():
                    if exact:
                        assert eq["payoffs"][player] == float(Fraction(text))
                    else:  # the float run computes x A y in doubles
                        assert eq["payoffs"][player] == pytest.approx(float(Fraction(text)),
                                                                      rel=1e-12, abs=1e-9)
    assert n_equilibria >= 2 * N_GAMES
    assert worst < 1e-9


def test_regret_from_the_real_cli_json(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A few of the same games written as Gambit files and solved by the command line."""
    for seed in (0, 1, 2, 3, 7, 11):
        game = _random_game(seed)
        path = tmp_path / f"g{seed}.nfg"
        path.write_text(write_nfg(game))
        for flags in ([], ["--exact"]):
            code = _run(cli, ["solve", str(path), "--format", "json", *flags])
            out = capsys.readouterr().out
            assert code == 0
            doc = _strict_loads(out)
            assert doc["exact"] is bool(flags)  # the run's mode
            for eq in doc["equilibria"]:
                assert _float_regret(game, eq["strategies"]) < 1e-9
                # rational payoffs: every equilibrium certified, mirror in both modes
                assert _exact_regret(game, eq["exact"]["strategies"]) == 0
    # and once as a separate process, through the `python cli.py` shim
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "solve",
                           str(tmp_path / "g7.nfg"), "--format", "json", "--exact"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    game = _random_game(7)
    for eq in _strict_loads(proc.stdout)["equilibria"]:
        assert _float_regret(game, eq["strategies"]) < 1e-9
        assert _exact_regret(game, eq["exact"]["strategies"]) == 0


def test_bargaining_analysis_at_full_precision() -> None:
    """Rubinstein (1982) with δ_Patron = 19/20, δ_Client = 4/5, Client proposing: the
    proposer keeps (1 - δ_P) / (1 - δ_P δ_C) = (1/20) / (6/25) = 5/24 of the gains; if
    Patron proposed, Client would get δ_C * 5/24 = 1/6; first-mover advantage 1/24."""
    doc = _strict_loads(render_json(solve(load("alliance/burden_bargaining"))))
    analysis = doc["analysis"]
    assert analysis["proposer_share"] == 5 / 24 == 0.20833333333333334  # not 0.208333
    assert analysis["proposer_share_if_other_proposes"] == 1 / 6
    assert analysis["first_mover_advantage"] == 1 / 24
    assert analysis["exact"]["proposer_share"] == "5/24"
    assert analysis["exact"]["proposer_share_if_other_proposes"] == "1/6"
    assert analysis["exact"]["first_mover_advantage"] == "1/24"
    # the existing keys keep their numeric form: the contract
    assert isinstance(analysis["proposer_share"], float)
    assert doc["game"]["parameters"]["patron_patience"] == 0.95
    assert doc["game"]["exact"]["parameters"] == {"patron_patience": "19/20",
                                                  "client_patience": "4/5"}
    eq = doc["equilibria"][0]
    assert eq["analysis"]["shares_of_gains"]["Client"] == 5 / 24
    assert eq["analysis"]["exact"]["shares_of_gains"] == {"Patron": "19/24", "Client": "5/24"}
    assert "exact" in eq  # certified in rationals: present without --exact


def test_repeated_thresholds_at_full_precision() -> None:
    """Iterated arms race T, R, P, S = 5, 3, 1, 0: grim trigger sustains restraint iff
    δ >= (T - R) / (T - P) = 1/2, tit for tat iff δ >= (T - R) / (R - S) = 2/3."""
    doc = _strict_loads(render_json(solve(load("security_dilemma/iterated_arms_race"))))
    analysis = doc["analysis"]
    assert analysis["tit_for_tat_threshold"] == 2 / 3 == 0.6666666666666666
    assert analysis["exact"]["tit_for_tat_threshold"] == "2/3"
    assert analysis["critical_discount_factor"] == 0.5
    assert analysis["exact"]["critical_discount_factor"] == "1/2"
    assert analysis["exact"]["discount_factor"] == "3/5"
    assert analysis["minmax_exact"] is True  # an existing key, not swallowed by the mirror


def test_public_goods_lindahl_shares_at_full_precision() -> None:
    """Burden sharing, incomes 100, 25, 15 (W = 140), Cobb-Douglas: Lindahl shares are
    the income shares w_i / W = 5/7, 5/28, 3/28 (see test_alliance_catalog)."""
    doc = _strict_loads(render_json(solve(load("alliance/burden_sharing"), exact=True)))
    shares = doc["analysis"]["lindahl_shares"]
    assert shares == {"United States": 5 / 7, "United Kingdom": 5 / 28, "France": 3 / 28}
    assert shares["United States"] == 0.7142857142857143
    assert doc["analysis"]["exact"]["lindahl_shares"] == {
        "United States": "5/7", "United Kingdom": "5/28", "France": "3/28"}
    assert doc["game"]["exact"]["parameters"]["defence_share"] == "1/10"


def test_irrational_equilibrium_carries_its_algebraic_text() -> None:
    """Volunteer's dilemma, 3 allies, b = 5, c = 1: in the symmetric mixed equilibrium
    each abstains with q where c = b q^2 (acting must pay as much as relying on the
    others), q = 1/sqrt(5) = sqrt(5)/5."""
    doc = _strict_loads(render_json(
        solve(load("alliance/volunteers_dilemma", {"benefit": "5"}), exact=True), exact=True))
    mixed = [eq for eq in doc["equilibria"]
             if all(0 < p < 1 for d in eq["strategies"].values() for p in d.values())]
    assert len(mixed) == 1
    eq = mixed[0]
    assert eq["exact"]["strategies"]["Ally 1"] == {"Intervene": "1 - sqrt(5)/5",
                                                   "Abstain": "sqrt(5)/5"}
    assert eq["strategies"]["Ally 1"]["Abstain"] == pytest.approx(5 ** -0.5, abs=1e-15)


def test_number_policy_non_finite_big_and_sympy() -> None:
    """Values no solver may produce today still give valid JSON, documented forms."""
    result = solve(load("security_dilemma/stag_hunt"))
    golden = (sympy.sqrt(5) - 1) / 2
    extra = {"up": math.inf, "down": -math.inf, "undefined": math.nan,
             "huge": Fraction(10**400, 3), "golden": golden, "half": sympy.Rational(1, 2),
             "count": 7, "flag": True, "tiny": 1e-300, "third": Fraction(1, 3),
             "points": (Fraction(1, 3), 0.25)}
    doc = _strict_loads(render_json(dataclasses.replace(result, extra=extra)))
    analysis = doc["analysis"]
    assert analysis["up"] == "Infinity" and analysis["down"] == "-Infinity"
    assert analysis["undefined"] == "NaN"
    assert analysis["huge"] == "Infinity"
    assert analysis["golden"] == 0.6180339887498949
    assert analysis["half"] == 0.5 and analysis["count"] == 7 and analysis["flag"] is True
    assert analysis["tiny"] == 1e-300 and analysis["third"] == 1 / 3
    assert analysis["exact"] == {
        "huge": str(Fraction(10**400, 3)), "golden": "-1/2 + sqrt(5)/2", "half": "1/2",
        "third": "1/3", "points": ["1/3", None],
    }
    assert exact_strings({"n": 3, "x": 0.5}) == {}


def test_sweep_csv_is_not_rounded() -> None:
    """The 2x2 offense-defense fixture (test_sweep): P(exploitation) = (1 + e)(1 - e) / 2
    in the stag-hunt regime, 4/9 = 0.444444444... at e = 1/3, which 6 decimals wrote as 0.444444."""
    result = sweep(str(ROOT / "tests/data/offense_defense_2x2.yaml"),
                   [parse_grid("offense_advantage=0:1:4")])
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    row = rows[1]
    assert row["offense_advantage"] == "0.3333333333333333"
    assert row["offense_advantage exact"] == "1/3"
    value = float(row["P(exploitation) max"])
    assert abs(value - 4 / 9) < 1e-15
    assert row["P(exploitation) max"] != "0.444444"
    assert row["P(exploitation) max exact"] == ""  # a float solve: not known exactly
    # exact columns come after "error": the existing columns keep their positions
    header = next(csv.reader(io.StringIO(result.to_csv())))
    assert header.index("error") == 1 + 4 + 2 * 3  # 1 axis, 4 fixed, 3 labels x 2
    assert header[header.index("error") + 1] == "offense_advantage exact"


def test_sweep_csv_exact_outcome_ranges() -> None:
    """Iterated arms race: grim trigger needs δ >= 1/2, so at δ = 1/10 only the arms race
    is an equilibrium (P(arms race) exactly 1) and at δ = 9/10 restraint is one too."""
    result = sweep("security_dilemma/iterated_arms_race",
                   [parse_grid("discount_factor=0.1:0.9:3")])
    rows = list(csv.DictReader(io.StringIO(result.to_csv())))
    low, high = rows[0], rows[2]
    assert low["discount_factor exact"] == "1/10" and low["discount_factor"] == "0.1"
    assert (low["P(arms race) min exact"], low["P(arms race) max exact"]) == ("1", "1")
    assert low["P(mutual restraint) max exact"] == "0"
    assert high["P(mutual restraint) max exact"] == "1"


def test_docs_output_example_runs() -> None:
    """The pipeline example of docs/output.md verifies stag hunt's mixed equilibrium."""
    text = (ROOT / "docs" / "output.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S)
              if "import json" in b]
    assert len(blocks) == 1
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "docs/output.md", "exec"), namespace)  # noqa: S102 - our own doc
    assert namespace["value"] == Fraction(8, 3)  # stag hunt: State A's payoff 8/3


def test_docs_parquet_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Parquet example of docs/output.md writes a chicken sweep and reads it back:
    its first row is the grid's first point, cost_of_war = 1/3 exactly (the grid
    ``1/3:2:4`` starts at 1/3), and the file equals what the CLI writes for that grid."""
    text = (ROOT / "docs" / "output.md").read_text()
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S)
              if "read_parquet" in b]
    assert len(blocks) == 1
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], "docs/output.md", "exec"), namespace)  # noqa: S102 - our own doc
    assert namespace["exact"] == Fraction(1, 3)
    done = subprocess.run(
        [sys.executable, "-m", "alliance_games.cli", "sweep", "security_dilemma/chicken",
         "--grid", "cost_of_war=1/3:2:4", "--grid", "prize=0:10:3", "-o",
         str(tmp_path / "cli.parquet"), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    import polars as pl

    assert pl.read_parquet(tmp_path / "cli.parquet").equals(
        pl.read_parquet(tmp_path / "results.parquet"))
