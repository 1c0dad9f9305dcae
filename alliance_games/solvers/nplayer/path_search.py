"""One Nash equilibrium of an n-player game, fast: small supports, then the logit path.

Four stages, each ending at the first profile that certifies:

1. **Pure profiles** (:func:`.search.pure_profiles`, one vectorised best-response pass).
2. **2x2 sub-games.** In a generic game a mixed equilibrium needs at least two players
   mixing (one player alone is indifferent only under a payoff tie), so the smallest
   mixed supports have two players ``a, b`` mixing two strategies each while the others
   play a pure profile ``r``. Each such support has at most one solution, in closed form:
   with ``A`` and ``B`` the 2x2 payoff tables of ``a`` and ``b`` at ``r``, ``b`` plays its
   second strategy with

   .. math:: q = \\frac{A_{00} - A_{10}}{A_{00} - A_{10} - A_{01} + A_{11}}

   (``a`` indifferent) and ``a`` its second with
   ``p = (B_{00} - B_{01}) / (B_{00} - B_{01} - B_{10} + B_{11})``. Every pair, strategy
   pairs and ``r`` are solved at once (numpy broadcasting) and the two mixers'
   deviations checked in the same arrays; the few profiles left are checked against
   the others' deviations one at a time, and the first that certifies ends the stage.
3. **Logit path, read early.** The principal branch of the logit quantal response
   equilibria (McKelvey & Palfrey 1995; see :mod:`.logit`) is traced from ``λ = 0`` with
   a loose predictor-corrector (pseudo-arclength, Allgower & Georg 1990): along it
   ``ln σ_{ij} - ln σ_{ik} = λ (v_{ij} - v_{ik})``, so strategies off the limit's
   support fall behind exponentially in ``λ`` while those on it keep positive weight.
   After each step up to four *support guesses* ``{j : σ_{ij} ≥ ρ \\max_k σ_{ik}}``
   (``ρ = 10^{-3}, 0.03, 0.15, 0.4``) are read off and, when new (or when ``λ`` has grown
   fourfold since), Newton's method is run on the guessed support's equal-payoff system

   .. math:: v_{ij}(σ) - v_{i j_0}(σ) = 0 \\; (j ∈ S_i), \\qquad Σ_{j ∈ S_i} σ_{ij} = 1

   from the current point, with up to three *repairs*: a negative probability drops
   its strategy, a better reply off the support joins it (or, when that leads back to a
   support already solved, replaces the player's weakest strategy). The path only has
   to come near an equilibrium's support, not converge to it: the end point is exact to
   rounding after Newton's method.
4. **Support search** (:func:`.search.support_search`), every support profile by size,
   when the path ends without a certified point (a safety net: it is what makes the
   method never worse than ``support-search`` at finding an equilibrium).

Every answer is certified as the other n-player methods certify: the float regret
against all pure deviations by :func:`~alliance_games.equilibrium.make_equilibrium`
(relative tolerance ``tol``), and with ``exact`` and rational payoffs the support's
system is re-solved exactly and certified in rationals (:func:`.search._certify`).

Why hand-written: no Python library traces an n-player homotopy (Gambit's ``gnm``,
``ipa`` and ``logit`` are GPL C++ reached through pygambit, which the library may not
import; QuantEcon and nashpy are two-player only). The Jacobian blocks
``∂v_{ij}/∂σ_{kl} = u_i(j, l, σ_{-ik})`` come from a few small matrix products per
player (batched over the players when all have the same number of strategies), and
the linear systems go straight to LAPACK's ``dgesv``: at these sizes the cost is the
number of numpy calls, not arithmetic. numba is not a dependency of the library.

References
----------
McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form
games. *Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.
Allgower, E. L. & Georg, K. (1990). *Numerical Continuation Methods*. Springer.
Porter, R., Nudelman, E. & Shoham, Y. (2008). Simple search methods for finding a Nash
equilibrium. *Games and Economic Behavior* 63(2), 642-662.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from scipy.linalg.lapack import dgesv as _dgesv  # 5x less call overhead than solve

from ...budget import Budget
from ...equilibrium import DEFAULT_TOL, Equilibrium, SolveResult, make_equilibrium
from ...errors import SolverError
from ...games.normal import NormalFormGame
from .search import _certify, pure_profiles, support_search

__all__ = ["path_search", "two_by_two_equilibria", "trace_supports"]

#: relative probabilities below which a strategy is read as off the path's support (each
#: gives one support guess per step)
SUPPORT_RATIOS = (1e-3, 0.03, 0.15, 0.4)
#: precision (payoffs rescaled to [0, 1]) at which the path is abandoned
MAX_LAMBDA = 1e5
#: accepted path steps before the path is abandoned
MAX_STEPS = 400
#: path-following controls: first step, corrector iterations and tolerance, the largest
#: corrector displacement (a multiple of the step) and the smallest cosine between
#: successive tangents of an accepted step, the step's growth after an easy step, and the
#: growth of λ before a support is tried again
FIRST_STEP = 0.3
CORRECTOR_ITERATIONS = 5
CORRECTOR_TOL = 1e-5
DISTANCE = 0.6
ANGLE = 0.9
GROW = 4.0
TARGET = 0.3
RETRY = 4.0
#: the smallest λ recorded for a tried support (no retries while λ is small)
MEMO_FLOOR = 2.0
#: support repairs (drop a negative probability, add a better reply) per Newton attempt
REPAIRS = 3
#: free probabilities of the largest support re-solved exactly under ``exact``
EXACT_FREE_LIMIT = 4
#: float screen (relative to the payoff scale) before make_equilibrium's own check
SCREEN = 1e-7


# ============================================================================ entry point
def path_search(
    game: NormalFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    memory: int | str | None = None,
    progress: Callable[[int, int], None] | None = None,
    tol: float = DEFAULT_TOL,
    budget: Budget | None = None,
) -> SolveResult:
    """One Nash equilibrium: pure profiles, 2x2 sub-games, the logit path, support search.

    Parameters
    ----------
    game
        A normal-form game (any number of players).
    exact
        With rational payoffs, certify in rational arithmetic (the found support's
        system re-solved exactly; when its solution is irrational, or the support has
        more than :data:`EXACT_FREE_LIMIT` free probabilities, the float certificate is
        kept).
    timeout, memory, budget
        Limits; past the deadline the search stops (possibly with no equilibrium).
    progress
        ``progress(done, total)`` once at the end.
    tol
        Float tolerance of the regret check (relative to the payoff scale).

    Returns
    -------
    SolveResult
        ``method="path-search"``, ``complete=False``, at most one equilibrium;
        ``extra["stage"]`` names the stage that found it (``"pure"``, ``"2x2"``,
        ``"logit path"`` or ``"support search"``), ``extra["path_steps"]`` and
        ``extra["final_lambda"]`` describe the path when it was traced.

    Examples
    --------
    >>> from alliance_games.games.binary import volunteers_dilemma
    >>> r = path_search(volunteers_dilemma(3, benefit=4, cost=1), exact=True)
    >>> len(r.equilibria), r.complete, r.extra["stage"]
    (1, False, 'pure')
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError("path search needs a normal-form game")
    budget = budget or Budget.start(timeout, memory)
    payoffs = np.asarray(game.payoffs, dtype=float)
    use_exact = exact and game.exact_payoffs is not None
    diagnostics = [
        "path search finds one equilibrium (pure profiles, 2x2 sub-games, then supports "
        "read off the logit path); other equilibria may exist"
    ]
    extra: dict[str, Any] = {"stage": None}
    found: Equilibrium | None = None
    pure = pure_profiles(payoffs)
    if pure:
        profile = [[1 if s == c else 0 for s in range(m)]
                   for m, c in zip(game.shape, pure[0], strict=True)]
        found = make_equilibrium(game, profile, exact=use_exact, tol=tol)
        extra["stage"] = "pure"
    if found is None and game.n_players >= 2:
        kernel = _Kernel(payoffs)
        for sigma in _two_by_two(kernel.u, SCREEN):
            if _screen(kernel, sigma) <= SCREEN:
                found = _certify_profile(game, sigma, use_exact, tol, diagnostics)
                if found is not None:
                    extra["stage"] = "2x2"
                    break
    if found is None and not budget.expired():
        candidates, info = trace_supports(payoffs, budget=budget)
        extra.update(info)
        for sigma in candidates:
            found = _certify_profile(game, sigma, use_exact, tol, diagnostics)
            if found is not None:
                extra["stage"] = "logit path"
                break
    if found is None and not budget.expired():
        fallback = support_search(game, exact=exact, tol=tol, budget=budget)
        if fallback.equilibria:
            found = fallback.equilibria[0]
            extra["stage"] = "support search"
        diagnostics.extend(d for d in fallback.diagnostics[1:])
    if budget.expired() and found is None:
        diagnostics.append("path search stopped at the time limit")
    if progress is not None:
        progress(1, 1)
    if found is None:
        diagnostics.append("no equilibrium was found")
    return SolveResult(
        game=game,
        method="path-search",
        complete=False,
        equilibria=(found,) if found is not None else (),
        exact=found is not None and found.exact,
        diagnostics=tuple(diagnostics),
        extra=extra,
        requested_method="path-search",
    )


