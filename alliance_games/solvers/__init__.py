"""Solvers: pure functions ``game -> SolveResult``, grouped by game family.

:func:`solve` runs a method by name; :data:`REGISTRY` lists every method as one
:class:`Method` record (the game kinds it takes, its typed :class:`Option` records,
whether it is complete, and its lazily imported runner); :func:`methods_for` says which
methods take a game.
"""

from __future__ import annotations

from .dispatch import methods_for, solve
from .registry import GAME_KINDS, REGISTRY, Method, Option, find, kinds_of

__all__ = ["solve", "methods_for", "REGISTRY", "GAME_KINDS", "Method", "Option", "find",
           "kinds_of"]
