"""Signaling structure of a tree: labels, outcome probabilities and refinements of a PBE.

A tree has a *sender-receiver structure* when every path from the root meets chance
moves only until it reaches a decision of one player, the *sender*, at two or more
information sets: these are the sender's *types*, and the actions there its *messages*.
A *receiver* is the other player whose single information set is the first decision
reached, through chance moves only, after a message (one set per message).

Labels of an equilibrium, from the message distribution ``σ_t`` of each type ``t``
(types with prior 0 ignored): *pooling* when all ``σ_t`` are equal, *separating* when
their supports are pairwise disjoint, *semi-separating* when some type mixes otherwise,
*partially pooling* when pure types share a message but not all do.

Refinements at an off-path message ``m`` (Cho & Kreps 1987, sec. III-IV; Banks & Sobel
1987). Let ``u*_t`` be type ``t``'s equilibrium payoff, ``U_t(r)`` its payoff from
sending ``m`` when the receiver answers with pure ``r`` (continuation play as in the
equilibrium), and ``BR(T)`` the receiver's pure best responses to beliefs on the types
``T``:

* **Intuitive Criterion.** ``t`` is *equilibrium-dominated* at ``m`` when
  ``u*_t > max_{r ∈ BR(Θ)} U_t(r)``; let ``T'`` be the other types. The equilibrium fails
  if some ``t ∈ T'`` has ``min_{r ∈ BR(T')} U_t(r) > u*_t`` (it gains from ``m`` whatever
  the receiver answers, once beliefs put no weight on dominated types).
* **D1.** Over the receiver's mixed best responses ``MBR`` (mixtures over actions that tie
  at some belief), ``D_t = {r : U_t(r) > u*_t}`` and ``D⁰_t = {r : U_t(r) = u*_t}``. Type
  ``t`` is deleted when ``D_t ∪ D⁰_t ⊆ D_{t'}`` for some ``t' ≠ t`` (with ``D_{t'}``
  nonempty). The equilibrium fails if no belief on the surviving types has a best
  response (possibly mixed) that leaves every type at most its equilibrium payoff.

Both containments are decided exactly: a linear function's minimum over a polytope is
attained at a vertex (:mod:`alliance_games.solvers.signaling.beliefs`).

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
J. S. Banks & J. Sobel, "Equilibrium selection in signaling games", *Econometrica* 55(3),
1987, pp. 647-661.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...games.extensive import CHANCE, DECISION, TERMINAL, ExtensiveFormGame
from ..tree.behavior import node_values
from .assessment import Assessment
from .beliefs import simplex_polytope_vertices

__all__ = [
    "SignalingStructure",
    "Label",
    "detect_signaling",
    "classify",
    "refinement_verdicts",
    "event_probabilities",
    "chance_reach",
    "CHALLENGE_ACTIONS",
]

CHALLENGE_ACTIONS = ("challenge", "attack", "initiate", "invade", "threaten", "demand")
"""Action labels (case-insensitive) that count as a challenge for ``P(challenge)``."""


@dataclass(frozen=True)
class SignalingStructure:
    """Sender, types and receivers of a tree with a sender-receiver structure.

    Attributes
    ----------
    sender
        Player index of the sender.
    type_infosets
        The sender's first information sets, one per type (tree order).
    type_names
        A name per type (``info["signaling"]["types"]`` or the information set's name).
    receiver
        Player index of the receiver, or ``None`` when the first decisions after the
        messages are not all one other player's.
    receiver_infosets
        Message label -> the receiver's information sets after it (one per receiver type
        when the receiver has private information too).
    node_types
        Receiver information set -> the type (index) of each of its nodes.
    """

    sender: int
    type_infosets: tuple[int, ...]
    type_names: tuple[str, ...]
    receiver: int | None = None
    receiver_infosets: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    node_types: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def describe(self, game: ExtensiveFormGame) -> dict[str, Any]:
        """A JSON-ready summary (player and information set names)."""
        return {
            "sender": game.players[self.sender],
            "types": list(self.type_names),
            "receiver": None if self.receiver is None else game.players[self.receiver],
            "receiver_infosets": {
                m: [game.infosets[h].name for h in hs] for m, hs in self.receiver_infosets.items()
            },
        }


def chance_reach(game: ExtensiveFormGame, exact: bool) -> list[Any]:
    """Product of the chance probabilities on the path to every node."""
    one: Any = Fraction(1) if exact else 1.0
    reach = [one] * len(game.nodes)
    for v, node in enumerate(game.nodes):
        if node.parent is None:
            continue
        parent = game.nodes[node.parent]
        r = reach[node.parent]
        if parent.kind == CHANCE:
            probs = parent.exact_probabilities if exact else parent.probabilities
            r = r * probs[node.action]  # type: ignore[index]
        reach[v] = r
    return reach


def _first_decisions(
    game: ExtensiveFormGame, start: int, skip_player: int | None = None
) -> list[int] | None:
    """Decision nodes first met below ``start`` through chance moves only.

    With ``skip_player`` a decision of that player ends the branch (returns nothing for
    it). ``None`` when the search meets no decision at all.
    """
    out: list[int] = []
    stack = [start]
    while stack:
        v = stack.pop()
        node = game.nodes[v]
        if node.kind == TERMINAL:
            continue
        if node.kind == CHANCE:
            stack.extend(reversed(node.children))
            continue
        if node.player == skip_player:
            continue
        out.append(v)
    return out


def detect_signaling(game: ExtensiveFormGame) -> SignalingStructure | None:
    """The tree's sender-receiver structure, or ``None`` when it has none."""
    if game.nodes[0].kind != CHANCE:
        return None
    first = _first_decisions(game, 0)
    if not first:
        return None
    players = {game.nodes[v].player for v in first}
    if len(players) != 1:
        return None
    sender = players.pop()
    types: list[int] = []
    for v in first:
        h = game.nodes[v].infoset
        if h not in types:
            types.append(h)  # type: ignore[arg-type]
    if len(types) < 2:
        return None
    first_set = set(first)
    if any(v not in first_set for h in types for v in game.infosets[h].members):
        return None
    declared = (game.info.get("signaling") or {}) if isinstance(game.info, Mapping) else {}
    names_map = declared.get("types") if isinstance(declared, Mapping) else None
    names = tuple(
        str(names_map.get(game.infosets[h].name, game.infosets[h].name))
        if isinstance(names_map, Mapping)
        else game.infosets[h].name
        for h in types
    )
    type_of_node = {v: k for k, h in enumerate(types) for v in game.infosets[h].members}
    # receiver information set after each message
    after: dict[str, set[int]] = {}
    for h in types:
        s = game.infosets[h]
        for a, label in enumerate(s.actions):
            for v in s.members:
                found = _first_decisions(game, game.nodes[v].children[a], skip_player=sender)
                after.setdefault(label, set()).update(
                    game.nodes[w].infoset
                    for w in found or []  # type: ignore[misc]
                )
    receivers: dict[str, tuple[int, ...]] = {}
    receiver_players = set()
    owners: dict[int, str] = {}
    ok = True
    for label, sets in after.items():
        if any(g in owners for g in sets):
            ok = False
            break
        for g in sets:
            owners[g] = label
            receiver_players.add(game.infosets[g].player)
        receivers[label] = tuple(sorted(sets))
    node_types: dict[int, tuple[int, ...]] = {}
    if ok and len(receiver_players) == 1:
        receiver = receiver_players.pop()
        for g in owners:
            kinds = []
            for w in game.infosets[g].members:
                u = w
                while u not in type_of_node:
                    u = game.nodes[u].parent  # type: ignore[assignment]
                kinds.append(type_of_node[u])
            node_types[g] = tuple(kinds)
    else:
        receiver, receivers = None, {}
    return SignalingStructure(
        sender=sender,
        type_infosets=tuple(types),
        type_names=names,
        receiver=receiver,
        receiver_infosets=receivers,
        node_types=node_types,
    )


