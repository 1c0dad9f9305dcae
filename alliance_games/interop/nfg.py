"""Read and write Gambit strategic-form (``.nfg``) files.

Gambit's ``NFG 1 R`` format (McKelvey, McLennan and Turocy, *Gambit: Software Tools for
Game Theory*, documentation "Game representation formats", 1994-2024) has a prologue and a
body::

    NFG 1 R "title" { "Player 1" "Player 2" }     <- players
    { { "C" "D" } { "C" "D" } }                   <- strategy labels (or counts: { 2 2 })
    "optional comment"
    <body>

The body comes in two versions:

*payoff version*
    a flat list of ``n * m_1 * ... * m_n`` numbers: the payoff vector of every pure profile,
    profiles in Gambit's order;
*outcome version*
    a list of outcomes ``{ { "name" u_1, ..., u_n } ... }`` (implicitly numbered 1, 2, ...)
    followed by one outcome number per profile, ``0`` being the null outcome (all payoffs 0).

Gambit's profile order counts like an odometer whose *first* digit turns fastest: profile
``(s_1, ..., s_n)`` (0-based) is entry number ``s_1 + m_1 (s_2 + m_2 (s_3 + ...))``. So the
flat list, reshaped in C order to ``(m_n, ..., m_1, n)``, is our ``(n, m_1, ..., m_n)`` payoff
array with its axes reversed.

Numbers may be integers, decimals (``0.1`` is exactly 1/10), rationals (``-3/4``) or use an
exponent (``1.5e-3``); they are kept exact as :class:`~fractions.Fraction`. Labels are
double-quoted; ``\\"`` inside a label is a literal quote. Whitespace is insignificant.

Every malformed input raises :class:`~alliance_games.errors.SpecError` carrying the file
name, the line and column of the offending token and a message saying what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import AllianceGamesError, SpecError
from ..games.normal import NormalFormGame, Profile
from ..numbers import machine_text
from ._gambit_text import Token as _Token
from ._gambit_text import parse_number as _gambit_number
from ._gambit_text import quote_label as _quote
from ._gambit_text import shorten as _shorten
from ._gambit_text import tokenize as _tokenize

__all__ = ["read_nfg", "write_nfg"]

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
class _Parser:
    """A cursor over the token list with located errors."""

    def __init__(self, tokens: list[_Token], filename: str | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.filename = filename

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "eof":
            self.pos += 1
        return token

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


def _unique(labels: Sequence[str], default: Callable[[int], str]) -> list[str]:
    """Labels made nonempty (``default(i)``) and distinct (``"x"``, ``"x_2"``, ...)."""
    filled = [label if label else default(i) for i, label in enumerate(labels)]
    seen: set[str] = set()
    out = []
    for label in filled:
        candidate, k = label, 1
        while candidate in seen:
            k += 1
            candidate = f"{label}_{k}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _flat_to_profile(flat: int, counts: Sequence[int]) -> Profile:
    """Gambit's profile number (first player fastest) to a 0-based profile tuple."""
    profile = []
    for m in counts:
        flat, s = divmod(flat, m)
        profile.append(s)
    return tuple(profile)


def read_nfg(text: str, *, filename: str | None = None) -> NormalFormGame:
    """Read a Gambit strategic-form game (``NFG 1 R``, payoff or outcome version).

    The title becomes the game's ``name``; player and strategy labels are kept (empty ones
    become ``"Player i"`` / ``"i"``, repeated ones get a ``_2``, ``_3`` ... suffix, since a
    :class:`NormalFormGame` needs distinct names); in the outcome version, each profile
    whose outcome has a nonempty name gets that name as its ``outcomes`` label. Payoffs are
    exact (Fractions); the optional comment is ignored. Slightly more is accepted than
    Gambit's own reader takes: quoted payoffs (``"3/4"``), a leading ``+`` and commas
    between payoffs. (A quoted *first* payoff looks like the comment; it is taken as a
    payoff when the body is then exactly one entry short.)

    Parameters
    ----------
    text
        The file's contents.
    filename
        Shown in error messages.

    Returns
    -------
    NormalFormGame

    Raises
    ------
    SpecError
        For any malformed input, with the line and column of the offending token.

    References
    ----------
    The Gambit Project, "Game representation formats" (``doc/formats.rst``), the strategic
    game file format, payoff and outcome versions.

    Examples
    --------
    >>> g = read_nfg('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> g.strategies, g.payoff_vector((1, 0))
    ((('1', '2'), ('1', '2')), (Fraction(5, 1), Fraction(0, 1)))
    """
    fast = _read_integer_payoff_version(text, filename)
    if fast is not None:
        return fast
    parser = _Parser(_tokenize(text, filename), filename)
    header = _parse_header(parser)
    start = parser.peek()
    if start.kind == "{":
        values, names = _parse_outcome_body(parser, header)
    elif start.kind != "eof" or (
        header.comment is not None and _parse_number(header.comment.text) is not None
    ):
        values, names = _parse_payoff_body(parser, header), {}
    else:
        raise parser.error(
            f"expected the payoffs: a flat list of numbers (payoff version) or '{{' opening "
            f"a list of outcomes (outcome version), found {start.shown()}"
        )
    payoffs = np.array(values, dtype=object)
    return _build(header, payoffs, names, filename)


