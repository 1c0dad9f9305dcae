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
    interlude = model["interlude"]
    for group, base in ((model["types"], ("sender", "types")),
                        (model["receiver_types"], ("receiver", "types")),
                        (model["messages"], ("messages",)),
                        (interlude["branches"] if interlude else [], ("interlude", "branches"))):
        for item in group:
            item.setdefault("_path", (*base, item["name"]))
    builder = _TreeBuilder(model, evaluate)
    branches: dict[str, tuple[Any, Decision | Chance]] = {}
    for t in model["types"]:
        prior = evaluate(t["prior"], {}, (*t["_path"], "prior"))
        if model["receiver_types"]:
            inner = {rt["name"]: (evaluate(rt["prior"], {}, (*rt["_path"], "prior")),
                                  builder.sender_node(t, rt, f"{t['name']}/{rt['name']}"))
                     for rt in model["receiver_types"]}
            branches[t["name"]] = (prior, Chance(inner, name=t["name"]))
        else:
            branches[t["name"]] = (prior, builder.sender_node(t, None, t["name"]))
    return Chance(branches, name="nature"), builder.events


class _TreeBuilder:
    """The subtree below nature's draw of the types, one method per level (sender node,
    after a message, after a receiver action, end state); collects the event nodes."""

    def __init__(self, model: Mapping[str, Any], evaluate: Evaluate) -> None:
        self.model = model
        self.evaluate = evaluate
        self.sender, self.receiver = model["sender"], model["receiver"]
        self.response, self.interlude = model["response"], model["interlude"]
        self.events: dict[str, list[str]] = {"P(challenge)": [], "P(bluff called)": [],
                                             "P(ally honors)": []}

    def scope_of(self, *items: Any) -> dict[str, Any]:
        """The values the items (types, message, interlude branch) attach, evaluated."""
        scope: dict[str, Any] = {}
        for item in items:
            if item is None:
                continue
            for k, text in item["values"].items():
                scope[k] = self.evaluate(text, {}, (*item["_path"], "values", k))
        return scope

    def sender_node(self, t: dict, rt: dict | None, path: str) -> Decision:
        return Decision(self.sender, {
            m["name"]: self.after_message(t, rt, m, f"{path}/{m['name']}")
            for m in self.model["messages"]}, infoset=t["name"], name=path)

    def after_message(self, t: dict, rt: dict | None, m: dict, path: str) -> Any:
        if m["ends"]:
            return self.terminal(m["name"], self.scope_of(t, rt, m), path,
                                 {"signal": m["signal"]})
        if rt is not None and rt["plays"] is not None:
            a = rt["plays"]
            return self.after_action(t, rt, m, a, f"{path}/{a}")
        iset = f"after {m['name']}" if rt is None else f"{rt['name']} after {m['name']}"
        return Decision(self.receiver, {a: self.after_action(t, rt, m, a, f"{path}/{a}")
                                        for a in self.model["actions"]}, infoset=iset,
                        name=path)

    def after_action(self, t: dict, rt: dict | None, m: dict, a: str, path: str) -> Any:
        flags = {"challenge": a == self.model["challenge"], "signal": m["signal"]}
        interlude = self.interlude
        if interlude and a in interlude["after"]:
            return Chance({
                b["name"]: (self.evaluate(b["prob"], {}, (*b["_path"], "prob")),
                            self.finish(t, rt, m, a, flags, b, f"{path}/{b['name']}"))
                for b in interlude["branches"]}, name=path)
        return self.finish(t, rt, m, a, flags, None, path)

    def finish(self, t: dict, rt: dict | None, m: dict, a: str, flags: dict,
               branch: dict | None, bpath: str) -> Any:
        """After the action (and the interlude branch): the sender's response, or the end."""
        scope = self.scope_of(t, rt, m, branch)
        response = self.response
        if response and a in response["after"]:
            iset = f"{t['name']} after {m['name']}, {a}"
            if branch is not None:
                iset += f", {branch['name']}"
            return Decision(self.sender, {
                r: self.terminal(f"{a}/{r}", scope, f"{bpath}/{r}", flags)
                for r in response["actions"]}, infoset=iset, name=bpath)
        return self.terminal(a, scope, bpath, flags)

    def terminal(self, state: str, scope: dict[str, Any], name: str, flags: dict) -> Terminal:
        es = self.model["end_states"][state]
        players = (self.sender, self.receiver)
        pays = []
        for p in players:
            if p not in es["payoffs"]:
                raise SpecError(f"end state {quote(state)}: no payoff for {p}")
            pays.append(self.evaluate(es["payoffs"][p], scope,
                                      ("end_states", es["key"], "payoffs", p)))
        extra = set(es["payoffs"]) - set(players)
        if extra:
            raise SpecError(f"end state {quote(state)}: payoff for unknown player "
                            f"{quote(sorted(extra)[0])}; players are {self.sender}, "
                            f"{self.receiver}")
        if flags.get("challenge"):
            self.events["P(challenge)"].append(name)
        if es["backs_down"] and flags.get("signal"):
            self.events["P(bluff called)"].append(name)
        if es["honors"]:
            self.events["P(ally honors)"].append(name)
        return Terminal(tuple(pays), es["outcome"], name=name)


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
        fast = ctx.fast_number(text, scope)
        if fast is not None:
            return fast
        import sympy  # an expression the numeric path leaves to sympy

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
    import sympy

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
