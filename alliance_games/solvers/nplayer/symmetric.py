"""Symmetric equilibria of symmetric two-action n-player games, in closed form.

Let every player choose action 0 ("act") with probability ``p``. With ``a_k`` and
``b_k`` the payoffs of acting and abstaining when ``k`` of the ``n - 1`` others act,

.. math::

    D(p) = Σ_{k=0}^{n-1} \\binom{n-1}{k} p^k (1-p)^{n-1-k} (a_k - b_k)

is the gain from acting. The symmetric profile ``p`` is a Nash equilibrium iff
``D(p) = 0`` for ``0 < p < 1``, ``D(0) ≤ 0`` for ``p = 0`` and ``D(1) ≥ 0`` for
``p = 1``. ``D`` is a polynomial with rational coefficients when the payoffs are
rational, so its roots in ``(0, 1)`` are found exactly (rational or algebraic, sympy's
real-root isolation); a continuous ``D`` always has a root or a sign at an end point, so
a symmetric equilibrium exists (Nash 1951).

**Volunteer's dilemma** (Diekmann 1985): ``a_k = b - c`` for all ``k``; ``b_0 = 0``,
``b_k = b`` for ``k ≥ 1``. With ``q = 1 - p`` the probability of abstaining,
``D = (b - c) - b (1 - q^{n-1})``, so ``q^{n-1} = c/b``: each ally abstains with
probability ``q = (c/b)^{1/(n-1)}`` and no one acts with probability
``q^n = (c/b)^{n/(n-1)}``, which *rises* with ``n`` towards ``c/b`` (diffusion of
responsibility).

References
----------
Diekmann, A. (1985). Volunteer's dilemma. *Journal of Conflict Resolution* 29(4),
605-610.
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295
(symmetric games have symmetric equilibria).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import sympy

from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame
from ...numbers import binary_fraction

__all__ = [
    "solve_symmetric",
    "binary_payoff_sequences",
    "symmetric_mixed_probabilities",
    "volunteers_dilemma_mixed",
    "VolunteersDilemmaMix",
]


@dataclass(frozen=True)
class VolunteersDilemmaMix:
    """Closed form of the symmetric mixed equilibrium of the volunteer's dilemma.

    ``abstain`` = ``(c/b)^{1/(n-1)}``; ``volunteer`` = ``1 - abstain``; ``nobody`` =
    ``(c/b)^{n/(n-1)}`` (probability that no one volunteers); ``payoff`` = ``b - c``
    (each ally is indifferent, so it gets the volunteering payoff).
    """

    n: int
    abstain: float
    volunteer: float
    nobody: float
    payoff: float


def volunteers_dilemma_mixed(n: int, benefit: float, cost: float) -> VolunteersDilemmaMix:
    """The symmetric mixed equilibrium of Diekmann's volunteer's dilemma.

    Examples
    --------
    >>> m = volunteers_dilemma_mixed(3, benefit=4, cost=1)
    >>> m.abstain, m.nobody
    (0.5, 0.125)
    """
    if n < 2 or not 0 < cost < benefit:
        raise SolverError("the volunteer's dilemma needs n >= 2 and 0 < cost < benefit")
    ratio = float(cost) / float(benefit)
    q = ratio ** (1.0 / (n - 1))
    return VolunteersDilemmaMix(n, q, 1.0 - q, ratio ** (n / (n - 1)),
                                float(benefit) - float(cost))


def binary_payoff_sequences(
    game: NormalFormGame, tol: float = 1e-12
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """``(a_k, b_k)`` if the game is a symmetric two-action game, else ``None``.

    Checks every profile: each player's payoff must depend only on its own action and on
    how many others choose action 0, identically for all players (exactly when payoffs
    are rational).
    """
    n = game.n_players
    if n < 2 or any(m != 2 for m in game.shape):
        return None
    if len(set(game.strategies)) != 1:
        return None
    source = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    act: list[Any] = [None] * n
    abstain: list[Any] = [None] * n
    for profile in game.profiles_gen():
        acting = sum(1 for a in profile if a == 0)
        for i, a in enumerate(profile):
            k = acting - (1 if a == 0 else 0)
            table = act if a == 0 else abstain
            value = source[(i, *profile)]
            if table[k] is None:
                table[k] = value
            elif not _equal(table[k], value, tol):
                return None
    return tuple(act), tuple(abstain)


def _equal(a: Any, b: Any, tol: float) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(a)))


def symmetric_mixed_probabilities(
    act: Sequence[Any], abstain: Sequence[Any]
) -> tuple[list[sympy.Expr], bool]:
    """Exact symmetric equilibrium probabilities of acting, and whether ``D ≡ 0``.

    Returns the values of ``p`` in ``[0, 1]`` (sympy numbers: rationals or algebraic
    numbers) satisfying the conditions in the module docstring.

    Examples
    --------
    >>> symmetric_mixed_probabilities([3, 3, 3], [0, 4, 4])[0]  # volunteer's dilemma
    [1/2]
    >>> symmetric_mixed_probabilities([0, 1, 4], [2, 2, 2])[0]  # assurance arms race
    [0, -1/2 + sqrt(5)/2, 1]
    """
    n = len(act)
    p = sympy.Symbol("p")
    diff = [_rational(a) - _rational(b) for a, b in zip(act, abstain, strict=True)]
    gain = sympy.expand(
        sum(sympy.binomial(n - 1, k) * p**k * (1 - p) ** (n - 1 - k) * diff[k] for k in range(n))
    )
    if gain == 0:
        return [], True
    values: list[sympy.Expr] = []
    if gain.subs(p, 0) <= 0:
        values.append(sympy.Integer(0))
    poly = sympy.Poly(gain, p)
    for root in poly.real_roots():
        if 0 < root < 1 and root not in values:
            values.append(root)
    if gain.subs(p, 1) >= 0:
        values.append(sympy.Integer(1))
    return values, False


def _rational(value: Any) -> sympy.Rational:
    """A payoff as a sympy Rational (a float by its exact binary value)."""
    frac = binary_fraction(value) if not isinstance(value, sympy.Basic) else None
    if frac is None:
        return sympy.Rational(value)
    return sympy.Rational(frac.numerator, frac.denominator)


def solve_symmetric(
    game: NormalFormGame, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> SolveResult:
    """All symmetric equilibria of a symmetric two-action game (exact closed form).

    Parameters
    ----------
    game
        A symmetric game with two actions per player (see
        :func:`binary_payoff_sequences`); any number of players.
    exact
        Return rational equilibria in Fractions, certified exactly.

    Returns
    -------
    SolveResult
        ``method="symmetric"``; ``complete=True`` for *symmetric* equilibria (the
        diagnostics say that asymmetric ones are not listed). For a volunteer's dilemma
        ``extra`` holds the closed form and the probability that no ally acts by group
        size.
    """
    sequences = binary_payoff_sequences(game)
    if sequences is None:
        raise SolverError(
            "the symmetric solver needs a symmetric game with two actions per player "
            "(payoffs depending only on one's own action and how many others take each)"
        )
    act, abstain = sequences
    values, degenerate = symmetric_mixed_probabilities(act, abstain)
    diagnostics = [
        "only symmetric equilibria (every player mixing alike) are listed; asymmetric "
        "equilibria may exist: use --method support-enumeration for small games"
    ]
    if degenerate:
        diagnostics.append("acting and abstaining pay the same against any symmetric "
                           "profile: every symmetric profile is an equilibrium")
        values = [sympy.Integer(0), sympy.Integer(1)]
    equilibria = [_symmetric_equilibrium(game, v, exact, tol) for v in values]
    extra: dict[str, Any] = {
        "symmetric_act_probabilities": tuple(float(v) for v in values),
        "gain_from_acting": {
            "act_payoffs": tuple(float(a) for a in act),
            "abstain_payoffs": tuple(float(b) for b in abstain),
        },
    }
    predictions = []
    vd = game.info.get("volunteers_dilemma")
    if vd is not None:
        extra.update(_volunteer_analysis(game, vd))
        predictions.extend(extra.pop("predictions"))
    else:
        for v in values:
            if 0 < v < 1:
                predictions.append(
                    f"In the symmetric mixed equilibrium each player chooses "
                    f"{game.strategies[0][0]} with probability {float(v):.4g}"
                    + (f" (= {v})" if not v.is_Rational else "") + "."
                )
    extra["predictions"] = tuple(predictions)
    return SolveResult(
        game=game,
        method="symmetric",
        complete=True,
        equilibria=tuple(equilibria),
        exact=exact and all(eq.exact for eq in equilibria),
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="symmetric",
    )


def _symmetric_equilibrium(
    game: NormalFormGame, value: sympy.Expr, exact: bool, tol: float
) -> Equilibrium:
    n = game.n_players
    if value.is_Rational:
        p = Fraction(int(value.p), int(value.q))
        profile = [(p, 1 - p)] * n
        if exact and game.exact_payoffs is not None:
            return make_equilibrium(game, profile, exact=True, tol=tol)
        return make_equilibrium(game, [(float(p), float(1 - p))] * n, tol=tol)
    p_float = float(sympy.N(value, 30))
    eq = make_equilibrium(game, [(p_float, 1 - p_float)] * n, tol=tol)
    text = str(sympy.radsimp(value)) if not isinstance(value, sympy.CRootOf) else str(value)
    return replace(
        eq,
        notes=(*eq.notes, "irrational probabilities, exact value under analysis['algebraic']"),
        extra={**dict(eq.extra), "algebraic": {"act_probability": text}},
    )


def _volunteer_analysis(game: NormalFormGame, vd: Any) -> dict[str, Any]:
    n = game.n_players
    b, c = float(vd["benefit"]), float(vd["cost"])
    mix = volunteers_dilemma_mixed(n, b, c)
    sizes = list(range(2, max(n + 4, 8)))
    by_size = {m: volunteers_dilemma_mixed(m, b, c).nobody for m in sizes}
    act = game.strategies[0][0]
    predictions = [
        f"In the symmetric mixed equilibrium each of the {n} allies chooses {act} with "
        f"probability {mix.volunteer:.4g} (abstains with probability (c/b)^(1/(n-1)) = "
        f"{mix.abstain:.4g}).",
        f"The probability that no ally acts is (c/b)^(n/(n-1)) = {mix.nobody:.4g}; it rises "
        f"with the size of the alliance (n=2: {by_size[2]:.3g}, n={sizes[-1]}: "
        f"{by_size[sizes[-1]]:.3g}, limit c/b = {c / b:.3g}) - diffusion of responsibility.",
        f"There are also {n} pure equilibria in which exactly one ally acts and the others "
        "free-ride.",
    ]
    return {
        "volunteers_dilemma": {
            "benefit": b,
            "cost": c,
            "act_probability": mix.volunteer,
            "abstain_probability": mix.abstain,
            "probability_no_one_acts": mix.nobody,
            "probability_no_one_acts_by_group_size": by_size,
            "limit_as_n_grows": c / b,
            "expected_payoff": mix.payoff,
        },
        "predictions": predictions,
    }

