"""Every perfect Bayesian equilibrium class of a small finite tree: ``solve_pbe(game)``.

An *assessment* ``(b, μ)`` (behavior profile and beliefs at every information set) is a
perfect Bayesian equilibrium (PBE) when

1. **sequential rationality**: at every information set ``h`` of player ``i`` the actions
   ``b`` plays there are optimal given ``μ_h`` and the continuation behavior:
   ``supp b_h ⊆ argmax_a Σ_{v∈h} μ_h(v) V_i(v, a)``, ``V_i(v, a)`` the expected payoff
   of ``i`` after action ``a`` at node ``v`` when everybody then follows ``b``;
2. **Bayes' rule wherever it applies**: at every ``h`` reached with positive probability
   from the root of the smallest subgame containing it, ``μ_h(v) = P_b(v) / P_b(h)``
   (conditional on that subgame's root); elsewhere (off the path) ``μ_h`` is free.

(Fudenberg & Tirole 1991, sec. 8.2; Mas-Colell, Whinston & Green 1995, def. 9.C.3 and
the subgame strengthening of sec. 9.C). Such an assessment is a Nash equilibrium of every
subgame; equilibria differing only off the path are one *class*.

Algorithm
---------
1. Enumerate the Nash equilibria of the reduced normal form (all extreme equilibria of a
   2-player game by vertex enumeration, all equilibria of an n-player game by support
   enumeration: :func:`alliance_games.solvers.tree.normal_form.normal_form_equilibria`).
2. Translate each into behavior (Kuhn 1953). Information sets it reaches keep their
   behavior; the *unreached* sets ``U`` (not reached because of another player, or
   excluded by the player's own earlier moves) are re-chosen: every pure action, and
   the equilibrium's own mixture where it has one. A depth-first search over ``U``
   (deepest sets first) prunes any choice that no belief at all can make optimal.
3. Each complete profile is tested: regret 0 against every pure deviation in every
   subgame (Nash, subgame perfection), Bayes' rule where it applies, and sequential
   rationality at *every* information set — at an off-path set by computing the exact
   polytope of beliefs that make the played actions optimal
   (:func:`alliance_games.solvers.signaling.beliefs.belief_region`); the set must be nonempty.
4. Survivors are grouped by their on-path behavior. A class reports one representative
   profile, on-path beliefs by Bayes' rule, and for every off-path information set the
   union over the class's members of the sustaining beliefs, as a range per node.
5. Each class is labelled (separating, pooling, semi-separating ... when the tree has a
   sender whose first move follows a chance move) and tested by the Intuitive Criterion
   (Cho & Kreps 1987) and D1 (Banks & Sobel 1987; Cho & Kreps 1987)
   (:mod:`alliance_games.solvers.signaling.signals`); ``refine="intuitive"`` or ``"d1"`` keeps
   only the classes that pass and names the eliminated ones.
6. Each class is tested for being a sequential equilibrium (Kreps & Wilson 1982):
   whether some member's off-path beliefs are limits of Bayes beliefs under trembles
   (:func:`alliance_games.solvers.tree.sequential.sequential_test`). When every member
   fails, the limit of the agent logit QRE is tried (its limits are sequential; it can
   supply the interior off-path mixing the enumeration does not try). In a one-stage
   signaling game every PBE is sequential (each type reaches an unsent message through
   its own unplayed action, so every belief is a limit); in multi-stage games a class
   can be a weak PBE only, and is described so. ``refine="sequential"`` keeps the
   sequential classes. Past 64 leaves the test runs subgame by subgame
   (:func:`alliance_games.solvers.signaling.pieces.sequential_by_subgames`: consistency
   decomposes over proper subgames).

Past the reduced normal form's reach (two movers whose best-response polytopes may
have more than :data:`alliance_games.solvers.tree.methods.SPE_ENUMERATE_VERTICES`
vertices by McMullen's bound), step 1 is replaced: a one-round sender-receiver game gets
every pure-strategy PBE by message pattern (:mod:`.pure`), and any tree gets the
sequence-form Lemke equilibrium with its off-path play made optimal at some belief; the
result is then ``complete=False`` and says why (mixed PBE are not searched).

Why extreme equilibria suffice: in a 2-player game the Nash equilibria are the union of
maximal Nash subsets ``conv(X) × conv(Y)`` (Winkels 1979). Requiring the off-path
actions to be optimal at some belief restricts each subset to a union of its faces (the
actions played must tie at some belief, and subsets of tying actions tie as well), and a
nonempty face of a polytope contains one of its vertices, which is an extreme
equilibrium. When an off-path set is followed by another off-path set at which somebody
mixes, sequential rationality is no longer a face condition; a class that needs such
interior off-path mixing can be missed, and the diagnostics say when a game has that
shape.

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
J. S. Banks & J. Sobel, "Equilibrium selection in signaling games", *Econometrica* 55(3),
1987, pp. 647-661.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, ch. 8.
H. W. Kuhn, "Extensive games and the problem of information", 1953.
H.-M. Winkels, "An algorithm to determine all equilibrium points of a bimatrix game",
1979.
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from typing import Any, cast

from ...budget import Budget, BudgetExceeded
from ...equilibrium import DEFAULT_TOL, SolveResult
from ...errors import AllianceGamesError, SolverError
from ...games.extensive import ExtensiveFormGame
from ...numbers import exact_needs_rational
from ..tree.behavior import node_values
from ..tree.methods import _enumerable, _movers_shape, over_budget_fallback
from ..tree.sequential import SequentialVerdict, sequential_test
from .assessment import Assessment, _key, _scale, off_path_ranges, verify_assessment
from .candidates import Progress, pbe_assessments
from .classes import (
    _describe_class,
    _eliminated_summary,
    _fails,
    _families,
    _family_equilibrium,
    _group,
)
from .structure import detect_signaling

__all__ = [
    "solve_pbe",
    "pbe_assessments",
    "verify_assessment",
    "off_path_ranges",
    "node_values",
    "Assessment",
    "REFINEMENTS",
]

METHOD = "pbe"
REFINEMENTS = (None, "intuitive", "d1", "sequential")
#: at most this many assessments of one class are tested for consistency
SEQUENTIAL_MEMBERS = 60
#: past this many leaves, at most SEQUENTIAL_MEMBERS_LARGE assessments per class are
#: tested (a budget from the shape; the seconds below are a last resort)
SEQUENTIAL_LARGE_LEAVES = 64
SEQUENTIAL_MEMBERS_LARGE = 4
#: seconds for the consistency tests of all classes together (past it: undecided)
SEQUENTIAL_SECONDS = 20.0


def solve_pbe(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    progress: Progress | None = None,
    refine: str | None = None,
    fallback: bool = False,
) -> SolveResult:
    """Every perfect Bayesian equilibrium class of a small finite tree.

    Parameters
    ----------
    game
        A perfect-recall :class:`~alliance_games.games.extensive.ExtensiveFormGame`
        (chance moves, information sets, any number of players) whose reduced normal form
        is small enough to enumerate.
    exact
        Report Fractions and certify every class with regret exactly 0 (rational games).
        The search itself is exact whenever the game's numbers are rational.
    timeout
        Seconds; a search cut short returns what it has with ``complete=False``.
    memory
        Memory budget (``"2G"``, bytes; default
        :func:`alliance_games.budget.default_memory`). Each reduced normal form is sized
        before it is built; one that does not fit stops the search: no equilibrium and
        ``complete=False`` with the estimate in the diagnostics, or, with ``fallback``,
        one equilibrium by a method that fits.
    progress
        ``progress(done, total)`` over the Nash equilibria examined.
    fallback
        Past the budget, return one equilibrium from
        :func:`alliance_games.solvers.tree.methods.over_budget_fallback` (sequence-form
        Lemke for two players, logit QRE otherwise), tested for being a PBE and marked
        ``complete=False``. ``auto`` sets it.
    refine
        ``None`` (all classes), ``"intuitive"`` (Cho & Kreps 1987), ``"d1"`` or
        ``"sequential"`` (Kreps & Wilson 1982): keep the classes that pass;
        ``result.extra["eliminated"]`` names the others. Every class says in its
        ``extra["sequential"]`` (True, False, or None when undecided) whether it is a
        sequential equilibrium, with ``extra["reason"]``; a class that is not is
        described as "weak PBE only".

    Returns
    -------
    SolveResult
        ``method="pbe"``; one :class:`~alliance_games.equilibrium.Equilibrium` per class
        with ``concept="perfect bayesian"``, ``behavior``, on-path ``beliefs`` (Bayes'
        rule), ``payoffs``, ``outcomes`` and ``extra``: ``kind`` (separating, pooling,
        semi-separating ...), ``off_path_beliefs`` (ranges), ``intuitive_criterion``,
        ``d1``, ``probabilities`` (P(challenge), P(war) ... where labels apply).

    Examples
    --------
    A defender is strong (1/3) or weak; a challenger who cannot tell attacks or not:

    >>> from alliance_games.games.extensive import Chance, Decision, Terminal
    >>> def defender(t):
    ...     war = (-1, 1) if t == "strong" else (1, -1)
    ...     return Decision("Challenger", {"Attack": Terminal(war, "war"),
    ...                     "Refrain": Terminal((0, 0), "deterrence success")}, infoset="c")
    >>> g = ExtensiveFormGame.from_tree(Chance({"strong": ("1/3", defender("strong")),
    ...     "weak": ("2/3", defender("weak"))}), players=("Challenger", "Defender"))
    >>> r = solve_pbe(g, exact=True)
    >>> [dict(e.behavior["Challenger"]["c"]) for e in r.equilibria]
    [{'Attack': Fraction(1, 1), 'Refrain': Fraction(0, 1)}]
    """
    # long because it is the one place that validates the options, runs the search and
    # assembles the result record in order; each step is a named function
    if not isinstance(game, ExtensiveFormGame):
        raise SolverError(f"solve_pbe needs an ExtensiveFormGame, got {type(game).__name__}")
    if refine is not None:
        refine = str(refine).lower().replace("-", "_")
        refine = {"ic": "intuitive", "intuitive_criterion": "intuitive"}.get(refine, refine)
    if refine not in REFINEMENTS:
        raise SolverError(f"unknown refinement {refine!r}; use 'intuitive', 'd1' or "
                          "'sequential'")
    if exact and not game.is_exact:
        exact_needs_rational()
    movers, total = _movers_shape(game)
    if len(movers) == 2 and not _enumerable(movers, total):
        # two-round crises past the normal form's reach (the module is imported only for
        # a game of that size: multistage_pbe is None on every smaller one)
        from .multistage import multistage_pbe
        multi = multistage_pbe(game, exact=exact, timeout=timeout, refine=refine)
        if multi is not None:
            return multi
    start = time.monotonic()
    budget = Budget.start(timeout, memory)
    try:
        assessments, complete, notes = pbe_assessments(game, timeout=timeout,
                                                       progress=progress, budget=budget)
    except (BudgetExceeded, MemoryError) as exc:
        # MemoryError only as a last resort: the reduced normal form is sized first
        message = (str(exc) if isinstance(exc, BudgetExceeded)
                   else "the Nash equilibria of the reduced normal form did not fit in "
                   "memory")
        memory_kind = getattr(exc, "kind", "memory") == "memory"
        return _over_budget(game, message, exact, budget.remaining(), progress,
                            fallback and memory_kind, start)
    arith_exact = game.is_exact
    tol = 0.0 if arith_exact else DEFAULT_TOL * _scale(game)
    classes = _group(assessments, tol)
    seq_deadline = time.monotonic() + SEQUENTIAL_SECONDS
    pieces_cache: dict[tuple, Any] = {}
    supports = None if _whole_tree_test(game) else _support_budget()
    for cls in classes:
        _mark_sequential(game, cls, arith_exact, seq_deadline, pieces_cache, supports)
    if any(cls.sequential is not None and cls.sequential.sequential is False
           for cls in classes):
        if len(game.terminals) <= QRE_MAX_LEAVES:
            found = _sequential_from_qre(game, classes, arith_exact, tol, budget.remaining())
            if found:
                notes.append(found)
        else:
            notes.append(f"the agent logit QRE was not traced for a sequential assessment of "
                         f"the weak-PBE-only classes ({len(game.terminals)} leaves, past "
                         f"{QRE_MAX_LEAVES}): those verdicts rest on the assessments found")
    structure = detect_signaling(game)
    infos = [_describe_class(game, structure, cls, arith_exact, tol) for cls in classes]
    kept = [c for c in infos if not _fails(refine, c.verdicts)]
    dropped = [c for c in infos if _fails(refine, c.verdicts)]
    equilibria = [_family_equilibrium(game, fam, exact, tol) for fam in _families(kept, tol)]
    eliminated: list[dict[str, Any]] = []
    for fam in _families(dropped, tol):
        eliminated.append(
            {
                "kind": fam[0].label.kind,
                "description": fam[0].label.description,
                "reason": _fails(refine, fam[0].verdicts),
                "equilibrium": _family_equilibrium(game, fam, exact, tol),
            }
        )
    diagnostics = _diagnostics(notes, len(classes), len(assessments), len(equilibria),
                               any(len(f) > 1 for f in _families(kept, tol)),
                               structure is None, eliminated, refine)
    if _nested_off_path(game):
        complete = False
        diagnostics.append(
            "an information set of several nodes lies wholly below another player's such "
            "set: a class that needs mixing at both off the path is found only if an "
            "extreme Nash equilibrium has it, so the list is not proven complete"
        )
    return SolveResult(
        game=game,
        method=METHOD,
        complete=complete,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
        extra={
            "refinement": refine,
            "eliminated": [_eliminated_summary(e) for e in eliminated],
            "signaling": None if structure is None else structure.describe(game),
            "seconds": round(time.monotonic() - start, 6),
            "concept": "perfect Bayesian (Bayes' rule on the path and in every subgame)",
        },
    )


def _diagnostics(notes: list[str], n_classes: int, n_assessments: int, n_equilibria: int,
                 continuum: bool, unstructured: bool, eliminated: list[dict[str, Any]],
                 refine: str | None) -> list[str]:
    """The search's notes followed by the sentences that summarise the classes found."""
    diagnostics = list(notes)
    diagnostics.append(
        f"{n_classes} PBE class{'es' if n_classes != 1 else ''} (by on-path behavior) "
        f"from {n_assessments} verified assessments, reported as {n_equilibria} "
        "equilibri" + ("um" if n_equilibria == 1 else "a") + "; equilibria that differ "
        "only off the path are one class, shown with the off-path beliefs that sustain "
        "them as ranges"
    )
    if continuum:
        diagnostics.append(
            "some classes are outcome-equivalent extreme points of one connected set of "
            "equilibria (a continuum): each such set is reported once, with the other "
            "extreme classes under extra['continuum']"
        )
    if unstructured:
        diagnostics.append(
            "no sender-receiver structure (a chance move followed by an "
            "informed first mover): equilibria are not labelled separating/"
            "pooling and refinements do not apply"
        )
    name = {"intuitive": "Intuitive Criterion", "d1": "D1 criterion",
            "sequential": "sequential-equilibrium test (Kreps & Wilson 1982)"}.get(
                refine or "", "")
    for e in eliminated:
        diagnostics.append(
            f"the {name} eliminates the {e['description']} equilibrium: {e['reason']}"
        )
    return diagnostics


