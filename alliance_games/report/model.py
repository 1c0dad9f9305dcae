"""The report model: one immutable document that every report format renders.

:func:`build_report` turns a :class:`~alliance_games.equilibrium.SolveResult` into a
:class:`Report`: sections with headings holding tables (a header and rows of already
formatted cells, each keeping its exact value), prose and figures (the tree as SVG and
as TikZ, from one layout). HTML (:mod:`.documents`), Markdown (:mod:`.markdown`) and
LaTeX (:mod:`.latex`) render this model and nothing else, so their sections cannot
disagree; the JSON document (:mod:`.json`) holds the same values at full precision.

Sections: the game and its parameters; the payoff table or the tree; the equilibria as
compact tables (probabilities as numbers; one column per equilibrium for behavior
strategies and beliefs); for perfect Bayesian equilibria the beliefs, the off-path
belief ranges and the Intuitive Criterion and D1 verdicts with their reasons; the
analysis of the model's family, rendered generically from ``result.extra`` and each
equilibrium's ``extra`` (:func:`analysis_blocks`: scalars as a key/value table,
per-player maps gathered into one table with the players as rows, nested maps as tables
or subsections), unless a family registered a nicer form
(:func:`register_analysis_renderer`); the predictions; diagnostics and references.

Numbers follow one rule, :func:`number_text` (:func:`~alliance_games.numbers.format_number`:
exact fractions as ``p/q``, floats to four significant digits, integers as integers):
whatever the solve result holds appears in a report in that form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..equilibrium import Equilibrium, SolveResult
from ..games.normal import NormalFormGame
from ..interpretation.outcomes import predictions
from ..numbers import format_number

__all__ = ["Cell", "Table", "Prose", "Figure", "Section", "Report", "Block", "build_report",
           "dynamics_figures", "phase_section", "LABELS",
           "analysis_blocks", "number_text", "cell", "register_analysis_renderer",
           "TECHNICAL_KEYS"]

#: ``extra`` keys that hold solver internals (JSON only) or are shown elsewhere
TECHNICAL_KEYS = frozenset({"predictions", "stats", "degenerate", "n_vertices", "n_bases",
                            "maximal_nash_subsets", "exact_arithmetic", "seconds", "exact",
                            "algorithm"})
#: per-equilibrium ``extra`` keys that the PBE tables show
_PBE_KEYS = frozenset({"kind", "description", "off_path_beliefs", "off_path_beliefs_any",
                       "intuitive_criterion", "d1"})
#: columns per table before a table of equilibria is split
EQ_COLUMNS = 4
MAX_PROFILES = 2000


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, the exact value it shows (``"2/3"``) when there is one,
    and whether it is marked (a pure equilibrium in a payoff table)."""

    text: str
    exact: str | None = None
    mark: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """A table: header cells, rows of cells (the first column labels the row)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    kind: str = "data"  # data | keyvalue | payoffs

    @property
    def n_columns(self) -> int:
        return len(self.header)


@dataclass(frozen=True)
class Prose:
    """Lines of text: a paragraph each, or bullet points; ``note`` is small print."""

    lines: tuple[str, ...]
    bullets: bool = False
    note: bool = False


@dataclass(frozen=True)
class Figure:
    """A drawing in the forms the renderers use: SVG (HTML) and TikZ (LaTeX) for the
    tree; PNG bytes (an inline image in HTML, ``\\includegraphics`` in LaTeX, a note in
    Markdown) for matplotlib figures such as phase portraits and time paths."""

    caption: str
    svg: str | None = None
    tikz: str | None = None
    png: bytes | None = None
    alt: str = ""


@dataclass(frozen=True)
class Section:
    """A heading and its blocks (``level`` 2 is a section, 3 a subsection)."""

    heading: str
    blocks: tuple[Block, ...]
    level: int = 2
    key: str = ""


Block = Table | Prose | Figure | Section


@dataclass(frozen=True)
class Report:
    """A whole report: the title, a lead paragraph, the sections."""

    title: str
    lead: tuple[str, ...]
    sections: tuple[Section, ...]
    meta: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- cells


#: fractions with a larger denominator are shown as decimals (the exact value stays in
#: the cell's ``exact`` and in the JSON)
MAX_DENOMINATOR = 10_000


def number_text(value: Any) -> str:
    """The one rule for numbers in reports: :func:`~alliance_games.numbers.format_number`
    (``2/3``, ``0.6667``, ``1``), except that a fraction whose denominator exceeds
    :data:`MAX_DENOMINATOR` is written as a decimal to four significant digits.

    >>> number_text(Fraction(2, 3)), number_text(0.75), number_text(Fraction(1, 70001))
    ('2/3', '0.75', '1.429e-05')
    """
    if isinstance(value, Fraction) and value.denominator > MAX_DENOMINATOR:
        return format_number(float(value))
    return format_number(value)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Fraction | Decimal):
        return True
    try:
        import numbers

        return isinstance(value, numbers.Number) or hasattr(value, "is_number") and bool(
            value.is_number)
    except Exception:  # pragma: no cover - exotic objects
        return False


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool) or _is_number(value)


def _exact(value: Any) -> str | None:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if _is_number(value) and not isinstance(value, float):
        return str(value)  # sympy
    return None


def _scalar_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    try:
        return number_text(value)
    except (TypeError, ValueError):
        return str(value)


def cell(value: Any) -> Cell:
    """A cell for any JSON-like value (a scalar, a short list, a small mapping)."""
    if _is_scalar(value):
        return Cell(_scalar_text(value), _exact(value), numeric=_is_number(value))
    if isinstance(value, Mapping):
        return Cell(", ".join(f"{k} {_scalar_text(v) if _is_scalar(v) else cell(v).text}"
                              for k, v in value.items()))
    if isinstance(value, list | tuple):
        if len(value) == 2 and all(_is_number(v) for v in value):
            return Cell(f"[{_scalar_text(value[0])}, {_scalar_text(value[1])}]")
        if value and all(_is_number(v) for v in value):
            return Cell("(" + ", ".join(_scalar_text(v) for v in value) + ")")
        return Cell(", ".join(_scalar_text(v) if _is_scalar(v) else cell(v).text
                              for v in value))
    return Cell(str(value))


#: labels of ``extra`` keys that the generic rule (underscores to spaces) renders badly
LABELS = {"shapley_shubik_index": "Shapley-Shubik index", "banzhaf_index": "Banzhaf index",
          "banzhaf_raw": "Banzhaf (raw)", "banzhaf_swings": "Banzhaf swings",
          "least_core_epsilon": "Least-core epsilon", "minimal_winning_count":
          "Minimal winning coalitions (count)", "minimal_winning_listed":
          "Minimal winning coalitions listed", "smallest_winning_count":
          "Smallest winning coalitions (count)", "core_empty": "Core is empty",
          "core_certificate_verified": "Core certificate verified (LP)",
          "core_allocation": "Core allocation (LP certificate)",
          "rest_point_nonnegative": "Rest point non-negative"}


def _label(key: Any) -> str:
    """A readable label for an ``extra`` key: :data:`LABELS`, ``p_war`` as ``P(war)``,
    else underscores as spaces and the first letter capitalised."""
    raw = str(key)
    if raw in LABELS:
        return LABELS[raw]
    if raw.startswith("p_") and len(raw) > 2:
        return f"P({raw[2:].replace('_', ' ')})"
    text = raw.replace("_", " ")
    return text[:1].upper() + text[1:] if text else text


_IDENT = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")


def _value_cell(value: Any) -> Cell:
    """:func:`cell`, with a snake_case code word (``risk_return``) read as words."""
    if isinstance(value, str) and _IDENT.match(value):
        return Cell(value.replace("_", " "))
    return cell(value)


def _dist(dist: Mapping[str, Any]) -> str:
    """A distribution as compact text: the action when pure, else ``a 2/3, b 1/3``."""
    used = [(k, p) for k, p in dist.items() if p != 0]
    if len(used) == 1 and used[0][1] == 1:
        return str(used[0][0])
    return ", ".join(f"{k} {number_text(p)}" for k, p in used)


# ---------------------------------------------------------------- generic analysis


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping | list | tuple):
        return len(value) == 0
    return False


def _seq_of_scalars(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_is_scalar(v) for v in value)


def _map_of_scalars(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        _is_scalar(v) or (_seq_of_scalars(v) and len(v) <= 4) for v in value.values())


def _player_keys(value: Mapping[Any, Any], players: Sequence[str]) -> bool:
    keys = [str(k) for k in value]
    return len(keys) >= 1 and bool(players) and set(keys) <= set(players)


def _grid(rows: Iterable[tuple[str, Mapping[Any, Any]]], first: str, caption: str) -> Table:
    """A table from row label -> mapping, columns the union of the mappings' keys."""
    rows = list(rows)
    columns: list[Any] = []
    for _, m in rows:
        for k in m:
            if k not in columns:
                columns.append(k)
    body = tuple((Cell(str(name)), *(cell(m[c]) if c in m else Cell("") for c in columns))
                 for name, m in rows)
    return Table((first, *(_label(c) for c in columns)), body, caption)