def _certify_profile(game: NormalFormGame, sigma: Sequence[np.ndarray], exact: bool,
                     tol: float, diagnostics: list[str] | None = None) -> Equilibrium | None:
    """Certify a float profile (support read off its positive entries).

    The exact re-solve (sympy, which no deadline can interrupt here) is attempted only
    for supports with at most :data:`EXACT_FREE_LIMIT` free probabilities; past that the
    float certificate is kept and a diagnostic says so.
    """
    supports = tuple(tuple(int(j) for j in np.flatnonzero(row > 0)) for row in sigma)
    free = sum(len(s) - 1 for s in supports)
    if exact and free > EXACT_FREE_LIMIT:
        exact = False
        if diagnostics is not None:
            diagnostics.append(
                f"the equilibrium's support has {free} free probabilities (more than "
                f"{EXACT_FREE_LIMIT}): it is certified in floats, not re-solved exactly")
    return _certify(game, supports, [np.asarray(row, dtype=float) for row in sigma],
                    exact, tol)


# ============================================================================ 2x2 sub-games
def two_by_two_equilibria(payoffs: np.ndarray, *, screen: float = SCREEN
                          ) -> list[list[np.ndarray]]:
    """Every equilibrium in which exactly two players mix two strategies each.

    ``payoffs[i, s_1, ..., s_n]``. For each pair of players ``a < b``, each pair of
    strategies of each and each pure profile ``r`` of the others, the 2x2 sub-game's
    mixed equilibrium (module docstring, stage 2) is computed in closed form; the
    profiles with both probabilities strictly inside ``(0, 1)`` and no pure deviation
    gaining more than ``screen`` (payoffs rescaled to ``[0, 1]``; any player, any
    strategy) are returned as float profiles, in a fixed order (pairs, then strategies,
    then ``r``). Degenerate sub-games (a zero denominator) are skipped.
    """
    kernel = _Kernel(np.asarray(payoffs, dtype=float))
    return [sigma for sigma in _two_by_two(kernel.u, screen)
            if _screen(kernel, sigma) <= screen]


