"""Bargaining over alliance burden shares: Nash bargaining and Rubinstein alternating offers.

**Nash bargaining solution** (Nash 1950). On the linear frontier ``Σ u_i = S`` with
disagreement point ``d``, maximising ``Π (u_i - d_i)^{w_i}`` gives

.. math:: u_i = d_i + \\frac{w_i}{Σ_j w_j}\\,\\bigl(S - Σ_j d_j\\bigr),

which for two allies with equal weights and a unit pie is ``x_i = d_i + (1 - d_1 -
d_2)/2``. If ``S < Σ d_j`` there is no mutually beneficial agreement.

**Rubinstein (1982) alternating offers.** Two allies alternate proposals over the gains
from alliance ``G = S - d_1 - d_2`` (their no-alliance payoffs are what each gets while
bargaining drags on, Binmore, Rubinstein & Wolinsky 1986); a rejected offer costs the
proposer-to-be one round, discounted by ``δ_i``. In the unique subgame-perfect
equilibrium each proposer offers the responder exactly what the responder would get as
next proposer, discounted: with ``x_i`` the proposer's share when ``i`` proposes,
``x_1 = 1 - δ_2 x_2`` and ``x_2 = 1 - δ_1 x_1``, so

.. math:: x_1 = \\frac{1 - δ_2}{1 - δ_1 δ_2}, \\qquad 1 - x_1 = \\frac{δ_2 (1 - δ_1)}{1 - δ_1 δ_2},

agreement is immediate, the more patient ally gets more, and proposing first is an
advantage. Backward induction from a last round ``T`` (where
the proposer takes everything) converges to the same split as ``T → ∞``. With
``δ_i = e^{-r_i Δ}`` and ``Δ → 0`` the proposer's share tends to ``r_2/(r_1 + r_2)``:
the asymmetric Nash solution with weights ``1/r_i``.

Each ally's *cost share* is ``c_i = b_i - u_i``: the part of the alliance's cost ``C``
it pays out of its benefit ``b_i``.

References
----------
Nash, J. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model. *Econometrica* 50(1),
97-109.
Binmore, K., Rubinstein, A. & Wolinsky, A. (1986). The Nash bargaining solution in
economic modelling. *RAND Journal of Economics* 17(2), 176-188.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...equilibrium import Equilibrium, SolveResult
from ...errors import SolverError
from ...games.bargaining import BargainingGame
from ...games.public_goods import Number

__all__ = [
    "solve_bargaining",
    "nash_bargaining_payoffs",
    "rubinstein_shares",
    "rubinstein_finite_horizon",
    "frequent_offers_limit",
    "frequent_offers_limit_exact",
    "METHODS",
]

METHODS = ("auto", "nash-bargaining", "rubinstein")


def nash_bargaining_payoffs(
    surplus: Number, disagreement: Sequence[Number], weights: Sequence[Number] | None = None
) -> tuple[Number, ...] | None:
    """``u_i = d_i + w_i/Σw (S - Σd)``; ``None`` when ``S < Σ d`` (no agreement).

    Examples
    --------
    >>> nash_bargaining_payoffs(Fraction(1), [Fraction(1, 5), Fraction(1, 10)])
    (Fraction(11, 20), Fraction(9, 20))
    """
    gains = surplus - sum(disagreement)
    if gains < 0:
        return None
    if weights is None:
        weights = [1] * len(disagreement)
    total = sum(weights)
    return tuple(d + w * gains / total for d, w in zip(disagreement, weights, strict=True))


def rubinstein_shares(delta_1: Number, delta_2: Number) -> tuple[Number, Number]:
    """Proposer's and responder's shares when ally 1 proposes first.

    Examples
    --------
    >>> rubinstein_shares(Fraction(9, 10), Fraction(4, 5))
    (Fraction(5, 7), Fraction(2, 7))
    """
    first = (1 - delta_2) / (1 - delta_1 * delta_2)
    return first, 1 - first


def rubinstein_finite_horizon(horizon: int, delta_1: Number, delta_2: Number) -> Number:
    """Ally 1's share in the ``horizon``-round game where ally 1 proposes first.

    In the last round the proposer takes all; one round earlier the proposer offers the
    responder its discounted next-round proposer share: ``v_t = 1 - δ_{r(t)} v_{t+1}``,
    ``r(t)`` the responder in round ``t``.
    """
    if horizon < 1:
        raise SolverError("the bargaining horizon must be at least one round")
    share: Number = 1
    for t in range(horizon - 1, 0, -1):
        responder_delta = delta_2 if t % 2 == 1 else delta_1  # round t: ally 1 proposes if odd
        share = 1 - responder_delta * share
    return share


def frequent_offers_limit(delta_1: float, delta_2: float) -> float:
    """``r_2 / (r_1 + r_2)`` with ``r_i = -ln δ_i``: the proposer's share as ``Δ → 0``."""
    r1, r2 = -math.log(float(delta_1)), -math.log(float(delta_2))
    return r2 / (r1 + r2)


