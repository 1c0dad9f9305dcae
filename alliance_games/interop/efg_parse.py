"""Parsing the text of a Gambit ``.efg`` file (format version 2) into node records.

The file is ``EFG 2 R "title" { "player" ... } "comment"`` followed by the nodes in
preorder: ``p "label" player infoset "set label" { "action" ... } outcome ...`` for a
personal move, ``c`` for chance (a probability after each action label), ``t`` for a
terminal node (an outcome with its payoff vector at its first use). :func:`_read_header`
reads the header, :class:`_TreeReader` the nodes; :mod:`.efg` builds the game from the
records (Gambit documentation, "Game representation formats").

References
----------
The Gambit Project, *Gambit: Software Tools for Game Theory*, "The .efg file format",
https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import SpecError
from ..games.extensive import CHANCE, DECISION, TERMINAL
from ._gambit_text import Token as _Token
from ._gambit_text import TokenCursor
from ._gambit_text import parse_number as _gambit_number
from ._gambit_text import shorten as _shorten

__all__: list[str] = []


_INTEGER = re.compile(r"\+?\d+")
_MAX_NODES = 2_000_000


class _Reader(TokenCursor):
    """The ``.efg`` reader's cursor: errors located at a token."""

    def next(self) -> _Token:
        return self.take()

    def error(self, tok: _Token, message: str) -> SpecError:
        return SpecError(message, file=self.filename, line=tok.line, column=tok.column)

    def expect(self, kind: str, what: str) -> _Token:
        tok = self.next()
        if tok.kind != kind:
            raise self.error(tok, f"expected {what}, found {tok.shown()}")
        return tok

    def text(self, what: str) -> str:
        return self.expect("text", what).text

    def integer(self, what: str) -> tuple[int, _Token]:
        tok = self.next()
        if tok.kind != "word" or not _INTEGER.fullmatch(tok.text):
            raise self.error(tok, f"expected {what} (a whole number), found {tok.shown()}")
        if len(tok.text) > 12:  # no file has 10**12 players, sets or outcomes
            raise self.error(tok, f"{what} {tok.shown()} is too large")
        return int(tok.text), tok

    def number(self, what: str) -> Fraction:
        tok = self.next()
        if tok.kind != "word":
            raise self.error(tok, f"expected {what} (a number), found {tok.shown()}")
        return _parse_number(tok, self, what)


def _parse_number(tok: _Token, reader: _Reader, what: str) -> Fraction:
    try:
        value = _gambit_number(tok.text)
    except ValueError as exc:
        raise reader.error(tok, f"expected {what}, found '{_shorten(tok.text)}', "
                                f"which {exc}") from None
    if value is None:
        raise reader.error(tok, f"expected a number, found {tok.shown()}")
    return value


# ---------------------------------------------------------------------- parser
@dataclass
class _Rec:
    kind: str
    label: str
    line: int
    column: int
    player: int | None = None  # 1-based; None for chance/terminal
    infoset: int | None = None  # number within player (or chance)
    outcome: int = 0
    children: list[int] = field(default_factory=list)
    parent: int | None = None
    action: int | None = None


@dataclass
class _InfosetDef:
    label: str
    actions: list[str] | None
    probs: list[Fraction] | None
    line: int
    column: int


def _payoff_list(reader: _Reader, n: int) -> list[Fraction]:
    open_tok = reader.expect("{", "'{' opening the outcome's payoffs")
    values: list[Fraction] = []
    while True:
        tok = reader.peek()
        if tok.kind == "}":
            reader.next()
            break
        if tok.kind == ",":
            reader.next()
            continue
        if tok.kind == "eof":
            raise reader.error(tok, "expected '}' closing the payoffs, found end of file")
        values.append(reader.number("a payoff"))
    if len(values) != n:
        raise reader.error(open_tok, f"an outcome needs {n} payoffs (one per player), "
                                     f"found {len(values)}")
    return values


def _read_header(reader: _Reader) -> tuple[str, list[str], str]:
    """``EFG 2 R "title" { "player" ... } "comment"``: the title, players and comment."""
    magic = reader.next()
    if magic.kind != "word" or magic.text != "EFG":
        hint = " (an .nfg file holds a normal-form game)" if magic.text == "NFG" else ""
        raise reader.error(magic, f"expected 'EFG' at the start of an .efg file, found "
                                  f"{magic.shown()}{hint}")
    version = reader.next()
    if version.text != "2":
        raise reader.error(version, f"expected format version 2 ('EFG 2 R'), found "
                                    f"{version.shown()}")
    rep = reader.next()
    if rep.text not in ("R", "D"):
        raise reader.error(rep, f"expected 'R' or 'D' after 'EFG 2', found {rep.shown()}")
    title = reader.text("the game's title in double quotes")
    reader.expect("{", "'{' opening the list of player names")
    players: list[str] = []
    while reader.peek().kind == "text":
        players.append(reader.next().text)
    reader.expect("}", "'}' closing the list of player names (names are double-quoted)")
    if not players:
        raise reader.error(reader.peek(), "the game needs at least one player")
    players = _player_names(players)
    comment = reader.next().text if reader.peek().kind == "text" else ""
    return title, players, comment