# ---------------------------------------------------------------------- labels
@dataclass(frozen=True)
class Label:
    """What kind of equilibrium a profile is, in words."""

    kind: str
    description: str
    signals: dict[str, dict[str, Any]] = field(default_factory=dict)


def _fmt(p: Any) -> str:
    if isinstance(p, Fraction):
        return str(p)
    return f"{float(p):.4g}"


def classify(
    game: ExtensiveFormGame,
    structure: SignalingStructure | None,
    table: Sequence[Sequence[Any]],
    tol: float = 0.0,
) -> Label:
    """Separating, pooling, semi-separating or partially pooling (or pure/mixed)."""
    pure = all(
        all(p == 0 or p == 1 for p in t)
        if tol == 0
        else all(abs(p) <= tol or abs(p - 1) <= tol for p in t)
        for t in table
    )
    if structure is None:
        return Label("pure" if pure else "mixed", "pure-strategy" if pure else "mixed-strategy")
    exact = tol == 0
    creach = chance_reach(game, exact)
    signals: dict[str, dict[str, Any]] = {}
    supports: list[frozenset[str]] = []
    dists: list[tuple] = []
    mixes = False
    for name, h in zip(structure.type_names, structure.type_infosets, strict=True):
        s = game.infosets[h]
        if all(creach[v] == 0 for v in s.members):
            continue
        probs = table[h]
        signals[name] = {a: p for a, p in zip(s.actions, probs, strict=True)}
        supp = frozenset(
            a for a, p in zip(s.actions, probs, strict=True) if (p != 0 if exact else abs(p) > tol)
        )
        supports.append(supp)
        dists.append(
            tuple(
                sorted(
                    (a, p if exact else round(float(p), 7))
                    for a, p in signals[name].items()
                    if a in supp
                )
            )
        )
        mixes = mixes or len(supp) > 1
    by_type = "; ".join(
        f"{t}: "
        + ", ".join(
            m if len([q for q in d.values() if q]) == 1 else f"{m} w.p. {_fmt(p)}"
            for m, p in d.items()
            if (p != 0 if exact else abs(p) > tol)
        )
        for t, d in signals.items()
    )
    if len(set(dists)) == 1:
        only = next(iter(supports))
        what = f"pooling on {next(iter(only))}" if len(only) == 1 else "pooling (same mixture)"
        return Label("pooling", what, signals)
    disjoint = all(not (a & b) for a, b in itertools.combinations(supports, 2))
    if disjoint:
        return Label("separating", f"separating ({by_type})", signals)
    if mixes:
        return Label("semi-separating", f"semi-separating ({by_type})", signals)
    return Label("partially pooling", f"partially pooling ({by_type})", signals)


