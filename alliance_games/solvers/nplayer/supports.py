"""All Nash equilibria of small n-player games by support enumeration.

For a *support profile* ``(S_1, ..., S_n)`` (the strategies each player uses with
positive probability) a Nash equilibrium with exactly that support solves

.. math::

    u_i(s, σ_{-i}) = u_i(s_i^0, σ_{-i}) \\quad s ∈ S_i,\\qquad
    σ_i(s) > 0 \\;(s ∈ S_i),\\quad σ_i(s) = 0 \\;(s ∉ S_i),\\quad Σ_s σ_i(s) = 1,

.. math::

    u_i(s', σ_{-i}) ≤ u_i(s_i^0, σ_{-i}) \\quad s' ∉ S_i.

With ``p_{i,s}`` for ``s ∈ S_i \\ {s_i^0}`` as unknowns (and ``σ_i(s_i^0) = 1 - Σ``),
the equalities are ``Σ_i (|S_i| - 1)`` polynomial equations in as many unknowns,
multilinear in the other players' probabilities. The algorithm:

1. group the support profiles by their sizes ``(|S_1|, ..., |S_n|)`` (a *size class*;
   a small game puts all its mixed profiles in one group, padded to full size) and
   decide each group at once, vectorised (:mod:`.batch`):
2. skip a profile when some ``s ∈ S_i`` is strictly dominated by another strategy of
   ``i`` against every pure profile of the others' supports (conditional dominance,
   Porter, Nudelman & Shoham 2008);
3. bisect the boxes of free probabilities of all remaining profiles together: a box is
   dropped when its conditions (multilinear, so their exact range on a box is the hull
   of the vertex values) or the preconditioned system ``Y f`` exclude an equilibrium,
   contracted by the Krawczyk operator and by projection of ``Y f``, and kept as a
   root box when the Krawczyk test proves it holds exactly one root; each such root is
   refined by Newton's method, enclosed in a box of width ``~1e-10`` by the Krawczyk
   test and kept when that enclosure shows positive probabilities and no deviation
   gain;
4. a support the bisection cannot decide (degenerate: an indifference condition that
   vanishes identically, a root on the boundary, a singular Jacobian), and in exact
   mode every support with an equilibrium, is solved exactly (Gröbner basis,
   :mod:`..kernels.algebraic`): every real solution is rational or algebraic,
   ``p = g(θ)`` with ``h(θ) = 0``, its signs decided exactly in ``Q(θ)``; this runs
   under the budget's deadline (a timer interrupts it). In float mode, games with
   payoffs of small height also get the exact form of equilibria on supports with at
   most 4 free probabilities (so that an irrational one is shown as an algebraic
   number). A support with one certified root is first tried in rationals: the root's
   probabilities rounded to the nearest fractions of denominator at most
   :data:`RATIONAL_DENOMINATOR` are an equilibrium on that support when, exactly in
   Fractions, they are positive on it, make its strategies pay alike and no other
   strategy pay more (the conditions above). That rational profile is the one the
   exact route would give (the Krawczyk test proved the root unique in its box, and
   the exact route's solution there is this point), so sympy, the Gröbner basis and
   their import (about 0.25 s) are needed only for irrational roots, for several roots
   on one support (their order is the exact route's) and for undecided supports. (One
   difference: where the exact route would also have met a continuum of solutions or
   a second equilibrium on that support, which the float search excludes except in
   degenerate games, the float root used to be shown; now its exact rational value
   is.)
5. every equilibrium is wrapped by
   :func:`~alliance_games.equilibrium.make_equilibrium`, which re-checks the regret
   (in rationals for rational equilibria in exact mode, in floats otherwise).

Each equilibrium is found once, at its own support. The list is *complete* when every
support system was zero-dimensional (true for generic games); a support whose system has
a continuum of solutions (degenerate games) is reported in the diagnostics and makes
the result incomplete. Payoffs that are irrational are replaced by rationals within
``1e-9`` relative, solved exactly, then polished by Newton's method on the true payoffs
and certified by their float regret.

References
----------
McKelvey, R. D. & McLennan, A. (1996). Computation of equilibria in finite games.
*Handbook of Computational Economics* 1, 87-142 (support enumeration with polynomial
systems).
Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
Datta, R. S. (2010). Finding all Nash equilibria of a finite game using polynomial
algebra. *Economic Theory* 42(1), 55-96.
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
Fehlerschranken. *Computing* 4, 187-201.
"""

