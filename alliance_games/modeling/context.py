"""What a spec compiler works with: the located document and the parameter values.

Every family compiler (``normal``, ``security_dilemma``, ``extensive`` ...) receives a
:class:`SpecContext` and uses its helpers, so that every error it raises names the file,
the line and the key.

Spec numbers (parameter values and ranges, :meth:`SpecContext.number`) are exact: a
:class:`~fractions.Fraction` when rational, a sympy number otherwise (``sqrt(2)``).
Rational values are computed without sympy where possible
(:func:`~alliance_games.modeling.expr.fast_value`), so that compiling a spec of plain
numbers does not import it; :meth:`SpecContext.expr` (parameters kept as symbols, for
``explain``) always gives sympy expressions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from ..errors import SpecError, SpecErrors, quote
from .expr import fast_value, parse_expression, substitute, to_fraction
from .source import SourceDoc, format_path

__all__ = ["SpecContext", "Parameter", "parse_parameters", "apply_overrides", "name_key",
           "parse_checked", "constant_value", "spec_number", "SymbolicExpressions",
           "SymbolicTexts", "MAX_NAME"]

MAX_NAME = 200
"""Longest name (player, strategy, action, outcome label, node ...) a spec may use."""


def name_key(name: str) -> str:
    """What two names are compared by: Unicode NFC form, case-folded.

    Two names of one kind with the same key (``Arm`` and ``arm``, or ``é`` written as
    one code point and as ``e`` plus a combining accent) are refused as
    near-duplicates: a reader could not tell them apart in a report.
    """
    return unicodedata.normalize("NFC", name).casefold()


def _name_problem(text: str) -> str | None:
    """Why ``text`` cannot be a name (None when it can)."""
    if not text.strip():
        return "is empty"
    if text != text.strip():
        return "has leading or trailing whitespace; remove it"
    if not text.isprintable():
        return "contains control or invisible characters"
    if len(text) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    return None

_MISSING_SENTINEL: Any = object()
_MISSING: Any = object()
_PARAM_KEYS = {"value", "default", "description", "range", "meaning"}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter: its value (exact) and what it means."""

    name: str
    value: Any
    """A Fraction when rational, else a sympy number (``sqrt(2)``)."""
    description: str = ""
    range: tuple[Any, Any] | None = None

    @property
    def exact(self) -> Fraction | None:
        return to_fraction(self.value)

    @property
    def python_value(self) -> int | float | Fraction:
        frac = to_fraction(self.value)
        if frac is None:
            return float(self.value)
        return int(frac) if frac.denominator == 1 else frac


