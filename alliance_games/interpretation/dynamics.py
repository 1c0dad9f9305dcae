"""Plain-language readings of dynamics results (placeholder until the family lands)."""

from __future__ import annotations

from ..equilibrium import SolveResult

__all__ = ["predictions"]


def predictions(result: SolveResult) -> list[str] | None:
    """None: no dynamics results yet."""
    return None