class _TreeReader:
    """The node list of an ``.efg`` file, read one node at a time (preorder).

    ``open_nodes`` is the stack of nodes still waiting for children: each new node is
    the next child of the top one, which is popped once it has one child per action.
    """

    def __init__(self, reader: _Reader, n: int) -> None:
        self.reader = reader
        self.n = n
        self.recs: list[_Rec] = []
        self.infosets: dict[tuple[int, int], _InfosetDef] = {}  # (player or 0, number)
        self.outcomes: dict[int, tuple[str, list[Fraction]]] = {}
        self.open_nodes: list[int] = []

    def read_node(self, tok: Any) -> None:
        """One node after its type token ``p``, ``c`` or ``t``."""
        reader, recs = self.reader, self.recs
        if len(recs) >= _MAX_NODES:
            raise reader.error(tok, f"more than {_MAX_NODES} nodes")
        if recs and not self.open_nodes:
            raise reader.error(tok, f"unexpected {tok.shown()} after the last node of the tree")
        if tok.kind != "word" or tok.text not in ("p", "c", "t"):
            raise reader.error(tok, f"expected a node type ('p' personal, 'c' chance, 't' "
                                    f"terminal), found {tok.shown()}")
        label = reader.text("the node's label in double quotes")
        me = len(recs)
        if tok.text == "t":
            rec = _Rec(TERMINAL, label, tok.line, tok.column)
            recs.append(rec)
            self.read_outcome(rec)
            self.attach(me)
            return
        if tok.text == "p":
            player, ptok = reader.integer("the player number")
            if not 1 <= player <= self.n:
                raise reader.error(ptok, f"player number {player} is out of range "
                                         f"1..{self.n}")
            rec = _Rec(DECISION, label, tok.line, tok.column, player=player)
        else:
            rec = _Rec(CHANCE, label, tok.line, tok.column, player=None)
        self.read_infoset(rec)
        recs.append(rec)
        self.read_outcome(rec)
        self.attach(me)
        self.open_nodes.append(me)

    def read_infoset(self, rec: _Rec) -> None:
        """The information set of a move: its number, optional label and actions (given
        at its first node; repeated ones must agree)."""
        reader = self.reader
        number, itok = reader.integer("the information set number")
        if number < 1:
            raise reader.error(itok, "information set numbers start at 1")
        rec.infoset = number
        key = (rec.player or 0, number)
        iset_label = reader.next().text if reader.peek().kind == "text" else None
        actions, probs = self.read_actions(rec)
        existing = self.infosets.get(key)
        if existing is None:
            if actions is None:
                raise reader.error(itok, f"information set {number} is used before its "
                                         "actions are given")
            self.infosets[key] = _InfosetDef(iset_label or "", actions, probs, itok.line,
                                             itok.column)
            return
        if actions is not None and len(actions) != len(existing.actions or []):
            raise reader.error(itok, f"information set {number} has "
                                     f"{len(existing.actions or [])} actions where it was "
                                     f"defined (line {existing.line}), here {len(actions)}")
        if probs is not None and existing.probs is not None and probs != existing.probs:
            raise reader.error(itok, f"chance set {number} is given different "
                                     f"probabilities here and at line {existing.line}")

    def read_actions(self, rec: _Rec) -> tuple[list[str] | None, list[Fraction] | None]:
        """``{ "a" "b" }`` (with a probability after each label at a chance move), or
        ``(None, None)`` when the set's actions were given at an earlier node."""
        reader = self.reader
        if reader.peek().kind != "{":
            return None, None
        open_tok = reader.next()
        actions: list[str] = []
        probs: list[Fraction] | None = [] if rec.kind == CHANCE else None
        while reader.peek().kind != "}":
            t = reader.peek()
            if t.kind == "eof":
                raise reader.error(t, "expected '}' closing the actions, found end of file")
            if t.kind == ",":
                reader.next()
                continue
            actions.append(reader.text("an action label in double quotes"))
            if probs is not None:
                probs.append(reader.number("the action's probability"))
        reader.next()
        if not actions:
            raise reader.error(open_tok, "a move needs at least one action")
        return actions, probs

    def read_outcome(self, rec: _Rec) -> None:
        """The outcome number, with its label and payoffs at its first use."""
        reader, outcomes = self.reader, self.outcomes
        number, tok = reader.integer("an outcome number (0 for none)")
        rec.outcome = number
        if number == 0:
            return
        if reader.peek().kind == "text":
            label = reader.next().text
            if reader.peek().kind == "{":
                pays = _payoff_list(reader, self.n)
                if number in outcomes and outcomes[number][1] != pays:
                    raise reader.error(tok, f"outcome {number} is defined twice with "
                                            "different payoffs")
                outcomes[number] = (label, pays)
            elif number not in outcomes:
                raise reader.error(reader.peek(), f"expected '{{' with the payoffs of outcome "
                                                  f"{number}, found {reader.peek().shown()}")
        elif number not in outcomes:
            raise reader.error(tok, f"outcome {number} is used before its label and payoffs "
                                    "are given")

    def attach(self, me: int) -> None:
        """Make node ``me`` the next child of the innermost open node."""
        if not self.open_nodes:
            return
        recs = self.recs
        parent = self.open_nodes[-1]
        recs[me].parent = parent
        recs[me].action = len(recs[parent].children)
        recs[parent].children.append(me)
        key = (recs[parent].player or 0, recs[parent].infoset)
        if len(recs[parent].children) == len(self.infosets[key].actions or []):  # type: ignore[index]
            self.open_nodes.pop()

    def finish(self, filename: str | None) -> None:
        """Raise unless the file gave a nonempty, complete tree."""
        if not self.recs:
            raise self.reader.error(self.reader.peek(), "the file has no nodes")
        if self.open_nodes:
            rec = self.recs[self.open_nodes[-1]]
            raise SpecError(f"the tree is incomplete: the node at line {rec.line} is missing "
                            "children (end of file reached)", file=filename, line=rec.line,
                            column=rec.column)


def _player_names(names: list[str]) -> list[str]:
    out = []
    for k, name in enumerate(names, start=1):
        name = name.strip() or f"Player {k}"
        while name in out:
            name = f"{name} ({k})"
        out.append(name)
    return out
