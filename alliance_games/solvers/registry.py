"""The method registry: every solution method is one frozen record.

A :class:`Method` says what a method is called, which games it takes, which options it
takes (typed :class:`Option` records with defaults and help), whether its list of
equilibria is complete, and where its code lives (``"module:function"``, imported only
when the method runs). :data:`REGISTRY` lists every method;
:func:`alliance_games.solve`, :func:`alliance_games.methods_for`, ``alliance-games solve
--help``, ``alliance-games methods`` and ``docs/methods.md`` are all read from it, so
the documentation and the behaviour cannot drift apart (the listings are written by
:mod:`alliance_games.solvers.listing`).

Game kinds
----------
A game has one or more *kinds* (:data:`GAME_KINDS`, most specific first): a repeated
two-player stage game is ``("repeated", "symmetric-binary", "normal-2")``, a signaling
tree ``("signaling", "extensive-2")``. A method takes the games of the kinds it lists.
One name may have several records for different kinds (``auto`` picks differently on
each kind; ``support-enumeration`` runs another algorithm for three or more players):
:func:`find` picks the record of the game's most specific kind.

Options
-------
Options are typed records (:mod:`alliance_games.solvers.options`). An option a method
does not declare is refused (:class:`SolverError` naming the method
and the options it takes), and so is a value of the wrong type: nothing is silently
dropped. The one exception is ``progress``, a callback that cannot change a result: it
is passed to the methods that report progress and accepted, unused, by the others.

Adding a method
---------------
Write ``solvers/<family>/<algorithm>.py`` with a pure function ``game -> SolveResult``
and add one record to :data:`REGISTRY`::

    Method(
        name="lemke-howson",
        kinds=("normal-2",),
        options=(EXACT, TIMEOUT, MEMORY, PROGRESS, TOL, Option(
            "label", int, 0, "the label dropped first: 0..m-1 row strategies, "
            "m..m+n-1 column strategies")),
        complete=False,
        summary="one equilibrium by the Lemke-Howson path of a label",
        runner="alliance_games.solvers.normal.lemke_howson:lemke_howson",
        budget=True,
    )

The runner is called as ``function(game, **fixed, **options)`` with the options the
caller gave (never the defaults: the function's own defaults apply, and a test checks
that they equal the declared ones).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import SolverError, quote
from ..games.normal import NormalFormGame
from .options import (
    ALL_FROM_ARTIFICIAL,
    COMMON_OPTIONS,
    COOPERATE,
    DISCOUNT_FACTOR,
    EXACT,
    FALLBACK,
    LABEL,
    LOGIT_MAX_LAMBDA,
    MAX_SUPPORT,
    MEMORY,
    PROGRESS,
    QRE_MAX_LAMBDA,
    REFINE,
    TIMEOUT,
    TOL,
    TYPE_NAMES,
    Option,
)

__all__ = [
    "GameKind",
    "GAME_KINDS",
    "Option",
    "Method",
    "REGISTRY",
    "COMMON_OPTIONS",
    "kinds_of",
    "find",
    "methods_for",
    "records_for",
    "method_names",
    "parse_option_texts",
    "describe_kinds",
    "describe_game",
    "where",
    "TYPE_NAMES",
]


# ------------------------------------------------------------------------ game kinds
#: symmetric two-action games are recognised by their payoffs up to this many players
#: (2^n profiles are read); games built as symmetric (``info["symmetric_binary"]``, the
#: volunteer's dilemma family) are recognised at any size
SYMMETRIC_CHECK_PLAYERS = 12


def _symmetric_binary(game: Any) -> bool:
    if not isinstance(game, NormalFormGame):
        return False
    if game.symmetric_binary is not None:
        return True
    if not 2 <= game.n_players <= SYMMETRIC_CHECK_PLAYERS or any(m != 2 for m in game.shape):
        return False
    from .nplayer.symmetric import binary_payoff_sequences

    return binary_payoff_sequences(game) is not None


def _is(game: Any, module: str, *classes: str) -> bool:
    """``isinstance(game, alliance_games.games.<module>.<class>)`` for any of
    ``classes``, without importing the module: no game can be of a class whose module
    was never imported, so a normal-form ``solve`` does not load the tree, bargaining,
    crisis, ... modules just to be told its game is none of theirs."""
    loaded = sys.modules.get(f"alliance_games.games.{module}")
    return loaded is not None and isinstance(
        game, tuple(getattr(loaded, name) for name in classes))


@dataclass(frozen=True)
class GameKind:
    """A kind of game a method may take: a name, a description and its test."""

    name: str
    description: str
    test: Callable[[Any], bool] = field(repr=False, compare=False)


#: every game kind, most specific first (:func:`find` prefers the earlier kind)
GAME_KINDS: tuple[GameKind, ...] = (
    GameKind("alliance-family", "normal-form alliance model with its own figures "
             "(autonomy_security, chain_ganging)",
             lambda g: isinstance(g, NormalFormGame)
             and ("autonomy_security" in g.info or "chain_ganging" in g.info)),
    GameKind("repeated", "repeated game (a stage game with a discount factor)",
             lambda g: isinstance(g, NormalFormGame)
             and g.repeated is not None),
    GameKind("symmetric-binary", "symmetric game with two actions per player",
             _symmetric_binary),
    GameKind("normal-2", "two-player normal-form game",
             lambda g: isinstance(g, NormalFormGame) and g.n_players == 2),
    GameKind("normal-n", "normal-form game with three or more players",
             lambda g: isinstance(g, NormalFormGame) and g.n_players != 2),
    GameKind("signaling", "signaling game (a tree with private types and signals)",
             lambda g: _is(g, "extensive", "ExtensiveFormGame")
             and g.signaling is not None),
    GameKind("extensive-2", "two-player game tree",
             lambda g: _is(g, "extensive", "ExtensiveFormGame") and g.n_players == 2),
    GameKind("extensive-n", "game tree with three or more players",
             lambda g: _is(g, "extensive", "ExtensiveFormGame") and g.n_players != 2),
    GameKind("public_goods", "public-goods contribution game",
             lambda g: _is(g, "public_goods", "PublicGoodsGame")),
    GameKind("alternating-offers", "two-party bargaining game with discount factors",
             lambda g: _is(g, "bargaining", "BargainingGame") and len(g.players) == 2
             and g.discount_factors is not None),
    GameKind("bargaining", "bargaining game over an alliance surplus",
             lambda g: _is(g, "bargaining", "BargainingGame")),
    GameKind("crisis_bargaining", "crisis bargaining game (war as a bargaining failure)",
             lambda g: _is(g, "crisis", "RiskReturnGame", "CommitmentGame")),
    GameKind("reputation", "chain store (reputation) game",
             lambda g: _is(g, "reputation", "ReputationGame")),
    GameKind("coalitional", "coalitional game (weighted voting or characteristic function)",
             lambda g: _is(g, "coalitional", "CoalitionalGame")),
    GameKind("dynamics", "Richardson arms race (a linear differential system)",
             lambda g: _is(g, "dynamics", "RichardsonGame")),
    GameKind("joint_products", "joint-products defence-spending game",
             lambda g: _is(g, "public_goods", "JointProductsGame")),
)
_KIND = {k.name: k for k in GAME_KINDS}


def kinds_of(game: Any) -> tuple[str, ...]:
    """The kinds of ``game``, most specific first.

    Examples
    --------
    >>> from alliance_games import load
    >>> kinds_of(load("security_dilemma/iterated_arms_race"))
    ('repeated', 'symmetric-binary', 'normal-2')
    """
    return tuple(k.name for k in GAME_KINDS if k.test(game))


def describe_game(game: Any) -> str:
    """``game`` in words for messages (``"a 3-player normal-form game"``)."""
    for kind in GAME_KINDS:
        if kind.name in ("repeated", "symmetric-binary"):
            continue
        if kind.test(game):
            n = getattr(game, "n_players", None)
            if kind.name.endswith("-n") and n is not None:
                return f"a {n}-player {kind.description.split(' with ')[0]}"
            return f"a {kind.description}"
    return f"a {type(game).__name__}"


# ------------------------------------------------------------------------ methods
@dataclass(frozen=True)
class Method:
    """One solution method for the games of some kinds.

    Attributes
    ----------
    name
        What ``solve(game, name)`` and ``--method NAME`` call it.
    kinds
        The game kinds it takes (names in :data:`GAME_KINDS`).
    options
        The options it takes; any other is refused.
    complete
        ``True``: it lists every equilibrium of its concept unless a limit stops it;
        ``False``: one or some equilibria; ``None``: it depends on the game (each result
        says).
    summary
        One line for listings.
    runner
        ``"module:function"``; the function is imported when the method runs.
    fixed
        Keyword arguments always passed to the runner (``method="spe"`` for a family
        solver that serves several methods).
    budget
        The runner takes ``budget=`` (one :class:`~alliance_games.budget.Budget` started
        by :func:`~alliance_games.solve` from ``timeout`` and ``memory``).
    no_op
        Options accepted but with nothing to limit: ``auto`` takes ``timeout`` and
        ``memory`` on every game so that one budget fits every model, and families
        solved in closed form have no search to stop.
    """

    name: str
    kinds: tuple[str, ...]
    options: tuple[Option, ...]
    complete: bool | None
    summary: str
    runner: str
    fixed: tuple[tuple[str, Any], ...] = ()
    budget: bool = False
    no_op: tuple[str, ...] = ()

    def option(self, name: str) -> Option | None:
        """The option called ``name``, or None."""
        return next((o for o in self.options if o.name == name), None)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    def accepts(self, game: Any) -> bool:
        """Whether ``game`` is of one of this method's kinds."""
        return any(_KIND[k].test(game) for k in self.kinds)

    def load(self) -> Callable[..., Any]:
        """The runner function, imported now. An ImportError inside the solver is a bug
        and propagates as one."""
        module, _, function = self.runner.partition(":")
        runner: Callable[..., Any] = getattr(importlib.import_module(module), function)
        return runner

    def check_options(self, given: Mapping[str, Any], where: str = "") -> dict[str, Any]:
        """``given`` checked against the declared options (:class:`SolverError` for an
        unknown name or a value of the wrong type); ``progress`` is always accepted."""
        unknown = sorted(k for k in given if self.option(k) is None and k != "progress")
        if unknown:
            takes = ", ".join(n for n in self.option_names if n != "progress") or "none"
            plural = "s" if len(unknown) > 1 else ""
            raise SolverError(
                f"option{plural} {', '.join(unknown)} not understood by method "
                f"{self.name!r}{where}; its options: {takes}")
        out = {}
        for name, value in given.items():
            opt = self.option(name)
            out[name] = value if opt is None else opt.check(value, self.name)
        return out

    def describe_kinds(self) -> str:
        """The games it takes, in words (``"normal-form game"``)."""
        return describe_kinds(self.kinds)


