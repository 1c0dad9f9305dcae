"""The report as LaTeX (and PDF through pdflatex), rendered from the report model.

The document uses T1 font encoding with Latin Modern (so ``<`` and ``>`` are themselves,
not the ``¡ ¿`` of OT1), booktabs rules and ``longtable`` for every table: a table that
fits keeps its natural column widths, a wider one gets paragraph columns sized to the
text width in proportion to their content (wrapping inside cells) and a smaller font,
and any table may break across pages. The game tree is the TikZ drawing of the same
layout as the HTML's SVG, scaled to the line width. A phase diagram (a PNG from
``sweep --plot``) can be included with ``phase_png``.

Only packages of a small TeX installation are used (Debian: ``texlive-latex-base``,
``texlive-latex-recommended``, ``texlive-pictures``, ``texlive-fonts-recommended``,
``lmodern``; what ``bash .ci/system-deps`` installs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..equilibrium import SolveResult
from ..errors import OutputError
from ..games.tree_layout import text_width
from ..text_escape import tex_escape
from .escape import terminal_safe
from .model import Block, Figure, Prose, Report, Section, Table, build_report

__all__ = ["render_latex", "report_latex", "render_pdf", "compile_pdf", "TEX_PACKAGES",
           "figure_files",
           "tex_escape"]

#: the Debian packages that give pdflatex and every package the reports use
TEX_PACKAGES = ("texlive-latex-base", "texlive-latex-recommended", "texlive-pictures",
                "texlive-fonts-recommended", "lmodern")

_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage[margin=2.5cm]{geometry}
\usepackage{array}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{tabularx}
\usepackage{graphicx}
\usepackage{xcolor}
\usepackage{tikz}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\setlength{\LTpre}{0.3em}
\setlength{\LTpost}{0.8em}
\sloppy
"""

#: the text width in points (A4, 2.5 cm margins) and the space between two columns
_LINEWIDTH = 455.0
_COLSEP = 12.0
_SAFETY = 8.0
#: the table font for a number of columns, and its size in points (11 pt document)
_SIZES = ((5, "", 10.95), (8, r"\small", 10.0), (10**6, r"\footnotesize", 9.0))


def _size(n: int) -> tuple[str, float]:
    return next((cmd, pt) for limit, cmd, pt in _SIZES if n <= limit)


def _width(text: str, pt: float, bold: bool = False) -> float:
    """An upper estimate of the typeset width (Latin Modern is narrower than the
    DejaVu Sans advance widths that :func:`text_width` uses; bold is wider)."""
    return text_width(text, pt) * (1.08 if bold else 0.92)


def _words(text: str) -> list[str]:
    return text.split() or [""]


def _measure(table: Table, pt: float) -> tuple[list[float], list[float]]:
    """Per column: the natural width (no wrapping) and the least width (its longest
    word), in points, without the column gap."""
    natural, least = [], []
    for j, head in enumerate(table.header):
        texts = [r[j].text for r in table.rows if j < len(r)]
        bold = [r[j].mark for r in table.rows if j < len(r)]
        natural.append(max([_width(t, pt, b) for t, b in zip(texts, bold, strict=True)]
                           + [_width(head, pt)]))
        least.append(min(max(_width(w, pt, True) for t in [head, *texts] for w in _words(t)),
                         0.45 * _LINEWIDTH))
    return natural, least


def _spec(table: Table) -> tuple[str, str]:
    """The longtable column spec and the font size command."""
    n = len(table.header)
    size, pt = _size(n)
    natural, least = _measure(table, pt)
    numeric = [bool(table.rows) and all(r[j].numeric for r in table.rows if j < len(r))
               for j in range(n)]
    free = _LINEWIDTH - n * _COLSEP - _SAFETY
    if sum(natural) <= free:
        return "".join("r" if numeric[j] else "l" for j in range(n)), size
    # paragraph columns: each at least its longest word, the rest shared by content
    least = [w + 1.5 for w in least]
    base = sum(least)
    extra = max(0.0, free - base)
    want = [max(0.0, min(nat, 0.6 * _LINEWIDTH) - lst) for nat, lst in
            zip(natural, least, strict=True)]
    total_want = sum(want) or 1.0
    parts = []
    for j in range(n):
        width = least[j] + extra * want[j] / total_want
        align = r"\raggedleft" if numeric[j] else r"\raggedright"
        parts.append(rf">{{{align}\arraybackslash}}p{{{width:.1f}pt}}")
    return "".join(parts), size


