"""The ``trust`` family: Kydd's Bayesian assurance game, with an optional costly gesture.

Two states, each *trustworthy* with probability ``prior_trustworthy`` (a security
seeker with assurance preferences, ``R > T``) or *untrustworthy* (prisoner's-dilemma
preferences, ``T > R``). Types are private; each state chooses Cooperate or Defect
without seeing the other's choice. Optionally the first state may first make a costly
*gesture* of reassurance (paying ``gesture_cost`` whatever its type), seen by the other
before both choose::

    kind: trust
    players: [State A, State B]
    strategies: [Cooperate, Defect]          # optional
    prior_trustworthy: p                     # P(a state is trustworthy), both states
    prior_b_trustworthy: q                   # optional: B's own prior, if it differs
    trustworthy:   {T: 3, R: 4, P: 2, S: 0}  # assurance game: R > T > P > S
    untrustworthy: {T: 4, R: 3, P: 2, S: 0}  # prisoner's dilemma: T > R > P > S
    reassurance: {cost: k, gesture: Reduce arms}   # optional

The game compiles to a tree (chance picks the types; information sets make the moves
simultaneous and the types private), so every tree solver and Gambit's can check it;
``info["trust"]`` keeps the model for :mod:`alliance_games.interpretation.trust` and
``explain`` (thresholds in :mod:`alliance_games.analysis.trust_explain`).

References
----------
Kydd, A. (2000). Trust, reassurance, and cooperation. *International Organization*
54(2), 325-357.
Kydd, A. H. (2005). *Trust and Mistrust in International Relations*. Princeton
University Press, chs. 2 and 7.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import GameError
from ..games.extensive import ExtensiveFormGame
from ..games.tree_nodes import Chance, Decision, Terminal
from .context import SpecContext
from .public_goods import family_info, python_number

__all__ = ["compile_trust", "KEYS"]

KEYS = {"name", "description", "references", "kind", "parameters", "players", "strategies",
        "prior_trustworthy", "prior_b_trustworthy", "trustworthy", "untrustworthy",
        "reassurance", "outcomes", "notes"}
TYPES = ("Trustworthy", "Untrustworthy")
LABELS = {"mutual cooperation": "mutual cooperation", "mutual defection": "spiral (mutual "
          "defection)", "exploitation": "exploitation"}


def _payoffs(ctx: SpecContext, key: str) -> dict[str, Any]:
    raw = ctx.get((key,))
    if not isinstance(raw, dict):
        raise ctx.error((key,), "expected a mapping {T: ..., R: ..., P: ..., S: ...}")
    ctx.check_keys((key,), {"T", "R", "P", "S"}, f"{key} payoffs")
    out = {}
    for k in "TRPS":
        if k not in raw:
            raise ctx.error((key,), f"missing payoff {k!r}; give all of T, R, P, S")
        out[k] = python_number(ctx.number((key, k)))
    return out


def _prior(ctx: SpecContext, key: str) -> Any:
    value = python_number(ctx.number((key,)))
    if not 0 <= value <= 1:
        raise ctx.error((key,), f"a probability must lie in [0, 1], found {value}")
    return value


def compile_trust(ctx: SpecContext) -> ExtensiveFormGame:
    """Build the tree of a ``trust`` spec (see the module docstring)."""
    ctx.check_keys((), KEYS, "a trust spec")
    players = ctx.name_list(("players",), "player names", count=2,
                            default=["State A", "State B"])
    actions = ctx.name_list(("strategies",), "action names: [cooperate, defect]", count=2,
                            default=["Cooperate", "Defect"])
    if "prior_trustworthy" not in ctx.data:
        raise ctx.error((), "missing key 'prior_trustworthy' (the probability that a state "
                            "is trustworthy)")
    p_a = _prior(ctx, "prior_trustworthy")
    p_b = _prior(ctx, "prior_b_trustworthy") if "prior_b_trustworthy" in ctx.data else p_a
    pay = {"Trustworthy": _payoffs(ctx, "trustworthy"),
           "Untrustworthy": _payoffs(ctx, "untrustworthy")}
    t, u = pay["Trustworthy"], pay["Untrustworthy"]
    if not (t["R"] > t["T"] and t["P"] > t["S"]):
        raise ctx.error(("trustworthy",), "a trustworthy type has assurance preferences: "
                                          f"R > T and P > S; found {t}")
    if not (u["T"] > u["R"] and u["P"] > u["S"]):
        raise ctx.error(("untrustworthy",), "an untrustworthy type has prisoner's dilemma "
                                            f"preferences: T > R and P > S; found {u}")
    labels = dict(LABELS)
    custom = ctx.get(("outcomes",))
    if custom is not None:
        if not isinstance(custom, dict):
            raise ctx.error(("outcomes",), "expected a mapping default-label: your-label")
        ctx.check_keys(("outcomes",), set(LABELS), "trust outcomes")
        labels.update({k: ctx.name(("outcomes", k), "an outcome label") for k in custom})
    gesture = None
    cost: Any = 0
    if ctx.get(("reassurance",)) is not None:
        ctx.check_keys(("reassurance",), {"cost", "gesture", "no_gesture"}, "reassurance")
        if "cost" not in ctx.get(("reassurance",)):
            raise ctx.error(("reassurance",), "missing key 'cost' (what the gesture costs)")
        cost = python_number(ctx.number(("reassurance", "cost")))
        if cost < 0:
            raise ctx.error(("reassurance", "cost"), f"a cost is >= 0, found {cost}")
        gesture = (ctx.label(("reassurance", "gesture"), "the gesture's name") or "Gesture",
                   ctx.label(("reassurance", "no_gesture"), "the name of not gesturing")
                   or "No gesture")
    model = {"players": players, "actions": actions, "prior_a": p_a, "prior_b": p_b,
             "payoffs": pay, "gesture": gesture, "cost": cost, "labels": labels}
    root = _tree(model)
    try:
        return ExtensiveFormGame.from_tree(
            root, players=players,
            name=str(ctx.data.get("name", "") or (ctx.filename or "trust game")),
            parameters={k: p.python_value for k, p in ctx.parameters.items()},
            info=family_info(ctx, trust=model),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None


def _outcome(model: Mapping[str, Any], a: str, b: str) -> str:
    c = model["actions"][0]
    labels = model["labels"]
    if a == c and b == c:
        return str(labels["mutual cooperation"])
    if a != c and b != c:
        return str(labels["mutual defection"])
    return str(labels["exploitation"])


def _stage(model: Mapping[str, Any], ta: str, tb: str, signal: str | None, cost: Any) -> Any:
    """A's move then B's, simultaneous (B's information set ignores A's move and type)."""
    A, B = model["players"]
    c, d = model["actions"]
    pay = model["payoffs"]
    tag = f" after {signal}" if signal else ""

    def end(a: str, b: str) -> Terminal:
        ka = "R" if a == c and b == c else "S" if a == c else "T" if b == c else "P"
        kb = "R" if a == c and b == c else "S" if b == c else "T" if a == c else "P"
        return Terminal((pay[ta][ka] - cost, pay[tb][kb]), _outcome(model, a, b))

    return Decision(A, {
        a: Decision(B, {b: end(a, b) for b in (c, d)}, infoset=f"{B} {tb}{tag}")
        for a in (c, d)
    }, infoset=f"{A} {ta}{tag}")


def _tree(model: Mapping[str, Any]) -> Any:
    A = model["players"][0]
    pa, pb = model["prior_a"], model["prior_b"]

    def after_types(ta: str, tb: str) -> Any:
        if model["gesture"] is None:
            return _stage(model, ta, tb, None, 0)
        g, n = model["gesture"]
        return Decision(A, {g: _stage(model, ta, tb, g, model["cost"]),
                            n: _stage(model, ta, tb, n, 0)}, infoset=f"{A} {ta} signal")

    def b_types(ta: str) -> Any:
        return Chance({"B " + tb.lower(): (pb if tb == TYPES[0] else 1 - pb,
                                           after_types(ta, tb)) for tb in TYPES},
                      name=f"B's type ({ta} A)")

    return Chance({"A " + ta.lower(): (pa if ta == TYPES[0] else 1 - pa, b_types(ta))
                   for ta in TYPES}, name="types")
