"""YAML text -> plain Python data that remembers where every key came from.

PyYAML's *composer* gives a node tree whose nodes carry start marks (line, column). We
build plain Python values from that tree ourselves (rather than with
``yaml.safe_load``) so that every value can be located again by its path, duplicate
mapping keys can be rejected (``safe_load`` silently keeps the last one), and only plain
scalar types come out: no YAML tags, no anchors that expand into huge documents.

Paths are tuples of keys and indices, e.g. ``("players", 1, "strategies")``; they are
printed as ``players[1].strategies``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import SpecError, quote

__all__ = ["SourceDoc", "load_source", "decode_source", "format_path", "Path", "MAX_DEPTH"]

Path = tuple[str | int, ...]

_MAX_NODES = 200_000  # refuse "billion laughs" documents built from aliases
MAX_DEPTH = 200
"""Deepest nesting of YAML lists and mappings accepted. Deeper documents are refused
with their line before PyYAML's recursive composer can overflow the Python stack; a
deep game tree is written with named nodes (``nodes:``), which keeps the YAML flat."""

_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_KEY_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null",
                                                 "timestamp")}


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of the character at ``index``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _tag(tag: str) -> str:
    """``tag:yaml.org,2002:set`` -> ``!!set`` (as the user wrote it)."""
    return quote(tag.replace("tag:yaml.org,2002:", "!!"))


def decode_source(data: bytes, filename: str | None = None) -> str:
    """UTF-8 bytes -> text; invalid UTF-8 is a SpecError naming its line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); a spec is UTF-8 text",
            file=filename, line=line, column=column,
        ) from None


class _DepthLoader(yaml.SafeLoader):
    """PyYAML's safe composer, refusing nesting deeper than :data:`MAX_DEPTH`.

    PyYAML composes recursively (a few Python frames per level), so a document of
    thousands of nested brackets would end in a RecursionError with no line.
    """

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise SpecError(
                    f"YAML nesting is deeper than {MAX_DEPTH} levels; write deep trees "
                    "with named nodes under 'nodes'",
                    file=getattr(self, "_filename", None),
                    line=mark.line + 1, column=mark.column + 1,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Fallback(Exception):
    """The fast composer met something it leaves to PyYAML's (an error, an anchor ...)."""


_RESOLVER = yaml.resolver.Resolver()


def _compose_with_libyaml(text: str) -> yaml.Node | None:
    """The node tree :class:`_DepthLoader` composes, from libyaml's events.

    PyYAML's own scanner and parser are pure Python: on a 9 KB spec they take 10 ms,
    libyaml's (the C library PyYAML wraps as ``CSafeLoader``) 0.6 ms. Only the events
    come from libyaml; the nodes are built here as PyYAML's composer builds them
    (the same tags, resolved by the same resolver, the same start marks), iteratively, so
    depth is bounded without recursion. Anything this composer does not handle itself
    (a parse error, an anchor or alias, a second document, nesting past
    :data:`MAX_DEPTH`, a character PyYAML's reader refuses) raises :class:`_Fallback`,
    and the caller composes with PyYAML's pure-Python loader, whose answers and error
    messages are the reference (``tests/test_spec_source.py`` compares the two on every
    spec in the repository).
    """
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        raise _Fallback
    try:
        events = yaml.parse(text, Loader=yaml.CSafeLoader)
        root: yaml.Node | None = None
        stack: list[yaml.Node] = []
        keys: list[yaml.Node | None] = []   # per open mapping: a key awaiting its value
        documents = 0
        event: Any
        for event in events:
            kind = type(event)
            node: yaml.Node
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _Fallback
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                       style=event.style)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                if event.anchor is not None or len(stack) >= MAX_DEPTH:
                    raise _Fallback
                tag = event.tag
                node_class = (yaml.SequenceNode if kind is yaml.SequenceStartEvent
                              else yaml.MappingNode)
                if tag is None or tag == "!":
                    tag = _RESOLVER.resolve(node_class, None, event.implicit)
                node = node_class(tag, [], event.start_mark, None,
                                  flow_style=event.flow_style)
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                node = stack.pop()
                keys.pop()
                node.end_mark = event.end_mark
                if stack:
                    _attach(stack, keys, node)
                else:
                    root = node
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Fallback
                continue
            elif kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            else:  # an alias
                raise _Fallback
            if isinstance(node, yaml.ScalarNode):
                if stack:
                    _attach(stack, keys, node)
                else:
                    root = node
            else:
                stack.append(node)
                keys.append(None)
        return root
    except yaml.YAMLError:
        raise _Fallback from None


def _attach(stack: list[yaml.Node], keys: list[yaml.Node | None], node: yaml.Node) -> None:
    """Put a finished node into the innermost open list or mapping."""
    parent = stack[-1]
    if isinstance(parent, yaml.SequenceNode):
        parent.value.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        parent.value.append((keys[-1], node))
        keys[-1] = None


