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
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from ..errors import AllianceGamesError, SpecError
from ..games.normal import NormalFormGame, Profile
from ..numbers import machine_text
from ._gambit_text import quote_label as _quote
from ._gambit_text import tokenize as _tokenize
from .nfg_parse import (
    _Header,
    _parse_header,
    _parse_number,
    _parse_outcome_body,
    _parse_payoff_body,
    _Parser,
)

__all__ = ["read_nfg", "write_nfg"]


# ---------------------------------------------------------------------- reader
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