def analysis_blocks(mapping: Mapping[str, Any], players: Sequence[str] = (), *,
                    skip: Iterable[str] = TECHNICAL_KEYS, depth: int = 0) -> list[Block]:
    """Tables and subsections for any JSON-like mapping (a family's ``analysis``).

    Scalars and short lists become one key/value table; maps from players to scalars
    are gathered into one table with a row per player; maps of maps become tables (rows
    the outer keys, columns the inner keys); lists of maps tables with a row per item;
    anything deeper a subsection, recursively (to depth 4, then as text).
    """
    skip = frozenset(skip)
    scalars: list[tuple[str, Cell]] = []
    per_player: dict[str, Mapping[Any, Any]] = {}
    blocks: list[Block] = []
    tabled: list[tuple[str, Any]] = []  # (label, value) of the tables made so far
    for key, value in mapping.items():
        if str(key) in skip or _empty(value):
            continue
        label = _label(key)
        if _is_scalar(value) or (_seq_of_scalars(value) and len(value) <= 12):
            scalars.append((label, _value_cell(value)))
            continue
        column = (isinstance(value, Mapping) and _map_of_scalars(value)
                  and _player_keys(value, players) and len(value) > 1)
        twin = None if column else next((n for n, v in tabled if _same(v, value)), None)
        if twin is not None:  # the same table under another name: say so, not twice
            scalars.append((label, Cell(f"the same as {twin[:1].lower() + twin[1:]}")))
            continue
        if not column:
            tabled.append((label, value))
        if isinstance(value, Mapping) and _map_of_scalars(value):
            if _player_keys(value, players) and len(value) > 1:
                per_player[label] = value
            else:
                blocks.append(Table(("", "value"), tuple((Cell(_label(k)), cell(v))
                                                         for k, v in value.items()),
                                    label, kind="keyvalue"))
        elif isinstance(value, Mapping) and all(_map_of_scalars(v) for v in value.values()):
            first = "player" if _player_keys(value, players) else ""
            blocks.append(_grid(((str(k), v) for k, v in value.items()), first, label))
        elif isinstance(value, list | tuple) and all(_map_of_scalars(v) for v in value):
            blocks.append(_grid(((str(i), v) for i, v in enumerate(value, 1)), "#", label))
        elif isinstance(value, list | tuple) and all(
                _seq_of_scalars(v) and all(isinstance(x, str) for x in v) for v in value):
            # a list of coalitions (lists of names): one row each, the members in one cell
            blocks.append(Table(("#", "members"), tuple(
                (Cell(str(i)), Cell(", ".join(v))) for i, v in enumerate(value, 1)), label))
        elif isinstance(value, list | tuple) and all(_seq_of_scalars(v) for v in value):
            width = max(len(v) for v in value)
            header = ("#", *(str(j) for j in range(1, width + 1)))
            blocks.append(Table(header, tuple((Cell(str(i)), *(cell(x) for x in v))
                                              for i, v in enumerate(value, 1)), label))
        elif _seq_of_scalars(value):
            scalars.append((label, cell(value)))
        elif depth < 4 and isinstance(value, Mapping):
            inner = analysis_blocks(value, players, skip=skip, depth=depth + 1)
            if inner:
                blocks.append(Section(label, tuple(inner), level=min(3 + depth, 4)))
        elif depth < 4 and isinstance(value, list | tuple):
            inner = analysis_blocks({str(i): v for i, v in enumerate(value, 1)}, players,
                                    skip=skip, depth=depth + 1)
            if inner:
                blocks.append(Section(label, tuple(inner), level=min(3 + depth, 4)))
        else:
            scalars.append((label, cell(value)))
    out: list[Block] = []
    if scalars:
        out.append(Table(("", "value"), tuple((Cell(k), v) for k, v in scalars),
                         kind="keyvalue"))
    if per_player:
        order = [p for p in players if any(p in m or _has(m, p) for m in per_player.values())]
        rows = tuple((Cell(p), *(cell(_get(m, p)) if _has(m, p) else Cell("")
                                 for m in per_player.values())) for p in order)
        out.append(Table(("player", *per_player), rows, "By player"))
    return out + blocks


