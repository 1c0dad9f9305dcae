"""A :class:`~alliance_games.equilibrium.SolveResult` as the JSON document of design.md.

Keys are fixed: ``game``, ``method``, ``complete``, ``equilibria`` (each with
``strategies`` or ``behavior``/``beliefs``, ``payoffs``, ``outcomes``, ``pure``,
``regret`` and, with ``--exact``, ``exact``), ``predictions``. Extra keys that never
clash: ``requested_method``, ``diagnostics``, ``components``, ``analysis``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from ..equilibrium import Equilibrium, SolveResult
from ..outcomes import predictions

__all__ = ["result_to_dict", "render_json", "plain"]

DIGITS = 6


def _num(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else round(float(value), DIGITS)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        if value == int(value) and abs(value) < 2**53:
            return int(value)
        return round(value, DIGITS)
    try:
        return round(float(value), DIGITS)
    except (TypeError, ValueError):
        return str(value)


def plain(value: Any) -> Any:
    """Numbers rounded to floats, mappings to dicts, tuples to lists (JSON-ready)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    return _num(value)


def _exact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _exact(v) for k, v in value.items()}
    if isinstance(value, Fraction):
        return str(value)
    return plain(value)


def equilibrium_to_dict(eq: Equilibrium, exact: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if eq.strategies is not None:
        out["strategies"] = plain(eq.strategies)
    if eq.behavior is not None:
        out["behavior"] = plain(eq.behavior)
    if eq.beliefs is not None:
        out["beliefs"] = plain(eq.beliefs)
    out["payoffs"] = plain(eq.payoffs)
    out["outcomes"] = plain(eq.outcomes)
    out["pure"] = eq.pure
    out["regret"] = _num(eq.regret)
    out["concept"] = eq.concept
    if eq.notes:
        out["notes"] = list(eq.notes)
    if eq.extra:
        out["analysis"] = plain(eq.extra)
    if exact and eq.exact:
        block: dict[str, Any] = {}
        for key in ("strategies", "behavior", "beliefs", "payoffs", "outcomes"):
            value = getattr(eq, key)
            if value is not None:
                block[key] = _exact(value)
        out["exact"] = block
    return out


def result_to_dict(result: SolveResult, exact: bool = False) -> dict[str, Any]:
    """The JSON document for a solve result."""
    game = result.game
    kind = "normal" if hasattr(game, "payoffs") and hasattr(game, "strategies") else (
        "extensive" if type(game).__name__ == "ExtensiveFormGame" else
        str(getattr(game, "info", {}).get("kind", type(game).__name__))
    )
    doc: dict[str, Any] = {
        "game": {
            "name": getattr(game, "name", ""),
            "kind": kind,
            "players": list(getattr(game, "players", ())),
            "parameters": plain(dict(getattr(game, "parameters", {}) or {})),
        },
        "method": result.method,
        "requested_method": result.requested_method,
        "complete": result.complete,
        "exact": result.exact,
        "equilibria": [equilibrium_to_dict(eq, exact) for eq in result.equilibria],
        "predictions": predictions(result),
        "diagnostics": list(result.diagnostics),
    }
    classification = getattr(game, "info", {}).get("classification")
    if classification:
        doc["game"]["classification"] = plain(classification)
    if result.components:
        doc["components"] = [list(c) for c in result.components]
    analysis = {k: v for k, v in result.extra.items() if k != "predictions"}
    if analysis:
        doc["analysis"] = plain(analysis)
    return doc


def render_json(result: SolveResult, exact: bool = False) -> str:
    return json.dumps(result_to_dict(result, exact), indent=2, ensure_ascii=False) + "\n"