# ---------------------------------------------------------------------- probabilities
def _reach(game: ExtensiveFormGame, table: Sequence[Sequence[Any]], exact: bool) -> list[Any]:
    return game.reach_table(list(table), exact=exact)


def event_probabilities(
    game: ExtensiveFormGame, table: Sequence[Sequence[Any]], exact: bool
) -> dict[str, Any]:
    """P(challenge), P(deterrence success), P(war), P(bluff called), P(ally honors).

    Events declared by the spec (``info["events"]``: label -> terminal node names, or
    ``{"actions": [[player, action], ...]}``) take precedence; otherwise they follow
    from outcome labels (``war``/``conflict``, ``deterrence success``/``status quo``,
    ``bluff called``, ``honor``) and, for ``P(challenge)``, from the actions named in
    :data:`CHALLENGE_ACTIONS`. Only events that apply to the tree are reported.
    ``P(ally honors | challenge)`` is added when both are defined and a challenge occurs.
    """
    reach = _reach(game, table, exact)
    zero: Any = Fraction(0) if exact else 0.0
    out: dict[str, Any] = {}
    declared = game.info.get("events") if isinstance(game.info, Mapping) else None
    if isinstance(declared, Mapping):
        for label, spec in declared.items():
            value = _declared_event(game, reach, spec, zero)
            if value is not None:
                out[str(label)] = value
    labels = game.outcome_labels()

    def by_labels(pred: Any) -> Any:
        chosen = [lab for lab in labels if pred(lab.lower())]
        if not chosen:
            return None
        return sum((reach[z] for z in game.terminals if game.nodes[z].outcome in chosen), zero)

    defaults = {
        "P(challenge)": None,
        "P(deterrence success)": by_labels(
            lambda s: "deterrence success" in s or "status quo" in s
        ),
        "P(war)": by_labels(lambda s: "war" in s or "conflict" in s),
        "P(bluff called)": by_labels(lambda s: "bluff called" in s),
        "P(ally honors)": by_labels(lambda s: "honor" in s and "dishonor" not in s),
    }
    challenge = [
        (v, a)
        for v, node in enumerate(game.nodes)
        if node.kind == DECISION
        for a, label in enumerate(node.actions)
        if label.lower() in CHALLENGE_ACTIONS
    ]
    if challenge:
        defaults["P(challenge)"] = sum(
            (reach[game.nodes[v].children[a]] for v, a in challenge), zero
        )
    for k, v in defaults.items():
        if k not in out and v is not None:
            out[k] = v
    if "P(ally honors)" in out and out.get("P(challenge)"):
        out["P(ally honors | challenge)"] = out["P(ally honors)"] / out["P(challenge)"]
    return out


