"""Game trees drawn as inline SVG in HTML reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from alliance_games import Decision, ExtensiveFormGame, Terminal, load, solve
from alliance_games.games.tree_svg import tree_svg
from alliance_games.report.documents import render_html

SVG = "{http://www.w3.org/2000/svg}"


def test_entry_game_tree_marks_the_subgame_perfect_path() -> None:
    """Entry deterrence: In then Accommodate (1 > -1 for the incumbent, then 1 > 0 for the
    entrant) is the unique SPE, so exactly those two edges are thick."""
    game = ExtensiveFormGame.from_tree(
        Decision("Entrant", {
            "Out": Terminal((0, 2), "deterrence success"),
            "In": Decision("Incumbent", {
                "Fight": Terminal((-1, -1), "war"),
                "Accommodate": Terminal((1, 1), "accommodation")})}),
        players=("Entrant", "Incumbent"), name="entry")
    result = solve(game)
    svg = tree_svg(game, result.equilibria[0].behavior)
    assert svg is not None
    root = ET.fromstring(svg)  # well-formed XML
    lines = root.findall(f"{SVG}line")
    assert len(lines) == 4
    assert sum(1 for e in lines if e.get("stroke-width") == "3.5") == 2
    texts = [t.text for t in root.findall(f"{SVG}text")]
    assert "accommodation" in texts and "Incumbent" in texts
    # payoffs are stacked one per player under each terminal: (0, 2), (-1, -1), (1, 1)
    payoffs = [t.text for t in root.findall(f"{SVG}text") if t.get("fill") in
               ("#1f77b4", "#d62728") and t.text not in ("Entrant", "Incumbent")]
    assert payoffs == ["0", "2", "-1", "-1", "1", "1"]
    # responsive: scales down to its container, never beyond its natural width
    assert root.get("width") == "100%" and root.get("viewBox", "").startswith("0 0 ")
    assert "max-width" in root.get("style", "")


def test_tikz_draws_the_same_layout() -> None:
    """The TikZ picture has one \\draw per edge (4) and the same labels, escaped."""
    from alliance_games.games.tree_svg import tree_tikz

    game = ExtensiveFormGame.from_tree(
        Decision("A & B", {
            "Out": Terminal((0, 2), "50% <peace>"),
            "In": Decision("C_1", {"Fight": Terminal((-1, -1), "war"),
                                   "Yield": Terminal((1, 1), "deal")})}),
        players=("A & B", "C_1"), name="entry")
    tikz = tree_tikz(game, solve(game).equilibria[0].behavior)
    assert tikz is not None
    assert tikz.count(r"\draw[line width") == 4
    assert r"{A \& B}" in tikz and r"{C\_1}" in tikz
    assert r"50\% \textless{}peace\textgreater{}" in tikz
    assert "<" not in tikz and ">" not in tikz.replace("->", "")


def test_information_sets_are_dashed_in_the_html_report() -> None:
    result = solve(load("extended_deterrence/sinking_costs"))
    page = render_html(result)
    assert "<svg" in page and 'stroke-dasharray="5,4"' in page
    assert "Nature" in page
