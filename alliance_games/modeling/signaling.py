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

import unicodedata
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import sympy

from ..errors import GameError, SpecError, quote
from ..games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from .context import SpecContext, name_key, parse_checked
from .expr import substitute, to_fraction

__all__ = ["compile_signaling", "normalise_signaling", "build_signaling_tree", "KEYS"]

KEYS = {"name", "description", "references", "kind", "parameters", "notes", "sender",
        "receiver", "messages", "interlude", "response", "end_states"}
Path = tuple[str | int, ...]


# ---------------------------------------------------------------------- reading
def _name(ctx: SpecContext, path: Path, what: str, value: Any = None) -> str:
    text = ctx.name(path, what) if value is None else ctx.name(path, what, value)
    if "/" in text:
        # end states are named by paths such as "Challenge/Fight"
        raise ctx.error(path, f"{what} {quote(text)} must not contain '/'")
    return text


def _names(ctx: SpecContext, path: Path, what: str) -> list[str]:
    value = ctx.get(path)
    if not isinstance(value, list) or not value:
        raise ctx.error(path, f"expected a non-empty list of {what}")
    out = [_name(ctx, (*path, i), what) for i in range(len(value))]
    ctx.distinct([((*path, i), n) for i, n in enumerate(out)], what)
    return out


def _flag(ctx: SpecContext, path: Path, body: Mapping[str, Any]) -> bool:
    """A yes/no switch (``signal: true``): a boolean or absent, nothing else."""
    value = body.get(str(path[-1]), False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ctx.error(path, f"expected true or false, found {quote(value)}")
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _entries(ctx: SpecContext, path: Path, what: str, allowed: set[str],
             shorthand: str | None) -> list[tuple[str, dict[str, Any]]]:
    """A mapping ``name -> {...}`` (or ``name -> <shorthand value>``), order kept."""
    raw = ctx.get(path)
    if not isinstance(raw, dict) or not raw:
        raise ctx.error(path, f"expected a mapping of {what}")
    out = []
    ctx.distinct([((*path, name), _name(ctx, (*path, name), f"a name of {what}", name))
                  for name in raw], what)
    for name, body in raw.items():
        if isinstance(body, dict):
            ctx.check_keys((*path, name), allowed, f"{what} {quote(name)}")
            out.append((name, dict(body)))
        elif shorthand is not None and body is not None:
            out.append((name, {shorthand: body}))
        elif body is None and shorthand is None:
            out.append((name, {}))
        else:
            raise ctx.error((*path, name), f"expected a mapping for {what} {quote(name)}")
    return out


def _values(ctx: SpecContext, path: Path, body: dict[str, Any], where: str) -> dict[str, str]:
    raw = body.get("values", {}) or {}
    if not isinstance(raw, dict):
        raise ctx.error((*path, "values"), f"{where}: values must be a mapping name: expression")
    for key in raw:
        if not isinstance(key, str) or not key.isidentifier():
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} is not an identifier")
        if unicodedata.normalize("NFKC", key) != key:
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} is read as "
                            f"{quote(unicodedata.normalize('NFKC', key))} in expressions; "
                            "write it that way")
        if key in ctx.names:
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} clashes with a parameter of the same "
                            "name")
    return {k: _text(v) for k, v in raw.items()}


def _same_keys(ctx: SpecContext, path: Path, group: list[tuple[str, dict[str, str]]],
               what: str) -> None:
    if not group:
        return
    first_name, first = group[0]
    for name, vals in group[1:]:
        if set(vals) != set(first):
            raise ctx.error((*path, name, "values"),
                            f"every {what} must define the same values: {quote(first_name)} "
                            f"has {quote(sorted(first), 80)[1:-1]}, {quote(name)} has "
                            f"{quote(sorted(vals), 80)[1:-1]}")


