"""Escaping of user text (names, labels, descriptions) for each output format.

Labels come from spec files that may have been written by someone else: a label such as
``<img src=x onerror=...>`` or ``*bold*`` must show as written, not become markup in a
rendered Markdown or HTML report, and no control character (a YAML ``"\\e[2J"``) may
reach a terminal. HTML is escaped by Jinja2's autoescaping and ``html.escape``; LaTeX by
``documents._tex``; this module holds the Markdown and plain-text rules.

It sits in the bottom layer (beside ``numbers`` and ``errors``) because the types draw
themselves: a game's Markdown payoff table escapes its labels with :func:`md_cell`
without reaching up into ``report/`` (:mod:`alliance_games.report.escape` re-exports
these functions for the documents).
"""

from __future__ import annotations

import re

__all__ = ["md_cell", "md_prose", "terminal_safe"]

# the punctuation that can open markup inside a line or a table cell (CommonMark
# "Backslash escapes"); characters that only matter at the start of a line (# + - >)
# are left alone, since cells and headings never start a line with user text
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _no_html(text: str) -> str:
    # < and > as entities: no raw HTML tag survives; & only where it would start an
    # entity reference (a plain "Zagare & Kilgour" stays readable in the .md file)
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: object) -> str:
    """A name or label for a Markdown table cell or heading: Markdown punctuation that
    opens markup backslash-escaped, HTML neutralised, on one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _no_html(one_line))


def md_prose(text: object) -> str:
    """Free text (a description, a prediction): raw HTML neutralised, Markdown emphasis
    left to the author."""
    return _no_html(str(text))


def terminal_safe(text: str) -> str:
    """Text with every non-printable character except newline written as an escape
    (``\\x1b``), so that a report printed to a terminal cannot drive it."""
    if all(ch.isprintable() or ch == "\n" for ch in text):
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch)[1:-1] for ch in text)
