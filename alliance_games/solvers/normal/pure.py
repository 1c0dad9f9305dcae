"""All pure-strategy Nash equilibria of an n-player normal-form game.

A pure profile ``s`` is a Nash equilibrium iff every player's strategy is a best response:

.. math::

    u_i(s_i, s_{-i}) = \\max_{t \\in S_i} u_i(t, s_{-i}) \\quad \\text{for every player } i.

Vectorised over all profiles at once: for each player ``i``, take the maximum of ``u_i``
along axis ``i`` (keeping the axis) and mark the profiles that attain it; the equilibria are
the profiles marked for every player (Nash 1951; the enumeration is Gambit's
``enumpure``, McKelvey, McLennan and Turocy 2016). In float mode "attains" means within
``tol`` times the payoff scale ``max(1, max |u|)``; in exact mode the comparison is in
rationals. In float mode a rational game's equilibria are then checked exactly one by one
(each player's payoff against the best of its own row: a few comparisons per
equilibrium); those that pass carry their exact profile as a certificate (their JSON
``exact`` mirror), those only within ``tol`` do not.
"""

from __future__ import annotations

import numpy as np

from ...equilibrium import DEFAULT_TOL, ExactProfile, SolveResult, make_equilibrium
from ...games.normal import NormalFormGame, Profile
from ...numbers import exact_needs_rational

__all__ = ["pure_equilibria", "pure_equilibrium_profiles", "best_response_mask",
           "is_exact_pure_equilibrium"]


def best_response_mask(
    game: NormalFormGame, player: int, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> np.ndarray:
    """Boolean array over profiles: is ``player``'s strategy a best response to the rest?

    Parameters
    ----------
    game
        The game.
    player
        The player's index.
    exact
        Compare exact payoffs (Fractions) instead of floats.
    tol
        Float mode: a payoff within ``tol * max(1, max |u|)`` of the best counts as best.
    """
    if exact:
        if game.exact_payoffs is None:
            exact_needs_rational()
        table = game.exact_payoffs[player]
        best = table.max(axis=player, keepdims=True)
        return np.asarray(table == best, dtype=bool)
    table = game.payoffs[player]
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    best = table.max(axis=player, keepdims=True)
    return table >= best - tol * scale


def is_exact_pure_equilibrium(game: NormalFormGame, profile: Profile) -> bool:
    """Whether the pure profile is a Nash equilibrium in rational arithmetic:
    ``u_i(s) = max_t u_i(t, s_{-i})`` for every player ``i`` (needs rational payoffs).

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> is_exact_pure_equilibrium(g, (1, 1)), is_exact_pure_equilibrium(g, (0, 0))
    (True, False)
    """
    if game.exact_payoffs is None:
        exact_needs_rational()
    for i in range(game.n_players):
        table = game.exact_payoffs[i]
        line = table[profile[:i] + (slice(None),) + profile[i + 1:]]
        if table[profile] != max(line):
            return False
    return True


def pure_equilibrium_profiles(
    game: NormalFormGame, exact: bool = False, tol: float = DEFAULT_TOL
) -> list[Profile]:
    """The pure Nash equilibria as profiles of strategy indices, in lexicographic order.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> pure_equilibrium_profiles(g)
    [(1, 1)]
    """
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        mask &= best_response_mask(game, i, exact=exact, tol=tol)
    return [tuple(int(s) for s in idx) for idx in np.argwhere(mask)]


def pure_equilibria(
    game: NormalFormGame, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> SolveResult:
    """All pure-strategy Nash equilibria, each verified by :func:`make_equilibrium`.

    Parameters
    ----------
    game
        An n-player normal-form game.
    exact
        Compare and verify in rational arithmetic (needs rational payoffs).
    tol
        Float-mode tolerance, relative to the payoff scale.

    Returns
    -------
    SolveResult
        Method ``"pure"``, ``complete=True`` (the list holds every pure equilibrium);
        mixed equilibria are not searched, which the diagnostics say.

    References
    ----------
    J. Nash, "Non-cooperative games," *Annals of Mathematics* 54(2), 1951, 286-295.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> [e.support("P1") for e in pure_equilibria(g, exact=True)]
    [('s1',), ('s2',)]
    """
    one, zero = (1, 0)
    equilibria = []
    for profile in pure_equilibrium_profiles(game, exact=exact, tol=tol):
        mixed = [
            [one if j == s else zero for j in range(m)]
            for s, m in zip(profile, game.shape, strict=True)
        ]
        certificate = None
        if not exact and game.is_exact and is_exact_pure_equilibrium(game, profile):
            certificate = ExactProfile.pure(game, profile)
        equilibria.append(make_equilibrium(game, mixed, exact=exact, tol=tol,
                                           certificate=certificate))
    diagnostics = ["only pure-strategy equilibria are listed; mixed ones are not searched"]
    if not equilibria:
        diagnostics.insert(0, "the game has no pure-strategy equilibrium")
    return SolveResult(
        game=game,
        method="pure",
        complete=True,
        equilibria=tuple(equilibria),
        exact=exact,
        diagnostics=tuple(diagnostics),
    )
