"""One equilibrium of a 2-player extensive game: Lemke's algorithm on the sequence form.

The sequence form (Koller, Megiddo & von Stengel 1996) turns the game into a linear
complementarity problem of size linear in the tree. With realization-plan constraints
``Ex = e``, ``Fy = f`` and payoff matrices ``A``, ``B`` (see
:mod:`alliance_games.games.sequence_form`), ``(x, y)`` is an equilibrium iff there are
``p``, ``q`` (unconstrained: the players' values at their information sets) with

.. math::

    x \\ge 0 \\perp E^\\top p - A y \\ge 0, \\qquad
    y \\ge 0 \\perp F^\\top q - B^\\top x \\ge 0, \\qquad Ex = e,\\ Fy = f.

We follow Lemke's algorithm with an extra variable ``z_0`` that blends a *prior* profile
``(x̄, ȳ)`` into what each player responds to, in the manner of the tracing procedure of
von Stengel, van den Elzen & Talman (2002):

.. math::

    Ex + e z_0 = e, \\quad Fy + f z_0 = f, \\quad
    w_x = E^\\top p - A (y + ȳ z_0) \\ge 0 \\perp x, \\quad
    w_y = F^\\top q - B^\\top (x + x̄ z_0) \\ge 0 \\perp y.

At ``z_0 = 1`` both players play (with mass 0) a best response to the prior; the path of
almost-complementary basic solutions that starts there by raising ``x(∅)`` ends where
``z_0`` leaves the basis, i.e. at an equilibrium. ``x``, ``y`` and ``z_0`` stay in a
bounded set, and ``p``, ``q`` are pinned by the tight constraints, so the path cannot end
on a ray. Degeneracy (structural in the sequence form: zero-valued sequences below
unplayed actions) is resolved by a small random perturbation of the right-hand side, drawn
from an explicit seed; the final basis is then re-solved *without* the perturbation, in
floats, or in rationals for ``exact=True`` (an exact certificate of the same basis).

The implementation is a revised method: the basis matrix is kept as a sparse LU
factorisation (SuperLU) updated by product-form eta vectors and refactorised every
``refactor_every`` pivots, so each pivot costs a few sparse triangular solves, not a dense
tableau update. A small problem (up to :data:`~.lemke_pivot.DENSE_ROWS` rows, every
catalog tree) is pivoted on a dense array instead and never imports scipy (whose sparse
and linalg modules cost about 0.2 s to import, more than the whole solve).

References
----------
D. Koller, N. Megiddo & B. von Stengel, "Efficient computation of equilibria for extensive
two-person games", *Games and Economic Behavior* 14, 1996, pp. 247-259.
B. von Stengel, A. van den Elzen & D. Talman, "Computing normal form perfect equilibria for
extensive two-person games", *Econometrica* 70(2), 2002, pp. 693-715.
C. E. Lemke, "Bimatrix equilibrium points and mathematical programming", *Management
Science* 11, 1965, pp. 681-689.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ...errors import SolverError
from ...games.extensive import ExtensiveFormGame
from ...games.sequence_form import CooMatrix, SequenceForm, plan_to_behavior
from ...numbers import exact_needs_rational
from ..kernels.sparse_rational import solve_sparse_rational
from .lemke_pivot import DENSE_ROWS, _lemke_path, _Problem

__all__ = ["LemkeResult", "sequence_form_lemke", "lemke_behavior"]


@dataclass(frozen=True)
class LemkeResult:
    """Realization plans found by the sequence-form Lemke path.

    Attributes
    ----------
    x, y
        Realization plans (floats, or Fractions when ``exact``).
    exact
        True when the plans were certified in rational arithmetic.
    pivots
        Number of complementary pivots.
    seed
        The seed of the perturbation that was used.
    """

    x: tuple[Any, ...]
    y: tuple[Any, ...]
    exact: bool
    pivots: int
    seed: int


def _uniform_plan(game: ExtensiveFormGame, player: int, exact: bool) -> list[Any]:
    """Realization plan of the uniform behavior strategy."""
    one: Any = Fraction(1) if exact else 1.0
    plan = [one] * len(game.sequences[player])
    for h in game.player_infosets[player]:
        k = len(game.infosets[h].actions)
        parent = plan[game.parent_sequence[h]]
        for a in range(k):
            plan[game.sequence_number(h, a)] = parent / k
    return plan


def _payoff_normalisation(game: ExtensiveFormGame) -> tuple[list[Fraction], list[Fraction]]:
    """Per player ``(shift, scale)``: payoffs become ``(u - shift) / scale`` in ``[-2, -1]``.

    Positive affine changes of one player's payoffs keep every equilibrium.
    """
    shifts, scales = [], []
    for i in range(2):
        vals = [node.exact_payoffs[i] if node.exact_payoffs is not None
                else Fraction(node.payoffs[i]) for node in (game.nodes[z] for z in game.terminals)]
        hi, lo = max(vals), min(vals)
        scale = (hi - lo) or Fraction(1)
        shifts.append(hi + scale)
        scales.append(scale)
    return shifts, scales


def _build(sf: SequenceForm, exact_data: bool) -> tuple[_Problem, dict[str, Any]]:
    game = sf.game
    n1, n2 = sf.sizes
    E, F = sf.constraint_coo
    m1, m2 = E.shape[0], F.shape[0]
    shifts, scales = _payoff_normalisation(game)
    keys = list(sf.payoff_entries)
    weights = sf._exact_weights if sf.exact else sf._float_weights
    rows = np.fromiter((k[0] for k in keys), dtype=np.int64, count=len(keys))
    cols = np.fromiter((k[1] for k in keys), dtype=np.int64, count=len(keys))
    w = np.fromiter((float(weights[k]) for k in keys), dtype=float, count=len(keys))
    mats = []
    exact_entries: list[dict[tuple[int, int], Fraction]] = [{}, {}]
    for i in range(2):
        raw = np.fromiter((float(sf.payoff_entries[k][i]) for k in keys), dtype=float,
                          count=len(keys))
        vals = (raw - float(shifts[i]) * w) / float(scales[i])
        if exact_data:
            for k in keys:
                exact_entries[i][k] = (  # type: ignore[index]
                    Fraction(sf.payoff_entries[k][i]) - shifts[i] * Fraction(weights[k])
                ) / scales[i]
        mats.append(CooMatrix.from_entries(rows, cols, vals, (n1, n2)))
    A, B = mats
    xbar = np.array([float(v) for v in _uniform_plan(game, 0, False)])
    ybar = np.array([float(v) for v in _uniform_plan(game, 1, False)])
    a_prior = A.matvec(ybar)
    b_prior = B.rmatvec(xbar)
    N = n1 + n2 + m1 + m2
    c_wx, c_wy, c_x, c_y = 0, n1, n1 + n2, 2 * n1 + n2
    c_p = 2 * n1 + 2 * n2
    c_q, c_z0 = c_p + m1, c_p + m1 + m2
    r_y, r_p, r_q = n1, n1 + n2, n1 + n2 + m1
    Ac, Bc, Ec, Fc = A, B, E, F
    ar1, ar2 = np.arange(n1), np.arange(n2)
    parts = [
        (ar1, c_wx + ar1, np.ones(n1)),                       # w_x
        (Ac.row, c_y + Ac.col, Ac.data),                      # A y
        (Ec.col, c_p + Ec.row, -Ec.data),                     # -E^T p
        (ar1, np.full(n1, c_z0), a_prior),                    # A ȳ z0
        (r_y + ar2, c_wy + ar2, np.ones(n2)),                 # w_y
        (r_y + Bc.col, c_x + Bc.row, Bc.data),                # B^T x
        (r_y + Fc.col, c_q + Fc.row, -Fc.data),               # -F^T q
        (r_y + ar2, np.full(n2, c_z0), b_prior),              # B^T x̄ z0
        (r_p + Ec.row, c_x + Ec.col, Ec.data),                # E x
        (r_q + Fc.row, c_y + Fc.col, Fc.data),                # F y
        (np.array([r_p, r_q]), np.array([c_z0, c_z0]), np.ones(2)),  # e z0, f z0
    ]
    data = np.concatenate([p[2] for p in parts])
    rows_c = np.concatenate([p[0] for p in parts])
    cols_c = np.concatenate([p[1] for p in parts])
    C: Any
    if N <= DENSE_ROWS:  # no coordinate repeats: the parts fill disjoint blocks
        C = np.zeros((N, c_z0 + 1))
        C[rows_c, cols_c] = data
    else:
        import scipy.sparse as sp

        C = sp.csc_matrix((data, (rows_c, cols_c)), shape=(N, c_z0 + 1))
        C.eliminate_zeros()
    rhs0 = np.zeros(N)
    rhs0[r_p] = 1.0
    rhs0[r_q] = 1.0
    problem = _Problem(n1, n2, m1, m2, C, rhs0, E, F, A, B, a_prior, b_prior)
    exact_info = {"entries": exact_entries, "game": game}
    return problem, exact_info


# ---------------------------------------------------------------------- initial basis
def _best_response_choice(
    game: ExtensiveFormGame, player: int, g: np.ndarray
) -> set[int]:
    """Sequences of the pure best response to sequence payoffs ``g`` (every set chosen)."""
    val = g.astype(float).copy()
    chosen = {0}
    for h in reversed(game.player_infosets[player]):
        k = len(game.infosets[h].actions)
        seqs = [game.sequence_number(h, a) for a in range(k)]
        a_best = max(range(k), key=lambda a: val[seqs[a]])
        chosen.add(seqs[a_best])
        val[game.parent_sequence[h]] += val[seqs[a_best]]
    return chosen


def _plan_values(game: ExtensiveFormGame, player: int, chosen: set[int], root_value: float,
                 delta_rows: np.ndarray) -> np.ndarray:
    """Values of the chosen sequences from the constraint rows (perturbed)."""
    n = len(game.sequences[player])
    x = np.zeros(n)
    x[0] = root_value
    for r, h in enumerate(game.player_infosets[player], start=1):
        k = len(game.infosets[h].actions)
        for a in range(k):
            s = game.sequence_number(h, a)
            if s in chosen:
                x[s] = x[game.parent_sequence[h]] + delta_rows[r]
    return x


def _initial_basis(game: ExtensiveFormGame, pb: _Problem, rhs: np.ndarray) -> np.ndarray:
    n1, n2, m1 = pb.n1, pb.n2, pb.m1
    d_x = rhs[:n1]
    d_y = rhs[n1:n1 + n2]
    d_p = rhs[n1 + n2:n1 + n2 + m1].copy()
    d_q = rhs[n1 + n2 + m1:].copy()
    z0 = d_p[0]  # x(∅) nonbasic: z0 = 1 + δ_p0
    d_p[0] = 0.0
    y_root = d_q[0] - z0
    x0 = np.zeros(n1)
    y0 = np.zeros(n2)
    chosen1: set[int] = set()
    chosen2: set[int] = set()
    for _ in range(6):
        g1 = -pb.A.matvec(y0) - pb.a_prior * z0 + d_x
        g2 = -pb.B.rmatvec(x0) - pb.b_prior * z0 + d_y
        # tight rows: E^T p = A y + A ȳ z0 - δ, i.e. the sequence payoff is -g
        new1 = _best_response_choice(game, 0, -g1)
        new2 = _best_response_choice(game, 1, -g2)
        x0 = _plan_values(game, 0, new1, 0.0, d_p)
        y0 = _plan_values(game, 1, new2, y_root, d_q)
        if new1 == chosen1 and new2 == chosen2:
            break
        chosen1, chosen2 = new1, new2
    basis = list(range(pb.c_p, pb.c_z0 + 1))  # p, q, z0
    basis += [pb.c_x + s for s in sorted(chosen1) if s != 0]
    basis += [pb.c_wx + s for s in range(n1) if s not in chosen1]
    basis += [pb.c_y + s for s in sorted(chosen2)]
    basis += [pb.c_wy + s for s in range(n2) if s not in chosen2]
    return np.array(basis, dtype=np.int64)


def _solve_basis_float(pb: _Problem, basis: np.ndarray) -> np.ndarray:
    if isinstance(pb.C, np.ndarray):
        return np.linalg.solve(pb.C[:, basis], pb.rhs0)
    import scipy.sparse.linalg as spla

    Bm = pb.C[:, basis].tocsc()
    return spla.splu(Bm, permc_spec="COLAMD").solve(pb.rhs0)


def _plans_from(pb: _Problem, basis: np.ndarray, beta: Any, zero: Any) -> tuple[list, list]:
    x = [zero] * pb.n1
    y = [zero] * pb.n2
    for r, col in enumerate(basis):
        if pb.c_x <= col < pb.c_y:
            x[col - pb.c_x] = beta[r]
        elif pb.c_y <= col < pb.c_p:
            y[col - pb.c_y] = beta[r]
    return x, y


def _exact_solve(pb: _Problem, basis: np.ndarray, info: dict[str, Any]) -> list[Fraction] | None:
    """Solve the final basis in rationals with the unperturbed right-hand side."""
    game: ExtensiveFormGame = info["game"]
    entries = info["entries"]
    xbar = _uniform_plan(game, 0, True)
    ybar = _uniform_plan(game, 1, True)
    n1, n2, m1 = pb.n1, pb.n2, pb.m1
    # exact sparse columns of the constraint matrix, built only for basic columns
    E, F = pb.E, pb.F
    cols: list[dict[int, Fraction]] = []
    a_rows: dict[int, dict[int, Fraction]] = {}
    for (s, t), v in entries[0].items():
        a_rows.setdefault(t, {})[s] = v  # column t of A
    b_cols: dict[int, dict[int, Fraction]] = {}
    for (s, t), v in entries[1].items():
        b_cols.setdefault(s, {})[t] = v  # column s of B^T
    for col in basis:
        col = int(col)
        entry: dict[int, Fraction] = {}
        if col < n1 + n2:  # slack
            entry[col] = Fraction(1)
        elif col < pb.c_y:  # x: B^T rows then E rows
            s = col - pb.c_x
            for t, v in b_cols.get(s, {}).items():
                entry[n1 + t] = v
            for r, v in zip(*E.col_entries(s), strict=True):
                entry[n1 + n2 + int(r)] = Fraction(int(v))
        elif col < pb.c_p:  # y: A rows then F rows
            t = col - pb.c_y
            for s, v in a_rows.get(t, {}).items():
                entry[s] = v
            for r, v in zip(*F.col_entries(t), strict=True):
                entry[n1 + n2 + m1 + int(r)] = Fraction(int(v))
        elif col < pb.c_q:  # p: -E^T
            r = col - pb.c_p
            for s, v in zip(*E.row_entries(r), strict=True):
                entry[int(s)] = -Fraction(int(v))
        elif col < pb.c_z0:  # q: -F^T
            r = col - pb.c_q
            for t, v in zip(*F.row_entries(r), strict=True):
                entry[n1 + int(t)] = -Fraction(int(v))
        else:  # z0 (not basic at the end, kept for completeness)
            for (s, t), v in entries[0].items():
                entry[s] = entry.get(s, Fraction(0)) + v * ybar[t]
            for (s, t), v in entries[1].items():
                entry[n1 + t] = entry.get(n1 + t, Fraction(0)) + v * xbar[s]
            entry[n1 + n2] = Fraction(1)
            entry[n1 + n2 + m1] = Fraction(1)
        cols.append({k: v for k, v in entry.items() if v != 0})
    rhs = {n1 + n2: Fraction(1), n1 + n2 + m1: Fraction(1)}
    return solve_sparse_rational(cols, rhs, pb.N)


def _perturbation(seed: int, rows: int, plan: int) -> tuple[np.ndarray, np.ndarray]:
    """``rng.uniform(1, 2, rows)`` then ``rng.uniform(1, 2, plan)`` from
    ``numpy.random.default_rng(seed)`` (numpy's generator: its streams are stable across
    numpy versions, so a seed gives the same pivots everywhere)."""
    rng = np.random.default_rng(seed)
    return rng.uniform(1.0, 2.0, rows), rng.uniform(1.0, 2.0, plan)


def sequence_form_lemke(
    game: ExtensiveFormGame,
    *,
    exact: bool = False,
    seed: int = 0,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_pivots: int | None = None,
    tol: float = 1e-9,
) -> LemkeResult:
    """Realization plans of one equilibrium of a 2-player perfect-recall game.

    Parameters
    ----------
    game
        Two players, perfect recall; chance moves and information sets allowed.
    exact
        Certify the final basis in rational arithmetic (plans are Fractions).
    seed
        Seed of the degeneracy-resolving perturbation (tried again with ``seed + 1`` ...
        if the unperturbed final basis is infeasible).
    timeout
        Seconds; :class:`TimeoutError` when exceeded.

    Raises
    ------
    SolverError
        If the game has more or fewer than two players, lacks perfect recall, or the path
        fails numerically for every seed tried.
    """
    if game.n_players != 2:
        raise SolverError(
            f"sequence-form Lemke needs a 2-player game; this one has {game.n_players}"
        )
    if exact and not game.is_exact:
        exact_needs_rational()
    game.check_perfect_recall()
    sf = game.sequence_form()
    pb, info = _build(sf, exact_data=exact)
    deadline = None if timeout is None else time.monotonic() + timeout
    limit = max_pivots or 50 * pb.N + 1000
    last_error: Exception | None = None
    for attempt in range(4):
        eps_rows = 1e-7 / (10 ** attempt)
        eps_plan = 1e-9 / (10 ** attempt)
        rhs = pb.rhs0.copy()
        n1, n2 = pb.n1, pb.n2
        draw_rows, draw_plan = _perturbation(seed + attempt, n1 + n2, pb.m1 + pb.m2)
        rhs[: n1 + n2] += eps_rows * draw_rows
        perturb_plan = eps_plan * draw_plan
        perturb_plan[0] = 0.0  # δ_p0 = 0: z0 starts at exactly 1
        rhs[n1 + n2:] += perturb_plan
        try:
            basis0 = _initial_basis(game, pb, rhs)
            basis, pivots = _lemke_path(pb, basis0, rhs, max_pivots=limit, deadline=deadline,
                                        progress=progress)
        except SolverError as exc:
            last_error = exc
            continue
        if exact:
            beta_exact = _exact_solve(pb, basis, info)
            if beta_exact is None or any(
                v < 0 for r, v in enumerate(beta_exact)
                if not (pb.c_p <= basis[r] < pb.c_z0)
            ):
                last_error = SolverError("final basis is not feasible in exact arithmetic")
                continue
            x, y = _plans_from(pb, basis, beta_exact, Fraction(0))
            return LemkeResult(tuple(x), tuple(y), True, pivots, seed + attempt)
        beta = _solve_basis_float(pb, basis)
        constrained = ~((basis >= pb.c_p) & (basis < pb.c_z0))
        if np.any(beta[constrained] < -1e-7):
            last_error = SolverError("final basis is infeasible without the perturbation")
            continue
        x, y = _plans_from(pb, basis, np.maximum(beta, 0.0), 0.0)
        return LemkeResult(tuple(float(v) for v in x), tuple(float(v) for v in y), False,
                           pivots, seed + attempt)
    raise SolverError(f"sequence-form Lemke failed: {last_error}")


def lemke_behavior(game: ExtensiveFormGame, result: LemkeResult) -> list[Any]:
    """Behavior table (``None`` where the plan does not reach a set) from the plans."""
    table: list[Any] = [None] * len(game.infosets)
    for player, plan in ((0, result.x), (1, result.y)):
        for h, probs in zip(game.player_infosets[player],
                            plan_to_behavior(game, player, plan, exact=result.exact),
                            strict=True):
            table[h] = probs
    return table
