"""The method registry: what it lists is exactly what runs, and nothing is ignored.

Every registered method is run on a game of each kind it takes and must refuse every
other game; options it does not take, or values of the wrong type, are errors naming the
method and its options; ``solve --help``, ``alliance-games methods`` and
``docs/methods.md`` list exactly the registry.
"""

from __future__ import annotations

import inspect
import re
import sys
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import alliance_games
from alliance_games import SolverError, load, methods_for, solve
from alliance_games.games.extensive import Decision, ExtensiveFormGame, Terminal
from alliance_games.solvers import registry
from alliance_games.solvers.listing import methods_markdown
from alliance_games.solvers.registry import (
    COMMON_OPTIONS,
    REGISTRY,
    Method,
    find,
    kinds_of,
    method_names,
    parse_option_texts,
    records_for,
)

ROOT = Path(__file__).resolve().parents[1]

#: one game of each kind (catalog models where one exists)
GAMES = {
    "stag hunt (2-player, symmetric)": "security_dilemma/stag_hunt",
    "e02 (2-player, degenerate)": str(ROOT / "tests/data/e02.nfg"),
    "3-player nfg": str(ROOT / "tests/data/three_player_mixed_numbers.nfg"),
    "volunteer's dilemma (3 players, symmetric)": "alliance/volunteers_dilemma",
    "iterated arms race (repeated)": "security_dilemma/iterated_arms_race",
    "sinking costs (signaling)": "extended_deterrence/sinking_costs",
    "unilateral deterrence (tree)": "extended_deterrence/unilateral_deterrence",
    "3-player tree": "three-player-tree",
    "burden sharing (public goods)": "alliance/burden_sharing",
    "burden bargaining (alternating offers)": "alliance/burden_bargaining",
    "Anglo-Japanese alliance (bargaining, no discounting)": str(
        ROOT / "tests/data/nash_bargaining_two_allies.yaml"),
    "risk-return (crisis bargaining)": "crisis/risk_return",
    "commitment problem (crisis bargaining)": "crisis/commitment_problem",
    "UN Security Council (coalitional)": "coalitions/weighted_majority",
    "Richardson arms race (dynamics)": "dynamics/richardson",
    "joint products (burden sharing)": "alliance/joint_products",
    "autonomy-security (alliance family)": "alliance/autonomy_security",
    "chain store (reputation)": "reputation/chain_store",
}

#: kinds whose results are analyses, not strategy profiles (no equilibria listed)
NO_PROFILES = ("coalitional", "dynamics")

#: what ``SolveResult.method`` says when it is not the name that was asked for
RESULT_METHOD = {"nplayer-support-enumeration": "support-enumeration"}


def _three_player_tree() -> ExtensiveFormGame:
    """A leader, a follower, then a third state; backward induction gives (L, r, y)."""
    third = {"x": Terminal((1, 0, 2), "x"), "y": Terminal((2, 1, 3), "y")}
    return ExtensiveFormGame.from_tree(
        Decision("A", {
            "L": Decision("B", {"l": Terminal((0, 0, 0), "l"),
                                "r": Decision("C", third)}),
            "R": Terminal((1, 1, 1), "R"),
        }),
        players=("A", "B", "C"),
    )


@cache
def game(label: str) -> Any:
    source = GAMES[label]
    return _three_player_tree() if source == "three-player-tree" else load(source)


def _limits(record: Method) -> dict[str, Any]:
    """A time limit where the method takes one (the tests assert values, never time)."""
    return {"timeout": 60.0} if record.option("timeout") is not None else {}


# ----------------------------------------------------------------------------- kinds
def test_game_kinds() -> None:
    assert kinds_of(game("stag hunt (2-player, symmetric)")) == ("symmetric-binary",
                                                                  "normal-2")
    assert kinds_of(game("iterated arms race (repeated)")) == (
        "repeated", "symmetric-binary", "normal-2")
    assert kinds_of(game("3-player nfg")) == ("normal-n",)
    assert kinds_of(game("sinking costs (signaling)")) == ("signaling", "extensive-2")
    assert kinds_of(game("3-player tree")) == ("extensive-n",)
    assert kinds_of(game("burden bargaining (alternating offers)")) == (
        "alternating-offers", "bargaining")
    assert kinds_of(game("Anglo-Japanese alliance (bargaining, no discounting)")) == (
        "bargaining",)


def test_records_are_unique_per_kind_and_name() -> None:
    """No two records of one name share a kind, so the choice is never ambiguous."""
    seen: set[tuple[str, str]] = set()
    for record in REGISTRY:
        for kind in record.kinds:
            assert kind in {k.name for k in registry.GAME_KINDS}, (record.name, kind)
            assert (record.name, kind) not in seen, (record.name, kind)
            seen.add((record.name, kind))
        assert record.summary and record.summary[-1] != "."
        assert all(o.help for o in record.options)


