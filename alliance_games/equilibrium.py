"""Equilibria, solve results and their verification.

An :class:`Equilibrium` is a strategy profile together with what it implies: each
player's expected payoff, the distribution over outcome labels, and its *regret*

.. math::

    \\operatorname{regret}(\\sigma) = \\max_i \\max_{s_i \\in S_i}
        \\bigl(u_i(s_i, \\sigma_{-i}) - u_i(\\sigma)\\bigr),

the most any player gains by switching to a pure strategy. A profile is a Nash
equilibrium iff its regret is 0 (checking pure deviations suffices because a mixed
deviation's payoff is an average of pure ones). Every equilibrium a solver returns has
passed :func:`verify_profile`: in exact mode the regret is computed in rationals and must
be exactly 0; in float mode it must be below ``tol``.

A :class:`SolveResult` is the frozen record of one solve: the game, the method, whether
the list is provably complete, the equilibria and the diagnostics (degeneracy, limits
hit, rounding) that every output format shows.

A result prints its full text report (``str``) and shows an HTML view in a notebook
(``_repr_html_``). Both read its predictions, which belong to a later stage
(:mod:`alliance_games.interpretation`); so this module imports nothing above the games,
and the package registers the two renderers from above as soon as this module is first
imported (:func:`register_result_renderer`, called by an import hook in
``alliance_games/__init__.py``).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, Protocol

import numpy as np

from .errors import SolverError
from .games.normal import NormalFormGame
from .games.protocol import Game
from .numbers import exact_needs_rational, format_sig

__all__ = [
    "Equilibrium",
    "ExactProfile",
    "Certificate",
    "SolveResult",
    "MixedProfile",
    "regret",
    "exact_regret",
    "expected_payoffs",
    "deviation_payoffs",
    "verify_profile",
    "make_equilibrium",
    "equilibrium_record",
    "register_result_renderer",
    "DEFAULT_TOL",
]

Number = Fraction | float
MixedProfile = tuple[tuple[Number, ...], ...]
"""One probability vector per player, over that player's strategies."""

DEFAULT_TOL = 1e-9


#: value types that are never mappings: _freeze skips the (slow) ABC isinstance check
_LEAVES = frozenset({float, Fraction, int, str, bool, type(None)})


