"""A :class:`~alliance_games.equilibrium.SolveResult` as the JSON document of design.md.

Keys are fixed: ``game``, ``method``, ``complete``, ``equilibria`` (each with
``strategies`` or ``behavior``/``beliefs``, ``payoffs``, ``outcomes``, ``pure``,
``regret`` and ``exact``), ``predictions``. Extra keys that never clash:
``requested_method``, ``diagnostics``, ``components``, ``analysis``.

Numbers: machine output is exact
--------------------------------
Pipelines recompute what we claim (the regret of a profile, a threshold), so JSON never
rounds; text, Markdown and HTML may.

* **Floats** are written at full double precision, as Python's shortest round-trip
  ``repr``: ``float(text)`` gives back the solver's double bit for bit. A rational held
  exactly is written as the double nearest to it.
* **Integers stay integers**: an ``int``, an integral Fraction or an integral float
  below 2**53 is a JSON integer (``10``, not ``10.0``).
* **Non-finite floats** are not JSON numbers, so they are written as the strings
  ``"Infinity"``, ``"-Infinity"`` and ``"NaN"``: Python's ``float()`` and JavaScript's
  ``Number()`` both read them back, where ``null`` would lose which one it was. The
  document is dumped with ``allow_nan=False``, so an invalid document cannot be produced.
* **Exact values are strings in a map named** ``exact`` **that mirrors its parent**: the
  same key path leads to the exact value, a rational as ``"p/q"`` or ``"n"``
  (``Fraction(text)`` parses it), an algebraic number in sympy's text
  (``"1 - sqrt(5)/5"``). Values known only as floats are left out; in a list their
  positions hold ``null``. The numeric fields themselves never change form (they are the
  contract), the exact strings sit beside them:

  - ``equilibria[i].exact`` mirrors ``strategies``, ``behavior``, ``beliefs``,
    ``payoffs`` and ``outcomes``. For an equilibrium certified in rational arithmetic
    it is complete (every number, integers included), with or without ``--exact``: a
    float record whose solver certified it keeps the certificate, and the mirror is
    that of the exact record it rebuilds
    (:meth:`~alliance_games.equilibrium.Equilibrium.exact_form`), so both runs write
    the same strings. Otherwise it holds what the
    solver kept exact, e.g. the algebraic probabilities of an irrational n-player
    equilibrium. It is present whenever it is not empty, and always with ``--exact``
    (``{}`` then says that nothing of this equilibrium is known exactly; the
    diagnostics say why).
  - ``analysis.exact`` (the result's ``analysis`` and each equilibrium's) mirrors the
    analysis figures the solver holds exactly (Fractions, sympy rationals and algebraic
    numbers, Decimals): bargaining shares, discount-factor thresholds, minmax values,
    the public-goods burden table, PBE event probabilities and belief ranges, the
    symmetric (volunteer's dilemma) probabilities in radicals ... A number known exactly
    but not algebraic (the frequent-offers limit, a ratio of logarithms) is sympy's text
    too.
    Plain integers (counts, pivots) are exact as JSON integers and are not repeated.
    Entries a solver puts in its own ``exact`` map are kept.
  - ``game.exact.parameters`` mirrors the parameter values (``0.1`` in a spec is
    ``"1/10"``).

  ``analysis.algebraic`` (n-player and symmetric solvers) keeps its own shape: the
  algebraic form and minimal polynomial of irrational equilibria.

* The top-level ``exact`` is the run's mode (``SolveResult.exact``): ``true`` when the
  numbers were computed and reported as exact rationals (``--exact``, or a family that
  always computes in them), ``false`` when floats are reported. It does not say which
  equilibria were certified: their ``exact`` maps do.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from ..equilibrium import Equilibrium, SolveResult
from ..interpretation.outcomes import predictions
from ..numbers import exact_text as _exact_text
from ..numbers import finite_float as _to_float
from ..numbers import is_sympy

__all__ = ["result_to_dict", "render_json", "plain", "exact_strings"]

_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}
_FIELDS = ("strategies", "behavior", "beliefs", "payoffs", "outcomes")


def _float(value: float) -> float | int | str:
    """A double as JSON: integral values as integers, non-finite ones as strings."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return _NON_FINITE[value]
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _num(value: Any) -> Any:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else _float(_to_float(value))
    if isinstance(value, float | np.floating | Decimal):
        return _float(_to_float(value))
    if is_sympy(value):  # sympy is not imported for this unless a value is one
        if value.is_Integer:
            return int(value)
        if value.is_number and value.is_real:
            return _float(_to_float(value))
        return str(value)
    try:
        return _float(_to_float(value))
    except (TypeError, ValueError):
        return str(value)


def plain(value: Any) -> Any:
    """Numbers as JSON numbers at full precision, mappings to dicts, tuples to lists."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    return _num(value)


_ABSENT = object()


def _mirror(value: Any, with_ints: bool) -> Any:
    """``value``'s exactly known numbers as strings, same shape; ``_ABSENT`` if none."""
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if k == "exact":  # a solver's own exact map: merged by the caller
                continue
            m = _mirror(v, with_ints)
            if m is not _ABSENT:
                out[str(k)] = m
        return out or _ABSENT
    if isinstance(value, list | tuple | np.ndarray):
        items = [_mirror(v, with_ints) for v in value]
        if all(m is _ABSENT for m in items):
            return _ABSENT
        return [None if m is _ABSENT else m for m in items]
    if isinstance(value, str) or value is None:
        return _ABSENT
    text = _exact_text(value, with_ints)
    return _ABSENT if text is None else text