def _screen(kernel: _Kernel, sigma: Sequence[np.ndarray]) -> float:
    """The largest pure-deviation gain at ``σ`` (payoffs of ``kernel``)."""
    flat = np.concatenate(sigma)
    _, v = kernel.contract(flat)
    return kernel.regret(flat, v)


def _two_by_two(u: np.ndarray, screen: float) -> Iterator[list[np.ndarray]]:
    """The 2x2 sub-game solutions in which the two mixing players have no better reply
    (the others' deviations are left to the caller: they are checked only for the few
    profiles that get this far, one contraction each, instead of in every array)."""
    n = u.shape[0]
    shape = u.shape[1:]
    for a, b in itertools.combinations(range(n), 2):
        ma, mb = shape[a], shape[b]
        if ma < 2 or mb < 2:
            continue
        rest = [k for k in range(n) if k not in (a, b)]
        # t[i, x, y, *rest]: player i's payoff with a at x, b at y
        t = np.moveaxis(u[[a, b]], (a + 1, b + 1), (1, 2))
        xa = np.array(list(itertools.combinations(range(ma), 2)))  # (Pa, 2)
        yb = np.array(list(itertools.combinations(range(mb), 2)))  # (Pb, 2)
        ix0, ix1 = xa[:, 0][:, None], xa[:, 1][:, None]
        iy0, iy1 = yb[:, 0][None, :], yb[:, 1][None, :]
        # corner payoffs of both players, shape (2, Pa, Pb, *rest)
        c00, c01 = t[:, ix0, iy0], t[:, ix0, iy1]
        c10, c11 = t[:, ix1, iy0], t[:, ix1, iy1]
        with np.errstate(divide="ignore", invalid="ignore"):
            # b's weight on its second strategy makes a indifferent, and vice versa
            q = (c00[0] - c10[0]) / (c00[0] - c10[0] - c01[0] + c11[0])
            p = (c00[1] - c01[1]) / (c00[1] - c01[1] - c10[1] + c11[1])
        ok = (q > 0) & (q < 1) & (p > 0) & (p < 1)
        if not ok.any():
            continue
        hits = np.argwhere(ok)
        ka, kb = hits[:, 0], hits[:, 1]
        r = tuple(hits[:, 2 + k] for k in range(len(rest)))
        ph, qh = p[ok], q[ok]
        # a's payoff from each of its strategies j: (1-q) u_a(j, y0, r) + q u_a(j, y1, r);
        # the mix is worth its value at x0 (= at x1); likewise for b
        ta = t[0][(slice(None), yb[kb, 0], *r)], t[0][(slice(None), yb[kb, 1], *r)]
        va = (1 - qh) * ta[0] + qh * ta[1]  # (ma, hits)
        good = va.max(axis=0) <= va[xa[ka, 0], np.arange(len(ka))] + screen
        tb = (np.moveaxis(t[1], 1, 0)[(slice(None), xa[ka, 0], *r)],
              np.moveaxis(t[1], 1, 0)[(slice(None), xa[ka, 1], *r)])
        vb = (1 - ph) * tb[0] + ph * tb[1]  # (mb, hits)
        good &= vb.max(axis=0) <= vb[yb[kb, 0], np.arange(len(kb))] + screen
        for h in np.flatnonzero(good):
            sigma = [np.zeros(m) for m in shape]
            sigma[a][xa[ka[h], 0]], sigma[a][xa[ka[h], 1]] = 1 - ph[h], ph[h]
            sigma[b][yb[kb[h], 0]], sigma[b][yb[kb[h], 1]] = 1 - qh[h], qh[h]
            for c, rc in zip(rest, r, strict=True):
                sigma[c][int(rc[h])] = 1.0
            yield sigma