#: seconds given to the agent logit QRE when a class's members are all weak PBE only
QRE_SECONDS = 10.0
#: the QRE is traced only on trees with at most this many leaves (its cost grows with the
#: tree and is cut by time, not by shape, past it)
QRE_MAX_LEAVES = 32


def _sequential_from_qre(game: ExtensiveFormGame, classes: list[Any], exact: bool,
                         tol: float, remaining: float | None) -> str | None:
    """Look for a sequential assessment the enumeration missed, in the limit of the
    agent logit QRE (McKelvey & Palfrey 1998: its limit points are sequential
    equilibria).

    The enumeration re-chooses off-path behavior from pure actions and the extreme
    equilibria's mixtures, so an assessment whose off-path sets mix at interior
    probabilities (an off-path mixing that keeps a later mover indifferent) can be
    missing from a class whose members are then all weak PBE only. The QRE limit is
    rounded to small fractions, verified as a PBE and tested for consistency; when it
    passes it becomes the representative of the class with its on-path play (or a new
    class). Returns a note for the diagnostics, or ``None``.
    """
    from fractions import Fraction

    from ..tree.qre import solve_qre

    seconds = QRE_SECONDS if remaining is None else min(QRE_SECONDS, max(remaining, 1.0))
    try:
        with warnings.catch_warnings():
            # the path's numerical steps overflow harmlessly at high precision
            warnings.simplefilter("ignore", RuntimeWarning)
            qre = solve_qre(game, timeout=seconds)
    except AllianceGamesError:
        return None
    if not qre.equilibria or qre.equilibria[0].behavior is None:
        return None
    table = game.behavior_table(qre.equilibria[0].behavior)
    assessment = verdict = None
    for denominator in (12, 100, 10_000):   # the QRE limit is approached, not reached
        rows = []
        for t in table:
            assert t is not None
            guess = [Fraction(float(p)).limit_denominator(denominator) for p in t]
            total = sum(guess)
            rows.append(tuple(g / total for g in guess) if exact
                        else tuple(float(g / total) for g in guess))
        assessment = verify_assessment(game, rows, exact=exact)
        if assessment is None:
            continue
        verdict = sequential_test(game, assessment.table, exact=exact)
        if verdict.sequential:
            break
    if assessment is None or verdict is None or not verdict.sequential:
        return None
    key = (assessment.on_path, _key(assessment.table, tol, assessment.on_path))
    for cls in classes:
        rep = cls.members[0]
        if (rep.on_path, _key(rep.table, tol, rep.on_path)) == key:
            if cls.sequential is not None and cls.sequential.sequential:
                return None
            cls.members.append(assessment)
            cls.preferred = assessment
            cls.sequential = verdict
            return ("the limit of the agent logit QRE supplied a sequential assessment "
                    "(off-path mixing the enumeration does not try) for a class whose "
                    "other assessments are weak PBE only")
    return None


