"""Logit quantal response equilibrium path following (one equilibrium of larger games).

A *logit quantal response equilibrium* with precision ``λ ≥ 0`` is a profile in which
every player mixes in proportion to the exponentials of its expected payoffs:

.. math:: σ_{ij} = \\frac{\\exp(λ\\, v_{ij}(σ))}{Σ_k \\exp(λ\\, v_{ik}(σ))},

``v_{ij}(σ) = u_i(j, σ_{-i})`` (McKelvey & Palfrey 1995). At ``λ = 0`` the unique QRE is
uniform play; as ``λ → ∞`` the *principal branch* of the QRE correspondence leads, for
generic games, to a Nash equilibrium (it also selects one: the "tracing" limit). In
log-probabilities ``y_{ij} = ln σ_{ij}`` the branch is the solution curve of

.. math::

    H(y, λ) = \\bigl(y_{ij} - y_{i0} - λ (v_{ij} - v_{i0})\\bigr)_{j ≥ 1},\\;
    \\bigl(Σ_j e^{y_{ij}} - 1\\bigr)_i = 0,

``N`` equations in ``N + 1`` unknowns. It is followed by a predictor-corrector method
(Allgower & Georg 1990): the tangent is the null vector of the Jacobian ``∂H`` (from its
SVD), oriented to continue the previous direction; the predictor steps along it; the
corrector is Newton's method on ``H = 0`` plus the pseudo-arclength condition; the step
grows after easy corrections and is halved after failed ones. Payoffs are rescaled to
``[0, 1]`` so that ``λ`` is comparable across games. At the end of the path the support
is read off, the profile is polished by Newton's method on that support's indifference
equations and certified by :func:`~alliance_games.equilibrium.make_equilibrium` (with
``exact=True`` and rational payoffs, re-solved exactly on the support).

The method finds **one** equilibrium: results are marked incomplete.

References
----------
McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form
games. *Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.
Allgower, E. L. & Georg, K. (1990). *Numerical Continuation Methods*. Springer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame
from .supports import equilibria_on_support, polish_profile

__all__ = ["logit_solve", "trace_logit_path", "LogitPath"]


@dataclass(frozen=True)
class LogitPath:
    """Points ``(λ, profile)`` along the principal branch (``λ`` on the rescaled payoffs).

    ``end`` is the last profile; ``steps`` the number of accepted steps; ``reached``
    whether ``λ`` reached ``max_lambda``.
    """

    points: tuple[tuple[float, tuple[tuple[float, ...], ...]], ...]
    end: tuple[tuple[float, ...], ...]
    lam: float
    steps: int
    reached: bool


# ============================================================================ H and its Jacobian
def _normalised(game: NormalFormGame) -> np.ndarray:
    u = np.asarray(game.payoffs, dtype=float)
    low, high = float(u.min()), float(u.max())
    return (u - low) / (high - low) if high > low else np.zeros_like(u)


def _values(u: np.ndarray, sigma: Sequence[np.ndarray], i: int, skip: int | None = None):
    """Contract player ``i``'s payoffs with every other player's strategy except ``skip``."""
    table = u[i]
    for j in reversed(range(len(sigma))):
        if j == i or j == skip:
            continue
        table = np.tensordot(table, sigma[j], axes=([j], [0]))
    return table


def _split(x: np.ndarray, shape: Sequence[int]) -> list[np.ndarray]:
    out, k = [], 0
    for m in shape:
        out.append(x[k:k + m])
        k += m
    return out


def _residual(u: np.ndarray, shape: Sequence[int], x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        return _residual_kernel(u, shape, x)


def _residual_kernel(u: np.ndarray, shape: Sequence[int], x: np.ndarray) -> np.ndarray:
    lam = x[-1]
    logs = _split(x[:-1], shape)
    sigma = [np.exp(y) for y in logs]
    out = []
    for i in range(len(shape)):
        v = _values(u, sigma, i)
        out.extend(logs[i][1:] - logs[i][0] - lam * (v[1:] - v[0]))
        out.append(sigma[i].sum() - 1.0)
    return np.asarray(out)


def _jacobian(u: np.ndarray, shape: Sequence[int], x: np.ndarray) -> np.ndarray:
    # a step whose exponentials overflow is refused by trace_logit_path's finiteness
    # check; the warnings would only reach the user's terminal
    with np.errstate(over="ignore", invalid="ignore"):
        return _jacobian_kernel(u, shape, x)


def _jacobian_kernel(u: np.ndarray, shape: Sequence[int], x: np.ndarray) -> np.ndarray:
    lam = x[-1]
    logs = _split(x[:-1], shape)
    sigma = [np.exp(y) for y in logs]
    offsets = np.cumsum([0, *shape])
    size = int(offsets[-1])
    jac = np.zeros((size, size + 1))
    row = 0
    for i, m in enumerate(shape):
        v = _values(u, sigma, i)
        pair = {}
        for k in range(len(shape)):
            if k != i:
                # pair[k][j, l] = u_i(j, l, σ_{-i,-k}); axes of i and k kept in game order
                table = _values(u, sigma, i, skip=k)
                pair[k] = table if i < k else table.T
        for j in range(1, m):
            jac[row, offsets[i] + j] += 1.0
            jac[row, offsets[i]] -= 1.0
            for k, table in pair.items():
                jac[row, offsets[k]:offsets[k + 1]] = (
                    -lam * (table[j] - table[0]) * sigma[k]
                )
            jac[row, size] = -(v[j] - v[0])
            row += 1
        jac[row, offsets[i]:offsets[i + 1]] = sigma[i]
        row += 1
    return jac


def _tangent(jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    _, _, vt = np.linalg.svd(jac)
    t = vt[-1]
    if previous is None:
        if t[-1] < 0:
            t = -t
    elif np.dot(t, previous) < 0:
        t = -t
    return t / np.linalg.norm(t)


# ============================================================================ tracing
def trace_logit_path(
    game: NormalFormGame,
    *,
    max_lambda: float = 1e4,
    max_steps: int = 5000,
    first_step: float = 0.05,
    max_step: float = 1e3,
    record_every: int = 10,
    budget: Budget | None = None,
) -> LogitPath:
    """Follow the principal branch of the logit QRE correspondence from ``λ = 0``.

    With a ``budget`` the deadline is checked at every step; past it the path ends where
    it is (``reached`` is False).
    """
    shape = game.shape
    if budget is not None:
        # payoffs (float copy, normalised copy) and the contractions of one Jacobian
        size = int(np.prod(game.payoffs.shape))
        budget.require(8 * size * 4 + 8 * sum(shape) ** 2 * 4, "logit path following")
    u = _normalised(game)
    x = np.concatenate([np.full(m, -np.log(m)) for m in shape] + [np.zeros(1)])
    tangent = _tangent(_jacobian(u, shape, x), None)
    h = first_step
    points: list[tuple[float, tuple[tuple[float, ...], ...]]] = [(0.0, _profile(x, shape))]
    steps = 0
    while x[-1] < max_lambda and steps < max_steps:
        if budget is not None and budget.expired():
            break
        predicted = x + h * tangent
        corrected = _correct(u, shape, predicted, tangent)
        accepted = False
        if corrected is not None:
            x_new, iterations = corrected
            new_tangent = _tangent(_jacobian(u, shape, x_new), tangent)
            # reject steps whose correction is large or whose direction turns sharply:
            # both signal a step across a fold, where the path could jump branches
            accepted = (
                float(np.linalg.norm(x_new - predicted)) <= 0.2 * h
                and float(np.dot(new_tangent, tangent)) >= 0.98
            )
        if not accepted:
            h /= 2
            if h < 1e-12:
                break
            continue
        x, tangent = x_new, new_tangent
        steps += 1
        if iterations <= 3:
            h = min(h * 1.5, max_step)
        if steps % record_every == 0:
            points.append((float(x[-1]), _profile(x, shape)))
    points.append((float(x[-1]), _profile(x, shape)))
    return LogitPath(tuple(points), _profile(x, shape), float(x[-1]), steps,
                     bool(x[-1] >= max_lambda))


def _correct(
    u: np.ndarray, shape: Sequence[int], start: np.ndarray, tangent: np.ndarray
) -> tuple[np.ndarray, int] | None:
    x = start.copy()
    for iteration in range(1, 12):
        res = np.r_[_residual(u, shape, x), np.dot(tangent, x - start)]
        jac = np.vstack([_jacobian(u, shape, x), tangent])
        try:
            delta = np.linalg.solve(jac, -res)
        except np.linalg.LinAlgError:
            return None
        x = x + delta
        if not np.all(np.isfinite(x)):
            return None
        if np.max(np.abs(delta)) < 1e-10:
            if np.max(np.abs(_residual(u, shape, x))) < 1e-8:
                return x, iteration
            return None
    return None


def _profile(x: np.ndarray, shape: Sequence[int]) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(p) for p in np.exp(y)) for y in _split(x[:-1], shape))


#: seconds the end point of a path may still be polished when the path itself used up
#: the time limit (polishing a 16-player game's end point can otherwise take half a minute)
POLISH_GRACE = 0.5


# ============================================================================ entry point
def logit_solve(
    game: NormalFormGame,
    *,
    exact: bool = False,
    max_lambda: float = 1e4,
    tol: float = DEFAULT_TOL,
    progress: Callable[[int, int], None] | None = None,
    timeout: float | None = None,
    memory: int | str | None = None,
    budget: Budget | None = None,
) -> SolveResult:
    """One Nash equilibrium by tracing the logit QRE principal branch (incomplete).

    Parameters
    ----------
    game
        A normal-form game (any number of players).
    exact
        With rational payoffs, re-solve the found support exactly and certify it.
    max_lambda
        Precision (on payoffs rescaled to ``[0, 1]``) at which tracing stops.
    tol
        Regret tolerance of the final verification.
    timeout, memory, budget
        Limits (seconds, bytes, or the dispatcher's
        :class:`~alliance_games.budget.Budget`): past the deadline the path stops and
        its end point is polished and verified as usual (or no equilibrium is reported).

    Returns
    -------
    SolveResult
        ``method="logit"``, ``complete=False``, at most one equilibrium; ``extra`` holds
        the final ``λ``, the number of steps and a sample of the path.

    Examples
    --------
    >>> from alliance_games.games.binary import binary_symmetric_game
    >>> g = binary_symmetric_game(3, [0, 1, 4], [2, 2, 2], actions=("Restrain", "Arm"))
    >>> logit_solve(g).equilibria[0].strategies["Ally 1"]["Arm"]
    1.0
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError("logit path following needs a normal-form game")
    budget = budget or Budget.start(timeout, memory)
    path = trace_logit_path(game, max_lambda=max_lambda, budget=budget)
    if progress is not None:
        progress(1, 1)
    diagnostics = [
        "logit path following finds one equilibrium (the limit of the principal branch of "
        "quantal response equilibria); other equilibria may exist"
    ]
    if not path.reached and budget.expired():
        diagnostics.append(
            f"logit path following stopped at the time limit at λ = {path.lam:.3g} (of "
            f"{max_lambda:g}); the end point may be far from an equilibrium"
        )
    elif not path.reached:
        diagnostics.append(
            f"the path was followed to λ = {path.lam:.3g} only (of {max_lambda:g}); the end "
            "point may be far from an equilibrium"
        )
    polish_deadline = None if budget.deadline is None else max(
        budget.deadline, time.monotonic() + POLISH_GRACE)
    equilibrium = _certify(game, path.end, exact, tol, diagnostics, polish_deadline)
    extra: dict[str, Any] = {
        "final_lambda": path.lam,
        "steps": path.steps,
        "path": [
            {"lambda": lam, "profile": [list(row) for row in prof]}
            for lam, prof in path.points[:: max(1, len(path.points) // 20)]
        ],
        "lambda_scale": "payoffs rescaled to [0, 1]",
    }
    return SolveResult(
        game=game,
        method="logit",
        complete=False,
        equilibria=(equilibrium,) if equilibrium is not None else (),
        exact=equilibrium is not None and equilibrium.exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="logit",
    )


def _certify(
    game: NormalFormGame,
    end: Sequence[Sequence[float]],
    exact: bool,
    tol: float,
    diagnostics: list[str],
    deadline: float | None = None,
) -> Equilibrium | None:
    for threshold in (1e-6, 1e-4, 1e-3):
        if deadline is not None and time.monotonic() > deadline:
            diagnostics.append("polishing the end point of the path stopped at the time limit")
            return None
        support_profile = [
            [p if p > threshold * max(row) else 0.0 for p in row] for row in end
        ]
        support_profile = [[p / sum(row) for p in row] for row in support_profile]
        if exact and game.exact_payoffs is not None:
            found = _exact_on_support(game, support_profile)
            if found is not None:
                return found
        polished = polish_profile(game, support_profile, deadline)
        try:
            return make_equilibrium(game, polished, tol=tol)
        except SolverError:
            continue
    diagnostics.append(
        "the end point of the path could not be polished into a verified equilibrium"
    )
    return None


def _exact_on_support(
    game: NormalFormGame, approx: Sequence[Sequence[float]]
) -> Equilibrium | None:
    """Solve the support's indifference system exactly; keep the solution nearest ``approx``."""
    supports = tuple(tuple(j for j, p in enumerate(row) if p > 0) for row in approx)
    candidates = equilibria_on_support(game, supports, exact=True)
    if not candidates:
        return None

    def distance(eq: Equilibrium) -> float:
        return max(
            abs(float(p) - q)
            for row, ref in zip(eq.profile(), approx, strict=True)
            for p, q in zip(row, ref, strict=True)
        )

    return min(candidates, key=distance)