_NORMAL = ("normal-2", "normal-n")
_TREE = ("extensive-2", "extensive-n")
_TREES = "alliance_games.solvers.tree.methods:solve_extensive"
_PUBLIC_GOODS = "alliance_games.solvers.public_goods.equilibria:solve_public_goods"
_BARGAINING = "alliance_games.solvers.bargaining.solutions:solve_bargaining"
_CRISIS = "alliance_games.solvers.crisis.solve:solve_crisis"
_AUTO_NORMAL = "alliance_games.solvers.auto:auto_normal_form"
_REPUTATION = "alliance_games.solvers.reputation.kreps_wilson:solve_chain_store"
_COALITIONAL = "alliance_games.solvers.coalitional.solve:solve_coalitional"
_EVOLUTION = "alliance_games.solvers.dynamics.evolution:solve_dynamics"
_GRID = Option("grid", int, None, "Starting points: each population's shares are multiples "
               "of 1/(grid+1) inside the simplex (two populations: their product); default "
               "10 on 2x2 games, coarser on larger ones (at most 100 starts).")
_HORIZON = Option("horizon", float, 100.0, "Time the replicator dynamics run from each "
                  "starting point.")
_ITERATIONS = Option("iterations", int, 1000, "Rounds of fictitious play from each "
                     "starting point.")
