"""The ``alliance-games`` command line: parse options, call the library, print.

No game logic lives here. Every :class:`~alliance_games.errors.AllianceGamesError`
becomes a one-line message on standard error and exit code 2; any other exception is a
bug, reported in one line with exit code 1 (set ``ALLIANCE_GAMES_DEBUG=1`` for the
traceback).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import click

from . import __version__
from .errors import AllianceGamesError, OutputError, SpecError, SpecErrors

__all__ = ["main", "cli"]

FORMATS = ("text", "json", "markdown")
# what an ``-o`` suffix says about the format (solve) and the target (convert)
_SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}
_SUFFIX_TARGETS = {".nfg": "nfg", ".efg": "efg", ".yaml": "yaml", ".yml": "yaml"}


def _format_for(output: str | None, given: str | None, table: Mapping[str, str],
                option: str) -> str | None:
    """The format named by ``option``, else the one the ``-o`` suffix implies, else None.

    An explicit option that contradicts the suffix is an error rather than a silent
    choice: ``-o out.json --format text`` is almost always a slip.
    """
    suffix = os.path.splitext(output)[1].lower() if output and output != "-" else ""
    inferred = table.get(suffix)
    if given and inferred and given != inferred:
        raise click.UsageError(
            f"{option} {given} conflicts with -o {output} (a {suffix} file is {inferred}): "
            f"drop {option} or change the suffix")
    return given or inferred


def _parse_sets(values: tuple[str, ...]) -> dict[str, str]:
    """``--set name=value`` options -> {name: value}; a name set twice is an error
    (keeping the last value silently would hide a typo in a script)."""
    from .errors import quote

    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name or not value.strip():
            raise click.BadParameter(f"expected name=value, found {quote(item)}",
                                     param_hint="--set")
        if name in out:
            raise click.BadParameter(
                f"{quote(name)} is set twice ({quote(out[name], 30)} and "
                f"{quote(value.strip(), 30)}); give each parameter once",
                param_hint="--set")
        out[name] = value.strip()
    return out


class _Bar:
    """A tqdm progress bar on a terminal; nothing when piped or with --quiet."""

    def __init__(self, quiet: bool, desc: str) -> None:
        self.bar: Any = None
        self.quiet = quiet or not sys.stderr.isatty()
        self.desc = desc

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=self.desc, file=sys.stderr, leave=False)
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _emit(text: str | bytes | Iterator[str | bytes], output: str | None, force: bool) -> None:
    """Write ``text`` (or its pieces, for a large sweep's CSV) to ``output`` or stdout."""
    if output is None or output == "-":
        if isinstance(text, (str, bytes)):
            click.echo(text if isinstance(text, str) else text.decode(), nl=False)
        else:
            for piece in text:
                click.echo(piece if isinstance(piece, str) else piece.decode(), nl=False)
        return
    from .report.files import write_atomic

    write_atomic(output, text, overwrite=force)
    click.echo(f"wrote {output}", err=True)


def _check_output(output: str | None, force: bool) -> None:
    """Fail on a bad ``-o`` before a long computation, not after it."""
    if output is not None and output != "-":
        from .report.files import check_output_path

        check_output_path(output, overwrite=force)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
# the running package's own version (pyproject.toml's): reading the installed metadata
# instead would cost importlib.metadata, a tenth of the start-up
@click.version_option(__version__, package_name="alliance_games")
def cli() -> None:
    """Deterrence and alliance games: solve YAML specs, verify equilibria, explain them."""


def _methods_epilog() -> str:
    from .solvers.listing import solve_help_text

    return solve_help_text()


class _MethodsEpilogCommand(click.Command):
    """A command whose help ends with the list of methods, built when the help is shown
    (it reads the whole method registry: ``--version`` and other verbs need not)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog is None:
            self.epilog = _methods_epilog()
        super().format_epilog(ctx, formatter)


@cli.command(cls=_MethodsEpilogCommand)
@click.argument("spec")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter (repeatable).")
@click.option("--method", "-m", default="auto", show_default=True,
              help="A solution method (listed below).")
@click.option("--option", "method_options", multiple=True, metavar="NAME=VALUE",
              help="An option of the method, e.g. label=2 for lemke-howson or refine=d1 "
                   "for pbe (repeatable; 'alliance-games methods' lists them).")
@click.option("--exact", is_flag=True, help="Certify every equilibrium in rational arithmetic.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS),
              help="Default: from the -o suffix (.json, .md/.markdown, .txt), else text.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Stop exponential enumerations after this many seconds (result marked "
                   "incomplete).")
@click.option("--max-support", type=click.IntRange(min=1),
              help="Largest support size tried by support enumeration.")
@click.option("--memory", metavar="SIZE",
              help="Memory budget of exponential solvers, e.g. 2G or 512M (default: a "
                   "quarter of this machine's memory, at most 8G, or $ALLIANCE_GAMES_MEMORY).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def solve(spec: str, sets: tuple[str, ...], method: str, method_options: tuple[str, ...],
          exact: bool, fmt: str | None, output: str | None, force: bool,
          timeout: float | None, max_support: int | None, memory: str | None,
          quiet: bool) -> None:
    """Compute the equilibria of SPEC (YAML file, catalog name, .nfg or .efg)."""
    from . import load
    from . import solve as solve_game
    from .budget import parse_memory
    from .solvers.registry import parse_option_texts

    fmt = _format_for(output, fmt, _SUFFIX_FORMATS, "--format") or "text"
    _check_output(output, force)
    budget_bytes = None if memory is None else parse_memory(memory)
    game = load(spec, _parse_sets(sets))
    extra = parse_option_texts(method, game, method_options)
    bar = _Bar(quiet, "solving")
    try:
        result = solve_game(game, method, exact=exact, timeout=timeout,
                            max_support=max_support, memory=budget_bytes, progress=bar,
                            **extra)
    finally:
        bar.close()
    _emit(_render(result, fmt, exact), output, force)


@cli.command()
@click.argument("spec", required=False)
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Override a parameter of SPEC (repeatable).")
def methods(spec: str | None, sets: tuple[str, ...]) -> None:
    """List the solution methods (those for SPEC's game when given), with the games
    they take, whether their list is complete, and their options."""
    from .solvers.listing import methods_text

    if spec is None:
        if sets:
            raise click.UsageError("--set needs a SPEC")
        click.echo(methods_text(), nl=False)
        return
    from . import load

    click.echo(methods_text(load(spec, _parse_sets(sets))), nl=False)


def _render(result: Any, fmt: str, exact: bool) -> str:
    if fmt == "json":
        from .report.json import render_json

        return render_json(result, exact=exact)
    if fmt == "markdown":
        from .report.markdown import render_markdown

        return render_markdown(result)
    from .report.text import render_text

    return render_text(result)


@cli.command()
@click.argument("spec")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="report.md, report.html, report.tex or report.pdf (needs pdflatex)")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE")
@click.option("--method", "-m", default="auto", show_default=True)
@click.option("--exact", is_flag=True)
@click.option("--phase", "phases", multiple=True, metavar="NAME=START:STOP:N",
              help="Add a phase diagram: sweep this parameter (repeat for a second axis; "
                   "the sweep --grid syntax).")
@click.option("--force", is_flag=True, help="Overwrite the report if it exists.")
def report(spec: str, output: str, sets: tuple[str, ...], method: str, exact: bool,
           phases: tuple[str, ...], force: bool) -> None:
    """Write an equilibrium report of SPEC (Markdown, HTML, LaTeX or PDF by file suffix)."""
    from . import load
    from . import solve as solve_game
    from .report.documents import document_files, render_document

    overrides = _parse_sets(sets)
    phase = None
    if phases:
        from .analysis.sweep import parse_grid
        from .analysis.sweep import sweep as run_sweep
        from .report.model import phase_section

        axes = [parse_grid(g) for g in phases]
        if len(axes) > 2:
            raise click.UsageError("--phase takes one or two parameters (the diagram's axes)")
        _check_output(output, force)
        swept = run_sweep(spec, axes, overrides=overrides, method=method)
        try:
            from .report.phase import phase_diagram_png

            png: bytes | None = phase_diagram_png(swept, overrides=overrides)
        except AllianceGamesError as exc:
            if "matplotlib" not in str(exc):
                raise
            png = None
        phase = phase_section(png, "Phase diagram over " + " and ".join(
            f"{a.name} ({len(a.values)} points)" for a in axes) + ": the regime at each "
            "point of the grid (the sweep of this spec).")
    result = solve_game(load(spec, overrides), method, exact=exact)
    for path, data in document_files(result, output, phase).items():
        _emit(data, path, force)
    _emit(render_document(result, output, phase), output, force)


@cli.command()
@click.argument("spec")
@click.option("--grid", "grids", multiple=True, required=True, metavar="NAME=START:STOP:N",
              help="A swept parameter (repeatable; the grid is their product).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE")
@click.option("--method", "-m", default="auto", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="CSV file (default: stdout); a name ending in .parquet writes the same "
                   "rows as a typed Parquet file (needs the parquet extra).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Phase diagram PNG.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--scheduler", help="Dask scheduler address (needs the dask extra).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Per-point limit for exponential solvers.")
@click.option("--memory", metavar="SIZE",
              help="Per-point memory budget of exponential solvers, e.g. 2G or 512M.")
@click.option("--force", is_flag=True, help="Overwrite output files.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def sweep(spec: str, grids: tuple[str, ...], sets: tuple[str, ...], method: str,
          output: str | None, plot: str | None, workers: int, scheduler: str | None,
          timeout: float | None, memory: str | None, force: bool, quiet: bool) -> None:
    """Solve SPEC on a grid of parameter values; CSV of regimes and a phase diagram."""
    from .analysis.sweep import parse_grid
    from .analysis.sweep import sweep as run_sweep
    from .budget import MEMORY_ENV, parse_memory

    if memory is not None:
        # every point's solve (and every local worker process) reads the budget from here
        os.environ[MEMORY_ENV] = str(parse_memory(memory))

    axes = [parse_grid(g) for g in grids]
    for path in (output, plot):
        _check_output(path, force)
    parquet = output is not None and output.lower().endswith(".parquet")
    if parquet:  # fail before the sweep, not after it
        from .analysis.sweep_parquet import require_polars

        require_polars()
    bar = _Bar(quiet, "sweep")
    try:
        result = run_sweep(spec, axes, overrides=_parse_sets(sets), method=method,
                           workers=workers, scheduler=scheduler, timeout=timeout,
                           progress=bar)
    finally:
        bar.close()
    if plot:
        from .report.phase import phase_diagram_png

        _emit(phase_diagram_png(result, overrides=_parse_sets(sets)), plot, force)
    if parquet:
        _emit(result.parquet_bytes(), output, force)
        return
    _emit(result.csv_pieces(), output, force)


@cli.command()
@click.argument("spec")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="The explorer, one self-contained HTML file.")
@click.option("--grid", "grids", multiple=True, metavar="NAME=START:STOP:N",
              help="A slider's grid (repeatable). Default: every parameter with a declared "
                   "range, around its default value.")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Hold a parameter at a value.")
@click.option("--method", "-m", default="auto", show_default=True)
@click.option("--max-points", type=click.IntRange(min=1), default=400, show_default=True,
              help="Budget of grid points: a larger --grid is refused, the default grid "
                   "coarsened.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Per-point limit for exponential solvers.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def explore(spec: str, output: str, grids: tuple[str, ...], sets: tuple[str, ...],
            method: str, max_points: int, workers: int, timeout: float | None, force: bool,
            quiet: bool) -> None:
    """Write an offline explorer of SPEC: sliders over a solved grid (one HTML file)."""
    from .report.explorer import build_explorer

    _check_output(output, force)
    bar = _Bar(quiet, "explore")
    try:
        page = build_explorer(spec, grids, _parse_sets(sets), method=method,
                              max_points=max_points, workers=workers, timeout=timeout,
                              progress=bar,
                              notice=lambda line: click.echo(f"note: {line}", err=True))
    finally:
        bar.close()
    _emit(page, output, force)


_MAX_SHOWN = 100  # errors printed by validate: a broken file must not flood the terminal


@cli.command()
@click.argument("spec")
def validate(spec: str) -> None:
    """Check SPEC and print every error found (exit 2 if any)."""
    from . import load
    from .errors import scrub

    try:
        game = load(spec)
    except SpecError as exc:
        errors = list(exc.errors) if isinstance(exc, SpecErrors) else [exc]
        for err in errors[:_MAX_SHOWN]:
            click.echo(f"error: {err}", err=True)
        if len(errors) > _MAX_SHOWN:
            click.echo(f"... and {len(errors) - _MAX_SHOWN} more error(s)", err=True)
        click.echo(f"{len(errors)} error(s) in {scrub(spec, 200)}", err=True)
        sys.exit(2)
    click.echo(f"ok: {spec} is valid ({type(game).__name__}, players: "
               f"{', '.join(game.players)})")


@cli.command()
@click.argument("spec")
@click.option("--to", "target", type=click.Choice(["nfg", "efg", "yaml"]),
              help="Default: from the -o suffix (.nfg, .efg, .yaml/.yml).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE")
@click.option("--output", "-o", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def convert(spec: str, target: str | None, sets: tuple[str, ...], output: str | None,
            force: bool) -> None:
    """Convert SPEC to a Gambit file (nfg, efg) or a YAML spec."""
    from . import load
    from .interop.convert import convert_game

    target = _format_for(output, target, _SUFFIX_TARGETS, "--to")
    if target is None:
        raise click.UsageError(
            "Missing option '--to' (nfg, efg or yaml); it can be left out when -o ends "
            "in .nfg, .efg, .yaml or .yml")

    _emit(convert_game(load(spec, _parse_sets(sets)), target), output, force)


@cli.command()
def models() -> None:
    """List the catalog of models (and those of $ALLIANCE_GAMES_MODELS)."""
    from .modeling.loader import catalog, catalog_root, user_models_dir

    entries = catalog()
    if not entries:  # a broken install must not look like a catalog with nothing in it
        user = user_models_dir()
        where = str(catalog_root()) + (f" nor in {user}" if user else "")
        raise SpecError(f"the catalog is empty: no family/name.yaml model in {where}; "
                        "reinstall alliance_games")
    width = max(len(e.slug) for e in entries)
    family = None
    for e in entries:
        fam = e.slug.split("/")[0]
        if fam != family:
            click.echo(f"{fam}/")
            family = fam
        mark = {"catalog": "", "user": "  [$ALLIANCE_GAMES_MODELS]"}[e.origin]
        if e.shadows:
            mark = "  [$ALLIANCE_GAMES_MODELS, replaces the built-in model]"
        click.echo(f"  {e.slug.ljust(width)}  {e.name}{mark}")


@cli.command()
@click.argument("spec")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE")
def explain(spec: str, sets: tuple[str, ...]) -> None:
    """Symbolic conditions (parameter regions) under which each equilibrium exists."""
    from . import load
    from .analysis.explain import explain as explain_game

    click.echo(explain_game(load(spec, _parse_sets(sets))), nl=False)


class _Stopped(BaseException):
    """SIGINT or SIGTERM arrived. A BaseException of our own, not KeyboardInterrupt:
    click would turn KeyboardInterrupt into Abort (printing a blank line first), and
    ``except Exception`` in library code must not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: Any) -> None:
    raise _Stopped(signum)


@contextmanager
def _signals_stop() -> Iterator[None]:
    """SIGINT/SIGTERM raise :class:`_Stopped` while the command runs.

    The exception unwinds through ``finally`` blocks, so a sweep stops its worker
    processes and a half-written temporary file is removed before we exit. Only the
    main thread may set handlers; elsewhere (a test runner thread) nothing changes.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, _on_signal)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def _run(entry: click.Command, args: list[str] | None) -> int:
    try:
        with _signals_stop():
            entry.main(args=args, standalone_mode=False, prog_name="alliance-games")
    except _Stopped as exc:
        # 128 + signal number: the shell convention (130 for Ctrl-C, 143 for SIGTERM)
        name = "interrupted (SIGINT)" if exc.signum == signal.SIGINT else "terminated (SIGTERM)"
        click.echo(f"{name}: stopped", err=True)
        return 128 + exc.signum
    except SpecErrors as exc:
        for err in exc.errors:
            click.echo(f"error: {err}", err=True)
        return 2
    except (SpecError, OutputError, AllianceGamesError) as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # handlers not installed
            click.echo("interrupted (SIGINT): stopped", err=True)
            return 130
        click.echo("aborted", err=True)
        return 1
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "alliance-games"
        click.echo(f"error: {exc.format_message()} (see '{command} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # a bug: one line, exit 1
        if os.environ.get("ALLIANCE_GAMES_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} "
                   "(set ALLIANCE_GAMES_DEBUG=1 for the traceback, and please report it)",
                   err=True)
        return 1
    return 0


def main(args: list[str] | None = None) -> None:
    """Console-script entry point."""
    sys.exit(_run(cli, args))


if __name__ == "__main__":  # pragma: no cover
    main()
