"""The ``signaling`` family: a sender with private types, costly messages, a receiver.

The template expands a dozen lines into the extensive-form tree of a signaling game
(Spence 1973; Cho & Kreps 1987), the workhorse of costly-signal deterrence models
(Fearon 1994, 1997; Morrow 1994):

1. nature draws the sender's type (``sender.types``, priors summing to 1) and, when
   ``receiver.types`` is given, independently the receiver's type;
2. the sender, knowing its type, sends a message (``messages``); a message with
   ``ends: true`` ends the game (e.g. "status quo");
3. the receiver sees the message (and its own type) but not the sender's type, and picks
   an action; a receiver type with ``plays: <action>`` is not strategic (it always plays
   that action, e.g. a resolved challenger);
4. optionally nature moves again after some receiver actions (``interlude``, e.g. a
   change of government before a commitment must be honored);
5. optionally the sender answers some receiver actions (``response``, e.g. fight or
   concede), knowing its type, its message, the action and the interlude, but not the
   receiver's type.

Each end of the game is an *end state* named by the path after the message:
``"<action>"``, ``"<action>/<response>"`` or, for an ending message, ``"<message>"``.
End states carry the payoff formulas and the outcome label. Formulas may use the
parameters and the *values* attached to types, messages, receiver types and interlude
branches (``v: value_high``), which is what keeps a model short.

Spec shape (Fearon 1997, tying hands)::

    kind: signaling
    parameters: {p_resolute: 0.3, audience_cost: 2, ...}
    sender:
      name: Defender
      types:
        Resolute: {prior: p_resolute, values: {v: value_high, w: war_value_high}}
        Irresolute: {prior: 1 - p_resolute, values: {v: value_low, w: war_value_low}}
    messages:
      Tie hands: {signal: true, values: {a: audience_cost}}
      Stay free: {values: {a: 0}}
    receiver:
      name: Challenger
      actions: [Challenge, Back off]
      challenge: Challenge            # counted in P(challenge)
    response: {after: [Challenge], actions: [Fight, Concede]}
    end_states:
      Back off: {outcome: deterrence success, payoffs: {Defender: v, Challenger: 0}}
      Challenge/Fight: {outcome: war, payoffs: {Defender: w, Challenger: -cost_of_war}}
      Challenge/Concede: {outcome: capitulation, backs_down: true,
                          payoffs: {Defender: -a, Challenger: gain}}

Flags on end states feed the outcome probabilities of the PBE solver:
``backs_down: true`` (with a message flagged ``signal: true``: a *bluff called*) and
``honors: true`` (P(ally honors)). The compiled game keeps the normalised model in
``game.info["signaling_model"]`` (expressions as text) for ``explain``.

References
----------
M. Spence, "Job market signaling", *Quarterly Journal of Economics* 87(3), 1973.
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *QJE* 102(2), 1987.
J. D. Fearon, "Signaling foreign policy interests: tying hands versus sinking costs",
*Journal of Conflict Resolution* 41(1), 1997, pp. 68-90.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy

from ..errors import GameError, SpecError, quote
from ..games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from .context import SpecContext, parse_checked
from .expr import substitute, to_fraction
from .signaling_normalise import KEYS, Path, normalise_signaling

__all__ = ["compile_signaling", "normalise_signaling", "build_signaling_tree", "KEYS"]


# ---------------------------------------------------------------------- building
Evaluate = Callable[[str, Mapping[str, Any], Path], Any]


def build_signaling_tree(model: Mapping[str, Any], evaluate: Evaluate) -> tuple[Any, dict]:
    """The nested tree of a normalised model, with ``evaluate(text, scope, path)`` turning
    each expression into a number (``scope``: value name -> evaluated value).

    Returns ``(root, events)``, ``events`` mapping event labels to terminal node names.
    """
    # whole: one closure per tree level (sender_node > after_message > after_action >
    # terminal) over model, evaluate and events; apart, each would take all three
    sender, receiver = model["sender"], model["receiver"]
    players = (sender, receiver)
    response, interlude = model["response"], model["interlude"]
    events: dict[str, list[str]] = {"P(challenge)": [], "P(bluff called)": [],
                                    "P(ally honors)": []}

    def scope_of(*items: Any) -> dict[str, Any]:
        scope: dict[str, Any] = {}
        for item in items:
            if item is None:
                continue
            for k, text in item["values"].items():
                scope[k] = evaluate(text, {}, (*item["_path"], "values", k))
        return scope

    for group, base in ((model["types"], ("sender", "types")),
                        (model["receiver_types"], ("receiver", "types")),
                        (model["messages"], ("messages",)),
                        (interlude["branches"] if interlude else [], ("interlude", "branches"))):
        for item in group:
            item.setdefault("_path", (*base, item["name"]))

    def terminal(state: str, scope: dict[str, Any], name: str, flags: dict) -> Terminal:
        es = model["end_states"][state]
        pays = []
        for p in players:
            if p not in es["payoffs"]:
                raise SpecError(f"end state {quote(state)}: no payoff for {p}")
            pays.append(evaluate(es["payoffs"][p], scope,
                                 ("end_states", es["key"], "payoffs", p)))
        extra = set(es["payoffs"]) - set(players)
        if extra:
            raise SpecError(f"end state {quote(state)}: payoff for unknown player "
                            f"{quote(sorted(extra)[0])}; players are {sender}, {receiver}")
        if flags.get("challenge"):
            events["P(challenge)"].append(name)
        if es["backs_down"] and flags.get("signal"):
            events["P(bluff called)"].append(name)
        if es["honors"]:
            events["P(ally honors)"].append(name)
        return Terminal(tuple(pays), es["outcome"], name=name)

    def after_action(t: dict, rt: dict | None, m: dict, a: str, path: str) -> Any:
        flags = {"challenge": a == model["challenge"], "signal": m["signal"]}

        def finish(branch: dict | None, bpath: str) -> Any:
            scope = scope_of(t, rt, m, branch)
            if response and a in response["after"]:
                iset = f"{t['name']} after {m['name']}, {a}"
                if branch is not None:
                    iset += f", {branch['name']}"
                return Decision(sender, {
                    r: terminal(f"{a}/{r}", scope, f"{bpath}/{r}", flags)
                    for r in response["actions"]}, infoset=iset, name=bpath)
            return terminal(a, scope, bpath, flags)

        if interlude and a in interlude["after"]:
            return Chance({
                b["name"]: (evaluate(b["prob"], {}, (*b["_path"], "prob")),
                            finish(b, f"{path}/{b['name']}"))
                for b in interlude["branches"]}, name=path)
        return finish(None, path)

    def after_message(t: dict, rt: dict | None, m: dict, path: str) -> Any:
        if m["ends"]:
            return terminal(m["name"], scope_of(t, rt, m), path, {"signal": m["signal"]})
        if rt is not None and rt["plays"] is not None:
            a = rt["plays"]
            return after_action(t, rt, m, a, f"{path}/{a}")
        iset = f"after {m['name']}" if rt is None else f"{rt['name']} after {m['name']}"
        return Decision(receiver, {a: after_action(t, rt, m, a, f"{path}/{a}")
                                   for a in model["actions"]}, infoset=iset, name=path)

    def sender_node(t: dict, rt: dict | None, path: str) -> Decision:
        return Decision(sender, {m["name"]: after_message(t, rt, m, f"{path}/{m['name']}")
                                 for m in model["messages"]}, infoset=t["name"], name=path)

    branches: dict[str, tuple[Any, Decision | Chance]] = {}
    for t in model["types"]:
        prior = evaluate(t["prior"], {}, (*t["_path"], "prior"))
        if model["receiver_types"]:
            inner = {rt["name"]: (evaluate(rt["prior"], {}, (*rt["_path"], "prior")),
                                  sender_node(t, rt, f"{t['name']}/{rt['name']}"))
                     for rt in model["receiver_types"]}
            branches[t["name"]] = (prior, Chance(inner, name=t["name"]))
        else:
            branches[t["name"]] = (prior, sender_node(t, None, t["name"]))
    return Chance(branches, name="nature"), events


def compile_signaling(ctx: SpecContext) -> ExtensiveFormGame:
    """Expand a ``signaling`` spec into its extensive-form game."""
    try:
        model = normalise_signaling(ctx)
    except SpecError as exc:
        if exc.line is None and exc.path is None:
            raise ctx.error(("sender",), exc.message) from None
        raise
    names = set(ctx.names)
    values = ctx.values

    def evaluate(text: str, scope: Mapping[str, Any], path: Path) -> Any:
        try:
            expr = parse_checked(text, names | set(scope))
            bound = {sympy.Symbol(k): _sympy_number(v) for k, v in scope.items()}
            number = substitute(expr.xreplace(bound), values)
        except SpecError as exc:
            line, column = ctx.doc.where(path)
            ctx.record(exc.located(file=ctx.filename, line=line, column=column,
                                   path=".".join(str(p) for p in path)))
            return 0
        if isinstance(number, sympy.logic.boolalg.BooleanAtom):
            ctx.record(ctx.error(path, f"expected a number, found the condition {text}"))
            return 0
        frac = to_fraction(number)
        return frac if frac is not None else float(number)

    try:
        root, events = build_signaling_tree(model, evaluate)
    except SpecError as exc:
        raise ctx.error(("end_states",), exc.message) from None
    if ctx.errors:
        raise ctx.errors[0]
    data = ctx.data
    info = {
        "description": str(data.get("description", "") or "").strip(),
        "references": ctx.references(),
        "source": ctx.filename,
        "kind": "signaling",
        "notes": str(data.get("notes", "") or "").strip(),
        "parameter_descriptions": {n: p.description for n, p in ctx.parameters.items()},
        "signaling": {"types": {t["name"]: t["name"] for t in model["types"]}},
        "signaling_model": _plain(model),
        "events": {k: v for k, v in events.items() if v or k == "P(challenge)"
                   and model["challenge"] is not None},
    }
    try:
        return ExtensiveFormGame.from_tree(
            root, players=(model["sender"], model["receiver"]),
            name=str(data.get("name", "") or (ctx.filename or "signaling game")),
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=info,
        )
    except GameError as exc:
        where = ("sender", "types") if "chance" in str(exc) else ("end_states",)
        raise ctx.error(where, str(exc)) from None


def _sympy_number(value: Any) -> Any:
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, int):
        return sympy.Integer(value)
    return sympy.Float(value)


def _plain(value: Any) -> Any:
    """Drop private keys (``_path``) and tuples from the model (JSON-ready)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
