"""Whole report documents (``alliance-games report``): Markdown, HTML, LaTeX, PDF.

Every format renders the one report model (:func:`.model.build_report`), so their
sections cannot disagree; the format follows the output file's suffix. HTML:
:mod:`.html`; LaTeX and PDF: :mod:`.latex`; Markdown: :mod:`.markdown`.
"""

from __future__ import annotations

from pathlib import Path

from ..equilibrium import SolveResult
from ..errors import OutputError
from .html import html_body, render_html
from .latex import render_latex, render_pdf
from .markdown import render_markdown

__all__ = ["render_document", "render_html", "render_latex", "render_pdf", "html_body",
           "render_markdown"]


def render_document(result: SolveResult, output: str) -> str | bytes:
    """The report for ``output``'s suffix: .md, .html, .tex (text) or .pdf (bytes)."""
    suffix = Path(output).suffix.lower()
    if suffix in (".md", ".markdown"):
        return render_markdown(result)
    if suffix in (".html", ".htm"):
        return render_html(result)
    if suffix == ".tex":
        return render_latex(result)
    if suffix == ".pdf":
        return render_pdf(result)
    raise OutputError(f"cannot tell the report format from {output!r}: "
                      "use .md, .html, .tex or .pdf")
