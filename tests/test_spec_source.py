"""Spec YAML composed from libyaml's events gives what PyYAML's pure-Python loader gives.

``modeling/source.py`` builds the node tree from libyaml's events when PyYAML has it (10
ms -> under 1 ms on a 9 KB spec) and hands anything unusual to PyYAML's own loader. The
two must agree exactly: the same data, the same line and column of every value, and the
same error (message, line, column) on malformed documents. Compared here on every YAML
file of the repository and on documents built to hit each branch (anchors, several
documents, deep nesting, control characters, tags, flow style, complex keys, comments,
non-ASCII text, tabs).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from alliance_games.errors import SpecError
from alliance_games.modeling import source

ROOT = Path(__file__).parents[1]
FILES = sorted(p for d in ("models", "tests", "examples", "docs") if (ROOT / d).is_dir()
               for p in (ROOT / d).rglob("*.y*ml"))

DOCUMENTS = [
    "name: x\nkind: normal\n",
    "a: 1\nb: [1, 2, {c: d}]\nc: {x: 1.5, y: -2, z: 1/3}\n",
    "a: &anchor {x: 1}\nb: *anchor\n",
    "a: *missing\n",
    "a: 1\n---\nb: 2\n",
    "---\na: 1\n...\n",
    "a: 1\na: 2\n",
    "a: !!set {x, y}\n",
    "a: !custom 3\n",
    "? [1, 2]\n: x\n",
    "# only a comment\n",
    "",
    "- 1\n- 2\n",
    "just text\n",
    "a: 'quoted: yes'\nb: \"esc\\n\"\nc: |\n  block\n  text\nd: >\n  folded\n",
    "name: Ελλάδα\nplayers: [Türkiye, 日本]\nx: 1\n",
    "\ufeffa: 1\n",
    "a:\n\t- 1\n",
    "a: b: c\n",
    "a: [1, 2\n",
    "a: \x07bell\n",
    "a: \x00\n",
    "<<: {x: 1}\n",
    "a: {<<: {x: 1}, y: 2}\n",
    "a: null\nb: ~\nc: true\nd: 2001-12-14\ne: 0x1F\nf: .inf\ng: 1e3\n",
    "a: [" * 250 + "]" * 250 + "\n",
    "a:\n" + "".join("  " * k + "- \n" for k in range(1, 30)),
    "a: {b: [c, {d: [e, {f: g}]}]}\n" * 1,
]


def _python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise source._Fallback

    monkeypatch.setattr(source, "_compose_with_libyaml", refuse)


def _outcome(text: str) -> object:
    try:
        doc = source.load_source(text, "spec.yaml")
    except SpecError as exc:
        return ("error", str(exc))
    return ("ok", doc.data, dict(doc.positions))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        _python_only(m)
        slow = _outcome(text)
    return fast, slow


def test_libyaml_is_there() -> None:
    """The fast path is what runs here (PyYAML's wheels bundle libyaml)."""
    assert yaml.__with_libyaml__
    assert source._compose_with_libyaml("a: [1, 2]\n") is not None


def test_the_files_are_found() -> None:
    assert len(FILES) >= 38


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_yaml_composes_alike(path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    fast, slow = _both(text, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("text", DOCUMENTS)
def test_edge_documents_compose_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both(text, monkeypatch)
    assert fast == slow


def test_positions_are_the_values_lines() -> None:
    """Hand-checked marks (1-based): a mapping value is located at its key, ``b`` at
    line 2 column 1; in ``b: [x, y]`` the items ``x`` and ``y`` are the 5th and 8th
    characters of line 2."""
    doc = source.load_source("a: 1\nb: [x, y]\n")
    assert doc.positions[("b",)] == (2, 1)
    assert doc.positions[("b", 0)] == (2, 5)
    assert doc.positions[("b", 1)] == (2, 8)
    assert doc.data == {"a": 1, "b": ["x", "y"]}


def test_unusual_documents_fall_back() -> None:
    for text in ("a: &x 1\nb: *x\n", "a: 1\n---\nb: 2\n", "a: [1\n", "a: \x07\n",
                 "a: " + "[" * (source.MAX_DEPTH + 1) + "]" * (source.MAX_DEPTH + 1)):
        with pytest.raises(source._Fallback):
            source._compose_with_libyaml(text)