def _declared_event(game: ExtensiveFormGame, reach: list[Any], spec: Any, zero: Any) -> Any:
    if isinstance(spec, Mapping) and "actions" in spec:
        total = zero
        for player, action in spec["actions"]:
            for node in game.nodes:
                if (
                    node.kind == DECISION
                    and game.players[node.player] == player  # type: ignore[index]
                    and action in node.actions
                ):
                    total += reach[node.children[node.actions.index(action)]]
        return total
    if isinstance(spec, Mapping) and "outcomes" in spec:
        wanted = set(spec["outcomes"])
        return sum((reach[z] for z in game.terminals if game.nodes[z].outcome in wanted), zero)
    if isinstance(spec, Sequence) and not isinstance(spec, str):
        index = game.node_index
        return sum((reach[index[name]] for name in spec if name in index), zero)
    return None


# ---------------------------------------------------------------------- refinements
@dataclass(frozen=True)
class _Deviation:
    """What a deviation to an off-path message can bring each type.

    ``profiles`` are the receiver's pure responses (one action per receiver information
    set after the message); ``sender[t][k]`` is type ``t``'s payoff from the message
    under profile ``k``; ``receiver[g][t][a]`` the receiver's payoff at set ``g`` from
    action ``a`` against type ``t``.
    """

    message: str
    types: tuple[int, ...]
    u_star: dict[int, Any]
    sets: tuple[int, ...]
    profiles: tuple[tuple[int, ...], ...]
    sender: dict[int, list[Any]]
    receiver: dict[int, dict[int, list[Any]]]
    actions: dict[int, tuple[str, ...]]


def _deviations(
    game: ExtensiveFormGame, st: SignalingStructure, a: Assessment, exact: bool
) -> list[_Deviation]:
    table = [tuple(t) for t in a.table]
    creach = chance_reach(game, exact)
    zero: Any = Fraction(0) if exact else 0.0
    one: Any = Fraction(1) if exact else 1.0
    base = node_values(game, table, exact)
    u_star: dict[int, Any] = {}
    weights: dict[int, Any] = {}
    for k, h in enumerate(st.type_infosets):
        members = game.infosets[h].members
        w = sum((creach[v] for v in members), zero)
        if w == 0:
            continue
        weights[k] = w
        u_star[k] = sum((creach[v] * base[v][st.sender] for v in members), zero) / w
    out = []
    for m, sets in st.receiver_infosets.items():
        if not sets or any(g in a.on_path for g in sets):
            continue
        senders = tuple(k for k in weights if m in game.infosets[st.type_infosets[k]].actions)
        receiver_pay: dict[int, dict[int, list[Any]]] = {}
        for g in sets:
            s = game.infosets[g]
            receiver_pay[g] = {}
            for k in sorted(set(st.node_types[g])):
                nodes = [w for w, t in zip(s.members, st.node_types[g], strict=True) if t == k]
                cw = sum((creach[w] for w in nodes), zero)
                if cw == 0:
                    continue
                receiver_pay[g][k] = [
                    sum(
                        (creach[w] * base[game.nodes[w].children[r]][s.player] for w in nodes), zero
                    )
                    / cw
                    for r in range(len(s.actions))
                ]
        profiles = tuple(itertools.product(*(range(len(game.infosets[g].actions)) for g in sets)))
        sender_pay: dict[int, list[Any]] = {k: [] for k in senders}
        for prof in profiles:
            work = list(table)
            for g, r in zip(sets, prof, strict=True):
                k_act = len(game.infosets[g].actions)
                work[g] = tuple(one if j == r else zero for j in range(k_act))
            vals = node_values(game, work, exact)
            for k in senders:
                h = st.type_infosets[k]
                ai = game.infosets[h].actions.index(m)
                total = sum(
                    (
                        creach[v] * vals[game.nodes[v].children[ai]][st.sender]
                        for v in game.infosets[h].members
                    ),
                    zero,
                )
                sender_pay[k].append(total / weights[k])
        out.append(
            _Deviation(
                m,
                senders,
                {k: u_star[k] for k in senders},
                tuple(sets),
                profiles,
                sender_pay,
                receiver_pay,
                {g: game.infosets[g].actions for g in sets},
            )
        )
    return out