_SEED = Option("seed", int, 0, "Seed of numpy's global generator, which nashpy's "
               "stochastic fictitious play draws from (one stream per start; the "
               "caller's state is restored afterwards).")
_ETHA = Option("etha", float, 0.02, "Logit noise of the responses (nashpy's name; payoffs "
               "rescaled to [0, 1] per player); smaller is closer to a best response.")
_EPSILON_BAR = Option("epsilon_bar", float, 0.01, "Largest uniform perturbation of each "
                      "action's payoff (nashpy's name; payoffs rescaled to [0, 1]).")

#: every method, in the order listings show them
REGISTRY: tuple[Method, ...] = (
    # ----------------------------------------------------------------- auto
    Method("auto", ("repeated",), (EXACT, TIMEOUT, MEMORY), False,
           "the repeated-game analysis (critical discount factors, grim trigger, "
           "tit-for-tat)",
           "alliance_games.solvers.repeated.strategies:solve_repeated",
           no_op=("timeout", "memory")),
    Method("auto", ("normal-2",), (EXACT, TIMEOUT, MEMORY, PROGRESS), True,
           "vertex enumeration (every extreme equilibrium); past its budget one "
           "equilibrium by Lemke-Howson, marked incomplete", _AUTO_NORMAL),
    Method("auto", ("normal-n",), (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS), True,
           "support enumeration with polynomial systems (120 s unless --timeout); past "
           "its budget every pure equilibrium and one by logit QRE, marked incomplete; "
           "symmetric equilibria only for 7+ player symmetric two-action games",
           _AUTO_NORMAL),
    Method("auto", ("signaling",), (EXACT, TIMEOUT, MEMORY, PROGRESS), True,
           "every perfect Bayesian equilibrium class; past the budget one equilibrium by "
           "a method that fits, marked incomplete",
           "alliance_games.solvers.signaling.pbe:solve_pbe", fixed=(("fallback", True),)),
    Method("auto", _TREE, (EXACT, TIMEOUT, MEMORY, PROGRESS), None,
           "backward induction on perfect information; every perfect Bayesian "
           "equilibrium class (each tested for being sequential) when the reduced normal "
           "form is small, with the Nash equilibria set aside counted; else one by "
           "sequence-form Lemke (two players) or subgames solved bottom-up",
           "alliance_games.solvers.auto:auto_tree"),
    Method("auto", ("public_goods",), (EXACT, TIMEOUT, MEMORY), True,
           "the Nash contributions (unique) in closed form where the utility has one, "
           "numerically otherwise", _PUBLIC_GOODS, fixed=(("method", "auto"),),
           no_op=("timeout", "memory")),
    Method("auto", ("reputation",), (EXACT, TIMEOUT, MEMORY), False,
           "the Kreps-Wilson sequential equilibrium in closed form (entry, fighting and "
           "beliefs market by market)", _REPUTATION, no_op=("timeout", "memory")),
    Method("auto", ("coalitional",), (EXACT, TIMEOUT, MEMORY), True,
           "power indices (Shapley-Shubik, Banzhaf), winning and minimal winning "
           "coalitions, veto and dummy players, the core with an LP certificate checked "
           "in rationals, the nucleolus", _COALITIONAL, budget=True),
    Method("auto", ("dynamics",), (EXACT, TIMEOUT, MEMORY), True,
           "Richardson's arms race: rest point, eigenvalues, stability (ab > kl), time path",
           "alliance_games.solvers.dynamics.richardson:solve_richardson",
           no_op=("timeout", "memory")),
    Method("auto", ("bargaining",), (EXACT, TIMEOUT, MEMORY), True,
           "Rubinstein alternating offers when discount factors are given, else the Nash "
           "bargaining solution", _BARGAINING, fixed=(("method", "auto"),),
           no_op=("timeout", "memory")),
    Method("auto", ("crisis_bargaining",), (EXACT, TIMEOUT, MEMORY), True,
           "the crisis-bargaining solution (same as crisis-bargaining)", _CRISIS,
           no_op=("timeout", "memory")),
    # ----------------------------------------------------------------- normal form
    Method("pure", _NORMAL, (EXACT, TOL), True,
           "every pure-strategy Nash equilibrium",
           "alliance_games.solvers.normal.pure:pure_equilibria"),
    Method("iesds", _NORMAL, (EXACT, TOL), None,
           "iterated elimination of strictly dominated strategies (pure and mixed "
           "dominators); complete when one profile survives",
           "alliance_games.solvers.normal.iesds:solve_iesds"),
    Method("vertex-enumeration", ("normal-2",), (EXACT, TIMEOUT, MEMORY, PROGRESS, TOL),
           True, "every extreme equilibrium by vertex enumeration of the best-response "
           "polytopes, with the components they span",
           "alliance_games.solvers.normal.vertex_enumeration:vertex_enumeration",
           budget=True),
    Method("support-enumeration", ("normal-2",),
           (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS, TOL), True,
           "equal-size support pairs and their indifference systems (complete on "
           "nondegenerate games)",
           "alliance_games.solvers.normal.support_enumeration:support_enumeration",
           budget=True),
    Method("support-enumeration", ("normal-n",),
           (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS, TOL), True,
           "supports and their polynomial indifference systems (exact, algebraic numbers "
           "where needed)",
           "alliance_games.solvers.nplayer.supports:nplayer_support_enumeration",
           budget=True),
    Method("lemke-howson", ("normal-2",),
           (EXACT, TIMEOUT, MEMORY, PROGRESS, TOL, LABEL, ALL_FROM_ARTIFICIAL), False,
           "one equilibrium by the Lemke-Howson path of a label (or every equilibrium "
           "reachable from the artificial one)",
           "alliance_games.solvers.normal.lemke_howson:lemke_howson", budget=True),
    Method("logit", _NORMAL, (EXACT, TIMEOUT, MEMORY, PROGRESS, TOL, LOGIT_MAX_LAMBDA),
           False, "one equilibrium: the limit of the principal branch of logit quantal "
           "response equilibria", "alliance_games.solvers.nplayer.logit:logit_solve",
           budget=True),
    Method("support-search", ("normal-n",), (EXACT, TIMEOUT, MEMORY, PROGRESS, TOL), False,
           "one equilibrium: pure profiles, then the smallest supports (Newton on their "
           "indifference systems), stopping at the first certified one",
           "alliance_games.solvers.nplayer.search:support_search", budget=True),
    Method("path-search", ("normal-n",), (EXACT, TIMEOUT, MEMORY, PROGRESS, TOL), False,
           "one equilibrium: pure profiles, closed-form 2x2 sub-games, then supports read "
           "off the logit QRE path (Newton on their indifference systems), support search "
           "as the fallback",
           "alliance_games.solvers.nplayer.path_search:path_search", budget=True),
    Method("symmetric", ("symmetric-binary",), (EXACT, TOL), True,
           "every symmetric equilibrium in closed form (asymmetric ones are not "
           "searched)", "alliance_games.solvers.nplayer.symmetric:solve_symmetric"),
    Method("repeated", _NORMAL, (EXACT, DISCOUNT_FACTOR, COOPERATE), False,
           "the stage game repeated: critical discount factors, grim trigger, "
           "tit-for-tat and the stage equilibria played forever",
           "alliance_games.solvers.repeated.strategies:solve_repeated"),
    Method("nplayer-support-enumeration", _NORMAL,
           (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS, TOL), True,
           "the n-player support enumeration on any normal form (support-enumeration "
           "runs it for three or more players)",
           "alliance_games.solvers.nplayer.supports:nplayer_support_enumeration",
           budget=True),
    # ----------------------------------------------------------------- trees
    Method("spe", _TREE, (EXACT, TIMEOUT, MEMORY, PROGRESS), True,
           "every pure subgame perfect equilibrium by backward induction; with "
           "information sets, proper subgames solved bottom-up", _TREES,
           fixed=(("method", "spe"),)),
    Method("sequence-lcp", ("extensive-2",), (EXACT, TIMEOUT, MEMORY, PROGRESS), False,
           "one equilibrium by Lemke's algorithm on the sequence form (polynomial size)",
           _TREES, fixed=(("method", "sequence-lcp"),)),
    Method("enumerate", _TREE, (EXACT, TIMEOUT, MEMORY, PROGRESS), True,
           "every equilibrium through the reduced normal form, in behavior strategies, "
           "each tested for subgame perfection", _TREES,
           fixed=(("method", "enumerate"),)),
    Method("pbe", _TREE, (EXACT, TIMEOUT, MEMORY, PROGRESS, REFINE, FALLBACK), True,
           "every perfect Bayesian equilibrium class (separating, pooling ...), with "
           "off-path belief ranges, the Intuitive Criterion and D1",
           "alliance_games.solvers.signaling.pbe:solve_pbe"),
    Method("qre", _TREE, (EXACT, TIMEOUT, PROGRESS, QRE_MAX_LAMBDA), False,
           "one sequential-equilibrium candidate: the limit of the agent logit QRE",
           "alliance_games.solvers.tree.qre:solve_qre"),
    # ----------------------------------------------------------------- alliance families
    Method("kreps-wilson", ("reputation",), (EXACT,), False,
           "the Kreps-Wilson sequential equilibrium of the chain store (same as auto)",
           _REPUTATION),
    Method("public-goods", ("public_goods",), (EXACT,), True,
           "the Nash contributions (same as auto)", _PUBLIC_GOODS,
           fixed=(("method", "public-goods"),)),
    Method("closed-form", ("public_goods",), (EXACT,), True,
           "the Nash contributions in closed form where the utility has one, numerically "
           "otherwise", _PUBLIC_GOODS, fixed=(("method", "closed-form"),)),
    Method("numeric", ("public_goods",), (EXACT,), True,
           "the Nash contributions by numerical optimisation (strictly concave "
           "utilities)", _PUBLIC_GOODS, fixed=(("method", "numeric"),)),
    Method("nash-bargaining", ("bargaining",), (EXACT,), True,
           "the (weighted) Nash bargaining solution", _BARGAINING,
           fixed=(("method", "nash-bargaining"),)),
    Method("rubinstein", ("alternating-offers",), (EXACT,), True,
           "the subgame perfect equilibrium of Rubinstein's alternating offers",
           _BARGAINING, fixed=(("method", "rubinstein"),)),
    Method("crisis-bargaining", ("crisis_bargaining",), (EXACT,), True,
           "the risk-return optimum (closed form for uniform costs, exact enumeration for "
           "finitely many types) or the commitment problem by backward induction",
           _CRISIS),
    Method("coalitional", ("coalitional",), (EXACT, TIMEOUT, MEMORY), True,
           "the coalitional analysis (same as auto)", _COALITIONAL, budget=True),
    Method("richardson", ("dynamics",), (EXACT,), True,
           "Richardson's arms race (same as auto)",
           "alliance_games.solvers.dynamics.richardson:solve_richardson"),
    # ----------------------------------------------------------------- dynamics
    Method("replicator", ("normal-2",), (EXACT, TIMEOUT, MEMORY, _GRID, _HORIZON), False,
           "replicator dynamics (one population on a symmetric game, else two) from a grid "
           "of starts: the equilibria reached and their basins of attraction", _EVOLUTION,
           fixed=(("method", "replicator"),), budget=True, no_op=("memory",)),
    Method("asymmetric-replicator", ("normal-2",), (EXACT, TIMEOUT, MEMORY, _GRID, _HORIZON),
           False, "two-population replicator dynamics from a grid of starts: the "
           "equilibria reached and their basins", _EVOLUTION,
           fixed=(("method", "asymmetric-replicator"),), budget=True, no_op=("memory",)),
    Method("fictitious-play", ("normal-2",), (EXACT, TIMEOUT, MEMORY, _GRID, _ITERATIONS),
           False, "fictitious play (best responses to the other's empirical play) from a "
           "grid of prior beliefs: the equilibria its frequencies reach", _EVOLUTION,
           fixed=(("method", "fictitious-play"),), budget=True, no_op=("memory",)),
    Method("stochastic-fictitious-play", ("normal-2",),
           (EXACT, TIMEOUT, MEMORY, _GRID, _ITERATIONS, _SEED, _ETHA, _EPSILON_BAR), False,
           "stochastic fictitious play (logit responses to perturbed payoffs, seeded) from "
           "a grid of prior beliefs: where play converges and which equilibrium it "
           "approaches", _EVOLUTION,
           fixed=(("method", "stochastic-fictitious-play"),), budget=True,
           no_op=("memory",)),
    Method("auto", ("joint_products",), (EXACT, TIMEOUT, MEMORY), True,
           "the Nash spending (unique) and the efficient benchmark of the joint-products "
           "model", "alliance_games.solvers.public_goods.joint_products:solve_joint_products",
           fixed=(("method", "auto"),), no_op=("timeout", "memory")),
    Method("auto", ("alliance-family",), (EXACT, TIMEOUT, MEMORY, MAX_SUPPORT, PROGRESS), True,
           "the normal-form auto solve plus the family's figures (Morrow's contracts and "
           "durability; the chain-ganging thresholds) under analysis",
           "alliance_games.solvers.alliance.family_analysis:auto_with_family_analysis"),
    Method("joint-products", ("joint_products",), (EXACT,), True,
           "the Nash spending and efficient benchmark (same as auto)",
           "alliance_games.solvers.public_goods.joint_products:solve_joint_products",
           fixed=(("method", "joint-products"),)),
)


