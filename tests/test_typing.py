"""The typed surface: the ``Game`` protocol, the typed family facts, ``py.typed``.

Every game family satisfies :class:`alliance_games.Game` at run time and for mypy; the
family facts that solvers branch on are typed fields of ``NormalFormGame`` equal to the
``info`` entries reports and JSON read.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

import alliance_games
from alliance_games import Game, load
from alliance_games.games.bargaining import BargainingGame
from alliance_games.games.extensive import ExtensiveFormGame
from alliance_games.games.normal import NormalFormGame
from alliance_games.games.public_goods import PublicGoodsGame

ROOT = Path(__file__).resolve().parents[1]

# one catalog model per family, with its class and its players
FAMILIES = [
    ("security_dilemma/stag_hunt", NormalFormGame, ("State A", "State B")),
    ("extended_deterrence/tying_hands", ExtensiveFormGame, None),
    ("alliance/burden_sharing", PublicGoodsGame, None),
    ("alliance/burden_bargaining", BargainingGame, None),
]


@pytest.mark.parametrize(("slug", "cls", "players"), FAMILIES)
def test_every_family_is_a_game(slug: str, cls: type, players: tuple[str, ...] | None) -> None:
    game = load(slug)
    assert type(game) is cls
    assert isinstance(game, Game)
    assert isinstance(game.name, str) and game.name
    assert game.n_players == len(game.players) >= 2
    if players is not None:
        assert game.players == players
    assert dict(game.parameters)  # every catalog model declares its parameters


def test_solve_result_holds_the_game() -> None:
    game = load("security_dilemma/stag_hunt")
    result = alliance_games.solve(game)
    assert result.game is game and isinstance(result.game, Game)


def test_repeated_settings_are_a_typed_field() -> None:
    """Iterated arms race: discount factor 3/5, cooperation is Restrain (catalog)."""
    game = load("security_dilemma/iterated_arms_race")
    assert isinstance(game, NormalFormGame)
    assert game.repeated == {"discount_factor": Fraction(3, 5), "cooperate": "Restrain"}
    assert game.repeated is game.info["repeated"]
    assert game.symmetric_binary is None and game.volunteers_dilemma is None


def test_volunteers_dilemma_facts_are_typed_fields() -> None:
    """Volunteer's dilemma b=4, c=1, n=3: intervening pays b - c = 3 whatever the
    others do; abstaining pays 0 when nobody intervenes and b = 4 otherwise."""
    game = load("alliance/volunteers_dilemma")
    assert isinstance(game, NormalFormGame)
    assert game.volunteers_dilemma == {"benefit": 4, "cost": 1, "n": 3}
    assert game.symmetric_binary is not None
    assert game.symmetric_binary["act_payoffs"] == (3, 3, 3)
    assert game.symmetric_binary["abstain_payoffs"] == (0, 4, 4)
    assert game.symmetric_binary["actions"] == ("Intervene", "Abstain")
    assert game.repeated is None and game.linear_public_good is None


def test_flag_fields_follow_info_through_replace_and_restrict() -> None:
    game = load("security_dilemma/stag_hunt")
    assert isinstance(game, NormalFormGame)
    assert game.repeated is None
    variant = dataclasses.replace(game, info={"repeated": {"discount_factor": Fraction(1, 2)}})
    assert variant.repeated == {"discount_factor": Fraction(1, 2)}
    sub = variant.restrict([[0], [0, 1]])
    assert sub.repeated == {"discount_factor": Fraction(1, 2)}


def test_signaling_facts_are_a_typed_field() -> None:
    """Sinking costs (Fearon 1997): a Resolute or Irresolute defender mobilises or stays
    put; the field holds the spec's types, messages, events and model as ``info`` has
    them, and follows ``info`` through ``dataclasses.replace``."""
    game = load("extended_deterrence/sinking_costs")
    assert isinstance(game, ExtensiveFormGame)
    facts = game.signaling
    assert facts is not None
    assert dict(facts.types) == {"Resolute": "Resolute", "Irresolute": "Irresolute"}
    assert dict(facts.types) == dict(game.info["signaling"]["types"])
    assert facts.messages == ("Mobilize", "Stay put")
    assert dict(facts.events) == dict(game.info["events"])
    assert "P(challenge)" in facts.events
    assert facts.model is game.info["signaling_model"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.messages = ()  # type: ignore[misc]
    renamed = dataclasses.replace(game, name="renamed")
    assert renamed.signaling == facts
    plain = dataclasses.replace(game, info={"kind": "extensive"})
    assert plain.signaling is None
    tree = load("extended_deterrence/unilateral_deterrence")
    assert isinstance(tree, ExtensiveFormGame) and tree.signaling is None


def test_py_typed_marker_ships() -> None:
    assert (ROOT / "alliance_games" / "py.typed").is_file()
    text = (ROOT / "pyproject.toml").read_text()
    assert '"alliance_games" = ["py.typed"]' in text


def test_mypy_accepts_every_family_as_a_game(tmp_path: Path) -> None:
    """The protocol holds statically too: mypy checks a client that passes each family
    where a ``Game`` is expected and reads ``load()``'s result as a ``Game``."""
    client = tmp_path / "client.py"
    client.write_text(textwrap.dedent("""
        from alliance_games import Game, load
        from alliance_games.games.bargaining import BargainingGame
        from alliance_games.games.extensive import ExtensiveFormGame
        from alliance_games.games.normal import NormalFormGame
        from alliance_games.games.public_goods import PublicGoodsGame

        def title(game: Game) -> str:
            return f"{game.name}: {game.n_players} players {game.players}"

        def every(n: NormalFormGame, e: ExtensiveFormGame, p: PublicGoodsGame,
                  b: BargainingGame) -> list[str]:
            return [title(n), title(e), title(p), title(b), title(load("x"))]

    """))
    # follow_imports=silent: the package is type-checked by CI's own mypy step; here
    # only the client's view of its types is under test
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--strict",
         "--cache-dir", str(tmp_path / "cache"), "--config-file", str(ROOT / "pyproject.toml"),
         str(client)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found in 1 source file" in proc.stdout