def _cell_tex(text: str, mark: bool) -> str:
    words = []
    for word in text.split(" "):
        out = tex_escape(word)
        if len(word) > 18:  # a path or an identifier: allow breaks after / _ -
            out = re.sub(r"(/|\\_|-)", r"\1\\allowbreak{}", out)
        words.append(out)
    joined = " ".join(words)
    return rf"\textbf{{{joined}}}" if mark else joined


def _split(table: Table) -> list[Table]:
    """Column groups that each fit the line width (the first column repeated), for
    tables whose columns cannot all fit even with every cell wrapped at spaces."""
    n = len(table.header)
    least = {pt: _measure(table, pt)[1] for _, _, pt in _SIZES}

    def fits(cols: list[int]) -> bool:
        _, pt = _size(len(cols))
        return sum(least[pt][j] + _COLSEP for j in cols) <= _LINEWIDTH - _SAFETY

    if n <= 2 or fits(list(range(n))):
        return [table]
    groups: list[list[int]] = []
    current: list[int] = []
    for j in range(1, n):
        if current and not fits([0, *current, j]):
            groups.append(current)
            current = []
        current.append(j)
    groups.append(current)
    parts = []
    for g, cols in enumerate(groups):
        keep = [0, *cols]
        caption = table.caption if g == 0 else f"{table.caption} (continued)".strip()
        parts.append(Table(tuple(table.header[j] for j in keep),
                           tuple(tuple(r[j] for j in keep if j < len(r)) for r in table.rows),
                           caption, table.kind))
    return parts


def _table(table: Table) -> list[str]:
    out: list[str] = []
    for part in _split(table):
        out += _one_table(part)
    return out


def _one_table(table: Table) -> list[str]:
    spec, size = _spec(table)
    out = []
    if table.caption:
        out.append(rf"\par\noindent\textbf{{{tex_escape(table.caption)}}}\nopagebreak")
    out.append("{" + size)
    out.append(rf"\begin{{longtable}}{{{spec}}}")
    out.append(r"\toprule")
    header = " & ".join(tex_escape(h) for h in table.header) + r" \\"
    if table.kind != "keyvalue":
        out += [header, r"\midrule", r"\endhead"]
    for row in table.rows:
        cells = [_cell_tex(c.text, c.mark) for c in row]
        cells += [""] * (len(table.header) - len(cells))
        out.append(" & ".join(cells) + r" \\")
    out += [r"\bottomrule", r"\end{longtable}", "}"]
    return out


def _block(block: Block, out: list[str], names: Mapping[int, str]) -> None:
    if isinstance(block, Table):
        out += _table(block)
    elif isinstance(block, Prose):
        size = r"\small " if block.note else ""
        if block.bullets:
            out.append(r"\begin{itemize}")
            out += [rf"\item {size}{tex_escape(line)}" for line in block.lines]
            out.append(r"\end{itemize}")
        else:
            out += [size + tex_escape(line) + "\n" for line in block.lines]
    elif isinstance(block, Figure):
        if block.png is not None and id(block) in names:
            out += [r"\begin{center}",
                    rf"\includegraphics[width=0.8\linewidth]{{{names[id(block)]}}}",
                    r"\end{center}"]
        elif block.tikz:
            out += [r"\begin{center}", block.tikz, r"\end{center}"]
        out.append(r"{\small " + tex_escape(block.caption) + "}\n")
    else:
        _section(block, out, names)


_LEVELS = {2: "section*", 3: "subsection*", 4: "subsubsection*"}


def _section(section: Section, out: list[str], names: Mapping[int, str]) -> None:
    command = _LEVELS.get(section.level, "paragraph*")
    out.append(rf"\{command}{{{tex_escape(section.heading)}}}")
    for block in section.blocks:
        _block(block, out, names)


def _png_figures(blocks: Iterable[Block]) -> Iterator[Figure]:
    for block in blocks:
        if isinstance(block, Figure) and block.png is not None:
            yield block
        elif isinstance(block, Section):
            yield from _png_figures(block.blocks)


def figure_files(report: Report, prefix: str = "figure-") -> dict[str, bytes]:
    """The PNG files a LaTeX report includes (phase portraits, time paths, the phase
    diagram), by the file names :func:`report_latex` gives them with the same
    ``prefix``: write them beside the ``.tex`` file (:func:`compile_pdf` takes them)."""
    return {f"{prefix}{n}.png": fig.png or b""
            for n, fig in enumerate(_png_figures(report.sections), 1)}


