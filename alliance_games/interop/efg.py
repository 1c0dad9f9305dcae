"""Read and write Gambit extensive-form (``.efg``) files.

Gambit's ``EFG 2 R`` format (McKelvey, McLennan & Turocy, *Gambit: Software Tools for Game
Theory*, documentation "Game representation formats") is a prologue followed by the nodes
of the tree in preorder, one node per record::

    EFG 2 R "title" { "Player 1" "Player 2" }
    "optional comment"

    p "node" 1 1 "infoset" { "A" "B" } 0                <- player 1, information set 1
    c "node" 1 "" { "H" 1/2 "T" 1/2 } 0                 <- chance, chance set 1
    t "node" 1 "outcome" { 3, -1 }                      <- terminal with outcome 1

A personal node gives its player, its information set (number within the player), the
set's label and action labels (which may be omitted where the set appears again), and an
outcome number (``0`` = none) with the outcome's label and payoffs at its first use.
Chance nodes give action labels with probabilities. Outcomes may sit on any node; a
terminal node's payoff is the sum of the outcomes on its path. Numbers are exact:
integers, decimals (``0.1`` is 1/10), rationals (``1/3``) or with an exponent.

Labels are kept: players, information sets, actions, outcomes (a terminal node's outcome
label is its outcome's label), nodes. Where Gambit allows a label that alliance_games
cannot use as a key, the number the file gives is used instead: an information set whose
label is empty or repeats within its player is named ``"1"``, ``"2"`` ... (its number
within its player), an action with an empty or repeated label within its set by its
position, a node without a unique label by its action path. So ``behavior`` in the JSON
maps back onto the same tree in Gambit.

Malformed input raises :class:`~alliance_games.errors.SpecError` with the file, line and
column of the offending token; a game without perfect recall is refused with the
violation named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import AllianceGamesError, SpecError
from ..games.extensive import (
    CHANCE,
    DECISION,
    TERMINAL,
    Chance,
    Decision,
    ExtensiveFormGame,
    Terminal,
)
from ._gambit_text import Token as _Token
from ._gambit_text import parse_number as _gambit_number
from ._gambit_text import quote_label as _quote
from ._gambit_text import shorten as _shorten
from ._gambit_text import tokenize as _tokenize

__all__ = ["read_efg", "write_efg"]

_INTEGER = re.compile(r"\+?\d+")
_MAX_NODES = 2_000_000



class _Reader:
    def __init__(self, tokens: list[_Token], filename: str | None) -> None:
        self.tokens = tokens
        self.pos = 0
        self.filename = filename

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def next(self) -> _Token:
        tok = self.tokens[self.pos]
        if tok.kind != "eof":
            self.pos += 1
        return tok

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


def read_efg(text: str, *, filename: str | None = None,
             allow_imperfect_recall: bool = False) -> ExtensiveFormGame:
    """Parse the text of a Gambit ``.efg`` file into an :class:`ExtensiveFormGame`.

    Parameters
    ----------
    text
        The file's content.
    filename
        Shown in error messages.
    allow_imperfect_recall
        Accept games without perfect recall (no alliance_games solver handles them).

    Raises
    ------
    SpecError
        On any malformed input (with line and column), or when the game lacks perfect
        recall.
    """
    try:
        return _read(text, filename, allow_imperfect_recall)
    except SpecError:
        raise
    except AllianceGamesError as exc:
        raise SpecError(str(exc), file=filename) from None
    except RecursionError:  # pragma: no cover - parsing is iterative
        raise SpecError("the tree is nested too deeply", file=filename) from None


def _read(text: str, filename: str | None, allow_imperfect_recall: bool) -> ExtensiveFormGame:
    """Parse an ``.efg`` file: the header, then the nodes in preorder, then the game."""
    reader = _Reader(_tokenize(text, filename), filename)
    title, players, comment = _read_header(reader)
    tree = _TreeReader(reader, len(players))
    while True:
        tok = reader.next()
        if tok.kind == "eof":
            break
        tree.read_node(tok)
    tree.finish(filename)
    return _build(tree.recs, tree.infosets, tree.outcomes, players, title, comment, filename,
                  allow_imperfect_recall)


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


def _unique_labels(labels: list[str], fallback: list[str]) -> list[str]:
    """Labels, with empty or repeated ones replaced by their fallback (the number)."""
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    out = [lab if lab and counts[lab] == 1 else fb
           for lab, fb in zip(labels, fallback, strict=True)]
    # a label equal to another's number: the clashing ones fall back to their numbers too
    # (numbers are distinct, so this stops)
    while True:
        seen: dict[str, int] = {}
        for lab in out:
            seen[lab] = seen.get(lab, 0) + 1
        if all(c == 1 for c in seen.values()):
            return out
        out = [lab if seen[lab] == 1 else fb for lab, fb in zip(out, fallback, strict=True)]


def _build(recs: list[_Rec], infosets: dict[tuple[int, int], _InfosetDef],
           outcomes: dict[int, tuple[str, list[Fraction]]], players: list[str], title: str,
           comment: str, filename: str | None, allow_imperfect_recall: bool,
           ) -> ExtensiveFormGame:
    # one pass from the parsed records to the game; the label fallbacks, outcomes and
    # chance checks share the same per-node state
    n = len(players)
    # information-set names per player, by the rule of the module docstring
    names: dict[tuple[int, int], str] = {}
    for p in range(n + 1):
        keys = sorted(k for k in infosets if k[0] == p)
        labels = _unique_labels([infosets[k].label for k in keys], [str(k[1]) for k in keys])
        names.update(zip(keys, labels, strict=True))
    actions: dict[tuple[int, int], list[str]] = {}
    notes: list[str] = []
    for key, d in infosets.items():
        acts = d.actions or []
        actions[key] = _unique_labels(list(acts), [str(k + 1) for k in range(len(acts))])
        if d.probs is not None:
            if any(p < 0 for p in d.probs):
                raise SpecError(f"chance set {key[1]} has a negative probability",
                                file=filename, line=d.line, column=d.column)
            total = sum(d.probs)
            if total != 1:
                if total == 0 or abs(total - 1) > Fraction(1, 10 ** 6):
                    raise SpecError(f"chance set {key[1]}: probabilities sum to {total}, not 1",
                                    file=filename, line=d.line, column=d.column)
                d.probs = [p / total for p in d.probs]
                notes.append(f"probabilities of chance set {key[1]} summed to {total}; "
                             "they were rescaled to sum to 1")
    label_count: dict[str, int] = {}
    for r in recs:
        if r.label:
            label_count[r.label] = label_count.get(r.label, 0) + 1
    # payoffs accumulate the outcomes on the path (preorder: parents first); None until
    # the path meets an outcome, and a node without an outcome shares its parent's list
    acc: list[list[Fraction] | None] = []
    for r in recs:
        base = acc[r.parent] if r.parent is not None else None
        if r.outcome:
            pays = outcomes[r.outcome][1]
            base = list(pays) if base is None else [a + b for a, b in
                                                    zip(base, pays, strict=True)]
        acc.append(base)
    zeros = (Fraction(0),) * n
    built: list[Any] = [None] * len(recs)
    for k in reversed(range(len(recs))):
        r = recs[k]
        given = r.label if r.label and label_count[r.label] == 1 else None
        if r.kind == TERMINAL:
            label = outcomes[r.outcome][0] if r.outcome else None
            pays_k = acc[k]
            built[k] = Terminal(zeros if pays_k is None else tuple(pays_k),
                                outcome=label or None, name=given)
            continue
        key = (r.player or 0, r.infoset)  # type: ignore[arg-type]
        acts = actions[key]
        kids = [built[c] for c in r.children]
        if r.kind == CHANCE:
            probs = infosets[key].probs or []
            built[k] = Chance({a: (p, c) for a, p, c in zip(acts, probs, kids, strict=True)},
                              name=given)
        else:
            built[k] = Decision(players[r.player - 1],  # type: ignore[operator]
                                dict(zip(acts, kids, strict=True)),
                                infoset=names[key], name=given)
        for c in r.children:
            built[c] = None
    info = {"description": comment, "source": filename, "kind": "extensive",
            "format": "efg", "notes": " ".join(notes)}
    game = ExtensiveFormGame.from_tree(built[0], players=players, name=title, info=info)
    problems = game.perfect_recall_violations()
    if problems and not allow_imperfect_recall:
        # located at the first line of the information set the violation names
        where = next((d for key, d in infosets.items() if key[0] and
                      f"information set '{names[key]}' of {players[key[0] - 1]}:"
                      in problems[0]), None)
        raise SpecError(
            "the game does not have perfect recall, which alliance_games' solvers need: "
            + problems[0], file=filename, line=where.line if where else None,
            column=where.column if where else None)
    return game


# ---------------------------------------------------------------------- writer


def _number(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    f = float(x)
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


def write_efg(game: ExtensiveFormGame) -> str:
    """The Gambit ``.efg`` text of ``game`` (``EFG 2 R``).

    Node, information-set, action, player and outcome labels are written as they are;
    every terminal node gets its own outcome, labelled with its outcome label. Numbers are
    exact rationals where the game is exact.

    Examples
    --------
    >>> from alliance_games.games.extensive import Decision, Terminal
    >>> g = ExtensiveFormGame.from_tree(Decision("A", {"L": Terminal((1, 0), "left"),
    ...     "R": Terminal((0, 1))}), players=("A", "B"), name="tiny")
    >>> print(write_efg(g))
    EFG 2 R "tiny" { "A" "B" }
    ""
    <BLANKLINE>
    p "root" 1 1 "root" { "L" "R" } 0
    t "L" 1 "left" { 1, 0 }
    t "R" 2 "" { 0, 1 }
    <BLANKLINE>
    """
    lines = [
        f"EFG 2 R {_quote(game.name)} {{ {' '.join(_quote(p) for p in game.players)} }}",
        _quote(str(game.info.get("description", "") or "")),
        "",
    ]
    number_in_player: dict[int, int] = {}
    for i, hs in enumerate(game.player_infosets):
        del i
        for k, h in enumerate(hs, start=1):
            number_in_player[h] = k
    chance_number = 0
    outcome_number = 0
    for node in game.nodes:
        if node.kind == DECISION:
            s = game.infosets[node.infoset]  # type: ignore[index]
            acts = " ".join(_quote(a) for a in s.actions)
            lines.append(
                f"p {_quote(node.name)} {s.player + 1} {number_in_player[node.infoset]} "  # type: ignore[index]
                f"{_quote(s.name)} {{ {acts} }} 0"
            )
        elif node.kind == CHANCE:
            chance_number += 1
            probs = node.exact_probabilities or node.probabilities
            body = " ".join(f"{_quote(a)} {_number(p)}"
                            for a, p in zip(node.actions, probs, strict=True))
            lines.append(f"c {_quote(node.name)} {chance_number} \"\" {{ {body} }} 0")
        else:
            outcome_number += 1
            pays = node.exact_payoffs or node.payoffs
            lines.append(
                f"t {_quote(node.name)} {outcome_number} {_quote(node.outcome or '')} "
                f"{{ {', '.join(_number(x) for x in pays)} }}"
            )
    return "\n".join(lines) + "\n"
