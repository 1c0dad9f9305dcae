"""Escaping of user text (names, labels, descriptions) for each output format.

Labels come from spec files that may have been written by someone else: a label such as
``<img src=x onerror=...>`` or ``*bold*`` must show as written, not become markup in a
rendered Markdown or HTML report, and no control character (a YAML ``"\\e[2J"``) may
reach a terminal. HTML is escaped by Jinja2's autoescaping and ``html.escape``; this module
holds the Markdown, plain-text and LaTeX (:func:`tex_escape`) rules.

It sits in the bottom layer (beside ``numbers`` and ``errors``) because the types draw
themselves: a game's Markdown payoff table escapes its labels with :func:`md_cell`
without reaching up into ``report/`` (:mod:`alliance_games.report.escape` re-exports
these functions for the documents).
"""

from __future__ import annotations

import re

__all__ = ["md_cell", "md_prose", "terminal_safe", "tex_escape"]

# the punctuation that can open markup inside a line or a table cell (CommonMark
# "Backslash escapes"); characters that only matter at the start of a line (# + - >)
# are left alone, since cells and headings never start a line with user text
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def _no_html(text: str) -> str:
    # < and > as entities: no raw HTML tag survives; & only where it would start an
    # entity reference (a plain "Zagare & Kilgour" stays readable in the .md file)
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: object) -> str:
    """A name or label for a Markdown table cell or heading: Markdown punctuation that
    opens markup backslash-escaped, HTML neutralised, on one line."""
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _no_html(one_line))


# what can open raw HTML in CommonMark: "<" before a tag name, "/", "!" (comment,
# declaration) or "?" (processing instruction); an autolink "<http://...>" too
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_QUOTE_START = re.compile(r"^(\s*)>", re.MULTILINE)


def md_prose(text: object) -> str:
    """Free text (a description, a prediction): raw HTML neutralised, Markdown emphasis
    left to the author.

    Only what could start markup is escaped, so comparisons stay readable in the
    ``.md`` file: a ``<`` that could open a tag becomes ``&lt;``, a ``&`` that would
    start an entity ``&amp;``, a ``>`` at the start of a line (a block quote) ``\\>``;
    ``a >= b``, ``x < 1/2`` and ``ab > kl`` are left as written.

    >>> md_prose("ab > kl, x <= 1/2, <img src=x> &gt;")
    'ab > kl, x <= 1/2, &lt;img src=x> &amp;gt;'
    """
    out = _ENTITY.sub("&amp;", str(text))
    out = _TAG_OPEN.sub("&lt;", out)
    return _QUOTE_START.sub(lambda m: m.group(1) + "\\>", out)


def terminal_safe(text: str) -> str:
    """Text with every non-printable character except newline written as an escape
    (``\\x1b``), so that a report printed to a terminal cannot drive it."""
    if all(ch.isprintable() or ch == "\n" for ch in text):
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else repr(ch)[1:-1] for ch in text)


# LaTeX: the ten special characters, < > | (wrong glyphs in OT1, kept as text commands),
# and the characters beyond Latin-1 that appear in labels and prose (pdflatex's utf8
# input with T1 fonts has no glyph for them); anything else outside Latin-1 is written
# as its Unicode name so that no character is silently lost
_TEX = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
        "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        "\\": r"\textbackslash{}", "<": r"\textless{}", ">": r"\textgreater{}",
        "|": r"\textbar{}", "\u2212": "$-$", "\u2264": r"$\leq$", "\u2265": r"$\geq$",
        "\u2260": r"$\neq$", "\u2248": r"$\approx$", "\u00d7": r"$\times$",
        "\u00b7": r"$\cdot$", "\u2192": r"$\rightarrow$", "\u2190": r"$\leftarrow$",
        "\u2194": r"$\leftrightarrow$", "\u21d2": r"$\Rightarrow$", "\u221e": r"$\infty$",
        "\u2208": r"$\in$", "\u221a": r"$\surd$", "\u00b1": r"$\pm$", "\u2026": r"\dots{}",
        "\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
        "\u201d": "''", "\u00a0": "~", "\u2032": "$'$", "\u2217": "$*$", "\u2211": r"$\sum$",
        "\u220f": r"$\prod$", "\u2202": r"$\partial$", "\u2229": r"$\cap$",
        "\u222a": r"$\cup$", "\u2286": r"$\subseteq$", "\u2205": r"$\emptyset$",
        "\u2200": r"$\forall$", "\u2203": r"$\exists$", "\u00ac": r"$\neg$",
        "\u2227": r"$\wedge$", "\u2228": r"$\vee$", "\u2026\u200b": r"\dots{}",
        "\u200b": "", "\u2022": r"\textbullet{}", "\u20ac": "EUR", "\u2030": r"\textperthousand{}"}
_GREEK = {"\u03b1": "alpha", "\u03b2": "beta", "\u03b3": "gamma", "\u03b4": "delta",
          "\u03b5": "epsilon", "\u03b6": "zeta", "\u03b7": "eta", "\u03b8": "theta",
          "\u03ba": "kappa", "\u03bb": "lambda", "\u03bc": "mu", "\u03bd": "nu",
          "\u03be": "xi", "\u03c0": "pi", "\u03c1": "rho", "\u03c3": "sigma", "\u03c4": "tau",
          "\u03c6": "phi", "\u03c7": "chi", "\u03c8": "psi", "\u03c9": "omega",
          "\u0393": "Gamma", "\u0394": "Delta", "\u0398": "Theta", "\u039b": "Lambda",
          "\u03a0": "Pi", "\u03a3": "Sigma", "\u03a6": "Phi", "\u03a8": "Psi", "\u03a9": "Omega"}
_TEX.update({ch: f"$\\{name}$" for ch, name in _GREEK.items()})


def tex_escape(text: object) -> str:
    """Text for a LaTeX document typeset by pdflatex with ``fontenc`` T1 and utf8 input:
    the special characters as commands (``<`` is ``\\textless{}``, never the ``¡`` of
    OT1), Greek letters and common symbols in math mode, Latin-1 letters as they are,
    any other character as ``[U+XXXX]`` (visible, never dropped); control characters
    and line breaks become spaces."""
    out = []
    for ch in str(text):
        if ch in _TEX:
            out.append(_TEX[ch])
        elif ch in "\n\t\r" or not ch.isprintable():
            out.append(" ")
        elif ord(ch) < 0x100:
            out.append(ch)
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)