def _mark_sequential(game: ExtensiveFormGame, cls: Any, exact: bool,
                     deadline: float | None = None,
                     cache: dict[tuple, Any] | None = None,
                     supports: Any = None) -> None:
    """Test the class's assessments for Kreps-Wilson consistency (the representative
    first) and keep the first sequential one as the class's representative.

    A class is sequential when one of its verified assessments is: its off-path beliefs
    can be chosen as limits of Bayes beliefs under trembles
    (:func:`alliance_games.solvers.tree.sequential.sequential_test`).
    """
    first = cls.representative
    shortcut = _informed_one_round_verdict(game, first, exact)
    if shortcut is not None:
        cls.preferred = first
        cls.sequential = shortcut
        return
    members = [first] + [a for a in cls.members if a is not first]
    verdicts: list[SequentialVerdict] = []
    limit = (SEQUENTIAL_MEMBERS if len(game.terminals) <= SEQUENTIAL_LARGE_LEAVES
             else SEQUENTIAL_MEMBERS_LARGE)
    for a in members[:limit]:
        if deadline is not None and time.monotonic() > deadline and verdicts:
            verdicts.append(SequentialVerdict(None, "undecided: the consistency tests ran "
                                              f"out of their {SEQUENTIAL_SECONDS:g} s"))
            break
        verdict = _consistency(game, a.table, exact, cache, supports)
        if verdict.sequential:
            cls.preferred = a
            cls.sequential = verdict
            return
        verdicts.append(verdict)
    undecided = next((v for v in verdicts if v.sequential is None), None)
    if undecided is None and len(members) > limit:
        undecided = SequentialVerdict(None, f"undecided: only {limit} of the "
                                      f"class's {len(members)} assessments were tested")
    cls.sequential = undecided or verdicts[0]


