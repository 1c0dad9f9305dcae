"""Behavior-strategy profiles of extensive-form games: regret, subgame perfection, Kuhn.

Every equilibrium an extensive-form solver returns is built by
:func:`make_behavior_equilibrium`, which *verifies* it on the tree:

* **regret** (Nash): for each player ``i`` the best-response value against the others'
  behavior is computed by one backward pass over ``i``'s information sets. With perfect
  recall, ``V(h) = max_a [ W(h, a) + sum_{h' after (h, a)} V(h') ]`` where ``W(h, a)``
  sums ``r_{-i}(z) u_i(z)`` over terminal nodes ``z`` whose last own sequence is
  ``(h, a)`` and ``r_{-i}`` is the reach probability from chance and the other players
  only. The best pure deviation is worth ``W(∅) + sum_{h first} V(h)``; the regret is
  that minus the profile's payoff, maximised over players. This is the regret against
  every pure strategy, in time linear in the tree size. In exact mode it is computed in
  rationals and must be exactly 0.
* **subgame perfection**: the same regret computed in every subgame (Selten 1965) must
  vanish.

Information sets that a profile does not reach because of the player's *own* earlier
moves carry no behavior in a realization plan or a reduced-normal-form mixed strategy; they
are completed with an action that is best given the others' behavior (the player's own
reach treated as 1). Any completion keeps a Nash equilibrium one; this one also makes
equilibria subgame perfect where possible.

References
----------
R. Selten, "Spieltheoretische Behandlung eines Oligopolmodells mit Nachfrageträgheit",
*Zeitschrift für die gesamte Staatswissenschaft* 121, 1965.
H. W. Kuhn, "Extensive games and the problem of information", 1953.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple, cast

import numpy as np

from ...equilibrium import DEFAULT_TOL, Equilibrium
from ...errors import SolverError
from ...games.extensive import CHANCE, TERMINAL, ExtensiveFormGame
from ...games.tree_arrays import tree_arrays
from ...numbers import exact_needs_rational
from .tree_passes import exact_pure_values, float_pure_pass, without_gc

__all__ = [
    "best_response_values",
    "player_regrets",
    "subgame_regret",
    "is_subgame_perfect",
    "complete_behavior",
    "one_shot_regret",
    "mixed_to_behavior",
    "make_behavior_equilibrium",
    "node_values",
    "node_value",
    "BehaviorCertificate",
]

Table = list  # list over information sets of probability tuples (or None)


def best_response_values(
    game: ExtensiveFormGame, table: Table, player: int, *, exact: bool = False, root: int = 0
) -> tuple[Any, dict[int, int]]:
    """Best-response value of ``player`` in the subtree at ``root``, and a best action per set.

    ``root`` must root a subgame (or be the root). Returns ``(value, {infoset: action})``.
    """
    zero: Any = Fraction(0) if exact else 0.0
    others = game.reach_table(table, exact=exact, root=root, skip_player=player)
    end = root + game.subtree_size[root]
    seqs = game.node_sequences[player]
    val: dict[int, Any] = {}
    base = zero
    inside = _inside_infosets(game, player, root, end)
    for v in range(root, end):
        node = game.nodes[v]
        if node.kind != TERMINAL:
            continue
        w = others[v - root]
        if w == 0:
            continue
        pay = game._terminal_payoffs(node, exact)[player]
        s = seqs[v]
        pair = game.sequences[player][s]
        if pair is not None and pair[0] in inside:
            val[s] = val.get(s, zero) + w * pay
        else:
            base += w * pay
    best: dict[int, int] = {}
    for h in sorted(inside, reverse=True):
        k = len(game.infosets[h].actions)
        options = [val.get(game.sequence_number(h, a), zero) for a in range(k)]
        a_best = max(range(k), key=lambda a: options[a])
        best[h] = a_best
        ps = game.parent_sequence[h]
        pair = game.sequences[player][ps]
        if pair is not None and pair[0] in inside:
            val[ps] = val.get(ps, zero) + options[a_best]
        else:
            base += options[a_best]
    return base, best


def _inside_infosets(game: ExtensiveFormGame, player: int, root: int, end: int) -> set[int]:
    return {
        h for h in game.player_infosets[player]
        if root <= game.infosets[h].members[0] < end
    }


def player_regrets(
    game: ExtensiveFormGame, table: Table, *, exact: bool = False, root: int = 0
) -> tuple[list[Any], tuple[Any, ...]]:
    """Each player's regret (best-response value minus value) in the subtree at ``root``,
    and the players' values there."""
    values = game.expected_payoffs(table, exact=exact, root=root)
    regrets = []
    for i in range(game.n_players):
        br, _ = best_response_values(game, table, i, exact=exact, root=root)
        regrets.append(br - values[i])
    return regrets, values


