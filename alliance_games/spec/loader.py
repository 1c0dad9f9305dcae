"""Find a spec, read it, and compile it into a game.

``SPEC`` may be a path to a YAML file, a catalog name (``security_dilemma/stag_hunt`` is
``models/security_dilemma/stag_hunt.yaml``), or a Gambit ``.nfg`` / ``.efg`` file. The
spec's ``kind`` picks the compiler in :data:`COMPILERS`; adding a model family is one
module with a ``compile_<kind>(ctx)`` function plus one line there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import SpecError, SpecErrors, quote
from .bargaining import compile_bargaining
from .context import SpecContext, apply_overrides, parse_parameters
from .extensive import compile_extensive
from .normal import compile_normal
from .public_goods import compile_public_goods
from .repeated import compile_repeated
from .security_dilemma import compile_security_dilemma
from .signaling import compile_signaling
from .source import SourceDoc, decode_source, load_source
from .volunteers_dilemma import compile_volunteers_dilemma

__all__ = [
    "COMPILERS",
    "load",
    "load_spec",
    "resolve",
    "catalog",
    "CatalogEntry",
    "models_dir",
    "validate",
]

COMPILERS: dict[str, Callable[[SpecContext], Any]] = {
    "normal": compile_normal,
    "security_dilemma": compile_security_dilemma,
    "public_goods": compile_public_goods,
    "volunteers_dilemma": compile_volunteers_dilemma,
    "bargaining": compile_bargaining,
    "repeated": compile_repeated,
    "signaling": compile_signaling,
    "extensive": compile_extensive,
}

_MAX_BYTES = 5_000_000


def models_dir() -> Path:
    """The catalog folder: ``$ALLIANCE_GAMES_MODELS`` or ``models/`` beside the package."""
    env = os.environ.get("ALLIANCE_GAMES_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"


def resolve(ref: str | os.PathLike[str]) -> Path:
    """The file a ``SPEC`` argument names (a path or a catalog slug)."""
    path = Path(ref)
    if path.is_file():
        return path
    text = str(ref)
    if path.suffix == "" and not path.is_absolute():
        candidate = models_dir() / f"{text}.yaml"
        if candidate.is_file():
            return candidate
    if path.exists():
        raise SpecError(f"{text} is a directory, not a spec file")
    slugs = [e.slug for e in catalog()]
    import difflib

    close = difflib.get_close_matches(text, slugs, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else (
        "; run 'alliance-games models' to list the catalog"
    )
    raise SpecError(f"no spec file or catalog model named {quote(text)}{hint}")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise SpecError(f"file is too large ({size} bytes)", file=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    # universal newlines, as read_text would give
    return decode_source(data, str(path)).replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed and located spec with its parameters, before compilation."""

    context: SpecContext
    kind: str


def load_spec(
    text: str, filename: str | None = None, overrides: Mapping[str, Any] | None = None
) -> LoadedSpec:
    """Parse YAML text and its parameters (applying ``overrides``).

    Errors in the parameters are kept in the context (``compile_spec`` raises them with
    the compiler's own), so that one run reports them all.
    """
    doc: SourceDoc = load_source(text, filename)
    _check_looks_like_a_spec(doc)
    kind = doc.data.get("kind", "normal")
    if not isinstance(kind, str) or kind not in COMPILERS:
        known = ", ".join(sorted(COMPILERS))
        raise doc.error(("kind",), f"unknown kind {quote(kind)}; known kinds: {known}")
    errors: list[SpecError] = []
    params = apply_overrides(doc, parse_parameters(doc, errors), overrides)
    context = SpecContext(doc=doc, parameters=params, errors=errors)
    for key in ("name", "description", "notes"):
        # human text: a list or a mapping here would be printed as Python syntax
        context.attempt(lambda key=key: context.text((key,), f"the spec's {key}"), "")
    return LoadedSpec(context, kind)


def _spec_keys() -> set[str]:
    from . import (
        bargaining,
        extensive,
        normal,
        public_goods,
        repeated,
        security_dilemma,
        signaling,
        volunteers_dilemma,
    )

    return (normal.NORMAL_KEYS | extensive.EXTENSIVE_KEYS | signaling.KEYS
            | security_dilemma.KEYS | public_goods.KEYS | bargaining.KEYS | repeated.KEYS
            | volunteers_dilemma.KEYS)