def test_auto_picks_the_most_specific_record() -> None:
    assert find("auto", game("iterated arms race (repeated)")).kinds == ("repeated",)
    assert find("auto", game("stag hunt (2-player, symmetric)")).kinds == ("normal-2",)
    assert find("auto", game("sinking costs (signaling)")).kinds == ("signaling",)
    assert dict(find("auto", game("sinking costs (signaling)")).fixed) == {"fallback": True}
    assert find("support-enumeration", game("3-player nfg")).runner.endswith(
        ":nplayer_support_enumeration")


def test_every_record_is_exercised_by_a_test_game() -> None:
    used = {id(r) for label in GAMES for r in records_for(game(label))}
    missing = [(r.name, r.kinds) for r in REGISTRY if id(r) not in used]
    assert not missing


# ------------------------------------------------------------------ runs = listed
@pytest.mark.parametrize("label", list(GAMES))
def test_methods_for_lists_exactly_what_runs(label: str) -> None:
    """Every listed method runs and finds an equilibrium; every other name is refused."""
    g = game(label)
    listed = methods_for(g)
    assert listed[0] == "auto"
    for name in method_names():
        if name not in listed:
            with pytest.raises(SolverError, match=re.escape(repr(name))):
                solve(g, name)
            continue
        record = find(name, g)
        result = solve(g, name, **_limits(record))
        assert result.requested_method == name
        if name != "auto":
            assert result.method == RESULT_METHOD.get(name, name)
        if kinds_of(g)[0] not in NO_PROFILES:
            assert len(result.equilibria) >= 1, (label, name)


def test_methods_for_agrees_with_the_old_lists_and_adds_what_works() -> None:
    """Two-player games now list logit, symmetric (when symmetric) and repeated too."""
    assert methods_for(game("stag hunt (2-player, symmetric)")) == [
        "auto", "pure", "iesds", "vertex-enumeration", "support-enumeration",
        "lemke-howson", "logit", "symmetric", "repeated", "nplayer-support-enumeration",
        "replicator", "asymmetric-replicator", "fictitious-play",
        "stochastic-fictitious-play"]
    assert methods_for(game("unilateral deterrence (tree)")) == [
        "auto", "spe", "sequence-lcp", "enumerate", "pbe", "qre"]
    assert methods_for(game("3-player tree")) == ["auto", "spe", "enumerate", "pbe", "qre"]
    assert methods_for(game("burden sharing (public goods)")) == [
        "auto", "public-goods", "closed-form", "numeric"]
    assert methods_for(game("Anglo-Japanese alliance (bargaining, no discounting)")) == [
        "auto", "nash-bargaining"]


def test_three_player_tree_values() -> None:
    result = solve(game("3-player tree"), "spe", exact=True)
    (eq,) = result.equilibria
    assert dict(eq.outcomes) == {"y": 1}
    assert tuple(eq.payoffs.values()) == (2, 1, 3)


# ------------------------------------------------------------------ the runners
def _runner_parameters(record: Method) -> dict[str, inspect.Parameter]:
    params = dict(inspect.signature(record.load()).parameters)
    params.pop(next(iter(params)))  # the game
    return params


#: runner parameters that no record declares, and why
UNDECLARED = {
    # solve_extensive accepts max_support "for a uniform signature" and ignores it: the
    # registry refuses it on trees instead
    ("alliance_games.solvers.tree.methods:solve_extensive", "max_support"),
    # internal: 'auto' on a tree asks support enumeration to stop at the first continuum
    # when it counts the Nash equilibria it sets aside (a count it uses only when the
    # list is complete); not a user option
    ("alliance_games.solvers.nplayer.supports:nplayer_support_enumeration",
     "until_incomplete"),
}


@pytest.mark.parametrize("record", REGISTRY, ids=lambda r: f"{r.name}[{','.join(r.kinds)}]")
def test_declared_options_match_the_runner(record: Method) -> None:
    """Each declared option is a parameter of the runner with the declared default; a
    no-op option is not (nothing would limit); fixed arguments and ``budget`` exist."""
    params = _runner_parameters(record)
    for key, _ in record.fixed:
        assert key in params
    assert ("budget" in params) or not record.budget
    for opt in record.options:
        if opt.name in record.no_op:
            assert opt.name not in params, opt.name
            continue
        assert opt.name in params, opt.name
        assert params[opt.name].default == opt.default, opt.name


def test_every_runner_option_is_reachable() -> None:
    """An option that exists inside a solver is declared by some record using it."""
    declared: dict[str, set[str]] = {}
    for record in REGISTRY:
        declared.setdefault(record.runner, set()).update(record.option_names)
        declared[record.runner].update(k for k, _ in record.fixed)
    for runner, names in declared.items():
        record = next(r for r in REGISTRY if r.runner == runner)
        for name in _runner_parameters(record):
            if name == "budget" or (runner, name) in UNDECLARED:
                continue
            assert name in names, (runner, name)