def normalise_signaling(ctx: SpecContext) -> dict[str, Any]:
    """Validate a ``signaling`` spec and return its model as plain data (texts)."""
    ctx.check_keys((), KEYS, "a signaling spec")
    ctx.check_keys(("sender",), {"name", "types"}, "sender")
    ctx.check_keys(("receiver",), {"name", "actions", "types", "challenge"}, "receiver")
    # independent sections are read with ctx.attempt, so that validate reports the
    # errors of each in one run; the model is built only when all of them are sound
    sender = ctx.attempt(lambda: _name(ctx, ("sender", "name"), "the sender's name"), None)
    receiver = ctx.attempt(lambda: _name(ctx, ("receiver", "name"), "the receiver's name"),
                           None)
    if sender is not None and receiver is not None and name_key(sender) == name_key(receiver):
        ctx.record(ctx.error(("receiver", "name"),
                             "sender and receiver must be different players"))
    types = ctx.attempt(lambda: _sender_types(ctx), [])
    messages = ctx.attempt(lambda: _messages(ctx), [])
    actions = _names(ctx, ("receiver", "actions"), "receiver actions")
    rtypes: list[dict[str, Any]] = []
    if ctx.get(("receiver", "types")) is not None:
        for name, body in _entries(ctx, ("receiver", "types"), "receiver types",
                                   {"prior", "values", "plays"}, "prior"):
            if "prior" not in body:
                raise ctx.error(("receiver", "types", name),
                                f"type {quote(name)} needs a 'prior'")
            plays = ctx.label(("receiver", "types", name, "plays"), "a receiver action",
                              body.get("plays"))
            if plays is not None and plays not in actions:
                raise ctx.error(("receiver", "types", name, "plays"),
                                f"'plays' must be one of the receiver's actions {actions}")
            rtypes.append({"name": name, "prior": _text(body["prior"]), "plays": plays,
                           "values": _values(ctx, ("receiver", "types", name), body,
                                             f"receiver type {name}")})
        _same_keys(ctx, ("receiver", "types"), [(t["name"], t["values"]) for t in rtypes],
                   "receiver type")
    challenge = ctx.label(("receiver", "challenge"), "a receiver action")
    if challenge is not None and challenge not in actions:
        raise ctx.error(("receiver", "challenge"),
                        f"'challenge' must be one of the receiver's actions {actions}")
    response = None
    if ctx.get(("response",)) is not None:
        ctx.check_keys(("response",), {"after", "actions"}, "response")
        after = _names(ctx, ("response", "after"), "receiver actions")
        for i, a in enumerate(after):
            if a not in actions:
                raise ctx.error(("response", "after", i),
                                f"{quote(a)} is not a receiver action")
        response = {"after": after, "actions": _names(ctx, ("response", "actions"),
                                                       "response actions")}
    interlude = None
    if ctx.get(("interlude",)) is not None:
        ctx.check_keys(("interlude",), {"after", "branches"}, "interlude")
        after = _names(ctx, ("interlude", "after"), "receiver actions")
        for i, a in enumerate(after):
            if a not in actions:
                raise ctx.error(("interlude", "after", i),
                                f"{quote(a)} is not a receiver action")
        branches: list[dict[str, Any]] = []
        for name, body in _entries(ctx, ("interlude", "branches"), "interlude branches",
                                   {"prob", "values"}, "prob"):
            if "prob" not in body:
                raise ctx.error(("interlude", "branches", name),
                                f"branch {quote(name)} needs 'prob'")
            branches.append({"name": name, "prob": _text(body["prob"]),
                             "values": _values(ctx, ("interlude", "branches", name), body,
                                               f"branch {name}")})
        _same_keys(ctx, ("interlude", "branches"), [(b["name"], b["values"]) for b in branches],
                   "interlude branch")
        interlude = {"after": after, "branches": branches}
    if sender is None or receiver is None or not types or not messages:
        raise ctx.errors[-1]  # a section failed; the loader reports every recorded error
    try:
        value_names = _value_names(types, rtypes, messages, interlude)
    except SpecError as exc:
        raise ctx.error(("messages",), exc.message) from None
    end_states = _end_states(ctx, actions, messages, response, value_names)
    return {
        "sender": sender, "receiver": receiver, "types": types, "receiver_types": rtypes,
        "actions": actions, "challenge": challenge, "messages": messages,
        "response": response, "interlude": interlude, "end_states": end_states,
    }


