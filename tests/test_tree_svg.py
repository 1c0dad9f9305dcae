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
    assert "(1, 1)" in texts and "accommodation" in texts and "Incumbent" in texts


def test_information_sets_are_dashed_in_the_html_report() -> None:
    result = solve(load("extended_deterrence/sinking_costs"))
    page = render_html(result)
    assert "<svg" in page and 'stroke-dasharray="5,4"' in page
    assert "Nature" in page
