"""Parsing the text of a Gambit strategic-form (``.nfg``) file: prologue and body.

:func:`_parse_header` reads the prologue (``NFG 1 R "title" { players } { strategies }``
and the optional comment), :func:`_parse_payoff_body` and :func:`_parse_outcome_body`
the two versions of the body; :mod:`.nfg` builds the game from what they return (the
format is described there). Every malformed input raises
:class:`~alliance_games.errors.SpecError` at the offending token.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..errors import SpecError
from ._gambit_text import Token as _Token
from ._gambit_text import TokenCursor
from ._gambit_text import parse_number as _gambit_number
from ._gambit_text import shorten as _shorten

__all__: list[str] = []

_COUNT = re.compile(r"\+?\d+")
_MAX_PLAYERS = 32  # numpy arrays have at most 64 axes; payoff arrays have n + 1


# ---------------------------------------------------------------------- lexer
def _parse_number(text: str) -> Fraction | None:
    """The exact value of a Gambit number, else None (also when out of range)."""
    try:
        return _gambit_number(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------- parser
class _Parser(TokenCursor):
    """The ``.nfg`` parser's cursor over the token list, with located errors."""

    def error(self, message: str, token: _Token | None = None) -> SpecError:
        token = token or self.peek()
        return SpecError(message, file=self.filename, line=token.line, column=token.column)

    def expect(self, kind: str, what: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise self.error(f"expected {what}, found {token.shown()}", token)
        return token

    def number(self, what: str) -> Fraction:
        """A number, bare or quoted (``"1/2"``)."""
        token = self.take()
        try:
            value = _gambit_number(token.text) if token.kind in ("word", "text") else None
        except ValueError as exc:
            raise self.error(f"expected {what}, found '{_shorten(token.text)}', which {exc}",
                             token) from None
        if value is None:
            raise self.error(f"expected {what} (an integer, decimal or a/b), found "
                             f"{token.shown()}", token)
        return value


@dataclass(frozen=True)
class _Header:
    title: str
    players: list[str]
    counts: list[int]
    strategy_labels: list[list[str]] | None  # None: counts only, labels are "1".."m"
    comment: _Token | None  # the optional quoted comment (could be a quoted first payoff)


def _parse_header(p: _Parser) -> _Header:
    """The prologue: ``NFG 1 R "title" { players } { strategies } ["comment"]``."""
    title = _parse_magic(p)
    players = _parse_players(p)
    counts, labels = _parse_strategies(p, players)
    comment = p.take() if p.peek().kind == "text" else None
    return _Header(title, players, counts, labels, comment)


def _parse_magic(p: _Parser) -> str:
    """``NFG 1 R`` (or ``D``) and the quoted game title, which it returns."""
    magic = p.take()
    if magic.kind != "word" or magic.text != "NFG":
        hint = " (an .efg file holds an extensive-form game)" if magic.text == "EFG" else ""
        raise p.error(f"expected 'NFG' at the start of a Gambit strategic-form file, "
                      f"found {magic.shown()}{hint}", magic)
    version = p.take()
    if version.kind != "word" or version.text != "1":
        raise p.error(f"expected NFG format version '1', found {version.shown()}", version)
    kind = p.take()
    if kind.kind != "word" or kind.text not in ("R", "D"):
        raise p.error(f"expected the data type 'R' after 'NFG 1', found {kind.shown()}", kind)
    return p.expect("text", "the game title as a quoted label").text


def _parse_players(p: _Parser) -> list[str]:
    """The braced list of quoted player names."""
    p.expect("{", "'{' opening the list of player names")
    player_tokens = []
    while p.peek().kind == "text":
        player_tokens.append(p.take())
    p.expect("}", "a quoted player name or '}' closing the list of players")
    if not player_tokens:
        raise p.error("expected at least one player name in the list of players")
    if len(player_tokens) > _MAX_PLAYERS:
        raise p.error(f"expected at most {_MAX_PLAYERS} players (one array axis each), "
                      f"found {len(player_tokens)}", player_tokens[_MAX_PLAYERS])
    return [token.text for token in player_tokens]


def _parse_strategies(p: _Parser, players: list[str]
                      ) -> tuple[list[int], list[list[str]] | None]:
    """The braced strategies: one list of labels per player, or one count per player.

    Returns the counts and the labels (``None`` when the file gives counts)."""
    open_brace = p.expect("{", "'{' opening the list of strategies (labels or counts)")
    labels: list[list[str]] | None = None
    if p.peek().kind == "{":
        labels = _parse_strategy_labels(p)
        counts = [len(names) for names in labels]
    else:
        counts = _parse_strategy_counts(p)
    if len(counts) != len(players):
        raise p.error(
            f"expected {len(players)} strategy "
            f"{'lists' if labels is not None else 'counts'} (one per player), "
            f"found {len(counts)}",
            open_brace,
        )
    return counts, labels


def _parse_strategy_labels(p: _Parser) -> list[list[str]]:
    """``{ "a" "b" } { "c" "d" } }``: each player's quoted strategy labels."""
    labels: list[list[str]] = []
    while p.peek().kind == "{":
        p.take()
        names = []
        while p.peek().kind == "text":
            names.append(p.take().text)
        p.expect("}", "a quoted strategy label or '}' closing a player's strategies")
        if not names:
            raise p.error(f"player {len(labels) + 1} needs at least one strategy label")
        labels.append(names)
    p.expect("}", "'{' opening the next player's strategies or '}' closing the list")
    return labels


def _parse_strategy_counts(p: _Parser) -> list[int]:
    """``2 3 }``: each player's number of strategies."""
    counts: list[int] = []
    while p.peek().kind == "word":
        token = p.take()
        if _COUNT.fullmatch(token.text) is None or len(token.text) > 12:
            raise p.error(f"expected a positive integer number of strategies, "
                          f"found {token.shown()}", token)
        count = int(token.text)
        if count < 1:
            raise p.error("expected a positive integer number of strategies, found 0",
                          token)
        counts.append(count)
    p.expect("}", "a number of strategies or '}' closing the list of strategy counts")
    return counts


def _dims(counts: Sequence[int]) -> str:
    return "x".join(str(m) for m in counts)


def _parse_payoff_body(p: _Parser, header: _Header) -> list[Fraction]:
    n = len(header.players)
    n_profiles = math.prod(header.counts)
    expected = n * n_profiles
    values: list[Fraction] = []
    while p.peek().kind != "eof":
        if p.peek().kind == ",":
            p.take()
            continue
        if len(values) == expected:
            raise p.error(
                f"expected {expected} payoff entries for {_dims(header.counts)} game with "
                f"{n} players, found more (extra entry {p.peek().shown()})"
            )
        values.append(p.number("a numerical payoff"))
    comment = header.comment
    if len(values) == expected - 1 and comment is not None:
        # a quoted first payoff reads like the optional comment; the count tells them apart
        first = _parse_number(comment.text)
        if first is not None:
            values.insert(0, first)
    if len(values) != expected:
        raise p.error(
            f"expected {expected} payoff entries for {_dims(header.counts)} game with "
            f"{n} players, found {len(values)}"
        )
    return values


def _parse_outcome_body(
    p: _Parser, header: _Header
) -> tuple[list[Fraction], dict[int, str]]:
    """Flat payoff list in Gambit order and ``{flat profile index -> outcome name}``."""
    n = len(header.players)
    outcomes = _parse_outcomes(p, n)
    indices = _parse_outcome_indices(p, header, len(outcomes))
    zero = [Fraction(0)] * n
    values: list[Fraction] = []
    names: dict[int, str] = {}
    for flat, index in enumerate(indices):
        if index == 0:
            values.extend(zero)
            continue
        name, payoffs = outcomes[index - 1]
        values.extend(payoffs)
        if name:
            names[flat] = name
    return values, names


def _parse_outcomes(p: _Parser, n: int) -> list[tuple[str, list[Fraction]]]:
    """The braced list of outcomes ``{ "name" payoff ... }``, ``n`` payoffs each."""
    p.expect("{", "'{' opening the list of outcomes")
    outcomes: list[tuple[str, list[Fraction]]] = []
    while p.peek().kind == "{":
        opening = p.take()
        name = p.expect("text", "the outcome's name as a quoted label (\"\" if none)").text
        payoffs = []
        while p.peek().kind != "}":
            if p.peek().kind == ",":
                p.take()
                continue
            if p.peek().kind == "eof":
                break
            payoffs.append(p.number(f"a numerical payoff of outcome {len(outcomes) + 1}"))
        p.expect("}", f"'}}' closing outcome {len(outcomes) + 1}")
        if len(payoffs) != n:
            raise p.error(
                f"expected {n} payoffs (one per player) in outcome {len(outcomes) + 1}, "
                f"found {len(payoffs)}",
                opening,
            )
        outcomes.append((name, payoffs))
    p.expect("}", "'{' opening an outcome or '}' closing the list of outcomes")
    return outcomes


def _parse_outcome_indices(p: _Parser, header: _Header, n_outcomes: int) -> list[int]:
    """One outcome number per profile (0 the null outcome, else 1 to ``n_outcomes``)."""
    n_profiles = math.prod(header.counts)
    indices: list[int] = []
    while p.peek().kind != "eof":
        token = p.take()
        if token.kind == ",":
            continue
        if len(indices) == n_profiles:
            raise p.error(
                f"expected {n_profiles} outcome indices (one per profile of the "
                f"{_dims(header.counts)} game), found more (extra entry {token.shown()})",
                token,
            )
        if token.kind != "word" or _COUNT.fullmatch(token.text) is None:
            raise p.error(f"expected an outcome number (0 to {n_outcomes}), "
                          f"found {token.shown()}", token)
        index = int(token.text) if len(token.text) <= 12 else n_outcomes + 1
        if index > n_outcomes:
            raise p.error(
                f"outcome number {_shorten(token.text)} is out of range: the file defines "
                f"{n_outcomes} outcomes (0 is the null outcome)",
                token,
            )
        indices.append(index)
    if len(indices) != n_profiles:
        raise p.error(
            f"expected {n_profiles} outcome indices (one per profile of the "
            f"{_dims(header.counts)} game), found {len(indices)}"
        )
    return indices