def _has(m: Mapping[Any, Any], key: str) -> bool:
    return any(str(k) == key for k in m)


def _get(m: Mapping[Any, Any], key: str) -> Any:
    return next(v for k, v in m.items() if str(k) == key)


AnalysisRenderer = Callable[[SolveResult], "list[Block] | None"]
_RENDERERS: list[AnalysisRenderer] = []


def register_analysis_renderer(render: AnalysisRenderer) -> AnalysisRenderer:
    """Give a family's analysis section a nicer form than the generic tables.

    ``render(result)`` returns the blocks of the "Analysis" section, or ``None`` when
    the result is not of its family (the generic rendering is used then). Usable as a
    decorator; later registrations are tried first.
    """
    _RENDERERS.insert(0, render)
    return render


# ---------------------------------------------------------------- sections


def _players(result: SolveResult) -> list[str]:
    return [str(p) for p in getattr(result.game, "players", ())]


def _game_section(result: SolveResult) -> Section:
    game = result.game
    info = getattr(game, "info", {}) or {}
    blocks: list[Block] = []
    c = info.get("classification")
    if c:
        blocks.append(Prose((f"Type: {c['name']} ({c['ordering']}): {c['reading']}.",)))
    players = _players(result)
    facts: list[tuple[str, Cell]] = [("Players", Cell(", ".join(players)))]
    if info.get("source"):  # the file name: a mailed report does not show local folders
        facts.append(("Spec file", Cell(Path(str(info["source"])).name)))
    flag = "complete list" if result.complete else "possibly incomplete list"
    facts.append(("Method", Cell(f"{result.method} ({flag}"
                                 f"{', certified exactly' if result.exact else ''})")))
    concepts = list(dict.fromkeys(str(eq.concept) for eq in result.equilibria))
    if concepts:
        facts.append(("Solution concept", Cell(", ".join(concepts))))
    if result.equilibria or not _has_analysis(result):
        facts.append(("Equilibria", Cell(str(len(result.equilibria)), numeric=True)))
    blocks.append(Table(("", "value"), tuple((Cell(k), v) for k, v in facts),
                        kind="keyvalue"))
    params = getattr(game, "parameters", {}) or {}
    if params:
        descriptions = info.get("parameter_descriptions", {}) or {}
        rows = tuple((Cell(str(k)), cell(v), Cell(str(descriptions.get(k, "") or "")))
                     for k, v in params.items())
        blocks.append(Table(("parameter", "value", "meaning"), rows, "Parameters"))
    return Section("Game and parameters", tuple(blocks), key="game")


