"""All extreme Nash equilibria of a two-player game by vertex enumeration.

Shift both payoff matrices onto ``[1, 2]`` (a positive affine change that keeps every
equilibrium) and form the best-response polytopes (von Stengel 2002, sec. 3)

.. math::

    P = \\{x \\in \\mathbb{R}^m : x \\ge 0,\\ B^\\top x \\le 1\\}, \\qquad
    Q = \\{y \\in \\mathbb{R}^n : A y \\le 1,\\ y \\ge 0\\}.

A point of ``P`` has *label* ``i`` if ``x_i = 0`` and label ``m + j`` if
``(B^T x)_j = 1`` (column ``j`` is a best response to ``x``); a point of ``Q`` has label
``m + j`` if ``y_j = 0`` and label ``i`` if ``(A y)_i = 1``. A pair ``(x, y) != (0, 0)``
is *completely labelled* when every label in ``0 .. m+n-1`` occurs at ``x`` or at ``y``;
then ``(x / sum x, y / sum y)`` is a Nash equilibrium, and the extreme equilibria are
exactly the completely labelled pairs of vertices (Mangasarian 1964; Avis, Rosenberg,
Savani & von Stengel 2010).

The algorithm:

1. enumerate *every* vertex of ``P`` by breadth-first lexicographic pivoting
   (:mod:`._polytope`), which is complete by construction even for degenerate polytopes,
   and read each vertex's label set from its coordinates, not from a triangulation
   (dropping labels of degenerate vertices is how pairing-based codes lose equilibria);
2. if every vertex ``x != 0`` of ``P`` has exactly ``m`` labels, its only possible
   partner has the ``n`` complementary labels, which pin it down: one small linear solve
   per vertex (batched), kept if feasible. Otherwise (or if a system is nearly singular)
   enumerate every vertex of ``Q`` too (roles swapped when ``Q`` has the lower
   dimension) and pair vertices whose label sets cover all
   labels (hash look-up of the complementary set, plus a superset test for vertices with
   surplus labels);
3. when the payoffs are rational, recompute every paired vertex exactly (integer,
   fraction-free elimination) from its tight constraints and check exactly that it is
   feasible with the label set the floats found: complementarity then makes the pair an
   exact equilibrium (exact mode also re-checks the regret). If a float decision was
   delicate or any exact check disagrees, everything is redone in exact arithmetic.

Equilibria sharing a vertex form continua: see :mod:`.components`.

References
----------
Mangasarian, O. L. (1964). Equilibrium points of bimatrix games. *J. SIAM* 12, 778-780.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45.
Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42, 9-37.

Examples
--------
>>> from alliance_games.games.normal import NormalFormGame
>>> stag_hunt = NormalFormGame.from_arrays([[[4, 0], [3, 2]], [[4, 3], [0, 2]]])
>>> result = vertex_enumeration(stag_hunt, exact=True)
>>> [eq.profile() for eq in result]  # doctest: +NORMALIZE_WHITESPACE
[((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1))),
 ((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))),
 ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3)))]
>>> result.complete
True
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...budget import Budget
from ...equilibrium import (
    Equilibrium,
    ExactProfile,
    SolveResult,
    _normal_form_record,
    make_equilibrium,
    outcome_distribution,
)
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import exact_needs_rational
from ..kernels import polytope_compiled
from ..kernels.polytope import PolytopeVertices, vertices_exact, vertices_float
from ..kernels.rational import normalized_integer_rows, normalized_payoffs_float
from .components import nash_components
from .vertex_matching import (
    _continuum_diagnostics,
    _Disagreement,
    _empty,
    _exact_numerators,
    _float_profile,
    _match_by_solving,
    _nbytes,
    _normalized,
    _order_key,
    pairs_of_polytopes,
)

__all__ = ["vertex_enumeration", "best_response_vertices", "BestResponseVertices"]

_SHORTCUT_MIN = 300

METHOD = "vertex-enumeration"


@dataclass(frozen=True, eq=False)
class BestResponseVertices:
    """The vertices of both best-response polytopes of a bimatrix game.

    ``p.tight`` columns are the labels ``0 .. m+n-1`` in order; ``q.tight`` columns are
    ``m .. m+n-1`` then ``0 .. m-1`` (``y_j = 0`` first, then the rows of ``A y <= 1``).
    """

    p: PolytopeVertices
    q: PolytopeVertices
    p_rows: tuple[list[list[int]], list[int]] | None
    q_rows: tuple[list[list[int]], list[int]] | None
    redone_exactly: bool
    delicate: bool
    both_full: bool = True

    @property
    def complete(self) -> bool:
        return self.p.complete and self.q.complete

    @property
    def degenerate(self) -> bool | None:
        """True iff some mixed strategy has more pure best responses than its support size.

        Equivalent to a vertex of ``P`` with more than ``m`` labels or of ``Q`` with more
        than ``n`` (von Stengel 2002, Thm 3.4 and its proof). ``None`` when only the
        vertices of one polytope that complete an equilibrium were computed and none of
        them (nor any vertex of the other) is degenerate: then degeneracy cannot affect
        the equilibria, but it was not ruled out for that player.
        """
        if self.p.degenerate or self.q.degenerate:
            return True
        return False if self.both_full else None


def _check_game(game: NormalFormGame, exact: bool) -> None:
    if game.n_players != 2:
        raise SolverError(
            f"this method needs a 2-player game; {game.name!r} has {game.n_players} players"
        )
    if exact and not game.is_exact:
        exact_needs_rational()


@dataclass(frozen=True, eq=False)
class _Matrices:
    """The shifted payoff matrices of ``P`` (``B^T``) and ``Q`` (``A``): float, and for
    rational games as integer rows ``(ints, mults)`` (``M_j = ints_j / mults_j``)."""

    p_float: np.ndarray
    q_float: np.ndarray
    p_rows: tuple[list[list[int]], list[int]] | None
    q_rows: tuple[list[list[int]], list[int]] | None

    @classmethod
    def of(cls, game: NormalFormGame) -> _Matrices:
        a, b = game.bimatrix()
        p_rows = q_rows = None
        if game.is_exact:
            ea, eb = game.bimatrix(exact=True)
            p_rows = _integer_rows(np.asarray(eb, dtype=object).T)
            q_rows = _integer_rows(np.asarray(ea, dtype=object))
        return cls(
            p_float=normalized_payoffs_float(np.asarray(b, dtype=float).T),
            q_float=normalized_payoffs_float(np.asarray(a, dtype=float)),
            p_rows=p_rows,
            q_rows=q_rows,
        )


def _integer_rows(matrix: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """:func:`~..kernels.rational.normalized_integer_rows`, without building a Fraction
    per entry when every payoff is an integer (the common case): then the lcm of the
    denominators is 1 and the rows are ``a - lo + span`` over the multiplier ``span``."""
    flat = matrix.ravel().tolist()
    if not all(v.denominator == 1 for v in flat):
        return normalized_integer_rows(matrix)
    ints = [int(v.numerator) for v in flat]
    lo, hi = min(ints), max(ints)
    rows, cols = matrix.shape
    if hi == lo:
        return [[1] * cols for _ in range(rows)], [1] * rows
    span = hi - lo
    shifted = [v - lo + span for v in ints]
    return [shifted[i * cols : (i + 1) * cols] for i in range(rows)], [span] * rows


def _fractions(rows: tuple[list[list[int]], list[int]]) -> list[list[Fraction]]:
    return [[Fraction(v, mult) for v in row] for row, mult in zip(*rows, strict=True)]


def _enumerate(
    flt: np.ndarray,
    ext: tuple[list[list[int]], list[int]] | None,
    tol: float,
    deadline: float | None,
    progress: Callable[[int, int], None] | None,
    exact_arithmetic: bool,
    budget: Budget | None = None,
    reserved: float = 0.0,
) -> tuple[PolytopeVertices, bool, bool]:
    """Vertices of one polytope: floats, redone exactly (rational payoffs) if delicate.

    Returns the vertices, whether they were (re)done exactly, and whether the float pass
    was delicate.
    """
    poly = None
    delicate = False
    if not exact_arithmetic or ext is None:
        poly = vertices_float(flt, tol=tol, deadline=deadline, progress=progress,
                              budget=budget, reserved=reserved)
        delicate = poly.delicate
        if poly.stopped is not None:
            return poly, False, delicate
    if ext is not None and (poly is None or poly.delicate):
        exact = vertices_exact(_fractions(ext), deadline=deadline, progress=progress,
                               budget=budget, reserved=reserved)
        return exact, True, delicate
    return poly, False, delicate  # type: ignore[return-value]


def _progress_pair(
    progress: Callable[[int, int], None] | None,
) -> tuple[Callable[[int, int], None] | None, Callable[[int, int], None] | None]:
    """Two progress callbacks (for P and for Q) adding up into one."""
    if progress is None:
        return None, None
    counts = [0, 0, 0, 0]

    def make(which: int) -> Callable[[int, int], None]:
        def inner(done: int, known: int) -> None:
            counts[2 * which], counts[2 * which + 1] = done, known
            progress(counts[0] + counts[2], counts[1] + counts[3])

        return inner

    return make(0), make(1)


def best_response_vertices(
    game: NormalFormGame,
    *,
    tol: float = 1e-9,
    deadline: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    exact_arithmetic: bool = False,
    budget: Budget | None = None,
) -> BestResponseVertices:
    """Enumerate all vertices of both best-response polytopes ``P`` and ``Q``.

    Floats first; for rational payoffs a polytope whose float pass had a delicate decision
    (or every polytope, with ``exact_arithmetic=True``) is enumerated again exactly.
    ``budget`` limits time and memory (see :func:`~._polytope.vertices_float`): a stopped
    enumeration is incomplete and its ``stopped`` says why.
    """
    mats = _Matrices.of(game)
    on_p, on_q = _progress_pair(progress)
    p, p_redone, p_delicate = _enumerate(
        mats.p_float, mats.p_rows, tol, deadline, on_p, exact_arithmetic, budget
    )
    q, q_redone, q_delicate = _enumerate(
        mats.q_float, mats.q_rows, tol, deadline, on_q, exact_arithmetic, budget,
        _nbytes(p),
    )
    return BestResponseVertices(
        p=p,
        q=q,
        p_rows=mats.p_rows,
        q_rows=mats.q_rows,
        redone_exactly=p_redone or q_redone,
        delicate=p_delicate or q_delicate,
    )


def vertex_enumeration(
    game: NormalFormGame,
    *,
    exact: bool = False,
    tol: float = 1e-9,
    timeout: float | None = None,
    memory: int | str | None = None,
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SolveResult:
    """All extreme Nash equilibria of a two-player game, with components.

    Parameters
    ----------
    game
        A 2-player :class:`NormalFormGame` (any sizes, including ``1 x n``).
    exact
        Report equilibria as Fractions (needs rational payoffs). Rational games are
        certified exactly in either mode; this only changes what is reported.
    tol
        Float tolerance for zero tests on the shifted payoffs (entries in ``[1, 2]``).
    timeout, memory, budget
        Limits: seconds, bytes (``"2G"``), or a :class:`~alliance_games.budget.Budget`
        from the dispatcher (it wins). The number of vertices is exponential in the size
        of the game, so each BFS level estimates its bytes before it allocates them and
        the deadline is checked within levels; past a limit the result is incomplete
        (with the equilibria paired so far), a diagnostic says which limit, and
        ``extra["stopped"]`` holds the message.
    progress
        Called with ``(bases visited, bases known)`` while the polytopes are enumerated.

    Returns
    -------
    SolveResult
        ``method="vertex-enumeration"``; ``complete`` is True unless the timeout struck
        (or, for irrational payoffs, a float decision was too close to call);
        ``components`` groups equilibria into connected components; ``extra`` has
        ``degenerate`` (left out when step 2 made the second polytope unnecessary, which
        only happens when the first has over 300 vertices, and no degenerate vertex was
        met), ``n_vertices`` (|P|, |Q|; when both were enumerated),
        ``maximal_nash_subsets`` (tuples of equilibrium indices; when some subset has
        more than one) and ``exact_arithmetic`` (True when the vertices were
        enumerated in rationals).
    """
    _check_game(game, exact)
    budget = budget or Budget.start(timeout, memory)
    m, n = game.shape
    # the payoff matrices, their float and integer copies
    budget.require(m * n * 8 * 8, f"vertex enumeration's {m}x{n} matrices")
    try:
        return _solve(game, exact, tol, None, progress, exact_arithmetic=False,
                      budget=budget)
    except _Disagreement:
        return _solve(game, exact, tol, None, progress, exact_arithmetic=True,
                      budget=budget)


def _solve(
    game: NormalFormGame,
    exact: bool,
    tol: float,
    deadline: float | None,
    progress: Callable[[int, int], None] | None,
    exact_arithmetic: bool,
    budget: Budget | None = None,
) -> SolveResult:
    """Enumerate both polytopes (or one and match by solving), pair, certify, report."""
    # A little over 60 lines: the choice between enumerating the second polytope and the
    # matching shortcut reads best as one decision; the later steps are named functions.
    m, n = game.shape
    mats = _Matrices.of(game)
    on_p, on_q = _progress_pair(progress)
    # enumerate the lower-dimensional polytope first: it usually has fewer vertices
    first_is_p = m <= n
    if first_is_p:
        first = _enumerate(mats.p_float, mats.p_rows, tol, deadline, on_p, exact_arithmetic,
                           budget)
    else:
        first = _enumerate(mats.q_float, mats.q_rows, tol, deadline, on_q, exact_arithmetic,
                           budget)
    shortcut = None
    # the shortcut pays off on large polytopes; on small ones enumerating both is cheap
    # and tells for certain whether the game is degenerate
    if first[0].complete and not first[1] and len(first[0].coordinates) > _SHORTCUT_MIN:
        shortcut = _match_by_solving(first[0], mats.q_float if first_is_p else mats.p_float, tol,
                                     budget)
    if shortcut is not None:
        second = (shortcut[0], False, False)
        pairs = shortcut[1] if first_is_p else sorted((j, i) for i, j in shortcut[1])
    elif first[0].stopped is not None:
        # the first polytope was cut short by a budget: the second cannot fit either
        d, r = (m, n) if not first_is_p else (n, m)
        second = (_empty(d, r, None), False, False)
    elif first_is_p:
        second = _enumerate(mats.q_float, mats.q_rows, tol, deadline, on_q, exact_arithmetic,
                            budget, _nbytes(first[0]))
    else:
        second = _enumerate(mats.p_float, mats.p_rows, tol, deadline, on_p, exact_arithmetic,
                            budget, _nbytes(first[0]))
    (p, p_redone, p_delicate), (q, q_redone, q_delicate) = (
        (first, second) if first_is_p else (second, first)
    )
    if shortcut is None:
        pairs = pairs_of_polytopes(p, q, m, n)
    vertices = BestResponseVertices(
        p=p,
        q=q,
        p_rows=mats.p_rows,
        q_rows=mats.q_rows,
        redone_exactly=p_redone or q_redone,
        delicate=p_delicate or q_delicate,
        both_full=shortcut is None,
    )

    certified = _certified_profiles(game, vertices, pairs, exact)
    equilibria = _equilibria(game, certified, exact, tol)
    ordered_pairs = [pair for _, pair, _ in certified]
    components = nash_components(ordered_pairs)
    notes, subsets = _continuum_diagnostics(ordered_pairs, components)
    complete, diagnostics = _diagnostics(game, vertices, notes, tol)
    stopped = vertices.p.stopped or vertices.q.stopped
    return SolveResult(
        game=game,
        method=METHOD,
        complete=complete,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
        components=components,
        extra={**_extra(vertices, subsets, exact_arithmetic),
               **({"stopped": stopped} if stopped is not None else {})},
    )


#: a certified profile: the normalized profile, its vertex pair, and for rational games
#: each vertex's integer numerators (the exact profile is ``numerators / sum``)
_Certified = tuple[tuple[tuple, tuple], tuple[int, int], tuple[list[int], list[int]] | None]


def _certified_profiles(
    game: NormalFormGame,
    vertices: BestResponseVertices,
    pairs: list[tuple[int, int]],
    exact: bool,
) -> list[_Certified]:
    """Each complementary vertex pair as a normalized profile (exact for rational games),
    with its pair of vertex indices, in the house order (small supports first).

    For rational games each vertex is recomputed in integers from its basis and checked
    exactly (feasible, with the label set the floats found): complementarity then makes
    the pair an exact equilibrium. The profile is then Fractions (``exact``) or the
    floats nearest to them, and the integer numerators are kept (the float records'
    certificates).
    """
    p, q = vertices.p, vertices.q
    certified: list[_Certified] = []
    if game.is_exact:
        done: dict[tuple[int, int], tuple[tuple, list[int]]] = {}
        for side, poly, rows, used in ((0, p, vertices.p_rows, {i for i, _ in pairs}),
                                       (1, q, vertices.q_rows, {j for _, j in pairs})):
            assert rows is not None
            for index, numerators in _certified_int64(poly, rows, sorted(used)).items():
                done[(side, index)] = (_normalized(numerators, exact), numerators)

        def vertex(side: int, index: int) -> tuple[tuple, list[int]]:
            found = done.get((side, index))
            if found is None:
                poly, rows = (p, vertices.p_rows) if side == 0 else (q, vertices.q_rows)
                numerators, _ = _exact_numerators(poly, index, rows)  # type: ignore[arg-type]
                found = done[(side, index)] = (_normalized(numerators, exact), numerators)
            return found

        for i, j in pairs:
            (x, cx), (y, cy) = vertex(0, i), vertex(1, j)
            certified.append(((x, y), (i, j), (cx, cy)))
    else:
        for i, j in pairs:
            certified.append(((_float_profile(p, i), _float_profile(q, j)), (i, j), None))
    if exact:
        certified.sort(key=lambda item: _order_key(item[0]))
    else:
        certified.sort(key=_float_order_key)
    return certified


def _float_order_key(item: _Certified) -> tuple:
    """:func:`~.vertex_matching._order_key` of a float profile whose probabilities are
    nonnegative (certified): the support size counts the nonzero entries, the rest is
    the negated probabilities, built in C (the same key, a third of the time)."""
    flat = item[0][0] + item[0][1]
    return (len(flat) - flat.count(0), tuple(map(operator.neg, flat)))


def _certified_int64(
    poly: PolytopeVertices, rows: tuple[list[list[int]], list[int]], which: list[int]
) -> dict[int, list[int]]:
    """:func:`~.vertex_matching._exact_numerators` of the vertices ``which`` in one call
    of the compiled kernel, when it is loaded, the vertices were found in floats and
    int64 cannot overflow; else ``{}`` (the caller certifies them in Python integers).

    Every intermediate of the fraction-free elimination on an ``s x s`` system with
    entries at most ``E`` is a difference of two products of minors, each at most
    ``(E sqrt(s))^s`` (Hadamard's bound), so ``2 (s + 1) log2(E sqrt(s + 1)) < 60``
    with ``s`` the largest possible support (``min(d, r)``) keeps everything exact.
    Raises :class:`_Disagreement` when an exact check fails (as the Python path does).
    """
    compiled = polytope_compiled.kernel()
    if compiled is None or poly.exact_coordinates is not None or not which:
        return {}
    ints, mults = rows
    r, d = len(ints), len(ints[0])
    largest = max(max(max(map(abs, row)) for row in ints), max(mults))
    size = min(d, r) + 1
    if 2 * size * math.log2(max(largest, 2) * math.sqrt(size)) >= 60:
        return {}
    numerators, _, status = compiled.certify(
        np.array(ints, dtype=np.int64), np.array(mults, dtype=np.int64),
        np.ascontiguousarray(poly.bases, dtype=np.int64), np.ascontiguousarray(poly.tight),
        np.array(which, dtype=np.int64),
    )
    if status.any():
        raise _Disagreement("an exact vertex check failed")
    return dict(zip(which, numerators.tolist(), strict=True))


def _equilibria(
    game: NormalFormGame,
    certified: list[_Certified],
    exact: bool,
    tol: float,
) -> list[Equilibrium]:
    """The equilibrium records; in exact mode a failed exact check is a
    :class:`_Disagreement` (the caller redoes the enumeration in rationals)."""
    if not exact:
        return _float_equilibria(game, [profile for profile, _, _ in certified],
                                 max(tol, 1e-9), [ints for _, _, ints in certified])
    equilibria: list[Equilibrium] = []
    for profile, _, _ in certified:
        try:
            equilibria.append(make_equilibrium(game, profile, exact=True))
        except SolverError as err:
            raise _Disagreement(str(err)) from None
    return equilibria


def _float_equilibria(
    game: NormalFormGame, profiles: list[tuple[tuple, tuple]], tol: float,
    numerators: list[tuple[list[int], list[int]] | None],
) -> list[Equilibrium]:
    """``make_equilibrium(game, profile, exact=False, tol=tol, certificate=...)`` for
    every profile, with the regret of all of them computed at once (two matrix
    products); ``numerators`` are the certified vertices' integers (``None`` for an
    irrational game), kept as each record's :class:`~alliance_games.equilibrium.ExactProfile`.

    The same checks and records: probabilities nonnegative and summing to 1 within
    ``tol``; regret ``max(max_i (A y)_i - x A y, max_j (x B)_j - x B y, 0)`` at most
    ``tol`` times the payoff scale ``max(1, max |payoff|)`` (else :class:`SolverError`);
    payoffs ``x A y`` and ``x B y``; outcome distribution. (One ``make_equilibrium`` call
    per equilibrium costs 60 µs of numpy calls on tiny arrays; this is a few µs each.)
    """
    if not profiles:
        return []
    # the checks in Python on the tuples, the products in numpy (few calls: on small
    # games each numpy call costs more than the arithmetic)
    for i in (0, 1):
        for profile in profiles:
            sigma = profile[i]
            if min(sigma) < 0:
                raise SolverError(f"player {game.players[i]}: negative probability")
            if abs(sum(sigma) - 1.0) > tol:
                raise SolverError(f"player {game.players[i]}: probabilities do not sum to 1")
    x = np.array([p[0] for p in profiles], dtype=float)
    y = np.array([p[1] for p in profiles], dtype=float)
    a, b = game.payoffs[0], game.payoffs[1]
    rows = y @ a.T  # (A y)_i: the row player's payoff of each pure strategy
    cols = x @ b  # (x B)_j
    value_1 = np.einsum("ei,ei->e", x, rows)
    value_2 = np.einsum("ej,ej->e", y, cols)
    gains = np.stack([rows.max(axis=1) - value_1, cols.max(axis=1) - value_2]).max(axis=0)
    regrets = [max(gain, 0.0) for gain in gains.tolist()]
    scale = max(1.0, -float(game.payoffs.min()), float(game.payoffs.max()))
    worst = max(regrets)
    if worst > tol * scale:
        raise SolverError(f"profile is not an equilibrium: regret {worst:.3g}")
    players = game.players
    first, second = players
    names_1, names_2 = game.strategies
    labelled = bool(game.outcomes)
    out = []
    for (row, col), v1, v2, r, ints in zip(profiles, value_1.tolist(), value_2.tolist(),
                                           regrets, numerators, strict=True):
        if type(row[0]) is not float or type(col[0]) is not float:
            row, col = tuple(float(v) for v in row), tuple(float(v) for v in col)
        out.append(_normal_form_record(
            players,
            {first: dict(zip(names_1, row, strict=True)),
             second: dict(zip(names_2, col, strict=True))},
            {first: v1, second: v2},
            r,
            False,
            outcome_distribution(game, (row, col), False) if labelled else {},
            certificate=None if ints is None else ExactProfile(ints, None, game),
        ))
    return out


def _diagnostics(
    game: NormalFormGame, vertices: BestResponseVertices, notes: list[str], tol: float
) -> tuple[bool, list[str]]:
    """Whether the list is complete, and the diagnostics: a stopped or cut-short
    enumeration, degeneracy and its continua, an exact redo, irrational payoffs."""
    diagnostics: list[str] = []
    complete = vertices.complete
    stopped = vertices.p.stopped or vertices.q.stopped
    if stopped is not None:
        diagnostics.append(
            f"Stopped before every vertex of the best-response polytopes was visited: "
            f"{stopped}. The list of equilibria may be incomplete (use --method "
            "lemke-howson for one equilibrium of a large game)."
        )
    elif not vertices.complete:
        diagnostics.append(
            "Stopped at the time limit before every vertex of the best-response polytopes "
            "was visited: the list of equilibria may be incomplete."
        )
    if vertices.degenerate:
        diagnostics.append(
            "The game is degenerate: some mixed strategy has more pure best responses than "
            "strategies in its support, so equilibria need not be isolated."
        )
    diagnostics.extend(notes)
    if vertices.redone_exactly:
        diagnostics.append(
            "Some floating-point decisions were too close to call; the vertices were "
            "enumerated again in exact rational arithmetic."
        )
    if not game.is_exact:
        diagnostics.append(
            "Some payoffs are irrational: vertices were computed in floating point and the "
            f"equilibria verified to tolerance {tol:g}, not exactly."
        )
        if vertices.delicate:
            complete = False
            diagnostics.append(
                "Some floating-point decisions were within 1e-7 of the tolerance, so "
                "completeness cannot be guaranteed."
            )
    return complete, diagnostics


def _extra(
    vertices: BestResponseVertices, subsets: list[tuple[int, ...]], exact_arithmetic: bool
) -> dict[str, object]:
    """The method-specific facts worth showing; keys whose answer is unknown are left out."""
    extra: dict[str, object] = {}
    if vertices.degenerate is not None:
        extra["degenerate"] = vertices.degenerate
    if vertices.both_full:
        extra["n_vertices"] = (len(vertices.p.coordinates), len(vertices.q.coordinates))
    if any(len(s) > 1 for s in subsets):
        extra["maximal_nash_subsets"] = tuple(subsets)
    if vertices.redone_exactly or exact_arithmetic:
        extra["exact_arithmetic"] = True
    return extra