def test_common_options_are_declared_once() -> None:
    for record in REGISTRY:
        for opt in record.options:
            common = next((c for c in COMMON_OPTIONS if c.name == opt.name), None)
            assert common is None or common is opt, (record.name, opt.name)
    assert all(r.option("exact") is not None for r in REGISTRY)


# ------------------------------------------------------------------ refusals
def test_options_a_method_does_not_take_are_refused() -> None:
    """The issue's example: before, both were ignored and the answer said complete."""
    stag = game("stag hunt (2-player, symmetric)")
    with pytest.raises(SolverError) as info:
        solve(stag, "pure", timeout=1e-9, max_support=1)
    message = str(info.value)
    assert "'pure'" in message and "max_support, timeout not understood" in message
    assert message.endswith("its options: exact, tol")
    with pytest.raises(SolverError, match=r"max_support not understood by method 'auto' "
                                          r"on a two-player normal-form game; its options: "
                                          r"exact, timeout, memory"):
        solve(stag, max_support=2)
    with pytest.raises(SolverError, match="max_support not understood by method 'spe'"):
        solve(game("unilateral deterrence (tree)"), "spe", max_support=2)
    with pytest.raises(SolverError, match="label not understood by method 'vertex-enumer"):
        solve(stag, "vertex-enumeration", label=1)


def test_values_of_the_wrong_type_are_refused() -> None:
    stag = game("stag hunt (2-player, symmetric)")
    with pytest.raises(SolverError, match="option label of method 'lemke-howson' must be "
                                          "an integer; found '1'"):
        solve(stag, "lemke-howson", label="1")
    with pytest.raises(SolverError, match="label .* must be an integer"):
        solve(stag, "lemke-howson", label=True)
    with pytest.raises(SolverError, match="exact of method 'pure' must be a boolean"):
        solve(stag, "pure", exact="yes")
    with pytest.raises(SolverError, match="timeout of method 'auto' must be a number"):
        solve(stag, timeout="5")
    with pytest.raises(SolverError, match="refine of method 'pbe' must be one of "
                                          "intuitive, d1"):
        solve(game("sinking costs (signaling)"), "pbe", refine="d2")
    with pytest.raises(SolverError, match="discount_factor .* must be a number"):
        solve(game("iterated arms race (repeated)"), "repeated", discount_factor="soon")


def test_unknown_and_inapplicable_methods() -> None:
    stag = game("stag hunt (2-player, symmetric)")
    with pytest.raises(SolverError, match="unknown method 'lemke' for a two-player "
                                          "normal-form game; use one of auto, pure"):
        solve(stag, "lemke")
    with pytest.raises(SolverError, match="method 'vertex-enumeration' needs a 2-player "
                                          "normal-form game; this game is a 3-player"):
        solve(game("3-player nfg"), "vertex-enumeration")
    with pytest.raises(SolverError, match="'rubinstein' needs a two-party bargaining game"):
        solve(game("Anglo-Japanese alliance (bargaining, no discounting)"), "rubinstein")


def test_progress_is_accepted_everywhere_and_called_where_reported() -> None:
    calls: list[tuple[int, int]] = []
    stag = game("stag hunt (2-player, symmetric)")
    assert len(solve(stag, "pure", progress=lambda d, t: calls.append((d, t))).equilibria) == 2
    assert calls == []
    solve(game("3-player nfg"), "logit", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 1)]


def test_method_options_reach_the_solver() -> None:
    stag = game("stag hunt (2-player, symmetric)")
    assert solve(stag, "lemke-howson", label=2).extra["label"] == 2
    every = solve(stag, "lemke-howson", all_from_artificial=True, exact=True)
    assert len(every.equilibria) == 3
    impatient = solve(game("iterated arms race (repeated)"), "repeated",
                      discount_factor="2/5")
    assert impatient.extra["discount_factor"] == Fraction(2, 5)
    assert [eq.concept for eq in impatient.equilibria] == [
        "subgame perfect (stage equilibrium repeated)"]


def test_an_import_error_inside_a_solver_is_a_bug(tmp_path: Path, monkeypatch:
                                                   pytest.MonkeyPatch) -> None:
    """Not "not available": the ImportError propagates (exit 1 at the command line)."""
    (tmp_path / "broken_solver_module.py").write_text(
        "import a_module_that_does_not_exist_anywhere\n\ndef run(game, exact=False):\n"
        "    raise AssertionError\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    broken = Method("broken", ("normal-2",), (registry.EXACT,), True, "a broken solver",
                    "broken_solver_module:run")
    monkeypatch.setattr(registry, "REGISTRY", (*REGISTRY, broken))
    with pytest.raises(ImportError, match="a_module_that_does_not_exist_anywhere"):
        solve(game("stag hunt (2-player, symmetric)"), "broken")
    sys.modules.pop("broken_solver_module", None)


