"""Agent logit quantal response equilibrium on trees: sequential-equilibrium candidates.

In an *agent* logit QRE with precision ``λ`` every information set ``h`` of player ``i``
plays each action with probability proportional to the exponential of its expected
payoff given the beliefs that the profile itself induces by Bayes' rule:

.. math::

    b_h(a) = \\frac{\\exp(λ\\, U_h(a))}{Σ_{a'} \\exp(λ\\, U_h(a'))}, \\qquad
    U_h(a) = \\frac{Σ_{v∈h} P_b(v) V_i(v, a)}{Σ_{v∈h} P_b(v)}

(McKelvey & Palfrey 1998). Every profile is completely mixed, so every information set
is reached and every belief is defined; limit points as ``λ → ∞`` are sequential
equilibria, with consistent beliefs at *every* information set, including those off
the equilibrium path (McKelvey & Palfrey 1998, Theorem 4; Kreps & Wilson 1982).

Algorithm
---------
In log-probabilities ``y`` the branch starting at uniform play (``λ = 0``) solves
``H(y, λ) = 0`` with ``H_{h,a} = y_{h,a} - y_{h,0} - λ (U_h(a) - U_h(0))`` and
``Σ_a e^{y_{h,a}} = 1``; it is followed by a predictor-corrector method (tangent from
the SVD null vector of a finite-difference Jacobian, Newton corrector with a
pseudo-arclength condition, adaptive steps; Allgower & Georg 1990). Payoffs are
rescaled to ``[0, 1]``. At the end (``λ`` large) the supports are read off, mixed
probabilities are polished by Newton's method on the indifference conditions, and the
profile is verified as a perfect Bayesian equilibrium by the PBE solver's exact test
(:func:`alliance_games.solvers.signaling.pbe.verify_assessment`): regret 0 against every pure
deviation in every subgame and sequential rationality at every information set. Rational
games are certified in exact arithmetic when the polished numbers are recognised as
small-denominator fractions.

The path finds **one** equilibrium (the one the logit tracing selects): results have
``complete=False``. Use it when the tree is too large for ``--method pbe``.

References
----------
R. D. McKelvey & T. R. Palfrey, "Quantal response equilibria for extensive form games",
*Experimental Economics* 1, 1998, pp. 9-41.
D. M. Kreps & R. Wilson, "Sequential equilibria", *Econometrica* 50(4), 1982.
E. L. Allgower & K. Georg, *Numerical Continuation Methods*, Springer, 1990.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...equilibrium import SolveResult
from ...errors import SolverError
from ...games.extensive import ExtensiveFormGame
from ...numbers import exact_needs_rational, rational_guess
from ..signaling.assessment import node_values, off_path_ranges, verify_assessment
from ..signaling.signals import classify, detect_signaling, event_probabilities
from .behavior import make_behavior_equilibrium
from .sequential import SequentialVerdict, sequential_test

__all__ = ["solve_qre", "trace_agent_qre", "AgentQREPath"]

METHOD = "qre"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AgentQREPath:
    """The end of a traced branch.

    Attributes
    ----------
    lam
        Final precision (on payoffs rescaled to ``[0, 1]``).
    table
        Behavior at the end, one probability array per information set.
    beliefs
        Beliefs at every information set at the end (all are defined: play is mixed).
    steps
        Accepted predictor-corrector steps.
    reached
        Whether ``lam`` reached the requested maximum.
    """

    lam: float
    table: tuple[np.ndarray, ...]
    beliefs: tuple[np.ndarray, ...]
    steps: int
    reached: bool


class _Tree:
    """Float evaluation of conditional action values on a tree."""

    def __init__(self, game: ExtensiveFormGame) -> None:
        self.game = game
        pays = [x for z in game.terminals for x in game.nodes[z].payoffs]
        lo, hi = min(pays), max(pays)
        self.scale = (hi - lo) or 1.0
        self.shift = lo
        self.sizes = [len(s.actions) for s in game.infosets]
        self.offsets = np.cumsum([0, *self.sizes])
        self.n = int(self.offsets[-1])

    def split(self, y: np.ndarray) -> list[np.ndarray]:
        return [y[self.offsets[h]:self.offsets[h + 1]] for h in range(len(self.sizes))]

    def table(self, y: np.ndarray) -> list[np.ndarray]:
        out = []
        for block in self.split(y):
            p = np.exp(block - block.max())
            out.append(p / p.sum())
        return out

    def conditional(self, table: Sequence[np.ndarray]) -> tuple[list[np.ndarray], list]:
        """Rescaled ``U_h(a)`` for every set, and the beliefs used."""
        game = self.game
        rows = [tuple(float(p) for p in t) for t in table]
        values = node_values(game, rows, False)
        reach = game.reach_table(rows, exact=False)
        utilities, beliefs = [], []
        for s in game.infosets:
            w = np.array([reach[v] for v in s.members], dtype=float)
            total = w.sum()
            w = w / total if total > 0 else np.full(len(w), 1.0 / len(w))
            beliefs.append(w)
            u = np.zeros(len(s.actions))
            for k, v in enumerate(s.members):
                for a, c in enumerate(game.nodes[v].children):
                    u[a] += w[k] * (values[c][s.player] - self.shift) / self.scale
            utilities.append(u)
        return utilities, beliefs

    def residual(self, z: np.ndarray) -> np.ndarray:
        y, lam = z[:-1], z[-1]
        table = self.table(y)
        utilities, _ = self.conditional(table)
        out = []
        for block, u in zip(self.split(y), utilities, strict=True):
            out.extend(block[1:] - block[0] - lam * (u[1:] - u[0]))
            out.append(np.exp(block).sum() - 1.0)
        return np.array(out)

    def jacobian(self, z: np.ndarray, h: float = 1e-7) -> np.ndarray:
        base = self.residual(z)
        jac = np.empty((len(base), len(z)))
        for j in range(len(z)):
            step = h * max(1.0, abs(z[j]))
            zz = z.copy()
            zz[j] += step
            jac[:, j] = (self.residual(zz) - base) / step
        return jac


def trace_agent_qre(
    game: ExtensiveFormGame,
    *,
    max_lambda: float = 1e5,
    max_steps: int = 5000,
    deadline: float | None = None,
    progress: Progress | None = None,
) -> AgentQREPath:
    """Follow the principal branch of the agent logit QRE from ``λ = 0``.

    Examples
    --------
    >>> from alliance_games.games.extensive import Decision, Terminal
    >>> g = ExtensiveFormGame.from_tree(Decision("A", {"L": Terminal((1, 0)),
    ...     "R": Terminal((0, 0))}), players=("A", "B"))
    >>> path = trace_agent_qre(g, max_lambda=50)
    >>> round(float(path.table[0][0]), 6)
    1.0
    """
    tree = _Tree(game)
    y0 = np.concatenate([np.full(k, -np.log(k)) for k in tree.sizes])
    z = np.concatenate([y0, [0.0]])
    tangent = None
    step = 0.05
    steps = 0
    while steps < max_steps:
        if deadline is not None and time.monotonic() > deadline:
            break
        jac = tree.jacobian(z)
        _, _, vt = np.linalg.svd(jac)
        t = vt[-1]
        if tangent is None:
            t = t if t[-1] > 0 else -t
        elif np.dot(t, tangent) < 0:
            t = -t
        accepted = False
        for _ in range(30):
            pred = z + step * t
            zc = pred.copy()
            ok = False
            for _ in range(12):
                # a diverging corrector step can push a log-probability past exp's
                # range: that is a failed correction (the step is halved), not a
                # warning for the user
                with np.errstate(over="ignore", invalid="ignore"):
                    r = np.concatenate([tree.residual(zc), [np.dot(t, zc - pred)]])
                    if not np.all(np.isfinite(r)):
                        break
                    if np.max(np.abs(r)) < 1e-10:
                        ok = True
                        break
                    jc = np.vstack([tree.jacobian(zc), t])
                if not np.all(np.isfinite(jc)):
                    break
                try:
                    dz = np.linalg.solve(jc, -r)
                except np.linalg.LinAlgError:
                    break
                zc = zc + dz
                if not np.all(np.isfinite(zc)):
                    break
            if ok and zc[-1] > z[-1] - 10 * step:
                accepted = True
                break
            step *= 0.5
            if step < 1e-10:
                break
        if not accepted:
            break
        z, tangent = zc, t
        steps += 1
        step = min(step * 1.6, max(1.0, z[-1]))
        if progress is not None:
            progress(min(int(z[-1]), int(max_lambda)), int(max_lambda))
        if z[-1] >= max_lambda:
            break
    table = tree.table(z[:-1])
    _, beliefs = tree.conditional(table)
    return AgentQREPath(lam=float(z[-1]), table=tuple(table), beliefs=tuple(beliefs),
                        steps=steps, reached=z[-1] >= max_lambda)


# ---------------------------------------------------------------------- polishing
def _snap(table: Sequence[np.ndarray], threshold: float) -> list[np.ndarray]:
    out = []
    for t in table:
        p = np.where(t < threshold, 0.0, t)
        out.append(p / p.sum())
    return out


def _polish(game: ExtensiveFormGame, table: list[np.ndarray], limit_beliefs: Sequence[Any]
            ) -> list[np.ndarray]:
    """Newton's method on the indifference conditions of the mixed information sets."""
    tree = _Tree(game)
    mixed = [(h, np.flatnonzero(t > 0)) for h, t in enumerate(table) if np.sum(t > 0) > 1]
    if not mixed:
        return table

    def unpack(x: np.ndarray) -> list[np.ndarray]:
        out = [t.copy() for t in table]
        k = 0
        for h, supp in mixed:
            free = x[k:k + len(supp) - 1]
            k += len(supp) - 1
            row = np.zeros(len(out[h]))
            row[supp[1:]] = free
            row[supp[0]] = 1.0 - free.sum()
            out[h] = row
        return out

    def equations(x: np.ndarray) -> np.ndarray:
        tab = unpack(x)
        rows = [tuple(float(p) for p in t) for t in tab]
        values = node_values(game, rows, False)
        reach = game.reach_table(rows, exact=False)
        res = []
        for h, supp in mixed:
            s = game.infosets[h]
            w = np.array([reach[v] for v in s.members])
            w = w / w.sum() if w.sum() > 0 else np.asarray(limit_beliefs[h])
            u = np.array([sum(w[k] * values[game.nodes[v].children[a]][s.player]
                              for k, v in enumerate(s.members)) for a in supp])
            res.extend((u[1:] - u[0]) / tree.scale)
        return np.array(res)

    x = np.concatenate([t[supp[1:]] for (h, supp), t in
                        zip(mixed, [table[h] for h, _ in mixed], strict=True)])
    for _ in range(50):
        f = equations(x)
        if np.max(np.abs(f)) < 1e-14:
            break
        jac = np.empty((len(f), len(x)))
        for j in range(len(x)):
            xx = x.copy()
            xx[j] += 1e-8
            jac[:, j] = (equations(xx) - f) / 1e-8
        try:
            dx = np.linalg.lstsq(jac, -f, rcond=None)[0]
        except np.linalg.LinAlgError:
            break
        x = x + dx
    return unpack(x)


