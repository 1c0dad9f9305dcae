"""Catalog names stay inside the catalog; $ALLIANCE_GAMES_MODELS adds the user's models.

The escape tests put a valid spec *beside* a user catalog folder: before the fix,
``resolve("../secret")`` joined the name to the catalog folder and loaded
``<catalog>/../secret.yaml``. A catalog name is now only ``family/name`` and is looked up
among the listed catalog files, never joined as a path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alliance_games import catalog, load
from alliance_games.cli import _run, cli
from alliance_games.errors import SpecError
from alliance_games.modeling import loader
from alliance_games.modeling.loader import is_catalog_name, resolve

ROOT = Path(__file__).resolve().parents[1]
STAG = ROOT / "models" / "security_dilemma" / "stag_hunt.yaml"
CHICKEN = ROOT / "models" / "security_dilemma" / "chicken.yaml"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/user is $ALLIANCE_GAMES_MODELS (one model, mine/my_chicken); tmp/secret.yaml is
    a valid spec outside it; the working directory is tmp/cwd, so no name below is a real
    relative path by accident."""
    user = tmp_path / "user"
    (user / "mine").mkdir(parents=True)
    shutil.copy(CHICKEN, user / "mine" / "my_chicken.yaml")
    shutil.copy(STAG, tmp_path / "secret.yaml")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    monkeypatch.setenv("ALLIANCE_GAMES_MODELS", str(user))
    return user


@pytest.mark.parametrize("name", [
    "security_dilemma/stag_hunt", "alliance/burden_sharing", "Mine/game-2", "_x/y",
])
def test_catalog_name_shape_accepted(name: str) -> None:
    assert is_catalog_name(name)


@pytest.mark.parametrize("name", [
    "stag_hunt",                              # no family
    "a/b/c",                                  # nested
    "../secret", "security_dilemma/..", "../../etc/passwd", "./x/y",
    "/etc/hostname", "/security_dilemma/stag_hunt",
    "security_dilemma\\stag_hunt", "..\\secret", "C:/x/y", "c:\\x",
    "security_dilemma/stag_hunt.yaml", "security_dilemma/stag hunt", "x/y\n",
    "-x/y", "x/.y", "", "x/" + "a" * 101,
])
def test_catalog_name_shape_rejected(name: str) -> None:
    assert not is_catalog_name(name)


@pytest.mark.parametrize("name", [
    "../secret",                      # one level above the user catalog
    "mine/../../secret",              # through a real family folder
    "..\\secret", "mine\\..\\..\\secret",
])
def test_names_cannot_leave_the_catalog(user_dir: Path, name: str) -> None:
    with pytest.raises(SpecError, match="no spec file or catalog model named"):
        resolve(name)


def test_absolute_name_without_suffix_is_not_looked_up(user_dir: Path) -> None:
    """``<tmp>/secret`` (no .yaml) is no file; it must not become ``secret.yaml``."""
    with pytest.raises(SpecError, match="no spec file or catalog model named"):
        resolve(str(user_dir.parent / "secret"))


def test_builtin_catalog_cannot_be_left_either(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    """``../models/...`` reached the built-in catalog from outside it before the fix."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLIANCE_GAMES_MODELS", raising=False)
    for name in ("../models/security_dilemma/stag_hunt",
                 "security_dilemma/../security_dilemma/stag_hunt"):
        with pytest.raises(SpecError, match="no spec file or catalog model named"):
            resolve(name)


def test_a_real_file_path_is_still_read_as_a_file(user_dir: Path) -> None:
    """A path the user gives is a file, not a catalog name: relative with ``..`` or absolute."""
    assert resolve("../secret.yaml") == Path("../secret.yaml")
    assert load("../secret.yaml").name == "Stag hunt (assurance game)"
    assert load(str(user_dir.parent / "secret.yaml")).name == "Stag hunt (assurance game)"


def test_name_too_long_for_the_file_system_is_a_spec_error(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """``Path(...).is_file()`` raises OSError ENAMETOOLONG past 255 bytes a component."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError, match=r"no spec file or catalog model named '(a){60}…'"):
        resolve("a" * 5000)


def test_user_models_are_listed_and_loaded_by_name(user_dir: Path) -> None:
    entries = {e.slug: e for e in catalog()}
    assert entries["mine/my_chicken"].origin == "user"
    assert entries["security_dilemma/stag_hunt"].origin == "catalog"
    assert not entries["security_dilemma/stag_hunt"].shadows
    assert load("mine/my_chicken").name == "Chicken (crisis brinkmanship)"


def test_user_model_wins_a_name_clash(user_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A user file security_dilemma/stag_hunt.yaml (here: chicken's text) replaces the
    built-in stag hunt, and ``models`` says so on its line."""
    (user_dir / "security_dilemma").mkdir()
    shutil.copy(CHICKEN, user_dir / "security_dilemma" / "stag_hunt.yaml")
    entry = next(e for e in catalog() if e.slug == "security_dilemma/stag_hunt")
    assert (entry.origin, entry.shadows) == ("user", True)
    assert load("security_dilemma/stag_hunt").name == "Chicken (crisis brinkmanship)"
    assert _run(cli, ["models"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines()
                if "security_dilemma/stag_hunt" in x)
    assert "replaces the built-in model" in line


def test_files_outside_the_family_name_layout_are_ignored(user_dir: Path) -> None:
    for rel in ("top.yaml", "mine/bad name.yaml", ".hidden/x.yaml", "mine/deep/x.yaml",
                "mine/notes.txt", "mine/x.yml"):
        (user_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(STAG, user_dir / rel)
    user = sorted(e.slug for e in catalog() if e.origin == "user")
    assert user == ["mine/my_chicken"]


def test_models_on_an_empty_catalog_is_an_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A broken install (no catalog files) exits 2 with a message, not 0 with nothing."""
    monkeypatch.delenv("ALLIANCE_GAMES_MODELS", raising=False)
    monkeypatch.setattr(loader, "catalog_root", lambda: tmp_path)
    assert _run(cli, ["models"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: the catalog is empty")
    assert str(tmp_path) in captured.err and len(captured.err.splitlines()) == 1


def test_models_with_a_missing_user_folder_is_an_error(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    monkeypatch.setenv("ALLIANCE_GAMES_MODELS", str(tmp_path / "nowhere"))
    assert _run(cli, ["models"]) == 2
    assert "$ALLIANCE_GAMES_MODELS" in capsys.readouterr().err