def _compose(text: str, filename: str | None) -> yaml.Node | None:
    """The document's node tree: libyaml's events where available, else (or when they
    hold anything unusual) PyYAML's pure-Python loader."""
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return _compose_with_libyaml(text)
        except _Fallback:
            pass
    loader = _DepthLoader(text)
    loader._filename = filename  # type: ignore[attr-defined]
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def format_path(path: Sequence[str | int]) -> str:
    """``("players", 1, "strategies")`` -> ``players[1].strategies``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class SourceDoc:
    """A parsed spec document: its data and where each value sits in the file."""

    data: Any
    filename: str | None
    positions: Mapping[Path, tuple[int, int]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def where(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of the value at ``path`` or its closest ancestor."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (None, None)
            path = path[:-1]

    def error(self, path: Sequence[str | int], message: str) -> SpecError:
        """A :class:`SpecError` located at ``path``."""
        line, column = self.where(path)
        return SpecError(
            message,
            file=self.filename,
            line=line,
            column=column,
            path=format_path(path) or None,
        )

    def get(self, path: Sequence[str | int], default: Any = None) -> Any:
        """The value at ``path`` (``default`` when any step is missing)."""
        node = self.data
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and -len(node) <= part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return default
        return node


def load_source(text: str, filename: str | None = None) -> SourceDoc:
    """Parse YAML text into a :class:`SourceDoc`.

    Raises
    ------
    SpecError
        Malformed YAML (with the parser's line and column), a duplicate key, an
        unsupported tag, or a document that is not a mapping.
    """
    try:
        root = _compose(text, filename)
    except yaml.reader.ReaderError as exc:
        # raised before parsing, for characters YAML refuses (control characters, NUL);
        # the position is an index into the text
        line, column = _line_col(text, exc.position)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise SpecError(
            f"control character {quote(char)} (U+{ord(char[:1] or ' '):04X}) is not allowed "
            "in a spec; only tab and newline are",
            file=filename, line=line, column=column,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        raise SpecError(
            f"malformed YAML: {problem}; check indentation, colons and quotes",
            file=filename,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError:
        raise SpecError("malformed YAML", file=filename) from None
    except RecursionError:
        raise SpecError(f"YAML nesting is deeper than {MAX_DEPTH} levels", file=filename,
                        line=1) from None
    if root is None:
        raise SpecError("the spec is empty; expected a mapping with 'name', 'kind', ...",
                        file=filename, line=1)
    positions: dict[Path, tuple[int, int]] = {}
    builder = _Builder(filename, positions)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise SpecError(f"YAML nesting is deeper than {MAX_DEPTH} levels", file=filename,
                        line=1) from None
    if not isinstance(data, dict):
        raise SpecError(
            "the spec must be a YAML mapping (keys like 'name:', 'kind:', 'players:')",
            file=filename,
            line=root.start_mark.line + 1,
        )
    return SourceDoc(data=data, filename=filename, positions=MappingProxyType(positions))


class _Builder:
    def __init__(self, filename: str | None, positions: dict[Path, tuple[int, int]]) -> None:
        self.filename = filename
        self.positions = positions
        self.count = 0
        self.depth = 0

    def _err(self, node: yaml.Node, path: Path, message: str) -> SpecError:
        return SpecError(
            message,
            file=self.filename,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
            path=format_path(path) or None,
        )

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise self._err(node, path, f"document too large (more than {_MAX_NODES} values)")
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if node.tag not in _PLAIN_TAGS:
            # a tag on a list or mapping (!!set, !!omap, !custom ...) would otherwise be
            # dropped silently; scalars' tags are refused in _scalar
            what = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
            raise self._err(node, path, f"unsupported YAML tag {_tag(node.tag)} on a {what}; "
                                        "write plain lists and mappings")
        # aliases can nest an already deep node deeper still: count levels here too
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._err(node, path, f"YAML nesting is deeper than {MAX_DEPTH} levels")
        try:
            return self._collection(node, path)
        finally:
            self.depth -= 1

    def _collection(self, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._err(key_node, path, "mapping keys must be plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._err(key_node, path, "YAML merge keys ('<<') are not supported")
                if key_node.tag not in _KEY_TAGS:
                    raise self._err(key_node, path, f"unsupported YAML tag "
                                                    f"{_tag(key_node.tag)} on a key; write "
                                                    "plain text")
                key = key_node.value
                if key in out:
                    raise self._err(
                        key_node,
                        path + (key,),
                        f"duplicate key {quote(key)}; each key may appear once in a mapping",
                    )
                child = path + (key,)
                self.positions[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                out[key] = self.build(value_node, child)
                # keep the key's own position (more useful than the value's)
                self.positions[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            return out
        assert isinstance(node, yaml.SequenceNode)
        return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:int":
            # keep the text: ints in the spec language are parsed by the expression parser
            text = value.replace("_", "")
            try:
                return int(text, 0)
            except ValueError:
                return value
        if tag == "tag:yaml.org,2002:float":
            # decimals stay text so that 0.1 means exactly 1/10 (see spec.expr)
            return _Decimal(value)
        if tag == "tag:yaml.org,2002:timestamp":
            raise self._err(node, path, f"YAML reads {quote(value)} as a date; put it in "
                                        "quotes if it is text")
        raise self._err(node, path, f"unsupported YAML tag {_tag(tag)}; write plain values")


class _Decimal(str):
    """A YAML float kept as its source text, so that it can be read exactly."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{str(self)}"


def is_decimal(value: Any) -> bool:
    """True for a number that YAML read as a float (kept as text for exactness)."""
    return isinstance(value, _Decimal)
