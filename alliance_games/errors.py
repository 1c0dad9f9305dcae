"""The one error hierarchy of alliance_games.

::

    AllianceGamesError                 base: everything the library raises on purpose
    ├── SpecError                      a spec (YAML, .nfg, .efg) is malformed; carries
    │                                  file, line, column and the YAML path of the key
    │   └── SpecErrors                 several SpecErrors found in one pass (validate)
    ├── GameError                      a game object is inconsistent (shapes, labels)
    ├── SolverError                    a method cannot be applied to this game
    │                                  (e.g. ``--exact`` with irrational payoffs)
    └── OutputError                    a result cannot be written (file exists ...)

The command line turns every ``AllianceGamesError`` into a one-line message and exit
code 2; anything else is a bug (exit code 1).

Input echoed in a message goes through :func:`quote`: a short excerpt (at most
:data:`EXCERPT` characters, then an ellipsis) with control characters, escape sequences
and invisible format characters written the way Python's ``repr`` writes them, so that a
hostile spec can neither flood the terminal nor drive it with ESC sequences. As a second
line of defence every message is passed through :func:`scrub` (the same escaping, and a
cap on the whole message) when it is turned into text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "quote",
    "scrub",
    "EXCERPT",
    "AllianceGamesError",
    "SpecError",
    "SpecErrors",
    "GameError",
    "SolverError",
    "OutputError",
]


EXCERPT = 60
"""Longest excerpt of user input quoted in a message (characters, after escaping)."""

_MAX_MESSAGE = 400


def _escape_char(ch: str) -> str:
    # repr() knows how to write every non-printable character (\x1b, \u202e ...);
    # printable ones, including non-ASCII letters, stay as they are.
    if ch.isprintable():
        return "\\'" if ch == "'" else ch
    return repr(ch)[1:-1]


def quote(value: object, limit: int = EXCERPT) -> str:
    """``value`` as a short, quoted, escaped excerpt for an error message.

    ``quote("Arm")`` is ``'Arm'`` (what ``repr`` gives); a longer text is cut after
    ``limit`` characters with an ellipsis, and control characters are escaped
    (``quote("a\x1b[2J")`` is ``'a\\x1b[2J'``), so that no message can echo a file
    in bulk or send raw terminal commands.

    Examples
    --------
    >>> quote("Arm")
    "'Arm'"
    >>> quote("x" * 100) == "'" + "x" * 60 + "…'"
    True
    """
    text = value if isinstance(value, str) else str(value)
    out: list[str] = []
    size = 0
    for ch in text:
        piece = _escape_char(ch)
        if size + len(piece) > limit:
            return "'" + "".join(out) + "…'"
        out.append(piece)
        size += len(piece)
    return "'" + "".join(out) + "'"


def scrub(message: str, limit: int = _MAX_MESSAGE) -> str:
    """A message made safe to print: non-printable characters escaped, one line, capped.

    Newlines are escaped too: every error is one line (``SpecErrors`` joins its errors
    with newlines itself).
    """
    if message.isprintable() and len(message) <= limit:
        return message
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AllianceGamesError(Exception):
    """Base class of every error alliance_games raises on purpose."""

    def __str__(self) -> str:
        return scrub(super().__str__())


@dataclass(frozen=True)
class _Where:
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            loc = scrub(self.file, 200)
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            parts.append(loc)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(f"at {quote(self.path, 80)}")
        return " ".join(parts)


class SpecError(AllianceGamesError):
    """A spec is malformed.

    Parameters
    ----------
    message
        What was expected and what was found, and how to fix it.
    file, line, column
        Where in the source (1-based line and column).
    path
        The YAML path of the offending key, e.g. ``players[1].strategies``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: str | None = None,
    ) -> None:
        self.message = message
        self.where = _Where(file, line, column, path)
        super().__init__(self.__str__())

    @property
    def file(self) -> str | None:
        return self.where.file

    @property
    def line(self) -> int | None:
        return self.where.line

    @property
    def column(self) -> int | None:
        return self.where.column

    @property
    def path(self) -> str | None:
        return self.where.path

    def located(self, **where: object) -> SpecError:
        """A copy with missing location fields filled in from ``where``."""
        fields: dict[str, object] = {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }
        for key, value in where.items():
            if fields.get(key) is None:
                fields[key] = value
        return SpecError(self.message, **fields)  # type: ignore[arg-type]

    def __str__(self) -> str:
        where = str(self.where)
        message = scrub(self.message)
        return f"{where}: {message}" if where else message


class SpecErrors(SpecError):
    """Several spec errors found in one pass; ``errors`` lists them in file order."""

    def __init__(self, errors: list[SpecError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(
            first.message, file=first.file, line=first.line, column=first.column, path=first.path
        )

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class GameError(AllianceGamesError):
    """A game object is internally inconsistent (shapes, labels, probabilities)."""


class SolverError(AllianceGamesError):
    """A solution method cannot be applied to the given game."""


class OutputError(AllianceGamesError):
    """A result cannot be written (for example, the file exists and --force is absent)."""
