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

from ..errors import SpecError, SpecErrors
from .bargaining import compile_bargaining
from .context import SpecContext, apply_overrides, parse_parameters
from .extensive import compile_extensive
from .normal import compile_normal
from .public_goods import compile_public_goods
from .repeated import compile_repeated
from .security_dilemma import compile_security_dilemma
from .signaling import compile_signaling
from .source import SourceDoc, load_source
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
    "check",
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
    raise SpecError(f"no spec file or catalog model named {text!r}{hint}")


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise SpecError(f"file is too large ({size} bytes)", file=str(path))
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError("file is not UTF-8 text", file=str(path)) from None
    except OSError as exc:
        raise SpecError(f"cannot read file: {exc.strerror}", file=str(path)) from None


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed and located spec with its parameters, before compilation."""

    context: SpecContext
    kind: str


def load_spec(
    text: str, filename: str | None = None, overrides: Mapping[str, Any] | None = None
) -> LoadedSpec:
    """Parse YAML text and its parameters (applying ``overrides``)."""
    doc: SourceDoc = load_source(text, filename)
    kind = doc.data.get("kind", "normal")
    if not isinstance(kind, str) or kind not in COMPILERS:
        known = ", ".join(sorted(COMPILERS))
        raise doc.error(("kind",), f"unknown kind {kind!r}; known kinds: {known}")
    params = apply_overrides(doc, parse_parameters(doc), overrides)
    return LoadedSpec(SpecContext(doc=doc, parameters=params), kind)


def compile_spec(loaded: LoadedSpec) -> Any:
    """Run the kind's compiler; raise every collected expression error at once."""
    ctx = loaded.context
    try:
        game = COMPILERS[loaded.kind](ctx)
    except SpecError as exc:
        errors = [*ctx.errors, exc] if ctx.errors else [exc]
        raise _combine(errors) from None
    if ctx.errors:
        raise _combine(ctx.errors)
    return game


def _combine(errors: list[SpecError]) -> SpecError:
    flat: list[SpecError] = []
    for e in errors:
        flat.extend(e.errors if isinstance(e, SpecErrors) else [e])
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


def check(ref: str | os.PathLike[str]) -> tuple[Any, list[SpecError]]:
    """Load a spec once: ``(game, [])`` when it is valid, ``(None, errors)`` otherwise."""
    try:
        return load(ref), []
    except SpecErrors as exc:
        return None, list(exc.errors)
    except SpecError as exc:
        return None, [exc]


def validate(ref: str | os.PathLike[str]) -> list[SpecError]:
    """Every error found in a spec (empty when it is valid)."""
    return check(ref)[1]


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
