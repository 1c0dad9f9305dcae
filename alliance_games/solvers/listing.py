"""Listings of the method registry: ``alliance-games methods``, ``solve --help``, and
``docs/methods.md``, all written from :data:`~alliance_games.solvers.registry.REGISTRY`
(a test checks that the doc page is this module's output)."""

from __future__ import annotations

from typing import Any

from .registry import (
    COMMON_OPTIONS,
    GAME_KINDS,
    REGISTRY,
    TYPE_NAMES,
    Method,
    Option,
    describe_game,
    kinds_of,
    method_names,
    records_for,
)

__all__ = ["methods_text", "solve_help_text", "methods_markdown"]

_COMPLETE = {True: "complete", False: "one or some equilibria (incomplete)",
             None: "complete or not depending on the game (the result says)"}


def _type_text(opt: Option) -> str:
    if opt.choices:
        return "one of " + ", ".join(str(c) for c in opt.choices)
    return TYPE_NAMES.get(opt.type, str(opt.type))


def _default_text(opt: Option) -> str:
    if opt.default is None:
        return "none"
    if isinstance(opt.default, bool):
        return "true" if opt.default else "false"
    return f"{opt.default:g}" if isinstance(opt.default, float) else str(opt.default)


_NO_OP_NOTE = ("accepted so that one budget fits every model: this family is solved in "
               "closed form, with no search to stop")


def _common_text(record: Method, code: bool = False) -> str:
    """The common options ``record`` takes, as flags (``*`` marks a no-op); ``code``
    writes them as Markdown code."""
    names = []
    for opt in record.options:
        if opt in COMMON_OPTIONS:
            shown = opt.flag or opt.name
            shown = f"`{shown}`" if code else shown
            names.append(shown + (("\\*" if code else "*") if opt.name in record.no_op
                                  else ""))
    return ", ".join(names) or "none"


def _specific(record: Method) -> list[Option]:
    return [o for o in record.options if o not in COMMON_OPTIONS]


def methods_text(game: Any = None) -> str:
    """The listing of ``alliance-games methods``: every method (or those for ``game``)
    with the games it takes, its completeness and its options."""
    import textwrap

    records = list(REGISTRY) if game is None else records_for(game)
    lines: list[str] = []
    if game is None:
        lines.append("Game kinds:")
        lines += [f"  {k.name:<20}{k.description}" for k in GAME_KINDS]
    else:
        lines.append(f"Methods for this {describe_game(game)[2:]}; its kinds: "
                     f"{', '.join(kinds_of(game))}.")
    lines += ["", "Common options (each method lists those it takes):"]
    for opt in COMMON_OPTIONS:
        how = opt.flag if opt.type is bool else (
            f"{opt.flag} {opt.metavar}" if opt.flag else opt.name)
        lines += textwrap.wrap(opt.help, 88, initial_indent=f"  {how:<20}",
                               subsequent_indent=" " * 22)
    lines += textwrap.wrap(f"* {_NO_OP_NOTE}.", 88, initial_indent="  ",
                           subsequent_indent="    ")
    for record in records:
        lines += ["", f"{record.name}  [{', '.join(record.kinds)}]  "
                      f"{_COMPLETE[record.complete]}"]
        lines += textwrap.wrap(record.summary[0].upper() + record.summary[1:] + ".",
                               88, initial_indent="    ", subsequent_indent="    ")
        lines.append(f"    takes: {_common_text(record)}")
        for opt in _specific(record):
            how = f"--option {opt.name}={opt.metavar}"
            text = f"{opt.help} Default: {_default_text(opt)}."
            if len(how) > 34:
                lines.append(f"      {how}")
                how = ""
            lines += textwrap.wrap(text, 88, initial_indent=f"      {how:<36}",
                                   subsequent_indent=" " * 42)
    return "\n".join(lines) + "\n"


def solve_help_text() -> str:
    """The methods part of ``alliance-games solve --help``: one line per method name."""
    lines = ["Methods (alliance-games methods [SPEC] lists what each does and its "
             "options; give an option with --option NAME=VALUE):", "", "\b"]
    for name in method_names():
        kinds = [k for m in REGISTRY if m.name == name for k in m.kinds]
        taken = "any game" if name == "auto" else ", ".join(dict.fromkeys(kinds))
        lines.append(f"  {name:<29}{taken}")
    return "\n".join(lines)


def methods_markdown() -> str:
    """``docs/methods.md``: the registry as a reference page (a test checks the file)."""
    out = [
        "# Solution methods",
        "",
        "<!-- Generated from alliance_games/solvers/registry.py by",
        "     python -c 'from alliance_games.solvers.listing import methods_markdown; "
        "print(methods_markdown(), end=\"\")' > docs/methods.md",
        "     tests/test_registry.py checks that this file lists exactly the registry. -->",
        "",
        "Every method is one record in `alliance_games/solvers/registry.py`. "
        "`solve(game, method, **options)`, `methods_for(game)`, `alliance-games solve "
        "--help` and `alliance-games methods [SPEC]` are read from it. An option a method "
        "does not take, or a value of the wrong type, is an error naming the method and "
        "the options it takes (exit code 2 on the command line); `progress`, a callback "
        "that cannot change a result, is the one option every method accepts.",
        "",
        "On the command line the common options have their own flags (`--exact`, "
        "`--timeout`, `--memory`, `--max-support`); the others are given with "
        "`--option NAME=VALUE`, e.g. `alliance-games solve security_dilemma/stag_hunt "
        "-m lemke-howson --option label=2` or `--option refine=d1` with `-m pbe`.",
        "",
        "*Complete* means the method lists every equilibrium of its concept unless a "
        "limit stops it (the result then says `complete: false`).",
        "",
        "## Game kinds",
        "",
        "A game has one or more kinds; a name with several records runs the record of "
        "the game's first kind in this order.",
        "",
        "| kind | games |",
        "| --- | --- |",
    ]
    out += [f"| `{k.name}` | {k.description} |" for k in GAME_KINDS]
    out += ["", "## Common options", "",
            "Declared once; each method lists those it takes (`*`: "
            f"{_NO_OP_NOTE}).", "",
            "| option | command line | meaning |", "| --- | --- | --- |"]
    for opt in COMMON_OPTIONS:
        how = f"`{opt.flag}`" if opt.flag else "progress bar"
        out.append(f"| `{opt.name}` | {how} | {opt.help} |")
    out += ["", "## Methods", ""]
    for name in method_names():
        out += [f"### `{name}`", ""]
        for record in (m for m in REGISTRY if m.name == name):
            out += [f"**{record.describe_kinds()}** (`{'`, `'.join(record.kinds)}`): "
                    f"{record.summary}. *{_COMPLETE[record.complete].capitalize()}.*", "",
                    f"Takes {_common_text(record, code=True)}.", ""]
            specific = _specific(record)
            if specific:
                out += ["| option | type | default | meaning |", "| --- | --- | --- | --- |"]
                out += [f"| `--option {o.name}={o.metavar.replace('|', chr(92) + '|')}` | "
                        f"{_type_text(o)} | {_default_text(o)} | {o.help} |"
                        for o in specific]
                out.append("")
    return "\n".join(out)
