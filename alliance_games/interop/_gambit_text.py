"""The lexical layer shared by Gambit's .nfg and .efg formats.

Both formats are whitespace-separated words, braces, commas and double-quoted labels in
which ``\\"`` stands for a quote; Gambit reads a backslash before anything else
literally. Tokens carry 1-based line and column numbers for located errors.

Numbers are shared too: integers, decimals with an optional exponent and rationals
``a/b``, all read exactly (:func:`parse_number`) and held to the spec number range of
:mod:`alliance_games.spec.expr` (magnitude at most 1e100, or zero), so that a payoff
``1e4000`` or a 5,000-digit integer is a located error, not an overflow in a solver or
Python's refusal to convert integers of over 4,300 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import GameError, SpecError
from ..spec.expr import magnitude_problem

__all__ = ["Token", "tokenize", "quote_label", "shorten", "parse_number", "WHITESPACE",
           "DELIMITERS"]

WHITESPACE = " \t\n\r\v\f"
DELIMITERS = WHITESPACE + '{},"'
MAX_NUMBER_LENGTH = 1000
"""Longer number tokens are refused before conversion: no number in range needs them."""

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIONAL = re.compile(r"[+-]?\d+/\d+")
_MAX_EXPONENT = 4000  # 10**4000 is cheap to build and far out of range anyway


@dataclass(frozen=True)
class Token:
    """One lexical token: ``kind`` is ``{ } , text word eof``; ``text`` its content."""

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


def tokenize(source: str, filename: str | None) -> list[Token]:
    """Split ``source`` into tokens, tracking 1-based line and column numbers."""
    tokens: list[Token] = []
    i, line, line_start, n = 0, 1, 0, len(source)
    while True:
        while i < n and source[i] in WHITESPACE:
            if source[i] == "\n":
                line, line_start = line + 1, i + 1
            i += 1
        if i >= n:
            tokens.append(Token("eof", "", line, i - line_start + 1))
            return tokens
        column = i - line_start + 1
        char = source[i]
        if char in "{},":
            tokens.append(Token(char, char, line, column))
            i += 1
        elif char == '"':
            start_line = line
            chars: list[str] = []
            i += 1
            while True:
                if i >= n:
                    raise SpecError(
                        "unterminated quoted label: expected a closing '\"'",
                        file=filename,
                        line=start_line,
                        column=column,
                    )
                c = source[i]
                if c == "\\" and i + 1 < n and source[i + 1] == '"':
                    chars.append('"')
                    i += 2
                    continue
                if c == '"':
                    i += 1
                    break
                if c == "\n":
                    line, line_start = line + 1, i + 1
                chars.append(c)
                i += 1
            tokens.append(Token("text", "".join(chars), start_line, column))
        else:
            start = i
            while i < n and source[i] not in DELIMITERS:
                i += 1
            tokens.append(Token("word", source[start:i], line, column))


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
