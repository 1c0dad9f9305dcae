"""The report model under any family's analysis: generic tables, every format renders.

New model families put whatever JSON-like data they compute under ``result.extra``
(the JSON ``analysis``); the reports must show it without code of their own. These
tests feed the report model arbitrary nested analysis data (Hypothesis) and check that
HTML, Markdown and LaTeX all render it, that every number in it is on the HTML page by
the one number rule, and that a hostile analysis (LaTeX specials in keys and values)
still compiles with pdflatex.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_browser_report_catalog import _numbers, tokens
from test_latex_reports import compile_tex

from alliance_games import load, solve
from alliance_games.report.html import render_html
from alliance_games.report.latex import render_latex
from alliance_games.report.markdown import render_markdown
from alliance_games.report.model import Table, analysis_blocks, build_report, number_text

BASE = solve(load("security_dilemma/stag_hunt"))
PLAYERS = list(BASE.game.players)

_keys = st.one_of(st.sampled_from(PLAYERS),
                  st.text(alphabet="abcxyz_ <>&%$#{}~^\\", min_size=1, max_size=8))
_scalars = st.one_of(
    st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False),
    st.fractions(max_denominator=50), st.booleans(), st.none(),
    st.text(alphabet="abc <>&_%", max_size=12))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)), max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(alphabet="abcdefgh_", min_size=1, max_size=10), _values,
                       max_size=5))
def test_any_analysis_renders_and_shows_its_numbers(extra: dict[str, Any]) -> None:
    result = dataclasses.replace(BASE, extra=extra)
    build_report(result)
    page = render_html(result)
    render_markdown(result)
    tex = render_latex(result)
    assert tex.rstrip().endswith(r"\end{document}")
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    shown = tokens(text)
    wanted = {number_text(v) for v in _numbers(extra)}
    assert wanted <= shown, sorted(wanted - shown)[:5]


def test_per_player_maps_become_one_table_with_players_as_rows() -> None:
    """Two maps keyed by the players (contributions, burden) -> one table, one row per
    player, one column per map; other keys stay a key/value table."""
    blocks = analysis_blocks({"contributions": {"State A": 1, "State B": 2},
                              "burden": {"State A": Fraction(1, 2), "State B": 0.25},
                              "total": 3}, PLAYERS)
    tables = [b for b in blocks if isinstance(b, Table)]
    kv = next(t for t in tables if t.kind == "keyvalue")
    assert [[c.text for c in r] for r in kv.rows] == [["Total", "3"]]
    by_player = next(t for t in tables if t.caption == "By player")
    assert by_player.header == ("player", "Contributions", "Burden")
    assert [[c.text for c in r] for r in by_player.rows] == [["State A", "1", "1/2"],
                                                             ["State B", "2", "0.25"]]
    assert by_player.rows[0][2].exact == "1/2"


def test_hostile_analysis_compiles(tmp_path: Path) -> None:
    extra = {"odd_keys": {"<a & b>": "50% of {x}", "~^\\": [1, Fraction(2, 3)]},
             "nested": {"deeper": {"deepest": {"x_1": 1, "y#2": [Fraction(1, 3), 0.5]}}},
             "rows": [{"a": 1, "b": "μ ≥ 2"}, {"a": 2, "c": None}]}
    code, log = compile_tex(render_latex(dataclasses.replace(BASE, extra=extra)), tmp_path)
    assert code == 0 and "Missing character" not in log