# ============================================================================ contractions
class _Kernel:
    """The payoffs (scaled to ``[0, 1]``) and index bookkeeping of one game.

    Strategies are numbered globally (player ``i``'s ``j``-th is ``offsets[i] + j``); a
    profile is one flat vector ``σ`` of length ``N = Σ m_i``.
    """

    def __init__(self, payoffs: np.ndarray) -> None:
        low, high = float(payoffs.min()), float(payoffs.max())
        self.u = ((payoffs - low) / (high - low) if high > low
                  else np.zeros_like(payoffs, dtype=float))
        self.n = payoffs.shape[0]
        self.shape = tuple(payoffs.shape[1:])
        self.offsets = np.cumsum([0, *self.shape])
        self.size = int(self.offsets[-1])
        self.owner = np.repeat(np.arange(self.n), self.shape)
        #: block indicator: row i sums player i's probabilities
        self.blocks = (self.owner[None, :] == np.arange(self.n)[:, None]).astype(float)
        #: player i's payoffs with its own axis first, the others in game order
        self.others = [[k for k in range(self.n) if k != i] for i in range(self.n)]
        self.ordered = [np.ascontiguousarray(np.moveaxis(self.u[i], i, 0))
                        for i in range(self.n)]
        self.uniform = len(set(self.shape)) == 1 and self.n >= 3
        if self.uniform:
            self.stacked = np.stack(self.ordered)
            self.opponents = np.array(self.others)

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def contract(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``D`` and ``v`` at the flat profile ``σ``.

        ``D[(i, j), (k, l)] = u_i(j, l, σ_{-ik})`` for ``k ≠ i`` (zero blocks on the
        diagonal) is the derivative ``∂v_{ij}/∂σ_{kl}``; ``v[(i, j)] = u_i(j, σ_{-i})``,
        which is ``Σ_l D[(i, j), (k, l)] σ_{kl}`` for every ``k ≠ i``, hence
        ``v = D σ / (n - 1)``. With player ``i``'s array ordered ``(s_i, s_{a_0}, ...,
        s_{a_{n-2}})`` (the others in game order), block ``(i, a_t)`` contracts the axes
        after ``a_t`` from the back (``X @ σ`` contracts the last axis) and those before
        it from the front (``σ @ X`` contracts the second-to-last): ``(n-2)(n+1)/2``
        small matrix products per player instead of ``n - 1`` einsum calls.
        """
        if self.uniform:
            return self._contract_uniform(sigma)
        parts = self.split(sigma)
        off = self.offsets
        d = np.zeros((self.size, self.size))
        for i in range(self.n):
            others = self.others[i]
            x = self.ordered[i]
            last = len(others) - 1
            for t in range(last, -1, -1):
                if t < last:
                    x = x @ parts[others[t + 1]]  # contract a_{t+1}, now the last axis
                block = x
                for r in range(t - 1, -1, -1):
                    block = parts[others[r]] @ block  # a_r is second-to-last
                k = others[t]
                d[off[i]:off[i + 1], off[k]:off[k + 1]] = block
        return d, d @ sigma / (self.n - 1)

    def _contract_uniform(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`contract` when every player has ``m`` strategies: the same products for
        all players at once (batched ``matmul`` over the stacked arrays, row ``i`` of
        ``V_t`` being the strategy of player ``i``'s ``t``-th opponent)."""
        n, m = self.n, self.shape[0]
        vs = sigma.reshape(n, m)[self.opponents]  # (n, n-1, m): V_t = vs[:, t]
        d4 = np.zeros((n, m, n, m))
        x = self.stacked  # (n, m, m, ..., m): n + 1 axes
        last = n - 2
        rows = np.arange(n)
        for t in range(last, -1, -1):
            if t < last:
                # contract the last axis (opponent t + 1) for every player at once
                x = (x.reshape(n, -1, m) @ vs[:, t + 1, :, None]).reshape(x.shape[:-1])
            block = x
            for r in range(t - 1, -1, -1):
                # contract the second-to-last axis (opponent r)
                shape = block.shape
                block = (vs[:, r].reshape(n, 1, 1, m)
                         @ block.reshape(n, -1, m, m)).reshape(*shape[:-2], m)
            d4[rows, :, self.opponents[:, t], :] = block.reshape(n, m, m)
        d = d4.reshape(self.size, self.size)
        return d, d @ sigma / (n - 1)

    def regret(self, sigma: np.ndarray, v: np.ndarray) -> float:
        """Largest pure-deviation gain (scaled payoffs) at ``σ`` with payoffs ``v``."""
        return max(float(vi.max() - vi @ si)
                   for vi, si in zip(self.split(v), self.split(sigma), strict=True))