from __future__ import annotations

import itertools
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ...budget import Budget, BudgetExceeded
from ...equilibrium import (
    DEFAULT_TOL,
    Equilibrium,
    ExactProfile,
    MixedProfile,
    SolveResult,
    make_equilibrium,
)
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import exact_needs_rational
from .batch import ClassOutcome, profile_of, size_classes, solve_class
from .support_profiles import (
    Supports,
    conditionally_dominated,
    count_support_profiles,
    support_profiles,
)

if TYPE_CHECKING:
    from ..kernels.algebraic import AlgebraicPoint
    from .polish import polish_profile
    from .support_systems import SupportSystem, support_system

__all__ = [
    "nplayer_support_enumeration",
    "count_support_profiles",
    "support_profiles",
    "conditionally_dominated",
    "SupportSystem",
    "support_system",
    "polish_profile",
    "equilibria_on_support",
]

#: what this module re-exports from modules that import sympy, loaded on first use
#: (``solve`` of a game whose equilibria are rational never imports sympy)
_LAZY = {"SupportSystem": "support_systems", "support_system": "support_systems",
         "polish_profile": "polish"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ============================================================================ solve
@dataclass
class _Tally:
    found: list[Equilibrium]
    diagnostics: list[str]
    complete: bool = True
    irrational: int = 0
    continua: list[str] = field(default_factory=list)


def nplayer_support_enumeration(
    game: NormalFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    max_support: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    tol: float = DEFAULT_TOL,
    memory: int | str | None = None,
    budget: Budget | None = None,
    until_incomplete: bool = False,
) -> SolveResult:
    """All Nash equilibria of a small n-player game (exact algebraic support enumeration).

    Parameters
    ----------
    game
        A normal-form game (any number of players; intended for small games such as
        2x2x2, 3x2x2, 2x2x2x2).
    exact
        Certify rational equilibria in rational arithmetic (``Equilibrium.exact``);
        irrational ones are certified exactly in their number field and carry their
        algebraic form in ``extra["algebraic"]``.
    timeout
        Seconds after which enumeration stops (the result is then incomplete).
    max_support
        Largest support size per player (smaller values give an incomplete search).
    progress
        ``progress(done, total)`` after each support profile.
    tol
        Float tolerance of the final regret check.
    memory, budget
        Memory budget (bytes or ``"2G"``), or the dispatcher's
        :class:`~alliance_games.budget.Budget` (it wins over ``timeout``/``memory``).
        Support profiles are generated lazily and the deadline is checked before each;
        past a limit the result is incomplete and ``extra["stopped"]`` says why.

    Returns
    -------
    SolveResult
        ``method="support-enumeration"``; ``complete`` when every support profile was
        examined and every support system had finitely many solutions.

    Examples
    --------
    >>> from alliance_games.games.binary import volunteers_dilemma
    >>> r = nplayer_support_enumeration(volunteers_dilemma(3, benefit=4, cost=1), exact=True)
    >>> len(r.equilibria), r.complete
    (7, True)
    >>> r.equilibria[-1].strategies["Ally 1"]["Volunteer"]
    Fraction(1, 2)
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError("support enumeration needs a normal-form game")
    budget = budget or Budget.start(timeout, memory)
    approximated = game.exact_payoffs is None
    if approximated:
        from .polish import _rational_approximation

        payoffs = _rational_approximation(game.payoffs)
        exact = False
    else:
        assert game.exact_payoffs is not None  # approximated is False
        payoffs = game.exact_payoffs
    shape = game.shape
    tally = _Tally(found=[], diagnostics=[])
    if max_support is not None and max_support < max(shape):
        tally.complete = False
        tally.diagnostics.append(
            f"supports limited to {max_support} strategies per player: equilibria with "
            "larger supports were not searched"
        )
    total = count_support_profiles(shape, max_support)
    float_payoffs = np.asarray(payoffs, dtype=float)
    scale = float(np.max(np.abs(float_payoffs))) or 1.0
    scaled = float_payoffs / scale
    counts = {"dominated": 0, "excluded": 0, "exact": 0}
    keyed: list[tuple[tuple[Any, ...], int, Equilibrium]] = []
    stopped = None
    done = 0
    for sizes, chunks in _groups(shape, max_support):
        for chunk in chunks:
            if budget.expired():
                stopped = "support enumeration stopped at the time limit"
                break
            outcome = solve_class(scaled, sizes, chunk, expired=budget.expired)
            if budget.expired():
                stopped = "support enumeration stopped at the time limit"
                break
            counts["dominated"] += outcome.dominated
            counts["excluded"] += outcome.excluded
            try:
                _settle_class(game, payoffs, outcome, exact, tol, approximated, tally,
                              keyed, budget, counts, until_incomplete)
            except BudgetExceeded as stop:
                stopped = str(stop)
                break
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        if stopped is not None:
            break
    if stopped is not None:
        tally.complete = False
        tally.diagnostics.insert(0, f"{stopped}, with {total - done} of {total} support "
                                 "profiles unexamined")
    keyed.sort(key=lambda item: (item[0], item[1]))
    tally.found = [eq for _, _, eq in keyed]
    _closing_notes(tally, approximated)
    exact_all = exact and all(eq.exact for eq in tally.found)
    extra: dict[str, Any] = {"support_profiles": total,
                             "dominated": counts["dominated"],
                             "excluded_by_bounds": counts["excluded"],
                             "solved_exactly": counts["exact"]}
    if stopped is not None:
        extra["stopped"] = stopped
    if game.symmetric_binary is not None:
        extra.update(_symmetric_summary(game, exact))
    return SolveResult(
        game=game,
        method="support-enumeration",
        complete=tally.complete,
        equilibria=tuple(tally.found),
        exact=exact_all,
        diagnostics=tuple(tally.diagnostics),
        extra=extra,
        requested_method="support-enumeration",
    )


#: support profiles of one size class decided together (bounds the arrays' memory)
CHUNK = 4096


def _chunks(shape: Sequence[int], sizes: Sequence[int]) -> Iterator[list[Supports]]:
    """The support profiles of a size class, lexicographically, in lists of at most
    :data:`CHUNK`."""
    profiles = itertools.product(
        *(itertools.combinations(range(m), k) for m, k in zip(shape, sizes, strict=True)))
    while chunk := list(itertools.islice(profiles, CHUNK)):
        yield chunk


#: games with at most this many free probabilities in all (``Σ_j (m_j - 1)``) decide all
#: their mixed support profiles in one batch (padded to full size), larger games one
#: size class at a time
UNIFIED_UP_TO = 6


def _groups(shape: Sequence[int], max_support: int | None
            ) -> Iterator[tuple[tuple[int, ...], Iterator[list[Supports]]]]:
    """The batches of support profiles :func:`.batch.solve_class` decides together, with
    their (padded) sizes: every size class, or for small games the pure profiles and
    then all mixed ones at once."""
    caps = tuple(m if max_support is None else min(m, max_support) for m in shape)
    if sum(c - 1 for c in caps) > UNIFIED_UP_TO:
        for sizes in size_classes(shape, max_support):
            yield sizes, _chunks(shape, sizes)
        return
    pure = tuple(1 for _ in shape)
    yield pure, _chunks(shape, pure)

    def mixed() -> Iterator[list[Supports]]:
        profiles = (p for sizes in size_classes(shape, max_support) if sum(sizes) > len(shape)
                    for p in itertools.product(*(itertools.combinations(range(m), k)
                                                 for m, k in zip(shape, sizes, strict=True))))
        while chunk := list(itertools.islice(profiles, CHUNK)):
            yield chunk

    yield caps, mixed()


def _order(supports: Supports) -> tuple[Any, ...]:
    """The position of a support profile in :func:`support_profiles`' order."""
    sizes = tuple(len(s) for s in supports)
    return (sum(sizes), sizes, supports)


def _settle_class(
    game: NormalFormGame,
    payoffs: np.ndarray,
    outcome: ClassOutcome,
    exact: bool,
    tol: float,
    approximated: bool,
    tally: _Tally,
    keyed: list[tuple[tuple[Any, ...], int, Equilibrium]],
    budget: Budget,
    counts: dict[str, int],
    until_incomplete: bool = False,
) -> None:
    """Turn what :func:`.batch.solve_class` decided into verified equilibria.

    Pure profiles are verified directly (exactly in exact mode). A root certified by the
    Krawczyk test is verified in floats; in exact mode its support is re-solved by the
    exact route so that the equilibrium is certified in rationals or in its number field.
    Unresolved (degenerate) supports go to the exact route, which reports continua.
    Exact solving runs under the budget's deadline (:func:`_guarded`). With
    ``until_incomplete``, the first continuum stops the search (:class:`BudgetExceeded`,
    reason ``"incomplete"``).
    """
    forms = not exact and not approximated and _small_height(payoffs)
    roots: dict[Supports, list[np.ndarray]] = {}
    for supports, x in outcome.roots:
        roots.setdefault(supports, []).append(x)
    for supports in [*roots, *outcome.unresolved]:
        before = len(tally.found)
        if all(len(s) == 1 for s in supports):
            try:
                tally.found.append(_wrap(game, _pure_profile(game.shape, supports), exact,
                                         tol, approximated, None, None))
            except SolverError:  # a float near-tie that the exact test rejects
                pass
        elif exact or supports not in roots:
            if until_incomplete and supports not in roots and _identically_indifferent(
                    payoffs, supports):
                tally.complete = False
                raise BudgetExceeded(_INCOMPLETE, "incomplete")
            counts["exact"] += 1
            try:
                _guarded(budget, _solve_support, game, payoffs, supports, exact, tol,
                         approximated, tally)
            except BudgetExceeded:
                del tally.found[before:]
                for x in roots.get(supports, []):
                    _add_isolated(game, supports, x, tol, approximated, tally,
                                  "; the exact solve of its support ran out of time")
                keyed.extend((_order(supports), len(keyed) + k, eq)
                             for k, eq in enumerate(tally.found[before:]))
                del tally.found[before:]
                raise
            if until_incomplete and not tally.complete:
                raise BudgetExceeded(_INCOMPLETE, "incomplete")
        elif forms and sum(len(x) - 1 for x in supports) <= FORMS_FREE and _exact_forms(
                game, payoffs, supports, len(roots[supports]), tol, tally, budget,
                roots[supports][0]):
            counts["exact"] += 1
        else:
            for x in roots[supports]:
                _add_isolated(game, supports, x, tol, approximated, tally)
        keyed.extend((_order(supports), len(keyed) + k, eq)
                     for k, eq in enumerate(tally.found[before:]))
        del tally.found[before:]


_INCOMPLETE = ("support enumeration stopped at a support with a continuum of solutions "
               "(the list could not be complete)")


def _identically_indifferent(payoffs: np.ndarray, supports: Supports) -> bool:
    """Whether every indifference equation of ``supports`` vanishes identically.

    Player ``i``'s equation ``u_i(s, σ_{-i}) - u_i(s_i^0, σ_{-i})`` is multilinear in the
    others' probabilities on their supports, so it is the zero polynomial iff it is zero
    at every vertex, a pure profile of the others' supports. When that holds for every
    ``s ∈ S_i`` and every player (and some support has two strategies), the system is
    ``0 = 0`` in at least one unknown: a continuum of solutions.
    """
    if all(len(s) == 1 for s in supports):
        return False
    for i, support in enumerate(supports):
        if len(support) == 1:
            continue
        others = [supports[j] for j in range(len(supports)) if j != i]
        for rest in itertools.product(*others):
            def cell(s: int, rest: tuple[int, ...] = rest, i: int = i) -> Any:
                return payoffs[(i, *rest[:i], s, *rest[i:])]

            first = cell(support[0])
            if any(cell(s) != first for s in support[1:]):
                return False
    return True


#: in float mode, equilibria on supports with at most this many free probabilities get
#: their exact (rational or algebraic) form when the payoffs have small height
FORMS_FREE = 4
#: largest numerator or denominator of a payoff for :data:`FORMS_FREE` (Gröbner bases of
#: small-coefficient systems cost milliseconds; of random 4-digit payoffs up to seconds)
FORMS_HEIGHT = 100


def _small_height(payoffs: np.ndarray) -> bool:
    """Every payoff is a rational with numerator and denominator at most
    :data:`FORMS_HEIGHT` in absolute value."""
    return all(
        abs(Fraction(v).numerator) <= FORMS_HEIGHT and Fraction(v).denominator <= FORMS_HEIGHT
        for v in np.asarray(payoffs).flat
    )


def _exact_forms(game: NormalFormGame, payoffs: np.ndarray, supports: Supports,
                 roots: int, tol: float, tally: _Tally, budget: Budget,
                 root: np.ndarray | None = None) -> bool:
    """Float mode, small games: the support's equilibria by the exact route (so that an
    irrational one carries its algebraic form), added to ``tally`` when that route agrees
    with the certified roots (as many equilibria, no continuum); False otherwise.
    One root that is rational is settled in Fractions (:func:`_rational_root`)."""
    if roots == 1 and (found := _rational_root(game, payoffs, supports, root, tol)):
        tally.found.append(found)
        return True
    scratch = _Tally(found=[], diagnostics=[])
    try:
        _guarded(budget, _solve_support, game, payoffs, supports, False, tol, False,
                 scratch)
    except BudgetExceeded:
        return False
    if not scratch.complete or scratch.continua or len(scratch.found) != roots:
        return False
    tally.found.extend(scratch.found)
    tally.irrational += scratch.irrational
    return True


#: largest denominator tried when a certified float root is read as a rational (the
#: enclosure of ~1e-12 separates fractions of denominator up to ~7e5; a wrong guess is
#: refused by the exact check, and the exact route then decides)
RATIONAL_DENOMINATOR = 10**5


def _rational_root(game: NormalFormGame, payoffs: np.ndarray, supports: Supports,
                   root: np.ndarray | None, tol: float) -> Equilibrium | None:
    """The rational equilibrium at a certified float ``root`` on ``supports``, checked
    exactly in Fractions (None when the rounded point is not one).

    Each free probability is rounded to the nearest fraction of denominator at most
    :data:`RATIONAL_DENOMINATOR` (the first strategy of each support takes the rest).
    The point is an equilibrium with exactly this support iff every probability on the
    support is positive, every strategy of ``S_i`` pays ``i`` the same against the
    others (the indifference equations) and none outside pays more (the module doc's
    conditions), all decided in rational arithmetic. It is then the solution the exact
    route finds on this support at that root, wrapped the same way (a float
    equilibrium of rational probabilities).
    """
    if root is None:
        return None
    profile: list[tuple[Fraction, ...]] = []
    k = 0
    for m, support in zip(game.shape, supports, strict=True):
        row = [Fraction(0)] * m
        for s in support[1:]:
            row[s] = Fraction(float(root[k])).limit_denominator(RATIONAL_DENOMINATOR)
            k += 1
        row[support[0]] = 1 - sum(row, Fraction(0))
        if any(row[s] <= 0 for s in support):
            return None
        profile.append(tuple(row))
    for i, support in enumerate(supports):
        table = np.moveaxis(np.asarray(payoffs[i], dtype=object), i, 0)
        for j in reversed([j for j in range(game.n_players) if j != i]):
            table = np.dot(table, np.array(profile[j], dtype=object))
        values = list(table)
        best = values[support[0]]
        if any(values[s] != best for s in support) or any(v > best for v in values):
            return None
    try:
        return _wrap(game, profile, False, tol, False, None, None)
    except SolverError:  # pragma: no cover - an exact equilibrium passes the float check
        return None


def _guarded(budget: Budget, fn: Callable[..., None], *args: Any) -> None:
    """Run ``fn(*args)`` (an exact solve: sympy, which cannot poll a deadline) and stop it
    with :class:`BudgetExceeded` when the budget's deadline passes, by a real-time
    interval timer (main thread only, and only when no other timer is running; otherwise
    the deadline is checked before the call)."""
    left = budget.remaining()
    if left is None:
        fn(*args)
        return
    if left <= 0:
        raise BudgetExceeded("support enumeration stopped at the time limit", "time")
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer")
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0.0)
    if not usable:  # pragma: no cover - threads, Windows
        fn(*args)
        return

    def _alarm(signum: int, frame: Any) -> None:
        raise BudgetExceeded("support enumeration stopped at the time limit (during an "
                             "exact solve)", "time")

    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
        fn(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)


