"""Symmetric equilibria of symmetric two-action n-player games, in closed form.

Let every player choose action 0 ("act") with probability ``p``. With ``a_k`` and
``b_k`` the payoffs of acting and abstaining when ``k`` of the ``n - 1`` others act,

.. math::

    D(p) = Σ_{k=0}^{n-1} \\binom{n-1}{k} p^k (1-p)^{n-1-k} (a_k - b_k)

is the gain from acting. The symmetric profile ``p`` is a Nash equilibrium iff
``D(p) = 0`` for ``0 < p < 1``, ``D(0) ≤ 0`` for ``p = 0`` and ``D(1) ≥ 0`` for
``p = 1``. ``D`` is a polynomial with rational coefficients when the payoffs are
rational, so its roots in ``(0, 1)`` are found exactly (rational or algebraic, sympy's
real-root isolation; when every root is rational, in Fractions without sympy: see
:func:`~alliance_games.games.binary.rational_symmetric_probabilities`); a continuous
``D`` always has a root or a sign at an end point, so
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

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.binary import (
    binary_payoff_sequences,
    rational_symmetric_probabilities,
    symmetric_mixed_probabilities,
)
from ...games.normal import NormalFormGame
from ...numbers import as_sympy

if TYPE_CHECKING:
    import sympy

__all__ = [
    "solve_symmetric",
    "binary_payoff_sequences",
    "symmetric_mixed_probabilities",
    "volunteers_dilemma_mixed",
    "VolunteersDilemmaMix",
    "rational_symmetric_probabilities",
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
        size. With ``exact`` and rational payoffs, ``extra["exact"]`` mirrors these
        figures as exact strings (rationals ``"p/q"``, algebraic numbers in sympy's text,
        e.g. ``"1 - sqrt(10)/5"``) for the JSON ``analysis.exact`` map.
    """
    sequences = binary_payoff_sequences(game)
    if sequences is None:
        raise SolverError(
            "the symmetric solver needs a symmetric game with two actions per player "
            "(payoffs depending only on one's own action and how many others take each)"
        )
    act, abstain = sequences
    rational = rational_symmetric_probabilities(act, abstain)
    values: list[Any]
    values, degenerate = (rational if rational is not None
                          else symmetric_mixed_probabilities(act, abstain))
    diagnostics = [
        "only symmetric equilibria (every player mixing alike) are listed; asymmetric "
        "equilibria may exist: use --method support-enumeration for small games"
    ]
    if degenerate:
        diagnostics.append("acting and abstaining pay the same against any symmetric "
                           "profile: every symmetric profile is an equilibrium")
        values = [Fraction(0), Fraction(1)]
    equilibria = [_symmetric_equilibrium(game, v, exact, tol) for v in values]
    extra: dict[str, Any] = {
        "symmetric_act_probabilities": tuple(float(v) for v in values),
        "gain_from_acting": {
            "act_payoffs": tuple(float(a) for a in act),
            "abstain_payoffs": tuple(float(b) for b in abstain),
        },
    }
    vd = game.info.get("volunteers_dilemma")
    if vd is not None:
        extra.update(_volunteer_analysis(game, vd))
    if exact and game.exact_payoffs is not None:
        exact_figures = _exact_figures(values, act, abstain, vd, n=game.n_players)
        if exact_figures:
            extra["exact"] = exact_figures
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
    game: NormalFormGame, value: Any, exact: bool, tol: float
) -> Equilibrium:
    n = game.n_players
    if isinstance(value, Fraction) or value.is_Rational:
        p = value if isinstance(value, Fraction) else Fraction(int(value.p), int(value.q))
        profile = [(p, 1 - p)] * n
        if exact and game.exact_payoffs is not None:
            return make_equilibrium(game, profile, exact=True, tol=tol)
        return make_equilibrium(game, [(float(p), float(1 - p))] * n, tol=tol)
    import sympy

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
    }



