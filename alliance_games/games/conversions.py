"""Where the tree type finds its conversions, without importing them.

:class:`~alliance_games.games.extensive.ExtensiveFormGame` forwards
``reduced_normal_form``, ``sequence_form`` and its notebook drawing to functions in
:mod:`.reduced`, :mod:`.sequence_form` and :mod:`.tree_svg`, which import the tree type;
the package (``alliance_games/games/__init__.py``) registers them here, as functions that
import their module on first use. This module imports nothing, so the package need not
import the tree type (nor its builders and layout) to register them: a normal-form
``solve`` never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["CONVERSIONS", "register"]

#: conversion name -> function (``reduced_normal_form``, ``sequence_form``, ``tree_svg``)
CONVERSIONS: dict[str, Callable[..., Any]] = {}


def register(**functions: Callable[..., Any]) -> None:
    """Attach the functions behind the tree type's conversions (by name)."""
    CONVERSIONS.update(functions)
