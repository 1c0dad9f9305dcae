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

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time, _EXPORTS below
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

# Lazy loading (PEP 562). ``import alliance_games`` imports nothing heavy (no numpy, no
# sympy): the CLI's ``--version`` and ``--help`` start at once, and a solve pays only for
# the modules it uses. A public name is imported from its module on first access
# (``alliance_games.load`` or ``from alliance_games import load``) by ``__getattr__``
# below, then cached in the package's namespace.
#
# TO ADD AN EXPORT: append one line ``"name": ".module.path",`` to _EXPORTS, the name to
# ``__all__``, and (for type checkers) the import under ``if TYPE_CHECKING:`` above.
_EXPORTS: dict[str, str] = {
    "Equilibrium": ".equilibrium",
    "SolveResult": ".equilibrium",
    "make_equilibrium": ".equilibrium",
    "regret": ".equilibrium",
    "AllianceGamesError": ".errors",
    "GameError": ".errors",
    "OutputError": ".errors",
    "SolverError": ".errors",
    "SpecError": ".errors",
    "classify_2x2": ".games.classify",
    "Chance": ".games.extensive",
    "Decision": ".games.extensive",
    "ExtensiveFormGame": ".games.extensive",
    "Terminal": ".games.extensive",
    "NormalFormGame": ".games.normal",
    "Game": ".games.protocol",
    "read_efg": ".interop.efg",
    "write_efg": ".interop.efg",
    "read_nfg": ".interop.nfg",
    "write_nfg": ".interop.nfg",
    "predictions": ".interpretation.outcomes",
    "catalog": ".modeling.loader",
    "load": ".modeling.loader",
    "validate": ".modeling.loader",
    "explore": ".report.widget",
    "methods_for": ".solvers.dispatch",
    "solve": ".solvers.dispatch",
    "REGISTRY": ".solvers.registry",
    "Method": ".solvers.registry",
    "Option": ".solvers.registry",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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


def _render_text(result: SolveResult) -> str:
    from .report.text import render_text

    return render_text(result)


def _render_html(result: SolveResult) -> str:
    from .report.markdown import render_html_fragment

    return render_html_fragment(result)


def _register_renderers() -> None:
    """A result prints its report and shows HTML in a notebook; those views need the
    predictions (a later layer), so they are registered here, from above, instead of
    being imported by :mod:`alliance_games.equilibrium`.

    The registration runs when :mod:`alliance_games.equilibrium` is first imported
    (before any result exists), through the hook installed below; the report modules
    themselves load only when a result is first shown."""
    from .equilibrium import register_result_renderer

    register_result_renderer("text", _render_text)
    register_result_renderer("html", _render_html)


class _RegisterOnImport:
    """Register the renderers right after :mod:`alliance_games.equilibrium` runs.

    Importing the equilibrium module costs numpy (most of a ``--version``), so the
    package does not import it eagerly; instead this finder wraps that one module's
    loader, so that whoever imports it first (``alliance_games.solve``, a solver, a test)
    finds the renderers registered before any result can exist. Every other import
    passes through untouched. (A meta path finder is anything with ``find_spec``; not
    deriving from ``importlib.abc.MetaPathFinder`` spares importing ``importlib.abc``,
    which imports ``importlib.resources``: 15-20 ms of every start-up.)
    """

    TARGET = __name__ + ".equilibrium"

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.TARGET:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _ThenRegister(spec.loader)  # type: ignore[assignment]
                return spec
        return None


class _ThenRegister:
    """A module loader that registers the renderers after the module has run."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: Any) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.inner.exec_module(module)
        _register_renderers()

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename ... of the inner
        return getattr(self.inner, name)


if _RegisterOnImport.TARGET in sys.modules:  # a reload of the package
    _register_renderers()
elif not any(isinstance(f, _RegisterOnImport) for f in sys.meta_path):
    sys.meta_path.insert(0, _RegisterOnImport())