def _pure_profiles(result: SolveResult, game: NormalFormGame) -> set[tuple[int, ...]]:
    pure = set()
    for eq in result.equilibria:
        if eq.pure and eq.strategies is not None:
            pure.add(tuple(next(j for j, p in enumerate(eq.strategies[pl].values()) if p == 1)
                           for pl in game.players))
    return pure


def _payoff_section(result: SolveResult) -> Section | None:
    game = result.game
    if isinstance(game, NormalFormGame):
        if game.payoffs.size > MAX_PROFILES:
            return Section("Payoffs", (Prose((f"The payoff table has {game.payoffs.size} "
                                              "entries and is left out.",), note=True),),
                           key="payoffs")
        pure = _pure_profiles(result, game)
        rows: list[tuple[Cell, ...]] = []
        if game.n_players == 2:
            header = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
            for r, name in enumerate(game.strategies[0]):
                cells = [Cell(str(name))]
                for c in range(game.shape[1]):
                    text = ", ".join(number_text(v) for v in game.payoff_vector((r, c)))
                    label = game.outcomes.get((r, c))
                    cells.append(Cell(text + (f" ({label})" if label else ""),
                                      mark=(r, c) in pure))
                rows.append(tuple(cells))
        else:
            header = (*game.players, "payoffs", "outcome")
            for p in game.profiles_gen():
                mark = p in pure
                rows.append((*(Cell(s, mark=mark) for s in game.profile_name(p)),
                             Cell(", ".join(number_text(v) for v in game.payoff_vector(p)),
                                  mark=mark),
                             Cell(str(game.outcomes.get(p, "")), mark=mark)))
        note = Prose(("Marked cells are pure equilibria; payoffs are listed in player "
                      "order" + (f" ({game.players[0]} first)." if game.n_players == 2
                                 else "."),), note=True)
        return Section("Payoffs", (Table(tuple(header), tuple(rows), kind="payoffs"), note),
                       key="payoffs")
    if hasattr(game, "nodes") and hasattr(game, "infosets"):
        from ..games.tree_layout import tree_layout
        from ..games.tree_svg import tree_svg, tree_tikz

        eq = result.equilibria[0] if result.equilibria else None
        behavior = eq.behavior if eq else None
        beliefs = eq.beliefs if eq else None
        svg = tree_svg(game, behavior, beliefs, collapse_zero=True)
        if svg is None:
            return Section("Game tree", (Prose(("The tree is too large to draw.",),
                                               note=True),), key="tree")
        tikz = tree_tikz(game, behavior, beliefs, collapse_zero=True)
        hidden = tree_layout(game, collapse_zero=True).hidden_branches
        caption = ("Thick edges: the path of equilibrium 1; medium edges: actions it "
                   "plays off the path (mixed probabilities in brackets); dashed lines "
                   "join the nodes of one information set; μ: the beliefs of "
                   "equilibrium 1 at its information sets.")
        if hidden:
            caption += (f" {hidden} chance branch{'es' if hidden > 1 else ''} of "
                        "probability 0 left out.")
        return Section("Game tree", (Figure(caption, svg, tikz),), key="tree")
    return None