def _belief_rows(
    dev: _Deviation, types: Sequence[int], choice: dict[int, Sequence[int]]
) -> tuple[list, list]:
    """Constraints on a common belief over ``types`` making ``choice[g]`` optimal at each g."""
    eqs, ineqs = [], []
    for g, support in choice.items():
        vals = dev.receiver[g]
        k = len(dev.actions[g])
        s0 = support[0]
        for a in range(k):
            if a == s0:
                continue
            row = [(vals[t][a] - vals[t][s0]) if t in vals else 0 for t in types]
            (eqs if a in support else ineqs).append((row, 0))
    return eqs, ineqs


def _is_best_response(
    dev: _Deviation, types: Sequence[int], choice: dict[int, Sequence[int]], tol: float
) -> bool:
    eqs, ineqs = _belief_rows(dev, types, choice)
    return bool(simplex_polytope_vertices(len(types), eqs, ineqs, tol=tol))


def _best_profiles(dev: _Deviation, types: Sequence[int], tol: float) -> list[int]:
    """Pure response profiles optimal at one common belief on ``types``."""
    return [
        k
        for k, prof in enumerate(dev.profiles)
        if _is_best_response(dev, types, {g: [r] for g, r in zip(dev.sets, prof, strict=True)}, tol)
    ]


def _gt(a: Any, b: Any, tol: float) -> bool:
    return a > b if tol == 0 else a > b + tol


def _names(st: SignalingStructure, ks: Sequence[int]) -> str:
    return ", ".join(st.type_names[k] for k in ks)


def _intuitive(dev: _Deviation, st: SignalingStructure, receiver: str, tol: float) -> str | None:
    all_br = _best_profiles(dev, dev.types, tol)
    dominated = [
        t for t in dev.types if _gt(dev.u_star[t], max(dev.sender[t][k] for k in all_br), tol)
    ]
    rest = [t for t in dev.types if t not in dominated]
    if not rest:
        return None
    br = _best_profiles(dev, rest, tol)
    for t in rest:
        if _gt(min(dev.sender[t][k] for k in br), dev.u_star[t], tol):
            why = (
                f"type {_names(st, dominated)} cannot gain from {dev.message} whatever "
                f"the {receiver} does; "
                if dominated
                else ""
            )
            return (
                f"at {dev.message}: {why}type {st.type_names[t]} would gain from "
                f"{dev.message} under every best response of the {receiver} to beliefs "
                f"on {{{_names(st, rest)}}}"
            )
    return None


def _tie_sets(
    dev: _Deviation, g: int, types: Sequence[int], fixed: dict[int, int], tol: float
) -> list[tuple[int, ...]]:
    """Sets of actions at ``g`` that tie at one belief on ``types`` (others as ``fixed``)."""
    k = len(dev.actions[g])
    out = []
    for size in range(1, k + 1):
        for combo in itertools.combinations(range(k), size):
            choice = {h: [r] for h, r in fixed.items()}
            choice[g] = list(combo)
            if _is_best_response(dev, types, choice, tol):
                out.append(combo)
    return out