def _freeze(mapping: Mapping[str, Any] | None,
            memo: dict[int, Mapping[str, Any]] | None = None) -> Mapping[str, Any] | None:
    """A read-only deep copy of ``mapping`` (nested mappings become read-only copies).

    A nested mapping that occurs several times (the solvers of large trees share one
    row dict among every information set with the same pure choice) is copied once per
    call: ``memo`` maps ``id()`` of each mapping seen to its copy (the originals are
    alive for the whole call, so their ids cannot be reused).
    """
    if mapping is None:
        return None
    if memo is None:
        memo = {}
    leaves = _LEAVES
    out: dict[str, Any] = {}
    for k, v in mapping.items():
        kind = type(v)
        if kind in leaves or (kind is not dict and kind is not MappingProxyType
                              and not isinstance(v, Mapping)):
            out[k] = v
            continue
        frozen = memo.get(id(v))
        if frozen is None:
            frozen = memo[id(v)] = _freeze(v, memo)  # type: ignore[assignment]
        out[k] = frozen
    return MappingProxyType(out)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium and what it implies.

    Attributes
    ----------
    players
        Player names, in game order.
    strategies
        Normal form: ``player -> strategy -> probability`` (every strategy listed).
    behavior
        Extensive form: ``player -> infoset -> action -> probability``.
    beliefs
        Extensive form: ``player -> infoset -> node or type -> probability``.
    payoffs
        ``player -> expected payoff``.
    outcomes
        ``outcome label -> probability`` (labels with probability 0 are omitted).
    regret
        Largest gain from a pure deviation (float; 0 within tolerance).
    exact
        True when probabilities and payoffs are exact :class:`~fractions.Fraction`\\ s
        and the regret was verified to be exactly 0.
    concept
        ``"nash"``, ``"subgame perfect"``, ``"perfect bayesian"``, ...
    notes
        Plain-language remarks (e.g. ``"part of a continuum of equilibria"``).
    extra
        Method-specific figures of this equilibrium (its ``analysis`` in JSON).
    certificate
        For a float record (``exact=False``) whose solver certified the equilibrium in
        rational arithmetic anyway (vertex and support enumeration, Lemke-Howson's exact
        certificate, exact pure equilibria of rational games, rational roots of the
        n-player support enumeration): the certified values, kept as the solver computed
        them (integers) so that the hot path builds no Fraction; :meth:`exact_form`
        turns them into the exact record, verified exactly, when an output asks (JSON's
        ``exact`` mirror). ``None`` otherwise, and in exact mode (the record itself is
        exact).
    """

    players: tuple[str, ...]
    payoffs: Mapping[str, Number]
    regret: float
    exact: bool
    strategies: Mapping[str, Mapping[str, Number]] | None = None
    behavior: Mapping[str, Mapping[str, Mapping[str, Number]]] | None = None
    beliefs: Mapping[str, Mapping[str, Mapping[str, Number]]] | None = None
    outcomes: Mapping[str, Number] = field(default_factory=lambda: MappingProxyType({}))
    concept: str = "nash"
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    certificate: Certificate | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for name in ("payoffs", "strategies", "behavior", "beliefs", "outcomes", "extra"):
            object.__setattr__(self, name, _freeze(getattr(self, name)))

    @property
    def pure(self) -> bool:
        """True when every player puts probability 1 on one strategy / action."""
        tables: list[Mapping[str, Number]] = []
        if self.strategies is not None:
            tables.extend(self.strategies.values())
        if self.behavior is not None:
            for infosets in self.behavior.values():
                tables.extend(infosets.values())
        return all(all(p == 0 or p == 1 for p in t.values()) for t in tables)

    def exact_form(self) -> Equilibrium | None:
        """This equilibrium with every value exact, when it was certified in rationals.

        The record itself in exact mode; else the exact record its solver's
        :attr:`certificate` gives (built and verified exactly now, from its game's
        rational payoffs: probabilities, payoffs and outcome probabilities as
        Fractions); else ``None`` (known only to tolerance). A certificate whose profile
        fails the exact check (a solver may attach the rational candidate it verified
        in floats only) also gives ``None``: nothing is claimed exact unless the regret
        is exactly 0.

        Examples
        --------
        >>> from alliance_games.games.normal import NormalFormGame
        >>> from alliance_games.solvers.normal.vertex_enumeration import vertex_enumeration
        >>> g = NormalFormGame.from_arrays([[[4, 0], [3, 2]], [[4, 3], [0, 2]]])
        >>> mixed = vertex_enumeration(g)[2]
        >>> mixed.profile(), mixed.exact_form().profile()  # doctest: +NORMALIZE_WHITESPACE
        (((0.6666666666666666, 0.3333333333333333), (0.6666666666666666, 0.3333333333333333)),
         ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3))))
        """
        if self.exact:
            return self
        if self.certificate is None:
            return None
        try:
            return self.certificate.record()
        except SolverError:
            return None

    def support(self, player: str) -> tuple[str, ...]:
        """Strategies the player uses with positive probability."""
        if self.strategies is None:
            raise SolverError("support() is defined for normal-form equilibria")
        return tuple(s for s, p in self.strategies[player].items() if p > 0)

    def profile(self) -> MixedProfile:
        """The mixed profile as one probability tuple per player (normal form)."""
        if self.strategies is None:
            raise SolverError("profile() is defined for normal-form equilibria")
        return tuple(tuple(self.strategies[p].values()) for p in self.players)

    def __repr__(self) -> str:
        if self.strategies is not None:
            parts = []
            for player, dist in self.strategies.items():
                used = [f"{s}:{_fmt(p)}" for s, p in dist.items() if p > 0]
                parts.append(f"{player}=({', '.join(used)})")
            body = " ".join(parts)
        else:
            body = f"{len(self.behavior or {})} players' behavior"
        return f"<Equilibrium {self.concept} {body}>"


def _fmt(p: Number) -> str:
    return format_sig(p)


class Certificate(Protocol):
    """What a solver keeps of an equilibrium it certified in rational arithmetic while
    reporting floats: enough to rebuild the exact record on demand (it holds the game it
    was found in: a family's result may hold another, e.g. a model around its tree)."""

    def record(self) -> Equilibrium:
        """The exact :class:`Equilibrium` (``exact=True``), verified exactly; raises
        :class:`SolverError` when the values are not exactly an equilibrium."""
        ...


class ExactProfile(NamedTuple):
    """A normal-form profile certified in rationals, as the certifier's integers.

    Player ``i`` of ``game`` plays strategy ``s`` with probability
    ``weights[i][s] / totals[i]`` (``totals[i] = sum(weights[i]) > 0``, summed when
    needed if ``None``; the weights need not be reduced). The solver's own integer
    sequences are kept as they are (vertex enumeration keeps its vertices' numerator
    lists, never changed afterwards): this costs a solver one small tuple per
    equilibrium; the Fractions, the exact payoffs and the outcome probabilities are
    formed only by :meth:`record`.

    >>> from alliance_games.games.normal import NormalFormGame
    >>> g = NormalFormGame.from_arrays([[[4, 0], [3, 2]], [[4, 3], [0, 2]]])
    >>> ExactProfile(((2, 1), (4, 2)), (3, 6), g).record().payoffs["P1"]
    Fraction(8, 3)
    """

    weights: Sequence[Sequence[int]]
    totals: Sequence[int] | None
    game: NormalFormGame

    @classmethod
    def pure(cls, game: NormalFormGame, profile: Sequence[int]) -> ExactProfile:
        """The pure profile playing strategy index ``profile[i]`` for each player ``i``."""
        return cls(tuple(tuple(int(j == s) for j in range(m))
                         for s, m in zip(profile, game.shape, strict=True)),
                   (1,) * len(profile), game)

    @classmethod
    def of(cls, game: NormalFormGame,
           profile: Sequence[Sequence[Fraction | int]]) -> ExactProfile:
        """From Fractions: each player's weights over the lcm of the denominators."""
        weights, totals = [], []
        for sigma in profile:
            fractions_ = [Fraction(p) for p in sigma]
            d = math.lcm(*(f.denominator for f in fractions_))
            weights.append(tuple(f.numerator * (d // f.denominator) for f in fractions_))
            totals.append(d)
        return cls(tuple(weights), tuple(totals), game)

    @classmethod
    def sparse(cls, game: NormalFormGame,
               mixes: Sequence[tuple[Sequence[int], Sequence[int], int]]) -> ExactProfile:
        """From each player's ``(support, weights on it, total)``."""
        weights = []
        for size, (support, c, _) in zip(game.shape, mixes, strict=True):
            dense = [0] * size
            for s, w in zip(support, c, strict=True):
                dense[s] = int(w)
            weights.append(tuple(dense))
        return cls(tuple(weights), tuple(int(total) for _, _, total in mixes), game)

    def fractions(self) -> tuple[tuple[Fraction, ...], ...]:
        """The probabilities as Fractions, one tuple per player."""
        totals = self.totals or [sum(ws) for ws in self.weights]
        return tuple(tuple(Fraction(w, t) for w in ws)
                     for ws, t in zip(self.weights, totals, strict=True))

    def record(self) -> Equilibrium:
        """The exact record :func:`make_equilibrium` builds on :attr:`game` (regret
        verified exactly 0)."""
        return make_equilibrium(self.game, self.fractions(), exact=True)


def _normal_form_record(
    players: tuple[str, ...],
    strategies: dict[str, dict[str, Number]],
    payoffs: dict[str, Number],
    regret: float,
    exact: bool,
    outcomes: dict[str, Number],
    concept: str = "nash",
    notes: tuple[str, ...] = (),
    certificate: Certificate | None = None,
) -> Equilibrium:
    """The :class:`Equilibrium` that ``Equilibrium(players=..., strategies=..., ...)``
    builds from these fields, for callers that pass fresh dicts whose values are numbers
    (``strategies``: player -> strategy -> probability): the same fields, wrapped
    read-only here instead of deep-copied by ``__post_init__`` (that copy was a tenth of
    a small game's vertex enumeration). The caller must not keep or mutate the dicts."""
    record = object.__new__(Equilibrium)
    record.__dict__.update(
        players=players,
        payoffs=MappingProxyType(payoffs),
        regret=regret,
        exact=exact,
        strategies=MappingProxyType(
            {player: MappingProxyType(table) for player, table in strategies.items()}),
        behavior=None,
        beliefs=None,
        outcomes=MappingProxyType(outcomes),
        concept=concept,
        notes=notes,
        extra=MappingProxyType({}),
        certificate=certificate,
    )
    return record


@dataclass(frozen=True, eq=False)
class SolveResult:
    """The frozen record of one solve.

    Attributes
    ----------
    game
        The game that was solved (normal or extensive form).
    method
        The method that ran (``"vertex-enumeration"``, ``"pure"``, ...).
    complete
        True when ``equilibria`` is provably the full list of the requested kind.
    equilibria
        The verified equilibria.
    exact
        The run's mode: True when the equilibria are reported as exact numbers, every
        record ``exact`` (``exact=True``/``--exact``, or a family whose solver always
        computes in rationals). False when floats are reported (a default run, or an
        irrational equilibrium); a float record may still have been certified in
        rationals: see :meth:`Equilibrium.exact_form`. JSON's top-level ``exact``.
    diagnostics
        Plain-language notes every output shows: degeneracy, limits hit, rounding.
    components
        For degenerate games: groups of equilibrium indices that form one connected
        component (each group's convex hulls of maximal Nash subsets).
    extra
        Method-specific data (elimination order, critical discount factor ...).
    """

    game: Game
    method: str
    complete: bool
    equilibria: tuple[Equilibrium, ...]
    exact: bool = False
    diagnostics: tuple[str, ...] = ()
    components: tuple[tuple[int, ...], ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    requested_method: str = "auto"

    def __post_init__(self) -> None:
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "diagnostics", tuple(self.diagnostics))
        object.__setattr__(self, "extra", _freeze(self.extra))

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]

    def __repr__(self) -> str:
        flag = "complete" if self.complete else "possibly incomplete"
        return (
            f"<SolveResult {self.method}: {len(self.equilibria)} "
            f"{'equilibrium' if len(self.equilibria) == 1 else 'equilibria'} ({flag}) "
            f"of {getattr(self.game, 'name', '')!r}>"
        )

    def __str__(self) -> str:
        render = _RESULT_RENDERERS.get("text")
        return render(self) if render is not None else repr(self)

    def _repr_html_(self) -> str:
        render = _RESULT_RENDERERS.get("html")
        if render is not None:
            return render(self)
        import html  # notebooks only (html.entities costs ~1 ms at import)

        return html.escape(repr(self))


# ---------------------------------------------------------------------- display
RendererKind = Literal["text", "html"]

_RESULT_RENDERERS: dict[str, Callable[[SolveResult], str]] = {}


def register_result_renderer(kind: RendererKind, render: Callable[[SolveResult], str]) -> None:
    """Use ``render(result)`` for ``str(result)`` (``kind="text"``) or for a notebook's
    ``result._repr_html_()`` (``kind="html"``).

    The full views include the predictions of :mod:`alliance_games.interpretation`, a
    later layer than this module; the package registers
    :func:`alliance_games.report.text.render_text` and
    :func:`alliance_games.report.markdown.render_html_fragment` right after this module
    is first imported (an import hook), so that the type keeps its display without
    importing upward. Until then (never, in
    practice: importing any submodule imports the package first) ``str`` and the HTML
    view fall back to the one-line ``repr``.

    Parameters
    ----------
    kind
        ``"text"`` or ``"html"``.
    render
        A function of the result returning the text (or HTML fragment) to show.
    """
    if kind not in ("text", "html"):
        raise ValueError(f"renderer kind must be 'text' or 'html', not {kind!r}")
    _RESULT_RENDERERS[kind] = render


# ---------------------------------------------------------------------- verification
_INTEGER_PAYOFFS: weakref.WeakKeyDictionary[NormalFormGame, tuple[np.ndarray, int]] = (
    weakref.WeakKeyDictionary()
)


def _integer_payoffs(game: NormalFormGame) -> tuple[np.ndarray, int]:
    """The exact payoffs times the lcm ``L`` of their denominators, as Python ints.

    Contracting integer arrays is several times faster than contracting Fractions (no gcd
    after every operation); the scale is divided out once at the end.
    """
    cached = _INTEGER_PAYOFFS.get(game)
    if cached is None and game.integer_payoffs is not None:
        # an integer game already holds them: no Fraction is built
        cached = (game.integer_payoffs.astype(object), 1)
        _INTEGER_PAYOFFS[game] = cached
    if cached is None:
        assert game.exact_payoffs is not None
        scale = math.lcm(*{int(v.denominator) for v in game.exact_payoffs.flat})
        ints = np.frompyfunc(lambda v: int(v.numerator) * (scale // int(v.denominator)),
                             1, 1)(game.exact_payoffs)
        cached = (np.asarray(ints, dtype=object), scale)
        _INTEGER_PAYOFFS[game] = cached
    return cached


def deviation_payoffs(
    game: NormalFormGame, profile: Sequence[Sequence[Number]], exact: bool = False
) -> list[np.ndarray]:
    """``v[i][s]``: player ``i``'s expected payoff from pure strategy ``s`` against ``σ_{-i}``.

    Computed by contracting the payoff array with every other player's mixed strategy. In
    exact mode the contraction runs on integers (payoffs and probabilities scaled by the
    lcm of their denominators) and the result is a Fraction array.
    """
    n = game.n_players
    if exact:
        if game.exact_payoffs is None:
            exact_needs_rational()
        payoffs, scale = _integer_payoffs(game)
        fractions_ = [[Fraction(p) for p in s] for s in profile]
        scales = [math.lcm(*(f.denominator for f in s)) for s in fractions_]
        sigma = [
            np.array([int(f.numerator) * (k // int(f.denominator)) for f in s], dtype=object)
            for s, k in zip(fractions_, scales, strict=True)
        ]
    else:
        payoffs = game.payoffs
        sigma = [np.asarray([float(p) for p in s], dtype=float) for s in profile]
    out = []
    for i in range(n):
        table = payoffs[i]
        # contract from the last axis down so that axis indices stay valid
        for j in reversed(range(n)):
            if j == i:
                continue
            table = np.tensordot(table, sigma[j], axes=([j], [0]))
        table = np.asarray(table)
        if exact:
            denominator = scale * math.prod(k for j, k in enumerate(scales) if j != i)
            table = np.array([Fraction(int(v), denominator) for v in table.flat],
                             dtype=object).reshape(table.shape)
        out.append(table)
    return out


def expected_payoffs(
    game: NormalFormGame, profile: Sequence[Sequence[Number]], exact: bool = False
) -> tuple[Number, ...]:
    """Each player's expected payoff under the mixed profile."""
    devs = deviation_payoffs(game, profile, exact)
    if exact:
        return tuple(
            sum((Fraction(p) * v for p, v in zip(profile[i], devs[i], strict=True)), Fraction(0))
            for i in range(game.n_players)
        )
    return tuple(
        float(np.dot(np.asarray(profile[i], dtype=float), devs[i]))
        for i in range(game.n_players)
    )


def regret(game: NormalFormGame, profile: Sequence[Sequence[Number]]) -> float:
    """Largest gain any player gets from a pure deviation (floats)."""
    devs = deviation_payoffs(game, profile)
    best = 0.0
    for i in range(game.n_players):
        value = float(np.dot(np.asarray(profile[i], dtype=float), devs[i]))
        best = max(best, float(np.max(devs[i])) - value)
    return best


def exact_regret(game: NormalFormGame, profile: Sequence[Sequence[Number]]) -> Fraction:
    """Largest gain from a pure deviation, in rational arithmetic."""
    devs = deviation_payoffs(game, profile, exact=True)
    best = Fraction(0)
    for i in range(game.n_players):
        value = sum(
            (Fraction(p) * v for p, v in zip(profile[i], devs[i], strict=True)), Fraction(0)
        )
        best = max(best, max(devs[i]) - value)
    return best


def _check_distribution(game: NormalFormGame, profile: Sequence[Sequence[Number]]) -> None:
    if len(profile) != game.n_players:
        raise SolverError(f"profile has {len(profile)} players, game has {game.n_players}")
    for i, sigma in enumerate(profile):
        if len(sigma) != game.shape[i]:
            raise SolverError(f"player {game.players[i]}: {len(sigma)} probabilities given")
        if any(p < 0 for p in sigma):
            raise SolverError(f"player {game.players[i]}: negative probability")


def verify_profile(
    game: NormalFormGame,
    profile: Sequence[Sequence[Number]],
    *,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
) -> float:
    """Check that ``profile`` is a Nash equilibrium; return its (float) regret.

    Raises :class:`SolverError` if it is not: regret above ``tol`` in float mode, any
    positive regret or probabilities not summing to exactly 1 in exact mode.
    """
    _check_distribution(game, profile)
    if exact:
        for i, sigma in enumerate(profile):
            if sum((Fraction(p) for p in sigma), Fraction(0)) != 1:
                raise SolverError(f"player {game.players[i]}: probabilities do not sum to 1")
        r: Fraction | float = exact_regret(game, profile)
        if r != 0:
            raise SolverError(f"profile is not an equilibrium: exact regret {r}")
        return 0.0
    for i, sigma in enumerate(profile):
        if abs(sum(float(p) for p in sigma) - 1.0) > tol:
            raise SolverError(f"player {game.players[i]}: probabilities do not sum to 1")
    r = regret(game, profile)
    scale = max(1.0, float(np.max(np.abs(game.payoffs))))
    if r > tol * scale:
        raise SolverError(f"profile is not an equilibrium: regret {r:.3g}")
    return r


def outcome_distribution(
    game: NormalFormGame, profile: Sequence[Sequence[Number]], exact: bool = False
) -> dict[str, Number]:
    """Probability of each outcome label under the mixed profile (labels with p > 0)."""
    dist: dict[str, Number] = {}
    zero: Number = Fraction(0) if exact else 0.0
    for prof, label in game.outcomes.items():
        p: Number = Fraction(1) if exact else 1.0
        for i, s in enumerate(prof):
            q = profile[i][s]
            p = p * (Fraction(q) if exact else float(q))
            if p == 0:
                break
        if p != 0:
            dist[label] = dist.get(label, zero) + p
    return dist


def make_equilibrium(
    game: NormalFormGame,
    profile: Sequence[Sequence[Number]],
    *,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
    notes: Sequence[str] = (),
    concept: str = "nash",
    certificate: Certificate | None = None,
) -> Equilibrium:
    """Verify a normal-form profile and wrap it as an :class:`Equilibrium`.

    In exact mode the probabilities must be Fractions (or ints) and the regret is checked
    to be exactly zero; otherwise it must be below ``tol`` (relative to the payoff scale).
    A float record may carry the solver's ``certificate`` (an :class:`ExactProfile` of
    the same profile, which the solver proved an equilibrium in rationals): it is kept
    unchecked, for :meth:`Equilibrium.exact_form`.

    The checks and values are those of :func:`verify_profile` and
    :func:`expected_payoffs` (same errors, same floating-point operations, so the same
    regret and payoffs to the last bit), computed from one contraction of the payoffs
    instead of two; exact mode contracts integers and forms each Fraction once.
    """
    checked: MixedProfile
    values: tuple[Number, ...]
    if exact:
        fractions_ = tuple(tuple(Fraction(p) for p in s) for s in profile)
        r, values = _verified_exact(game, fractions_)
        checked = fractions_
    else:
        checked = tuple(tuple(float(p) for p in s) for s in profile)
        r, values = _verified_float(game, checked, tol)
    return equilibrium_record(game, checked, values, regret=r, exact=exact, notes=notes,
                              concept=concept, certificate=None if exact else certificate)


def equilibrium_record(
    game: NormalFormGame,
    profile: MixedProfile,
    payoffs: Sequence[Number],
    *,
    regret: float,
    exact: bool,
    notes: Sequence[str] = (),
    concept: str = "nash",
    certificate: Certificate | None = None,
) -> Equilibrium:
    """Wrap a profile the caller has already proved an equilibrium (no check here).

    For solvers whose own certificate proves the profile's regret 0 and gives the
    players' expected ``payoffs`` (e.g. the exact indifference systems of a
    Lemke-Howson end point): the record is the one :func:`make_equilibrium` builds for
    the same profile (``profile`` already Fractions when ``exact``, floats otherwise).
    A float record may carry the ``certificate`` (the exact profile, as integers) for
    :meth:`Equilibrium.exact_form`.
    """
    return _normal_form_record(
        game.players,
        {player: dict(zip(game.strategies[i], profile[i], strict=True))
         for i, player in enumerate(game.players)},
        dict(zip(game.players, payoffs, strict=True)),
        regret,
        exact,
        outcome_distribution(game, profile, exact) if game.outcomes else {},
        concept,
        tuple(notes),
        certificate,
    )


_PAYOFF_SCALE: weakref.WeakKeyDictionary[NormalFormGame, float] = weakref.WeakKeyDictionary()
_COLUMN_TRANSPOSED: weakref.WeakKeyDictionary[NormalFormGame, np.ndarray] = (
    weakref.WeakKeyDictionary()
)


def _payoff_scale(game: NormalFormGame) -> float:
    """``max(1, max |u|)``: the scale of :func:`verify_profile`'s float tolerance."""
    scale = _PAYOFF_SCALE.get(game)
    if scale is None:
        scale = _PAYOFF_SCALE[game] = max(1.0, float(np.max(np.abs(game.payoffs))))
    return scale


def _float_deviations(game: NormalFormGame, sigma: list[np.ndarray]) -> list[np.ndarray]:
    """:func:`deviation_payoffs` in floats, by the same floating-point operations.

    For two players ``np.tensordot`` reduces to ``dot(A, y[:, None])`` and to
    ``dot(B^T, x[:, None])`` with ``B^T`` copied C-contiguous; those calls are made here
    directly (the copy cached per game), so the results are identical bit for bit.
    """
    if game.n_players != 2:
        # np.tensordot's own steps for axes ([j], [0]) (move axis j last, reshape, dot
        # with sigma as a column), without its argument handling: the same products
        n = game.n_players
        out = []
        for i in range(n):
            table = game.payoffs[i]
            for j in reversed(range(n)):
                if j != i:
                    shape = table.shape
                    rest = [k for k in range(table.ndim) if k != j]
                    table = np.dot(table.transpose(rest + [j]).reshape(-1, shape[j]),
                                   sigma[j].reshape(shape[j], 1)).reshape(
                        [shape[k] for k in rest])
            out.append(table)
        return out
    m, n = game.shape
    bt = _COLUMN_TRANSPOSED.get(game)
    if bt is None:
        bt = _COLUMN_TRANSPOSED[game] = game.payoffs[1].transpose(1, 0).reshape(n, m)
    return [np.dot(game.payoffs[0], sigma[1].reshape(n, 1)).reshape(m),
            np.dot(bt, sigma[0].reshape(m, 1)).reshape(n)]


def _verified_float(game: NormalFormGame, profile: MixedProfile, tol: float
                    ) -> tuple[float, tuple[float, ...]]:
    """:func:`verify_profile` and :func:`expected_payoffs` (floats) in one contraction
    (the checks of :func:`_check_distribution` on arrays, same order and messages)."""
    if len(profile) != game.n_players:
        raise SolverError(f"profile has {len(profile)} players, game has {game.n_players}")
    arrays = [np.asarray(s, dtype=float) for s in profile]
    for i, array in enumerate(arrays):
        if len(array) != game.shape[i]:
            raise SolverError(f"player {game.players[i]}: {len(array)} probabilities given")
        if (array < 0).any():
            raise SolverError(f"player {game.players[i]}: negative probability")
    for i, sigma in enumerate(profile):
        if abs(sum(sigma) - 1.0) > tol:
            raise SolverError(f"player {game.players[i]}: probabilities do not sum to 1")
    devs = _float_deviations(game, arrays)
    values = tuple(float(np.dot(s, d)) for s, d in zip(arrays, devs, strict=True))
    r = 0.0
    for d, value in zip(devs, values, strict=True):
        r = max(r, float(np.max(d)) - value)
    if r > tol * _payoff_scale(game):
        raise SolverError(f"profile is not an equilibrium: regret {r:.3g}")
    return r, values


def _verified_exact(game: NormalFormGame, profile: tuple[tuple[Fraction, ...], ...]
                    ) -> tuple[float, tuple[Fraction, ...]]:
    """:func:`verify_profile` and :func:`expected_payoffs` (exact) in integers.

    With ``σ_i = c_i / d_i`` (integer numerators over the lcm ``d_i``) and the payoffs
    ``u_i = U_i / L``, player ``i``'s deviation payoffs are ``D_i / (L Π_{j≠i} d_j)``
    with ``D_i`` an integer contraction, the expected payoff is
    ``c_i · D_i / (L Π_j d_j)`` and the regret ``(d_i max D_i - c_i · D_i) / (L Π_j d_j)``:
    it is 0 iff ``d_i max D_i == c_i · D_i`` for every player (integers, no Fraction).
    """
    _check_distribution(game, profile)
    for i, sigma in enumerate(profile):
        if sum(sigma, Fraction(0)) != 1:
            raise SolverError(f"player {game.players[i]}: probabilities do not sum to 1")
    if game.exact_payoffs is None:
        exact_needs_rational()
    payoffs, scale = _integer_payoffs(game)
    dens = [math.lcm(*(f.denominator for f in s)) for s in profile]
    nums: list[np.ndarray] = [
        np.array([f.numerator * (d // f.denominator) for f in s], dtype=object)
        for s, d in zip(profile, dens, strict=True)]
    denominator = scale * math.prod(dens)
    values = []
    worst = Fraction(0)
    for i in range(game.n_players):
        if game.n_players == 2:
            table = (np.dot(payoffs[0], nums[1]) if i == 0 else np.dot(nums[0], payoffs[1]))
        else:
            table = payoffs[i]
            for j in reversed(range(game.n_players)):
                if j != i:
                    table = np.tensordot(table, nums[j], axes=([j], [0]))
        flat = [int(v) for v in np.asarray(table).flat]
        total = sum(c * v for c, v in zip(nums[i].tolist(), flat, strict=True))
        values.append(Fraction(total, denominator))
        gain = max(flat) * dens[i] - total
        if gain != 0:
            worst = max(worst, Fraction(gain, denominator))
    if worst != 0:
        raise SolverError(f"profile is not an equilibrium: exact regret {worst}")
    return 0.0, tuple(values)