def _whole_tree_test(game: ExtensiveFormGame) -> bool:
    """Whether :func:`_consistency` tests the whole tree at once (not subgame by
    subgame)."""
    return len(game.terminals) <= SEQUENTIAL_LARGE_LEAVES or len(game.subgame_roots) < 2


def _support_budget() -> Any:
    """A fresh :class:`.pieces.SupportBudget` (the module is imported only for the trees
    tested subgame by subgame)."""
    from .pieces import SupportBudget

    return SupportBudget()


def _consistency(game: ExtensiveFormGame, table: Any, exact: bool,
                 cache: dict[tuple, Any] | None,
                 supports: Any = None) -> SequentialVerdict:
    """The consistency test of one assessment: on the whole tree up to
    :data:`SEQUENTIAL_LARGE_LEAVES` leaves (cheap there; its reasons name every set at
    once), subgame by subgame past it (:func:`.pieces.sequential_by_subgames`: the
    search over the supports of the off-path beliefs, a product over the constrained
    sets, becomes a sum over the pieces; ``cache`` keeps the pieces' verdicts for the
    other assessments of the game, ``supports`` the game's budget of support searches:
    :data:`.pieces.SUPPORT_BUDGET`)."""
    if _whole_tree_test(game):
        return sequential_test(game, table, exact=exact)
    from .pieces import sequential_by_subgames

    return sequential_by_subgames(game, table, exact=exact, cache=cache, budget=supports)