def _kind(eq: Equilibrium) -> str:
    text = "pure" if eq.pure else "mixed"
    kind = eq.extra.get("kind")
    return f"{text}, {kind}" if kind else text


def _chunks(n: int) -> list[range]:
    return [range(s, min(s + EQ_COLUMNS, n)) for s in range(0, n, EQ_COLUMNS)]


def _eq_header(first: Sequence[str], idx: range) -> tuple[str, ...]:
    return (*first, *(f"Eq. {k + 1}" for k in idx))


def _summary(result: SolveResult, players: list[str]) -> list[Block]:
    eqs = result.equilibria
    blocks: list[Block] = []
    wide = len(players) > 4
    header = ["#", "type"]
    if not wide:
        header += [f"payoff {p}" for p in players]
    header += ["outcomes", "regret"]
    rows = []
    for k, eq in enumerate(eqs, 1):
        cells = [Cell(str(k)), Cell(_kind(eq))]
        if not wide:
            cells += [cell(eq.payoffs.get(p)) for p in players]
        cells.append(Cell(", ".join(f"{o} {number_text(v)}" for o, v in eq.outcomes.items())))
        if eq.concept == "nash bargaining solution":  # an axiomatic solution, not an equilibrium
            cells.append(Cell("n/a (axiomatic solution)"))
        else:
            cells.append(Cell(number_text(eq.regret) + (" (exact)" if eq.exact else "")))
        rows.append(tuple(cells))
    blocks.append(Table(tuple(header), tuple(rows), "Summary: one row per equilibrium"))
    if wide:
        for idx in _chunks(len(eqs)):
            blocks.append(Table(_eq_header(["player"], idx), tuple(
                (Cell(p), *(cell(eqs[k].payoffs.get(p)) for k in idx)) for p in players),
                "Expected payoffs"))
    return blocks


def _strategy_tables(result: SolveResult, players: list[str]) -> list[Block]:
    eqs = result.equilibria
    game = result.game
    blocks: list[Block] = []
    if eqs and all(eq.strategies is not None for eq in eqs):
        strategies = {p: list(eqs[0].strategies[p]) for p in players}  # type: ignore[index]
        n_columns = sum(len(s) for s in strategies.values())
        if n_columns <= 8:
            header = ["#", *(f"{p}: {s}" for p in players for s in strategies[p])]
            rows = tuple((Cell(str(k)), *(cell(eq.strategies[p][s])  # type: ignore[index]
                                          for p in players for s in strategies[p]))
                         for k, eq in enumerate(eqs, 1))
            blocks.append(Table(tuple(header), rows, "Strategies (probability of each)"))
        elif len(players) <= 4:
            rows = tuple((Cell(str(k)), *(Cell(_dist(eq.strategies[p]))  # type: ignore[index]
                                          for p in players)) for k, eq in enumerate(eqs, 1))
            blocks.append(Table(("#", *players), rows, "Strategies"))
        else:
            for idx in _chunks(len(eqs)):
                blocks.append(Table(_eq_header(["player"], idx), tuple(
                    (Cell(p), *(Cell(_dist(eqs[k].strategies[p]))  # type: ignore[index]
                                for k in idx)) for p in players), "Strategies"))
    elif eqs and any(eq.behavior for eq in eqs):
        keys: list[tuple[str, str]] = []
        for eq in eqs:
            for p, infos in (eq.behavior or {}).items():
                for i in infos:
                    if (p, i) not in keys:
                        keys.append((p, i))
        if hasattr(game, "infosets"):
            order = {s.name: n for n, s in enumerate(game.infosets)}
            keys.sort(key=lambda k: (players.index(k[0]) if k[0] in players else 99,
                                     order.get(k[1], 10**6)))
        for idx in _chunks(len(eqs)):
            rows = tuple((Cell(p), Cell(i), *(
                Cell(_dist((eqs[k].behavior or {}).get(p, {}).get(i, {}))) for k in idx))
                for p, i in keys)
            blocks.append(Table(_eq_header(["player", "information set"], idx), rows,
                                "Behavior strategies (action played; probabilities when "
                                "mixed)"))
    return blocks