def subgame_regret(game: ExtensiveFormGame, table: Table, *, exact: bool = False) -> Any:
    """The largest regret of any player in any subgame."""
    worst: Any = Fraction(0) if exact else 0.0
    for r in game.subgame_roots:
        regrets, _ = player_regrets(game, table, exact=exact, root=r)
        worst = max(worst, *regrets)
    return worst


def _scale(game: ExtensiveFormGame) -> float:
    return max([1.0] + [abs(x) for z in game.terminals for x in game.nodes[z].payoffs])


def is_subgame_perfect(
    game: ExtensiveFormGame, table: Table, *, exact: bool = False, tol: float = DEFAULT_TOL
) -> bool:
    """True when the profile is a Nash equilibrium of every subgame."""
    r = subgame_regret(game, table, exact=exact)
    return r == 0 if exact else float(r) <= tol * _scale(game)


def one_shot_regret(game: ExtensiveFormGame, table: Table, *, exact: bool = False) -> Any:
    """Largest gain from changing the action at one decision node, continuation fixed.

    In a finite game of perfect information a profile is subgame perfect iff this is 0
    (the one-shot deviation principle; Osborne & Rubinstein 1994, Lemma 98.2). It costs
    one backward pass, against one regret computation per subgame.
    """
    if not game.is_perfect_information:
        raise SolverError("the one-shot deviation check needs perfect information")
    values = node_values(game, table, exact)
    worst: Any = Fraction(0) if exact else 0.0
    for v, node in enumerate(game.nodes):
        if node.kind != "decision":
            continue
        i = node.player
        best = max(values[c][i] for c in node.children)
        worst = max(worst, best - values[v][i])
    return worst


def complete_behavior(
    game: ExtensiveFormGame, table: Table, *, exact: bool = False
) -> Table:
    """Fill the information sets without behavior (``None``) with best actions.

    Sets are filled from the bottom of the tree up (reverse tree order); at each, the
    action maximising the owner's payoff given everything already fixed, weighting its
    nodes by the reach probability of chance and the other players. Ties go to the first
    action. Small trees are re-evaluated after each choice; large trees use one pass.
    """
    missing = [h for h, t in enumerate(table) if t is None]
    if not missing:
        return list(table)
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    table = list(table)
    for h in missing:
        k = len(game.infosets[h].actions)
        table[h] = tuple(one if a == 0 else zero for a in range(k))
    sequential = len(game.nodes) * len(missing) <= 400_000
    values = node_values(game, table, exact)
    reach_cache: dict[int, list[Any]] = {}
    for h in sorted(missing, reverse=True):
        s = game.infosets[h]
        i = s.player
        if i not in reach_cache:
            reach_cache[i] = game.reach_table(table, exact=exact, skip_player=i)
        others = reach_cache[i]
        k = len(s.actions)
        scores = [zero] * k
        for v in s.members:
            w = others[v]
            if w == 0:
                continue
            for a, c in enumerate(game.nodes[v].children):
                scores[a] += w * values[c][i]
        if all(others[v] == 0 for v in s.members):
            for v in s.members:
                for a, c in enumerate(game.nodes[v].children):
                    scores[a] += values[c][i]
        a_best = max(range(k), key=lambda a: scores[a])
        table[h] = tuple(one if a == a_best else zero for a in range(k))
        if sequential:
            values = node_values(game, table, exact)
            reach_cache.clear()
    return table


def node_values(game: ExtensiveFormGame, table: Table, exact: bool) -> list[Any]:
    """Expected payoff vector at every node when everybody follows ``table`` from there."""
    values: list[Any] = [None] * len(game.nodes)
    fill_node_values(game, table, exact, range(len(game.nodes)), values)
    return values


def fill_node_values(game: ExtensiveFormGame, table: Sequence[Any], exact: bool, nodes: range,
                     values: Any) -> None:
    """:func:`node_values` of the nodes in ``nodes`` (a range closed under children:
    a subtree, or the whole tree), written into ``values`` (a list or a dict indexed by
    node), children first."""
    for v in reversed(nodes):
        values[v] = node_value(game, v, table, exact, values)


_EXACT_ZERO = Fraction(0)


