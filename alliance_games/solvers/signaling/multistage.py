"""Pure-strategy PBE of two-round sender-receiver games, by public history.

A *two-round crisis* (the shape of
:func:`alliance_games.games.random_signaling.random_crisis_game`): Nature draws the
sender's type ``t`` (prior ``p_t > 0``); the sender, knowing it, sends ``m``; the
receiver, seeing ``m`` only, answers ``r``; the sender, knowing everything, acts ``a``;
the receiver, seeing the public history ``(m, r, a)`` but not the type, replies ``b``
and the game ends. Every receiver information set is one public history (one node per
type), every sender set one node. Its reduced normal form has ``M^T x R^M`` plans for
the first round times the second round's (4 types, 4 messages: ``256 x 256`` already),
far past vertex enumeration, and the sequence-form Lemke equilibrium is Nash but not
always extendable to a PBE; a PBE always exists (every sequential equilibrium is one).

The search is backward, on pure profiles ``(σ1, ρ1, σ2, ρ2)``. Notation: ``V_S``,
``V_R`` the sender's and receiver's payoffs at a leaf ``(t, m, r, a, b)``.

1. **Continuations.** After ``(m, r)`` the game is a one-round signaling game. ``F2(a)``
   is the set of replies some belief sustains at the set ``(m, r, a)``
   (:func:`alliance_games.solvers.signaling.beliefs.belief_region`). For every reply
   rule ``ρ2 ∈ ∏_a F2(a)`` each type plays a best reply
   ``σ2(t) ∈ argmax_a V_S(t, m, r, a, ρ2(a))`` (any tie), and its continuation value is
   ``w_S(t) = max_a V_S(t, m, r, a, ρ2(a))``. *Off the path* (every set after
   ``(m, r)`` unreached) every such pair is a continuation PBE, ``C(m, r, ∅)``. *On the
   path* with the types ``S`` that reach ``(m, r)``, the reached sets ``(m, r, a)`` carry
   the Bayes posterior of ``{t ∈ S : σ2(t) = a}`` and ``ρ2(a)`` must be optimal for it:
   ``C(m, r, S) ⊆ C(m, r, ∅)``.
2. **First round.** For a message pattern ``σ1`` (messages no type sends in any PBE
   pruned first, as in :mod:`.pure`: ``max_{r,c} w_S(t) < max_{m'} min_{r,c} w_S(t)``),
   each sent message ``m`` with senders ``S_m`` takes a response ``r`` and a continuation
   ``c ∈ C(m, r, S_m)`` such that ``r`` is optimal for the posterior of ``S_m`` when each
   other response ``r'`` is followed by the off-path continuation that the receiver
   values least under that posterior (any off-path continuation is allowed there).
   A type's equilibrium value is ``w_S`` of its message's continuation.
3. **Deviations.** A type deviating to a sent message gets that message's continuation
   value (its best reply, whatever the tie). An unsent message ``m'`` must be deterred by
   an off-path response ``r'`` that some belief makes optimal given off-path
   continuations after every response, followed by a continuation whose ``w_S`` is at
   most every type's equilibrium value; the pairs ``(r', c)`` that can be sustained are
   computed once per message (a belief polytope per combination of the least
   receiver-valued continuations after the other responses).

Every profile found is completed to a full behavior table and verified on the whole
tree by the PBE test (:func:`.assessment.verify_assessment`'s check). The work is
bounded before it starts: the number of message patterns (after pruning) is counted
against :data:`MAX_PATTERNS`, the combinations per pattern against
:data:`MAX_COMBINATIONS`, and at most :data:`MAX_FOUND` classes are kept. Mixed PBE are
not searched, so a result from this module is never ``complete``; when no pure PBE
exists the reason is reported and the general candidates follow (the sequence-form
Lemke equilibrium, extended off the path and tested: it may not extend, and then the
result has no equilibrium and says why).

:func:`multistage_pbe` is what ``solve_pbe`` returns on such a game past the reduced
normal form's reach. The sequential-equilibrium test runs only with
``refine="sequential"`` (its cost is not bounded by the tree's shape).

References
----------
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, sec. 8.2 (PBE in multi-stage
games with observed actions and independent types).
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...equilibrium import DEFAULT_TOL, SolveResult
from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from ..tree.methods import _enumerable, _movers_shape
from ..tree.sequential import SequentialVerdict, sequential_test
from .assessment import (
    Assessment,
    _check_assessment,
    _Context,
    _dependencies,
    _innermost_subgames,
    _scale,
)
from .beliefs import belief_region
from .candidates import pbe_assessments
from .classes import (
    _describe_class,
    _eliminated_summary,
    _fails,
    _families,
    _family_equilibrium,
    _group,
)
from .pure import _ge
from .structure import detect_signaling

__all__ = ["TwoRound", "two_round_structure", "multistage_assessments", "multistage_pbe",
           "MAX_PATTERNS"]

MAX_PATTERNS = 20_000
"""First-round message patterns examined at most (counted after pruning, before)."""
MAX_COMBINATIONS = 2_000
"""Combinations of on-path continuations examined per message pattern at most."""
MAX_FOUND = 3
"""Pure PBE (distinct on-path play) kept at most."""
MAX_SUSTAIN = 16
"""Combinations of off-path continuations tried to sustain one off-path response."""


@dataclass(frozen=True)
class TwoRound:
    """A two-round sender-receiver tree, read off the nodes (see the module doc).

    ``types[t]``: the type node; ``prior[t]``; ``g1[m]``: the receiver set after
    message ``m``; ``x[t][m][r]``: the sender's second-round node; ``g2[m][r][a]``: the
    receiver's second-round set; ``us[t][m][r][a][b]``, ``ur[...]``: the payoffs.
    """

    sender: int
    receiver: int
    types: tuple[int, ...]
    prior: tuple[Any, ...]
    n_messages: int
    n_responses: tuple[int, ...]
    n_actions: dict[tuple[int, int], int]
    n_replies: dict[tuple[int, int, int], int]
    g1: tuple[int, ...]
    x: dict[tuple[int, int, int], int]
    g2: dict[tuple[int, int, int], int]
    us: dict[tuple[int, int, int, int, int], Any]
    ur: dict[tuple[int, int, int, int, int], Any]


def two_round_structure(game: ExtensiveFormGame, exact: bool) -> TwoRound | None:
    """The two-round crisis structure of ``game`` (see the module doc), or ``None``."""
    nodes = game.nodes
    root = nodes[0]
    if root.kind != CHANCE or game.n_players != 2:
        return None
    probs = root.exact_probabilities if exact else root.probabilities
    if probs is None or any(p <= 0 for p in probs):
        return None
    types = tuple(root.children)
    if any(nodes[v].kind != DECISION for v in types):
        return None
    first = nodes[types[0]].player
    if first is None:
        return None
    sender: int = first
    receiver = 1 - sender

    def single(v: int, player: int) -> bool:
        n = nodes[v]
        return (n.kind == DECISION and n.player == player
                and len(game.infosets[n.infoset].members) == 1)  # type: ignore[index]

    if not all(single(v, sender) for v in types):
        return None
    n_msg = len(nodes[types[0]].children)
    if any(len(nodes[v].children) != n_msg for v in types):
        return None
    g1: list[int] = []
    n_resp: list[int] = []
    x: dict[tuple[int, int, int], int] = {}
    g2: dict[tuple[int, int, int], int] = {}
    n_act: dict[tuple[int, int], int] = {}
    n_rep: dict[tuple[int, int, int], int] = {}
    us: dict[tuple[int, int, int, int, int], Any] = {}
    ur: dict[tuple[int, int, int, int, int], Any] = {}
    for m in range(n_msg):
        ws = [nodes[v].children[m] for v in types]
        if any(nodes[w].kind != DECISION or nodes[w].player != receiver for w in ws):
            return None
        g = nodes[ws[0]].infoset
        assert g is not None
        if sorted(game.infosets[g].members) != sorted(ws) or len(set(ws)) != len(ws):
            return None
        g1.append(g)
        n_r = len(nodes[ws[0]].children)
        n_resp.append(n_r)
        for r in range(n_r):
            xs = [nodes[w].children[r] for w in ws]
            if not all(single(v, sender) for v in xs):
                return None
            n_a = len(nodes[xs[0]].children)
            if any(len(nodes[v].children) != n_a for v in xs):
                return None
            n_act[m, r] = n_a
            for t, v in enumerate(xs):
                x[t, m, r] = v
            for a in range(n_a):
                ys = [nodes[v].children[a] for v in xs]
                if any(nodes[y].kind != DECISION or nodes[y].player != receiver for y in ys):
                    return None
                h = nodes[ys[0]].infoset
                assert h is not None
                if sorted(game.infosets[h].members) != sorted(ys) or len(set(ys)) != len(ys):
                    return None
                g2[m, r, a] = h
                n_b = len(nodes[ys[0]].children)
                n_rep[m, r, a] = n_b
                for t, y in enumerate(ys):
                    for b, z in enumerate(nodes[y].children):
                        leaf = nodes[z]
                        if leaf.kind != TERMINAL:
                            return None
                        pay = leaf.exact_payoffs if exact else leaf.payoffs
                        if pay is None:
                            return None
                        us[t, m, r, a, b] = pay[sender]
                        ur[t, m, r, a, b] = pay[receiver]
    return TwoRound(sender, receiver, types, tuple(probs), n_msg, tuple(n_resp), n_act,
                    n_rep, tuple(g1), x, g2, us, ur)


@dataclass(frozen=True)
class _Cont:
    """A continuation after ``(m, r)``: reply rule, best replies, values per type."""

    rho2: tuple[int, ...]
    sigma2: tuple[int, ...]
    ws: tuple[Any, ...]
    wr: tuple[Any, ...]


@dataclass
class _Search:
    st: TwoRound
    tol: float
    zero: Any
    free2: dict[tuple[int, int], list[_Cont]] = field(default_factory=dict)
    f2: dict[tuple[int, int], list[list[int]]] = field(default_factory=dict)
    onpath: dict[tuple[int, int, frozenset[int]], list[_Cont]] = field(default_factory=dict)
    least: dict[tuple[int, int, frozenset[int]], tuple[Any, _Cont]] = field(default_factory=dict)
    options: dict[tuple[int, frozenset[int]], list[tuple[int, _Cont]]] = field(
        default_factory=dict)
    deter: dict[int, list[tuple[int, _Cont, dict[int, _Cont]]]] = field(default_factory=dict)
    cut: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ second round
    def sustainable2(self, m: int, r: int) -> list[list[int]]:
        if (m, r) not in self.f2:
            st = self.st
            out = []
            for a in range(st.n_actions[m, r]):
                nb = st.n_replies[m, r, a]
                values = [[st.ur[t, m, r, a, b] for b in range(nb)] for t in range(len(st.types))]
                out.append([b for b in range(nb) if _sustained(values, b, self.tol)])
            self.f2[m, r] = out
        return self.f2[m, r]

    def free(self, m: int, r: int) -> list[_Cont]:
        """``C(m, r, ∅)``: every continuation with free beliefs at the sets after it."""
        if (m, r) in self.free2:
            return self.free2[m, r]
        st = self.st
        n_t = len(st.types)
        out = []
        for rho2 in itertools.product(*self.sustainable2(m, r)):
            best: list[list[int]] = []
            ws = []
            for t in range(n_t):
                vals = [st.us[t, m, r, a, rho2[a]] for a in range(len(rho2))]
                top = max(vals)
                best.append([a for a, v in enumerate(vals) if _ge(v, top, self.tol)])
                ws.append(top)
            for sigma2 in itertools.islice(itertools.product(*best), 64):
                wr = tuple(st.ur[t, m, r, sigma2[t], rho2[sigma2[t]]] for t in range(n_t))
                out.append(_Cont(tuple(rho2), tuple(sigma2), tuple(ws), wr))
        self.free2[m, r] = out
        return out

    def on(self, m: int, r: int, senders: frozenset[int]) -> list[_Cont]:
        """``C(m, r, S)``: continuations with Bayes beliefs of ``S`` at reached sets."""
        key = (m, r, senders)
        if key in self.onpath:
            return self.onpath[key]
        st = self.st
        out = []
        for c in self.free(m, r):
            ok = True
            for a in {c.sigma2[t] for t in senders}:
                weight = {t: st.prior[t] for t in senders if c.sigma2[t] == a}
                nb = st.n_replies[m, r, a]
                value = [sum((w * st.ur[t, m, r, a, b] for t, w in weight.items()), self.zero)
                         for b in range(nb)]
                if not _ge(value[c.rho2[a]], max(value), self.tol):
                    ok = False
                    break
            if ok:
                out.append(c)
        self.onpath[key] = out
        return out

    def deviation_value(self, m: int, r: int, senders: frozenset[int], c: _Cont) -> Any:
        """The receiver's (unnormalised) value of answering ``m`` by ``r`` when ``senders``
        send it, with the replies after ``r`` re-chosen optimally (a plan deviation: the
        Nash test), the types playing ``c``'s second move."""
        st = self.st
        total = self.zero
        for a in {c.sigma2[t] for t in senders}:
            who = [t for t in senders if c.sigma2[t] == a]
            total += max(sum((st.prior[t] * st.ur[t, m, r, a, b] for t in who), self.zero)
                         for b in range(st.n_replies[m, r, a]))
        return total

    def least_valued(self, m: int, r: int, senders: frozenset[int]) -> tuple[Any, _Cont]:
        """The off-path continuation after ``(m, r)`` whose :meth:`deviation_value` for
        the receiver is least, with that value."""
        key = (m, r, senders)
        if key not in self.least:
            self.least[key] = min(
                ((self.deviation_value(m, r, senders, c), c) for c in self.free(m, r)),
                key=lambda vc: vc[0])
        return self.least[key]

    def consistent(self, m: int, r: int, senders: frozenset[int], bound: Any) -> _Cont | None:
        """A continuation after the receiver's own deviation ``(m, r)`` with beliefs by
        Bayes' rule from ``senders`` (the sender's information is unchanged by it) whose
        value for the receiver is at most ``bound``, or ``None``: preferred, because its
        beliefs are limits of trembles of the receiver alone."""
        for c in self.on(m, r, senders):
            if _ge(bound, self.deviation_value(m, r, senders, c), self.tol):
                return c
        return None

    # ------------------------------------------------------------------- first round
    def message_options(self, m: int, senders: frozenset[int]) -> list[tuple[int, _Cont]]:
        """(response, continuation) pairs for a message sent by exactly ``senders``."""
        key = (m, senders)
        if key in self.options:
            return self.options[key]
        st = self.st
        n_r = st.n_responses[m]

        def val(c: _Cont) -> Any:
            return sum((st.prior[t] * c.wr[t] for t in senders), self.zero)

        least = [self.least_valued(m, r, senders)[0] for r in range(n_r)]
        out: list[tuple[int, _Cont]] = []
        seen: set[tuple] = set()
        for r in range(n_r):
            for c in self.on(m, r, senders):
                v = val(c)
                if not all(_ge(v, least[r2], self.tol) for r2 in range(n_r) if r2 != r):
                    continue
                key2 = (r, c.ws)
                if key2 not in seen:
                    seen.add(key2)
                    out.append((r, c))
        self.options[key] = out
        return out

    def deterrents(self, m: int, mixed: bool = False) -> list[tuple[int, _Cont, dict[int, _Cont]]]:
        """Off-path (response, continuation, continuations after the other responses)
        that a belief on one type sustains (with ``mixed``, that some belief sustains),
        the sender's values Pareto-minimal."""
        key0 = m if not mixed else -1 - m
        if key0 in self.deter:
            return self.deter[key0]
        st = self.st
        n_r = st.n_responses[m]
        n_t = len(st.types)
        # the receiver's least values after each response (Pareto-minimal wr)
        low: dict[int, list[_Cont]] = {}
        for r in range(n_r):
            frontier: list[_Cont] = []
            for c in sorted(self.free(m, r), key=lambda c: sum(c.wr, self.zero)):
                if any(all(_ge(c.wr[t], d.wr[t], self.tol) for t in range(n_t))
                       for d in frontier):
                    continue
                frontier.append(c)
            low[r] = frontier
        memo: dict[tuple[int, tuple], dict[int, _Cont] | None] = {}
        found: list[tuple[int, _Cont, dict[int, _Cont]]] = []
        # per type, the continuation after each response the type values least (a belief
        # on one type sustains r when r's value beats each of those minima)
        point: dict[tuple[int, int], _Cont] = {}
        for t in range(n_t):
            for r in range(n_r):
                point[t, r] = min(low[r], key=lambda c, t=t: c.wr[t])  # type: ignore[misc]
        for r in range(n_r):
            others = [r2 for r2 in range(n_r) if r2 != r]
            combos = 1
            for r2 in others:
                combos *= len(low[r2])
            for c in self.free(m, r):
                key = (r, c.wr)
                if key in memo:
                    pass
                elif (t0 := next((t for t in range(n_t) if all(
                        _ge(c.wr[t], point[t, r2].wr[t], self.tol) for r2 in others)),
                        None)) is not None:
                    memo[key] = {r2: point[t0, r2] for r2 in others}
                else:
                    memo[key] = None
                    if not mixed:
                        continue
                    if combos > MAX_SUSTAIN:
                        self.cut.append(
                            f"after message {m}: {combos} combinations of off-path "
                            f"continuations to sustain response {r} at a mixed belief, "
                            f"only {MAX_SUSTAIN} tried")
                    for combo in itertools.islice(
                            itertools.product(*(low[r2] for r2 in others)), MAX_SUSTAIN):
                        values = [[c.wr[t], *(d.wr[t] for d in combo)] for t in range(n_t)]
                        if _sustained(values, 0, self.tol):
                            memo[key] = dict(zip(others, combo, strict=True))
                            break
                rest = memo[key]
                if rest is not None:
                    found.append((r, c, rest))
        # keep the sender-Pareto-minimal ones (the easiest to deter with)
        found.sort(key=lambda f: sum(f[1].ws, self.zero))
        frontier2: list[tuple[int, _Cont, dict[int, _Cont]]] = []
        for f in found:
            if any(all(_ge(f[1].ws[t], g[1].ws[t], self.tol) for t in range(n_t))
                   for g in frontier2):
                continue
            frontier2.append(f)
        self.deter[key0] = frontier2
        return frontier2


