"""The ``crisis_bargaining`` family: war as a bargaining failure (Fearon 1995; Powell 2006).

Spec shape (see ``docs/spec-crisis.md``)::

    kind: crisis_bargaining
    model: risk_return                  # or commitment_problem
    players: [Challenger, Defender]     # the proposer first
    power: p                            # P(the first state wins a war)
    proposer_cost: c_A                  # risk_return: the proposer's cost of war
    responder_cost:                     # risk_return: the responder's private cost
      distribution: uniform             # uniform (low, high) or discrete (values, probabilities)
      low: lo
      high: hi

    # commitment_problem instead:
    players: [Declining, Rising]        # the rising state makes the offers
    power: p1                           # the declining state's P(win) today
    power_shift: s                      # it falls to p1 - s after the first period
    costs: [c_A, c_B]
    discount_factor: delta
    horizon: 2                          # 2 or infinite

Every number is an expression in the spec's parameters; the expressions of ``power``,
the costs and the bounds are kept (``info["symbolic"]``) for ``explain``.

References: Fearon, J. D. (1995). Rationalist explanations for war. *International
Organization* 49(3), 379-414; Powell, R. (2006). War as a commitment problem.
*International Organization* 60(1), 169-203.
"""

from __future__ import annotations

from typing import Any

from ..errors import GameError, quote
from ..games.crisis import DISTRIBUTIONS, CommitmentGame, CostDistribution, RiskReturnGame
from .context import SpecContext, SymbolicExpressions
from .public_goods import family_info, python_number

__all__ = ["compile_crisis_bargaining", "MODELS"]

MODELS = ("risk_return", "commitment_problem")
COMMON = {"name", "description", "references", "kind", "parameters", "players", "notes",
          "model", "power"}
KEYS = {
    "risk_return": COMMON | {"proposer_cost", "responder_cost"},
    "commitment_problem": COMMON | {"power_shift", "costs", "discount_factor", "horizon"},
}
COST_KEYS = {"uniform": {"distribution", "low", "high"},
             "discrete": {"distribution", "values", "probabilities"}}


def compile_crisis_bargaining(ctx: SpecContext) -> RiskReturnGame | CommitmentGame:
    """Build the crisis game of a spec (:class:`RiskReturnGame` or :class:`CommitmentGame`)."""
    model = _model(ctx)
    ctx.check_keys((), KEYS[model], f"a crisis_bargaining spec (model {model})")
    players = ctx.name_list(("players",), "the two states' names", count=2)
    name = str(ctx.data.get("name", "") or (ctx.filename or "crisis bargaining"))
    parameters = {k: p.python_value for k, p in ctx.parameters.items()}
    if model == "risk_return":
        return _risk_return(ctx, players, name, parameters)
    return _commitment(ctx, players, name, parameters)


def _model(ctx: SpecContext) -> str:
    raw = ctx.get(("model",))
    if raw is None:
        if "responder_cost" in ctx.data:
            return "risk_return"
        if "power_shift" in ctx.data:
            return "commitment_problem"
        raise ctx.error((), "missing key 'model': write model: risk_return (a take-it-or-"
                            "leave-it demand to a state with a private cost of war) or "
                            "model: commitment_problem (shifting power)")
    if raw not in MODELS:
        raise ctx.error(("model",), f"unknown model {quote(str(raw))}; use one of "
                                    f"{', '.join(MODELS)}")
    return str(raw)


def _required(ctx: SpecContext, path: tuple[str | int, ...], what: str) -> Any:
    if ctx.get(path) is None:
        parent = ".".join(str(p) for p in path[:-1]) or "the top level"
        raise ctx.error(path[:-1], f"missing key {quote(str(path[-1]))} under {parent}: {what}")
    return ctx.number(path)


def _symbolic(ctx: SpecContext, paths: dict[str, tuple[str | int, ...]]
              ) -> SymbolicExpressions:
    # parsed into sympy when explain first reads them: solve does not import sympy
    return SymbolicExpressions({key: ctx.get(path) for key, path in paths.items()}, ctx.names)


def _ranges(ctx: SpecContext) -> dict[str, tuple[Any, Any]]:
    """The declared ``range`` of each parameter (``explain`` maps the regions over it)."""
    return {name: (python_number(p.range[0]), python_number(p.range[1]))
            for name, p in ctx.parameters.items() if p.range is not None}


def _risk_return(ctx: SpecContext, players: list[str], name: str,
                 parameters: dict[str, Any]) -> RiskReturnGame:
    power = python_number(_required(ctx, ("power",), "P(the proposer wins a war)"))
    cost = python_number(_required(ctx, ("proposer_cost",), "the proposer's cost of war"))
    if not 0 <= power <= 1:
        raise ctx.error(("power",), f"power is a probability of winning, between 0 and 1; "
                                    f"found {power}")
    if cost < 0:
        raise ctx.error(("proposer_cost",), f"a cost of war is non-negative; found {cost}")
    dist, paths = _distribution(ctx)
    symbolic = _symbolic(ctx, {**paths, "power": ("power",),
                               "proposer_cost": ("proposer_cost",)})
    try:
        return RiskReturnGame.build(
            players, power=power, proposer_cost=cost, responder_cost=dist, name=name,
            parameters=parameters, info=family_info(ctx, model="risk_return",
                                                    symbolic=symbolic,
                                                    parameter_ranges=_ranges(ctx)))
    except GameError as exc:
        raise ctx.error((), str(exc)) from None


