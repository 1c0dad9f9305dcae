"""Every pure-strategy PBE of a one-round sender-receiver game, by message pattern.

A *one-round* sender-receiver tree: Nature draws a node (the type) with positive
probability; the sender moves at its information set there (one per type when it is
informed); each message leads to a receiver node whose every action ends the game
(Cho & Kreps 1987, sec. II). Its reduced normal form has ``M^T x R^M`` profiles (4 types,
4 messages, 4 responses: 256 x 256), too many for vertex enumeration, while a pure PBE
is a *message pattern* ``σ`` (a message per sender set) with receiver responses:

1. **responses that some belief sustains**: ``F(g) = {r : some belief μ over g's nodes
   makes r optimal}``, from the belief polytope
   (:func:`alliance_games.solvers.signaling.beliefs.belief_region`); an off-path
   receiver set may only play these;
2. **pruned messages**: with ``best_h(m) = Σ_v p_v max_{r∈F} u_S(v, m, r)`` and
   ``safe_h(m) = Σ_v p_v min_{r∈F} u_S(v, m, r)``, a message with
   ``best_h(m) < max_{m'} safe_h(m')`` is sent by no pure PBE (its sender set does
   better by another message whatever the receiver does);
3. for each pattern over the remaining messages (their number is counted before the
   enumeration starts, against ``max_patterns``), the on-path receiver sets get Bayes
   beliefs from the prior and the pattern, and play any optimal response;
4. a deviation to message ``m'`` must not pay for any sender set: on-path responses are
   fixed, and at an off-path set the response must be in ``F(g)`` and deter every
   deviation that reaches it. When every deviation reaches one set only (an informed
   sender), the deterring responses are independent across sets and every combination
   is a PBE; the class is reported with members covering every deterring response at
   every off-path set (so the off-path belief ranges are the class's whole ranges).

Every pure PBE (sender and receiver pure at every information set) is listed; mixed
PBE are not, so the solver reports ``complete=False`` and says so. The tables are
verified afterwards on the whole tree like every other candidate.

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, sec. 8.2.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from .beliefs import belief_feasible

__all__ = ["OneRound", "one_round_structure", "pure_signaling_pbe", "MAX_PATTERNS",
           "node_budget"]

MAX_PATTERNS = 10_000
"""Message patterns enumerated at most (counted after pruning, before enumerating)."""
MAX_OFF_PATH = 64
"""Off-path completions listed per on-path profile when deviations couple the sets."""


@dataclass(frozen=True)
class OneRound:
    """A one-round sender-receiver tree, read off the nodes.

    ``senders[h]``: the type nodes of sender set ``h`` with their prior ``p_v``;
    ``after[v][m]``: the receiver node after message ``m`` at type node ``v``;
    ``u_s[w][r]``, ``u_r[w][r]``: sender's and receiver's payoff at receiver node ``w``
    after response ``r``.
    """

    sender: int
    receiver: int
    sender_sets: tuple[int, ...]
    receiver_sets: tuple[int, ...]
    prior: dict[int, Any]
    after: dict[int, tuple[int, ...]]
    u_s: dict[int, tuple[Any, ...]]
    u_r: dict[int, tuple[Any, ...]]


def one_round_structure(game: ExtensiveFormGame, exact: bool) -> OneRound | None:
    """The one-round structure of ``game`` (chance, sender, receiver, end), or ``None``."""
    root = game.nodes[0]
    if root.kind != CHANCE or game.n_players < 2:
        return None
    probs = root.exact_probabilities if exact else root.probabilities
    if probs is None or any(p <= 0 for p in probs):
        return None
    senders = {game.nodes[v].player for v in root.children}
    if len(senders) != 1 or any(game.nodes[v].kind != DECISION for v in root.children):
        return None
    sender = senders.pop()
    receivers: set[int | None] = set()
    after: dict[int, tuple[int, ...]] = {}
    u_s: dict[int, tuple[Any, ...]] = {}
    u_r: dict[int, tuple[Any, ...]] = {}
    receiver_sets: set[int] = set()
    for v in root.children:
        after[v] = game.nodes[v].children
        for w in after[v]:
            node = game.nodes[w]
            if node.kind != DECISION:
                return None
            receivers.add(node.player)
            receiver_sets.add(node.infoset)  # type: ignore[arg-type]
            kids = [game.nodes[z] for z in node.children]
            if any(z.kind != TERMINAL for z in kids):
                return None
            pay = [z.exact_payoffs if exact else z.payoffs for z in kids]
            if any(p is None for p in pay):
                return None
            u_s[w] = tuple(p[sender] for p in pay)  # type: ignore[index]
            u_r[w] = tuple(p[node.player] for p in pay)  # type: ignore[index]
    if len(receivers) != 1 or sender in receivers:
        return None
    receiver = receivers.pop()
    assert receiver is not None
    sender_sets = tuple(dict.fromkeys(game.nodes[v].infoset for v in root.children))
    return OneRound(sender, receiver, sender_sets, tuple(sorted(receiver_sets)),  # type: ignore[arg-type]
                    dict(zip(root.children, probs, strict=True)), after, u_s, u_r)


def _ge(a: Any, b: Any, tol: float) -> bool:
    return a >= b if tol == 0 else a >= b - tol


def pure_signaling_pbe(
    game: ExtensiveFormGame,
    structure: OneRound,
    *,
    exact: bool,
    tol: float,
    deadline: float | None = None,
    max_patterns: int = MAX_PATTERNS,
    max_nodes: int | None = None,
    search: bool = True,
) -> tuple[list[tuple[tuple[Any, ...], ...]], bool, list[str]]:
    """Behavior tables of every pure PBE (see the module doc), ``complete``, notes.

    ``complete`` means every *pure* PBE is in the list (not that there is no mixed one).
    With an informed sender (one type node per sender set) the patterns are searched
    type by type (:class:`_TypeSearch`) within ``max_nodes`` search nodes (default
    :func:`node_budget` of the game's shape); otherwise they are enumerated, at most
    ``max_patterns`` of them (also with ``search=False``, for cross-checks).
    """
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    st = structure
    members = {g: game.infosets[g].members for g in st.receiver_sets}
    # 1. responses some belief sustains
    free = {g: [r for r in range(len(game.infosets[g].actions))
                if belief_feasible([list(st.u_r[w]) for w in members[g]], [r], tol=tol)]
            for g in st.receiver_sets}
    # 2. messages that can be sent
    type_nodes = {h: game.infosets[h].members for h in st.sender_sets}
    n_messages = {h: len(game.infosets[h].actions) for h in st.sender_sets}

    def bound(h: int, m: int, pick: Any) -> Any:
        return sum((st.prior[v] * pick(st.u_s[w][r] for r in free[game.nodes[w].infoset])  # type: ignore[index]
                    for v in type_nodes[h] for w in (st.after[v][m],)), zero)

    options: dict[int, list[int]] = {}
    for h in st.sender_sets:
        safe = max(bound(h, m, min) for m in range(n_messages[h]))
        options[h] = [m for m in range(n_messages[h]) if _ge(bound(h, m, max), safe, tol)]
    total = 1
    for h in st.sender_sets:
        total *= len(options[h])
    notes: list[str] = []
    pruned = sum(n_messages[h] - len(options[h]) for h in st.sender_sets)
    if pruned:
        notes.append(f"{pruned} message choice{'s' if pruned != 1 else ''} of the sender "
                     "that pay less than another message under any sustainable response "
                     "were set aside (sent in no pure PBE)")
    if search and all(len(type_nodes[h]) == 1 for h in st.sender_sets):
        typewise = _TypeSearch(game, st, free, options, members, one, zero, tol)
        out_s, complete_s, notes_s = typewise.run(deadline, max_nodes)
        return out_s, complete_s, notes + notes_s
    complete = True
    if total > max_patterns:
        complete = False
        notes.append(f"only the first {max_patterns} of {total} message patterns were "
                     "examined (a budget counted before the enumeration): other pure PBE "
                     "may exist")
    out: list[tuple[tuple[Any, ...], ...]] = []
    patterns = itertools.islice(itertools.product(*(options[h] for h in st.sender_sets)),
                                max_patterns)
    for k, pattern in enumerate(patterns):
        if deadline is not None and k % 64 == 0 and time.monotonic() > deadline:
            complete = False
            notes.append(f"the pure-strategy search stopped at the time limit after {k} of "
                         f"{min(total, max_patterns)} message patterns")
            break
        sigma = dict(zip(st.sender_sets, pattern, strict=True))
        out.extend(_pattern_tables(game, st, sigma, members, free, one, zero, tol))
    return out, complete, notes


SEARCH_WORK = 6_000_000
"""Entry checks the type-by-type search may make: :func:`node_budget` divides it by the
cost of one search node, ``types x messages x responses`` (a function of the shape
only, fixed before the search starts)."""


def node_budget(game: ExtensiveFormGame, st: OneRound) -> int:
    """Search nodes allowed to :class:`_TypeSearch`: ``SEARCH_WORK / (T M R)``, at least
    1,000, from the shape (types ``T``, largest message count ``M`` and response count
    ``R``) alone, never from payoffs or the machine's load."""
    types = len(st.sender_sets)
    messages = max(len(game.infosets[h].actions) for h in st.sender_sets)
    responses = max(len(game.infosets[g].actions) for g in st.receiver_sets)
    return max(1000, SEARCH_WORK // (types * messages * responses))


class _TypeSearch:
    """Every pure PBE of a one-round game with an informed sender, type by type.

    A pure PBE assigns each type ``t`` a message ``m`` and each receiver set ``g`` a
    response; it is found as an assignment of *entries* ``(m, r)`` to types (``r`` the
    response at the set ``g(t, m)`` the message reaches) such that

    (a) types reaching the same set see the same response, and the response is optimal
        for the Bayes belief of the types that reach it (checked as soon as no other
        type can still join the set; earlier, when at most four can, for every subset
        of them);
    (b) no type gains by sending another type's message (the response there is fixed);
    (c) every unsent message is deterred by a response some belief sustains
        (:func:`_off_path`, at the leaves).

    A depth-first search assigns the type with the fewest entries left (ties: the first
    type), after removing from every unassigned type the entries that conflict with (a)
    or (b) given the assignments so far, or that would make an assigned type deviate
    (forward checking; Haralick & Elliott 1980); an entry must also pay at least what
    the type gets by another message whatever sustainable response it meets there. The
    leaves are exactly the pure PBE's on-path profiles, each once. The number of search
    nodes is bounded in advance (:func:`node_budget`); a search cut by it says so.

    References
    ----------
    R. M. Haralick & G. L. Elliott, "Increasing tree search efficiency for constraint
    satisfaction problems", *Artificial Intelligence* 14(3), 1980, pp. 263-313.
    """

    def __init__(self, game: ExtensiveFormGame, st: OneRound, free: dict[int, list[int]],
                 options: dict[int, list[int]], members: dict[int, tuple[int, ...]],
                 one: Any, zero: Any, tol: float) -> None:
        self.game, self.st, self.free = game, st, free
        self.members, self.one, self.zero, self.tol = members, one, zero, tol
        self.types = list(st.sender_sets)
        self.node = [game.infosets[h].members[0] for h in self.types]
        self.set_of: dict[int, int] = {w: game.nodes[w].infoset  # type: ignore[misc]
                                       for v in self.node for w in st.after[v]}
        # every message a type can deviate to: (receiver node, its set)
        self.devs = [[(w, self.set_of[w]) for w in st.after[v]] for v in self.node]
        safe = [max(min(st.u_s[w][r] for r in free[g]) for w, g in dev)
                for dev in self.devs]
        # entries (message, response, receiver node, set, sender's payoff)
        self.entries: list[list[tuple[int, int, int, int, Any]]] = []
        for i, h in enumerate(self.types):
            row: list[tuple[int, int, int, int, Any]] = []
            for m in options[h]:
                w = st.after[self.node[i]][m]
                g = self.set_of[w]
                row.extend((m, r, w, g, st.u_s[w][r]) for r in free[g]
                           if _ge(st.u_s[w][r], safe[i], tol))
            self.entries.append(row)
        # the nodes of each receiver set by type: who can deviate into it
        self.type_of = {w: i for i, v in enumerate(self.node) for w in st.after[v]}
        self.into = {g: [(self.type_of[w], w) for w in members[g]] for g in st.receiver_sets}
        self.best_memo: dict[tuple[int, frozenset[int]], tuple[int, ...]] = {}
        self.nodes = 0

    def best(self, g: int, senders: frozenset[int]) -> tuple[int, ...]:
        """Receiver responses optimal at ``g`` for the Bayes belief on ``senders``."""
        key = (g, senders)
        if key not in self.best_memo:
            st = self.st
            k = len(self.game.infosets[g].actions)
            value = [sum((st.prior[self.node[self.type_of[w]]] * st.u_r[w][r]
                          for w in senders), self.zero) for r in range(k)]
            top = max(value)
            self.best_memo[key] = tuple(r for r in range(k) if _ge(value[r], top, self.tol))
        return self.best_memo[key]

    def run(self, deadline: float | None, max_nodes: int | None
            ) -> tuple[list[tuple[tuple[Any, ...], ...]], bool, list[str]]:
        budget = node_budget(self.game, self.st) if max_nodes is None else max_nodes
        n = len(self.types)
        self.sigma: list[tuple[int, int, int, int, Any] | None] = [None] * n
        self.rho: dict[int, int] = {}
        self.senders: dict[int, list[int]] = {}
        self.out: list[tuple[tuple[Any, ...], ...]] = []
        self.stop: str | None = None
        self.budget, self.deadline = budget, deadline
        self._search()
        notes: list[str] = []
        if self.stop == "budget":
            notes.append(f"the pure-strategy search stopped at its budget of {budget:,} "
                         "search nodes (fixed by the game's shape before the search): "
                         "other pure PBE may exist")
        elif self.stop == "time":
            notes.append(f"the pure-strategy search stopped at the time limit after "
                         f"{self.nodes:,} search nodes: other pure PBE may exist")
        else:
            notes.append(f"the pure-strategy search (type by type, with forward checking) "
                         f"visited {self.nodes:,} nodes of its budget of {budget:,}")
        return self.out, self.stop is None, notes

    def _valid(self, i: int) -> list[tuple[int, int, int, int, Any]]:
        rho, tol = self.rho, self.tol
        low = None
        for w, g in self.devs[i]:
            if g in rho:
                u = self.st.u_s[w][rho[g]]
                if low is None or u > low:
                    low = u
        out = []
        for e in self.entries[i]:
            _, r, _, g, u = e
            if low is not None and not _ge(u, low, tol):
                continue
            if g in rho:
                if rho[g] != r:
                    continue
            elif any(self.sigma[j] is not None and
                     not _ge(self.sigma[j][4], self.st.u_s[w][r], tol)  # type: ignore[index]
                     for j, w in self.into[g]):
                continue
            out.append(e)
        return out

    def _bayes_possible(self, valid: dict[int, list]) -> bool:
        """(a) for every set with a response: the final senders can make it optimal."""
        for g, r in self.rho.items():
            joiners: dict[int, list[int]] = {}
            for i, es in valid.items():
                for e in es:
                    if e[3] == g:
                        joiners.setdefault(i, []).append(e[2])
            base = frozenset(self.senders[g])
            if not joiners:
                if r not in self.best(g, base):
                    return False
                continue
            if len(joiners) > 4 or any(len(ws) > 1 for ws in joiners.values()):
                continue
            extra = [ws[0] for ws in joiners.values()]
            if not any(r in self.best(g, base | frozenset(q))
                       for size in range(len(extra) + 1)
                       for q in itertools.combinations(extra, size)):
                return False
        return True

    def _search(self) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            self.stop = "budget"
            return
        if (self.deadline is not None and self.nodes % 256 == 0
                and time.monotonic() > self.deadline):
            self.stop = "time"
            return
        valid = {i: self._valid(i) for i, e in enumerate(self.sigma) if e is None}
        if any(not es for es in valid.values()) or not self._bayes_possible(valid):
            return
        if not valid:
            self._leaf()
            return
        i = min(valid, key=lambda j: (len(valid[j]), j))
        for e in valid[i]:
            _, r, w, g, u = e
            new = g not in self.rho
            if new:
                self.rho[g] = r
                self.senders[g] = []
            self.senders[g].append(w)
            self.sigma[i] = e
            self._search()
            self.sigma[i] = None
            self.senders[g].pop()
            if new:
                del self.rho[g]
                del self.senders[g]
            if self.stop:
                return

    def _leaf(self) -> None:
        st, game = self.st, self.game
        sigma = {h: e[0] for h, e in zip(self.types, self.sigma, strict=True)
                 if e is not None}
        off = [g for g in st.receiver_sets if g not in self.rho]
        for completion in _off_path(game, st, sigma, self.rho, off, self.free, self.zero,
                                    self.tol):
            self.out.append(_table(game, st, sigma, {**self.rho, **completion}, self.one,
                                   self.zero))


def _pattern_tables(game: ExtensiveFormGame, st: OneRound, sigma: dict[int, int],
                    members: dict[int, tuple[int, ...]], free: dict[int, list[int]],
                    one: Any, zero: Any, tol: float) -> list[tuple[tuple[Any, ...], ...]]:
    """The PBE tables with message pattern ``sigma``."""
    # Bayes weights at the receiver sets (unnormalised: the prior of the senders there)
    weight: dict[int, Any] = {}
    for h, m in sigma.items():
        for v in game.infosets[h].members:
            weight[st.after[v][m]] = st.prior[v]
    on_path = [g for g in st.receiver_sets if any(w in weight for w in members[g])]
    best: dict[int, list[int]] = {}
    for g in on_path:
        k = len(game.infosets[g].actions)
        value = [sum((weight[w] * st.u_r[w][r] for w in members[g] if w in weight), zero)
                 for r in range(k)]
        top = max(value)
        best[g] = [r for r in range(k) if _ge(value[r], top, tol)]
    off = [g for g in st.receiver_sets if g not in best]
    tables = []
    for combo in itertools.product(*(best[g] for g in on_path)):
        rho = dict(zip(on_path, combo, strict=True))
        for completion in _off_path(game, st, sigma, rho, off, free, zero, tol):
            tables.append(_table(game, st, sigma, {**rho, **completion}, one, zero))
    return tables


def _off_path(game: ExtensiveFormGame, st: OneRound, sigma: dict[int, int],
              rho: dict[int, int], off: list[int], free: dict[int, list[int]], zero: Any,
              tol: float) -> list[dict[int, int]]:
    """Responses at the off-path sets that deter every deviation (see the module doc)."""

    def value(h: int, m: int, resp: dict[int, int]) -> Any:
        return sum((st.prior[v] * st.u_s[w][resp[game.nodes[w].infoset]]  # type: ignore[index]
                    for v in game.infosets[h].members for w in (st.after[v][m],)), zero)

    # deviations: (sender set, message) -> the receiver sets it reaches
    constraints = []
    eq: dict[int, Any] = {}
    for h, m in sigma.items():
        eq[h] = value(h, m, rho)
        for m2 in range(len(game.infosets[h].actions)):
            if m2 == m:
                continue
            sets = {game.nodes[st.after[v][m2]].infoset for v in game.infosets[h].members}
            constraints.append((h, m2, sets))
    # deviations into on-path sets only are decided now
    for h, m2, sets in constraints:
        if all(g in rho for g in sets) and not _ge(eq[h], value(h, m2, rho), tol):
            return []
    pending = [(h, m2, sets) for h, m2, sets in constraints if not all(g in rho for g in sets)]
    if not off:
        return [{}]
    if all(len([g for g in sets if g not in rho]) == 1 for _, _, sets in pending):
        # independent sets: the deterring responses of each, all combinations valid
        ok: dict[int, list[int]] = {}
        for g in off:
            ok[g] = []
            for r in free[g]:
                resp = {**rho, g: r}
                if all(_ge(eq[h], value(h, m2, resp), tol)
                       for h, m2, sets in pending if g in sets):
                    ok[g].append(r)
            if not ok[g]:
                return []
        width = max(len(ok[g]) for g in off)
        return [{g: ok[g][min(j, len(ok[g]) - 1)] for g in off} for j in range(width)]
    found: list[dict[int, int]] = []
    for combo in itertools.product(*(free[g] for g in off)):
        resp = {**rho, **dict(zip(off, combo, strict=True))}
        if all(_ge(eq[h], value(h, m2, resp), tol) for h, m2, _ in pending):
            found.append(dict(zip(off, combo, strict=True)))
            if len(found) >= MAX_OFF_PATH:
                break
    return found


def _table(game: ExtensiveFormGame, st: OneRound, sigma: dict[int, int],
           rho: dict[int, int], one: Any, zero: Any) -> tuple[tuple[Any, ...], ...]:
    rows: list[tuple[Any, ...]] = []
    for h, s in enumerate(game.infosets):
        choice = sigma.get(h, rho.get(h, 0))
        rows.append(tuple(one if a == choice else zero for a in range(len(s.actions))))
    return tuple(rows)
