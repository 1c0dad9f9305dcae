"""The ``autonomy_security`` family: Morrow's (1991) security-autonomy trade-off model.

Morrow (1991) replaces the capability-aggregation view of alliances (allies pool power
against a common threat) with a trade: states value **security** (protecting the status
quo they care about) and **autonomy** (freedom to change what they want changed), and an
alliance is a deal in these two goods. A **symmetric** alliance between states of
similar capability trades security for security; an **asymmetric** alliance trades the
stronger state's protection (security for the weak) for the weaker state's concessions
(autonomy for the strong: bases, policy alignment). Morrow predicts that asymmetric
alliances form more easily between unequal states and last longer, because a change in
capabilities breaks a symmetric deal more easily.

This module formalises the argument (the functional forms are ours, a teaching model;
Morrow states the trade with indifference curves, not these utilities). Two states
``i`` with capability ``c_i``, security weight ``w_i`` in ``(0, 1)`` (how much the
threat it faces makes it value security over autonomy) and the autonomy cost ``k_i < c_i``
of a commitment to defend a partner; ``e`` is the share of an ally's capability that
its commitment adds to its partner's security. Utility ``u_i = w_i ln S_i + (1 - w_i) ln
A_i``, with ``S_i = A_i = c_i`` alone. Gains over no alliance:

* **symmetric** (both commit, no transfer):
  ``G_i = w_i ln(1 + e c_j / c_i) + (1 - w_i) ln(1 - k_i / c_i)``;
* **asymmetric** (the stronger ``s`` commits, the weaker ``m`` concedes autonomy ``τ``):
  ``G_s = (1 - w_s) ln(1 + (τ - k_s) / c_s)``,
  ``G_m = w_m ln(1 + e c_s / c_m) + (1 - w_m) ln(1 - τ / c_m)``.
  ``G_s >= 0`` iff ``τ >= k_s``; ``G_m >= 0`` iff
  ``τ <= τ_max = c_m [1 - (1 + e c_s / c_m)^(-w_m / (1 - w_m))]``. The deal exists iff
  ``k_s <= τ_max``; the terms are taken at the middle of that range,
  ``τ* = (k_s + τ_max) / 2`` (Morrow leaves the division open: an assumption).

Durability: with the terms fixed, a fall in the partner's capability lowers the security
gain. In a symmetric alliance ally ``i`` stays while
``c_j >= c_i [(1 - k_i/c_i)^(-(1 - w_i)/w_i) - 1] / e``: **both** allies' participation
depends on the other's capability. In an asymmetric alliance the stronger state's gain
``G_s`` depends on no capability (its autonomy gain ``τ* - k_s > 0`` is fixed by the
terms); only the weaker state's condition ``c_s >= c_m [(1 - τ*/c_m)^(-(1 - w_m)/w_m) -
1] / e`` can be broken by a change in capabilities. One capability-sensitive condition
instead of two: Morrow's prediction that asymmetric alliances last longer.

The spec compiles to a 3x3 normal-form formation game (each state proposes ``Stay
out``, ``Symmetric alliance`` or ``Asymmetric alliance``; a contract forms when both
propose it; payoffs are the gains ``G``), so every normal-form solver applies; the
figures above are kept in ``info["autonomy_security"]`` for the interpretation.

Spec shape::

    kind: autonomy_security
    players: [United States, Japan]
    capabilities: [us_capability, japan_capability]
    security_weights: [us_security_weight, japan_security_weight]
    commitment_costs: [us_commitment_cost, japan_commitment_cost]
    efficiency: efficiency

References
----------
Morrow, J. D. (1991). Alliances and asymmetry: an alternative to the capability
aggregation model of alliances. *American Journal of Political Science* 35(4), 904-933.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import GameError
from ..games.normal import NormalFormGame
from .context import SpecContext
from .public_goods import family_info, python_number

__all__ = ["compile_autonomy_security", "symmetric_gain", "asymmetric_range", "strong_gain",
           "weak_gain", "symmetric_partner_floor", "weak_partner_floor", "contract_analysis",
           "STRATEGIES"]

KEYS = {"name", "description", "references", "kind", "parameters", "notes", "history",
        "players", "capabilities", "security_weights", "commitment_costs", "efficiency"}
STRATEGIES = ("Stay out", "Symmetric alliance", "Asymmetric alliance")
OUTCOMES = {1: "symmetric alliance (security for security)",
            2: "asymmetric alliance (autonomy for security)"}


def symmetric_gain(c_i: float, c_j: float, w_i: float, k_i: float, e: float) -> float:
    """``G_i = w_i ln(1 + e c_j / c_i) + (1 - w_i) ln(1 - k_i / c_i)``.

    >>> round(symmetric_gain(10, 10, 0.5, 1, 0.5), 6)  # 0.5 ln 1.5 + 0.5 ln 0.9
    0.150052
    """
    return w_i * math.log1p(e * c_j / c_i) + (1 - w_i) * math.log1p(-k_i / c_i)


def asymmetric_range(c_s: float, c_m: float, w_m: float, k_s: float, e: float
                     ) -> tuple[float, float]:
    """``(τ_min, τ_max) = (k_s, c_m [1 - (1 + e c_s/c_m)^(-w_m/(1-w_m))])``."""
    return k_s, c_m * (1 - (1 + e * c_s / c_m) ** (-w_m / (1 - w_m)))


def strong_gain(c_s: float, tau: float, w_s: float, k_s: float) -> float:
    """``G_s = (1 - w_s) ln(1 + (τ - k_s) / c_s)``."""
    return (1 - w_s) * math.log1p((tau - k_s) / c_s)


def weak_gain(c_s: float, c_m: float, tau: float, w_m: float, e: float) -> float:
    """``G_m = w_m ln(1 + e c_s / c_m) + (1 - w_m) ln(1 - τ / c_m)`` (``τ < c_m``)."""
    return w_m * math.log1p(e * c_s / c_m) + (1 - w_m) * math.log1p(-tau / c_m)


def symmetric_partner_floor(c_i: float, w_i: float, k_i: float, e: float) -> float:
    """The partner capability below which ally ``i`` leaves a symmetric alliance:
    ``c_i [(1 - k_i/c_i)^(-(1 - w_i)/w_i) - 1] / e`` (``G_i = 0`` solved for ``c_j``)."""
    return c_i * ((1 - k_i / c_i) ** (-(1 - w_i) / w_i) - 1) / e


def weak_partner_floor(c_m: float, tau: float, w_m: float, e: float) -> float:
    """The stronger partner's capability below which the weaker state leaves an
    asymmetric alliance at terms ``τ``: ``c_m [(1 - τ/c_m)^(-(1 - w_m)/w_m) - 1] / e``."""
    return c_m * ((1 - tau / c_m) ** (-(1 - w_m) / w_m) - 1) / e


def survival_range(gains: Any, capability: float, *, span: float = 1e4
                   ) -> tuple[float | None, float | None]:
    """The relative shifts ``δ`` of one capability (``c -> (1 + δ) c``, terms and the other
    capability fixed) over which every ``gains(c)`` stays non-negative.

    ``gains`` maps a capability to the tuple of both states' gains. The range is the
    connected interval around ``δ = 0`` (``None`` when the contract does not benefit both
    at ``δ = 0``); an end is ``None`` when no shift up to the factor ``span`` (or down to
    ``1/span``) breaks the deal. Each end is found by scanning a geometric grid of factors
    and bisecting the first sign change of ``min(gains)`` to 1e-12.

    >>> # G(c) = ln(c / 2): non-negative iff c >= 2, so from c = 4 a fall of 50% breaks it
    >>> lo, hi = survival_range(lambda c: (math.log(c / 2),), 4.0)
    >>> round(lo, 9), hi
    (-0.5, None)
    """
    def ok(f: float) -> float:
        try:
            return min(gains(capability * f))
        except (ValueError, ZeroDivisionError):
            return -math.inf

    if ok(1.0) < 0:
        return None, None
    ends: list[float | None] = []
    for direction in (-1, 1):
        last, edge = 1.0, None
        for step in range(1, 401):
            f = span ** (direction * step / 400)
            if ok(f) < 0:
                lo_f, hi_f = (f, last) if direction < 0 else (last, f)
                for _ in range(200):
                    mid = (lo_f + hi_f) / 2
                    good = ok(mid) >= 0
                    if direction < 0:
                        lo_f, hi_f = (lo_f, mid) if good else (mid, hi_f)
                    else:
                        lo_f, hi_f = (mid, hi_f) if good else (lo_f, mid)
                    if hi_f - lo_f < 1e-12 * hi_f:
                        break
                edge = (hi_f if direction < 0 else lo_f) - 1
                break
            last = f
        ends.append(edge)
    return ends[0], ends[1]


def shift_ranges(players: tuple[str, str], c: tuple[float, float],
                 w: tuple[float, float], k: tuple[float, float], e: float, tau: float,
                 strong: int) -> dict[str, Any]:
    """Morrow's durability as a comparative static: for each contract and each state, the
    range of relative shifts of that state's capability (terms fixed) under which the
    contract still benefits both (``[lower, upper]``, ``None``: no bound within a factor
    10^4; ``None`` for the whole range when the contract does not form now).

    A symmetric alliance ends when a shift removes either partner's net gain: the
    partner's security gain ``w_j ln(1 + e c_i/c_j)`` falls with ``c_i`` until it no longer
    covers its commitment cost. In an asymmetric alliance the stronger state's gain
    ``(1 - w_s) ln(1 + (τ - k_s)/c_s)`` is positive for every capability, so the deal
    survives every shift that keeps the weaker state's trade worth it: a fall of the
    stronger's capability to the weaker's floor, or a change of the weaker's own
    capability that makes the concession ``τ`` cost more than the security it buys.
    """
    weak = 1 - strong

    def sym(i: int) -> Any:
        def gains(ci: float) -> tuple[float, float]:
            cc = [c[0], c[1]]
            cc[i] = ci
            return (symmetric_gain(cc[0], cc[1], w[0], k[0], e) if k[0] < cc[0] else -math.inf,
                    symmetric_gain(cc[1], cc[0], w[1], k[1], e) if k[1] < cc[1] else -math.inf)
        return gains

    def asym(i: int) -> Any:
        def gains(ci: float) -> tuple[float, float]:
            cc = [c[0], c[1]]
            cc[i] = ci
            g_weak = (weak_gain(cc[strong], cc[weak], tau, w[weak], e) if tau < cc[weak]
                      else -math.inf)
            return strong_gain(cc[strong], tau, w[strong], k[strong]), g_weak
        return gains

    out: dict[str, Any] = {}
    for kind, make in (("symmetric", sym), ("asymmetric", asym)):
        out[kind] = {}
        for i in (0, 1):
            lo, hi = survival_range(make(i), c[i])
            forms = not (lo is None and hi is None and min(make(i)(c[i])) < 0)
            out[kind][players[i]] = {"lower": lo, "upper": hi} if forms else None
    return out


def contract_analysis(players: tuple[str, str], c: tuple[float, float],
                      w: tuple[float, float], k: tuple[float, float], e: float
                      ) -> dict[str, Any]:
    """Gains, terms and durability of both contracts (the figures of the module doc)."""
    strong = 0 if c[0] >= c[1] else 1
    weak = 1 - strong
    sym = [symmetric_gain(c[i], c[1 - i], w[i], k[i], e) for i in (0, 1)]
    tau_min, tau_max = asymmetric_range(c[strong], c[weak], w[weak], k[strong], e)
    feasible = tau_min <= tau_max
    tau = (tau_min + tau_max) / 2 if feasible else tau_min
    affordable = tau < c[weak]
    asym = [0.0, 0.0]
    asym[strong] = strong_gain(c[strong], tau, w[strong], k[strong])
    # a concession the weaker state cannot make at all: a very large loss, kept finite
    asym[weak] = (weak_gain(c[strong], c[weak], tau, w[weak], e) if affordable
                  else w[weak] * math.log1p(e * c[strong] / c[weak]) - 1e6)
    sym_floors = {players[i]: symmetric_partner_floor(c[i], w[i], k[i], e) for i in (0, 1)}
    weak_floor = weak_partner_floor(c[weak], tau, w[weak], e) if affordable else math.inf
    return {
        "stronger": players[strong],
        "weaker": players[weak],
        "capability_ratio": c[weak] / c[strong],
        "symmetric": {
            "gains": {players[i]: sym[i] for i in (0, 1)},
            "forms": min(sym) > 0,
            "partner_capability_floor": sym_floors,
            "margins": {players[i]: 1 - sym_floors[players[i]] / c[1 - i] for i in (0, 1)},
            "capability_sensitive_conditions": 2,
        },
        "asymmetric": {
            "gains": {players[i]: asym[i] for i in (0, 1)},
            "forms": feasible and affordable and min(asym) > 0,
            "terms_range": (tau_min, tau_max),
            "autonomy_transfer": tau,
            "autonomy_transfer_share": tau / c[weak],
            "partner_capability_floor": {players[weak]: weak_floor},
            "margins": {players[weak]: 1 - weak_floor / c[strong]},
            "capability_sensitive_conditions": 1,
        },
        "capability_shifts": shift_ranges(players, c, w, k, e, tau, strong),
    }


def compile_autonomy_security(ctx: SpecContext) -> NormalFormGame:
    """Build the formation game of a Morrow (1991) autonomy-security spec."""
    ctx.check_keys((), KEYS, "an autonomy_security spec")
    players = ctx.name_list(("players",), "the two states", count=2,
                            default=["Stronger state", "Weaker state"])
    values: dict[str, tuple[float, float]] = {}
    for key in ("capabilities", "security_weights", "commitment_costs"):
        raw = ctx.get((key,))
        if not isinstance(raw, list) or len(raw) != 2:
            raise ctx.error((key,) if key in ctx.data else (),
                            f"'{key}' must be a list of two expressions (one per state)")
        values[key] = (float(python_number(ctx.number((key, 0)))),
                       float(python_number(ctx.number((key, 1)))))
    if "efficiency" not in ctx.data:
        raise ctx.error((), "missing key 'efficiency' (share of an ally's capability its "
                            "commitment adds to the partner's security)")
    e = float(python_number(ctx.number(("efficiency",))))
    c, w, k = values["capabilities"], values["security_weights"], values["commitment_costs"]
    for i in (0, 1):
        if c[i] <= 0:
            raise ctx.error(("capabilities", i), f"capability must be positive, found {c[i]}")
        if not 0 < w[i] < 1:
            raise ctx.error(("security_weights", i),
                            f"a security weight must lie in (0, 1), found {w[i]}")
        if not 0 <= k[i] < c[i]:
            raise ctx.error(("commitment_costs", i), f"a commitment cost must lie in "
                                                     f"[0, capability {c[i]}), found {k[i]}")
    if e <= 0:
        raise ctx.error(("efficiency",), f"efficiency must be positive, found {e}")
    pair = (players[0], players[1])
    analysis = contract_analysis(pair, c, w, k, e)
    payoffs = [[[0.0] * 3 for _ in range(3)] for _ in range(2)]
    outcomes: dict[tuple[int, ...], str] = {}
    for a in range(3):
        for b in range(3):
            if a == b and a > 0:
                kind = "symmetric" if a == 1 else "asymmetric"
                for i in (0, 1):
                    payoffs[i][a][b] = analysis[kind]["gains"][pair[i]]
                outcomes[(a, b)] = OUTCOMES[a]
            else:
                outcomes[(a, b)] = "no alliance"
    try:
        return NormalFormGame.from_payoff_array(
            payoffs, players=list(pair), strategies=[list(STRATEGIES)] * 2,
            name=str(ctx.data.get("name", "") or (ctx.filename or "autonomy-security game")),
            outcomes=outcomes,
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=family_info(ctx, autonomy_security={
                **analysis, "capabilities": dict(zip(pair, c, strict=True)),
                "security_weights": dict(zip(pair, w, strict=True)),
                "commitment_costs": dict(zip(pair, k, strict=True)), "efficiency": e}),
        )
    except GameError as exc:
        raise ctx.error((), str(exc)) from None
