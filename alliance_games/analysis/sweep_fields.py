"""The numbers a family's game takes from the swept parameters, as an exact affine map.

A vectorised sweep needs each grid point's game data (discount factors, payoffs,
benefits ...) without compiling the spec at every point. It reads them from the game
objects the compiler builds (the family's dataclass fields, through an ``extract``
function the family kernel gives), never from the compiler's internals: the spec is
compiled at a few *probe* points of the grid and the data are fitted as

.. math:: f(x) = f(x^0) + \\sum_k (x_k - x^0_k)\\, g_k ,
          \\qquad g_k = \\frac{f(x^0 + (x^{\\mathrm{last}}_k - x^0_k) e_k) - f(x^0)}
                            {x^{\\mathrm{last}}_k - x^0_k},

``x^0`` the grid's first point and ``x^last_k`` the last value of axis ``k``. The fit is
accepted only when it reproduces, exactly (Fractions), the data compiled at further
probes: for every axis the values at a third and at the middle of the axis (so a
quadratic or a kink along an axis shows), the grid's far corner and seeded random grid
points (so a product of two swept parameters shows). The catalog's models write their
game data as parameters or sums of them (``high: cost_defender + cost_uncertainty``),
which this recognises; a spec whose data are not affine in the swept parameters, or
whose probes disagree in anything but the data (the players, the structure), keeps the
per-point path. An axis of two values is affine on the grid whatever the expression.

Probes are evidence, not a proof: a condition (``if(x > 7, ...)``), ``min``/``max`` or
any other function could be affine at every probe and not between them. A spec whose
expressions use a function call or a comparison anywhere
(:func:`piecewise_expressions`) therefore keeps the per-point path; what the probes
then decide among is rational arithmetic (``+ - * /`` and powers), where a wrong fit
shows on the probes (a product on the corner, a square or a quotient on the three
values of its axis).

Each probe's game is the one :meth:`~alliance_games.analysis.sweep.CompiledSpec.game`
gives; a probe that fails to compile (a point outside a declared range or rejected by
the game's own checks) means the fit is not attempted.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = ["AffineFields", "fit_fields", "piecewise_expressions", "vectorised_family"]

#: seeded random probes beyond the lines and the corner
EXTRA_PROBES = 3
#: values tried from the end of an axis for its slope probe
SLOPE_TRIES = 4


@dataclass(frozen=True)
class AffineFields:
    """``f(x) = base + Σ_k (x_k - origin_k) slopes[k]`` for every game datum."""

    origin: tuple[Fraction, ...]
    base: tuple[Fraction, ...]
    slopes: tuple[tuple[Fraction, ...], ...]
    structure: Any
    """What the probes agreed on besides the data (names, structure), from ``extract``."""
    game: Any
    """The game compiled at the grid's first point."""
    failed: list[tuple[Fraction, ...]]
    """Probes that did not compile (error rows: the per-point path reports them)."""

    def exact_at(self, point: Sequence[Fraction]) -> tuple[Fraction, ...]:
        """Every datum at one grid point, exactly."""
        out = list(self.base)
        for x, x0, slope in zip(point, self.origin, self.slopes, strict=True):
            step = x - x0
            if step:
                for j, g in enumerate(slope):
                    if g:
                        out[j] += step * g
        return tuple(out)

    def float_grid(self, grids: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Every datum on the whole grid in floats (``grids``: each axis' values, broadcast
        to the grid's flat shape)."""
        out = []
        for j, b in enumerate(self.base):
            value = np.full(grids[0].shape if grids else (), float(b))
            for grid, x0, slope in zip(grids, self.origin, self.slopes, strict=True):
                if slope[j]:
                    value = value + (grid - float(x0)) * float(slope[j])
            out.append(value)
        return out


Extract = Callable[[Any], "tuple[Any, tuple[Fraction, ...]] | None"]
"""A family's reader of a compiled game: ``(structure, data)``, or None when the game is
not one the family kernel handles (a float datum, a structure it does not know)."""


def fit_fields(make_game: Callable[[Mapping[str, str]], Any], axes: Sequence[Any],
               bad_values: Sequence[set[Fraction]], extract: Extract
               ) -> AffineFields | None:
    """The affine map of the game data over the grid, verified at the probes; None when
    the data are not affine on the probes, a probe does not compile, or ``extract``
    refuses a game (see the module docstring).

    ``make_game`` builds the game at a point given as ``{name: value text}`` (the swept
    parameters only; the fixed overrides are the caller's).
    """
    from ..errors import AllianceGamesError

    values = [[v for v in axis.values if v not in bad]
              for axis, bad in zip(axes, bad_values, strict=True)]
    if any(len(v) == 0 for v in values):
        return None
    names = [axis.name for axis in axes]

    def probe(point: Sequence[Fraction]) -> tuple[Any, tuple[Fraction, ...], Any] | None:
        try:
            game = make_game({n: str(v) for n, v in zip(names, point, strict=True)})
        except AllianceGamesError:
            return None
        read = extract(game)
        if read is None:
            return None
        return read[0], tuple(read[1]), game

    origin = tuple(v[0] for v in values)
    first = probe(origin)
    if first is None:
        return None
    structure, base, game = first
    slopes = []
    failed: list[tuple[Fraction, ...]] = []
    for k, axis_values in enumerate(values):
        found = None
        # the last value of the axis, or the one before it ... (a point the game's own
        # checks refuse, e.g. a zero weight, is an error row, not a probe)
        for last in axis_values[:0:-1][:SLOPE_TRIES]:
            point = list(origin)
            point[k] = last
            found = probe(point)
            if found is not None:
                break
            failed.append(tuple(point))
        if found is None:
            if len(axis_values) > 1:
                return None
            slopes.append(tuple(Fraction(0) for _ in base))
            continue
        if found[0] != structure or len(found[1]) != len(base):
            return None
        step = last - origin[k]
        slopes.append(tuple((b - a) / step for a, b in zip(base, found[1], strict=True)))
    fields = AffineFields(origin, base, tuple(slopes), structure, game, failed)
    checks: list[tuple[Fraction, ...]] = []
    for k, axis_values in enumerate(values):
        for index in (len(axis_values) // 3, len(axis_values) // 2):
            point = list(origin)
            point[k] = axis_values[index]
            checks.append(tuple(point))
    checks.append(tuple(v[-1] for v in values))
    rng = random.Random(0)
    for _ in range(EXTRA_PROBES):
        checks.append(tuple(rng.choice(v) for v in values))
    for check in dict.fromkeys(checks):
        if check == origin:
            continue
        found = probe(check)
        if found is None:
            failed.append(check)
        elif found[0] != structure or found[1] != fields.exact_at(check):
            return None
    return fields


#: spec keys whose text is prose, not expressions
_PROSE = {"name", "description", "notes", "references", "history"}
_CALL = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\s*\(|[<>=!?&|]")


def piecewise_expressions(text: str) -> bool:
    """Whether any expression of a YAML spec (any string or key outside the prose
    fields) calls a function or compares: then the game data may be piecewise in the
    parameters. Unreadable text counts as True."""
    import yaml

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return True

    def walk(node: Any) -> bool:
        if isinstance(node, dict):
            return any(walk(k) or (k not in _PROSE and walk(v)) for k, v in node.items())
        if isinstance(node, list):
            return any(walk(v) for v in node)
        return isinstance(node, str) and bool(_CALL.search(node))

    return walk(doc)


def grid_points(axes: Sequence[Any]) -> itertools.product[tuple[Fraction, ...]]:
    """The grid's points in the sweep's order (the last axis fastest)."""
    return itertools.product(*(axis.values for axis in axes))


def vectorised_family(module: Any, make_game: Callable[[Mapping[str, str]], Any],
                      axes: Sequence[Any], bad_values: Sequence[set[Fraction]],
                      fixed: Mapping[str, Fraction],
                      make_analysis: Callable[[dict[str, Any]], tuple[Any, Any]],
                      make: Callable[..., Any],
                      solve_game: Callable[[Any, Mapping[str, str]], Any] | None = None
                      ) -> list[Any] | None:
    """The sweep points of a closed-form family's grid (``module``: its kernel, with
    ``extract``, ``classify``, ``valid`` and ``point_record``), ``None`` at a point the
    per-point path must solve, ``None`` overall when the spec does not qualify.

    The grid is classified at once (``module.classify`` on the data in floats); each
    point's row is then computed exactly from the affine data (:class:`AffineFields`),
    or, where the family's figures are the solver's floats, ``module.point_record``
    returns ``("solve", game)``: the game built from the point's data, which
    ``solve_game`` solves as the per-point path does (without compiling the spec).
    """
    fields = fit_fields(make_game, axes, bad_values, module.extract)
    if fields is None:
        return None
    for point in fields.failed:
        if module.valid(fields.structure, fields.exact_at(point)):
            # the compiler refused a point the kernel's checks accept: the kernel does
            # not know every check of this spec, so no point is trusted to it
            return None
    failed = set(fields.failed)
    grids = np.meshgrid(*[np.array([float(v) for v in axis.values]) for axis in axes],
                        indexing="ij")
    flat = [grid.ravel() for grid in grids]
    with np.errstate(all="ignore"):
        cases = module.classify(fields.structure, fields.float_grid(flat)).tolist()
    names = tuple(axis.name for axis in axes)
    out: list[Any] = []
    for index, point in enumerate(grid_points(axes)):
        if point in failed or any(v in bad for v, bad in zip(point, bad_values,
                                                              strict=True)):
            out.append(None)
            continue
        data = fields.exact_at(point)
        row = (module.point_record(fields.structure, data, cases[index], make_analysis)
               if module.valid(fields.structure, data) else None)
        if row is None:
            out.append(None)
            continue
        if row[0] == "solve":
            if solve_game is None:
                out.append(None)
            else:
                out.append(solve_game(row[1], {n: str(v) for n, v in zip(names, point,
                                                                          strict=True)}))
            continue
        count, complete, regime, game_type, outcomes, exact_outcomes, figures, exact = row
        params = {**fixed, **dict(zip(names, point, strict=True))}
        out.append(make(params, count, complete, regime, game_type, outcomes,
                        exact_outcomes=exact_outcomes, analysis=figures,
                        exact_analysis=exact))
    return out
