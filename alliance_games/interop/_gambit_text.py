"""The lexical layer shared by Gambit's .nfg and .efg formats.

Both formats are whitespace-separated words, braces, commas and double-quoted labels in
which ``\\"`` stands for a quote; Gambit reads a backslash before anything else
literally. Tokens carry 1-based line and column numbers for located errors.

Numbers are shared too: integers, decimals with an optional exponent and rationals
``a/b``, all read exactly (:func:`parse_number`) and held to the spec number range of
:mod:`alliance_games.modeling.expr` (magnitude at most 1e100, or zero), so that a payoff
``1e4000`` or a 5,000-digit integer is a located error, not an overflow in a solver or
Python's refusal to convert integers of over 4,300 digits.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import NamedTuple

from ..errors import GameError, SpecError
from ..modeling.expr import magnitude_problem

__all__ = ["Token", "TokenCursor", "tokenize", "quote_label", "shorten", "parse_number",
           "WHITESPACE", "DELIMITERS"]

WHITESPACE = " \t\n\r\v\f"
DELIMITERS = WHITESPACE + '{},"'
MAX_NUMBER_LENGTH = 1000
"""Longer number tokens are refused before conversion: no number in range needs them."""

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIONAL = re.compile(r"[+-]?\d+/\d+")
_SMALL_INT = re.compile(r"[+-]?\d{1,18}")  # always within the spec number range
_MAX_EXPONENT = 4000  # 10**4000 is cheap to build and far out of range anyway


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
        # every alternative of _TOKEN is a named group, so lastgroup is never None here
        start = match.start(kind)  # type: ignore[arg-type]
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


class TokenCursor:
    """A cursor over a token list: ``peek`` at the next token, ``take`` it (``eof`` stays).

    The ``.nfg`` and ``.efg`` readers extend it with their own located errors.
    """

    def __init__(self, tokens: list[Token], filename: str | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.filename = filename

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token


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


def parse_number(text: str) -> Fraction | None:
    """The exact value of a Gambit number (``3``, ``-0.25``, ``1/3``, ``2e-3``).

    Returns ``None`` when ``text`` is not written as a number. Raises ``ValueError``
    whose message completes "the number '...'" when it is one but cannot be used: more
    than :data:`MAX_NUMBER_LENGTH` characters, a zero denominator, or a value outside
    the spec number range.

    >>> parse_number("0.1"), parse_number("-3/4"), parse_number("A")
    (Fraction(1, 10), Fraction(-3, 4), None)
    """
    if _SMALL_INT.fullmatch(text):  # the common case, without Fraction's string parser
        return Fraction(int(text))
    decimal = _DECIMAL.fullmatch(text)
    if decimal is None and _RATIONAL.fullmatch(text) is None:
        return None
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"has more than {MAX_NUMBER_LENGTH} characters")
    if decimal is not None:
        exponent = decimal.group(1)
        if exponent is not None and (len(exponent) > 8 or abs(int(exponent)) > _MAX_EXPONENT):
            raise ValueError("is out of range: numbers must lie between -1e100 and 1e100")
        value = Fraction(text)
    else:
        num, den = text.split("/")
        if int(den) == 0:
            raise ValueError("is a division by zero")
        value = Fraction(int(num), int(den))
    problem = magnitude_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value