def node_value(game: ExtensiveFormGame, v: int, table: Sequence[Any], exact: bool,
               values: Any) -> tuple[Any, ...]:
    """The expected payoff vector at node ``v`` when everybody follows ``table`` from
    there, from its children's vectors in ``values`` (indexed by node): a terminal's
    payoffs, else ``sum_a p(a) values[child_a]`` over the moves of positive
    probability (chance's probabilities, or the behavior at the node's set)."""
    node = game.nodes[v]
    if node.kind == TERMINAL:
        return tuple(game._terminal_payoffs(node, exact))
    if node.kind == CHANCE:
        probs = node.exact_probabilities if exact else node.probabilities
    else:
        assert node.infoset is not None  # decision nodes always have an information set
        probs = table[node.infoset]
    n = game.n_players
    acc: list[Any] = [_EXACT_ZERO if exact else 0.0] * n
    for p, c in zip(probs, node.children, strict=True):  # type: ignore[arg-type]
        if p == 0:
            continue
        child = values[c]
        for i in range(n):
            acc[i] += p * child[i]
    return tuple(acc)


def mixed_to_behavior(
    game: ExtensiveFormGame, plans: Sequence[Sequence[Any]], profile: Sequence[Sequence[Any]],
    *, exact: bool = False,
) -> Table:
    """Kuhn's translation of mixed reduced-normal-form strategies into behavior.

    ``plans[i][k]`` is strategy ``k`` of player ``i`` as ``{infoset: action}`` (see
    :func:`alliance_games.games.reduced.reduced_plans`); at each set ``h`` the probability
    of ``a`` is the weight of strategies choosing ``a`` at ``h`` over the weight of
    strategies reaching ``h`` (those with a choice there). Unreached sets give ``None``.
    """
    zero: Any = Fraction(0) if exact else 0.0
    table: Table = [None] * len(game.infosets)
    for i, (player_plans, sigma) in enumerate(zip(plans, profile, strict=True)):
        weights: dict[int, list[Any]] = {
            h: [zero] * len(game.infosets[h].actions) for h in game.player_infosets[i]
        }
        for plan, p in zip(player_plans, sigma, strict=True):
            p = Fraction(p) if exact else float(p)
            if p == 0:
                continue
            for h, a in plan.items():
                weights[h][a] += p
        for h, w in weights.items():
            total = sum(w, zero)
            if total != 0 and (exact or total > 1e-15):
                table[h] = tuple(x / total for x in w)
    return table


def make_behavior_equilibrium(
    game: ExtensiveFormGame,
    table: Table,
    *,
    exact: bool = False,
    tol: float = DEFAULT_TOL,
    concept: str = "nash",
    notes: Sequence[str] = (),
    extra: dict[str, Any] | None = None,
    certified: Table | None = None,
) -> Equilibrium:
    """Verify a complete behavior profile and wrap it as an :class:`Equilibrium`.

    The regret against every pure deviation must be 0 (exactly, in exact mode) or below
    ``tol`` times the payoff scale; with ``concept="subgame perfect"`` in every subgame.
    A float record keeps a :class:`BehaviorCertificate` of ``certified`` (the rational
    table the solver holds, when it reports its floats) or else of ``table``, for
    :meth:`~alliance_games.equilibrium.Equilibrium.exact_form` (JSON's exact mirror).

    Raises
    ------
    SolverError
        If the profile is not an equilibrium of the requested kind.
    """
    if any(t is None for t in table):
        raise SolverError("behavior profile is incomplete")
    # kept by reference, not copied (a copy per equilibrium is 1 % of a large tree's
    # spe): the solvers hand over a fresh table per equilibrium and never change it
    certificate = None if exact else BehaviorCertificate(
        table if certified is None else certified, concept, game)
    if concept == "subgame perfect":
        with without_gc():
            fast = _pure_perfect_information(game, table, exact, tol, notes, extra,
                                             certificate)
        if fast is not None:
            return fast
    if exact:
        if not game.is_exact:
            exact_needs_rational()
        table = [tuple(Fraction(p) for p in t) for t in table]
        for h, t in enumerate(table):
            if sum(t) != 1 or any(p < 0 for p in t):
                raise SolverError(f"not a distribution at {game.infosets[h].name!r}")
    else:
        table = [tuple(float(p) for p in t) for t in table]
    one_shot = concept == "subgame perfect" and game.is_perfect_information
    roots = game.subgame_roots if concept == "subgame perfect" and not one_shot else (0,)
    worst: Any = Fraction(0) if exact else 0.0
    values: tuple[Any, ...] = ()
    for r in roots:
        regrets, vals = player_regrets(game, table, exact=exact, root=r)
        if r == 0:
            values = vals
            root_regret = max(regrets)
        worst = max(worst, *regrets)
    if one_shot:
        worst = max(worst, one_shot_regret(game, table, exact=exact))
    scale = _scale(game)
    if exact:
        if worst != 0:
            raise SolverError(f"profile is not a {concept} equilibrium: exact regret {worst}")
        reg = 0.0
    else:
        if worst > tol * scale:
            raise SolverError(f"profile is not a {concept} equilibrium: regret {worst:.3g}")
        reg = max(float(root_regret), 0.0)
    behavior = game.behavior_from_table(table)
    return Equilibrium(
        players=game.players,
        payoffs=dict(zip(game.players, values, strict=True)),
        regret=reg,
        exact=exact,
        behavior=behavior,
        beliefs=game.beliefs(table, exact=exact),
        outcomes=game.outcome_distribution(table, exact=exact),
        concept=concept,
        notes=tuple(notes),
        extra=extra or {},
        certificate=certificate,
    )


