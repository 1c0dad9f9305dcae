"""pygambit as a test oracle: one place that knows its API.

Our games go into pygambit, its solvers run there, and their answers come back as exact
:class:`~fractions.Fraction` sets (or floats for its float solvers) that the tests compare
with ours; a profile of ours goes into pygambit to have its regret measured there. Every
test that cross-checks against Gambit goes through these helpers, so a change of the
pygambit API (it changed between 16.x releases: see the notes below) is fixed once.

pygambit is GPL: it is imported here, by the tests only, never by the library
(``tests/test_boundaries.py`` enforces that). It is a test dependency: a missing
pygambit fails the suite at import, it is never skipped.

pygambit 16.x API used (read from its installed ``nash.py`` and ``game.pxi``):

* ``Game.from_arrays(*arrays)`` (object arrays keep payoffs exact), ``read_efg`` /
  ``read_nfg`` (a path or a file object), ``Game.to_arrays(dtype=Fraction)``;
* ``game.players`` is iterable; in 16.7 indexing it by an integer means a *label*, so we
  iterate and never index by position;
* ``nash.enummixed_solve``, ``enumpure_solve``, ``enumpoly_solve``, ``gnm_solve``,
  ``logit_solve``, ``lcp_solve`` return a result whose ``.equilibria`` are profiles
  indexed by strategy (or action); ``profile[s]`` is a ``pygambit.Rational`` or a float;
* ``mixed_behavior_profile(rational=True)`` / ``mixed_strategy_profile(data=...)`` and
  their ``max_regret()``.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pygambit as gbt  # test-only oracle (GPL): never imported by the library

from alliance_games.games.extensive import ExtensiveFormGame
from alliance_games.games.normal import NormalFormGame
from alliance_games.interop.efg import write_efg

__all__ = [
    "gbt",
    "gambit_nfg",
    "gambit_efg",
    "exact_profile_set",
    "enummixed_set",
    "enumpure_set",
    "gambit_pure_count",
    "float_profiles",
    "mixed_max_regret",
    "behavior_profile",
    "behavior_max_regret",
    "behavior_table_from_gambit",
    "lcp_behavior_equilibria",
    "iterated_strict_dominance",
    "nfg_text",
    "read_nfg_text",
    "payoff_lists",
]

ExactProfile = tuple[tuple[Fraction, ...], ...]


# ---------------------------------------------------------------------- games in
def gambit_nfg(game: NormalFormGame | Sequence[Any]) -> Any:
    """A pygambit strategic game with the same payoffs.

    ``game`` is a :class:`NormalFormGame` (its exact payoffs, else its floats) or one
    payoff array per player (integers stay integers: an object array keeps them exact).
    """
    if isinstance(game, NormalFormGame):
        arrays = (game.exact_payoffs if game.exact_payoffs is not None else game.payoffs).tolist()
    else:
        arrays = list(game)
    return gbt.Game.from_arrays(*[np.array(a, dtype=object) for a in arrays])


def gambit_efg(game: ExtensiveFormGame) -> Any:
    """The same tree in pygambit, through our ``.efg`` writer (labels are kept)."""
    return gbt.read_efg(io.StringIO(write_efg(game)))


# ---------------------------------------------------------------------- strategic profiles
def exact_profile_set(equilibria: Iterable[Any]) -> set[ExactProfile]:
    """Our equilibria (a :class:`SolveResult` or a list) as a set of exact profiles."""
    return {tuple(tuple(Fraction(p) for p in s) for s in eq.profile()) for eq in equilibria}


def _exact(gg: Any, profile: Any) -> ExactProfile:
    return tuple(tuple(Fraction(str(profile[s])) for s in p.strategies) for p in gg.players)


def enummixed_set(game: NormalFormGame | Sequence[Any]) -> set[ExactProfile]:
    """Gambit's extreme equilibria of a bimatrix game (``enummixed``, rational), exactly."""
    gg = gambit_nfg(game)
    return {_exact(gg, eq) for eq in gbt.nash.enummixed_solve(gg, rational=True).equilibria}


def enumpure_set(game: NormalFormGame | Sequence[Any]) -> set[tuple[int, ...]]:
    """Gambit's pure equilibria (``enumpure``) as strategy-index profiles."""
    gg = gambit_nfg(game)
    return {
        tuple(next(j for j, s in enumerate(p.strategies) if eq[s] == 1) for p in gg.players)
        for eq in gbt.nash.enumpure_solve(gg).equilibria
    }