def _names(report: Report, prefix: str) -> dict[int, str]:
    return {id(fig): f"{prefix}{n}.png"
            for n, fig in enumerate(_png_figures(report.sections), 1)}


def report_latex(report: Report, phase_png: str | None = None,
                 figure_prefix: str = "figure-") -> str:
    """A LaTeX document of a report model; ``phase_png`` (a file path) adds the phase
    diagram as a figure after the analysis. The report's PNG figures are included as
    ``<figure_prefix><n>.png`` (:func:`figure_files` gives their bytes)."""
    names = _names(report, figure_prefix)
    out = [_PREAMBLE, r"\begin{document}",
           rf"\begin{{center}}{{\LARGE\bfseries {tex_escape(report.title)}}}\end{{center}}"]
    out += [tex_escape(p) + "\n" for p in report.lead]
    for section in report.sections:
        _section(section, out, names)
        if phase_png and section.key == "analysis":
            out += _phase(phase_png)
    if phase_png and not any(s.key == "analysis" for s in report.sections):
        out += _phase(phase_png)
    out.append(r"\end{document}")
    return terminal_safe("\n".join(out) + "\n")


def _phase(png: str) -> list[str]:
    path = Path(png).resolve().as_posix()
    return [r"\section*{Phase diagram}", r"\begin{center}",
            rf"\includegraphics[width=\linewidth]{{{tex_escape(path)}}}", r"\end{center}"]


def render_latex(result: SolveResult, phase_png: str | None = None) -> str:
    """The LaTeX report of a solve result (article class; see the module docstring)."""
    return report_latex(build_report(result), phase_png)


def _install_hint() -> str:
    return ("writing a PDF needs pdflatex, which is not installed. On Debian or Ubuntu: "
            f"apt-get install --no-install-recommends {' '.join(TEX_PACKAGES)} "
            "(in a checkout of alliance_games: bash .ci/system-deps); or write the LaTeX "
            "with -o report.tex and compile it elsewhere")


def compile_pdf(tex: str, *, engine: str | None = None, timeout: float = 120.0,
                files: Mapping[str, bytes] | None = None) -> bytes:
    """Compile a LaTeX document with pdflatex in a temporary folder; the PDF's bytes.

    Runs twice (``longtable`` settles its column widths on the second run), with
    ``-no-shell-escape``, ``-interaction=nonstopmode -halt-on-error`` and a time limit.
    Raises :class:`~alliance_games.errors.OutputError` naming what to install when no
    TeX engine is found, and quoting LaTeX's first error when compilation fails.
    """
    exe = engine or shutil.which("pdflatex")
    if exe is None:
        raise OutputError(_install_hint())
    with tempfile.TemporaryDirectory(prefix="alliance-games-tex-") as tmp:
        source = Path(tmp) / "report.tex"
        source.write_text(tex, encoding="utf-8")
        for name, data in (files or {}).items():  # figures the document includes
            (Path(tmp) / Path(name).name).write_bytes(data)
        env = {**os.environ, "openout_any": "p", "openin_any": "a"}
        for _ in range(2):
            try:
                proc = subprocess.run(
                    [exe, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                     "report.tex"], cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                    capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise OutputError(f"pdflatex did not finish within {timeout:g} s") from None
            except OSError as exc:
                raise OutputError(f"cannot run {exe}: {exc.strerror or exc}") from None
            log = (Path(tmp) / "report.log")
            if proc.returncode != 0:
                text = log.read_text(errors="replace") if log.exists() else proc.stdout.decode(
                    errors="replace")
                errors = [ln for ln in text.splitlines() if ln.startswith("!")][:3]
                raise OutputError("pdflatex failed: " + ("; ".join(errors) or
                                                         f"exit code {proc.returncode}"))
            if log.exists() and not re.search(r"Rerun to get|Table widths have changed",
                                              log.read_text(errors="replace")):
                break
        return (Path(tmp) / "report.pdf").read_bytes()


def render_pdf(result: SolveResult, phase_png: str | None = None,
               report: Report | None = None) -> bytes:
    """The PDF report of a solve result (needs pdflatex: see :func:`compile_pdf`);
    ``report``: its report model when already built (with a phase diagram)."""
    if shutil.which("pdflatex") is None:
        raise OutputError(_install_hint())
    model = report if report is not None else build_report(result)
    return compile_pdf(report_latex(model, phase_png), files=figure_files(model))