def method_names() -> list[str]:
    """Every method name, once each, in registry order."""
    return list(dict.fromkeys(m.name for m in REGISTRY))


def records_for(game: Any) -> list[Method]:
    """The record that runs each method on ``game`` (registry order)."""
    out = []
    for name in method_names():
        record = _pick(name, game)
        if record is not None:
            out.append(record)
    return out


def methods_for(game: Any) -> list[str]:
    """Names of the methods that take ``game``, in registry order.

    Examples
    --------
    >>> from alliance_games import load
    >>> methods_for(load("alliance/burden_bargaining"))
    ['auto', 'nash-bargaining', 'rubinstein']
    """
    return [m.name for m in records_for(game)]


def _pick(name: str, game: Any) -> Method | None:
    candidates = [m for m in REGISTRY if m.name == name]
    for kind in GAME_KINDS:
        for record in candidates:
            if kind.name in record.kinds and kind.test(game):
                return record
    return None


def describe_kinds(kinds: Iterable[str]) -> str:
    """Kinds in words; both player counts of a form read as the form."""
    names = list(dict.fromkeys(kinds))
    for pair, words in ((("normal-2", "normal-n"), "normal-form game"),
                        (("extensive-2", "extensive-n"), "game tree (extensive form)")):
        if all(k in names for k in pair):
            names[names.index(pair[0])] = words
            names.remove(pair[1])
    return " or ".join(_KIND[k].description if k in _KIND else k for k in names)


