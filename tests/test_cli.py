"""The command line end to end: the issue's commands, formats, files, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from fractions import Fraction
from pathlib import Path

import pytest

from alliance_games.cli import _run, cli

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = _run(cli, args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def installed_console_script(name: str = "alliance-games") -> tuple[Path | None, list[str]]:
    """The console script pip installed for this interpreter, and the folders searched.

    Looked up where pip puts scripts for *this* interpreter (its scheme's ``scripts``
    folder, the interpreter's own folder for a venv, the user scheme for ``--user``),
    never through ``PATH``: a test run from an IDE or a bare shell has another PATH.
    """
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        folders.append(sysconfig.get_path("scripts", user_scheme))
    for folder in folders:
        found = shutil.which(name, path=folder)
        if found:
            return Path(found), folders
    return None, folders


def test_console_script_and_shim_run(cli_subprocess) -> None:  # type: ignore[no-untyped-def]
    """`alliance-games` (installed by pip), `python cli.py` and `python -m
    alliance_games.cli` print the same analysis.

    A missing script is a failure (the package's ``[project.scripts]`` entry is part of
    what ``pip install`` must give a user), not a skip."""
    script, folders = installed_console_script()
    assert script is not None and script.is_file(), (
        f"console script 'alliance-games' not found in {folders}; run pip install -e .")
    a = subprocess.run([str(script), "solve", "security_dilemma/prisoners_dilemma"],
                       capture_output=True, text=True, check=True)
    b = subprocess.run([sys.executable, str(ROOT / "cli.py"), "solve",
                        "security_dilemma/prisoners_dilemma"],
                       capture_output=True, text=True, check=True, cwd=ROOT)
    c = cli_subprocess(["solve", "security_dilemma/prisoners_dilemma"], check=True)
    assert a.stdout == b.stdout == c.stdout
    assert "prisoner's dilemma" in a.stdout and "Arm" in a.stdout
    assert a.stderr == ""  # no progress bar when piped


def test_models_lists_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["models"], capsys)
    assert code == 0
    for slug in ("security_dilemma/stag_hunt", "security_dilemma/chicken",
                 "security_dilemma/offense_defense"):
        assert slug in out


def test_solve_json_keys_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    """Chicken with cost_of_war=20: mixed p(back down) = 21/22 (see test_catalog_security)."""
    code, out, _ = run(["solve", str(ROOT / "models/security_dilemma/chicken.yaml"),
                        "--set", "cost_of_war=20", "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= {"game", "method", "complete", "equilibria", "predictions"}
    assert doc["game"]["kind"] == "normal"
    assert doc["game"]["parameters"]["cost_of_war"] == 20
    assert doc["complete"] is True and doc["method"] == "vertex-enumeration"
    assert len(doc["equilibria"]) == 3
    for eq in doc["equilibria"]:
        assert set(eq) >= {"strategies", "payoffs", "outcomes", "pure", "regret"}
    mixed = next(eq for eq in doc["equilibria"] if not eq["pure"])
    assert mixed["strategies"]["State A"]["Back down"] == pytest.approx(21 / 22, abs=1e-6)
    # certified in rationals by vertex enumeration: the exact mirror without --exact
    assert mixed["exact"]["strategies"]["State A"]["Back down"] == "21/22"
    assert doc["exact"] is False  # the run's mode: the numbers are floats


def test_exact_markdown_to_file_and_no_silent_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "result.md"
    code, _, _ = run(["solve", "security_dilemma/stag_hunt", "--exact", "--format",
                      "markdown", "-o", str(target)], capsys)
    assert code == 0
    text = target.read_text()
    assert "| 2/3" in text or "2/3" in text
    assert "## What the equilibria predict" in text
    code, _, err = run(["solve", "security_dilemma/stag_hunt", "-o", str(target)], capsys)
    assert code == 2 and "exists" in err and "--force" in err
    assert target.read_text() == text  # untouched
    code, _, _ = run(["solve", "security_dilemma/stag_hunt", "-o", str(target), "--force"],
                     capsys)
    assert code == 0 and target.read_text() != text


def test_exact_json_has_fractions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "security_dilemma/stag_hunt", "--exact", "-f", "json"], capsys)
    doc = json.loads(out)
    mixed = next(eq for eq in doc["equilibria"] if not eq["pure"])
    assert mixed["exact"]["strategies"]["State A"] == {"Restrain": "2/3", "Arm": "1/3"}
    assert mixed["exact"]["payoffs"]["State A"] == "8/3"


@pytest.mark.parametrize("suffix", ["md", "html", "tex"])
def test_report_formats(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"report.{suffix}"
    code, _, err = run(["report", "security_dilemma/chicken", "-o", str(target)], capsys)
    assert code == 0, err
    text = target.read_text()
    assert "Chicken" in text
    assert ("war" in text) and ("Stand firm" in text)
    if suffix == "html":
        assert text.startswith("<!DOCTYPE html>") and 'class="eq"' in text
    if suffix == "tex":
        assert "\\begin{document}" in text and "\\end{document}" in text


def test_convert_to_nfg_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Writing chicken as .nfg and solving the file gives the same equilibria."""
    target = tmp_path / "chicken.nfg"
    code, _, err = run(["convert", "security_dilemma/chicken", "--to", "nfg", "-o",
                        str(target)], capsys)
    assert code == 0, err
    code, out, _ = run(["solve", str(target), "--exact", "-f", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    mixed = next(eq for eq in doc["equilibria"] if not eq["pure"])
    assert Fraction(mixed["exact"]["strategies"]["State A"]["Back down"]) == Fraction(11, 12)
    # and to YAML, which loads again with the same payoffs
    ytarget = tmp_path / "chicken.yaml"
    assert _run(cli, ["convert", str(target), "--to", "yaml", "-o", str(ytarget)]) == 0
    code, out2, _ = run(["solve", str(ytarget), "--exact", "-f", "json"], capsys)
    assert json.loads(out2)["equilibria"] == doc["equilibria"]


def test_validate_ok_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", "security_dilemma/stag_hunt"], capsys)
    assert code == 0 and out.startswith("ok:")
    code, out, _ = run(["explain", "security_dilemma/chicken"], capsys)
    assert code == 0
    assert "completely mixed" in out and "holds now" in out


def test_methods_pure_and_iesds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", "security_dilemma/prisoners_dilemma", "-m", "iesds", "-f",
                        "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["method"] == "iesds" and len(doc["equilibria"]) == 1
    assert doc["equilibria"][0]["strategies"]["State A"] == {"Restrain": 0, "Arm": 1}


def test_convert_tree_to_yaml_and_efg_keeps_the_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tree written as YAML (or .efg) is still a tree with the same SPE outcome."""
    code, out, _ = run(["solve", "extended_deterrence/unilateral_deterrence", "-f", "json"],
                       capsys)
    assert code == 0
    original = json.loads(out)
    for target in ("yaml", "efg"):
        path = tmp_path / f"udg.{target}"
        assert _run(cli, ["convert", "extended_deterrence/unilateral_deterrence", "--to",
                          target, "-o", str(path)]) == 0
        code, out, _ = run(["solve", str(path), "-f", "json"], capsys)
        assert code == 0
        doc = json.loads(out)
        assert doc["game"]["kind"] == "extensive"
        assert [eq["outcomes"] for eq in doc["equilibria"]] == [
            eq["outcomes"] for eq in original["equilibria"]]