# ============================================================================ support Newton
def newton_on_support(kernel: _Kernel, supports: Sequence[Sequence[int]],
                      start: np.ndarray, *, iterations: int = 12,
                      screen: float = SCREEN, adjust: int | None = None,
                      memo: dict[tuple[tuple[int, ...], ...], float] | None = None,
                      lam: float = 0.0) -> np.ndarray | None:
    """Newton's method on a support's equal-payoff system from ``start``, with repairs.

    ``supports[i]`` is player ``i``'s support, ``start`` a flat profile. The unknowns
    are the probabilities on the supports; the equations ``v_{ij} - v_{ij_0} = 0``
    (``j ∈ S_i`` after the first, ``j_0``) and ``Σ_{j∈S_i} σ_{ij} = 1``, with exact
    partial derivatives ``∂v_{ij}/∂σ_{kl} = u_i(j, l, σ_{-ik})``
    (:meth:`_Kernel.contract`). When the solution has a negative probability the most
    negative strategy leaves the support; when a strategy off the support pays more,
    the best such strategy joins it; then Newton's method runs again from the solution
    (at most ``adjust`` repairs). Returns the flat profile (zeros off the supports) when
    the probabilities are non-negative and no pure deviation gains more than ``screen``
    (scaled payoffs); ``None`` otherwise. ``memo`` maps the supports already solved
    (along the path, at precision ``λ``) to that ``λ``: a chain reaching one of them
    stops unless ``lam`` has grown :data:`RETRY`-fold since (Newton's method from a
    nearby start converges to the same root).
    """
    sup = [list(s) for s in supports]
    sigma = np.asarray(start, dtype=float)
    seen = {tuple(map(tuple, sup))}
    for _ in range((REPAIRS if adjust is None else adjust) + 1):
        if memo is not None:
            key = tuple(map(tuple, sup))
            if key in memo and lam < RETRY * memo[key]:
                return None
            memo[key] = max(lam, MEMO_FLOOR)
        solved = _newton(kernel, sup, sigma, iterations)
        if solved is None:
            return None
        sigma, v = solved
        cols = np.concatenate([kernel.offsets[i] + np.asarray(s, dtype=int)
                               for i, s in enumerate(sup)])
        worst_col = int(cols[int(np.argmin(sigma[cols]))])
        if sigma[worst_col] < -1e-12:
            i = int(kernel.owner[worst_col])
            sup[i].remove(worst_col - int(kernel.offsets[i]))
            if not sup[i]:
                return None
        else:
            np.maximum(sigma, 0.0, out=sigma)
            sigma /= kernel.blocks.T @ (kernel.blocks @ sigma)
            gains = [float(vi.max() - vi @ si)
                     for vi, si in zip(kernel.split(v), kernel.split(sigma), strict=True)]
            i = int(np.argmax(gains))
            if gains[i] <= screen:
                _, v = kernel.contract(sigma)
                return sigma if kernel.regret(sigma, v) <= screen else None
            best = int(np.argmax(kernel.split(v)[i]))
            sup[i] = sorted({*sup[i], best})
            if tuple(map(tuple, sup)) in seen and len(sup[i]) > 2:
                # adding it leads back to a support already solved (where it came out
                # negative): swap it for the player's weakest strategy instead
                row = kernel.split(sigma)[i]
                weakest = min((j for j in sup[i] if j != best), key=lambda j: row[j])
                sup[i].remove(weakest)
        key = tuple(map(tuple, sup))
        if key in seen:
            return None
        seen.add(key)
    return None