def _sender_types(ctx: SpecContext) -> list[dict[str, Any]]:
    types: list[dict[str, Any]] = []
    for name, body in _entries(ctx, ("sender", "types"), "sender types", {"prior", "values"},
                               "prior"):
        if "prior" not in body:
            raise ctx.error(("sender", "types", name), f"type {quote(name)} needs a 'prior'")
        types.append({"name": name, "prior": _text(body["prior"]),
                      "values": _values(ctx, ("sender", "types", name), body, f"type {name}")})
    if len(types) < 2:
        raise ctx.error(("sender", "types"), "a signaling game needs at least two sender types")
    _same_keys(ctx, ("sender", "types"), [(t["name"], t["values"]) for t in types],
               "sender type")
    return types


def _messages(ctx: SpecContext) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for name, body in _entries(ctx, ("messages",), "messages", {"signal", "ends", "values"},
                               None):
        messages.append({"name": name,
                         "signal": _flag(ctx, ("messages", name, "signal"), body),
                         "ends": _flag(ctx, ("messages", name, "ends"), body),
                         "values": _values(ctx, ("messages", name), body, f"message {name}")})
    if len(messages) < 2:
        raise ctx.error(("messages",), "a signaling game needs at least two messages")
    _same_keys(ctx, ("messages",), [(m["name"], m["values"]) for m in messages], "message")
    return messages


def _value_names(types: list, rtypes: list, messages: list, interlude: Any) -> dict[str, str]:
    """Value name -> where it is defined (sender type, message ...), checking clashes."""
    out: dict[str, str] = {}
    groups = [("sender types", types), ("receiver types", rtypes), ("messages", messages),
              ("interlude branches", interlude["branches"] if interlude else [])]
    for where, group in groups:
        for key in (group[0]["values"] if group else {}):
            if key in out:
                raise SpecError(f"value name {quote(key)} is defined by both {out[key]} and "
                                f"{where}")
            out[key] = where
    return out


def _expected_states(actions: list[str], messages: list, response: Any) -> list[str]:
    states = []
    for m in messages:
        if m["ends"]:
            states.append(m["name"])
    if any(not m["ends"] for m in messages):
        for a in actions:
            if response and a in response["after"]:
                states.extend(f"{a}/{r}" for r in response["actions"])
            else:
                states.append(a)
    return states


def _end_states(ctx: SpecContext, actions: list[str], messages: list, response: Any,
                value_names: Mapping[str, str]) -> dict[str, Any]:
    expected = _expected_states(actions, messages, response)
    raw = ctx.get(("end_states",))
    if not isinstance(raw, dict):
        raise ctx.error(("end_states",), f"expected a mapping of end states: {expected}")
    norm = {str(k).replace(" / ", "/"): k for k in raw}
    missing = [s for s in expected if s not in norm]
    extra = [norm[k] for k in norm if k not in expected]
    if missing:
        raise ctx.error(("end_states",), f"missing end state(s) {quote(missing, 80)[1:-1]}; "
                                         f"expected {quote(expected, 120)[1:-1]}")
    if extra:
        raise ctx.error(("end_states", extra[0]),
                        f"unknown end state {quote(extra[0])}; expected "
                        f"{quote(expected, 120)[1:-1]}")
    out = {}
    for state in expected:
        key = norm[state]
        path: Path = ("end_states", key)
        ctx.check_keys(path, {"outcome", "payoffs", "backs_down", "honors"},
                       f"end state {quote(state)}")
        body = ctx.get(path)
        if not isinstance(body, dict) or "payoffs" not in body:
            raise ctx.error(path, f"end state {quote(state)} needs 'payoffs'")
        pays = body["payoffs"]
        if not isinstance(pays, dict):
            raise ctx.error((*path, "payoffs"), "expected payoffs as {player: expression}")
        out[state] = {
            "key": key,
            "outcome": ctx.label((*path, "outcome"), "an outcome label"),
            "payoffs": {str(p): _text(v) for p, v in pays.items()},
            "backs_down": _flag(ctx, (*path, "backs_down"), body),
            "honors": _flag(ctx, (*path, "honors"), body),
        }
    return out


# ---------------------------------------------------------------------- building
Evaluate = Callable[[str, Mapping[str, Any], Path], Any]


def build_signaling_tree(model: Mapping[str, Any], evaluate: Evaluate) -> tuple[Any, dict]:
    """The nested tree of a normalised model, with ``evaluate(text, scope, path)`` turning
    each expression into a number (``scope``: value name -> evaluated value).

    Returns ``(root, events)``, ``events`` mapping event labels to terminal node names.
    """
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
