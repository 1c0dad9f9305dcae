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
from ..numbers import machine_text
from ._gambit_text import quote_label as _quote
from ._gambit_text import tokenize as _tokenize
from .efg_parse import _InfosetDef, _read_header, _Reader, _Rec, _TreeReader

__all__ = ["read_efg", "write_efg"]


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
    """The game of the parsed records: labels by the rule of the module docstring, chance
    probabilities checked (rescaled when they miss 1 by rounding), perfect recall checked."""
    names = _infoset_names(infosets, len(players))
    actions, notes = _actions_and_chance(infosets, filename)
    root = _tree(recs, infosets, outcomes, players, names, actions)
    info = {"description": comment, "source": filename, "kind": "extensive",
            "format": "efg", "notes": " ".join(notes)}
    game = ExtensiveFormGame.from_tree(root, players=players, name=title, info=info)
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


def _infoset_names(infosets: dict[tuple[int, int], _InfosetDef], n: int
                   ) -> dict[tuple[int, int], str]:
    """Information-set names per player (0: chance), by the rule of the module docstring."""
    names: dict[tuple[int, int], str] = {}
    for p in range(n + 1):
        keys = sorted(k for k in infosets if k[0] == p)
        labels = _unique_labels([infosets[k].label for k in keys], [str(k[1]) for k in keys])
        names.update(zip(keys, labels, strict=True))
    return names


def _actions_and_chance(infosets: dict[tuple[int, int], _InfosetDef], filename: str | None
                        ) -> tuple[dict[tuple[int, int], list[str]], list[str]]:
    """Each set's action labels; chance probabilities checked, and rescaled to sum to 1
    (in place, with a note) when they miss it by at most 1e-6."""
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
    return actions, notes


def _path_payoffs(recs: list[_Rec], outcomes: dict[int, tuple[str, list[Fraction]]]
                  ) -> list[list[Fraction] | None]:
    """Per record, the sum of the outcomes on its path (preorder: parents first); None
    until the path meets an outcome, and a node without an outcome shares its parent's
    list."""
    acc: list[list[Fraction] | None] = []
    for r in recs:
        base = acc[r.parent] if r.parent is not None else None
        if r.outcome:
            pays = outcomes[r.outcome][1]
            base = list(pays) if base is None else [a + b for a, b in
                                                    zip(base, pays, strict=True)]
        acc.append(base)
    return acc


def _tree(recs: list[_Rec], infosets: dict[tuple[int, int], _InfosetDef],
          outcomes: dict[int, tuple[str, list[Fraction]]], players: list[str],
          names: dict[tuple[int, int], str], actions: dict[tuple[int, int], list[str]],
          ) -> Any:
    """The nested tree, built bottom-up (records in reverse preorder); a node keeps its
    label as its name only when no other node has the same label."""
    label_count: dict[str, int] = {}
    for r in recs:
        if r.label:
            label_count[r.label] = label_count.get(r.label, 0) + 1
    acc = _path_payoffs(recs, outcomes)
    zeros = (Fraction(0),) * len(players)
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
        assert r.infoset is not None  # the parser numbers the set of every move
        key = (r.player or 0, r.infoset)
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
    return built[0]


# ---------------------------------------------------------------------- writer


def _number(x: Any) -> str:
    return machine_text(x, integral_floats=True)


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