def _newton(kernel: _Kernel, sup: Sequence[Sequence[int]], start: np.ndarray,
            iterations: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Newton's method on the equal-payoff system of ``sup`` (see
    :func:`newton_on_support`): the flat solution (signs unchecked) and its ``v``."""
    off = kernel.offsets
    cols = np.concatenate([off[i] + np.asarray(s, dtype=int) for i, s in enumerate(sup)])
    first = np.concatenate([np.full(len(s) - 1, off[i] + s[0], dtype=int)
                            for i, s in enumerate(sup)])
    rest = np.concatenate([off[i] + np.asarray(s[1:], dtype=int) for i, s in enumerate(sup)])
    sums = kernel.blocks[:, cols]
    nd = len(rest)
    # the difference operator: (diff @ w)[r] = w[rest[r]] - w[first[r]]
    diff = np.zeros((nd, kernel.size))
    diff[np.arange(nd), rest] = 1.0
    diff[np.arange(nd), first] -= 1.0
    jac = np.zeros((len(cols), len(cols)))
    jac[nd:] = sums
    res = np.zeros(len(cols))
    sigma = np.zeros(kernel.size)
    sigma[cols] = np.maximum(start[cols], 1e-6)
    sigma /= kernel.blocks.T @ (kernel.blocks @ sigma)
    previous = np.inf
    for _ in range(iterations):
        d, v = kernel.contract(sigma)
        jac[:nd] = (diff @ d)[:, cols]
        res[:nd] = -(diff @ v)
        res[nd:] = 1.0 - sums @ sigma[cols]
        _, _, step, bad = _dgesv(jac, res)
        if bad:
            return None
        length = float(np.max(np.abs(step)))
        if not np.isfinite(length) or length > 4 * previous + 1e-3:
            return None  # diverging
        previous = length
        sigma[cols] += step
        if length < 1e-11:  # quadratic convergence: the next step would be ~1e-22
            break
        if length < 1e-4 and (sigma[cols].min() < -1e-3 or kernel.regret(sigma, v) > 1e-3):
            # inside Newton's quadratic basin the sign of a probability or of a
            # deviation gain this far from 0 no longer changes: the caller repairs the
            # support (or gives up) the same way as at the converged root
            return sigma, v
        if np.abs(sigma).max() > 10:
            return None
    else:
        if previous > 1e-9:
            return None
    return sigma, kernel.contract(sigma)[1]


# ============================================================================ logit path
def trace_supports(payoffs: np.ndarray, *, budget: Budget | None = None,
                   max_lambda: float = MAX_LAMBDA, max_steps: int = MAX_STEPS
                   ) -> tuple[list[list[np.ndarray]], dict[str, Any]]:
    """Trace the logit QRE principal branch and return the profile its supports give.

    The path ``H(y, λ) = 0`` in log-probabilities ``y`` (see :mod:`.logit`) is followed
    by a pseudo-arclength predictor-corrector with a loose corrector tolerance: only
    the support guesses matter, not the path's accuracy. The step is adapted so that
    the corrector's displacement stays near :data:`TARGET` times the step (it grows
    like the square of the step on a smooth path). After every accepted step the
    support guesses (strategies with at least a :data:`SUPPORT_RATIOS` fraction of
    their player's largest probability) is tried with :func:`newton_on_support` when it is new, or
    when ``λ`` has grown :data:`RETRY`-fold since it was last tried; tracing stops at
    the first solution that passes the float screen. Returns a list of at most one
    profile (a list of per-player arrays; empty when the path ran out) and ``info``
    with ``path_steps`` and ``final_lambda``.
    """
    kernel = _Kernel(payoffs)
    n, size = kernel.n, kernel.size
    off = kernel.offsets
    # the difference rows (i, j) - (i, 0), j >= 1, then one sum row per player
    rest = np.concatenate([np.arange(off[i] + 1, off[i + 1]) for i in range(n)])
    first = np.concatenate([np.full(m - 1, off[i]) for i, m in enumerate(kernel.shape)])
    diff = np.zeros((len(rest), size))
    diff[np.arange(len(rest)), rest] = 1.0
    diff[np.arange(len(rest)), first] = -1.0

    # the augmented Jacobian [∂H; tangent], filled in place: the difference rows, the
    # sum rows, then the tangent row (set by the caller)
    aug = np.zeros((size + 1, size + 1))
    res = np.zeros(size)
    nd = len(rest)

    def system(z: np.ndarray) -> np.ndarray:
        """``H(z)``; fills ``aug[:size]`` with ``∂H(z)``."""
        lam, y = z[-1], z[:-1]
        sigma = np.exp(y)
        d, v = kernel.contract(sigma)
        gap = diff @ v  # v[rest] - v[first]
        aug[:nd, :size] = diff - (lam * (diff @ d)) * sigma
        aug[:nd, size] = -gap
        aug[nd:size, :size] = kernel.blocks * sigma
        res[:nd] = diff @ y - lam * gap
        res[nd:] = kernel.blocks @ sigma - 1.0
        return res

    e_last = np.zeros(size + 1)
    e_last[-1] = 1.0
    x = np.concatenate([np.full(m, -np.log(m)) for m in kernel.shape] + [np.zeros(1)])
    system(x)
    aug[size] = e_last
    t = np.linalg.lstsq(aug, e_last, rcond=None)[0]
    t /= np.linalg.norm(t)
    rhs = np.zeros((size + 1, 2))
    rhs[-1, 1] = 1.0
    info: dict[str, Any] = {"path_steps": 0, "final_lambda": 0.0}
    h = FIRST_STEP
    tried: dict[tuple[tuple[int, ...], ...], float] = {}
    steps = 0
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        while x[-1] < max_lambda and steps < max_steps:
            if budget is not None and budget.expired():
                break
            predicted = x + h * t
            z = predicted
            ok = False
            new_t = t
            for _ in range(CORRECTOR_ITERATIONS):
                res = system(z)
                if not np.all(np.isfinite(res)):
                    break
                rhs[:size, 0] = -res
                rhs[size, 0] = -np.dot(t, z - predicted)
                aug[size] = t
                _, _, sol, bad = _dgesv(aug, rhs)
                if bad:
                    break
                z = z + sol[:, 0]
                new_t = sol[:, 1]
                if not np.all(np.isfinite(z)):
                    break
                if np.max(np.abs(sol[:, 0])) < CORRECTOR_TOL:
                    ok = True
                    break
            if ok:
                norm = float(np.linalg.norm(new_t))
                new_t = new_t / norm if norm > 0 else new_t
                ok = (norm > 0 and float(np.linalg.norm(z - predicted)) <= DISTANCE * h
                      and float(np.dot(new_t, t)) >= ANGLE)
            if not ok:
                h /= 2
                if h < 1e-10:
                    break
                continue
            # the corrector's displacement grows like h^2 near a smooth path: aim it at
            # TARGET * h, never more than GROW times longer or half as long
            ratio = float(np.linalg.norm(z - predicted)) / h
            x, t = z, new_t
            steps += 1
            h = min(h * min(GROW, max(0.5, np.sqrt(TARGET / max(ratio, 1e-9)))), 1e4)
            sigma = np.exp(x[:-1])
            lam = float(x[-1])
            for ratio in SUPPORT_RATIOS:
                guess = tuple(tuple(int(j) for j in np.flatnonzero(s >= ratio * s.max()))
                              for s in kernel.split(sigma))
                last = tried.get(guess)
                if last is None or lam >= RETRY * last:
                    found = newton_on_support(kernel, guess, sigma, memo=tried, lam=lam)
                    if found is not None:
                        info.update(path_steps=steps, final_lambda=lam)
                        return [[row.copy() for row in kernel.split(found)]], info
    info.update(path_steps=steps, final_lambda=float(x[-1]))
    return [], info