def _belief_tables(result: SolveResult) -> list[Block]:
    eqs = result.equilibria
    game = result.game
    multi = None
    if hasattr(game, "infosets"):
        multi = {s.name for s in game.infosets if len(s.members) > 1}
    keys: list[tuple[str, str, str]] = []
    for eq in eqs:
        for p, infos in (eq.beliefs or {}).items():
            for i, dist in infos.items():
                if multi is not None and i not in multi:
                    continue
                for node in dist:
                    if (p, i, node) not in keys:
                        keys.append((p, i, node))
    blocks: list[Block] = []
    if keys:
        for idx in _chunks(len(eqs)):
            rows = []
            for p, i, node in keys:
                values = []
                for k in idx:
                    d = (eqs[k].beliefs or {}).get(p, {}).get(i, {})
                    values.append(cell(d[node]) if node in d else Cell("–"))
                rows.append((Cell(p), Cell(i), Cell(node), *values))
            blocks.append(Table(_eq_header(["player", "information set", "node"], idx),
                                tuple(rows), "Beliefs at information sets"))
    off_rows = []
    for k, eq in enumerate(eqs, 1):
        sure = eq.extra.get("off_path_beliefs") or {}
        loose = eq.extra.get("off_path_beliefs_any") or {}
        for p, infos in sure.items():
            for i, nodes in infos.items():
                for node, rng in nodes.items():
                    other = loose.get(p, {}).get(i, {}).get(node)
                    off_rows.append((Cell(str(k)), Cell(p), Cell(i), Cell(node), cell(rng),
                                     cell(other) if other is not None else Cell("–")))
    if off_rows:
        blocks.append(Table(("Eq.", "player", "information set", "node",
                             "range supporting it", "range (any off-path variant)"),
                            tuple(off_rows), "Off-path beliefs: the ranges that support "
                                             "each equilibrium"))
    return blocks


def _verdict(text: Any) -> tuple[str, str]:
    """``"fails (at X: ...)"`` -> ``("fails", "at X: ...")``."""
    if text is None:
        return "not applicable", "no message is off the equilibrium path"
    s = str(text).strip()
    head, reason = s, ""
    if "(" in s and s.endswith(")"):
        head, _, rest = s.partition("(")
        head, reason = head.strip(), rest[:-1].strip()
    if head == "passes" and "every message is sent on the path" in reason:
        # nothing is off the path, so there is no belief for the refinement to test
        return "not applicable", (f"{reason}: no off-path message to test, so the "
                                  "equilibrium stands")
    return head, reason


def _refinement_table(result: SolveResult) -> list[Block]:
    eqs = result.equilibria
    if not any(e.concept and "bayes" in e.concept.lower() for e in eqs) and not any(
            "intuitive_criterion" in e.extra for e in eqs):
        return []
    if all(e.extra.get("intuitive_criterion") is None and e.extra.get("d1") is None
           for e in eqs) and "signaling" not in result.extra:
        return []  # not a signaling game: the refinements do not apply, so none is reported
    rows = []
    for k, eq in enumerate(eqs, 1):
        ic = eq.extra.get("intuitive_criterion")
        d1 = eq.extra.get("d1")
        if ic is None and d1 is None and "signaling" not in result.extra:
            ic_v = d1_v = ("not applicable", "not a signaling game: the refinements of "
                                              "off-path beliefs do not apply")
        else:
            ic_v, d1_v = _verdict(ic), _verdict(d1)
        rows.append((Cell(str(k)), Cell(str(eq.extra.get("description") or _kind(eq))),
                     Cell(ic_v[0]), Cell(ic_v[1]), Cell(d1_v[0]), Cell(d1_v[1])))
    return [Table(("Eq.", "equilibrium", "Intuitive Criterion", "why", "D1", "why"),
                  tuple(rows), "Refinements (Cho and Kreps 1987; Banks and Sobel 1987)")]


def _has_analysis(result: SolveResult) -> bool:
    """Whether the result carries a family analysis to show (coalitional games,
    Richardson races and other results that are not strategy profiles)."""
    return any(str(k) not in TECHNICAL_KEYS and not _empty(v) for k, v in result.extra.items())


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # pragma: no cover - arrays and other odd values
        return False


def _shown_in_analysis(key: str, value: Any, extra: Mapping[str, Any]) -> bool:
    """Whether an equilibrium's ``extra[key]`` is already in the Analysis section: the
    same key with the same value; a number equal to an analysis figure whose name holds
    the key (``total`` and ``nash_total``); a map from players to values equal to a
    column of a per-player table (``contributions`` and ``allies[p]["contribution"]``)."""
    if key in extra and _same(extra[key], value):
        return True
    if _is_number(value):
        return any(key in str(k) and _is_number(v) and _same(v, value)
                   for k, v in extra.items())
    if isinstance(value, Mapping) and value and _map_of_scalars(value):
        for table in extra.values():
            if not (isinstance(table, Mapping) and table
                    and all(isinstance(r, Mapping) for r in table.values())):
                continue
            if not all(p in table for p in value):
                continue
            columns = set.intersection(*(set(map(str, table[p])) for p in value))
            if any(all(_same(table[p][c], value[p]) for p in value) for c in columns):
                return True
    return False


