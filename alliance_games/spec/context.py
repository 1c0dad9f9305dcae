"""What a spec compiler works with: the located document and the parameter values.

Every family compiler (``normal``, ``security_dilemma``, ``extensive`` ...) receives a
:class:`SpecContext` and uses its helpers, so that every error it raises names the file,
the line and the key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import sympy

from ..errors import SpecError
from .expr import parse_expression, substitute, to_fraction
from .source import SourceDoc, format_path

__all__ = ["SpecContext", "Parameter", "parse_parameters", "apply_overrides"]

_MISSING_SENTINEL: Any = object()
_MISSING: Any = object()
_PARAM_KEYS = {"value", "default", "description", "range", "meaning"}


@dataclass(frozen=True)
class Parameter:
    """A declared parameter: its value (exact when rational) and what it means."""

    name: str
    value: Any  # a sympy number
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
        self.errors.append(error)

    def check_keys(self, path: Sequence[str | int], allowed: set[str], what: str) -> None:
        """Every key of the mapping at ``path`` must be in ``allowed``."""
        value = self.doc.get(path)
        if not isinstance(value, dict):
            return
        for key in value:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                close = _closest(key, allowed)
                tip = f"; did you mean {close!r}?" if close else ""
                self.record(self.error(tuple(path) + (key,),
                                       f"unknown key {key!r} in {what}{tip} (allowed: {hint})"))

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
            raise self.error(path[:-1], f"missing key '{path[-1]}' under {parent}: {what}")
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise self.error(path, f"expected {what}, found {_describe(value)}")
        return value

    def expr(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """The symbolic expression at ``path`` (parameters stay symbols)."""
        raw = self.doc.get(path) if value is _MISSING_SENTINEL else value
        try:
            return parse_expression(raw, self.names)
        except SpecError as exc:
            raise self._locate(exc, path) from None

    def number(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """The value at ``path`` with the parameters substituted (a sympy number)."""
        expr = self.expr(path, value)
        try:
            result = substitute(expr, self.values)
        except SpecError as exc:
            raise self._locate(exc, path) from None
        if isinstance(result, sympy.logic.boolalg.BooleanAtom):
            raise self.error(path, f"expected a number, found the condition {expr}")
        return result

    def number_or_record(self, path: Sequence[str | int], value: Any = _MISSING_SENTINEL) -> Any:
        """Like :meth:`number`, but a bad expression is recorded and 0 returned, so that
        compilation goes on and every bad expression is reported at once."""
        try:
            return self.number(path, value)
        except SpecError as exc:
            self.record(exc)
            return sympy.Integer(0)

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



def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, bool):
        return f"the boolean {value}"
    return f"{type(value).__name__} {value!r}" if not isinstance(value, str) else repr(value)


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.7)
    return matches[0] if matches else None


def parse_parameters(doc: SourceDoc) -> dict[str, Parameter]:
    """Read the ``parameters`` section: ``name: default`` or ``name: {value, description, range}``.

    Defaults are numeric expressions without parameter names (``0.3``, ``2/3``,
    ``sqrt(2)``).
    """
    raw = doc.data.get("parameters", {})
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise doc.error(
            ("parameters",), "expected a mapping 'name: default value' under 'parameters'"
        )
    params: dict[str, Parameter] = {}
    for name, spec in raw.items():
        path: tuple[str | int, ...] = ("parameters", name)
        if not name.isidentifier() or name.startswith("_"):
            raise doc.error(
                path, f"parameter name {name!r} must be an identifier (letters, digits, '_')"
            )
        description = ""
        prange = None
        value_path = path
        if isinstance(spec, dict):
            unknown = set(spec) - _PARAM_KEYS
            if unknown:
                raise doc.error(
                    path + (sorted(unknown)[0],),
                    f"unknown key {sorted(unknown)[0]!r}; a parameter takes "
                    "value, description, range",
                )
            key = "value" if "value" in spec else "default" if "default" in spec else None
            if key is None:
                raise doc.error(path, f"parameter {name!r} needs a 'value'")
            value_path = path + (key,)
            value = spec[key]
            description = str(spec.get("description", spec.get("meaning", "")) or "")
            if "range" in spec:
                r = spec["range"]
                if not (isinstance(r, list) and len(r) == 2):
                    raise doc.error(path + ("range",), "range must be [low, high]")
                prange = tuple(_constant(doc, path + ("range", i), r[i]) for i in range(2))
        else:
            value = spec
        params[name] = Parameter(
            name=name,
            value=_constant(doc, value_path, value),
            description=description,
            range=prange,  # type: ignore[arg-type]
        )
    return params


def _constant(doc: SourceDoc, path: tuple[str | int, ...], value: Any) -> Any:
    try:
        expr = parse_expression(value, ())
        return substitute(expr, {})
    except SpecError as exc:
        line, column = doc.where(path)
        raise exc.located(
            file=doc.filename, line=line, column=column, path=format_path(path)
        ) from None


def apply_overrides(
    doc: SourceDoc, params: dict[str, Parameter], overrides: Mapping[str, Any] | None
) -> dict[str, Parameter]:
    """Apply ``--set name=value`` overrides (values are numeric expressions)."""
    if not overrides:
        return params
    out = dict(params)
    for name, value in overrides.items():
        if name not in params:
            known = ", ".join(sorted(params)) or "none"
            raise SpecError(
                f"--set {name}=...: unknown parameter {name!r}; this spec's parameters: {known}",
                file=doc.filename,
            )
        try:
            number = substitute(parse_expression(value, ()), {})
        except SpecError as exc:
            raise SpecError(f"--set {name}={value}: {exc.message}", file=doc.filename) from None
        if isinstance(number, sympy.logic.boolalg.BooleanAtom):
            raise SpecError(f"--set {name}={value}: expected a number", file=doc.filename)
        prange = params[name].range
        if prange is not None and not (prange[0] <= number <= prange[1]):
            raise SpecError(
                f"--set {name}={value}: outside the declared range "
                f"[{prange[0]}, {prange[1]}]",
                file=doc.filename,
            )
        out[name] = Parameter(name, number, params[name].description, prange)
    return out