#: off-path sets with more nodes than this use the one-round theorem (the general test
#: enumerates the 2^n faces of each set's belief polytope)
SEQUENTIAL_FACE_NODES = 5


def _informed_one_round_verdict(game: ExtensiveFormGame, a: Assessment,
                                exact: bool) -> SequentialVerdict | None:
    """The sequential verdict of a PBE of a one-round game with an informed sender whose
    off-path sets have more than :data:`SEQUENTIAL_FACE_NODES` nodes, without the
    general test; ``None`` when the shortcut does not apply.

    Every such PBE is sequential (Kreps & Wilson 1982; Fudenberg & Tirole 1991, sec.
    8.3): each node of an unreached receiver set follows one type's own unplayed
    message, and different nodes follow different (type, message) pairs, so trembles
    ``ε_{t,m}`` chosen per pair give the set any limit belief (in particular one that
    sustains the play) while vanishing trembles keep Bayes beliefs on the path.
    """
    off = [h for h in a.free if len(game.infosets[h].members) > SEQUENTIAL_FACE_NODES]
    if not off:
        return None
    from .pure import one_round_structure

    st = one_round_structure(game, exact)
    if st is None or any(len(game.infosets[h].members) != 1 for h in st.sender_sets):
        return None
    beliefs = {h: tuple(float(p) for p in verts[0]) for h, verts in a.free.items() if verts}
    return SequentialVerdict(
        True, "sequential: in a one-round game with an informed sender every node of an "
        "unreached receiver set follows one type's own unsent message, so trembles chosen "
        "per type and message give any limit belief there, in particular one that "
        "sustains the play (Kreps & Wilson 1982)", beliefs=beliefs)