# ------------------------------------------------------------------ the command line
def _help_methods(text: str) -> list[str]:
    block = text.split("Methods (alliance-games methods", 1)[1].split("\n\n", 1)[1]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def test_solve_help_lists_exactly_the_registry(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["solve", "--help"])
    assert code == 0
    assert _help_methods(out) == method_names()
    assert "--option NAME=VALUE" in out


def _listed(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(name, kinds) of each method heading in ``alliance-games methods`` output."""
    found = re.findall(r"^(\S+)  \[([^\]]+)\]  ", text, re.M)
    return [(name, tuple(kinds.split(", "))) for name, kinds in found]


def test_methods_command_lists_the_registry(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["methods"])
    assert code == 0
    assert _listed(out) == [(r.name, r.kinds) for r in REGISTRY]
    assert "--option label=INT" in out and "--option refine=intuitive|d1" in out
    code, out, _ = cli(["methods", "extended_deterrence/sinking_costs"])
    assert code == 0
    assert [name for name, _ in _listed(out)] == methods_for(game("sinking costs (signaling)"))
    assert _listed(out)[0] == ("auto", ("signaling",))
    code, out, _ = cli(["methods", "alliance/volunteers_dilemma", "--set", "n_allies=4"])
    assert code == 0 and "symmetric  [symmetric-binary]" in out
    code, _, err = cli(["methods", "--set", "n_allies=4"])
    assert code == 2 and "--set needs a SPEC" in err


def test_option_flag_reaches_the_method(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    code, out, _ = cli(["solve", "security_dilemma/stag_hunt", "-m", "lemke-howson",
                        "--option", "label=2", "-f", "json", "-q"])
    assert code == 0
    assert json.loads(out)["analysis"]["label"] == 2
    code, out, _ = cli(["solve", "extended_deterrence/sinking_costs", "-m", "pbe",
                        "--option", "refine=d1", "-f", "json", "-q"])
    assert code == 0 and json.loads(out)["method"] == "pbe"
    code, out, _ = cli(["solve", "security_dilemma/iterated_arms_race", "-m", "repeated",
                        "--option", "discount_factor=2/5", "--option", "cooperate=Restrain",
                        "-q"])
    assert code == 0 and "stage equilibrium repeated" in out


@pytest.mark.parametrize("args, message", [
    (["-m", "lemke-howson", "--option", "label=two"],
     "option label of method 'lemke-howson' must be an integer; found 'two'"),
    (["-m", "lemke-howson", "--option", "start=1"],
     "option start not understood by method 'lemke-howson'; its options: exact, timeout"),
    (["-m", "lemke-howson", "--option", "label"], "--option expects NAME=VALUE"),
    (["-m", "lemke-howson", "--option", "label=1", "--option", "label=2"],
     "option label is given twice"),
    (["-m", "lemke-howson", "--option", "timeout=5"], "give timeout with --timeout"),
    (["-m", "lemke-howson", "--option", "all_from_artificial=maybe"],
     "must be a boolean (true or false); found 'maybe'"),
    (["-m", "pure", "--timeout", "5"], "option timeout not understood by method 'pure'"),
    (["--max-support", "2"], "max_support not understood by method 'auto' on a two-player"),
    (["-m", "spe"], "method 'spe' needs a game tree"),
])
def test_option_errors_exit_2(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(["solve", "security_dilemma/stag_hunt", *args])
    assert code == 2 and out == ""
    assert message in err


def test_max_support_on_a_tree_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["solve", "extended_deterrence/unilateral_deterrence",
                        "--max-support", "2"])
    assert code == 2 and "max_support not understood by method 'auto'" in err


def test_parse_option_texts_types() -> None:
    g = game("iterated arms race (repeated)")
    assert parse_option_texts("repeated", g, ["discount_factor=0.9", "cooperate=A,B"]) == {
        "discount_factor": Fraction(9, 10), "cooperate": ("A", "B")}
    assert parse_option_texts("logit", g, ["max-lambda=100", "tol=1e-6"]) == {
        "max_lambda": 100.0, "tol": 1e-6}
    assert parse_option_texts("auto", g, []) == {}


# ------------------------------------------------------------------ documentation
def test_docs_methods_page_is_the_registry() -> None:
    """docs/methods.md is generated from the registry; regenerate it with the command in
    its first lines when a record changes."""
    page = (ROOT / "docs" / "methods.md").read_text()
    assert page == methods_markdown() + "\n"
    assert re.findall(r"^### `(\S+)`$", page, re.M) == method_names()


def test_public_exports() -> None:
    assert alliance_games.REGISTRY is REGISTRY
    assert alliance_games.methods_for is registry.methods_for
