"""The documentation site: it builds with warnings as errors, and its examples run.

- ``mkdocs build --strict`` succeeds into a temporary folder; the model gallery has one
  page per catalog model (generated from the catalog, so a new model needs no edit),
  the CLI reference lists every command, the API reference is generated.
- Every ```` ```python ```` block of every page runs, the blocks of one page in order in
  one namespace (the tutorials included); pages whose blocks are excerpts of the
  library's own source (``EXCERPT_PAGES``) are checked to name functions and constants
  that exist.
- Every ```` ```yaml ```` block parses; one that is a whole spec validates with no
  error; one that is a fragment uses only spec keys.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from alliance_games import catalog, validate

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
#: pages whose python blocks quote library source with elisions (``...``)
EXCERPT_PAGES = {"architecture.md"}


def _blocks(page: Path, lang: str) -> list[str]:
    return re.findall(rf"^[ \t]*```{lang}\n(.*?)^[ \t]*```", page.read_text(encoding="utf-8"),
                      re.S | re.M)


def _dedent(block: str) -> str:
    import textwrap

    return textwrap.dedent(block)


def test_site_builds_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                          str(ROOT / "mkdocs.yml"), "-d", str(site)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=1200)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "WARNING" not in run.stderr, run.stderr[-4000:]
    entries = catalog()
    assert len(entries) >= 20
    for e in entries:
        page = site / "gallery" / e.slug / "index.html"
        assert page.exists(), e.slug
        text = page.read_text(encoding="utf-8")
        assert html.escape(e.name, quote=False) in text, e.slug
        assert 'id="equilibria"' in text and "What the equilibria predict" in text, e.slug
    # a model with a declared range has its phase diagram
    assert (site / "gallery" / "security_dilemma" / "chicken_phase.png").exists()
    index = (site / "gallery" / "index.html").read_text(encoding="utf-8")
    assert all(f"{e.slug}/" in index for e in entries)
    from alliance_games.cli import cli

    cli_page = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"alliance-games {name}" in cli_page, name
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "alliance_games.report.widget.explore" in api
    for tutorial in ("tutorials/deterrence_slider", "tutorials/free_riding", "howto/sweep"):
        assert (site / tutorial / "index.html").exists()


@pytest.mark.parametrize("page", [p for p in PAGES if p.name not in EXCERPT_PAGES
                                  and _blocks(p, "python")],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_python_examples_run(page: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for k, block in enumerate(_blocks(page, "python")):
        code = compile(_dedent(block), f"{page.relative_to(ROOT)}[{k}]", "exec")
        exec(code, namespace)  # noqa: S102 - our own documentation


def _library_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8")
                     for p in (ROOT / "alliance_games").rglob("*.py"))


@pytest.mark.parametrize("name", sorted(EXCERPT_PAGES))
def test_source_excerpts_name_real_code(name: str) -> None:
    """An excerpt of the library (with ``...`` elisions) cannot run alone; every
    function it calls or defines and every constant it names must exist in the
    library, so a rename breaks this test rather than the page silently."""
    source = _library_source()
    blocks = _blocks(DOCS / name, "python")
    assert blocks
    for block in blocks:
        names = set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_]{3,})\s*\(", block))
        names |= set(re.findall(r"\b([A-Z][A-Z0-9_]{3,})\b", block))
        names -= {"dict", "Callable", "str", "Any", "list", "tuple", "float", "int"}
        for ident in names:
            assert re.search(rf"\b{ident}\b", source), f"{name}: {ident} not in the library"


def _spec_keys() -> set[str]:
    from alliance_games.modeling.loader import _spec_keys

    return _spec_keys()


@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p, "yaml")],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_yaml_examples_validate(page: Path, tmp_path: Path) -> None:
    keys = _spec_keys() | {"parameters"}
    for k, block in enumerate(_blocks(page, "yaml")):
        # "..." on a line of its own marks an elision in a fragment
        text = "\n".join(line for line in _dedent(block).splitlines()
                         if line.strip() != "...")
        data = yaml.safe_load(text)
        assert isinstance(data, dict), f"{page.name}[{k}]"
        # a block naming its kind (or its players) is a whole spec of that family
        whole = "kind" in data or "players" in data
        if whole:
            spec = tmp_path / f"example_{k}.yaml"
            spec.write_text(text, encoding="utf-8")
            errors = validate(spec)
            assert errors == [], f"{page.name}[{k}]: {errors[0]}"
        else:
            unknown = set(data) - keys
            assert not unknown, f"{page.name}[{k}]: keys {unknown} are not spec keys"


def test_gallery_page_of_one_model() -> None:
    """The generator alone (no MkDocs): chicken's page has its citation, its three
    equilibria (two pure asymmetric, one mixed) and its phase diagram."""
    sys.path.insert(0, str(DOCS))
    try:
        import gen_gallery
    finally:
        sys.path.remove(str(DOCS))
    files = gen_gallery.model_page("security_dilemma/chicken")
    page = files["gallery/security_dilemma/chicken.md"]
    assert isinstance(page, str)
    assert "Snyder, G. H. & Diesing, P. (1977)" in html.unescape(page)
    assert "3 equilibria" in page
    png = files["gallery/security_dilemma/chicken_phase.png"]
    assert isinstance(png, bytes) and png[:4] == b"\x89PNG"