class BehaviorCertificate(NamedTuple):
    """A behavior table a float run verified, to be certified exactly on demand.

    Rows of Fractions or ints are the solver's rational values; float rows count only
    when every entry is ``0.0`` or ``1.0`` (a pure choice, exact as written). :meth:`record`
    verifies the table in rational arithmetic with the same concept (regret exactly 0,
    in every subgame for subgame perfection) and raises :class:`SolverError` when it is
    not rational or not exactly an equilibrium (the record then stays float-only).
    """

    table: Sequence[Sequence[Any]]
    concept: str
    tree: ExtensiveFormGame

    def record(self) -> Equilibrium:
        """The exact record (``exact=True``) of the table on its tree (a family's result
        may hold another game, e.g. the reputation game around its tree), verified."""
        for t in self.table:
            if any(type(p) is float and p != 0.0 and p != 1.0 for p in t):
                raise SolverError("the table holds floats that are not 0 or 1")
        return make_behavior_equilibrium(self.tree, list(self.table), exact=True,
                                         concept=self.concept)


def behavior_key(table: Table, digits: int = 9) -> tuple:
    """A hashable key identifying a behavior profile (rounded in float mode)."""
    return tuple(
        tuple(p if isinstance(p, Fraction) else round(float(p), digits) for p in t)
        for t in table
    )



# ---------------------------------------------------------------------- large trees
VECTORISED_NODES = 2000
"""Trees with at least this many nodes verify pure subgame perfect profiles of perfect
information on arrays (:func:`_pure_perfect_information`)."""


def _pure_choices(table: Table) -> list[int] | None:
    """The action chosen at each information set when every entry is 0 or 1 with one 1.

    Equal rows are checked once (a dictionary keyed by the row).
    """
    seen: dict[tuple[Any, ...], int] = {}
    out = []
    for t in table:
        a = seen.get(t)
        if a is None:
            if t.count(1) != 1 or t.count(0) != len(t) - 1:
                return None
            a = seen[t] = t.index(1)
        out.append(a)
    return out


def _pure_perfect_information(
    game: ExtensiveFormGame, table: Table, exact: bool, tol: float,
    notes: Sequence[str], extra: dict[str, Any] | None,
    certificate: BehaviorCertificate | None = None,
) -> Equilibrium | None:
    """:func:`make_behavior_equilibrium` for a pure profile of a large perfect-information
    game, verified by vectorised passes (None when they do not apply or do not settle it).

    The same conditions as the node-by-node check are tested: no mover gains by changing
    the action at one node (exactly in exact mode; the one-shot deviation principle makes
    this subgame perfection) and each player's best-response value at the root minus the
    profile's value is below ``tol`` times the payoff scale. A profile failing either
    test is handed back (None) to the node-by-node check, which raises with its regret.
    The payoffs and outcome distribution are summed over the reached leaves in preorder,
    as :meth:`~alliance_games.games.extensive.ExtensiveFormGame.expected_payoffs` does.
    """
    n = len(game.nodes)
    if n < VECTORISED_NODES or not _is_perfect_information(game):
        return None
    A = tree_arrays(game)
    if len(A.levels) * 64 > n or (exact and not A.exact_ok):
        return None  # (an irrational game in exact mode is refused by the general path)
    choice_h = _pure_choices(table)
    if choice_h is None:
        return None
    choice = np.zeros(n, dtype=np.int64)
    dec = np.flatnonzero(A.kind == 0)
    choice[dec] = np.asarray(choice_h, dtype=np.int64)[A.infoset[dec]]
    br_root, one_shot = float_pure_pass(A, choice)
    scale = max(1.0, float(np.abs(A.payoffs).max(initial=0.0)))
    if exact:
        passed = exact_pure_values(A, choice)
        if passed is None or not passed[2]:
            return None
    elif one_shot > tol * scale:
        return None
    values, outcomes = _reached_leaves(game, choice_h, exact)
    root_regret = max(float(b) - float(v) for b, v in zip(br_root, values, strict=True))
    if root_regret > tol * scale:
        return None
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    return Equilibrium(
        players=game.players,
        payoffs=dict(zip(game.players, values, strict=True)),
        regret=0.0 if exact else max(root_regret, 0.0),
        exact=exact,
        behavior=_pure_behavior(game, choice_h, one, zero),
        beliefs={p: {} for p in game.players},
        outcomes=outcomes,
        concept="subgame perfect",
        notes=tuple(notes),
        extra=extra or {},
        certificate=certificate,
    )