def _check_looks_like_a_spec(doc: SourceDoc) -> None:
    """A mapping none of whose keys is a spec key is some other file (``/etc/shadow``
    reads as a YAML mapping of its lines): one error, not one per line of the file."""
    keys = list(doc.data)
    if keys and not set(keys) & _spec_keys():
        more = f" and {len(keys) - 1} other(s)" if len(keys) > 1 else ""
        raise SpecError(
            f"this is not an alliance_games spec: none of its top-level keys "
            f"({quote(keys[0], 30)}{more}) is a spec key such as name, kind, players",
            file=doc.filename, line=doc.where((keys[0],))[0] or 1,
        )


def compile_spec(loaded: LoadedSpec) -> Any:
    """Run the kind's compiler; raise every collected error at once."""
    ctx = loaded.context
    try:
        game = COMPILERS[loaded.kind](ctx)
    except SpecError as exc:
        errors = [*ctx.errors, exc] if ctx.errors else [exc]
        raise _combine(errors) from None
    except Exception:
        # a compiler step that went on past a recorded error (with a fallback value)
        # may fail on that value; the recorded errors are the real report
        if ctx.errors:
            raise _combine(ctx.errors) from None
        raise
    if ctx.errors:
        raise _combine(ctx.errors)
    return game


def _combine(errors: list[SpecError]) -> SpecError:
    flat: list[SpecError] = []
    seen: set[tuple[Any, ...]] = set()
    for e in errors:
        for one in e.errors if isinstance(e, SpecErrors) else [e]:
            key = (one.file, one.line, one.column, one.path, one.message)
            if key not in seen:
                seen.add(key)
                flat.append(one)
    flat.sort(key=lambda e: (e.line or 0, e.column or 0))
    return flat[0] if len(flat) == 1 else SpecErrors(flat)


def load(ref: str | os.PathLike[str], overrides: Mapping[str, Any] | None = None) -> Any:
    """Load a spec (path, catalog name, ``.nfg`` or ``.efg``) and compile it into a game.

    Parameters
    ----------
    ref
        ``"security_dilemma/stag_hunt"``, ``"my_game.yaml"``, ``"game.nfg"`` ...
    overrides
        Parameter values replacing the spec's defaults (``--set name=value``).

    Examples
    --------
    >>> game = load("security_dilemma/stag_hunt")
    >>> game.info["classification"]["name"]
    'stag hunt'
    """
    path = resolve(ref)
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".nfg":
        if overrides:
            raise SpecError("--set does not apply to Gambit files (they have no parameters)",
                            file=str(path))
        from ..interop.nfg import read_nfg

        return read_nfg(text, filename=str(path))
    if suffix == ".efg":
        if overrides:
            raise SpecError("--set does not apply to Gambit files (they have no parameters)",
                            file=str(path))
        from ..interop.efg import read_efg

        return read_efg(text, filename=str(path))
    return compile_spec(load_spec(text, str(path), overrides))


def validate(ref: str | os.PathLike[str]) -> list[SpecError]:
    """Every error found in a spec (empty when it is valid), in file order, each once.

    Compilers go on after an error wherever the rest of the spec can still be checked
    (every expression, every parameter, unknown keys, and independent sections such as
    players, payoffs and outcomes), so that one run lists them all.
    """
    try:
        load(ref)
    except SpecErrors as exc:
        return list(exc.errors)
    except SpecError as exc:
        return [exc]
    return []


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog model: its slug, title, kind, family and first description line."""

    slug: str
    name: str
    kind: str
    summary: str
    path: Path


def catalog() -> list[CatalogEntry]:
    """Every model in the catalog, sorted by slug."""
    root = models_dir()
    entries = []
    if not root.is_dir():
        return entries
    for path in sorted(root.rglob("*.yaml")):
        slug = path.relative_to(root).with_suffix("").as_posix()
        try:
            doc = load_source(_read_text(path), str(path))
            data = doc.data
            name = str(data.get("name", slug))
            kind = str(data.get("kind", "normal"))
            summary = str(data.get("description", "") or "").strip().split("\n")[0]
        except SpecError as exc:
            name, kind, summary = slug, "?", f"(invalid: {exc.message})"
        entries.append(CatalogEntry(slug, name, kind, summary, path))
    return entries
