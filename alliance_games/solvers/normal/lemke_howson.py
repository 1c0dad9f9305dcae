"""One Nash equilibrium of a bimatrix game by Lemke–Howson, certified exactly.

Shift both payoff matrices onto ``[1, 2]`` and take the best-response polytopes of
:mod:`.vertex_enumeration` in standard form, one tableau each:

.. math::

    P:\\; B^\\top x + s = 1,\\ x, s \\ge 0 \\qquad
    Q:\\; r + A y = 1,\\ r, y \\ge 0.

Every variable carries a *label*: ``x_i`` and ``r_i`` carry ``i`` (row ``i`` of the
game), ``s_j`` and ``y_j`` carry ``m + j`` (column ``j``). A pair of bases is
*completely labelled* when every label is nonbasic (its variable is 0) in one of the two
tableaux; then ``(x / Σx, y / Σy)`` is a Nash equilibrium, or the *artificial
equilibrium* ``(0, 0)`` where every slack is basic.

Lemke–Howson (1964; von Stengel 2002, sec. 3.4–3.6) starts from the artificial
equilibrium and *drops* one label ``k``: the variable with label ``k`` enters the
tableau where it is nonbasic; the minimum-ratio test picks the variable that leaves, whose
label is now missing in that tableau and so enters the other one; and so on, alternating,
until the variable with label ``k`` itself leaves. The path cannot branch or return (each
almost-completely-labelled basis pair has exactly two neighbours), so it ends at a
completely labelled pair: an equilibrium. Ties in the ratio test (degenerate games) are
broken *lexicographically* (compare the rows of ``[B^{-1} 1 | B^{-1}]`` divided by the
pivot column), which is the same as perturbing the right-hand side to ``1 + (ε, ε², …)``:
every basis along the path is then nondegenerate and the path is still unique
(von Stengel 2002, sec. 3.6).

How this module computes it:

1. **float pivoting** on dense numpy tableaux (one rank-one update per pivot, the
   lexicographic test on the columns of the initial slack basis, which hold ``B^{-1}``);
2. **exact certification**: for rational payoffs the final basis pair is re-solved in
   integers (fraction-free elimination of the square system of its tight constraints,
   ``B[I, J]^T x_I = 1`` for the basic ``x`` and the tight columns, and the same for
   ``y``), the solution is checked exactly to be feasible, and the resulting profile's
   regret is verified to be exactly 0 (with numba, in compiled kernels: the solution as
   signed maximal minors modulo primes, Chinese-remaindered; :mod:`.lh_certify`). Floats
   only choose the path; the equilibrium reported is exact;
3. if that certification fails (rounding chose a wrong pivot, or a near-singular basis),
   the path is **followed again in exact integer arithmetic** (fraction-free tableau
   pivoting as in lrs, exact lexicographic test) when the game is small enough for it
   within the budget; otherwise the diagnostics say that the float result could not be
   certified and the equilibrium is verified in floating point only.

``all_from_artificial=True`` follows, from the artificial equilibrium and from every
equilibrium found, the path of every label: all equilibria in the artificial
equilibrium's component of the Lemke–Howson graph (Shapley 1974). That is usually many
but not all equilibria, so the result is still marked incomplete.

Why by hand: no Python library offers a Lemke–Howson whose result is certified in exact
arithmetic (QuantEcon's ``lemke_howson`` is float only and returns no basis to certify;
nashpy's is float only; Gambit's ``lcp_solve`` is GPL and cannot be a dependency).
QuantEcon and Gambit serve as test and benchmark oracles only.

References
----------
Lemke, C. E. & Howson, J. T. (1964). Equilibrium points of bimatrix games. *J. SIAM*
12(2), 413-423.
Shapley, L. S. (1974). A note on the Lemke–Howson algorithm. *Mathematical Programming
Study* 1, 175-189.
von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of Game
Theory* vol. 3, ch. 45, sec. 3.4-3.6.

Examples
--------
>>> from alliance_games.games.normal import NormalFormGame
>>> battle = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
>>> result = lemke_howson(battle, exact=True)
>>> result.equilibria[0].profile()
((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
>>> result.complete
False
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...budget import Budget, BudgetExceeded
from ...equilibrium import (
    Equilibrium,
    ExactProfile,
    SolveResult,
    equilibrium_record,
    make_equilibrium,
)
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import exact_needs_rational
from ..kernels import lh_compiled
from ..kernels.rational import normalized_payoffs_float
from .lh_certify import _certify_pair
from .lh_tableaux import (
    _Cycling,
    _exact_tableaux,
    _float_tableaux,
    _FloatTableau,
    _integer_matrix,
    _start_tables,
    _zobrist_words,
)

__all__ = ["lemke_howson", "lemke_howson_path", "LemkeHowsonPath"]

METHOD = "lemke-howson"
#: exact re-pivoting is tried only up to this many tableau entries (rows x columns, both
#: tableaux): Python integers are ~100x slower than floats per entry and per pivot
_EXACT_ENTRIES = 40_000
#: games with at least this many labels (m + n) pivot in the compiled kernel when numba
#: is importable: below it, importing numba (about 0.5 s) costs more than it saves
COMPILED_MIN_LABELS = 60


# ============================================================================ paths
@dataclass(frozen=True)
class LemkeHowsonPath:
    """The end of one Lemke–Howson path: the bases, the float point and the pivots used.

    ``x`` and ``y`` are the (unnormalised) points of ``P`` and ``Q``; ``basis_p``/``basis_q``
    the labels of the basic variables.
    """

    label: int
    pivots: int
    basis_p: tuple[int, ...]
    basis_q: tuple[int, ...]
    x: tuple[Any, ...]
    y: tuple[Any, ...]


def _follow(tp: Any, tq: Any, label: int, budget: Budget, check_cycles: bool) -> int:
    """Drop ``label`` and pivot until it is picked up again; return the pivot count.

    The tableaux are changed in place. Start and end are completely labelled pairs.
    Float tableaux of games with at least :data:`COMPILED_MIN_LABELS` labels pivot in
    the numba kernel when it is available (same path, same pivots: see
    :mod:`..kernels.lh_compiled`).
    """
    if (check_cycles and isinstance(tp, _FloatTableau)
            and len(tp.basis) + len(tq.basis) >= COMPILED_MIN_LABELS
            and lh_compiled.available()):
        return _follow_compiled(tp, tq, label, budget)
    tableau, other = (tq, tp) if tp.is_basic(label) else (tp, tq)
    entering = label
    pivots = 0
    seen: set[tuple[int, int]] = set()
    while True:
        leaving = tableau.enter(entering)
        pivots += 1
        if leaving == label:
            return pivots
        entering = leaving
        tableau, other = other, tableau
        if pivots % 64 == 0:
            budget.check_time("Lemke–Howson")
        if check_cycles:
            key = (tp.key, tq.key)
            if key in seen:
                raise _Cycling("a basis pair was revisited")
            seen.add(key)


def _arrays(t: _FloatTableau, labels: int) -> tuple[np.ndarray, ...]:
    basis = np.array(t.basis, dtype=np.int64)
    nonbasis = np.array(t.nonbasis, dtype=np.int64)
    row_of = np.full(labels, -1, dtype=np.int64)
    row_of[basis] = np.arange(basis.size)
    col_of = np.full(labels, -1, dtype=np.int64)
    col_of[nonbasis] = np.arange(nonbasis.size)
    return (t.table, basis, nonbasis, row_of, col_of, np.asarray(t.lex, dtype=np.int64),
            np.asarray(t.zobrist, dtype=np.int64))


def _sync(t: _FloatTableau, arrays: tuple[np.ndarray, ...], key: int) -> None:
    t.basis = arrays[1].tolist()
    t.nonbasis = arrays[2].tolist()
    t.row_of = {label: r for r, label in enumerate(t.basis)}
    t.col_of = {label: c for c, label in enumerate(t.nonbasis)}
    t.key = key


def _follow_compiled(tp: _FloatTableau, tq: _FloatTableau, label: int, budget: Budget
                     ) -> int:
    labels = len(tp.basis) + len(tq.basis)
    ap, aq = _arrays(tp, labels), _arrays(tq, labels)
    try:
        pivots, kp, kq = lh_compiled.follow_path(
            ap + aq, label, (tp.key, tq.key), lambda: budget.check_time("Lemke–Howson"))
    except lh_compiled.CyclingError as stop:
        _, kp, kq = stop.args
        _sync(tp, ap, kp)
        _sync(tq, aq, kq)
        raise _Cycling("a basis pair was revisited, or an unbounded edge met") from None
    _sync(tp, ap, kp)
    _sync(tq, aq, kq)
    return pivots


def _point(tp: Any, tq: Any, m: int, n: int, zero: Any) -> tuple[tuple[Any, ...], ...]:
    vp, vq = tp.values(), tq.values()
    x = tuple(vp.get(i, zero) for i in range(m))
    y = tuple(vq.get(m + j, zero) for j in range(n))
    return x, y


def _exact_profile(cert: Any, game: NormalFormGame) -> ExactProfile:
    """A certificate's integers as a float record's exact profile (lazy Fractions)."""
    return ExactProfile.sparse(game, [(s.support, s.c, s.total) for s in (cert.x, cert.y)])


def lemke_howson_path(
    game: NormalFormGame, label: int = 0, *, budget: Budget | None = None,
    exact_arithmetic: bool = False,
) -> LemkeHowsonPath:
    """Follow one Lemke–Howson path from the artificial equilibrium, uncertified.

    ``label`` is ``0 .. m-1`` for the row player's strategies and ``m .. m+n-1`` for the
    column player's. Exposed for tests and for callers that certify differently.
    """
    budget = budget or Budget.start()
    m, n = game.shape
    tp, tq = _start(game, budget, exact_arithmetic)
    pivots = _follow(tp, tq, label, budget, check_cycles=not exact_arithmetic)
    zero = Fraction(0) if exact_arithmetic else 0.0
    x, y = _point(tp, tq, m, n, zero)
    return LemkeHowsonPath(label, pivots, tuple(tp.basis), tuple(tq.basis), x, y)


def _start(game: NormalFormGame, budget: Budget, exact_arithmetic: bool) -> tuple[Any, Any]:
    m, n = game.shape
    if exact_arithmetic:
        # Python ints: ~4 machine words each at first, growing with the determinant
        budget.require(2 * (m + n) * (m + n + 1) * 120, "exact Lemke–Howson tableaux")
        (ia, sa), (ib, sb) = _integer_matrix(game, 0), _integer_matrix(game, 1)
        return _exact_tableaux(ia, sa, ib, sb)
    budget.require(3 * (m + n) * (m + n + 1) * 8, "Lemke–Howson tableaux")
    a, b = game.bimatrix()
    return _float_tableaux(a, b, _game_tables(game))


#: per game, the start tables (payoffs mapped onto [1, 2]; read-only, copied per path)
_TABLES: weakref.WeakKeyDictionary[NormalFormGame, tuple[np.ndarray, np.ndarray]] = (
    weakref.WeakKeyDictionary()
)


def _game_tables(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    tables = _TABLES.get(game)
    if tables is None:
        a, b = game.bimatrix()
        tables = _start_tables(normalized_payoffs_float(a), normalized_payoffs_float(b))
        for t in tables:
            t.flags.writeable = False
        _TABLES[game] = tables
    return tables


def _compiled_end(game: NormalFormGame, label: int, budget: Budget
                  ) -> tuple[int, tuple[int, ...], tuple[int, ...]] | None:
    """The compiled path of ``label`` from the artificial equilibrium, without tableau
    objects: ``(pivots, basis_p, basis_q)``, or None when rounding made it cycle.

    The kernel's arrays (those :func:`_arrays` builds from the start tableaux) are
    built by the kernel from the game's float payoffs, by the same floating-point
    operations as :func:`_game_tables`; the path, its pivots and its end bases are those
    of :func:`_follow`.
    """
    m, n = game.shape
    labels = m + n
    budget.require(3 * labels * (labels + 1) * 8, "Lemke–Howson tableaux")
    arrays, keys = lh_compiled.start_arrays(game.payoffs[0], game.payoffs[1],
                                            _zobrist_words(labels))
    try:
        pivots, _, _ = lh_compiled.follow_path(
            arrays, label, keys, lambda: budget.check_time("Lemke–Howson"))
    except lh_compiled.CyclingError:
        return None
    return pivots, tuple(arrays[1].tolist()), tuple(arrays[8].tolist())


# ============================================================================ entry point
def lemke_howson(
    game: NormalFormGame,
    *,
    label: int = 0,
    all_from_artificial: bool = False,
    exact: bool = False,
    tol: float = 1e-9,
    timeout: float | None = None,
    memory: int | str | None = None,
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SolveResult:
    """One Nash equilibrium of a bimatrix game by the Lemke–Howson path of ``label``.

    Parameters
    ----------
    game
        A 2-player :class:`NormalFormGame`.
    label
        The label dropped at the artificial equilibrium: ``0 .. m-1`` for the row
        player's strategies, ``m .. m+n-1`` for the column player's.
    all_from_artificial
        Follow every label's path from the artificial equilibrium and from each
        equilibrium found: all equilibria connected to the artificial one by
        Lemke–Howson paths (``label`` is then ignored).
    exact
        Report Fractions (needs rational payoffs). Rational games are certified exactly
        in either mode.
    tol
        Float verification tolerance (irrational payoffs, or when exact certification
        failed).
    timeout, memory, budget
        Limits: seconds, bytes (``"2G"``), or a :class:`~alliance_games.budget.Budget`
        given by the dispatcher (it wins over the other two).
    progress
        Called with ``(paths done, paths known)``.

    Returns
    -------
    SolveResult
        ``method="lemke-howson"``, ``complete=False`` (other equilibria may exist);
        ``extra`` has ``label``, ``pivots``, ``certified`` (``"exact"`` or ``"float"``)
        and, with ``all_from_artificial``, ``paths``.
    """
    if game.n_players != 2:
        raise SolverError(
            f"Lemke–Howson needs a 2-player game; {game.name!r} has {game.n_players} players"
        )
    if exact and not game.is_exact:
        exact_needs_rational()
    m, n = game.shape
    if isinstance(label, bool) or not isinstance(label, int | np.integer) or not (
        0 <= int(label) < m + n
    ):
        raise SolverError(
            f"label must be an integer from 0 to {m + n - 1} (0..{m - 1}: {game.players[0]}'s "
            f"strategies, {m}..{m + n - 1}: {game.players[1]}'s); got {label!r}"
        )
    label = int(label)
    budget = budget or Budget.start(timeout, memory)
    runner = _Runner(game, exact, tol, budget, progress)
    try:
        if all_from_artificial:
            runner.all_paths()
        else:
            runner.one_path(label)
    except BudgetExceeded as stop:
        runner.diagnostics.append(f"{stop} before the path ended: no equilibrium found"
                                  if not runner.found else f"{stop}: the list may be "
                                  "missing equilibria reachable from the artificial one")
    return runner.result(label, all_from_artificial)


def _describe_label(game: NormalFormGame, label: int) -> str:
    m = game.shape[0]
    if label < m:
        return f"label {label} ({game.players[0]}'s strategy {game.strategies[0][label]!r})"
    return f"label {label} ({game.players[1]}'s strategy {game.strategies[1][label - m]!r})"


class _Runner:
    """Follows paths, certifies their ends and gathers the result (state of one solve)."""

    def __init__(self, game: NormalFormGame, exact: bool, tol: float, budget: Budget,
                 progress: Callable[[int, int], None] | None) -> None:
        self.game = game
        self.exact = exact
        self.tol = tol
        self.budget = budget
        self.progress = progress
        self.found: list[Equilibrium] = []
        self.keys: set[tuple] = set()
        self.diagnostics: list[str] = []
        self.pivots = 0
        self.paths = 0
        self.certified = "exact" if game.is_exact else "float"
        self.exact_arithmetic = False

    # ---------------------------------------------------------------- certification
    def _exact_fits(self) -> bool:
        m, n = self.game.shape
        return (m + n) * (m + n + 1) <= _EXACT_ENTRIES

    def accept(self, tp: Any, tq: Any) -> bool:
        """Certify and record the equilibrium at the end of a path; False if it fails."""
        if self.game.is_exact:
            return self.accept_bases(tuple(tp.basis), tuple(tq.basis))
        return self._accept_float(tp, tq)

    def accept_bases(self, basis_p: tuple[int, ...], basis_q: tuple[int, ...]) -> bool:
        """Certify exactly (rational games) and record the end point of the bases."""
        game = self.game
        m, n = game.shape
        cert = _certify_pair(game, basis_p, basis_q)
        if cert is None:
            return False
        # the reduced integer numerators identify the profile (hashing every Fraction of
        # a 500-strategy profile costs more than the whole certification)
        key: tuple = cert.key()
        if key in self.keys:
            return True
        if self.exact:
            # certified: the exact regret is 0 and the payoffs are the indifference
            # values (make_equilibrium would re-derive both from the whole game)
            eq = equilibrium_record(
                game, (cert.x.fractions(m), cert.y.fractions(n)),
                (cert.y.value, cert.x.value), regret=0.0, exact=True)
        # the float records keep the certified integers (their JSON ``exact`` mirror)
        elif lh_compiled.ready():
            # certified exactly: the payoffs are the exact indifference values (rounded)
            # and the regret that of the rounded profile, computed in the kernel
            x, y = cert.x.floats(m), cert.y.floats(n)
            eq = equilibrium_record(
                game, (x, y), (float(cert.y.value), float(cert.x.value)),
                regret=lh_compiled.float_regret(game.payoffs[0], game.payoffs[1], x, y),
                exact=False, certificate=_exact_profile(cert, game))
        else:
            floats = (cert.x.floats(m), cert.y.floats(n))
            eq = make_equilibrium(game, floats, exact=False, tol=max(self.tol, 1e-9),
                                  certificate=_exact_profile(cert, game))
        self.keys.add(key)
        self.found.append(eq)
        return True

    def _accept_float(self, tp: Any, tq: Any) -> bool:
        """Verify in floats (irrational payoffs) and record the end point."""
        m, n = self.game.shape
        x, y = _point(tp, tq, m, n, 0.0)
        sx, sy = sum(x), sum(y)
        if sx <= 0 or sy <= 0:
            return False
        floats = (tuple(max(v, 0.0) / sx for v in x), tuple(max(v, 0.0) / sy for v in y))
        key = tuple(round(v, 9) for s in floats for v in s)
        if key in self.keys:
            return True
        try:
            eq = make_equilibrium(self.game, floats, exact=False, tol=self.tol)
        except SolverError:
            return False
        self.keys.add(key)
        self.found.append(eq)
        return True

    # ---------------------------------------------------------------- one path
    def one_path(self, label: int) -> None:
        game = self.game
        m, n = game.shape
        if game.is_exact and m + n >= COMPILED_MIN_LABELS and lh_compiled.available():
            # the common case without tableau objects; any failure (cycling, a basis that
            # fails certification) replays the path below, which handles it
            end = _compiled_end(game, label, self.budget)
            if end is not None and self.accept_bases(end[1], end[2]):
                self.pivots, self.paths = end[0], 1
                return
            self.found.clear()
            self.keys.clear()
        tp, tq = _start(self.game, self.budget, False)
        try:
            self.pivots += _follow(tp, tq, label, self.budget, check_cycles=True)
            ok = self.accept(tp, tq)
        except _Cycling:
            ok = False
        self.paths = 1
        if ok:
            return
        if self.game.is_exact and self._exact_fits():
            self.diagnostics.append(
                "the floating-point path ended at a basis that failed exact certification; "
                "the path was followed again in exact integer arithmetic"
            )
            self.exact_arithmetic = True
            tp, tq = _start(self.game, self.budget, True)
            self.pivots = _follow(tp, tq, label, self.budget, check_cycles=False)
            if not self.accept(tp, tq):  # pragma: no cover - exact pivoting cannot fail
                raise SolverError("exact Lemke–Howson ended off an equilibrium (a bug)")
            return
        self.certified = "float"
        self.diagnostics.append(
            "the floating-point path ended at a basis that could not be certified exactly"
            + (" and the game is too large to follow the path again in exact arithmetic"
               if self.game.is_exact else "")
            + "; no verified equilibrium"
        )
        self._float_fallback(tp, tq)

    def _float_fallback(self, tp: Any, tq: Any) -> None:
        """Last resort: verify the float end point to ``tol`` (not exactly)."""
        m, n = self.game.shape
        try:
            x, y = _point(tp, tq, m, n, 0.0)
        except Exception:  # pragma: no cover - defensive
            return
        sx, sy = sum(x), sum(y)
        if sx <= 0 or sy <= 0:
            return
        floats = (tuple(max(v, 0.0) / sx for v in x), tuple(max(v, 0.0) / sy for v in y))
        try:
            self.found.append(make_equilibrium(self.game, floats, exact=False, tol=self.tol))
        except SolverError:
            return
        self.diagnostics[-1] = self.diagnostics[-1].replace(
            "; no verified equilibrium", "; it is verified in floating point only")

    # ---------------------------------------------------------------- all paths
    def all_paths(self) -> None:
        """Breadth-first search of the artificial equilibrium's Lemke–Howson component.

        Nodes are completely labelled basis pairs; from each, every label's path leads to
        another node (or back). Tableaux of nodes still to expand are kept (budgeted).
        """
        m, n = self.game.shape
        exact_arithmetic = False
        try:
            self._search(exact_arithmetic=False)
            return
        except _Cycling:
            pass
        if not (self.game.is_exact and self._exact_fits()):
            self.diagnostics.append(
                "a floating-point path could not be certified exactly; the search stopped "
                "(the game is too large to repeat it in exact arithmetic)"
            )
            self.certified = "float" if not self.game.is_exact else self.certified
            return
        self.diagnostics.append(
            "a floating-point path could not be certified exactly; the search was repeated "
            "in exact integer arithmetic"
        )
        exact_arithmetic = True
        self.exact_arithmetic = True
        self.found.clear()
        self.keys.clear()
        self.pivots = self.paths = 0
        self._search(exact_arithmetic=exact_arithmetic)
        del m, n

    def _search(self, exact_arithmetic: bool) -> None:
        m, n = self.game.shape
        labels = m + n
        tp, tq = _start(self.game, self.budget, exact_arithmetic)
        per_node = 3 * labels * (labels + 1) * (120 if exact_arithmetic else 8)
        start_key = (tuple(sorted(tp.basis)), tuple(sorted(tq.basis)))
        nodes = {start_key}
        queue = [(tp, tq)]
        head = 0
        while head < len(queue):
            tp0, tq0 = queue[head]
            queue[head] = None  # type: ignore[call-overload]
            head += 1
            for k in range(labels):
                self.budget.check_time("Lemke–Howson search")
                tp, tq = tp0.copy(), tq0.copy()
                self.pivots += _follow(tp, tq, k, self.budget,
                                       check_cycles=not exact_arithmetic)
                self.paths += 1
                key = (tuple(sorted(tp.basis)), tuple(sorted(tq.basis)))
                if key in nodes:
                    continue
                if not self.accept(tp, tq):
                    if exact_arithmetic:  # pragma: no cover - cannot happen
                        raise SolverError("exact Lemke–Howson ended off an equilibrium")
                    raise _Cycling("end of a float path failed certification")
                nodes.add(key)
                self.budget.require((len(queue) - head + 1) * per_node,
                                    "the Lemke–Howson search's open tableaux")
                queue.append((tp, tq))
            if self.progress is not None:
                self.progress(head, len(queue))

    # ---------------------------------------------------------------- result
    def result(self, label: int, all_from_artificial: bool) -> SolveResult:
        game = self.game
        diagnostics = list(self.diagnostics)
        if all_from_artificial:
            diagnostics.insert(0, (
                f"Lemke–Howson from the artificial equilibrium and from every equilibrium "
                f"reached ({self.paths} paths): {len(self.found)} equilibri"
                f"{'um' if len(self.found) == 1 else 'a'} connected to the artificial one; "
                "equilibria outside that component are not found, so the list may be "
                "incomplete"))
        else:
            diagnostics.insert(0, (
                f"Lemke–Howson finds one equilibrium (the end of the path that drops "
                f"{_describe_label(game, label)}); other equilibria may exist"))
        if not game.is_exact:
            diagnostics.append(
                "Some payoffs are irrational: the equilibrium was computed in floating "
                f"point and verified to tolerance {self.tol:g}, not exactly.")
        extra: dict[str, Any] = {
            "pivots": self.pivots,
            "certified": self.certified if self.found else "none",
        }
        if all_from_artificial:
            extra["paths"] = self.paths
        else:
            extra["label"] = label
        if self.exact_arithmetic:
            extra["exact_arithmetic"] = True
        if self.progress is not None:
            self.progress(1, 1)
        return SolveResult(
            game=game,
            method=METHOD,
            complete=False,
            equilibria=tuple(self.found),
            exact=self.exact and all(eq.exact for eq in self.found),
            diagnostics=tuple(diagnostics),
            extra=extra,
        )
