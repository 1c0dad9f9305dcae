"""``explain`` for the ``crisis_bargaining`` family: closed forms, regions and thresholds.

*Risk-return* (uniform cost ``c_B ~ U[lo, hi]``; :mod:`alliance_games.solvers.crisis.
risk_return` derives it): the interior demand ``x* = p + (hi - c_A)/2`` and
``P(war) = (hi - c_A - 2 lo)/(2 (hi - lo))``, valid iff ``2 lo < hi - c_A < 2 (1 - p)``;
the safe demand ``p + lo`` (no war) iff ``hi - c_A <= 2 lo``; the whole stake iff the
demand bound binds. *Commitment problem* (:mod:`alliance_games.solvers.crisis.
commitment`): preventive war iff ``D s > 1 - p_1 + c_A`` (``D = δ`` for two periods,
``δ/(1 - δ)`` for an infinite horizon) while ``p_2 >= c_A``.

Each formula is printed in the model's letters and, substituted, in the spec's
parameters (sympy, from the expressions the compiler kept in ``info["symbolic"]``).
The *regions as intervals*: for each parameter over its declared ``range`` (the others
at their current values) the boundaries are the real roots of the region conditions'
numerators (polynomials in that parameter), and each piece is named by solving the
model at its points with the family's own solver (exact rationals), so the intervals
agree with ``solve`` by construction. No step simplifies beyond ``expand``/``factor``
of small expressions, so the whole page takes well under a second.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization*
49(3), 379-414.
Powell, R. (2006). War as a commitment problem. *International Organization* 60(1),
169-203.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

import sympy

from ..errors import AllianceGamesError, SolverError
from ..games.crisis import CommitmentGame, CostDistribution, RiskReturnGame
from ..numbers import as_sympy, format_float
from ..solvers.crisis.commitment import commitment_problem
from ..solvers.crisis.risk_return import REGIMES, risk_return

__all__ = ["explain_crisis", "regions", "risk_return_regime_at", "commitment_regime_at"]

#: a parameter without a declared range is mapped over [0, this multiple of its value]
SPAN = 2


def explain_crisis(game: Any) -> str:
    """The ``explain`` page of a crisis-bargaining game."""
    if isinstance(game, RiskReturnGame):
        return _explain_risk_return(game)
    if isinstance(game, CommitmentGame):
        return _explain_commitment(game)
    raise SolverError("explain: not a crisis-bargaining game")


# ------------------------------------------------------------------------ shared steps
def _symbols(game: Any) -> dict[str, Any]:
    return dict(game.info.get("symbolic") or {})


def _values(game: Any) -> dict[Any, Any]:
    return {sympy.Symbol(k): as_sympy(v) for k, v in game.parameters.items()}


def _sym(value: Any) -> Any:
    """A compiled expression (already sympy) or a plain number, as a sympy object; spec
    text never comes here (the compiler parsed it with the restricted parser)."""
    return value if isinstance(value, sympy.Basic) else as_sympy(value)


def _in_parameters(expr: Any) -> str:
    return str(sympy.factor(sympy.expand(expr)))


def _fraction(value: Any) -> Fraction | float:
    value = sympy.nsimplify(value) if isinstance(value, sympy.Float) else value
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return float(value)


def _roots(expr: Any, symbol: Any, lo: Fraction, hi: Fraction) -> list[Fraction | float]:
    """Real roots strictly inside ``(lo, hi)`` of the numerator of ``expr`` in ``symbol``."""
    numer = sympy.numer(sympy.together(sympy.expand(expr)))
    if not numer.has(symbol):
        return []
    try:
        poly = sympy.Poly(numer, symbol)
    except sympy.PolynomialError:
        return []
    if poly.degree() > 4:
        return []
    out = []
    for root in sympy.roots(poly, filter="R"):
        value = _fraction(root)
        if lo < value < hi:
            out.append(value)
    return out


def regions(
    name: str,
    span: tuple[Fraction | float, Fraction | float],
    boundaries: Sequence[Any],
    regime_at: Callable[[Mapping[str, Any]], str],
    current: Mapping[str, Any],
) -> list[tuple[Fraction | float, Fraction | float, bool, bool, str]]:
    """The intervals of ``name`` over ``span`` and the regime on each.

    ``boundaries`` are sympy expressions in the parameter whose roots may separate two
    regimes; the regime is evaluated at every root and between roots (``regime_at``
    gets the parameter values), and equal neighbours are merged. Each interval is
    ``(start, end, start_closed, end_closed, regime)``.
    """
    symbol = sympy.Symbol(name)
    lo, hi = span
    cuts = sorted({r for b in boundaries for r in _roots(b, symbol, Fraction(lo),
                                                         Fraction(hi))})
    points = [lo, *cuts, hi]
    # the pieces {x_0}, (x_0, x_1), {x_1}, ..., {x_n}: (left, right, is_point, regime)
    pieces: list[tuple[Any, Any, bool, str]] = []
    for k, x in enumerate(points):
        pieces.append((x, x, True, regime_at({**current, name: x})))
        if k + 1 < len(points):
            mid = (x + points[k + 1]) / 2
            pieces.append((x, points[k + 1], False, regime_at({**current, name: mid})))
    out: list[list[Any]] = []
    for left, right, is_point, regime in pieces:
        if out and out[-1][4] == regime:
            out[-1][1], out[-1][3] = right, is_point
        else:
            out.append([left, right, is_point, is_point, regime])
    return [(seg[0], seg[1], seg[2], seg[3], seg[4]) for seg in out]


def _interval_text(seg: tuple[Any, Any, bool, bool, str], words: Mapping[str, str]) -> str:
    a, b, left, right, regime = seg
    if a == b:
        where = f"= {_num(a)}"
    else:
        where = f"in {'[' if left else '('}{_num(a)}, {_num(b)}{']' if right else ')'}"
    return f"{where}: {words.get(regime, regime)}"


def _num(value: Any) -> str:
    return str(value) if isinstance(value, Fraction) else format_float(value)


def _span(game: Any, name: str) -> tuple[Any, Any]:
    declared = (game.info.get("parameter_ranges") or {}).get(name)
    if declared is not None:
        return declared
    value = game.parameters[name]
    return (0 * value, SPAN * value) if value > 0 else (SPAN * value, 0 * value)


def _region_lines(game: Any, boundaries: Sequence[Any], regime_at: Callable[..., str],
                  words: Mapping[str, str], letters: Mapping[str, Any]) -> list[str]:
    current = dict(game.parameters)
    used = sorted({str(s) for e in letters.values() for s in _sym(e).free_symbols},
                  key=list(current).index)
    lines = ["Regions as one parameter varies (the others at their current values):"]
    for name in used:
        at_now = {sympy.Symbol(k): as_sympy(v) for k, v in current.items() if k != name}
        bounds = [_sym(b).xreplace(at_now) for b in boundaries]
        segs = regions(name, _span(game, name), bounds, regime_at, current)
        lines.append(f"  {name}: " + "; ".join(_interval_text(s, words) for s in segs))
    return lines


# ------------------------------------------------------------------------ risk-return
_RR_WORDS = {**REGIMES, "invalid": "outside the model (a bound or probability out of range)"}


def risk_return_regime_at(game: RiskReturnGame) -> Callable[[Mapping[str, Any]], str]:
    """``values -> regime`` of the uniform risk-return game at other parameter values."""
    sym = _symbols(game)

    def regime_at(values: Mapping[str, Any]) -> str:
        subs = {sympy.Symbol(k): as_sympy(v) for k, v in values.items()}
        p, c_a, lo, hi = (_fraction(sym[k].xreplace(subs)) for k in
                          ("power", "proposer_cost", "low", "high"))
        try:
            variant = replace(game, power=p, proposer_cost=c_a,
                              responder_cost=CostDistribution.uniform(lo, hi))
            if not 0 <= p <= 1 or c_a < 0:
                return "invalid"
        except AllianceGamesError:
            return "invalid"
        return risk_return(variant).regime

    return regime_at


def _explain_risk_return(game: RiskReturnGame) -> str:
    a, b = game.players
    dist = game.responder_cost
    sol = risk_return(game)
    lines = [f"{game.name}: the risk-return trade-off (crisis_bargaining, Fearon 1995)", ""]
    lines.append(f"Model: {a} demands x of a stake of 1; {b} accepts iff 1 - x >= 1 - p - c_B "
                 f"(its cost of war c_B is private); war gives {a} p - c_A.")
    sym = _symbols(game)
    if dist.kind != "uniform" or not sym:
        lines.append(f"{b}'s cost: {dist.describe()} (no closed form; the optimum is found "
                     "by comparing every type's cutoff exactly).")
        lines += ["", f"Now: {REGIMES[sol.regime]}; demand {_num(sol.demand)}, "
                      f"P(war) {_num(sol.p_war)}."]
        return "\n".join(lines) + "\n"
    p, c_a, lo, hi = (_sym(sym[k]) for k in ("power", "proposer_cost", "low", "high"))
    lines.append(f"  p = {p}, c_A = {c_a}, c_B ~ uniform on [lo, hi] with lo = {lo}, "
                 f"hi = {hi}")
    lines += [
        "",
        "Closed form (U(t) = p + t(1 - F(t)) - c_A F(t), t = x - p the cutoff cost; "
        "U'' = -2/(hi - lo) < 0):",
        f"  interior demand  x* = p + (hi - c_A)/2 = {_in_parameters(p + (hi - c_a) / 2)}",
        f"  offer            1 - x* = {_in_parameters(1 - p - (hi - c_a) / 2)}",
        "  P(war)           = (hi - c_A - 2 lo)/(2 (hi - lo)) = "
        f"{_in_parameters((hi - c_a - 2 * lo) / (2 * (hi - lo)))}",
        "",
        "Regions:",
        f"  whole stake, no war (x = 1, P(war) = 0):  lo >= 1 - p, i.e. "
        f"{sympy.Ge(sympy.expand(lo + p - 1), 0)}",
        f"  safe demand (x = p + lo, P(war) = 0):     hi - c_A <= 2 lo, i.e. "
        f"{sympy.Le(sympy.expand(hi - c_a - 2 * lo), 0)}",
        "  risk-return optimum (interior x*):       2 lo < hi - c_A < 2 (1 - p)",
        "  whole stake, risking war (x = 1, P(war) = (1 - p - lo)/(hi - lo)):  "
        "hi - c_A >= 2 (1 - p) > 2 lo",
        "",
        f"Now: {REGIMES[sol.regime]}; demand {_num(sol.demand)}, offer "
        f"{_num(1 - sol.demand)}, P(war) {_num(sol.p_war)}.",
        "",
    ]
    boundaries = [hi - c_a - 2 * lo, hi - c_a - 2 * (1 - p), lo + p - 1, lo, hi - lo, p,
                  1 - p, c_a]
    lines += _region_lines(game, boundaries, risk_return_regime_at(game), _RR_WORDS,
                           {"p": p, "c_A": c_a, "lo": lo, "hi": hi})
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ commitment
_CP_WORDS = {"preventive_war": "preventive war", "peace": "peaceful settlement",
             "invalid": "outside the model"}


def commitment_regime_at(game: CommitmentGame) -> Callable[[Mapping[str, Any]], str]:
    """``values -> "preventive_war" | "peace" | "invalid"`` at other parameter values."""
    sym = _symbols(game)

    def regime_at(values: Mapping[str, Any]) -> str:
        subs = {sympy.Symbol(k): as_sympy(v) for k, v in values.items()}
        p1, s, ca, cb, d = (_fraction(sym[k].xreplace(subs)) for k in
                            ("power", "power_shift", "cost_declining", "cost_rising",
                             "discount_factor"))
        try:
            variant = CommitmentGame.build(game.players, power=p1, power_shift=s,
                                           costs=[ca, cb], discount_factor=d,
                                           horizon=game.horizon)
        except AllianceGamesError:
            return "invalid"
        return "preventive_war" if commitment_problem(variant).war else "peace"

    return regime_at


def _explain_commitment(game: CommitmentGame) -> str:
    a, b = game.players
    sol = commitment_problem(game)
    sym = _symbols(game)
    p1, s, ca, cb, d = (_sym(sym[k]) for k in
                        ("power", "power_shift", "cost_declining", "cost_rising",
                         "discount_factor"))
    two = game.horizon == 2
    big_h, big_d = (1 + d, d) if two else (1 / (1 - d), d / (1 - d))
    lines = [f"{game.name}: the commitment problem (crisis_bargaining, Fearon 1995; "
             "Powell 2006)", ""]
    horizon = ("2 periods (H = 1 + d, D = d)" if two
               else "infinite (H = 1/(1-d), D = d/(1-d))")
    lines.append(f"Model: {b} (rising) offers {a} (declining) a share each period; {a}'s "
                 f"P(win) falls from p1 to p2 = p1 - s after the first period; horizon "
                 f"{horizon}.")
    lines.append(f"  p1 = {p1}, s = {s}, c_A = {ca}, c_B = {cb}, d = {d}")
    m = 1 - p1 + ca
    gap = sympy.expand(big_d * s - m) if two else sympy.expand(d * s - (1 - d) * m)
    lines += [
        "",
        "Backward induction:",
        f"  after the shift {b} offers x2 = p2 - c_A = {_in_parameters(p1 - s - ca)} "
        "per period (all it can commit to)",
        f"  {a}'s minimum acceptable offer today  x1 = H (p1 - c_A) - D x2 = "
        f"{_in_parameters(big_h * (p1 - ca) - big_d * (p1 - s - ca))}",
        "  the most it can be given today: 1 (the whole stake)",
        "",
        "Threshold (while p2 >= c_A):",
        "  preventive war iff D s > 1 - p1 + c_A"
        + ("" if two else ", i.e. d s > (1 - d)(1 - p1 + c_A)"),
        f"    i.e. {sympy.Gt(gap, 0)}",
        f"  critical shift s* = (1 - p1 + c_A)/D = {_in_parameters(m / big_d)}",
        "  critical discount factor d* = "
        + (f"(1 - p1 + c_A)/s = {_in_parameters(m / s)}" if two else
           f"(1 - p1 + c_A)/(1 - p1 + c_A + s) = {_in_parameters(m / (m + s))}"),
        "  (when p2 < c_A: war iff H (p1 - c_A) > 1; c_B never enters: the rising state "
        "always prefers buying peace but cannot pay enough today)",
        "",
        f"Now: {'preventive war' if sol.war else 'peaceful settlement'}; x1 needed "
        f"{_num(sol.required_offer_today)}, x2 = {_num(sol.offer_after_shift)}.",
        "",
    ]
    boundaries = [big_d * s - m, big_h * (p1 - ca) - 1, p1 - s - ca, p1 - s, 1 - p1, d,
                  1 - d, ca, cb, s]
    lines += _region_lines(game, boundaries, commitment_regime_at(game), _CP_WORDS,
                           {"p1": p1, "s": s, "c_A": ca, "c_B": cb, "d": d})
    return "\n".join(lines) + "\n"
