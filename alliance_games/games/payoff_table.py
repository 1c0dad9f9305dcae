"""Payoff tables of normal-form games as text, Markdown and HTML.

Two-player games are shown as the familiar bimatrix (row player first in each cell);
games with more players as one row per profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..numbers import format_number
from ..text_escape import md_cell

if TYPE_CHECKING:  # normal.py draws itself with this module: no runtime import back
    from .normal import NormalFormGame

__all__ = ["payoff_rows", "payoff_table_text", "payoff_table_markdown", "payoff_table_html"]


def _fmt(value: Any) -> str:
    return format_number(value)


def _cell(game: NormalFormGame, profile: tuple[int, ...]) -> str:
    return ", ".join(_fmt(v) for v in game.payoff_vector(profile))


def payoff_rows(game: NormalFormGame) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the payoff table; bimatrix layout for two players."""
    if game.n_players == 2:
        header = [f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1]]
        rows = [
            [game.strategies[0][r], *(_cell(game, (r, c)) for c in range(game.shape[1]))]
            for r in range(game.shape[0])
        ]
        return header, rows
    header = [*game.players, "payoffs", "outcome"]
    rows = [
        [*game.profile_name(p), _cell(game, p), game.outcomes.get(p, "")]
        for p in game.profiles_gen()
    ]
    return header, rows


def payoff_table_text(game: NormalFormGame) -> str:
    header, rows = payoff_rows(game)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    out = [f"{game.name}" if game.name else "", line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    if game.n_players == 2 and game.outcomes:
        labels = sorted(set(game.outcomes.values()))
        out.append("outcomes: " + "; ".join(
            f"{lab}: " + ", ".join("(" + ", ".join(game.profile_name(p)) + ")"
                                   for p, v in game.outcomes.items() if v == lab)
            for lab in labels))
    return "\n".join(x for x in out if x is not None).strip("\n")


def _md_escape(text: str) -> str:
    return md_cell(text)


def payoff_table_markdown(game: NormalFormGame) -> str:
    header, rows = payoff_rows(game)
    out = ["| " + " | ".join(_md_escape(h) for h in header) + " |",
           "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(_md_escape(c) for c in r) + " |")
    return "\n".join(out)


def payoff_table_html(game: NormalFormGame, highlight: set[tuple[int, ...]] | None = None) -> str:
    """An HTML table; profiles in ``highlight`` (pure equilibria) are marked."""
    import html  # only for this table (html.entities costs ~1 ms at import)

    highlight = highlight or set()
    esc = html.escape
    parts = ['<table class="payoffs">']
    if game.n_players == 2:
        parts.append(
            "<tr><th>" + esc(game.players[0]) + " \\ " + esc(game.players[1]) + "</th>"
            + "".join(f"<th>{esc(s)}</th>" for s in game.strategies[1]) + "</tr>"
        )
        for r, name in enumerate(game.strategies[0]):
            cells = []
            for c in range(game.shape[1]):
                mark = ' class="eq"' if (r, c) in highlight else ""
                label = game.outcomes.get((r, c))
                title = f' title="{esc(label)}"' if label else ""
                sub = f"<br><small>{esc(label)}</small>" if label else ""
                cells.append(f"<td{mark}{title}>{esc(_cell(game, (r, c)))}{sub}</td>")
            parts.append(f"<tr><th>{esc(name)}</th>{''.join(cells)}</tr>")
    else:
        parts.append("<tr>" + "".join(f"<th>{esc(p)}</th>" for p in game.players)
                     + "<th>payoffs</th><th>outcome</th></tr>")
        for p in game.profiles_gen():
            mark = ' class="eq"' if p in highlight else ""
            parts.append(
                f"<tr{mark}>" + "".join(f"<td>{esc(s)}</td>" for s in game.profile_name(p))
                + f"<td>{esc(_cell(game, p))}</td><td>{esc(game.outcomes.get(p, ''))}</td></tr>"
            )
    parts.append("</table>")
    return "".join(parts)
