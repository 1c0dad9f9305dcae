"""The lexical layer shared by Gambit's .nfg and .efg formats.

Both formats are whitespace-separated words, braces, commas and double-quoted labels in
which ``\\"`` stands for a quote; Gambit reads a backslash before anything else
literally. Tokens carry 1-based line and column numbers for located errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import GameError, SpecError

__all__ = ["Token", "tokenize", "quote_label", "shorten", "WHITESPACE", "DELIMITERS"]

WHITESPACE = " \t\n\r\v\f"
DELIMITERS = WHITESPACE + '{},"'


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
