"""The ``screening`` family: an uninformed proposer facing an informed responder.

The mirror image of the signaling template (:mod:`.signaling`): here the player who
moves first does not know the other's type, and the informed player answers
(Rothschild & Stiglitz 1976; in crisis bargaining, a challenger's demand to a defender
of unknown resolve, Fearon 1995, Powell 1999):

1. nature draws the responder's type (``responder.types``, priors summing to 1);
2. the proposer, who cannot tell the types apart, makes an offer (``proposer.offers``);
3. the responder, knowing its type and the offer, picks an action
   (``responder.actions``).

Each end of the game is the end state ``"<offer>/<action>"`` when the spec defines it,
else ``"<action>"``; formulas may use the parameters and the ``values`` attached to the
types and the offers. Spec shape::

    kind: screening
    parameters: {p_resolute: 0.4, cost: 1}
    proposer:
      name: Challenger
      offers:
        Small demand: {values: {x: 1}}
        Large demand: {values: {x: 2}}
    responder:
      name: Defender
      types:
        Resolute: {prior: p_resolute, values: {w: 1}}
        Irresolute: {prior: 1 - p_resolute, values: {w: -3}}
      actions: [Concede, Resist]
    end_states:
      Concede: {outcome: settlement, payoffs: {Challenger: x, Defender: -x}}
      Resist: {outcome: war, payoffs: {Challenger: -cost, Defender: w}}

No information is revealed before the informed player moves, so nothing is signalled:
the solution is a perfect Bayesian equilibrium in which the proposer's belief is the
prior, and the signaling refinements (Intuitive Criterion, D1) do not apply; they are
not run or reported.

References
----------
M. Rothschild & J. Stiglitz, "Equilibrium in competitive insurance markets", *QJE*
90(4), 1976, pp. 629-649.
J. D. Fearon, "Rationalist explanations for war", *International Organization* 49(3),
1995, pp. 379-414.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import GameError, SpecError, quote
from ..games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from .context import SpecContext, parse_checked
from .expr import substitute, to_fraction
from .signaling import _sympy_number
from .signaling_normalise import _entries, _text, _values

__all__ = ["compile_screening", "KEYS"]

KEYS = {"name", "description", "references", "notes", "kind", "parameters", "proposer",
        "responder", "end_states"}


def compile_screening(ctx: SpecContext) -> ExtensiveFormGame:
    """Expand a ``screening`` spec into its tree (located errors)."""
    ctx.check_keys((), KEYS, "a screening spec")
    ctx.check_keys(("proposer",), {"name", "offers"}, "the proposer")
    ctx.check_keys(("responder",), {"name", "types", "actions"}, "the responder")
    proposer = str(ctx.require(("proposer", "name"), str, "the proposer's name"))
    responder = str(ctx.require(("responder", "name"), str, "the responder's name"))
    if proposer == responder:
        raise ctx.error(("responder", "name"), "the proposer and the responder need "
                                               "different names")
    offers = [(name, _values(ctx, ("proposer", "offers", name), body, f"offer {name}"))
              for name, body in _entries(ctx, ("proposer", "offers"), "offers", {"values"},
                                         None)]
    types = []
    for name, body in _entries(ctx, ("responder", "types"), "responder types",
                               {"prior", "values"}, "prior"):
        if "prior" not in body:
            raise ctx.error(("responder", "types", name), f"type {quote(name)} needs a "
                                                          "'prior'")
        types.append((name, _text(body["prior"]),
                       _values(ctx, ("responder", "types", name), body, f"type {name}")))
    actions = ctx.name_list(("responder", "actions"), "the responder's actions")
    if len(offers) < 1 or len(actions) < 2:
        raise ctx.error(("responder", "actions"), "a screening game needs at least one "
                                                  "offer and two responder actions")
    states = ctx.get(("end_states",))
    if not isinstance(states, Mapping):
        raise ctx.error(("end_states",), "expected a mapping of end states")
    names = set(ctx.names)

    def evaluate(text: Any, scope: Mapping[str, Any], path: tuple[Any, ...]) -> Any:
        fast = ctx.fast_number(_text(text), scope)
        if fast is not None:
            return fast
        import sympy  # an expression the numeric path leaves to sympy

        try:
            expr = parse_checked(_text(text), names | set(scope))
            bound = {sympy.Symbol(k): _sympy_number(v) for k, v in scope.items()}
            number = substitute(expr.xreplace(bound), ctx.values)
        except SpecError as exc:
            line, column = ctx.doc.where(path)
            ctx.record(exc.located(file=ctx.filename, line=line, column=column,
                                   path=".".join(str(p) for p in path)))
            return 0
        frac = to_fraction(number)
        return frac if frac is not None else float(number)

    def scope_of(values: Mapping[str, str], path: tuple[Any, ...]) -> dict[str, Any]:
        return {k: evaluate(v, {}, (*path, "values", k)) for k, v in values.items()}

    def terminal(offer: str, action: str, scope: dict[str, Any], name: str) -> Terminal:
        key = f"{offer}/{action}" if f"{offer}/{action}" in states else action
        if key not in states:
            raise ctx.error(("end_states",), f"no end state {quote(f'{offer}/{action}')} "
                                             f"or {quote(action)}")
        ctx.check_keys(("end_states", key), {"outcome", "payoffs"}, f"end state {key}")
        pays = ctx.get(("end_states", key, "payoffs"))
        if not isinstance(pays, Mapping) or set(pays) != {proposer, responder}:
            raise ctx.error(("end_states", key, "payoffs"),
                            f"give one payoff for each of {proposer} and {responder}")
        values = tuple(evaluate(pays[p], scope, ("end_states", key, "payoffs", p))
                       for p in (proposer, responder))
        outcome = ctx.get(("end_states", key, "outcome"))
        return Terminal(values, None if outcome is None else str(outcome), name=name)

    branches = {}
    for tname, prior, tvalues in types:
        tscope = scope_of(tvalues, ("responder", "types", tname))
        moves = {}
        for oname, ovalues in offers:
            scope = {**tscope, **scope_of(ovalues, ("proposer", "offers", oname))}
            moves[oname] = Decision(responder, {
                a: terminal(oname, a, scope, f"{tname}/{oname}/{a}") for a in actions},
                infoset=f"{tname} after {oname}", name=f"{tname}/{oname}")
        branches[tname] = (evaluate(prior, {}, ("responder", "types", tname, "prior")),
                           Decision(proposer, moves, infoset="offer", name=tname))
    if ctx.errors:
        raise ctx.errors[0]
    info = {
        "description": str(ctx.data.get("description", "") or "").strip(),
        "references": ctx.references(),
        "source": ctx.filename,
        "kind": "screening",
        "notes": str(ctx.data.get("notes", "") or "").strip(),
        "parameter_descriptions": {n: p.description for n, p in ctx.parameters.items()},
        "screening": {"proposer": proposer, "responder": responder,
                      "types": [t[0] for t in types]},
    }
    try:
        return ExtensiveFormGame.from_tree(
            Chance(branches, name="nature"), players=(proposer, responder),
            name=str(ctx.data.get("name", "") or (ctx.filename or "screening game")),
            parameters={n: p.python_value for n, p in ctx.parameters.items()}, info=info)
    except GameError as exc:
        raise ctx.error(("responder", "types"), str(exc)) from None