def _exact_number(value: Any) -> Any:
    """A rational ``value`` (int, Fraction or sympy Rational) as a sympy Rational, else
    ``None`` (floats are not exact)."""
    import sympy

    if isinstance(value, int | Fraction) and not isinstance(value, bool):
        return as_sympy(value)
    if isinstance(value, sympy.Basic) and value.is_Rational:
        return value
    return None


def _algebraic_text(value: Any) -> str | None:
    """The exact string of a rational or real algebraic number (``None`` otherwise):
    ``"p/q"`` for rationals, sympy's text (radicals simplified) for the others."""
    import sympy

    value = as_sympy(value) if isinstance(value, int | Fraction) else value
    if not isinstance(value, sympy.Basic) or not value.is_number or value.has(sympy.Float):
        return None
    if value.is_Rational:
        return str(Fraction(int(value.p), int(value.q)))
    if not value.is_real:
        return None
    return str(value) if isinstance(value, sympy.CRootOf) else str(sympy.radsimp(value))


def _texts(values: Any) -> dict[Any, Any] | list[Any] | str | None:
    """``values`` (a number, a sequence or a mapping of numbers) as exact strings."""
    if isinstance(values, dict):
        return {k: _texts(v) for k, v in values.items()}
    if isinstance(values, list | tuple):
        return [_texts(v) for v in values]
    return _algebraic_text(values)


def _exact_figures(
    values: list[sympy.Expr], act: tuple[Any, ...], abstain: tuple[Any, ...], vd: Any,
    n: int,
) -> dict[str, Any]:
    """The exact strings of the symmetric analysis, in the shape of ``extra`` (rational
    payoffs only: the roots of ``D`` are then rational or algebraic)."""
    import sympy

    closed = _volunteer_closed_form(vd, n)
    if closed is not None:
        # the root of D in (0, 1) as sympy isolated it (CRootOf from n = 4 on) is the
        # closed form 1 - (c/b)^(1/(n-1)): state it in radicals
        values = [closed if _is_root(v, closed) else v for v in values]
    out: dict[str, Any] = {
        "symmetric_act_probabilities": _texts(list(values)),
        "gain_from_acting": {
            "act_payoffs": _texts(list(act)),
            "abstain_payoffs": _texts(list(abstain)),
        },
    }
    if vd is not None:
        b, c = _exact_number(vd["benefit"]), _exact_number(vd["cost"])
        if b is not None and c is not None:
            ratio = c / b

            def nobody(m: int) -> sympy.Expr:
                return ratio ** sympy.Rational(m, m - 1)

            q = ratio ** sympy.Rational(1, n - 1)
            sizes = list(range(2, max(n + 4, 8)))
            out["volunteers_dilemma"] = _texts({
                "benefit": b,
                "cost": c,
                "act_probability": 1 - q,
                "abstain_probability": q,
                "probability_no_one_acts": nobody(n),
                "probability_no_one_acts_by_group_size": {m: nobody(m) for m in sizes},
                "limit_as_n_grows": ratio,
                "expected_payoff": b - c,
            })
    return out


def _volunteer_closed_form(vd: Any, n: int) -> sympy.Expr | None:
    """``1 - (c/b)^(1/(n-1))`` for rational ``b``, ``c`` (else ``None``)."""
    import sympy

    if vd is None:
        return None
    b, c = _exact_number(vd["benefit"]), _exact_number(vd["cost"])
    if b is None or c is None or n < 2:
        return None
    return 1 - (c / b) ** sympy.Rational(1, n - 1)


def _is_root(root: sympy.Expr, candidate: sympy.Expr) -> bool:
    """Whether ``candidate`` is the real root ``root`` (a CRootOf), decided exactly: it
    annihilates the root's polynomial and lies in its isolating interval."""
    import sympy

    if not isinstance(root, sympy.CRootOf):
        return False
    try:
        poly = root.poly
        if sympy.expand(poly.as_expr().subs(poly.gens[0], candidate)) != 0:
            return False
        interval = root._get_interval()
        return bool(interval.a <= candidate <= interval.b)
    except (AttributeError, TypeError, ValueError):
        return False
