"""Escaping of user text for each output format (see :mod:`alliance_games.text_escape`).

The rules live in the bottom layer so that the games can draw themselves (a payoff
table's Markdown escapes its labels) without importing ``report/``; the documents import
them from here.
"""

from __future__ import annotations

from ..text_escape import md_cell, md_prose, terminal_safe

__all__ = ["md_cell", "md_prose", "terminal_safe"]