@dataclass(frozen=True)
class SpecContext:
    """The located spec document plus its parameters (after ``--set`` overrides)."""

    doc: SourceDoc
    parameters: Mapping[str, Parameter] = field(default_factory=lambda: MappingProxyType({}))
    errors: list[SpecError] = field(default_factory=list, compare=False)
    """Expression errors collected so far; compilers go on after one, so that
    ``validate`` can list every bad expression in one pass."""

    def record(self, error: SpecError) -> None:
        """Collect an error and go on (the loader raises them all at the end)."""
        if isinstance(error, SpecErrors):
            self.errors.extend(error.errors)
        else:
            self.errors.append(error)

    def attempt(self, step: Callable[[], Any], fallback: Any) -> Any:
        """Run one independent step of compilation (a section of the spec); on a
        SpecError record it and return ``fallback``, so that ``validate`` goes on to
        the other sections and reports their errors in the same run. The loader raises
        every recorded error at the end, so a fallback value never reaches a game."""
        try:
            return step()
        except SpecError as exc:
            self.record(exc)
            return fallback

    # ------------------------------------------------------------------ names
    def name(self, path: Sequence[str | int], what: str, value: Any = _MISSING_SENTINEL
             ) -> str:
        """The name at ``path`` (or ``value``, read from there) as text.

        A name is text or a number (``1`` is the name ``"1"``); a list, a mapping, a
        boolean or null is an error, never silently turned into text; so are empty
        names, leading or trailing whitespace, control characters and names longer
        than :data:`MAX_NAME`.
        """
        raw = self.doc.get(path, _MISSING) if value is _MISSING_SENTINEL else value
        if raw is _MISSING:
            raise self.error(path, f"missing {what}")
        if isinstance(raw, bool) or raw is None or not isinstance(raw, str | int):
            found = _describe(raw)
            if isinstance(raw, bool):
                found += " (YAML reads yes/no/true/false/on/off so; put the name in quotes)"
            raise self.error(path, f"expected {what} (text or a number), found {found}")
        text = str(raw)
        problem = _name_problem(text)
        if problem:
            raise self.error(path, f"{what} {quote(text)} {problem}")
        return text

    def distinct(self, items: Sequence[tuple[Sequence[str | int], str]], what: str) -> None:
        """Names of one kind (with their paths) must differ, also after NFC + casefold."""
        seen: dict[str, tuple[Sequence[str | int], str]] = {}
        for path, text in items:
            key = name_key(text)
            if key in seen:
                first_path, first = seen[key]
                line = self.doc.where(first_path)[0]
                at = f" (line {line})" if line else ""
                if first == text:
                    raise self.error(path, f"duplicate name {quote(text)} among the {what}")
                raise self.error(path, f"near-duplicate name {quote(text)}: {quote(first)}"
                                       f"{at} differs only in case or Unicode form; names "
                                       f"of {what} must be told apart")
            seen[key] = (path, text)

    def name_list(self, path: Sequence[str | int], what: str, *, count: int | None = None,
                  default: list[str] | None = None) -> list[str]:
        """A list of distinct names at ``path`` (``default`` when the key is absent)."""
        raw = self.doc.get(path, _MISSING)
        if raw is _MISSING or raw is None and default is not None:
            if default is None:
                raise self.error(path[:-1], f"missing key {quote(path[-1])}: the {what}")
            return list(default)
        if not isinstance(raw, list) or not raw:
            raise self.error(path, f"expected a non-empty list of {what}, found "
                                   f"{_describe(raw)}")
        if count is not None and len(raw) != count:
            raise self.error(path, f"expected {count} {what}, found {len(raw)}")
        names = [self.name((*path, i), f"a name among the {what}") for i in range(len(raw))]
        self.distinct([((*path, i), n) for i, n in enumerate(names)], what)
        return names

    def label(self, path: Sequence[str | int], what: str, value: Any = _MISSING_SENTINEL
              ) -> str | None:
        """An optional label (outcome ...): None when absent or null, else a name."""
        raw = self.doc.get(path, None) if value is _MISSING_SENTINEL else value
        if raw is None:
            return None
        return self.name(path, what, raw)

    def text(self, path: Sequence[str | int], what: str) -> str:
        """Free text (a description): text, a number, or nothing; never a list."""
        raw = self.doc.get(path, None)
        if raw is None:
            return ""
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise self.error(path, f"expected {what} (text), found {_describe(raw)}")
        return str(raw)

    def check_keys(self, path: Sequence[str | int], allowed: set[str], what: str) -> None:
        """Every key of the mapping at ``path`` must be in ``allowed``."""
        value = self.doc.get(path)
        if not isinstance(value, dict):
            return
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                close = _closest(key, allowed)
                tip = f"; did you mean {quote(close)}?" if close else ""
                self.record(self.error(tuple(path) + (key,),
                                       f"unknown key {quote(key)} in {what}{tip} "
                                       f"(allowed: {hint})"))

    @property
    def filename(self) -> str | None:
        return self.doc.filename

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.parameters)

    @property
    def values(self) -> dict[str, Any]:
        return {name: p.value for name, p in self.parameters.items()}

    def references(self) -> list[str]:
        """The spec's ``references`` (a citation or a list of citations)."""
        refs = self.data.get("references", [])
        if refs is None:
            return []
        if isinstance(refs, str):
            return [refs]
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            raise self.error(("references",), "expected a list of citations (text)")
        return list(refs)

    def error(self, path: Sequence[str | int], message: str) -> SpecError:
        """A SpecError located at ``path`` in the document."""
        return self.doc.error(path, message)

    def get(self, path: Sequence[str | int], default: Any = None) -> Any:
        return self.doc.get(path, default)

    def require(
        self, path: Sequence[str | int], kind: type | tuple[type, ...], what: str
    ) -> Any:
        """The value at ``path``, which must exist and be of ``kind``."""
        value = self.doc.get(path, _MISSING)
        if value is _MISSING:
            parent = format_path(path[:-1]) or "the top level"
            raise self.error(path[:-1], f"missing key {quote(path[-1])} under {parent}: {what}")
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self.error(path, f"expected {what}, found {_describe(value)}")
        return value

    def expr(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """The symbolic expression at ``path`` (parameters stay symbols)."""
        raw = self.doc.get(path) if value is _MISSING_SENTINEL else value
        try:
            return parse_checked(raw, self.names)
        except SpecError as exc:
            raise self._locate(exc, path) from None

    def number(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """The value at ``path`` with the parameters substituted: a Fraction when
        rational, else a sympy number.

        Rational values come from :func:`~alliance_games.modeling.expr.fast_value` where
        it can decide, else (and for every error message) from sympy."""
        values = self.values
        raw = self.doc.get(path) if value is _MISSING_SENTINEL else value
        fast = fast_value(raw, values)
        if fast is not None:
            return fast
        expr = self.expr(path, value)
        try:
            result = substitute(expr, values)
        except SpecError as exc:
            raise self._locate(exc, path) from None
        if _is_condition(result):
            raise self.error(path, f"expected a number, found the condition {expr}")
        return spec_number(result)

    def fast_number(self, raw: Any, extra: Mapping[str, Any] | None = None
                    ) -> Fraction | None:
        """The value of the expression ``raw`` by the numeric path
        (:func:`~alliance_games.modeling.expr.fast_value`), with the parameters plus
        ``extra`` names (which shadow parameters of the same name), or ``None``: then
        the caller's sympy path decides, and gives every error message.

        For compilers that evaluate expressions in a scope of their own (an ally's
        ``i`` and ``income``, a coalition's ``size``, a signaling game's values):
        ``extra`` values that are not Fractions send every expression using them to
        the sympy path."""
        return fast_value(raw, {**self.values, **extra} if extra else self.values)

    def symbolic(self, paths: Mapping[str, Sequence[str | int]]) -> Mapping[str, Any]:
        """The expressions at ``paths`` as sympy expressions (parameters as symbols),
        keyed as ``paths``: :meth:`expr` of each, for ``explain``.

        When the numeric path computes every one of them, none can fail to parse, and
        the parse waits until the mapping is first read (:class:`SymbolicExpressions`:
        ``solve`` does not import sympy); otherwise they are parsed now, as
        :meth:`expr` does, so that the first error raised is the same."""
        values = self.values
        raw = {key: self.doc.get(path) for key, path in paths.items()}
        if all(fast_value(text, values) is not None for text in raw.values()):
            return SymbolicExpressions(raw, self.names)
        return {key: self.expr(path) for key, path in paths.items()}

    def number_or_record(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """Like :meth:`number`, but a bad expression is recorded and 0 returned, so that
        compilation goes on and every bad expression is reported at once."""
        try:
            return self.number(path, value)
        except SpecError as exc:
            self.record(exc)
            return Fraction(0)

    def fraction(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Fraction:
        """The exact rational value at ``path`` (error when irrational)."""
        result = self.number(path, value)
        frac = to_fraction(result)
        if frac is None:
            raise self.error(path, f"expected a rational number, found {result}")
        return frac

    def _locate(self, exc: SpecError, path: Sequence[str | int]) -> SpecError:
        line, column = self.doc.where(path)
        return exc.located(
            file=self.doc.filename, line=line, column=column, path=format_path(path) or None
        )



class SymbolicExpressions(Mapping[str, Any]):
    """Spec expressions (parameters as symbols) parsed into sympy on first look-up.

    A compiler keeps the payoff expressions of a game for ``explain`` and the vectorised
    sweep (``info["symbolic_payoffs"]``); building them costs sympy's import, which
    ``solve`` does not need. This mapping holds the spec text (already checked by the
    compiler, which computed its values) and the parameter names, and parses an entry
    with the restricted parser the first time it is read: the same sympy expression
    :meth:`SpecContext.expr` gives, never ``sympify`` (a list of texts: the list of
    their expressions). It pickles (sweep workers).
    """

    def __init__(self, raw: Mapping[str, Any], names: frozenset[str]) -> None:
        self._raw = dict(raw)
        self._names = names
        self._parsed: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._parsed:
            raw = self._raw[key]
            self._parsed[key] = ([parse_checked(r, self._names) for r in raw]
                                 if isinstance(raw, list) else
                                 parse_checked(raw, self._names))
        return self._parsed[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"SymbolicExpressions({self._raw!r})"


class SymbolicTexts(Sequence[str]):
    """sympy's printed form of spec expressions (``str`` of :meth:`SpecContext.expr`),
    ``"?"`` for one that does not parse; printed on first read.

    The extensive-form compilers keep these strings for ``explain``
    (``info["symbolic"]``); printing them needs sympy, which ``solve`` does not. Holds
    the spec texts and the parameter names; compares equal to the list of its strings;
    pickles (sweep workers).
    """

    def __init__(self, raw: Sequence[Any], names: frozenset[str]) -> None:
        self._raw = list(raw)
        self._names = names
        self._texts: list[str] | None = None

    def _printed(self) -> list[str]:
        if self._texts is None:
            texts = []
            for raw in self._raw:
                try:
                    texts.append(str(parse_checked(raw, self._names)))
                except SpecError:
                    texts.append("?")
            self._texts = texts
        return self._texts

    def __getitem__(self, index: Any) -> Any:
        return self._printed()[index]

    def __len__(self) -> int:
        return len(self._raw)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SymbolicTexts | list | tuple):
            return self._printed() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like the list it was

    def __repr__(self) -> str:
        return f"SymbolicTexts({self._raw!r})"


def parse_checked(raw: Any, names: Any) -> Any:
    """parse_expression, with sympy's refusal to do arithmetic on a condition
    (``(1 > 0) + 1``, a TypeError) turned into a SpecError the caller locates."""
    try:
        return parse_expression(raw, names)
    except TypeError as exc:
        if "Boolean" not in str(exc):
            raise
        raise SpecError(f"expression {quote(raw)} uses a condition (true/false) as a "
                        "number; conditions belong in 'x if a > b else y'") from None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return f"the boolean {value}"
    return f"{type(value).__name__} {quote(value)}" if not isinstance(value, str) else quote(value)


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.7)
    return matches[0] if matches else None


def parse_parameters(doc: SourceDoc, errors: list[SpecError] | None = None
                     ) -> dict[str, Parameter]:
    """Read the ``parameters`` section: ``name: default`` or ``name: {value, description, range}``.

    Defaults are numeric expressions without parameter names (``0.3``, ``2/3``,
    ``sqrt(2)``); a declared ``range`` applies to the default as it does to ``--set``.
    Booleans (YAML ``true``, or a condition such as ``1 > 0``) are not numbers and are
    refused. Parameter names are identifiers in Unicode NFKC form (the form Python's
    parser, and so the expression parser, reads them in); unlike other names they are
    case-sensitive (``N`` and ``n`` may be two parameters, as in mathematics).

    Every bad parameter is an error; with ``errors`` given they are appended there (the
    parameter is then kept with the value 1, so that compilation can go on and report
    the spec's other errors in the same run), otherwise they are raised together.
    """
    raw = doc.data.get("parameters", {})
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise doc.error(
            ("parameters",), "expected a mapping 'name: default value' under 'parameters'"
        )
    found: list[SpecError] = []
    params: dict[str, Parameter] = {}
    for name, spec in raw.items():
        try:
            params[name] = _parameter(doc, name, spec)
        except SpecError as exc:
            found.extend(exc.errors if isinstance(exc, SpecErrors) else [exc])
            params[name] = Parameter(name=name, value=Fraction(1))
    if found and errors is None:
        raise found[0] if len(found) == 1 else SpecErrors(found)
    if errors is not None:
        errors.extend(found)
    return params


def _parameter(doc: SourceDoc, name: str, spec: Any) -> Parameter:
    path: tuple[str | int, ...] = ("parameters", name)
    if not name.isidentifier() or name.startswith("_"):
        raise doc.error(
            path, f"parameter name {quote(name)} must be an identifier (letters, digits, '_')"
        )
    normal = unicodedata.normalize("NFKC", name)
    if normal != name:
        raise doc.error(path, f"parameter name {quote(name)} is read as {quote(normal)} in "
                              "expressions; write it that way")
    description = ""
    prange = None
    value_path = path
    if isinstance(spec, dict):
        unknown = set(spec) - _PARAM_KEYS
        if unknown:
            first = sorted(unknown)[0]
            raise doc.error(
                path + (first,),
                f"unknown key {quote(first)}; a parameter takes value, description, range",
            )
        key = "value" if "value" in spec else "default" if "default" in spec else None
        if key is None:
            raise doc.error(path, f"parameter {quote(name)} needs a 'value'")
        value_path = path + (key,)
        value = spec[key]
        text = spec.get("description", spec.get("meaning", ""))
        if isinstance(text, list | dict | bool):
            raise doc.error(path + ("description",),
                            f"expected a description (text), found {_describe(text)}")
        description = str(text or "")
        if "range" in spec:
            r = spec["range"]
            if not (isinstance(r, list) and len(r) == 2):
                raise doc.error(path + ("range",), "range must be [low, high]")
            prange = tuple(_constant(doc, path + ("range", i), r[i]) for i in range(2))
            if not _is_real(prange[0]) or not _is_real(prange[1]) or prange[0] > prange[1]:
                raise doc.error(path + ("range",),
                                f"range must be [low, high] with low <= high, found "
                                f"[{prange[0]}, {prange[1]}]")
    else:
        value = spec
    number = _constant(doc, value_path, value)
    if prange is not None and _is_real(number) and not (prange[0] <= number <= prange[1]):
        raise doc.error(value_path, f"default {number} of {quote(name)} lies outside its "
                                    f"declared range [{prange[0]}, {prange[1]}]")
    return Parameter(name=name, value=number, description=description,
                     range=prange)


def _is_real(value: Any) -> bool:
    if isinstance(value, Fraction):
        return True
    return bool(getattr(value, "is_real", False)) and bool(getattr(value, "is_finite", True))


def spec_number(value: Any) -> Any:
    """A sympy number (or bool) from the sympy path as a spec number: a Fraction when
    rational, otherwise unchanged."""
    frac = to_fraction(value)
    return frac if frac is not None else value


def _is_condition(value: Any) -> bool:
    """Whether an evaluated expression is sympy's true or false."""
    import sympy

    return isinstance(value, sympy.logic.boolalg.BooleanAtom)


def constant_value(value: Any) -> Any:
    """A spec number without parameters (a default, a range bound, a ``--set`` value):
    a Fraction when rational (computed without sympy where possible), else a sympy
    number; a condition is returned as sympy's true/false for the caller to refuse.

    Raises SpecError (no location) for a bad expression."""
    fast = fast_value(value, {})
    if fast is not None:
        return fast
    return spec_number(substitute(parse_checked(value, ()), {}))


def _constant(doc: SourceDoc, path: tuple[str | int, ...], value: Any) -> Any:
    if isinstance(value, bool):
        word = "true" if value else "false"
        raise doc.error(path, f"expected a number, found the boolean {word} (a parameter "
                              "is a number; write 1 or 0)")
    try:
        number = constant_value(value)
    except SpecError as exc:
        line, column = doc.where(path)
        raise exc.located(
            file=doc.filename, line=line, column=column, path=format_path(path)
        ) from None
    if not isinstance(number, Fraction) and _is_boolean(number):
        raise doc.error(path, f"expected a number, found the condition {quote(value)} "
                              "(a parameter is a number, not true/false)")
    return number


def _is_boolean(value: Any) -> bool:
    import sympy

    return isinstance(value, sympy.logic.boolalg.Boolean)


def apply_overrides(
    doc: SourceDoc, params: dict[str, Parameter], overrides: Mapping[str, Any] | None
) -> dict[str, Parameter]:
    """Apply ``--set name=value`` overrides (values are numeric expressions)."""
    if not overrides:
        return params
    out = dict(params)
    for name, value in overrides.items():
        shown = f"--set {scrub_arg(name)}={scrub_arg(value)}"
        if name not in params:
            known = ", ".join(sorted(params)) or "none"
            raise SpecError(
                f"{shown}: unknown parameter {quote(name)}; this spec's parameters: {known}",
                file=doc.filename,
            )
        if isinstance(value, bool):
            raise SpecError(f"{shown}: expected a number, found a boolean", file=doc.filename)
        try:
            number = constant_value(value)
        except SpecError as exc:
            raise SpecError(f"{shown}: {exc.message}", file=doc.filename) from None
        if not isinstance(number, Fraction) and _is_boolean(number):
            raise SpecError(f"{shown}: expected a number, found a condition (true/false)",
                            file=doc.filename)
        prange = params[name].range
        if prange is not None and not (prange[0] <= number <= prange[1]):
            raise SpecError(
                f"{shown}: outside the declared range "
                f"[{prange[0]}, {prange[1]}]",
                file=doc.filename,
            )
        out[name] = Parameter(name, number, params[name].description, prange)
    return out


def scrub_arg(value: Any) -> str:
    """A command-line value shown in a message: short and escaped, without quotes."""
    return quote(value, 40)[1:-1]