def _equilibria_section(result: SolveResult) -> Section | None:
    players = _players(result)
    if not result.equilibria:
        if _has_analysis(result):
            return None  # not a strategy-profile model: its analysis is the result
        return Section("Equilibria", (Prose(("No equilibrium was found.",)),), key="equilibria")
    blocks: list[Block] = list(_summary(result, players))
    blocks += _strategy_tables(result, players)
    blocks += _belief_tables(result)
    blocks += _refinement_table(result)
    for k, eq in enumerate(result.equilibria, 1):
        # what the Analysis section shows already (the same key, the same value) is not
        # repeated under the equilibrium
        shown = {str(key) for key, value in eq.extra.items()
                 if _shown_in_analysis(str(key), value, result.extra)}
        details = analysis_blocks(eq.extra, players,
                                  skip=TECHNICAL_KEYS | _PBE_KEYS | shown)
        notes = [str(n) for n in eq.notes]
        if notes:
            details.insert(0, Prose(tuple(notes), bullets=True))
        if details:
            blocks.append(Section(f"Equilibrium {k}: details", tuple(details), level=3,
                                  key=f"eq{k}"))
    if result.components and any(len(m) > 1 for m in result.components):
        lines = tuple(f"Component {c}: equilibria {', '.join(str(m + 1) for m in members)} "
                      "and the segments between them"
                      for c, members in enumerate(result.components, 1) if len(members) > 1)
        blocks.append(Prose(lines, bullets=True))
    return Section("Equilibria", tuple(blocks), key="equilibria")


#: ``extra`` keys drawn as figures rather than tabulated
FIGURE_KEYS = frozenset({"time_path"})
PLOT_HINT = ("The figure needs matplotlib, which is not installed: "
             "pip install 'alliance_games[plot]' and write the report again.")


def dynamics_figures(result: SolveResult) -> list[Block]:
    """Figures of a dynamics result: Richardson's phase portrait and the time path
    (:mod:`alliance_games.analysis.dynamics_plot`), or a note saying how to get them
    when matplotlib (the ``plot`` extra) is missing. Empty for other results."""
    path = result.extra.get("time_path")
    if not isinstance(path, Mapping) or "t" not in path:
        return []
    from ..analysis import dynamics_plot
    from ..errors import AllianceGamesError
    from ..games.dynamics import RichardsonGame

    blocks: list[Block] = []
    try:
        if isinstance(result.game, RichardsonGame):
            blocks.append(Figure(
                "Phase portrait: the vector field, the two isoclines (where one state's "
                "armaments stop changing), the rest point where they cross and the path "
                "from the starting levels.", png=dynamics_plot.richardson_phase_png(result),
                alt="phase portrait of the arms race"))
        replicator = not isinstance(result.game, RichardsonGame)
        caption = ("Time path from the middle starting point: the share of each strategy "
                   "over time." if replicator else
                   "Time path: each state's armaments from the starting levels.")
        from .plot_style import plot_time_path

        series = {str(k): [float(x) for x in v] for k, v in path.items() if k != "t"}
        fictitious = result.method == "fictitious-play"
        png = plot_time_path([float(x) for x in path["t"]], series,
                             title=str(getattr(result.game, "name", "") or ""),
                             xlabel="round" if fictitious else "time",
                             ylabel="share" if replicator else "armaments")
        blocks.append(Figure(caption, png=png, alt="time path"))
    except AllianceGamesError as exc:
        if "matplotlib" not in str(exc):
            raise
        return [Prose(("Phase portrait and time path: " + PLOT_HINT,), note=True)]
    return blocks


def _analysis_section(result: SolveResult) -> Section | None:
    figures = dynamics_figures(result)
    for render in _RENDERERS:
        blocks = render(result)
        if blocks is not None:
            blocks = figures + list(blocks)
            return Section("Analysis", tuple(blocks), key="analysis") if blocks else None
    drawn = any(isinstance(b, Figure) for b in figures)  # else the time path is tabulated
    skip = set(TECHNICAL_KEYS | (FIGURE_KEYS if drawn else frozenset()))
    extra = result.extra
    if extra.get("regime_label") and "regime" in extra:
        skip.add("regime")  # the code word beside its sentence says nothing more
    if "model" in extra and extra.get("model") == extra.get("regime"):
        skip.add("model")
    summary = extra.get("figures")
    if isinstance(summary, Mapping):
        # a family's headline figures (sweep columns): those shown above are not repeated
        rest = {k: v for k, v in summary.items()
                if not (k in extra and _same(extra[k], v))}
        extra = {**extra, "figures": rest}
    blocks = figures + analysis_blocks(extra, _players(result), skip=skip)
    return Section("Analysis", tuple(blocks), key="analysis") if blocks else None


