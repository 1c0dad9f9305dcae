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
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AllianceGamesError",
    "SpecError",
    "SpecErrors",
    "GameError",
    "SolverError",
    "OutputError",
]


class AllianceGamesError(Exception):
    """Base class of every error alliance_games raises on purpose."""


@dataclass(frozen=True)
class _Where:
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            loc = self.file
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            parts.append(loc)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(f"at '{self.path}'")
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
        fields = {
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
        return f"{where}: {self.message}" if where else self.message


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
