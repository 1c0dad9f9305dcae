"""``alliance-games convert``: a game to a Gambit file or a YAML spec."""

from __future__ import annotations

from typing import Any

from ..errors import SolverError
from ..games.normal import NormalFormGame

__all__ = ["convert_game"]


def convert_game(game: Any, target: str) -> str:
    """The text of ``game`` in format ``target`` (``nfg``, ``efg`` or ``yaml``).

    A tree converted to ``nfg`` is written as its reduced normal form.
    """
    if target == "nfg":
        from .nfg import write_nfg

        if not isinstance(game, NormalFormGame):
            if not hasattr(game, "as_normal_form"):
                raise SolverError(f"{type(game).__name__} has no normal form to write")
            game = game.as_normal_form()
        return write_nfg(game)
    if target == "efg":
        if isinstance(game, NormalFormGame):
            raise SolverError(
                "a normal-form game has no tree; convert it to nfg, or write the tree as a "
                "kind: extensive spec"
            )
        from .efg import write_efg

        if hasattr(game, "as_extensive"):  # a family game with a tree (the chain store)
            game = game.as_extensive()
        return write_efg(game)
    if target == "yaml":
        from .yaml_spec import game_to_yaml

        return game_to_yaml(game)
    raise SolverError(f"unknown target format {target!r}")
