"""Typed options of solution methods: the :class:`Option` record and the options shared
by several methods (declared once; each method record lists those it takes).

An option checks a value given to :func:`alliance_games.solve` (:meth:`Option.check`)
and parses the text of ``--option NAME=VALUE`` (:meth:`Option.parse`); a value of the
wrong type is a :class:`~alliance_games.errors.SolverError` naming the method.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import SolverError, quote

__all__ = ["Option", "COMMON_OPTIONS", "TYPE_NAMES", "EXACT", "TIMEOUT", "MEMORY",
           "MAX_SUPPORT", "PROGRESS", "TOL", "LABEL", "ALL_FROM_ARTIFICIAL",
           "LOGIT_MAX_LAMBDA", "QRE_MAX_LAMBDA", "DISCOUNT_FACTOR", "COOPERATE", "REFINE",
           "FALLBACK"]

TYPE_NAMES: dict[Any, str] = {
    bool: "a boolean (true or false)",
    int: "an integer",
    float: "a number",
    Fraction: "a number (a fraction like 9/10 stays exact)",
    str: "a string",
    tuple: "a name or a comma-separated list of names",
    Callable: "a callable",
    (int, str): "a size (bytes, or 2G, 512M)",
}
_METAVARS: dict[Any, str] = {
    bool: "BOOL", int: "INT", float: "FLOAT", Fraction: "NUMBER", str: "TEXT",
    tuple: "NAMES", Callable: "CALLABLE", (int, str): "SIZE",
}
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class Option:
    """An option of a method: name, type, default, help and allowed values.

    ``type`` is one of ``bool``, ``int``, ``float`` (any real number), ``Fraction`` (a
    real number or a fraction written as text, kept exact), ``str``, ``tuple`` (strategy
    names: one name or a sequence of names), ``Callable``, or ``(int, str)`` for a memory
    size. ``choices`` lists the allowed values when there are few. ``flag`` is the
    ``alliance-games solve`` flag of a common option (``--timeout``); the others are
    given with ``--option NAME=VALUE``.
    """

    name: str
    type: Any
    default: Any
    help: str
    choices: tuple[Any, ...] = ()
    flag: str | None = None

    @property
    def metavar(self) -> str:
        """How the value is written on the command line (``INT``, ``intuitive|d1``)."""
        if self.choices:
            return "|".join(str(c) for c in self.choices)
        return _METAVARS.get(self.type, "VALUE")

    def check(self, value: Any, method: str) -> Any:
        """``value`` if it has this option's type (text converted for ``Fraction``),
        else a :class:`SolverError` naming ``method``, the option and what it takes."""
        ok = _conforms(value, self.type)
        if ok and self.type is Fraction and isinstance(value, str):
            value = self.parse(value, method)
        if ok and self.choices and value not in self.choices:
            ok = False
        if not ok:
            wanted = (f"one of {', '.join(map(str, self.choices))}" if self.choices
                      else TYPE_NAMES.get(self.type, str(self.type)))
            raise SolverError(f"option {self.name} of method {method!r} must be {wanted}; "
                              f"found {_shown(value)}")
        return value

    def parse(self, text: str, method: str) -> Any:
        """The value of ``--option NAME=TEXT``, typed (:class:`SolverError` if it is not
        a value of this option)."""
        raw = text.strip()
        try:
            if self.type is bool:
                if raw.lower() not in _TRUE + _FALSE:
                    raise ValueError(raw)
                value: Any = raw.lower() in _TRUE
            elif self.type is int:
                value = int(raw)
            elif self.type is float:
                value = float(raw)
            elif self.type is Fraction:
                value = Fraction(raw)
            elif self.type is tuple:
                names = tuple(part.strip() for part in raw.split(","))
                if not all(names):
                    raise ValueError(raw)
                value = names[0] if len(names) == 1 else names
            elif self.type == (int, str) or self.type is str:
                value = raw
            else:
                raise ValueError(raw)
        except (ValueError, ZeroDivisionError):
            wanted = (f"one of {', '.join(map(str, self.choices))}" if self.choices
                      else TYPE_NAMES.get(self.type, str(self.type)))
            raise SolverError(f"option {self.name} of method {method!r} must be {wanted}; "
                              f"found {quote(text)}") from None
        return self.check(value, method)


def _shown(value: Any) -> str:
    """A value as an error message shows it: quoted text, or a short ``repr``."""
    if isinstance(value, str):
        return quote(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _conforms(value: Any, typ: Any) -> bool:
    if typ is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if typ is int:
        return isinstance(value, numbers.Integral)
    if typ is float:
        return isinstance(value, numbers.Real)
    if typ is Fraction:
        if isinstance(value, str):
            try:
                Fraction(value.strip())
            except (ValueError, ZeroDivisionError):
                return False
            return True
        return isinstance(value, numbers.Real)
    if typ is str:
        return isinstance(value, str)
    if typ is tuple:
        return isinstance(value, str) or (
            isinstance(value, Sequence) and all(isinstance(v, str) for v in value))
    if typ is Callable:
        return callable(value)
    if typ == (int, str):
        return isinstance(value, int | str)
    raise TypeError(f"unknown option type {typ!r}")  # a registry bug


#: options shared by many methods, declared once (each method lists those it honours)
EXACT = Option("exact", bool, False, "Certify every equilibrium in rational arithmetic "
               "(regret exactly 0); needs rational payoffs.", flag="--exact")
TIMEOUT = Option("timeout", float, None, "Seconds; a search cut short returns what it "
                 "found, marked incomplete.", flag="--timeout")
MEMORY = Option("memory", (int, str), None, "Memory budget (bytes, 2G, 512M); large "
                "allocations are sized first and a search that would exceed it stops, "
                "marked incomplete.", flag="--memory")
MAX_SUPPORT = Option("max_support", int, None, "Largest support size tried (the list is "
                     "then marked incomplete).", flag="--max-support")
PROGRESS = Option("progress", Callable, None, "Called as progress(done, total) during "
                  "long computations (the command line's progress bar).")
COMMON_OPTIONS: tuple[Option, ...] = (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS)

TOL = Option("tol", float, 1e-9, "Float tolerance of the zero tests and of the regret "
             "check (payoffs in float mode).")
LABEL = Option("label", int, 0, "The label dropped first at the artificial equilibrium: "
               "0..m-1 the row player's strategies, m..m+n-1 the column player's.")
ALL_FROM_ARTIFICIAL = Option(
    "all_from_artificial", bool, False, "Follow every label's path from the artificial "
    "equilibrium and from each equilibrium found (label is then ignored).")
LOGIT_MAX_LAMBDA = Option("max_lambda", float, 1e4, "Precision (payoffs rescaled to "
                          "[0, 1]) at which the logit path stops.")
QRE_MAX_LAMBDA = Option("max_lambda", float, 1e5, "Precision (payoffs rescaled to "
                        "[0, 1]) at which the agent logit path stops.")
DISCOUNT_FACTOR = Option("discount_factor", Fraction, None, "The discount factor δ in "
                         "[0, 1) (overrides the spec's).")
COOPERATE = Option("cooperate", tuple, None, "The cooperative strategy: one name for "
                   "every player or one per player (overrides the spec's).")
REFINE = Option("refine", str, None, "Keep only the equilibrium classes that pass a "
                "refinement: the Intuitive Criterion (Cho & Kreps 1987), D1, or "
                "sequential (Kreps & Wilson 1982 consistency).",
                choices=("intuitive", "d1", "sequential"))
FALLBACK = Option("fallback", bool, False, "Past the budget, return one equilibrium by "
                  "a method that fits (sequence-form Lemke or logit QRE), tested for "
                  "being a PBE and marked incomplete.")
