"""Vectorised sweeps of the symmetric 2x2 family (``security_dilemma``): every grid point
classified at once with numpy, no game built and no solver run per point.

The equilibria of a symmetric 2x2 game with row payoffs R (both cooperate), S (cooperate
against a defector), T (defect against a cooperator) and P (both defect) follow from two
signs (e.g. Fudenberg & Tirole 1991, sec. 1.2; Jervis 1978 for the names). With
``a = R - T`` (what cooperating gains against a cooperator) and ``b = P - S`` (what
defecting gains against a defector), when neither is zero:

==============  ======================================  ============================
signs           equilibria                              e.g.
==============  ======================================  ============================
a > 0, b < 0    (C, C) only: cooperation dominant       harmony
a < 0, b > 0    (D, D) only: defection dominant         prisoner's dilemma, deadlock
a > 0, b > 0    (C, C), (D, D) and a mixed one          stag hunt
a < 0, b < 0    (C, D), (D, C) and a mixed one          chicken
==============  ======================================  ============================

In the mixed equilibrium each player cooperates with probability ``q_C = b / (a + b)``
(the opponent is then indifferent: ``q_C R + q_D S = q_C T + q_D P``) and defects with
``q_D = a / (a + b)``. The outcome probabilities are those of
:func:`alliance_games.equilibrium.outcome_distribution`: ``q_C q_C``, ``q_D q_D`` and
``q_C q_D + q_D q_C`` for the two exploitation cells.

The sweep takes this path with one worker (the default); ``--workers`` above 1 or a
Dask scheduler spread the general per-point path over processes, as asked.

What stays with the general path (each such point is solved as before): a tie between
any two of T, R, P, S within a relative ``1e-9`` (ties make the game degenerate, with
continua of equilibria, and name it "unnamed (tied payoffs)"), a value that is not finite
or outside the spec number range, and a swept value outside its parameter's declared
range (an error row). The whole grid stays with the general path when a payoff
expression uses anything but rational arithmetic, min/max/abs/mod and conditions
(``exp``, ``log``, ``sqrt`` or ``pi`` make the game irrational, solved in floats), or
when the spec gives two outcome cells one label.

The payoff expressions are evaluated with :func:`sympy.lambdify` on numpy arrays. They are
the compiler's own sympy expressions (``game.info["symbolic_payoffs"]``), built by the
restricted parser of :mod:`alliance_games.modeling.expr` from the spec's text; lambdify
prints *those* trees (numbers, parameter symbols and the whitelisted operations) as
numpy code, so no spec text reaches Python's compiler (tests/test_boundaries.py).

The CSV equals that of the per-point path, to the last digit: the signs and names are
decided in floats only where no two payoffs are close, and the mixed probabilities of
the points with a mixed equilibrium are computed exactly (the payoff expressions are
evaluated in Fractions through closures built once from their trees,
:func:`_exact_function`) and rounded once, as the general path rounds its exact
equilibria. That exact step costs some microseconds a point, so grids made mostly of
mixed-equilibrium points run at tens of thousands of points per second end to end;
the classification itself (:func:`classify_grid_2x2`) runs at millions.

References
----------
Fudenberg, D. & Tirole, J. (1991). *Game Theory*. MIT Press.
Jervis, R. (1978). Cooperation under the Security Dilemma. *World Politics* 30(2),
167-214.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .sweep_rational import with_small_pages

__all__ = ["Grid2x2", "classify_grid_2x2", "vectorised_points"]

#: relative gap below which two payoffs count as tied (the point is solved exactly)
TIE = 1e-9
#: beyond this magnitude (payoffs, parameters) the point is solved exactly
LARGE = 1e12

# cases: which equilibria a point has
C_DOMINANT, D_DOMINANT, COORDINATION, ANTI_COORDINATION = range(4)
_NAMES = ("prisoner's dilemma", "stag hunt", "chicken", "deadlock", "harmony",
          "unnamed ordering")


@dataclass(frozen=True)
class Grid2x2:
    """The classification of every grid point (arrays of one length).

    ``ok`` marks the points classified here (the others go to the general path);
    ``case`` is one of the four sign cases; ``q_c``, ``q_d`` the mixed equilibrium's
    probabilities (meaningful for the two cases with a mixed equilibrium); ``name`` an
    index into the names of :func:`~alliance_games.games.classify.classify_2x2`.
    """

    ok: np.ndarray
    case: np.ndarray
    q_c: np.ndarray
    q_d: np.ndarray
    name: np.ndarray


def classify_grid_2x2(T: np.ndarray, R: np.ndarray, P: np.ndarray, S: np.ndarray
                      ) -> Grid2x2:
    """Equilibrium case, mixed probabilities and game name of every point at once.

    The names follow :func:`~alliance_games.games.classify.classify_2x2` (strict
    orderings; ties are left to the general path through ``ok``).
    """
    values = np.stack(np.broadcast_arrays(T, R, P, S)).astype(float)
    T, R, P, S = values
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        ok = np.isfinite(values).all(axis=0) & (np.abs(values) < LARGE).all(axis=0)
        for x, y in itertools.combinations(values, 2):
            scale = np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))
            ok &= np.abs(x - y) > TIE * scale
        a = R - T
        b = P - S
        case = np.where(a > 0, np.where(b < 0, C_DOMINANT, COORDINATION),
                        np.where(b > 0, D_DOMINANT, ANTI_COORDINATION))
        total = a + b
        q_c = b / total
        q_d = a / total
    name = np.full(T.shape, 5, dtype=np.int8)
    name[(R > T) & (S > P)] = 4
    name[(T > P) & (P > R) & (R > S)] = 3
    name[(T > R) & (R > S) & (S > P)] = 2
    name[(R > T) & (T > P) & (P > S)] = 1
    name[(T > R) & (R > P) & (P > S)] = 0
    return Grid2x2(ok=ok, case=case, q_c=q_c, q_d=q_d, name=name)


def _rational_only(expr: Any) -> bool:
    """Whether ``expr`` uses only rational arithmetic, min/max/abs/mod and conditions."""
    import sympy

    allowed = (sympy.Symbol, sympy.Rational, sympy.Add, sympy.Mul, sympy.Max, sympy.Min,
               sympy.Abs, sympy.Mod, sympy.Piecewise, sympy.logic.boolalg.Boolean,
               sympy.core.relational.Relational)
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            if not node.exp.is_Integer:
                return False
        elif isinstance(node, tuple) or type(node).__name__ == "ExprCondPair":
            continue
        elif not isinstance(node, allowed):
            return False
    return True


def _fraction(value: Any) -> Fraction:
    """A rational sympy number (or int, Fraction) as a Fraction."""
    if isinstance(value, Fraction | int):
        return Fraction(value)
    return Fraction(int(value.p), int(value.q))


def _exact_function(expr: Any) -> Callable[[Mapping[Any, Fraction]], Any]:
    """A function of ``env`` (symbol -> Fraction) giving the exact value of a rational
    expression (see :func:`_rational_only`); conditions give bools. It is built once per
    expression as nested Python closures over the sympy tree: no code is generated."""
    import operator

    import sympy

    if expr.is_Symbol:
        return lambda env: env[expr]
    if expr.is_Rational:
        constant = Fraction(int(expr.p), int(expr.q))
        return lambda env: constant
    if expr is sympy.true or expr is sympy.false:
        truth = bool(expr)
        return lambda env: truth
    parts = [_exact_function(a) for a in expr.args]
    if expr.is_Add:
        return lambda env: sum((f(env) for f in parts), Fraction(0))
    if expr.is_Mul:
        def product(env: Mapping[Any, Fraction]) -> Fraction:
            out = Fraction(1)
            for f in parts:
                out *= f(env)
            return out

        return product
    if expr.is_Pow:
        base, power = parts[0], int(expr.args[1])
        return lambda env: base(env) ** power
    if isinstance(expr, sympy.Piecewise):
        branches = [(_exact_function(v), _exact_function(c)) for v, c in expr.args]

        def piecewise(env: Mapping[Any, Fraction]) -> Any:
            for value, condition in branches:
                if condition(env):
                    return value(env)
            raise ValueError("no branch of a condition applies")

        return piecewise
    folds: dict[Any, Callable[..., Any]] = {
        sympy.Max: max, sympy.Min: min, sympy.And: all, sympy.Or: any}
    for kind, fold in folds.items():
        if isinstance(expr, kind):
            return _folded(fold, parts)
    unary: dict[Any, Callable[[Any], Any]] = {sympy.Abs: abs, sympy.Not: operator.not_}
    binary: dict[Any, Callable[[Any, Any], Any]] = {
        sympy.Mod: operator.mod, sympy.StrictLessThan: operator.lt,
        sympy.LessThan: operator.le, sympy.StrictGreaterThan: operator.gt,
        sympy.GreaterThan: operator.ge, sympy.Equality: operator.eq,
        sympy.Unequality: operator.ne}
    for kind, one in unary.items():
        if isinstance(expr, kind):
            return _folded(_spread(one), parts)
    for kind, two in binary.items():
        if isinstance(expr, kind):
            return _folded(_spread(two), parts)
    raise ValueError(f"not a rational expression: {type(expr).__name__}")


def _folded(fold: Callable[[Any], Any], parts: Sequence[Callable[[Any], Any]]
            ) -> Callable[[Mapping[Any, Fraction]], Any]:
    """``env -> fold(values of the parts)``, the parts evaluated in order."""
    def apply(env: Mapping[Any, Fraction]) -> Any:
        return fold([f(env) for f in parts])

    return apply


def _spread(function: Callable[..., Any]) -> Callable[[Sequence[Any]], Any]:
    """``values -> function(*values)``."""
    return lambda values: function(*values)


def _mixed_exact(exact: Sequence[Callable[[Mapping[Any, Fraction]], Any]],
                 env: Mapping[Any, Fraction], case: int) -> tuple[float, float] | None:
    """The mixed equilibrium's (q_C, q_D) as the general path reports them: the exact
    rationals b / (a + b) and a / (a + b), each rounded once to a float. None when the
    exact signs disagree with the float classification (the point is then solved)."""
    try:
        T, R, P, S = (f(env) for f in exact)
    except (ValueError, ZeroDivisionError, KeyError, TypeError):
        return None
    a, b = R - T, P - S
    expected = (1, 1) if case == COORDINATION else (-1, -1)
    if ((a > 0) - (a < 0), (b > 0) - (b < 0)) != expected:
        return None
    return float(b / (a + b)), float(a / (a + b))


def _regime(signatures: Sequence[str]) -> str:
    """The regime string of :func:`~alliance_games.analysis.sweep.solve_point`."""
    counts: dict[str, int] = {}
    for sig in signatures:
        counts[sig] = counts.get(sig, 0) + 1
    return " | ".join(f"{k}" if v == 1 else f"{k} x{v}" for k, v in sorted(counts.items()))


def vectorised_points(game: Any, parameters: Mapping[str, Any], axes: Sequence[Any],
                      bad_values: Sequence[set[Fraction]],
                      fixed: Mapping[str, Fraction], make: Callable[..., Any]
                      ) -> list[Any] | None:
    """The sweep points of a ``security_dilemma`` grid, ``None`` where the general path
    must solve the point; ``None`` overall when the spec does not qualify.

    Parameters
    ----------
    game
        The game compiled at one grid point (for its symbolic payoffs and labels).
    parameters
        Every parameter's value (defaults with the fixed overrides), as numbers.
    axes
        The swept :class:`~alliance_games.analysis.sweep.GridAxis` list.
    bad_values
        Per axis, the values outside the parameter's declared range.
    fixed
        The fixed overrides (``--set``) as exact values (they join each point's
        parameters, as in the general path).
    make
        The point record's constructor (:class:`~alliance_games.analysis.sweep.SweepPoint`).
    """
    import sympy

    info = getattr(game, "info", None) or {}
    symbolic = info.get("symbolic_payoffs")
    if not symbolic or set(symbolic) != {"T", "R", "P", "S"}:
        return None
    if not all(_rational_only(symbolic[k]) for k in "TRPS"):
        return None
    cc, dd = game.outcomes.get((0, 0)), game.outcomes.get((1, 1))
    ex, ex2 = game.outcomes.get((0, 1)), game.outcomes.get((1, 0))
    if None in (cc, dd, ex) or ex != ex2 or len({cc, dd, ex}) < 3:
        return None
    names = list(parameters)
    shape = tuple(len(a.values) for a in axes)
    grids = np.meshgrid(*[np.array([float(v) for v in a.values]) for a in axes],
                        indexing="ij")
    env: dict[str, Any] = {name: float(value) for name, value in parameters.items()}
    for axis, grid in zip(axes, grids, strict=True):
        env[axis.name] = grid.ravel()
    symbols = [sympy.Symbol(n) for n in names]
    args = [env[n] for n in names]
    payoffs = {}
    with np.errstate(all="ignore"):
        for key in "TRPS":
            function = sympy.lambdify(symbols, symbolic[key], modules="numpy")
            payoffs[key] = np.broadcast_to(np.asarray(function(*args), dtype=float),
                                           (int(np.prod(shape)),))
    grid = classify_grid_2x2(payoffs["T"], payoffs["R"], payoffs["P"], payoffs["S"])
    ok = grid.ok
    for values, bad in zip(grids, bad_values, strict=True):
        flat = values.ravel()
        ok &= np.abs(flat) < LARGE
        if bad:
            ok &= ~np.isin(flat, [float(v) for v in bad])
    # the four cases' fixed parts: equilibrium count, regime, and labels
    static = {
        C_DOMINANT: (1, _regime([cc])),
        D_DOMINANT: (1, _regime([dd])),
        COORDINATION: (3, _regime([cc, dd, "mixed"])),
        ANTI_COORDINATION: (3, _regime([ex, ex, "mixed"])),
    }
    cases = grid.case.tolist()
    oks = ok.tolist()
    game_names = [_NAMES[k] for k in grid.name.tolist()]
    labels = sorted((cc, dd, ex))
    out: list[Any] = []
    axis_names = tuple(a.name for a in axes)
    axis_symbols = tuple(sympy.Symbol(a.name) for a in axes)
    try:
        exact_payoffs = [_exact_function(symbolic[k]) for k in "TRPS"]
    except ValueError:
        return None
    exact_fixed = {sympy.Symbol(name): _fraction(value) for name, value in parameters.items()}
    for index, combo in enumerate(itertools.product(*(a.values for a in axes))):
        if not oks[index]:
            out.append(None)
            continue
        params = {**fixed, **dict(zip(axis_names, combo, strict=True))}
        case = cases[index]
        count, regime = static[case]
        if case == C_DOMINANT:
            outcomes = {cc: (1.0, 1.0)}
        elif case == D_DOMINANT:
            outcomes = {dd: (1.0, 1.0)}
        else:
            exact = {**exact_fixed, **dict(zip(axis_symbols, combo, strict=True))}
            mixed_q = _mixed_exact(exact_payoffs, exact, case)
            if mixed_q is None:
                out.append(None)
                continue
            qc, qd = mixed_q
            both, mixed = qc * qd + qd * qc, {cc: qc * qc, dd: qd * qd}
            if case == COORDINATION:
                ranges = {cc: (0.0, 1.0), dd: (0.0, 1.0), ex: (0.0, both)}
            else:
                ranges = {cc: (0.0, mixed[cc]), dd: (0.0, mixed[dd]), ex: (both, 1.0)}
            outcomes = {label: ranges[label] for label in labels}
        out.append(make(params, count, True, regime, game_names[index], outcomes))
    return out


# ---------------------------------------------------------------- the whole grid at once
def extract(game: Any) -> tuple[Any, tuple[Fraction, ...]] | None:
    """``((cc, dd, ex), (T, R, P, S))`` of a symmetric 2x2 game with rational payoffs and
    three outcome labels (mutual cooperation, mutual defection, exploitation); None for
    any other game (the sweep then takes :func:`vectorised_points` or the per-point
    path)."""
    u = getattr(game, "exact_payoffs", None)
    if u is None or getattr(game, "shape", None) != (2, 2):
        return None
    R, S, T, P = u[0, 0, 0], u[0, 0, 1], u[0, 1, 0], u[0, 1, 1]
    if (u[1, 0, 0], u[1, 1, 0], u[1, 0, 1], u[1, 1, 1]) != (R, S, T, P):
        return None
    if not all(isinstance(v, Fraction) for v in (R, S, T, P)):
        return None
    outcomes = getattr(game, "outcomes", None) or {}
    cc, dd = outcomes.get((0, 0)), outcomes.get((1, 1))
    ex, ex2 = outcomes.get((0, 1)), outcomes.get((1, 0))
    if None in (cc, dd, ex) or ex != ex2 or len({cc, dd, ex}) < 3:
        return None
    return (cc, dd, ex), (T, R, P, S)


def valid(structure: Any, data: Sequence[Fraction]) -> bool:
    """Every point the compiler accepts is a game (no checks of the kernel's own)."""
    return True


@with_small_pages
def bulk_rows(fields: Any, axes: Sequence[Any], holes: np.ndarray) -> Any:
    """Every grid point's row at once (:class:`~.sweep_table.Bulk`), exactly.

    ``fields`` is the affine map of (T, R, P, S) over the grid
    (:func:`~.sweep_fields.fit_fields` with :func:`extract`); ``holes`` marks the points
    solved one by one whatever their payoffs (out of range, refused by the compiler).
    The signs of ``a = R - T`` and ``b = P - S`` and the game's name are decided in
    rationals; ties between payoffs and magnitudes from :data:`LARGE` on are solved one
    by one, as in :func:`vectorised_points`. The mixed probabilities ``q_C = b/(a+b)``,
    ``q_D = a/(a+b)`` are rounded once from their exact values and the outcome
    probabilities are the same float products as the per-point path's.
    """
    from .sweep_rational import affine_integers
    from .sweep_table import Bulk, Kind

    cc, dd, ex = fields.structure
    ints = affine_integers(fields, axes, 4)
    if ints is not None and ints.den <= 2 ** 53:
        sign, ok, qc, qd = _signs_on_integers(ints, axes, holes)
    else:
        sign, ok, qc, qd = _signs_on_rationals(fields, axes, holes)
    a_pos = sign["TR"] < 0   # R > T
    b_pos = sign["PS"] > 0   # P > S
    case = np.where(a_pos, np.where(b_pos, COORDINATION, C_DOMINANT),
                    np.where(b_pos, D_DOMINANT, ANTI_COORDINATION))
    gt = {k: v > 0 for k, v in sign.items()}
    lt = {k: v < 0 for k, v in sign.items()}
    name = np.full(len(ok), 5, dtype=np.int8)
    name[lt["TR"] & lt["PS"]] = 4                                   # R > T, S > P
    name[gt["TP"] & lt["RP"] & gt["RS"]] = 3                        # T > P > R > S
    name[gt["TR"] & gt["RS"] & lt["PS"]] = 2                        # T > R > S > P
    name[lt["TR"] & gt["TP"] & gt["PS"]] = 1                        # R > T > P > S
    name[gt["TR"] & gt["RP"] & gt["PS"]] = 0                        # T > R > P > S
    mixed = (a_pos == b_pos) & ok
    qc = np.where(mixed, qc, 0.0)
    qd = np.where(mixed, qd, 0.0)
    both = qc * qd + qd * qc
    labels = tuple(sorted((cc, dd, ex)))
    kinds = [Kind(1, True, _regime([cc]), (cc,)), Kind(1, True, _regime([dd]), (dd,)),
             Kind(3, True, _regime([cc, dd, "mixed"]), labels),
             Kind(3, True, _regime([ex, ex, "mixed"]), labels)]
    one = np.ones(len(ok))
    zero = np.zeros(len(ok))
    coord, anti = case == COORDINATION, case == ANTI_COORDINATION
    outcomes = {
        cc: (np.where(case == C_DOMINANT, one, zero), np.where(anti, qc * qc, one),
             None, None),
        dd: (np.where(case == D_DOMINANT, one, zero), np.where(anti, qd * qd, one),
             None, None),
        ex: (np.where(anti, both, zero), np.where(coord, both, one), None, None),
    }
    return Bulk(np.where(ok, case, -1), kinds, (name, tuple(_NAMES)), outcomes)


_PAIRS = tuple(itertools.combinations(range(4), 2))


def _signs_on_integers(ints: Any, axes: Sequence[Any], holes: np.ndarray
                       ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """The signs of the six payoff differences (``"TR"``: sign of T - R ...), the points
    kept (no tie, magnitudes below :data:`LARGE`, not a hole) and ``b/(a+b)``,
    ``a/(a+b)`` (meaningful where the case is mixed), from the payoffs as int64 over
    one denominator (:class:`~.sweep_rational.AffineInts`). Differences that vary along
    one axis are computed once per value of that axis (broadcasting); the quotients
    are of exact doubles (magnitudes below 2^53), so one IEEE division rounds each
    exact value once, as ``float(Fraction)`` does."""
    shape = ints.shape
    unit = np.eye(4, dtype=np.int64).tolist()
    kept: Any = np.ones((1,) * len(shape), dtype=bool)
    with np.errstate(all="ignore"):
        for w in unit:
            kept = kept & (np.abs(ints.broadcast(w) / ints.den) < LARGE)
        for k, axis in enumerate(axes):
            view = [1] * len(shape)
            view[k] = len(axis.values)
            kept = kept & (np.abs(np.array([float(v) for v in axis.values])) < LARGE
                           ).reshape(view)
        sign = {}
        for x, y in _PAIRS:
            w = [a - b for a, b in zip(unit[x], unit[y], strict=True)]
            s = np.sign(ints.broadcast(w)).astype(np.int8)
            kept = kept & (s != 0)
            sign["TRPS"[x] + "TRPS"[y]] = np.broadcast_to(s, shape).reshape(-1)
        a = ints.broadcast([-1, 1, 0, 0])   # R - T
        b = ints.broadcast([0, 0, 1, -1])   # P - S
        total = (a + b).astype(float)
        qc = np.broadcast_to(b / total, shape).reshape(-1)
        qd = np.broadcast_to(a / total, shape).reshape(-1)
    ok = ~holes & np.broadcast_to(kept, shape).reshape(-1)
    return sign, ok, qc, qd


def _signs_on_rationals(fields: Any, axes: Sequence[Any], holes: np.ndarray
                        ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_signs_on_integers` on :class:`~.sweep_rational.Rat` arrays (payoffs or
    denominators too large for int64 over one denominator)."""
    from .sweep_rational import fields_on_grid

    index, (T, R, P, S) = fields_on_grid(fields, axes, 4)
    ok = ~holes
    with np.errstate(all="ignore"):
        for v in (T, R, P, S):
            ok &= np.abs(v.floats()) < LARGE
        for axis, i in zip(axes, index, strict=True):
            ok &= (np.abs(np.array([float(v) for v in axis.values])) < LARGE)[i]
    sign = {}
    for (nx, x), (ny, y) in itertools.combinations(zip("TRPS", (T, R, P, S), strict=True), 2):
        s = x.cmp(y)
        ok &= s != 0
        sign[nx + ny] = s
    mixed = ((sign["TR"] < 0) == (sign["PS"] > 0)) & ok
    qc = np.zeros(len(ok))
    qd = np.zeros(len(ok))
    if mixed.any():
        at = np.nonzero(mixed)[0]
        a = R.take(at) - T.take(at)
        b = P.take(at) - S.take(at)
        qc[at] = (b / (a + b)).floats()
        qd[at] = (a / (a + b)).floats()
    return sign, ok, qc, qd