def frequent_offers_limit_exact(delta_1: Fraction, delta_2: Fraction) -> Any:
    """:func:`frequent_offers_limit` exactly, for rational discount factors: a sympy number.

    ``ln δ`` is written over the logarithms of the small primes of ``δ``'s numerator and
    denominator (trial division up to 1,000; a larger cofactor stays as one logarithm),
    so commensurable factors cancel to a rational (``δ = 1/4, 1/2`` gives ``1/3``) and
    the others read ``(log(5) - 2*log(2))/(...)``. sympy's ``factorint`` is not used: it
    can take unbounded time on a large numerator.

    Examples
    --------
    >>> frequent_offers_limit_exact(Fraction(1, 4), Fraction(1, 2))
    1/3
    """
    import sympy

    r1, r2 = -_log_rational(delta_1), -_log_rational(delta_2)
    return sympy.cancel(r2 / (r1 + r2))


class ExactLimitText:
    """The text of :func:`frequent_offers_limit_exact`, printed by sympy when first read.

    The limit is a ratio of logarithms that only sympy prints (``(log(5) -
    2*log(2))/(...)``); ``solve`` in text never shows it, so sympy (about 0.25 s to
    import) is loaded only when the JSON ``analysis.exact`` map (or anything else)
    reads the string: ``str()`` of this object, which compares equal to that string.
    """

    def __init__(self, delta_1: Fraction, delta_2: Fraction) -> None:
        self.deltas = (delta_1, delta_2)
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = str(frequent_offers_limit_exact(*self.deltas))
        return self._text

    def __repr__(self) -> str:
        return repr(str(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExactLimitText | str):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def _log_rational(value: Fraction) -> Any:
    import sympy

    def log_int(n: int) -> Any:
        out = sympy.Integer(0)
        for prime in sympy.primerange(2, 1000):
            if n == 1:
                break
            k = 0
            while n % prime == 0:
                n //= prime
                k += 1
            if k:
                out += k * sympy.log(prime)
        return out + sympy.log(n) if n != 1 else out

    return log_int(value.numerator) - log_int(value.denominator)


# ============================================================================ entry point
def solve_bargaining(
    game: BargainingGame, method: str = "auto", exact: bool = False
) -> SolveResult:
    """Divide the alliance surplus: Nash bargaining or Rubinstein alternating offers.

    Parameters
    ----------
    game
        A :class:`~alliance_games.games.bargaining.BargainingGame`.
    method
        ``"nash-bargaining"``, ``"rubinstein"`` (two allies with discount factors), or
        ``"auto"``: Rubinstein when discount factors are given, else Nash bargaining.
    exact
        Report exact Fractions (results are exact whenever the data are rational).

    Returns
    -------
    SolveResult
        One solution (unique; ``complete=True``): payoffs, shares of the gains and cost
        shares in ``Equilibrium.extra``; comparisons and plain-language ``predictions``
        in the result's ``extra``.

    Examples
    --------
    >>> g = BargainingGame.build(["US", "Japan"], benefits=[10, 6], cost=4,
    ...                          discount_factors=[Fraction(9, 10), Fraction(4, 5)])
    >>> r = solve_bargaining(g)
    >>> r.equilibria[0].extra["cost_shares"]["US"]
    Fraction(10, 7)
    """
    if method not in METHODS:
        raise SolverError(
            f"unknown method {method!r} for a bargaining game; use one of {', '.join(METHODS)}"
        )
    if method == "auto":
        method = "rubinstein" if game.discount_factors is not None else "nash-bargaining"
    if method == "rubinstein":
        if game.n_players != 2:
            raise SolverError("Rubinstein bargaining is defined for two allies")
        if game.discount_factors is None:
            raise SolverError("Rubinstein bargaining needs the allies' discount factors")
    nash = nash_bargaining_payoffs(game.surplus, game.disagreement, game.weights)
    is_exact = _all_exact(game)
    if nash is None:
        return _no_agreement(game, method, is_exact)
    if method == "nash-bargaining":
        payoffs = nash
        shares = _shares(game, payoffs)
        equilibrium = _solution(game, payoffs, "nash bargaining solution", is_exact, {})
    else:
        payoffs, shares, residual = _rubinstein(game)
        equilibrium = _solution(
            game, payoffs, "subgame perfect", is_exact,
            {"proposer": game.players[game.proposer], "agreement": "immediate",
             "stationarity_residual": float(residual)},
            regret=float(residual),
        )
    extra = _analysis(game, method, payoffs, shares, nash)
    diagnostics = []
    if exact and not is_exact:
        diagnostics.append("some data are irrational: the solution is shown in floating point")
    return SolveResult(
        game=game,
        method=method,
        complete=True,
        equilibria=(equilibrium,),
        exact=is_exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method=method,
    )


def _all_exact(game: BargainingGame) -> bool:
    values: list[Any] = [game.surplus, *game.disagreement]
    for seq in (game.benefits, game.weights, game.discount_factors):
        values.extend(seq or ())
    return all(isinstance(v, Fraction) for v in values)


def _shares(game: BargainingGame, payoffs: Sequence[Number]) -> tuple[Number, ...]:
    gains = game.gains
    if gains == 0:
        return tuple(0 * g for g in payoffs)
    return tuple((u - d) / gains for u, d in zip(payoffs, game.disagreement, strict=True))


def _rubinstein(game: BargainingGame) -> tuple[tuple[Number, ...], tuple[Number, ...], Number]:
    """Payoffs, shares of the gains and the stationarity residual of the SPE."""
    assert game.discount_factors is not None
    first = game.proposer
    second = 1 - first
    d_first, d_second = game.discount_factors[first], game.discount_factors[second]
    x_first, _ = rubinstein_shares(d_first, d_second)
    x_second_as_proposer, _ = rubinstein_shares(d_second, d_first)
    # one-shot deviation conditions: each proposer leaves the responder exactly its
    # discounted continuation value, so both stationarity equations hold with equality
    residual = max(
        abs(x_first - (1 - d_second * x_second_as_proposer)),
        abs(x_second_as_proposer - (1 - d_first * x_first)),
    )
    shares: list[Number] = [0 * x_first, 0 * x_first]
    shares[first] = x_first
    shares[second] = 1 - x_first
    gains = game.gains
    payoffs = tuple(d + s * gains for d, s in zip(game.disagreement, shares, strict=True))
    return payoffs, tuple(shares), residual


def _solution(
    game: BargainingGame,
    payoffs: Sequence[Number],
    concept: str,
    exact: bool,
    details: dict[str, Any],
    regret: float = 0.0,
) -> Equilibrium:
    extra: dict[str, Any] = {
        "shares_of_gains": dict(zip(game.players, _shares(game, payoffs), strict=True)),
        **details,
    }
    if game.benefits is not None:
        extra["cost_shares"] = {
            p: b - u for p, b, u in zip(game.players, game.benefits, payoffs, strict=True)
        }
        extra["cost_fractions"] = {
            p: (b - u) / game.cost if game.cost else 0 * b
            for p, b, u in zip(game.players, game.benefits, payoffs, strict=True)
        }
    return Equilibrium(
        players=game.players,
        payoffs=dict(zip(game.players, payoffs, strict=True)),
        regret=regret,
        exact=exact,
        outcomes={"alliance formed": Fraction(1) if exact else 1.0},
        concept=concept,
        extra=extra,
    )


def _no_agreement(game: BargainingGame, method: str, exact: bool) -> SolveResult:
    eq = Equilibrium(
        players=game.players,
        payoffs=dict(zip(game.players, game.disagreement, strict=True)),
        regret=0.0,
        exact=exact,
        outcomes={"no alliance": Fraction(1) if exact else 1.0},
        concept="nash bargaining solution" if method == "nash-bargaining" else "subgame perfect",
    )
    return SolveResult(
        game=game, method=method, complete=True, equilibria=(eq,), exact=exact,
        extra={"gains_from_alliance": game.gains},
        requested_method=method,
    )


def _analysis(
    game: BargainingGame,
    method: str,
    payoffs: Sequence[Number],
    shares: Sequence[Number],
    nash: Sequence[Number],
) -> dict[str, Any]:
    players = game.players
    extra: dict[str, Any] = {
        "surplus": game.surplus,
        "gains_from_alliance": game.gains,
        "nash_bargaining_payoffs": dict(zip(players, nash, strict=True)),
    }
    if method != "nash-bargaining":
        extra.update(_rubinstein_analysis(game, shares))
    if game.benefits is not None and game.cost:
        costs = [b - u for b, u in zip(game.benefits, payoffs, strict=True)]
        extra["cost_shares"] = dict(zip(players, costs, strict=True))
    return extra


def _rubinstein_analysis(game: BargainingGame, shares: Sequence[Number]) -> dict[str, Any]:
    """First-mover advantage, the frequent-offers limit and finite-horizon shares."""
    assert game.discount_factors is not None
    first, second = game.proposer, 1 - game.proposer
    d1, d2 = game.discount_factors[first], game.discount_factors[second]
    x_first = shares[first]
    x_if_second_proposes = 1 - rubinstein_shares(d2, d1)[0]
    horizons = {t: rubinstein_finite_horizon(t, d1, d2) for t in (1, 2, 3, 10, 50)}
    extra: dict[str, Any] = {
        "proposer_share": x_first,
        "proposer_share_if_other_proposes": x_if_second_proposes,
        "first_mover_advantage": x_first - x_if_second_proposes,
        "frequent_offers_limit_share": frequent_offers_limit(float(d1), float(d2)),
        # floats, as always: the 50-round share has a 100-digit denominator that
        # text reports should not print; its exact string is in ``exact``
        "finite_horizon_shares": {t: float(v) for t, v in horizons.items()},
    }
    if isinstance(d1, Fraction) and isinstance(d2, Fraction):
        # the shares are Fractions (backward induction in rationals) and the limit a
        # ratio of logarithms: strings for the JSON ``exact`` mirror (the limit's printed
        # when read: sympy is not imported for a text report)
        extra["exact"] = {
            "frequent_offers_limit_share": ExactLimitText(d1, d2),
            "finite_horizon_shares": {t: str(v) for t, v in horizons.items()},
        }
    return extra