def _sustained(values: list[list[Any]], b: int, tol: float) -> bool:
    """Whether some belief over the rows makes column ``b`` optimal (a belief on one
    node tried first, then the belief polytope)."""
    if any(all(_ge(row[b], x, tol) for x in row) for row in values):
        return True
    return bool(belief_region(values, [b], tol=tol))


def multistage_assessments(
    game: ExtensiveFormGame,
    *,
    timeout: float | None = None,
    large_only: bool = True,
) -> tuple[list[Assessment], bool, list[str]] | None:
    """Pure-strategy PBE of a two-round crisis (see the module doc), or ``None`` when the
    game does not have that shape (or, with ``large_only``, when its reduced normal form
    is small enough for the general search, which then lists every PBE).

    Returns
    -------
    (assessments, complete, notes)
        Verified assessments (one per pure PBE found, with one off-path completion);
        ``complete`` is always False (mixed PBE are not searched); ``notes`` say what was
        examined and where a budget cut.
    """
    exact = game.is_exact
    st = two_round_structure(game, exact)
    if st is None:
        return None
    if large_only:
        movers, total = _movers_shape(game)
        if len(movers) != 2 or _enumerable(movers, total):
            return None
    if game.perfect_recall_violations():
        return None
    tol = 0.0 if exact else DEFAULT_TOL * _scale(game)
    zero: Any = Fraction(0) if exact else 0.0
    deadline = None if timeout is None else time.monotonic() + timeout
    search = _Search(st, tol, zero)
    n_t, n_m = len(st.types), st.n_messages
    notes: list[str] = []
    # prune messages no type sends in any PBE
    best = {(t, m): max(c.ws[t] for r in range(st.n_responses[m]) for c in search.free(m, r))
            for t in range(n_t) for m in range(n_m)}
    safe = {(t, m): min(c.ws[t] for r in range(st.n_responses[m]) for c in search.free(m, r))
            for t in range(n_t) for m in range(n_m)}
    options = []
    for t in range(n_t):
        floor = max(safe[t, m] for m in range(n_m))
        options.append([m for m in range(n_m) if _ge(best[t, m], floor, tol)])
    total = 1
    for o in options:
        total *= len(o)
    pruned = n_t * n_m - sum(len(o) for o in options)
    notes.append(
        f"two-round sender-receiver game ({n_t} types, {n_m} messages): pure PBE searched "
        "by public history (each continuation after a message and a response solved as a "
        "one-round signaling game, Bayes beliefs on the path, deterring beliefs off it), "
        f"{total} message pattern{'s' if total != 1 else ''} after setting aside {pruned} "
        "message choices that pay less than another message whatever follows")
    complete_pure = True
    if total > MAX_PATTERNS:
        complete_pure = False
        notes.append(f"only the first {MAX_PATTERNS} of {total} message patterns were "
                     "examined (a budget counted before the search)")
    ctx = _Context(game=game, exact=exact, tol=tol, deadline=None,
                   innermost=_innermost_subgames(game), deps=_dependencies(game))
    out: list[Assessment] = []
    seen: set[tuple] = set()
    rejected = 0
    for k, pattern in enumerate(itertools.islice(itertools.product(*options), MAX_PATTERNS)):
        if deadline is not None and k % 16 == 0 and time.monotonic() > deadline:
            complete_pure = False
            notes.append(f"the pure search stopped at the time limit after {k} of "
                         f"{min(total, MAX_PATTERNS)} message patterns")
            break
        senders: dict[int, frozenset[int]] = {}
        for t, m in enumerate(pattern):
            senders[m] = senders.get(m, frozenset()) | {t}
        sent = sorted(senders)
        per = [search.message_options(m, senders[m]) for m in sent]
        if any(not p for p in per):
            continue
        n_comb = 1
        for p in per:
            n_comb *= len(p)
        if n_comb > MAX_COMBINATIONS:
            complete_pure = False
            search.cut.append(f"{n_comb} combinations of continuations for one message "
                              f"pattern, only {MAX_COMBINATIONS} examined")
        for combo in itertools.islice(itertools.product(*per), MAX_COMBINATIONS):
            chosen = dict(zip(sent, combo, strict=True))
            eq = [chosen[pattern[t]][1].ws[t] for t in range(n_t)]
            if not all(_ge(eq[t], chosen[m][1].ws[t], tol)
                       for m in sent for t in range(n_t) if pattern[t] != m):
                continue
            off: dict[int, tuple[int, _Cont, dict[int, _Cont]]] = {}
            for m in range(n_m):
                if m in chosen:
                    continue
                pick = next((d for mixed in (False, True) for d in search.deterrents(m, mixed)
                             if all(_ge(eq[t], d[1].ws[t], tol) for t in range(n_t))), None)
                if pick is None:
                    break
                off[m] = pick
            else:
                key = (pattern, tuple((m, chosen[m][0], chosen[m][1].rho2,
                                       chosen[m][1].sigma2) for m in sent))
                if key in seen:
                    continue
                seen.add(key)
                table = _table(game, st, pattern, chosen, off, search, exact)
                a = _check_assessment(ctx, table)
                if a is None:
                    rejected += 1
                    continue
                out.append(a)
                if len(out) >= MAX_FOUND:
                    break
        if len(out) >= MAX_FOUND:
            complete_pure = False
            notes.append(f"the search stopped after {MAX_FOUND} pure PBE (a budget): "
                         "other pure PBE may exist")
            break
    notes.extend(dict.fromkeys(search.cut))
    if rejected:
        notes.append(f"{rejected} candidate profile{'s' if rejected != 1 else ''} failed "
                     "the PBE test on the whole tree and were dropped")
    if out:
        notes.append(
            f"{len(out)} pure-strategy PBE found"
            + ("" if complete_pure else " (the pure search was cut by a budget)")
            + "; mixed PBE are not searched, so the list is not complete")
    else:
        notes.append(
            "no pure-strategy PBE "
            + ("exists (the pure search was complete)" if complete_pure
               else "was found within the budget")
            + ": the general search follows (one sequence-form equilibrium, tested)")
    return out, False, notes


