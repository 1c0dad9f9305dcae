"""Find a spec, read it, and compile it into a game.

``SPEC`` may be a path to a YAML file, a catalog name (``security_dilemma/stag_hunt`` is
``models/security_dilemma/stag_hunt.yaml``, shipped in the wheel as
``alliance_games/catalog/``), or a Gambit ``.nfg`` / ``.efg`` file. The
spec's ``kind`` picks the compiler in :data:`COMPILERS`; adding a model family is one
module with a ``compile_<kind>(ctx)`` function plus one line there.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SpecError, SpecErrors, quote
from ..games.protocol import Game
from .context import SpecContext, apply_overrides, parse_parameters
from .source import SourceDoc, decode_source, load_source

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "COMPILERS",
    "load",
    "load_spec",
    "resolve",
    "catalog",
    "CatalogEntry",
    "catalog_root",
    "user_models_dir",
    "is_catalog_name",
    "validate",
    "check",
]

class _Compilers(MutableMapping[str, Callable[[SpecContext], Game]]):
    """``kind`` -> compiler, each imported on first use.

    A value is a compiler or a ``".module:function"`` string (relative to this package)
    that is imported the first time that kind is compiled, so that loading one spec
    imports one family's compiler (and what it needs), not all of them. Reading a value
    always gives the function; keys, ``in`` and iteration import nothing.
    """

    def __init__(self, entries: Mapping[str, str | Callable[[SpecContext], Game]]) -> None:
        self._entries: dict[str, str | Callable[[SpecContext], Game]] = dict(entries)

    def __getitem__(self, kind: str) -> Callable[[SpecContext], Game]:
        value = self._entries[kind]
        if isinstance(value, str):
            module, _, name = value.partition(":")
            value = getattr(importlib.import_module(module, __package__), name)
            self._entries[kind] = value
        return value

    def __setitem__(self, kind: str, compiler: Callable[[SpecContext], Game]) -> None:
        self._entries[kind] = compiler

    def __delitem__(self, kind: str) -> None:
        del self._entries[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"COMPILERS({sorted(self._entries)})"


COMPILERS: MutableMapping[str, Callable[[SpecContext], Game]] = _Compilers({
    "normal": ".normal:compile_normal",
    "security_dilemma": ".security_dilemma:compile_security_dilemma",
    "public_goods": ".public_goods:compile_public_goods",
    "volunteers_dilemma": ".volunteers_dilemma:compile_volunteers_dilemma",
    "bargaining": ".bargaining:compile_bargaining",
    "repeated": ".repeated:compile_repeated",
    "signaling": ".signaling:compile_signaling",
    "crisis_bargaining": ".crisis:compile_crisis_bargaining",
    "extensive": ".extensive:compile_extensive",
    "reputation": ".reputation:compile_reputation",
    "chain_store": ".reputation:compile_reputation",
    "trust": ".trust:compile_trust",
    "coalitional": ".coalitional:compile_coalitional",
    "dynamics": ".dynamics:compile_dynamics",
    "joint_products": ".joint_products:compile_joint_products",
    "autonomy_security": ".autonomy_security:compile_autonomy_security",
    "chain_ganging": ".chain_ganging:compile_chain_ganging",
    "alliance_dilemma": ".alliance_dilemma:compile_alliance_dilemma",
    "screening": ".signaling_screening:compile_screening",
})

_MAX_BYTES = 5_000_000


USER_MODELS_ENV = "ALLIANCE_GAMES_MODELS"

# A catalog name is exactly ``family/name``, each part a plain identifier-like word. Only
# a string of this shape is ever looked up in the catalog, and it is never joined to a
# folder as a path: it is compared with the names found by listing the catalog. So
# ``..``, absolute paths, backslashes or a drive letter cannot reach outside it.
_SLUG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,99}/[A-Za-z0-9_][A-Za-z0-9_-]{0,99}")


def is_catalog_name(text: str) -> bool:
    """Whether ``text`` has the shape of a catalog name (``family/name``, safe characters)."""
    return _SLUG.fullmatch(text) is not None


def catalog_root() -> Traversable:
    """The built-in catalog folder.

    In an installed package (wheel, sdist) it is the data package
    ``alliance_games/catalog``, read through :mod:`importlib.resources` so that it is
    found wherever the package is installed. In a source checkout (``pip install -e .``,
    ``PYTHONPATH``, ``python cli.py``) it is the checkout's ``models/`` folder, the
    catalog's source of truth, which the wheel build copies into ``alliance_games/catalog``.
    """
    package = Path(__file__).resolve().parents[1]
    if (package / "catalog").is_dir():
        # installed as plain files (every wheel install): the folder itself, which is
        # what importlib.resources would give; importing that module costs 15-20 ms of
        # every command's start-up (pathlib, tempfile, zipfile ...)
        return package / "catalog"
    checkout = package.parent
    # only our own checkout (never a stray site-packages/models of another distribution)
    if (checkout / "pyproject.toml").is_file() and (checkout / "models").is_dir():
        return checkout / "models"
    from importlib import resources  # a package loaded from a zip file, say

    return resources.files("alliance_games").joinpath("catalog")


def user_models_dir() -> Path | None:
    """The user's folder of extra models, ``$ALLIANCE_GAMES_MODELS`` (None when unset).

    It has the catalog's layout (``family/name.yaml``); its models are listed by
    ``alliance-games models`` and loaded by name like the built-in ones.
    """
    value = os.environ.get(USER_MODELS_ENV, "")
    if not value:
        return None
    path = Path(value)
    if not path.is_dir():
        raise SpecError(f"${USER_MODELS_ENV} is {value[:200]!r}, which is not a folder")
    return path


def _catalog_files() -> dict[str, tuple[Traversable, str, bool]]:
    """Slug -> (file, origin, shadows) for the built-in catalog and the user's folder.

    On a name clash the user's model wins (``origin`` "user" and the built-in one is
    hidden), as a file in ``$ALLIANCE_GAMES_MODELS`` is there on purpose; ``alliance-games
    models`` flags it. Files that are not ``family/name.yaml`` with a valid name are ignored.
    """
    roots: list[tuple[Traversable, str]] = [(catalog_root(), "catalog")]
    user = user_models_dir()
    if user is not None:
        roots.append((user, "user"))
    found: dict[str, tuple[Traversable, str, bool]] = {}
    for root, origin in roots:
        if not root.is_dir():
            continue
        for family in root.iterdir():
            if not family.is_dir():
                continue
            for item in family.iterdir():
                stem, dot, ext = item.name.rpartition(".")
                slug = f"{family.name}/{stem}"
                if dot and ext == "yaml" and is_catalog_name(slug) and item.is_file():
                    found[slug] = (item, origin, slug in found)
    return found


def resolve(ref: str | os.PathLike[str]) -> Path:
    """The file a ``SPEC`` argument names: an existing file, else a catalog name.

    A catalog name (see :func:`is_catalog_name`) is looked up among the listed catalog
    files and never used as a path, so it cannot reach a file outside the catalog.
    """
    path = Path(ref)
    text = os.fspath(ref)
    try:
        if path.is_file():
            return path
        exists = path.exists()
    except OSError:  # e.g. a name too long for the file system: not a file
        exists = False
    files = _catalog_files()
    if is_catalog_name(text) and text in files:
        item = files[text][0]
        if not isinstance(item, Path):  # a zipped install: importlib gives no real file
            raise SpecError(f"catalog model {text} is inside an archive ({item}); "
                            "install alliance_games unpacked (as pip does)")
        return item
    if exists:
        raise SpecError(f"{text[:200]} is a directory, not a spec file")
    import difflib

    close = difflib.get_close_matches(text, sorted(files), n=3, cutoff=0.5)
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
        # (mypy cannot infer a lambda whose default argument binds the loop variable)
        context.attempt(lambda key=key: context.text((key,), f"the spec's {key}"),  # type: ignore[misc]
                        "")
    return LoadedSpec(context, kind)


_COMMON_KEYS = {"name", "description", "references", "kind", "parameters"}


def _spec_keys() -> set[str]:
    from . import (
        bargaining,
        extensive,
        normal,
        public_goods,
        repeated,
        security_dilemma,
        signaling,
        trust,
        volunteers_dilemma,
    )

    return (normal.NORMAL_KEYS | extensive.EXTENSIVE_KEYS | signaling.KEYS
            | security_dilemma.KEYS | public_goods.KEYS | bargaining.KEYS | repeated.KEYS
            | volunteers_dilemma.KEYS | trust.KEYS)


def _check_looks_like_a_spec(doc: SourceDoc) -> None:
    """A mapping none of whose keys is a spec key is some other file (``/etc/shadow``
    reads as a YAML mapping of its lines): one error, not one per line of the file."""
    keys = list(doc.data)
    # every family's keys include these: checking them first spares importing every
    # compiler module (and what they import) to read their key sets
    if keys and not set(keys) & _COMMON_KEYS and not set(keys) & _spec_keys():
        more = f" and {len(keys) - 1} other(s)" if len(keys) > 1 else ""
        raise SpecError(
            f"this is not an alliance_games spec: none of its top-level keys "
            f"({quote(keys[0], 30)}{more}) is a spec key such as name, kind, players",
            file=doc.filename, line=doc.where((keys[0],))[0] or 1,
        )


def compile_spec(loaded: LoadedSpec) -> Game:
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


def load(ref: str | os.PathLike[str], overrides: Mapping[str, Any] | None = None) -> Game:
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
    """Every error found in a spec (empty when it is valid), in file order, each once.

    Compilers go on after an error wherever the rest of the spec can still be checked
    (every expression, every parameter, unknown keys, and independent sections such as
    players, payoffs and outcomes), so that one run lists them all.
    """
    return check(ref)[1]


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog model: its slug, title, kind, first description line and file.

    ``origin`` is "catalog" for a built-in model and "user" for one from
    ``$ALLIANCE_GAMES_MODELS``; ``shadows`` is true when that user model hides a built-in
    model of the same name.
    """

    slug: str
    name: str
    kind: str
    summary: str
    path: Traversable
    origin: str = "catalog"
    shadows: bool = False