def find(name: str, game: Any) -> Method:
    """The record of method ``name`` for ``game``.

    Raises
    ------
    SolverError
        The name is unknown, or the method does not take games of this kind; the
        message lists the methods that do.
    """
    record = _pick(name, game)
    if record is not None:
        return record
    usable = ", ".join(methods_for(game))
    what = describe_game(game)
    if name not in method_names():
        raise SolverError(f"unknown method {quote(name)} for {what}; use one of {usable}")
    needs = describe_kinds(k for m in REGISTRY if m.name == name for k in m.kinds)
    raise SolverError(f"method {name!r} needs a {needs.replace('two-player', '2-player')}; "
                      f"this game is {what}. Methods for this game: {usable}")


def where(record: Method) -> str:
    """`` on a <kind>`` when the name has several records (their options differ)."""
    if sum(m.name == record.name for m in REGISTRY) < 2:
        return ""
    return f" on a {record.describe_kinds()}"


def parse_option_texts(method: str, game: Any, texts: Iterable[str]) -> dict[str, Any]:
    """``--option NAME=VALUE`` texts typed by the options of ``method`` on ``game``.

    A name the method does not take, a value of the wrong type, a name given twice or an
    option that has its own flag (``--timeout``) is a :class:`SolverError`. ``NAME`` may
    be written with ``-`` for ``_``.

    Examples
    --------
    >>> from alliance_games import load
    >>> game = load("security_dilemma/stag_hunt")
    >>> parse_option_texts("lemke-howson", game, ["label=2", "all-from-artificial=yes"])
    {'label': 2, 'all_from_artificial': True}
    """
    texts = list(texts)
    if not texts:
        return {}
    record = find(method, game)
    out: dict[str, Any] = {}
    for text in texts:
        name, sep, value = text.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name or not value.strip():
            raise SolverError(f"--option expects NAME=VALUE, found {quote(text)}")
        opt = record.option(name)
        if opt is None:
            record.check_options({name: None}, where(record))
        if opt is None or opt.type is Callable:
            raise SolverError(f"option {name} cannot be given on the command line")
        if opt.flag is not None:
            raise SolverError(f"give {name} with {opt.flag}, not with --option")
        if name in out:
            raise SolverError(f"option {name} is given twice; give it once")
        out[name] = opt.parse(value, record.name)
    return out