def _distribution(ctx: SpecContext
                  ) -> tuple[CostDistribution, dict[str, tuple[str | int, ...]]]:
    root: tuple[str | int, ...] = ("responder_cost",)
    raw = ctx.get(root)
    if not isinstance(raw, dict):
        raise ctx.error(root if raw is not None else (),
                        "responder_cost: expected a mapping such as {distribution: uniform, "
                        "low: 0, high: 0.5} (the responder's private cost of war)")
    kind = raw.get("distribution", "uniform")
    if kind not in DISTRIBUTIONS:
        raise ctx.error(root + ("distribution",),
                        f"unknown distribution {quote(str(kind))}; use one of "
                        f"{', '.join(DISTRIBUTIONS)}")
    ctx.check_keys(root, COST_KEYS[kind], f"a {kind} cost distribution")
    if kind == "uniform":
        lo = python_number(_required(ctx, root + ("low",), "the lowest cost of war"))
        hi = python_number(_required(ctx, root + ("high",), "the highest cost of war"))
        if lo < 0:
            raise ctx.error(root + ("low",), f"costs of war are non-negative; found low = {lo}")
        if not lo < hi:
            raise ctx.error(root + ("high",), f"the bounds are reversed or equal: low = {lo}, "
                                              f"high = {hi}; give low < high")
        return CostDistribution.uniform(lo, hi), {"low": root + ("low",),
                                                  "high": root + ("high",)}
    values = ctx.get(root + ("values",))
    probs = ctx.get(root + ("probabilities",))
    if not isinstance(values, list) or not values:
        raise ctx.error(root + ("values",) if values is not None else root,
                        "a discrete distribution needs values: a list of costs of war")
    if not isinstance(probs, list) or len(probs) != len(values):
        raise ctx.error(root + ("probabilities",) if probs is not None else root,
                        f"expected probabilities: a list of {len(values)} numbers, one per "
                        "value")
    vs = [python_number(ctx.number(root + ("values", k))) for k in range(len(values))]
    ps = [python_number(ctx.number(root + ("probabilities", k))) for k in range(len(probs))]
    try:
        dist = CostDistribution.discrete(vs, ps)
    except GameError as exc:
        raise ctx.error(root, str(exc)) from None
    return dist, {}


def _commitment(ctx: SpecContext, players: list[str], name: str,
                parameters: dict[str, Any]) -> CommitmentGame:
    power = python_number(_required(ctx, ("power",), "the declining state's P(win) today"))
    shift = python_number(_required(ctx, ("power_shift",), "how much that probability falls"))
    delta = python_number(_required(ctx, ("discount_factor",), "the discount factor"))
    raw_costs = ctx.get(("costs",))
    if not isinstance(raw_costs, list) or len(raw_costs) != 2:
        raise ctx.error(("costs",) if raw_costs is not None else (),
                        "costs: expected a list of two costs of war [declining, rising]")
    costs = [python_number(ctx.number(("costs", k))) for k in range(2)]
    horizon_raw = ctx.get(("horizon",), 2)
    if horizon_raw in ("infinite", "inf"):
        horizon: int | None = None
    elif horizon_raw == 2 and not isinstance(horizon_raw, bool):
        horizon = 2
    else:
        raise ctx.error(("horizon",), f"horizon: 2 (two periods) or infinite; found "
                                      f"{quote(str(horizon_raw))}")
    checks = [
        (("power",), 0 <= power <= 1, f"power is a probability, between 0 and 1; found {power}"),
        (("power_shift",), shift >= 0, f"the power shift is non-negative (the first state "
                                       f"declines); found {shift}"),
        (("power_shift",), power - shift >= 0, f"power - power_shift = {power - shift} "
                                               "must be non-negative"),
        (("discount_factor",), 0 < delta < 1, "the discount factor lies strictly between 0 "
                                              f"and 1; found {delta}"),
        (("costs",), min(costs) >= 0, "costs of war are non-negative"),
    ]
    for path, ok, message in checks:
        if not ok:
            raise ctx.error(path, message)
    symbolic = _symbolic(ctx, {"power": ("power",), "power_shift": ("power_shift",),
                               "cost_declining": ("costs", 0), "cost_rising": ("costs", 1),
                               "discount_factor": ("discount_factor",)})
    try:
        return CommitmentGame.build(
            players, power=power, power_shift=shift, costs=costs, discount_factor=delta,
            horizon=horizon, name=name, parameters=parameters,
            info=family_info(ctx, model="commitment_problem", symbolic=symbolic,
                             parameter_ranges=_ranges(ctx)))
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
