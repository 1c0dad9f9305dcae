"""The lexical layer shared by Gambit's .nfg and .efg formats.

Both formats are whitespace-separated words, braces, commas and double-quoted labels in
which ``\\"`` stands for a quote; Gambit reads a backslash before anything else
literally. Tokens carry 1-based line and column numbers for located errors.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import GameError, SpecError

__all__ = ["Token", "tokenize", "quote_label", "shorten", "WHITESPACE", "DELIMITERS"]

WHITESPACE = " \t\n\r\v\f"
DELIMITERS = WHITESPACE + '{},"'


class Token(NamedTuple):
    """One lexical token: ``kind`` is ``{ } , text word eof``; ``text`` its content.

    A named tuple rather than a dataclass: a 5 MB file has about a million tokens, and a
    tuple is several times cheaper to create.
    """

    kind: str
    text: str
    line: int
    column: int

    def shown(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "text":
            return f'quoted label "{shorten(self.text)}"'
        return f"'{shorten(self.text)}'"


def shorten(text: str, limit: int = 40) -> str:
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


# One regular expression scans the whole file (the scan runs in C; a character loop in
# Python took seconds on files of a few MB). Groups: a delimiter, a quoted label (a
# backslash is an escape only before a quote, so the body has exactly one reading), an
# opening quote that is never closed, or a bare word.
_TOKEN = re.compile(
    r'[ \t\n\r\v\f]*+'
    r'(?:(?P<punct>[{},])'
    r'|(?P<text>"(?:[^"\\]|\\"|\\(?!"))*+")'
    r'|(?P<open>")'
    r'|(?P<word>[^ \t\n\r\v\f{},"]++)'
    r'|(?P<end>\Z))'
)


def tokenize(source: str, filename: str | None) -> list[Token]:
    """Split ``source`` into tokens, tracking 1-based line and column numbers."""
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # skips the named tuple's Python-level __new__ (a million calls)
    line, line_start, counted = 1, 0, 0
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        start = match.start(kind)
        if start > counted:
            newlines = source.count("\n", counted, start)
            if newlines:
                line += newlines
                line_start = source.rfind("\n", counted, start) + 1
            counted = start
        column = start - line_start + 1
        if kind == "punct":
            char = match.group("punct")
            append(new(Token, (char, char, line, column)))
        elif kind == "word":
            append(new(Token, ("word", match.group("word"), line, column)))
        elif kind == "text":
            label = match.group("text")[1:-1].replace('\\"', '"')
            append(new(Token, ("text", label, line, column)))
        elif kind == "open":
            raise SpecError(
                "unterminated quoted label: expected a closing '\"'",
                file=filename,
                line=line,
                column=column,
            )
        else:
            append(Token("eof", "", line, column))
            return tokens
    raise AssertionError("unreachable: the pattern always matches the end")  # pragma: no cover


def quote_label(label: str) -> str:
    """A Gambit quoted label; ``"`` is escaped as ``\\"``.

    Gambit reads a backslash before anything but a quote literally, so a label in which
    a backslash is followed by a quote or a backslash, or ends the label, has no portable
    spelling and is refused.
    """
    if "\\\\" in label or '\\"' in label or label.endswith("\\"):
        raise GameError(
            f"label {label!r} cannot be written to a Gambit file: a backslash may not be "
            "followed by a quote or a backslash, nor end the label"
        )
    return '"' + label.replace('"', '\\"') + '"'
