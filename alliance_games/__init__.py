"""alliance_games: game-theoretic models of deterrence and alliances.

Write a model as a YAML spec (or pick one from the catalog), compile it into a game,
compute its equilibria — every one verified — and read what they predict.

>>> from alliance_games import load, solve
>>> result = solve(load("security_dilemma/stag_hunt"))
>>> [eq.outcomes for eq in result]  # doctest: +SKIP

Public API
----------
load, solve, validate, catalog, methods_for
    Specs in, results out (:mod:`alliance_games.modeling.loader`,
    :mod:`alliance_games.solvers.dispatch`).
REGISTRY, Method, Option
    The method registry: one frozen record per solution method, its game kinds and
    typed options (:mod:`alliance_games.solvers.registry`).
NormalFormGame, ExtensiveFormGame, Decision, Chance, Terminal
    Immutable strategic-form games and game trees (build trees in Python with
    ``ExtensiveFormGame.from_tree(Decision(...), players=[...])``).
read_nfg, write_nfg, read_efg, write_efg
    Gambit file interop.
Equilibrium, SolveResult
    Verified equilibria and the frozen record of a solve.
predictions
    Plain-language reading of a result.
explore
    The notebook explorer: a slider per parameter, the equilibria re-solved as they move
    (:mod:`alliance_games.report.widget`; the ``notebook`` extra).
AllianceGamesError, SpecError, SolverError, GameError, OutputError
    The error hierarchy (:mod:`alliance_games.errors`).
"""

from __future__ import annotations

from .equilibrium import Equilibrium, SolveResult, make_equilibrium, regret
from .errors import AllianceGamesError, GameError, OutputError, SolverError, SpecError
from .games.classify import classify_2x2
from .games.extensive import Chance, Decision, ExtensiveFormGame, Terminal
from .games.normal import NormalFormGame
from .games.protocol import Game
from .interop.efg import read_efg, write_efg
from .interop.nfg import read_nfg, write_nfg
from .interpretation.outcomes import predictions
from .modeling.loader import catalog, load, validate
from .report.widget import explore
from .solvers.dispatch import methods_for, solve
from .solvers.registry import REGISTRY, Method, Option

__all__ = [
    "load",
    "solve",
    "validate",
    "catalog",
    "methods_for",
    "REGISTRY",
    "Method",
    "Option",
    "Game",
    "NormalFormGame",
    "ExtensiveFormGame",
    "Decision",
    "Chance",
    "Terminal",
    "read_nfg",
    "write_nfg",
    "read_efg",
    "write_efg",
    "Equilibrium",
    "SolveResult",
    "make_equilibrium",
    "regret",
    "predictions",
    "classify_2x2",
    "AllianceGamesError",
    "SpecError",
    "SolverError",
    "GameError",
    "OutputError",
    "explore",
]

__version__ = "0.1.0"


def _register_renderers() -> None:
    """A result prints its report and shows HTML in a notebook; those views need the
    predictions (a later layer), so they are registered here, from above, instead of
    being imported by :mod:`alliance_games.equilibrium`."""
    from .equilibrium import register_result_renderer
    from .report.markdown import render_html_fragment
    from .report.text import render_text

    register_result_renderer("text", render_text)
    register_result_renderer("html", render_html_fragment)


_register_renderers()