def _read_integer_payoff_version(text: str, filename: str | None) -> NormalFormGame | None:
    """The common large case read without a token per payoff: a payoff-version file
    whose payoffs are all integers of at most 18 digits. ``None`` when the file is not of
    that shape (the general parser then reads it and locates any error).

    The payoff body holds neither quotes nor braces, so it starts after the last of them;
    the header before it is parsed as usual, the body split once and converted by numpy
    (a token object per payoff costs seconds on a 16-player game's million entries).
    """
    cut = max(text.rfind("}"), text.rfind('"')) + 1
    body = text[cut:].replace(",", " ").split()
    if len(body) < 1000:  # small files: the general parser is fast enough
        return None
    if any(len(word) > 19 for word in body):
        return None
    try:
        values = np.array(body, dtype=np.int64)
    except (ValueError, OverflowError):
        return None
    try:
        parser = _Parser(_tokenize(text[:cut], filename), filename)
        header = _parse_header(parser)
    except SpecError:
        return None
    if parser.peek().kind != "eof":
        return None
    if values.size != len(header.players) * math.prod(header.counts):
        return None  # e.g. a quoted first payoff read as the comment: the general parser
    #                  tells them apart by the count
    return _build(header, values, {}, filename)


def _build(header: _Header, values: np.ndarray, names: dict[int, str],
           filename: str | None) -> NormalFormGame:
    """The game from its header and its flat payoff list in Gambit order."""
    n = len(header.players)
    counts = header.counts
    payoffs = values.reshape((*reversed(counts), n)).transpose()
    players = _unique(header.players, lambda i: f"Player {i + 1}")
    if header.strategy_labels is None:
        strategies = [[str(j + 1) for j in range(m)] for m in counts]
    else:
        strategies = [_unique(labels, lambda j: str(j + 1)) for labels in header.strategy_labels]
    outcomes = {_flat_to_profile(flat, counts): name for flat, name in names.items()}
    try:
        return NormalFormGame.from_payoff_array(
            payoffs, players=players, strategies=strategies, name=header.title,
            outcomes=outcomes,
        )
    except AllianceGamesError as exc:  # pragma: no cover - the parser checks shapes first
        raise SpecError(f"invalid game: {exc}", file=filename) from None


# ---------------------------------------------------------------------- writer


def _number(value: Fraction | float) -> str:
    return machine_text(value)


def write_nfg(game: NormalFormGame) -> str:
    """Write ``game`` as a Gambit ``NFG 1 R`` file, exact values as ``a/b``.

    The outcome version is written when the game labels some profile with an outcome;
    outcomes are the distinct (label, payoff vector) pairs, numbered in Gambit's profile
    order. Otherwise the payoff version is written, one profile per line. Strategy labels
    are always written (Gambit accepts them in both versions). Payoffs come from
    ``exact_payoffs`` when available, else from the floats (shortest round-trip decimal).

    Raises
    ------
    GameError
        If a label cannot be represented in Gambit's quoting (see :func:`_quote`).

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[[1, 0], [0, 1]], [[-1, 0], [0, -1]]],
    ...                                players=["A", "B"], name="toy")
    >>> print(write_nfg(g))  # doctest: +NORMALIZE_WHITESPACE
    NFG 1 R "toy" { "A" "B" }
    { { "s1" "s2" }
      { "s1" "s2" }
    }
    ""
    <BLANKLINE>
    1 -1
    0 0
    0 0
    1 -1
    """
    n = game.n_players
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    lines = [f"NFG 1 R {_quote(game.name)} {{ {' '.join(_quote(p) for p in game.players)} }}"]
    for i, names in enumerate(game.strategies):
        opening = "{ {" if i == 0 else "  {"
        lines.append(f"{opening} {' '.join(_quote(s) for s in names)} }}")
    lines += ["}", '""', ""]
    # profiles in Gambit's order: reverse the profile axes, C-order flatten
    table = np.asarray(source).transpose().reshape(-1, n)
    if not game.outcomes:
        lines += [" ".join(_number(v) for v in row) for row in table]
        return "\n".join(lines) + "\n"

    outcome_ids: dict[tuple[str, tuple[str, ...]], int] = {}
    body: list[int] = []
    for flat, row in enumerate(table):
        profile = _flat_to_profile(flat, game.shape)
        key = (game.outcomes.get(profile, ""), tuple(_number(v) for v in row))
        body.append(outcome_ids.setdefault(key, len(outcome_ids) + 1))
    lines.append("{")
    for (label, numbers) in outcome_ids:
        lines.append(f"{{ {_quote(label)} {', '.join(numbers)} }}")
    lines.append("}")
    lines.append(" ".join(str(k) for k in body))
    return "\n".join(lines) + "\n"
