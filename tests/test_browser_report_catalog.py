"""Every catalog model's HTML report, as a reader sees it in real headless Chromium.

Parametrized over :func:`alliance_games.catalog`, so models added later are checked too.
For each report: no console error, no uncaught exception and no network request; no
element sticks out of the page at 1280 px nor at 800 px (``browser.overflowing``: wide
tables sit in scroll boxes, the tree shrinks); and every number of every equilibrium
(probabilities, beliefs, payoffs, outcome probabilities) and every number of the
family's analysis appears on the page as a number token, written by the reports' one
rule :func:`alliance_games.report.model.number_text` (``2/3`` for exact fractions, four
significant digits for floats). A probability 1 in a behavior strategy is written as the
action's name, so for those the action must be on the page.

One Chromium for the session (the ``browser`` fixture), a fresh page per model; each
model costs a solve and one page load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from browser import open_file, overflowing, visible_text

from alliance_games import catalog, load, solve
from alliance_games.report.html import render_html
from alliance_games.report.model import FIGURE_KEYS, TECHNICAL_KEYS, number_text

ENTRIES = catalog()
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]\d+)?(?:/\d+)?")


def tokens(text: str) -> set[str]:
    """The number tokens of a page's text (``-1/2``, ``0.6849``, ``1.429e-05``)."""
    return set(_NUMBER.findall(text))


def _numbers(value: Any, depth: int = 0) -> Iterator[Any]:
    """The numbers inside a JSON-like analysis value (not booleans, not keys)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, Mapping):
        if depth < 4:
            for k, v in value.items():
                if str(k) not in TECHNICAL_KEYS | FIGURE_KEYS:
                    yield from _numbers(v, depth + 1)
        return
    if isinstance(value, list | tuple):
        if depth < 4:
            for v in value:
                yield from _numbers(v, depth + 1)
        return
    try:
        float(value)
    except (TypeError, ValueError):
        return
    yield value


def expected(result: Any) -> tuple[set[str], set[str]]:
    """(number texts, action names) that the page must show."""
    numbers: set[str] = set()
    actions: set[str] = set()
    for eq in result.equilibria:
        for dist in (eq.strategies or {}).values():
            numbers |= {number_text(p) for p in dist.values() if p}
        for infos in (eq.behavior or {}).values():
            for dist in infos.values():
                for action, p in dist.items():
                    if p == 1:
                        actions.add(action)
                    elif p:
                        numbers.add(number_text(p))
        for infos in (eq.beliefs or {}).values():
            for dist in infos.values():
                numbers |= {number_text(p) for p in dist.values()}
        numbers |= {number_text(v) for v in eq.payoffs.values()}
        numbers |= {number_text(v) for v in eq.outcomes.values()}
        numbers |= {number_text(v) for v in _numbers(eq.extra)}
    numbers |= {number_text(v) for v in _numbers(result.extra)}
    return numbers, actions


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.slug for e in ENTRIES])
def test_catalog_report_in_chromium(entry: Any, tmp_path: Path, page: Any) -> None:
    result = solve(load(entry.slug), timeout=60)
    out = tmp_path / "report.html"
    out.write_text(render_html(result), encoding="utf-8")
    open_file(page, out)
    assert page.errors.messages == []
    assert overflowing(page) == [], "cut off at 1280 px"
    text = visible_text(page)
    numbers, actions = expected(result)
    missing = sorted(numbers - tokens(text))
    assert not missing, f"numbers not on the page: {missing[:10]}"
    assert not [a for a in actions if a not in text]
    assert empty_sections(page) == []
    assert duplicate_tables(page) == []
    assert broken_images(page) == []
    if not result.equilibria and result.extra:  # coalitional, Richardson: no profiles
        assert "No equilibrium was found" not in text
        assert page.evaluate("() => document.querySelector('#equilibria')") is None
    page.set_viewport_size({"width": 800, "height": 800})
    assert overflowing(page) == [], "cut off at 800 px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 800


def empty_sections(page: Any) -> list[str]:
    """Headings with nothing under them: followed directly by another heading of the
    same or a higher level, or by nothing at all in their section."""
    return list(page.evaluate("""() => {
        const out = [];
        for (const h of document.querySelectorAll('h2, h3, h4')) {
            const level = +h.tagName[1];
            const next = h.nextElementSibling;
            const heading = next && /^H[1-6]$/.test(next.tagName);
            if (!next || (heading && +next.tagName[1] <= level)) out.push(h.textContent);
        }
        return out;
    }"""))


def duplicate_tables(page: Any) -> list[str]:
    """Tables of two or more rows (beside the header) whose content (header and cells)
    is the same as an earlier table's: the same block printed twice. (A one-row table
    may repeat legitimately: the same belief in two markets of a reputation path.)"""
    return list(page.evaluate("""() => {
        const seen = new Set(), out = [];
        for (const t of document.querySelectorAll('table')) {
            if (t.rows.length < 3) continue;
            const key = Array.from(t.rows).map(r => Array.from(r.cells)
                .map(c => c.textContent.trim()).join('|')).join('\\n');
            if (seen.has(key)) out.push(key.slice(0, 80)); else seen.add(key);
        }
        return out;
    }"""))


def broken_images(page: Any) -> list[str]:
    """Images that did not load (``naturalWidth`` 0): an inline figure must decode."""
    return list(page.evaluate("""() => Array.from(document.images)
        .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)"""))


def test_number_tokens_read_fractions_and_decimals() -> None:
    """The token rule the test relies on: a fraction is one token, not two."""
    assert tokens("payoff -1/2, share 0.6849 and 1.429e-05") == {"-1/2", "0.6849",
                                                                  "1.429e-05"}


@pytest.mark.parametrize("width", [1280, 800])
def test_sinking_costs_tree_fits_the_page(tmp_path: Path, page: Any, width: int) -> None:
    """The widest catalog tree (sinking_costs, 20 leaves) shrinks to the column: the
    drawing's right edge stays inside the page and every label of it too."""
    result = solve(load("extended_deterrence/sinking_costs"))
    out = tmp_path / "s.html"
    out.write_text(render_html(result), encoding="utf-8")
    page.set_viewport_size({"width": width, "height": 900})
    open_file(page, out)
    box = page.evaluate("""() => {
        const svg = document.querySelector('#tree svg');
        const r = svg.getBoundingClientRect();
        let right = 0, left = 1e9;
        for (const t of svg.querySelectorAll('text')) {
            const b = t.getBoundingClientRect();
            right = Math.max(right, b.right); left = Math.min(left, b.left);
        }
        return {left: r.left, right: r.right, textLeft: left, textRight: right,
                page: document.documentElement.clientWidth};
    }""")
    assert 0 <= box["left"] and box["right"] <= box["page"]
    assert box["left"] <= box["textLeft"] and box["textRight"] <= box["right"] + 0.5
    assert overflowing(page) == []