def exact_strings(value: Any, with_ints: bool = False) -> Any:
    """The ``exact`` mirror of ``value`` (see the module docstring); ``{}`` if none.

    >>> exact_strings({"share": Fraction(5, 24), "rounds": 3, "limit": 0.2})
    {'share': '5/24'}
    """
    m = _mirror(value, with_ints)
    return {} if m is _ABSENT else m


def _merge(into: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``extra`` into ``into``; entries already in ``into`` win."""
    for k, v in extra.items():
        if k not in into:
            into[k] = v
        elif isinstance(into[k], dict) and isinstance(v, Mapping):
            _merge(into[k], v)
    return into


def _analysis(extra: Mapping[str, Any]) -> dict[str, Any]:
    """An ``analysis`` map: the figures at full precision plus their ``exact`` mirror."""
    out = plain(extra)
    mirror = exact_strings(extra)
    own = out.get("exact")
    if isinstance(own, dict):
        _merge(own, mirror)
    elif mirror and "exact" not in out:
        out["exact"] = mirror
    return out


def _equilibrium_exact(eq: Equilibrium, exact_form: Equilibrium | None) -> dict[str, Any]:
    """The ``exact`` mirror of one equilibrium: that of its exact record when there is one
    (complete, integers included), else of what ``eq`` holds exactly."""
    block: dict[str, Any] = {}
    source = exact_form if exact_form is not None else eq
    for key in _FIELDS:
        value = getattr(source, key)
        if value is not None:
            m = _mirror(value, with_ints=source.exact)
            if m is not _ABSENT:
                block[key] = m
    algebraic = (eq.extra or {}).get("algebraic")
    if isinstance(algebraic, Mapping) and isinstance(algebraic.get("strategies"), Mapping):
        # the n-player solver certifies irrational equilibria in their number field and
        # keeps each probability's algebraic text in the strategies' shape
        _merge(block, {"strategies": plain(algebraic["strategies"])})
    return block


def equilibrium_to_dict(eq: Equilibrium, exact: bool) -> dict[str, Any]:
    """One equilibrium as JSON: its numbers at full precision and its ``exact`` mirror.

    The mirror is that of the exact record when there is one: the record itself in
    exact mode, or the one its solver's certificate rebuilds in a default run
    (:meth:`~alliance_games.equilibrium.Equilibrium.exact_form`), so a
    default run and ``--exact`` write the same strings for a certified equilibrium.
    """
    out: dict[str, Any] = {}
    if eq.strategies is not None:
        out["strategies"] = plain(eq.strategies)
    if eq.behavior is not None:
        out["behavior"] = plain(eq.behavior)
    if eq.beliefs is not None:
        out["beliefs"] = plain(eq.beliefs)
    out["payoffs"] = plain(eq.payoffs)
    out["outcomes"] = plain(eq.outcomes)
    out["pure"] = eq.pure
    out["regret"] = _num(eq.regret)
    out["concept"] = eq.concept
    if eq.notes:
        out["notes"] = list(eq.notes)
    if eq.extra:
        out["analysis"] = _analysis(eq.extra)
    block = _equilibrium_exact(eq, eq.exact_form())
    if block or exact or eq.exact:
        out["exact"] = block
    return out


def result_to_dict(result: SolveResult, exact: bool = False) -> dict[str, Any]:
    """The JSON document for a solve result (``exact``: always give each equilibrium
    its ``exact`` map, as ``--exact`` does)."""
    game = result.game
    kind = "normal" if hasattr(game, "payoffs") and hasattr(game, "strategies") else (
        "extensive" if type(game).__name__ == "ExtensiveFormGame" else
        str(getattr(game, "info", {}).get("kind", type(game).__name__))
    )
    parameters = dict(getattr(game, "parameters", {}) or {})
    doc: dict[str, Any] = {
        "game": {
            "name": getattr(game, "name", ""),
            "kind": kind,
            "players": list(getattr(game, "players", ())),
            "parameters": plain(parameters),
        },
        "method": result.method,
        "requested_method": result.requested_method,
        "complete": result.complete,
        "exact": result.exact,
        "equilibria": [equilibrium_to_dict(eq, exact) for eq in result.equilibria],
        "predictions": predictions(result),
        "diagnostics": list(result.diagnostics),
    }
    classification = getattr(game, "info", {}).get("classification")
    if classification:
        doc["game"]["classification"] = plain(classification)
    game_exact = exact_strings({"parameters": parameters, "classification": classification})
    if game_exact:
        doc["game"]["exact"] = game_exact
    if result.components:
        doc["components"] = [list(c) for c in result.components]
    analysis = {k: v for k, v in result.extra.items() if k != "predictions"}
    if analysis:
        doc["analysis"] = _analysis(analysis)
    return doc


def render_json(result: SolveResult, exact: bool = False) -> str:
    """The result as a JSON document (see the module docstring for the number policy)."""
    return json.dumps(result_to_dict(result, exact), indent=2, ensure_ascii=False,
                      allow_nan=False) + "\n"