def _reached_leaves(game: ExtensiveFormGame, choice_h: list[int], exact: bool
                    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Expected payoffs and outcome distribution of a pure profile, summed over the
    leaves reached with positive probability in preorder (reach = product of the
    probabilities on the path, as in ``reach_table``)."""
    nodes = game.nodes
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    reached: list[tuple[int, Any]] = []
    stack: list[tuple[int, Any]] = [(0, one)]
    while stack:
        v, r = stack.pop()
        node = nodes[v]
        if node.kind == TERMINAL:
            reached.append((v, r))
        elif node.kind == CHANCE:
            probs = node.exact_probabilities if exact else node.probabilities
            for c, p in zip(node.children, probs, strict=True):  # type: ignore[arg-type]
                if r * p != 0:
                    stack.append((c, r * p))
        else:
            stack.append((node.children[choice_h[node.infoset]], r * one))  # type: ignore[index]
    reached.sort()
    totals = [zero] * game.n_players
    dist: dict[str, Any] = {}
    for v, r in reached:
        node = nodes[v]
        pay = game._terminal_payoffs(node, exact)
        for i in range(game.n_players):
            totals[i] += r * pay[i]
        if node.outcome is not None:
            dist[node.outcome] = dist.get(node.outcome, 0) + r
    return tuple(totals), dist


def _pure_behavior(game: ExtensiveFormGame, choice_h: list[int], one: Any, zero: Any
                   ) -> dict[str, dict[str, dict[str, Any]]]:
    """``behavior_from_table`` of a pure profile; equal rows are one shared dict (the
    :class:`Equilibrium` copies them when it freezes its mappings)."""
    layout = _behavior_layout(game)
    rows = [{x: (one if j == a else zero) for j, x in enumerate(labels)}
            for labels in layout.labels for a in range(len(labels))]
    chosen = np.asarray(choice_h, dtype=np.int64)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for p, (sets, names, first_row) in zip(game.players, layout.per_player, strict=True):
        picked = [rows[r] for r in (first_row + chosen[sets]).tolist()]
        out[p] = dict(zip(names, picked, strict=True))
    return out


class _Layout(NamedTuple):
    """Per player: information set indices, their names and the index in the list of
    all pure rows of the row choosing action 0 there (rows are listed per distinct
    action-label tuple in ``labels``, one per action)."""

    per_player: list[tuple[np.ndarray, list[str], np.ndarray]]
    labels: list[tuple[str, ...]]


def _behavior_layout(game: ExtensiveFormGame) -> _Layout:
    cached = game.__dict__.get("_behavior_layout")
    if cached is not None:
        return cast(_Layout, cached)
    first_row: dict[tuple[str, ...], int] = {}
    n_rows = 0
    lists: list[tuple[list[int], list[str], list[int]]] = [([], [], []) for _ in game.players]
    for h, s in enumerate(game.infosets):
        sets, names, rows = lists[s.player]
        sets.append(h)
        names.append(s.name)
        r = first_row.get(s.actions)
        if r is None:
            r = first_row[s.actions] = n_rows
            n_rows += len(s.actions)
        rows.append(r)
    layout = _Layout([(np.asarray(sets, dtype=np.int64), names,
                       np.asarray(rows, dtype=np.int64)) for sets, names, rows in lists],
                     list(first_row))
    game.__dict__["_behavior_layout"] = layout  # frozen dataclass: cache in its dict
    return layout


def _is_perfect_information(game: ExtensiveFormGame) -> bool:
    cached = game.__dict__.get("_perfect_information")
    if cached is None:
        cached = game.__dict__["_perfect_information"] = game.is_perfect_information
    return bool(cached)
