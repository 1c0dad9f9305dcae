"""The notebook rich display of a solve result (``SolveResult._repr_html_``).

It is :func:`alliance_games.report.markdown.render_html_fragment`: the count of
equilibria in words ("1 equilibrium", never "1 equilibria"), the payoff table or tree,
the equilibria table and the predictions; for results that are not strategy profiles
(coalitional games, Richardson races) the analysis instead of an empty equilibria table.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from alliance_games import load, solve
from alliance_games.report.explorer import equilibria_html


class _Tables(HTMLParser):
    """The text of each ``<table>``'s cells, and the headings, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h2", "h3", "h4"):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("h2", "h3", "h4") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse(fragment: str) -> _Tables:
    parser = _Tables()
    parser.feed(fragment)
    return parser


def test_one_equilibrium_is_singular_and_tabulated() -> None:
    """Prisoner's dilemma (T=5, R=3, P=1, S=0): Arm strictly dominates Restrain for each
    state (5 > 3 against Restrain, 1 > 0 against Arm), so (Arm, Arm) with payoffs (1, 1)
    is the unique equilibrium. The display says "1 equilibrium" and its equilibria table
    has the row of equilibrium 1 with payoff 1 for each state and regret 0."""
    result = solve(load("security_dilemma/prisoners_dilemma"))
    assert len(result.equilibria) == 1
    html = result._repr_html_()
    assert "1 equilibrium" in html and "1 equilibria" not in html
    page = parse(html)
    assert "Equilibria" in page.headings
    summary = next(t for t in page.tables if "regret" in t)
    header = summary[:summary.index("regret") + 1]
    row = summary[len(header):len(header) * 2]
    assert row[0] == "1" and row[1] == "pure"
    assert row[header.index("payoff State A")] == "1"
    assert row[header.index("payoff State B")] == "1"
    assert row[header.index("regret")].startswith("0")
    # the explorer's table agrees on the count
    assert equilibria_html(result).startswith("<p>1 equilibrium ")


def test_several_equilibria_are_plural() -> None:
    """Chicken has three equilibria (two pure, where one side swerves, and one mixed):
    "3 equilibria", with three rows in the equilibria table."""
    result = solve(load("security_dilemma/chicken"))
    html = result._repr_html_()
    n = len(result.equilibria)
    assert n == 3
    assert f"{n} equilibria" in html
    summary = next(t for t in parse(html).tables if "regret" in t)
    width = summary.index("regret") + 1
    assert len(summary) == width * (n + 1)


def test_coalitional_display_shows_the_analysis_not_an_empty_table() -> None:
    """The UN Security Council game [39; 7,7,7,7,7, 1 x 10] has no strategy profiles:
    the display shows its power indices (Shapley-Shubik 421/2145 for a permanent member,
    Shapley and Shubik 1954's 0.1963) and no "No equilibrium was found"."""
    result = solve(load("coalitions/weighted_majority"))
    html = result._repr_html_()
    assert "No equilibrium was found" not in html
    assert "Shapley-Shubik index" in html
    assert "421/2145" in html
    assert re.search(r"0 equilibria", html)
