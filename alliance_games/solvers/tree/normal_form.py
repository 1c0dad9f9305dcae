"""Nash equilibria of a reduced normal form, for the tree solvers.

A tree without proper subgames is solved through its reduced normal form (Kuhn 1953):
players with a single plan are dropped (they do not move), so a 3-player tree whose
subgame has two movers is solved as a bimatrix game, and a single mover gets every
optimal pure plan. Two or more movers go to the normal-form solvers (method ``auto``:
all extreme equilibria of a 2-player game by vertex enumeration, all equilibria of an
n-player game by support enumeration).

References
----------
H. W. Kuhn, "Extensive games and the problem of information", 1953.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ...equilibrium import DEFAULT_TOL
from ...games.normal import NormalFormGame

__all__ = ["normal_form_equilibria"]

Progress = Callable[[int, int], None]


def _pure(k: int, a: int, exact: bool) -> tuple[Any, ...]:
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    return tuple(one if j == a else zero for j in range(k))



def normal_form_equilibria(
    nf: NormalFormGame, *, exact: bool = False, timeout: float | None = None,
    progress: Progress | None = None, memory: int | str | None = None,
) -> tuple[list[tuple[tuple[Any, ...], ...]], bool, list[str]]:
    """All (extreme) Nash equilibria of a normal form as mixed profiles.

    Players with a single strategy are dropped before solving (they do not move), so a
    3-player tree whose subgame has two movers is solved as a bimatrix game; a single
    mover gets every optimal pure strategy.

    Returns ``(profiles, complete, notes)``.
    """
    profiles, complete, notes, _ = _normal_form_solve(nf, exact=exact, timeout=timeout,
                                                      progress=progress, memory=memory)
    return profiles, complete, notes


def _normal_form_solve(
    nf: NormalFormGame, *, exact: bool = False, timeout: float | None = None,
    progress: Progress | None = None, memory: int | str | None = None,
) -> tuple[list[tuple[tuple[Any, ...], ...]], bool, list[str], tuple[tuple[int, ...], ...]]:
    """:func:`normal_form_equilibria` plus the solver's components (index groups)."""
    components: tuple[tuple[int, ...], ...] = ()
    active = [i for i in range(nf.n_players) if nf.shape[i] > 1]
    if len(active) == 0:
        return [tuple((Fraction(1) if exact else 1.0,) for _ in nf.players)], True, [], ()
    index = tuple(slice(None) if i in active else 0 for i in range(nf.n_players))
    src = nf.exact_payoffs if (exact or nf.exact_payoffs is not None) else nf.payoffs
    assert src is not None  # exact solving is only asked of rational games (solve() checks)
    sub = NormalFormGame.from_payoff_array(
        [src[i][index] for i in active],
        players=[nf.players[i] for i in active],
        strategies=[nf.strategies[i] for i in active],
    )
    notes: list[str] = []
    sub_profiles: list[tuple[tuple[Any, ...], ...]]
    if len(active) == 1:
        i = active[0]
        col = sub.exact_payoffs[0] if sub.exact_payoffs is not None else sub.payoffs[0]
        best = max(col)
        tol = 0 if sub.exact_payoffs is not None else DEFAULT_TOL * max(1.0, abs(float(best)))
        winners = [k for k, v in enumerate(col) if v >= best - tol]
        if len(winners) > 1:
            notes.append(f"{nf.players[i]} is indifferent between {len(winners)} plans: "
                         "mixtures of them are equilibria too")
        sub_profiles = [((_pure(len(col), k, exact)),) for k in winners]
        complete = True
    else:
        import inspect

        from ..dispatch import solve

        limits: dict[str, Any] = {}
        if memory is not None and "memory" in inspect.signature(solve).parameters:
            limits["memory"] = memory  # the normal-form solvers' own memory budget
        result = solve(sub, "auto", exact=exact, timeout=timeout, progress=progress,
                       **limits)
        sub_profiles = [eq.profile() for eq in result.equilibria]
        complete = result.complete
        notes.extend(result.diagnostics)
        components = tuple(tuple(c) for c in result.components)
    profiles = []
    one: Any = Fraction(1) if exact else 1.0
    for sp_ in sub_profiles:
        full: list[tuple[Any, ...]] = []
        k = 0
        for i in range(nf.n_players):
            if i in active:
                full.append(tuple(Fraction(p) if exact else float(p) for p in sp_[k]))
                k += 1
            else:
                full.append((one,))
        profiles.append(tuple(full))
    return profiles, complete, notes, components
