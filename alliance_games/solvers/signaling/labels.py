"""Labels and event probabilities of a signaling equilibrium.

Labels of an equilibrium, from the message distribution ``σ_t`` of each type ``t``
(types with prior 0 ignored): *pooling* when all ``σ_t`` are equal, *separating* when
their supports are pairwise disjoint, *semi-separating* when some type mixes otherwise,
*partially pooling* when pure types share a message but not all do (Fudenberg & Tirole
1991, sec. 8.2). Event probabilities (``P(challenge)``, ``P(war)`` ...) are sums of the
reach probabilities of the nodes and outcomes they name.

References
----------
D. Fudenberg & J. Tirole, *Game Theory*, MIT Press, 1991, ch. 8.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ...games.extensive import DECISION, ExtensiveFormGame
from ...numbers import format_sig
from .structure import CHALLENGE_ACTIONS, SignalingStructure, chance_reach

__all__ = ["Label", "classify", "event_probabilities"]


# ---------------------------------------------------------------------- labels
@dataclass(frozen=True)
class Label:
    """What kind of equilibrium a profile is, in words."""

    kind: str
    description: str
    signals: dict[str, dict[str, Any]] = field(default_factory=dict)


def _fmt(p: Any) -> str:
    return format_sig(p)


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


def _below_challenge(game: ExtensiveFormGame, v: int) -> bool:
    """Whether the path to node ``v`` already contains a challenge action."""
    node = game.nodes[v]
    while node.parent is not None:
        parent = game.nodes[node.parent]
        if (parent.kind == DECISION and node.action is not None
                and parent.actions[node.action].lower() in CHALLENGE_ACTIONS):
            return True
        node = parent
    return False


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
    # only the first challenge on a path counts (an "Attack" after a "Challenge" is the
    # same crisis, and summing both would give probabilities above 1)
    challenge = [(v, a) for v, a in challenge if not _below_challenge(game, v)]
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