def _d1(dev: _Deviation, st: SignalingStructure, receiver: str, tol: float) -> str | None:
    """D1 at one off-path message; ``"?"`` when several receiver sets respond."""
    variable = []
    fixed: dict[int, int] = {}
    best = set(_best_profiles(dev, dev.types, tol))
    for i, g in enumerate(dev.sets):
        options = {prof[i] for k, prof in enumerate(dev.profiles) if k in best}
        if len(options) > 1:
            variable.append(g)
        elif options:
            fixed[g] = next(iter(options))
    if len(variable) > 1:
        return "?"
    if not variable:
        return None
    g = variable[0]
    i = dev.sets.index(g)

    def pay(t: int, a: int) -> Any:
        for k, prof in enumerate(dev.profiles):
            if prof[i] == a and all(prof[dev.sets.index(h)] == r for h, r in fixed.items()):
                return dev.sender[t][k]
        raise AssertionError("missing response profile")

    faces = _tie_sets(dev, g, dev.types, fixed, tol)

    def vertices(face: Sequence[int], t: int) -> list:
        row = [-pay(t, a) for a in face]
        return simplex_polytope_vertices(len(face), inequalities=[(row, -dev.u_star[t])], tol=tol)

    def value(t: int, face: Sequence[int], v: Sequence[Any]) -> Any:
        return sum(p * pay(t, a) for p, a in zip(v, face, strict=True))

    def strict_nonempty(t: int) -> bool:
        return any(_gt(value(t, f, v), dev.u_star[t], tol) for f in faces for v in vertices(f, t))

    deleted = []
    for t in dev.types:
        for t2 in dev.types:
            if t2 == t or not strict_nonempty(t2):
                continue
            if all(
                _gt(value(t2, f, v), dev.u_star[t2], tol) for f in faces for v in vertices(f, t)
            ):
                deleted.append((t, t2))
                break
    gone = [t for t, _ in deleted]
    rest = [t for t in dev.types if t not in gone] or list(dev.types)
    for face in _tie_sets(dev, g, rest, fixed, tol):
        rows = [([pay(t, a) for a in face], dev.u_star[t]) for t in dev.types]
        if simplex_polytope_vertices(len(face), inequalities=rows, tol=tol):
            return None
    by = "; ".join(
        f"{st.type_names[t]} gains from {dev.message} for a strictly smaller set "
        f"of responses than {st.type_names[t2]}"
        for t, t2 in deleted
    )
    return (
        f"at {dev.message}: {by}, so the {receiver}'s belief must rest on "
        f"{{{_names(st, rest)}}}, and no best response to such a belief keeps every "
        f"type from deviating"
    )


def refinement_verdicts(
    game: ExtensiveFormGame,
    structure: SignalingStructure | None,
    assessment: Assessment,
    tol: float = 0.0,
) -> dict[str, str]:
    """``{"intuitive_criterion": ..., "d1": ...}``: ``"passes"``, ``"fails (reason)"`` or
    ``"not applicable (...)"``."""
    if structure is None or structure.receiver is None:
        na = "not applicable (no sender-receiver structure)"
        return {"intuitive_criterion": na, "d1": na}
    exact = tol == 0
    devs = _deviations(game, structure, assessment, exact)
    if not devs:
        msg = "passes (every message is sent on the path)"
        return {"intuitive_criterion": msg, "d1": msg}
    receiver = game.players[structure.receiver]
    ic = d1 = None
    unknown = False
    for dev in devs:
        ic = ic or _intuitive(dev, structure, receiver, tol)
        verdict = _d1(dev, structure, receiver, tol)
        if verdict == "?":
            unknown = True
        else:
            d1 = d1 or verdict
    if d1:
        d1_text = f"fails ({d1})"
    elif unknown:
        d1_text = "not computed (several receiver information sets respond to an off-path message)"
    else:
        d1_text = "passes"
    return {"intuitive_criterion": f"fails ({ic})" if ic else "passes", "d1": d1_text}
