"""Whole report documents (``alliance-games report``): Markdown, HTML, LaTeX, PDF.

Every format renders the one report model (:func:`.model.build_report`), so their
sections cannot disagree; the format follows the output file's suffix. HTML:
:mod:`.html`; LaTeX and PDF: :mod:`.latex`; Markdown: :mod:`.markdown`.
"""

from __future__ import annotations

from pathlib import Path

from ..equilibrium import SolveResult
from ..errors import OutputError
from .html import html_body, page, render_html
from .latex import figure_files, render_latex, render_pdf, report_latex
from .markdown import render_markdown, report_markdown
from .model import Section, build_report

__all__ = ["render_document", "render_html", "render_latex", "render_pdf", "html_body",
           "render_markdown", "document_files"]


def _suffix(output: str) -> str:
    suffix = Path(output).suffix.lower()
    if suffix not in (".md", ".markdown", ".html", ".htm", ".tex", ".pdf"):
        raise OutputError(f"cannot tell the report format from {output!r}: "
                          "use .md, .html, .tex or .pdf")
    return suffix


def _prefix(output: str) -> str:
    # a name \includegraphics reads whatever the report is called ("my report.tex")
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_"
                   for ch in Path(output).stem)
    return (stem or "report") + "-figure-"


def render_document(result: SolveResult, output: str,
                    phase: Section | None = None) -> str | bytes:
    """The report for ``output``'s suffix: .md, .html, .tex (text) or .pdf (bytes);
    ``phase``: a phase-diagram section (:func:`.model.phase_section`) to include. A
    ``.tex`` report includes its PNG figures from files named after ``output``
    (:func:`document_files` gives them)."""
    suffix = _suffix(output)
    report = build_report(result, phase)
    if suffix in (".md", ".markdown"):
        return report_markdown(report)
    if suffix in (".html", ".htm"):
        return page(report)
    if suffix == ".tex":
        return report_latex(report, figure_prefix=_prefix(output))
    return render_pdf(result, report=report)


def document_files(result: SolveResult, output: str,
                   phase: Section | None = None) -> dict[str, bytes]:
    """The files a ``.tex`` report includes (its figures as PNG), by path beside
    ``output``; empty for the other formats (HTML inlines its images, a PDF holds them,
    Markdown says where to see them)."""
    if _suffix(output) != ".tex":
        return {}
    folder = Path(output).parent
    return {str(folder / name): data for name, data in
            figure_files(build_report(result, phase), _prefix(output)).items()}