def _over_budget(game: ExtensiveFormGame, message: str, exact: bool, timeout: float | None,
                 progress: Progress | None, fallback: bool, start: float) -> SolveResult:
    """The result when PBE enumeration does not fit: a fallback equilibrium (tested for
    being a PBE) or none, always ``complete=False`` with the reason."""
    if not fallback:
        return SolveResult(
            game=game, method=METHOD, complete=False, equilibria=(), exact=exact,
            diagnostics=(f"{message}; no PBE was computed (method 'auto' falls back to one "
                         "equilibrium by a method that fits)",),
            extra={"seconds": round(time.monotonic() - start, 6)},
        )
    result = over_budget_fallback(game, "perfect Bayesian enumeration: " + message,
                                  exact=exact, timeout=timeout, progress=progress,
                                  start=start)
    checks = []
    for k, eq in enumerate(result.equilibria, start=1):
        assert eq.behavior is not None  # the tree fallbacks always give behavior strategies
        # not partial: behavior_table raises rather than leave an information set None
        table = cast(list[tuple[Any, ...]], game.behavior_table(eq.behavior, exact=exact))
        is_pbe = verify_assessment(game, table, exact=exact) is not None
        checks.append(f"equilibrium {k} is {'' if is_pbe else 'not '}a perfect Bayesian "
                      "equilibrium (beliefs chosen where Bayes' rule is silent)")
    return dataclasses.replace(result, diagnostics=(*result.diagnostics, *checks))


def _nested_off_path(game: ExtensiveFormGame) -> bool:
    """True when a multi-node set of one player lies wholly below a multi-node set of
    another (the shape in which off-path optimality is not a face condition)."""
    size = game.subtree_size
    for h, s in enumerate(game.infosets):
        if len(s.members) < 2:
            continue
        spans = [(v, v + size[v]) for v in s.members]
        for g, t in enumerate(game.infosets):
            if g == h or t.player == s.player or len(t.members) < 2 or len(t.actions) < 2:
                continue
            if all(any(a < w < b for a, b in spans) for w in t.members):
                return True
    return False