def _add_isolated(
    game: NormalFormGame,
    supports: Supports,
    point: np.ndarray,
    tol: float,
    approximated: bool,
    tally: _Tally,
    why: str = "",
) -> None:
    """Wrap a root proven unique in its box by the Krawczyk test (and shown to be an
    equilibrium point by its enclosure) as a verified equilibrium."""
    profile = profile_of(game.shape, supports, point)
    try:
        eq = _wrap(game, profile, False, tol, approximated, None, None)
    except SolverError:  # pragma: no cover - the enclosure showed an equilibrium point
        tally.complete = False
        tally.diagnostics.append(
            f"support {_describe(game, supports)}: a certified root failed the final "
            "regret check and was left out")
        return
    tally.found.append(replace(eq, notes=(
        *eq.notes, "isolated by vectorised interval bisection and the Krawczyk test "
        "(unique root in its box, enclosure tightened to ~1e-12); float regret certified"
        + why)))


def _closing_notes(tally: _Tally, approximated: bool) -> None:
    """Add the search-wide notes to ``tally``: the first continua found (degeneracy), the
    rational approximation of irrational payoffs (which makes the list incomplete) and
    the count of equilibria with irrational probabilities."""
    tally.diagnostics.extend(tally.continua[:3])
    if len(tally.continua) > 3:
        tally.diagnostics.append(
            f"... and {len(tally.continua) - 3} more support profiles with a continuum of "
            "solutions (the game is degenerate)"
        )
    if approximated:
        tally.complete = False
        tally.diagnostics.append(
            "some payoffs are irrational: the support systems were solved for rational "
            "payoffs within 1e-9 and each solution was polished and re-verified on the true "
            "payoffs (equilibria of the true game near a degenerate point may be missed)"
        )
    if tally.irrational:
        tally.diagnostics.append(
            f"{tally.irrational} equilibri{'um has' if tally.irrational == 1 else 'a have'} "
            "irrational probabilities: certified exactly as algebraic numbers, shown in "
            "floating point; exact forms under analysis['algebraic']"
        )