def phase_section(png: bytes | None, caption: str = "") -> Section:
    """The phase diagram of a sweep (:mod:`.phase`) as a section, or the note saying how
    to get it when matplotlib is missing (``png`` None)."""
    if png is None:
        return Section("Phase diagram", (Prose((PLOT_HINT,), note=True),), key="phase")
    return Section("Phase diagram", (Figure(caption or "Phase diagram: the regime at each "
                                            "point of the parameter grid.", png=png,
                                            alt="phase diagram"),), key="phase")


def build_report(result: SolveResult, phase: Section | None = None) -> Report:
    """The report model of a solve result (see the module docstring); ``phase`` (from
    :func:`phase_section`) is placed after the analysis."""
    game = result.game
    info = getattr(game, "info", {}) or {}
    sections = [_game_section(result)]
    payoff = _payoff_section(result)
    if payoff is not None:
        sections.append(payoff)
    equilibria = _equilibria_section(result)
    if equilibria is not None:
        sections.append(equilibria)
    analysis = _analysis_section(result)
    if analysis is not None:
        sections.append(analysis)
    if phase is not None:
        sections.append(phase)
    heading = "What the equilibria predict" if result.equilibria else "What the model predicts"
    sections.append(Section(heading,
                            (Prose(tuple(predictions(result)), bullets=True),),
                            key="predictions"))
    if result.diagnostics:
        sections.append(Section("Diagnostics", (Prose(tuple(result.diagnostics),
                                                      bullets=True),), key="diagnostics"))
    notes = info.get("notes")
    if notes:
        sections.append(Section("Notes and caveats",
                                (Prose(tuple(str(notes).strip().split("\n\n"))),),
                                key="notes"))
    refs = [str(r) for r in info.get("references") or []]
    if refs:
        sections.append(Section("References", (Prose(tuple(refs), bullets=True),),
                                key="references"))
    lead = tuple(p for p in [str(info.get("description", "") or "").strip()] if p)
    return Report(str(getattr(game, "name", "Game") or "Game"), lead, tuple(sections),
                  {"method": result.method, "complete": result.complete,
                   "equilibria": len(result.equilibria)})


@register_analysis_renderer
def _public_goods(result: SolveResult) -> list[Block] | None:
    """Public goods (Olson and Zeckhauser 1966): the headline totals first, then the
    allies' table with the benchmark columns in reading order."""
    extra = result.extra
    if "allies" not in extra or "nash_total" not in extra:
        return None
    players = _players(result)
    head = [("Nash total (sum of contributions)", cell(extra.get("nash_total"))),
            ("Pareto total (Samuelson condition)", cell(extra.get("pareto_total"))),
            ("Provision ratio (Nash / Pareto)", cell(extra.get("provision_ratio"))),
            ("Free-riding gap (Pareto - Nash)", cell(extra.get("free_riding_gap")))]
    blocks: list[Block] = [Table(("", "value"), tuple((Cell(k), v) for k, v in head
                                                      if v.text != "–"),
                                 "Totals", kind="keyvalue")]
    allies = extra["allies"]
    order = ["income", "income_share", "contribution", "burden", "defence_share",
             "lindahl_contribution", "lindahl_share", "gap_to_lindahl", "share_ratio",
             "free_rides", "pays_below_lindahl_share"]
    columns = [c for c in order if any(c in m for m in allies.values())]
    columns += [c for m in allies.values() for c in m if c not in columns]
    columns = list(dict.fromkeys(columns))
    names = [p for p in players if p in allies] + [p for p in allies if p not in players]
    rows = tuple((Cell(str(p)), *(cell(allies[p].get(c)) if c in allies[p] else Cell("")
                                  for c in columns)) for p in names)
    benchmark = (" and the Lindahl benchmark" if "lindahl_share" in columns else
                 " and the efficient benchmark" if "efficient_contribution" in columns else "")
    blocks.append(Table(("ally", *(_label(c) for c in columns)), rows,
                        f"Allies: income, contribution, burden{benchmark}"))
    rest = {k: v for k, v in extra.items()
            if k not in ("allies", "nash_total", "pareto_total", "provision_ratio",
                         "free_riding_gap", "lindahl_shares", "lindahl_contributions")}
    blocks += analysis_blocks(rest, players)
    return blocks