def _read_resource(item: Traversable) -> str:
    """The text of a catalog file, read through its Traversable (bounded like a spec)."""
    try:
        with item.open("rb") as fh:
            data = fh.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read file: {exc.strerror}", file=str(item)) from None
    if len(data) > _MAX_BYTES:
        raise SpecError(f"file is too large (over {_MAX_BYTES} bytes)", file=str(item))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError("file is not UTF-8 text", file=str(item)) from None


def catalog() -> list[CatalogEntry]:
    """Every model of the catalog and of ``$ALLIANCE_GAMES_MODELS``, sorted by slug.

    On a name clash the user's model wins (see :func:`resolve`). An invalid file is
    listed with ``kind`` "?" and the error as its summary rather than hidden.
    """
    files = _catalog_files()
    entries = []
    for slug in sorted(files):
        item, origin, shadows = files[slug]
        try:
            doc = load_source(_read_resource(item), str(item))
            data = doc.data
            name = str(data.get("name", slug))
            kind = str(data.get("kind", "normal"))
            summary = str(data.get("description", "") or "").strip().split("\n")[0]
        except SpecError as exc:
            name, kind, summary = slug, "?", f"(invalid: {exc.message})"
        entries.append(CatalogEntry(slug, name, kind, summary, item, origin, shadows))
    return entries