def _rationalise(table: Sequence[np.ndarray], bound: int = 10_000) -> list[tuple[Fraction, ...]]:
    out = []
    for t in table:
        row = [rational_guess(p, bound) for p in t]
        total = sum(row)
        out.append(tuple(p / total for p in row))
    return out


# ---------------------------------------------------------------------- the solver
def _sequential_verdict(game: ExtensiveFormGame, table: Sequence[Any],
                        is_exact: bool) -> SequentialVerdict:
    """The consistency test of the QRE limit; a limit that is only approached (off-path
    mixtures a few digits off) is also tried rounded to small fractions, and a negative
    verdict that may come from that noise is reported as undecided."""
    verdict = sequential_test(game, table, exact=is_exact)
    if verdict.sequential:
        return verdict
    for denominator in (12, 100) if game.is_exact else ():
        rounded = []
        for t in table:
            guess = [Fraction(float(p)).limit_denominator(denominator) for p in t]
            rounded.append(tuple(g / sum(guess) for g in guess))
        if verify_assessment(game, rounded, exact=True) is None:
            continue
        close = sequential_test(game, rounded, exact=True)
        if close.sequential:
            return dataclasses.replace(close, reason=close.reason + " (the limit rounded "
                                       f"to fractions with denominators up to {denominator})")
    return SequentialVerdict(None, "undecided: the QRE limit is approached numerically and "
                             "its off-path beliefs are not consistent as computed; method "
                             "pbe decides it exactly")


