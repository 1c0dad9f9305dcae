"""A normal-form game written back as a ``kind: normal`` YAML spec (exact values)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import yaml

from ..errors import SolverError
from ..games.normal import NormalFormGame

__all__ = ["game_to_yaml"]


def _value(v: Any) -> Any:
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float(v)


def game_to_yaml(game: Any) -> str:
    """YAML text of a spec of ``game``: a tree stays a ``kind: extensive`` tree; other
    games become a ``kind: normal`` payoff table (one row per profile) with the same
    players, strategies, payoffs and outcome labels."""
    if type(game).__name__ == "ExtensiveFormGame":
        from .yaml_extensive import extensive_to_yaml

        return extensive_to_yaml(game)
    if not isinstance(game, NormalFormGame):
        if not hasattr(game, "as_normal_form"):
            raise SolverError(f"cannot write {type(game).__name__} as YAML")
        game = game.as_normal_form()
    rows = []
    for profile in game.profiles_gen():
        row: dict[str, Any] = {
            "profile": list(game.profile_name(profile)),
            "payoffs": [_value(v) for v in game.payoff_vector(profile)],
        }
        if profile in game.outcomes:
            row["outcome"] = game.outcomes[profile]
        rows.append(row)
    doc = {
        "name": game.name or "game",
        "kind": "normal",
        "players": [{"name": p, "strategies": list(s)}
                    for p, s in zip(game.players, game.strategies, strict=True)],
        "payoffs": rows,
    }
    refs = game.info.get("references")
    if refs:
        doc["references"] = list(refs)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