def _symmetric_summary(game: NormalFormGame, exact: bool = False) -> dict[str, Any]:
    """The symmetric closed form (e.g. the volunteer's dilemma) of a symmetric binary game
    (with ``exact``, its exact strings under ``extra["symmetric"]["exact"]``)."""
    from .symmetric import solve_symmetric

    try:
        symmetric = solve_symmetric(game, exact=exact)
    except SolverError:
        return {}
    return {"symmetric": dict(symmetric.extra)}


def _solve_support(
    game: NormalFormGame,
    payoffs: np.ndarray,
    supports: Supports,
    exact: bool,
    tol: float,
    approximated: bool,
    tally: _Tally,
) -> None:
    """Solve one support profile's indifference system and add what it yields to
    ``tally``: a pure profile, isolated (rational or algebraic) equilibria, or a note on a
    continuum of solutions."""
    # A little over 60 lines: one case analysis (pure, isolated solutions, continuum)
    # over the same system; each case is a few lines.
    from ..kernels.algebraic import NotInShapePosition, PositiveDimensional, real_solutions
    from .polish import _search_continuum
    from .support_systems import support_system

    system = support_system(payoffs, supports)
    if not system.variables:
        profile: MixedProfile = _pure_profile(game.shape, supports)
        if all(d <= 0 for _, _, d in system.slacks):
            tally.found.append(_wrap(game, profile, exact, tol, approximated, None, None))
        return
    try:
        points = real_solutions(system.as_exprs(system.equations), system.variables)
    except PositiveDimensional:
        tally.complete = False
        continuum_point = _search_continuum(system)
        eq = None
        if continuum_point is not None:
            try:
                eq = make_equilibrium(game, continuum_point, tol=tol)
            except SolverError:
                eq = None
        if eq is None:
            tally.continua.append(
                f"support {_describe(game, supports)} has a continuum of solutions of its "
                "indifference equations (a degenerate game); a numerical search found no "
                "equilibrium on it"
            )
            return
        tally.continua.append(
            f"support {_describe(game, supports)} has a continuum of equilibria (a degenerate "
            "game); one point of it is listed"
        )
        tally.found.append(replace(eq, notes=(*eq.notes, "one point of a continuum of "
                                                         "equilibria")))
        return
    except NotInShapePosition:  # pragma: no cover - non-radical ideals only
        tally.complete = False
        tally.diagnostics.append(
            f"support {_describe(game, supports)}: polynomial system not solved (no shape "
            "position); it was skipped"
        )
        return
    for point in points:
        reduced_sigma = [[point.reduce(p) for p in row] for row in system.sigma]
        if any(
            point.sign(reduced_sigma[i][s]) <= 0
            for i, support in enumerate(supports)
            for s in support
        ):
            continue
        if any(point.sign(point.reduce(d)) > 0 for _, _, d in system.slacks):
            continue
        if point.is_rational:
            profile = tuple(
                tuple(point.rational(q) if not q.is_zero else Fraction(0) for q in row)
                for row in reduced_sigma
            )
            tally.found.append(_wrap(game, profile, exact, tol, approximated, None, None))
        else:
            profile = tuple(tuple(point.value(q, 40) for q in row) for row in reduced_sigma)
            algebraic = {
                game.players[i]: {
                    game.strategies[i][s]: point.express(reduced_sigma[i][s])
                    for s in supports[i]
                }
                for i in range(game.n_players)
            }
            tally.irrational += 1
            tally.found.append(
                _wrap(game, profile, False, tol, approximated, algebraic, point)
            )