def solve_qre(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    timeout: float | None = None,
    progress: Progress | None = None,
    max_lambda: float = 1e5,
) -> SolveResult:
    """One sequential-equilibrium candidate: the limit of the agent logit QRE branch.

    Parameters
    ----------
    game
        A perfect-recall extensive-form game (any number of players, chance moves).
    exact
        Certify in rational arithmetic (rational games; the polished probabilities must
        be recognised as fractions with denominators up to 10,000).
    timeout
        Seconds for the path; a path cut short is still polished and verified.
    progress
        ``progress(λ reached, λ max)``.
    max_lambda
        Precision at which the path stops (payoffs rescaled to ``[0, 1]``).

    Returns
    -------
    SolveResult
        ``method="qre"``, ``complete=False``; at most one equilibrium, with
        ``concept="sequential (logit QRE limit)"``, limit beliefs at every information set
        in ``extra["limit_beliefs"]`` and the PBE labels of :func:`solve_pbe`.
    """
    # long because it validates the options, follows the path, polishes, verifies and
    # assembles the result in one visible sequence; the numerical steps are named
    # functions
    if not isinstance(game, ExtensiveFormGame):
        raise SolverError(f"solve_qre needs an ExtensiveFormGame, got {type(game).__name__}")
    problems = game.perfect_recall_violations()
    if problems:
        raise SolverError("the logit QRE on trees needs perfect recall: " + problems[0])
    if exact and not game.is_exact:
        exact_needs_rational()
    start = time.monotonic()
    deadline = None if timeout is None else start + timeout
    path = trace_agent_qre(game, max_lambda=max_lambda, deadline=deadline, progress=progress)
    diagnostics = [
        f"logit QRE path followed to precision {path.lam:.4g} (payoffs rescaled to [0, 1]) in "
        f"{path.steps} steps" + ("" if path.reached else
                                 " - it stopped before the requested precision"),
        "the logit path selects one equilibrium: other equilibria may exist "
        "(use --method pbe on small trees for all of them)",
    ]
    snapped = _snap(path.table, 1e-3)
    polished = _polish(game, snapped, path.beliefs)
    equilibria = []
    certified_exact = False
    candidates: list[tuple[list[Any], bool]] = []
    if game.is_exact:
        candidates.append((list(_rationalise(polished)), True))
    candidates.append(([tuple(float(p) for p in t) for t in polished], False))
    for table, is_exact in candidates:
        if exact and not is_exact:
            continue
        assessment = verify_assessment(game, table, exact=is_exact)
        if assessment is None:
            continue
        structure = detect_signaling(game)
        tol = 0.0 if is_exact else 1e-9
        label = classify(game, structure, table, tol)
        limit: dict[str, dict[str, dict[str, float]]] = {}
        for h, s in enumerate(game.infosets):
            if len(s.members) > 1:
                limit.setdefault(game.players[s.player], {})[s.name] = {
                    game.nodes[v].name: round(float(p), 9)
                    for v, p in zip(s.members, path.beliefs[h], strict=True)}
        probabilities = event_probabilities(game, table, is_exact)
        extra = {
            "kind": label.kind,
            "description": label.description,
            "lambda": path.lam,
            "limit_beliefs": limit,
            "probabilities": {k: (v if exact else float(v)) for k, v in probabilities.items()},
            "off_path_beliefs": _ranges(game, assessment, exact),
        }
        # the candidate is tested like every pbe class: consistent beliefs (Kreps-Wilson)
        extra.update(_sequential_verdict(game, table, is_exact).as_dict(game))
        out_table = table if exact else [tuple(float(p) for p in t) for t in table]
        eq = make_behavior_equilibrium(
            game, out_table, exact=exact, concept="sequential (logit QRE limit)",
            notes=["limit of the agent logit QRE branch: a sequential-equilibrium candidate "
                   "(McKelvey & Palfrey 1998), verified here as a perfect Bayesian "
                   "equilibrium (regret 0 in every subgame, sequential rationality at every "
                   "information set)"],
            extra=extra,
        )
        equilibria.append(eq)
        certified_exact = is_exact
        break
    if not equilibria:
        diagnostics.append(
            "the end of the path could not be verified as an equilibrium (the path may have "
            "stopped early or turned back at a fold); try a larger timeout"
        )
    elif certified_exact and not exact:
        diagnostics.append("the limit was recognised as a rational profile and certified "
                           "exactly; shown in floating point")
    return SolveResult(
        game=game, method=METHOD, complete=False, equilibria=tuple(equilibria),
        exact=exact and bool(equilibria), diagnostics=tuple(diagnostics),
        extra={"lambda": path.lam, "steps": path.steps,
               "seconds": round(time.monotonic() - start, 6)},
    )


def _ranges(game: ExtensiveFormGame, assessment: Any, exact: bool) -> dict:
    rational = all(isinstance(p, Fraction) for t in assessment.table for p in t)
    return off_path_ranges(game, [assessment], exact and rational)
