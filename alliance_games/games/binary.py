"""Symmetric n-player games with two actions: volunteer's dilemma, binary public goods.

In a *symmetric binary game* every player chooses action 0 ("act": volunteer,
contribute, restrain) or action 1 ("abstain": free-ride, defect, arm), and a player's
payoff depends only on its own action and on ``k``, the number of *other* players who
act: ``act_payoffs[k]`` and ``abstain_payoffs[k]`` for ``k = 0, ..., n-1``. Such a game
is stored as an ordinary :class:`~alliance_games.games.normal.NormalFormGame` (so every
normal-form solver applies) whose ``info["symmetric_binary"]`` keeps the two payoff
sequences for the symmetric closed forms of :mod:`alliance_games.solvers.nplayer.symmetric`.

Constructors:

- :func:`volunteers_dilemma` (Diekmann 1985): acting costs ``c`` and provides the public
  good ``b > c`` to all; it is provided if at least one player acts.
- :func:`linear_public_good` (the n-player prisoner's dilemma of arms control):
  ``u_i = -x_i + r Σ_j x_j / n`` with ``x_i ∈ {0, 1}``, ``1 < r < n``.
- :func:`binary_symmetric_game`: any payoff sequences (e.g. an n-state arms race with an
  assurance structure).

References
----------
Diekmann, A. (1985). Volunteer's dilemma. *Journal of Conflict Resolution* 29(4),
605-610.
Schelling, T. C. (1973). Hawks, doves, and dragons: binary choices with externalities.
*Journal of Conflict Resolution* 17(3), 381-428.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from math import comb
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError
from ..numbers import binary_fraction
from .normal import NormalFormGame

if TYPE_CHECKING:  # imported where used: building a game needs no sympy
    import sympy

__all__ = [
    "binary_symmetric_game",
    "volunteers_dilemma",
    "linear_public_good",
    "binary_payoff_sequences",
    "symmetric_mixed_probabilities",
    "rational_symmetric_probabilities",
]


def binary_symmetric_game(
    n: int,
    act_payoffs: Sequence[Any],
    abstain_payoffs: Sequence[Any],
    *,
    players: Sequence[str] | None = None,
    actions: Sequence[str] = ("Act", "Abstain"),
    outcome: Callable[[int], str | None] | None = None,
    name: str = "",
    parameters: Mapping[str, Any] | None = None,
    info: Mapping[str, Any] | None = None,
) -> NormalFormGame:
    """Expand payoff sequences indexed by the number of other actors into a normal form.

    Parameters
    ----------
    n
        Number of players (at least 2).
    act_payoffs, abstain_payoffs
        ``n`` payoffs each: the payoff of acting / abstaining when ``k`` others act.
    players
        Player names (default ``Ally 1 .. Ally n``).
    actions
        Names of action 0 (act) and action 1 (abstain).
    outcome
        ``outcome(m)``: the label of a profile in which ``m`` players act in total.

    Examples
    --------
    >>> g = volunteers_dilemma(3, benefit=4, cost=1)
    >>> g.payoff_vector((0, 1, 1))
    (Fraction(3, 1), Fraction(4, 1), Fraction(4, 1))
    """
    if n < 2:
        raise GameError(f"a symmetric n-player game needs at least 2 players, found {n}")
    if len(act_payoffs) != n or len(abstain_payoffs) != n:
        raise GameError(
            f"{n} players need {n} payoffs per action (0..{n - 1} others acting), found "
            f"{len(act_payoffs)} and {len(abstain_payoffs)}"
        )
    if players is None:
        players = [f"Ally {i + 1}" for i in range(n)]
    if len(players) != n:
        raise GameError(f"{n} players but {len(players)} names")
    payoffs = np.empty((n,) + (2,) * n, dtype=object)
    outcomes: dict[tuple[int, ...], str] = {}
    for profile in itertools.product(range(2), repeat=n):
        acting = sum(1 for a in profile if a == 0)
        for i, a in enumerate(profile):
            others = acting - (1 if a == 0 else 0)
            payoffs[(i, *profile)] = act_payoffs[others] if a == 0 else abstain_payoffs[others]
        if outcome is not None:
            label = outcome(acting)
            if label:
                outcomes[profile] = label
    meta = dict(info or {})
    meta["symmetric_binary"] = {
        "act_payoffs": tuple(act_payoffs),
        "abstain_payoffs": tuple(abstain_payoffs),
        "actions": tuple(actions),
    }
    return NormalFormGame.from_payoff_array(
        payoffs,
        players=list(players),
        strategies=[list(actions)] * n,
        name=name,
        outcomes=outcomes,
        parameters=parameters,
        info=meta,
    )


def volunteers_dilemma(
    n: int,
    benefit: Any,
    cost: Any,
    *,
    players: Sequence[str] | None = None,
    actions: Sequence[str] = ("Volunteer", "Abstain"),
    name: str = "volunteer's dilemma",
    parameters: Mapping[str, Any] | None = None,
    info: Mapping[str, Any] | None = None,
) -> NormalFormGame:
    """Diekmann's volunteer's dilemma: the good ``b`` needs one volunteer, who pays ``c``.

    Acting pays ``b - c`` whatever the others do; abstaining pays ``b`` if someone else
    acts and ``0`` if no one does. Outcome labels: ``no ally acts``, ``one ally acts``,
    ``several allies act``.
    """
    if not 0 < cost < benefit:
        raise GameError(
            f"the volunteer's dilemma needs 0 < cost < benefit, found cost {cost}, "
            f"benefit {benefit}"
        )
    act = [benefit - cost] * n
    abstain = [0] + [benefit] * (n - 1)

    def label(acting: int) -> str:
        return "no ally acts" if acting == 0 else (
            "one ally acts" if acting == 1 else "several allies act"
        )

    meta = dict(info or {})
    meta["volunteers_dilemma"] = {"benefit": benefit, "cost": cost, "n": n}
    return binary_symmetric_game(
        n, act, abstain, players=players, actions=actions, outcome=label, name=name,
        parameters=parameters, info=meta,
    )


def linear_public_good(
    n: int,
    multiplier: Any,
    *,
    players: Sequence[str] | None = None,
    actions: Sequence[str] = ("Cooperate", "Defect"),
    labels: Mapping[str, str] | None = None,
    name: str = "linear public good",
    parameters: Mapping[str, Any] | None = None,
    info: Mapping[str, Any] | None = None,
) -> NormalFormGame:
    """The n-player prisoner's dilemma ``u_i = -x_i + r Σ_j x_j / n``, ``x_i ∈ {0, 1}``.

    Cooperating when ``k`` others cooperate pays ``r (k+1)/n - 1``; defecting pays
    ``r k / n``. Defection is dominant iff ``r < n``; all-cooperate beats all-defect iff
    ``r > 1``. ``labels`` may rename ``mutual cooperation``, ``mutual defection`` and
    ``partial cooperation``.
    """
    from fractions import Fraction

    r = multiplier
    if isinstance(r, int):
        r = Fraction(r)
    act = [r * (k + 1) / n - 1 for k in range(n)]
    abstain = [r * k / n for k in range(n)]
    names = {
        "mutual cooperation": "mutual cooperation",
        "mutual defection": "mutual defection",
        "partial cooperation": "partial cooperation",
    }
    names.update(labels or {})

    def label(acting: int) -> str:
        if acting == n:
            return names["mutual cooperation"]
        return names["mutual defection"] if acting == 0 else names["partial cooperation"]

    meta = dict(info or {})
    meta["linear_public_good"] = {"n": n, "multiplier": multiplier}
    return binary_symmetric_game(
        n, act, abstain, players=players, actions=actions, outcome=label, name=name,
        parameters=parameters, info=meta,
    )


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
    import sympy

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


def rational_symmetric_probabilities(
    act: tuple[Any, ...], abstain: tuple[Any, ...]
) -> tuple[list[Fraction], bool] | None:
    """:func:`symmetric_mixed_probabilities` in Fractions when every root of ``D`` in
    ``(0, 1)`` is rational; ``None`` otherwise (or for payoffs that are not rational).

    ``D``'s coefficients in powers of ``p`` are exact; its square-free part
    ``D / gcd(D, D')`` has the same roots, each simple. Candidate roots are the real
    roots of that float polynomial in ``[0, 1]`` rounded to fractions (denominator at
    most ``10^6``), kept when it vanishes there exactly, and divided out. The quotient
    has no root left in ``(0, 1)`` exactly when its Sturm sequence changes sign as often
    at ``0`` as at ``1`` (Sturm 1835: the difference counts its distinct real roots in
    ``(0, 1]``); otherwise an irrational root remains
    and ``None`` sends the caller to sympy's real-root isolation. The values are those
    of :func:`symmetric_mixed_probabilities`, in the same (increasing) order.

    Examples
    --------
    >>> rational_symmetric_probabilities((3, 3, 3), (0, 4, 4))  # volunteer's dilemma
    ([Fraction(1, 2)], False)
    >>> rational_symmetric_probabilities((0, 1, 4), (2, 2, 2)) is None  # (√5 - 1)/2
    True
    """
    if not all(isinstance(v, int | Fraction) and not isinstance(v, bool)
               for v in (*act, *abstain)):
        return None
    n = len(act)
    diff = [Fraction(a) - Fraction(b) for a, b in zip(act, abstain, strict=True)]
    # D(p) = Σ_k C(n-1, k) p^k (1-p)^(n-1-k) diff_k, coefficients of p^0, p^1, ...
    gain = [Fraction(0)] * n
    for k, d in enumerate(diff):
        for j in range(n - k):
            gain[k + j] += comb(n - 1, k) * comb(n - 1 - k, j) * (-1) ** j * d
    if not any(gain):
        return [], True
    values: list[Fraction] = []
    if gain[0] <= 0:
        values.append(Fraction(0))
    rest = _square_free(_trimmed(gain))
    found: list[Fraction] = []
    if len(rest) > 1:
        for z in np.roots([float(c) for c in reversed(rest)]):
            if abs(z.imag) > 1e-6 or not -1e-6 < z.real < 1 + 1e-6:
                continue
            r = Fraction(float(z.real)).limit_denominator(10**6)
            if 0 < r < 1 and r not in found and _value(rest, r) == 0:
                found.append(r)
                rest = _divided(rest, r)
    if _roots_between_0_and_1(rest):
        return None
    values.extend(sorted(found))
    if sum(gain) >= 0:
        values.append(Fraction(1))
    return values, False


def _trimmed(poly: list[Fraction]) -> list[Fraction]:
    """``poly`` (coefficients of ascending powers) without zero leading coefficients."""
    out = list(poly)
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return out


def _value(poly: list[Fraction], x: Fraction) -> Fraction:
    """Horner's rule."""
    out = Fraction(0)
    for c in reversed(poly):
        out = out * x + c
    return out


def _divided(poly: list[Fraction], r: Fraction) -> list[Fraction]:
    """``poly / (p - r)`` for a root ``r`` (synthetic division)."""
    out = [Fraction(0)] * (len(poly) - 1)
    carry = Fraction(0)
    for k in range(len(poly) - 1, 0, -1):
        carry = carry * r + poly[k]
        out[k - 1] = carry
    return out


def _remainder(a: list[Fraction], b: list[Fraction]) -> list[Fraction]:
    """The remainder of ``a`` divided by ``b`` (ascending coefficients)."""
    a = list(a)
    while len(a) >= len(b) and any(a):
        q = a[-1] / b[-1]
        shift = len(a) - len(b)
        for k, c in enumerate(b):
            a[k + shift] -= q * c
        a = _trimmed(a[:-1]) if len(a) > 1 else [Fraction(0)]
    return _trimmed(a)


def _square_free(poly: list[Fraction]) -> list[Fraction]:
    """``poly / gcd(poly, poly')`` (Euclid's algorithm over the rationals)."""
    if len(poly) <= 2:
        return poly
    a, b = poly, _trimmed([k * c for k, c in enumerate(poly)][1:])
    while any(b):
        a, b = b, _remainder(a, b)
    if len(a) == 1:
        return poly
    quotient: list[Fraction] = [Fraction(0)] * (len(poly) - len(a) + 1)
    rest = list(poly)
    for k in range(len(quotient) - 1, -1, -1):
        q = rest[k + len(a) - 1] / a[-1]
        quotient[k] = q
        for j, c in enumerate(a):
            rest[k + j] -= q * c
    return quotient


def _roots_between_0_and_1(poly: list[Fraction]) -> bool:
    """Whether ``poly`` has a real root in ``(0, 1)`` (exact: Sturm's theorem)."""
    poly = _trimmed(poly)
    while len(poly) > 1 and poly[0] == 0:  # a root at 0 is not in (0, 1)
        poly = poly[1:]
    while len(poly) > 1 and _value(poly, Fraction(1)) == 0:
        poly = _divided(poly, Fraction(1))
    if len(poly) <= 1:
        return False
    chain = [poly, [k * c for k, c in enumerate(poly)][1:]]
    while len(chain[-1]) > 1 or chain[-1][0] != 0:
        rem = _remainder(chain[-2], chain[-1])
        if not any(rem):
            break
        chain.append([-c for c in rem])

    def changes(x: Fraction) -> int:
        signs = [v for v in (_value(p, x) for p in chain) if v != 0]
        return sum(1 for u, v in zip(signs, signs[1:], strict=False) if (u > 0) != (v > 0))

    return changes(Fraction(0)) - changes(Fraction(1)) > 0


def _rational(value: Any) -> sympy.Rational:
    """A payoff as a sympy Rational (a float by its exact binary value)."""
    import sympy

    frac = binary_fraction(value) if not isinstance(value, sympy.Basic) else None
    if frac is None:
        return sympy.Rational(value)
    return sympy.Rational(frac.numerator, frac.denominator)