def equilibria_on_support(
    game: NormalFormGame, supports: Supports, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> list[Equilibrium]:
    """The equilibria with exactly the given support (rational payoffs), verified.

    Solves the support's indifference system exactly (see the module docstring); an empty
    list when there is none or when the system has a continuum of solutions.
    """
    if game.exact_payoffs is None:
        exact_needs_rational()
    tally = _Tally(found=[], diagnostics=[])
    _solve_support(game, game.exact_payoffs, supports, exact, tol, False, tally)
    return [eq for eq in tally.found if "continuum" not in " ".join(eq.notes)]


def _wrap(
    game: NormalFormGame,
    profile: Sequence[Sequence[Any]],
    exact: bool,
    tol: float,
    approximated: bool,
    algebraic: dict[str, dict[str, str]] | None,
    point: AlgebraicPoint | None,
) -> Equilibrium:
    if approximated:
        from .polish import polish_profile

        profile = polish_profile(game, profile)
    rational = not (exact or approximated) and algebraic is None and all(
        type(p) in (Fraction, int) for row in profile for p in row)
    eq = make_equilibrium(game, profile, exact=exact, tol=tol,  # rational: JSON's mirror
                          certificate=ExactProfile.of(game, profile) if rational else None)
    if algebraic is None or point is None:
        return eq
    return replace(
        eq,
        notes=(*eq.notes, "irrational probabilities, certified exactly as algebraic numbers"),
        extra={
            **dict(eq.extra),
            "algebraic": {
                "strategies": algebraic,
                "minimal_polynomial": point.minimal_text(),
                "degree": point.degree,
            },
        },
    )


def _pure_profile(shape: Sequence[int], supports: Supports) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(
        tuple(Fraction(1) if s == support[0] else Fraction(0) for s in range(m))
        for m, support in zip(shape, supports, strict=True)
    )


def _describe(game: NormalFormGame, supports: Supports) -> str:
    parts = [
        f"{game.players[i]}: {{{', '.join(game.strategies[i][s] for s in support)}}}"
        for i, support in enumerate(supports)
    ]
    return "(" + "; ".join(parts) + ")"


