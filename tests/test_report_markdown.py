"""Markdown reports read as written: comparisons are ``<``, ``>=``, never HTML entities,
while anything that could open a raw HTML tag is still neutralised.

In CommonMark raw HTML starts with ``<`` followed by a letter, ``/``, ``!`` or ``?``;
``0 < alpha < 1`` and ``ab > kl`` cannot open a tag, so they stay as written (a ``>``
matters only at the start of a line, where it opens a block quote).
"""

from __future__ import annotations

import re

from alliance_games import catalog, load, solve
from alliance_games.report.markdown import render_markdown
from alliance_games.text_escape import md_prose


def test_md_prose_keeps_comparisons_and_neutralises_tags() -> None:
    assert md_prose("stable iff ab > kl; x <= 1/2") == "stable iff ab > kl; x <= 1/2"
    assert md_prose("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>"
    assert md_prose("<!-- c --> <?php ?> <http://x>") == "&lt;!-- c --> &lt;?php ?> &lt;http://x>"
    assert md_prose("&gt; is an entity") == "&amp;gt; is an entity"
    assert md_prose("> not a quote") == "\\> not a quote"


def test_catalog_markdown_has_no_entities_in_text() -> None:
    """Every catalog model's Markdown report: no ``&gt;``/``&lt;``/``&amp;`` (the catalog
    has no label that looks like a tag), no empty section (a heading followed by one of
    the same or a higher level, or by nothing), no "No equilibrium was found" for the
    results that have an analysis instead; the parameter meanings with comparisons
    (burden_sharing: "0 < alpha < 1") are written as in the spec."""
    seen = False
    for entry in catalog():
        result = solve(load(entry.slug), timeout=60)
        md = render_markdown(result)
        assert not re.search(r"&(gt|lt|amp);", md), entry.slug
        lines = [line for line in md.splitlines() if line.strip()]
        for k, line in enumerate(lines):
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                nxt = lines[k + 1] if k + 1 < len(lines) else None
                assert nxt is not None, (entry.slug, line)
                if nxt.startswith("#"):
                    assert len(nxt) - len(nxt.lstrip("#")) > level, (entry.slug, line)
        if not result.equilibria and result.extra:
            assert "No equilibrium was found" not in md and "## Equilibria" not in md
        if entry.slug == "alliance/burden_sharing":
            seen = "(0 < alpha < 1)" in md
    assert seen
