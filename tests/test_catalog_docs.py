r"""Every catalog model documents its source: `references`, `notes`, and a line in
docs/catalog.md (`- \`family/name\`: source; what it reproduces.` under `## family`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MODELS = sorted((ROOT / "models").glob("*/*.yaml"))
DOC = ROOT / "docs" / "catalog.md"


def _doc_lines() -> dict[str, tuple[str, str]]:
    """slug -> (heading family, text after the colon) for every model line of the doc."""
    family = ""
    out: dict[str, tuple[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            family = line[3:].strip()
        m = re.match(r"^- `([A-Za-z0-9_-]+/[A-Za-z0-9_-]+)`: (.+)$", line)
        if m:
            out[m.group(1)] = (family, m.group(2))
    return out


def test_catalog_is_not_empty() -> None:
    assert len(MODELS) >= 20


@pytest.mark.parametrize("path", MODELS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_model_cites_its_source_and_has_notes(path: Path) -> None:
    """A model names its literature (`references`, a non-empty list of citations with a
    year) and says in `notes` what it reproduces and leaves out."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    refs = data.get("references")
    assert isinstance(refs, list) and refs, f"{path}: no references"
    assert all(isinstance(r, str) and re.search(r"(1[6-9]|20)\d\d", r) for r in refs), (
        f"{path}: each reference needs a year")
    notes = data.get("notes")
    assert isinstance(notes, str) and len(notes.split()) >= 10, f"{path}: no notes"


@pytest.mark.parametrize("path", MODELS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_model_has_a_catalog_doc_line(path: Path) -> None:
    """docs/catalog.md has `- `family/name`: source; what it reproduces.` under the
    `## family` heading."""
    slug = f"{path.parent.name}/{path.stem}"
    lines = _doc_lines()
    assert slug in lines, f"docs/catalog.md has no line for {slug}"
    family, text = lines[slug]
    assert family == path.parent.name, f"{slug} is listed under '## {family}'"
    assert ";" in text, f"{slug}: the line needs 'source; what it reproduces.'"


def test_doc_lists_no_missing_model() -> None:
    """Every line of docs/catalog.md names a model that exists."""
    slugs = {f"{p.parent.name}/{p.stem}" for p in MODELS}
    assert set(_doc_lines()) <= slugs
