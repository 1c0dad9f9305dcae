"""The test scaffolding itself: conftest fixtures, game strategies, the pygambit oracle.

A helper that silently drew the wrong games, or an oracle that could not say "no",
would make every test built on it pass for nothing; these tests pin them to hand-checked
answers.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from oracles import (
    behavior_max_regret,
    enummixed_set,
    enumpure_set,
    exact_profile_set,
    gambit_nfg,
    mixed_max_regret,
)
from strategies import extensive_games, normal_form_games, signaling_games

from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal
from alliance_games.games.normal import NormalFormGame
from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration


# ---------------------------------------------------------------------- conftest
def test_markers_are_registered(pytestconfig: pytest.Config) -> None:
    names = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert {"oracle", "slow"} <= names


def test_catalog_slugs_and_root(catalog_slugs: list[str], root) -> None:  # type: ignore[no-untyped-def]
    """The catalog lists its models by slug, sorted, each a YAML file under models/."""
    assert "security_dilemma/stag_hunt" in catalog_slugs
    assert catalog_slugs == sorted(catalog_slugs) and len(catalog_slugs) >= 6
    assert (root / "models" / "security_dilemma" / "stag_hunt.yaml").is_file()


def test_in_process_cli(cli) -> None:  # type: ignore[no-untyped-def]
    """Exit code and both streams, each call on its own: 0 and "ok:" on stdout for a
    valid model; 2, nothing on stdout and the error on stderr for an unknown one."""
    code, out, err = cli(["validate", "security_dilemma/stag_hunt"])
    assert (code, err) == (0, "") and out.startswith("ok:")
    code, out, err = cli(["solve", "no_such_family/no_such_model"])
    assert code == 2 and out == ""
    assert err.startswith("error: no spec file or catalog model named 'no_such_family/")


def test_subprocess_cli_uses_this_checkout(cli_subprocess, root) -> None:  # type: ignore[no-untyped-def]
    """``python -m alliance_games.cli`` from another folder still runs this checkout."""
    done = cli_subprocess(["models"], cwd=root / "tests")
    assert done.returncode == 0, done.stderr
    assert "security_dilemma/stag_hunt" in done.stdout


# ---------------------------------------------------------------------- strategies
@settings(max_examples=40, deadline=None)
@given(normal_form_games(kind="rational", max_strategies=3, low=-2, high=2))
def test_rational_games_are_exact_and_bounded(game: NormalFormGame) -> None:
    assert game.n_players in (2, 3) and all(1 <= m <= 3 for m in game.shape)
    values = list(game.exact_payoffs.flat)
    assert all(isinstance(v, F) and -2 <= v <= 2 for v in values)
    assert all(v.denominator <= 6 for v in values)


@settings(max_examples=40, deadline=None)
@given(normal_form_games(2, kind="binary", min_strategies=2, max_strategies=3))
def test_binary_games_have_zero_one_payoffs(game: NormalFormGame) -> None:
    assert set(game.exact_payoffs.flat) <= {0, 1}
    assert len(vertex_enumeration(game, exact=True)) >= 1  # Nash (1951): one exists


@settings(max_examples=25, deadline=None)
@given(extensive_games(chance_root=True, need_infoset=True))
def test_trees_have_chance_and_information_sets(game: ExtensiveFormGame) -> None:
    assert game.has_chance and not game.is_perfect_information
    assert game.has_perfect_recall and game.is_exact


@settings(max_examples=25, deadline=None)
@given(signaling_games())
def test_signaling_priors_are_distributions(case) -> None:  # type: ignore[no-untyped-def]
    assert sum(case.prior) == 1 and all(p > 0 for p in case.prior)
    assert case.game.nodes[0].exact_probabilities == tuple(case.prior)
    assert len(case.payoffs) == len(case.prior) * 2 * 2


# ---------------------------------------------------------------------- oracle
PENNIES = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
PD = [[[3, 0], [5, 1]], [[3, 5], [0, 1]]]


@pytest.mark.oracle
def test_oracle_sets_on_known_games() -> None:
    """Matching pennies: the one equilibrium (1/2, 1/2) each, no pure one. Prisoner's
    dilemma (T=5 > R=3 > P=1 > S=0): defection (index 1) for both, pure."""
    half = (F(1, 2), F(1, 2))
    assert enummixed_set(PENNIES) == {(half, half)}
    assert enumpure_set(PENNIES) == set()
    pd = NormalFormGame.from_arrays(PD)
    assert enummixed_set(pd) == {((0, 1), (0, 1))} == exact_profile_set(
        vertex_enumeration(pd, exact=True))
    assert enumpure_set(pd) == {(1, 1)}


@pytest.mark.oracle
def test_oracle_regret_can_say_no() -> None:
    """The oracle's regret is positive off equilibrium. Pennies at (H, H): the column
    player gains 2 by switching. Entry game at (In, Fight): the entrant gets -1 and 0
    out (regret 1), the incumbent -1 and 1 accommodating (regret 2): max regret 2."""
    assert mixed_max_regret(gambit_nfg(PENNIES), [[1.0, 0.0], [1.0, 0.0]]) == 2
    entry = ExtensiveFormGame.from_tree(
        Decision("Entrant", {"Out": Terminal((0, 2)), "In": Decision("Incumbent", {
            "Fight": Terminal((-1, -1)), "Accommodate": Terminal((1, 1))})}),
        players=("Entrant", "Incumbent"))
    fight = {"Entrant": {"root": {"Out": 0, "In": 1}},
             "Incumbent": {"In": {"Fight": 1, "Accommodate": 0}}}
    assert behavior_max_regret(entry, fight) == 2
    accommodate = {"Entrant": {"root": {"Out": 0, "In": 1}},
                   "Incumbent": {"In": {"Fight": 0, "Accommodate": 1}}}
    assert behavior_max_regret(entry, accommodate) == 0