def _table(game: ExtensiveFormGame, st: TwoRound, pattern: tuple[int, ...],
           chosen: dict[int, tuple[int, _Cont]],
           off: dict[int, tuple[int, _Cont, dict[int, _Cont]]], search: _Search,
           exact: bool) -> list[tuple[Any, ...]]:
    """The full behavior table of a pure profile found by the search."""
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    choice: dict[int, int] = {}
    for t, v in enumerate(st.types):
        choice[game.nodes[v].infoset] = pattern[t]  # type: ignore[index]
    for m in range(st.n_messages):
        conts: dict[int, _Cont]
        if m in chosen:
            r, c = chosen[m]
            senders = frozenset(t for t in range(len(st.types)) if pattern[t] == m)
            bound = search.deviation_value(m, r, senders, c)
            conts = {r2: search.consistent(m, r2, senders, bound)
                     or search.least_valued(m, r2, senders)[1]
                     for r2 in range(st.n_responses[m]) if r2 != r}
            conts[r] = c
        else:
            r, c, rest = off[m]
            conts = {**rest, r: c}
        choice[st.g1[m]] = r
        for r2, c2 in conts.items():
            for t in range(len(st.types)):
                choice[game.nodes[st.x[t, m, r2]].infoset] = c2.sigma2[t]  # type: ignore[index]
            for a, b in enumerate(c2.rho2):
                choice[st.g2[m, r2, a]] = b
    rows = []
    for h, s in enumerate(game.infosets):
        pick = choice[h]
        rows.append(tuple(one if j == pick else zero for j in range(len(s.actions))))
    return rows


