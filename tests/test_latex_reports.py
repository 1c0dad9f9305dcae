"""LaTeX and PDF reports: every catalog model compiles with pdflatex, nothing is lost.

pdflatex and pdftotext come from Debian's TeX and poppler-utils, which
``.ci/system-deps`` installs (the README's test command runs it); a missing engine fails
these tests with a message naming what to install, it never skips them.

For each catalog model (parametrized over :func:`alliance_games.catalog`, so new models
are included): the document compiles with no error, the log has no "Missing character"
(a glyph the font lacks: what T1 encoding prevents for ``<`` and ``>``) and no table or
picture wider than the text (an "Overfull \\hbox ... in alignment"), the LaTeX source has
no character replaced by ``[U+XXXX]``, and the PDF's text holds every equilibrium payoff,
written by the reports' number rule.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from alliance_games import catalog, load, solve
from alliance_games.cli import _run, cli
from alliance_games.report.latex import TEX_PACKAGES, figure_files, render_latex
from alliance_games.report.model import build_report, number_text
from alliance_games.text_escape import tex_escape

ENTRIES = catalog()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: run `bash .ci/system-deps` (as root)")
    return path


def compile_tex(tex: str, folder: Path) -> tuple[int, str]:
    """Run pdflatex once on ``tex`` in ``folder``: (exit code, log text)."""
    (folder / "r.tex").write_text(tex, encoding="utf-8")
    proc = subprocess.run([_tool("pdflatex"), "-no-shell-escape", "-interaction=nonstopmode",
                           "-halt-on-error", "r.tex"], cwd=folder, capture_output=True,
                          timeout=180, check=False, stdin=subprocess.DEVNULL)
    log = (folder / "r.log").read_text(errors="replace")
    return proc.returncode, log


def pdf_text(pdf: Path) -> str:
    out = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                         timeout=60, check=True)
    return out.stdout.decode()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.slug for e in ENTRIES])
def test_catalog_latex_compiles(entry: Any, tmp_path: Path) -> None:
    result = solve(load(entry.slug), timeout=60)
    tex = render_latex(result)
    for name, data in figure_files(build_report(result)).items():  # dynamics figures
        (tmp_path / name).write_bytes(data)
    assert r"\usepackage[T1]{fontenc}" in tex and r"\usepackage{lmodern}" in tex
    assert "[U+" not in tex, "a character of the model has no LaTeX form"
    code, log = compile_tex(tex, tmp_path)
    errors = [line for line in log.splitlines() if line.startswith("!")]
    assert code == 0 and not errors, errors[:3]
    assert "Missing character" not in log
    wide = re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in alignment", log)
    assert not [w for w in wide if float(w) > 1.0], f"tables wider than the text: {wide}"
    text = pdf_text(tmp_path / "r.pdf")
    flat = " ".join(text.split())
    for eq in result.equilibria:
        for value in eq.payoffs.values():
            assert number_text(value) in flat, number_text(value)


def test_escaping_of_every_special_character() -> None:
    """The ten LaTeX specials and < > | become commands (OT1 would print < as ¡)."""
    assert tex_escape("a<b>c|d") == r"a\textless{}b\textgreater{}c\textbar{}d"
    assert tex_escape("& % $ # _ { } ~ ^ \\") == (
        r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}")
    assert tex_escape("μ ≥ 1/2 — déjà") == r"$\mu$ $\geq$ 1/2 --- déjà"
    assert tex_escape("漢") == "[U+6F22]"


def test_hostile_labels_compile_and_print_as_written(tmp_path: Path) -> None:
    """A model whose labels hold every special character compiles, and the PDF shows
    them as written: ``<`` and ``>`` are not ``¡ ¿``."""
    from alliance_games import NormalFormGame

    game = NormalFormGame.from_arrays(
        [[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=("A & B <1>", "C_2 {x}"),
        strategies=(("50% #up", "~down^"), ("$left$", "right\\")), name="Specials <&>")
    code, log = compile_tex(render_latex(solve(game)), tmp_path)
    assert code == 0 and "Missing character" not in log
    text = pdf_text(tmp_path / "r.pdf")
    assert "A & B <1>" in text and "C_2 {x}" in text and "Specials <&>" in text
    assert "¡" not in text and "¿" not in text


def test_nato_tables_fit_and_show_the_burden_figures(tmp_path: Path) -> None:
    """NATO 1949 (eleven allies, joint products, 1964 GNP): the Nash and efficient
    (Samuelson) totals and the United States' contribution, as the report prints them
    (``number_text``: 66.9, 91.37, 54.1 at the model's defaults), are in the PDF, and so
    is the allies' table with its twelve-odd columns, split so that it fits the page.
    The figures are the solver's (the joint-products model is tested against its
    closed form in tests/test_joint_products.py); this test checks that the PDF shows
    them and that nothing runs off the page."""
    from alliance_games.report.model import number_text

    result = solve(load("cases/nato_1949"))
    code, log = compile_tex(render_latex(result), tmp_path)
    assert code == 0
    assert "in alignment" not in log and "Overfull \\hbox" not in log
    text = " ".join(pdf_text(tmp_path / "r.pdf").split())
    us = result.extra["allies"]["United States"]["contribution"]
    figures = [number_text(result.extra["nash_total"]),
               number_text(result.extra["efficient_total"]), number_text(us)]
    assert figures == ["66.9", "91.37", "54.1"]
    for figure in (*figures, "Belgium", "Luxembourg", "United States"):
        assert figure in text, figure


def test_report_pdf_from_the_command_line(tmp_path: Path, capsys: Any) -> None:
    """``report -o x.pdf`` writes a PDF with the user's normal permissions (0666 minus
    the umask, like any new file); ``-o x.tex`` writes the source the same way."""
    old = os.umask(0o022)
    try:
        for suffix in ("pdf", "tex"):
            target = tmp_path / f"chicken.{suffix}"
            code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target)])
            assert code == 0, capsys.readouterr().err
            assert target.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
    assert (tmp_path / "chicken.pdf").read_bytes().startswith(b"%PDF")
    text = pdf_text(tmp_path / "chicken.pdf")
    # chicken's mixed equilibrium: each swerves with probability 1/2 (see the catalog
    # model's notes); the pure ones are the two (Swerve, Stand firm) profiles
    assert "Chicken" in text and "Stand firm" in text


def test_missing_tex_engine_says_what_to_install(tmp_path: Path, capsys: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pdflatex on PATH, ``-o x.pdf`` is exit 2 naming the Debian packages and
    ``bash .ci/system-deps``; no file is written."""
    monkeypatch.setenv("PATH", str(tmp_path))
    target = tmp_path / "b.pdf"
    code = _run(cli, ["report", "alliance/burden_sharing", "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert "pdflatex" in err and "bash .ci/system-deps" in err
    assert all(p in err for p in TEX_PACKAGES)
    assert not target.exists()


def test_phase_diagram_is_included_when_given(tmp_path: Path) -> None:
    """A sweep's phase diagram (a PNG) is placed after the analysis and compiles."""
    from PIL import Image

    png = tmp_path / "phase.png"
    Image.new("RGB", (320, 200), "white").save(png)
    tex = render_latex(solve(load("security_dilemma/iterated_arms_race")), phase_png=str(png))
    assert r"\section*{Phase diagram}" in tex and r"\includegraphics" in tex
    assert tex.index("Phase diagram") > tex.index(r"\section*{Analysis}")
    code, log = compile_tex(tex, tmp_path)
    assert code == 0, [ln for ln in log.splitlines() if ln.startswith("!")][:3]


def test_richardson_report_includes_its_phase_portrait(tmp_path: Path, capsys: Any) -> None:
    """``report dynamics/richardson -o r.tex`` writes the phase portrait and the time
    path beside the source (r-figure-1.png, r-figure-2.png, both PNG), the source
    includes them, and it compiles. The PDF states the model's rest point: with
    k = l = 1/2, a = b = 1, g = h = 1 the rest point solves x = y/2 + 1, y = x/2 + 1,
    so x = y = 2, and the race is stable (a b = 1 > k l = 1/4)."""
    target = tmp_path / "r.tex"
    code = _run(cli, ["report", "dynamics/richardson", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    tex = target.read_text(encoding="utf-8")
    for n in (1, 2):
        figure = tmp_path / f"r-figure-{n}.png"
        assert figure.read_bytes().startswith(b"\x89PNG")
        assert rf"\includegraphics[width=0.8\linewidth]{{r-figure-{n}.png}}" in tex
    assert "Phase portrait" in tex
    code, log = compile_tex(tex, tmp_path)
    assert code == 0, [ln for ln in log.splitlines() if ln.startswith("!")][:3]
    assert "r-figure-1.png" in log  # pdflatex read the figure
    text = " ".join(pdf_text(tmp_path / "r.pdf").split())
    assert "Rest point" in text and "stable" in text


def test_richardson_pdf_holds_the_figures(tmp_path: Path, capsys: Any) -> None:
    """``-o r.pdf`` compiles with the figures inside: the PDF has two images
    (pdfimages lists them) and no figure file is left beside it."""
    target = tmp_path / "r.pdf"
    code = _run(cli, ["report", "dynamics/richardson", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    out = subprocess.run([_tool("pdfimages"), "-list", str(target)], capture_output=True,
                         timeout=60, check=True).stdout.decode()
    assert len([ln for ln in out.splitlines()[2:] if ln.strip()]) >= 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_report_phase_option_in_latex(tmp_path: Path, capsys: Any) -> None:
    """``report SPEC -o x.tex --phase k=a:b:n`` sweeps the grid and includes the phase
    diagram after the analysis, as a figure file beside the source; it compiles."""
    target = tmp_path / "chicken.tex"
    code = _run(cli, ["report", "security_dilemma/chicken", "-o", str(target),
                      "--phase", "cost_of_war=0:20:5"])
    assert code == 0, capsys.readouterr().err
    tex = target.read_text(encoding="utf-8")
    assert r"\section*{Phase diagram}" in tex
    assert (tmp_path / "chicken-figure-1.png").read_bytes().startswith(b"\x89PNG")
    code, log = compile_tex(tex, tmp_path)
    assert code == 0, [ln for ln in log.splitlines() if ln.startswith("!")][:3]