def gambit_pure_count(gg: Any) -> int:
    """How many pure equilibria Gambit's ``enumpure`` finds in ``gg`` (a strategic game,
    or a tree: then in its reduced strategic form)."""
    return len(gbt.nash.enumpure_solve(gg).equilibria)


def float_profiles(gg: Any, solver: str) -> list[list[list[float]]]:
    """The equilibria of ``gbt.nash.<solver>_solve(gg)`` (``enumpoly``, ``gnm``,
    ``logit`` ...) as float profiles, one list per player."""
    found = getattr(gbt.nash, f"{solver}_solve")(gg).equilibria
    return [[[float(eq[s]) for s in p.strategies] for p in gg.players] for eq in found]


def mixed_max_regret(gg: Any, profile: Sequence[Sequence[float]]) -> float:
    """pygambit's maximal regret of a float mixed profile of ``gg``."""
    return float(gg.mixed_strategy_profile(data=profile, rational=False).max_regret())


def iterated_strict_dominance(gg: Any) -> Any:
    """Remove one strictly dominated pure strategy at a time with pygambit's per-strategy
    ``StrategySupportProfile.is_dominated(s, strict=True)`` until none is left; the
    surviving support.

    (pygambit 16.7's one-round ``undominated_strategies_solve(strict=True)`` is not used:
    on the 1x4x2 game with player 2's payoffs s1 (3,-5), s2 (4,0), s3 (0,2), s4 (-5,-1) it
    drops s3, which no pure strategy dominates, while ``is_dominated(s3)`` says False.)
    """
    support = gg.strategy_support_profile()
    while True:
        dominated = next((s for s in support if len(list(support[s.player])) > 1
                          and support.is_dominated(s, strict=True)), None)
        if dominated is None:
            return support
        support = support.remove(dominated)


# ---------------------------------------------------------------------- behavior profiles
def _rational(x: Any) -> Any:
    p = Fraction(x)
    return gbt.Rational(p.numerator, p.denominator)


def behavior_profile(pg: Any, behavior: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Any:
    """Our behavior (``player -> infoset -> action -> probability``, exact numbers) as a
    rational pygambit behavior profile of ``pg`` (matched by labels)."""
    prof = pg.mixed_behavior_profile(rational=True)
    for player in pg.players:
        for infoset in player.infosets:
            dist = behavior[player.label][infoset.label]
            for action in infoset.actions:
                prof[action] = _rational(dist[action.label])
    return prof


def behavior_max_regret(
    game: ExtensiveFormGame, behavior: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> Any:
    """pygambit's maximal regret (exact) of our behavior profile on the same tree."""
    return behavior_profile(gambit_efg(game), behavior).max_regret()


def behavior_table_from_gambit(game: ExtensiveFormGame, pg: Any, prof: Any) -> list:
    """A pygambit behavior profile of ``pg`` as our behavior table (exact, game order)."""
    table = []
    by_label = {p.label: p for p in pg.players}
    for s in game.infosets:
        player = by_label[game.players[s.player]]
        infoset = next(i for i in player.infosets if i.label == s.name)
        probs = {a.label: Fraction(str(prof[a])) for a in infoset.actions}
        table.append(tuple(probs[a] for a in s.actions))
    return table


def lcp_behavior_equilibria(pg: Any) -> list[Any]:
    """Gambit's sequence-form LCP equilibria of a tree (rational, behavior profiles)."""
    return list(gbt.nash.lcp_solve(pg, rational=True, use_strategic=False).equilibria)


# ---------------------------------------------------------------------- .nfg files
def nfg_text(gg: Any) -> str:
    """The .nfg text pygambit writes for ``gg`` (API differs across 16.x)."""
    if hasattr(gg, "to_nfg"):
        return gg.to_nfg()
    return gg.write(format="nfg")


def read_nfg_text(text: str) -> Any:
    """pygambit's reading of .nfg text (through a file: older 16.x take a path only)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "game.nfg"
        path.write_text(text)
        return gbt.read_nfg(str(path))


def payoff_lists(gg: Any) -> list:
    """pygambit payoffs as nested lists of Fractions, shape (n, m_1, ..., m_n)."""
    return [np.array(a, dtype=object).tolist() for a in gg.to_arrays(dtype=Fraction)]