UNTESTED = ("undecided: the sequential-equilibrium test is run on a multi-stage crisis only "
            "when asked (refine='sequential'): its cost is not bounded by the tree's shape")


def multistage_pbe(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    refine: str | None = None,
) -> SolveResult | None:
    """:func:`alliance_games.solvers.signaling.pbe.solve_pbe` on a large two-round crisis,
    or ``None`` when the game is not one (the general search then runs).

    The pure PBE of :func:`multistage_assessments` are grouped into classes and described
    as by ``solve_pbe`` (labels, off-path belief ranges, Intuitive Criterion and D1
    verdicts); the sequential-equilibrium test (Kreps & Wilson consistency) runs only
    with ``refine="sequential"`` and the agent-QRE search for a sequential member not at
    all, because neither has a cost bounded by the shape (each class says "undecided").
    When no pure PBE is found the general candidates (the sequence-form equilibrium,
    tested) are used, after the located reason. ``complete`` is always False.
    """
    start = time.monotonic()
    found = multistage_assessments(game, timeout=timeout)
    if found is None:
        return None
    assessments, complete, notes = found
    if not assessments:
        left = None if timeout is None else max(0.1, timeout - (time.monotonic() - start))
        more, _, general = pbe_assessments(game, timeout=left)
        assessments, notes = more, notes + general
        if not assessments:
            notes.append("no perfect Bayesian equilibrium was found: no pure one exists "
                         "within the search above and the sequence-form equilibrium is "
                         "not extendable to one (a PBE exists, mixed: not computed)")
    arith_exact = game.is_exact
    tol = 0.0 if arith_exact else DEFAULT_TOL * _scale(game)
    classes = _group(assessments, tol)
    for cls in classes:
        if refine == "sequential":
            cls.sequential = sequential_test(game, cls.members[0].table, exact=arith_exact)
            if cls.sequential.sequential:
                cls.preferred = cls.members[0]
        else:
            cls.sequential = SequentialVerdict(None, UNTESTED)
    structure = detect_signaling(game)
    infos = [_describe_class(game, structure, cls, arith_exact, tol) for cls in classes]
    kept = [c for c in infos if not _fails(refine, c.verdicts)]
    dropped = [c for c in infos if _fails(refine, c.verdicts)]
    equilibria = [_family_equilibrium(game, fam, exact, tol) for fam in _families(kept, tol)]
    eliminated = [{"kind": fam[0].label.kind, "description": fam[0].label.description,
                   "reason": _fails(refine, fam[0].verdicts),
                   "equilibrium": _family_equilibrium(game, fam, exact, tol)}
                  for fam in _families(dropped, tol)]
    diagnostics = [*notes, (
        f"{len(classes)} PBE class{'es' if len(classes) != 1 else ''} (by on-path "
        f"behavior) from {len(assessments)} verified assessments, reported as "
        f"{len(equilibria)} equilibri{'um' if len(equilibria) == 1 else 'a'}")]
    diagnostics += [f"the {refine} refinement eliminates the {e['description']} "
                    f"equilibrium: {e['reason']}" for e in eliminated]
    return SolveResult(
        game=game, method="pbe", complete=False, equilibria=tuple(equilibria),
        exact=exact, diagnostics=tuple(diagnostics),
        extra={
            "refinement": refine,
            "eliminated": [_eliminated_summary(e) for e in eliminated],
            "signaling": None if structure is None else structure.describe(game),
            "seconds": round(time.monotonic() - start, 6),
            "concept": "perfect Bayesian (Bayes' rule on the path and in every subgame)",
        },
    )
