"""Compile ``kind: extensive`` specs into an
:class:`~alliance_games.games.extensive.ExtensiveFormGame`.

Shape of the spec (see ``docs/spec_extensive.md``)::

    kind: extensive
    players: [Challenger, Defender]
    parameters: {p: 0.3, cost: 2}
    outcomes:                              # optional: the labels and what they mean
      war: both sides fight
    tree:                                  # the root node, nested ...
      player: Challenger
      actions:
        Status quo: {payoffs: [0, 0], outcome: status quo}
        Challenge: defender_move           # ... or a reference to a named node
    nodes:                                 # named nodes, each used once
      defender_move:
        player: Defender
        infoset: after a challenge         # nodes sharing a name form one information set
        actions:
          Resist: {payoffs: {Challenger: -cost, Defender: -cost}, outcome: war}
          Concede: [1, -1]                 # payoff list shorthand (no outcome label)

A node is a *decision* node (``player``, ``actions``, optional ``infoset``), a *chance*
node (``chance``: action -> probability expression, and ``actions`` with the same labels)
or a *terminal* node (``payoffs`` as a list in player order or a mapping by player,
optional ``outcome``). Any node may have a ``name`` (named nodes under ``nodes`` are named
by their key); unnamed nodes are named by their action path (``Challenge/Resist``).
Payoffs and probabilities are expressions over the parameters.

Every error names the file, line and key: unknown players or node references, nodes used
twice, chance probabilities that are negative or do not sum to 1, payoff lists of the wrong
length, information sets whose nodes offer different actions (both nodes named), and
violations of perfect recall (the two nodes named).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import GameError, SpecError, quote
from ..games.extensive import ActionPath, Chance, Decision, ExtensiveFormGame, Terminal
from .context import SpecContext, SymbolicTexts, name_key
from .expr import to_fraction

__all__ = ["compile_extensive", "EXTENSIVE_KEYS"]

EXTENSIVE_KEYS = {"name", "description", "references", "kind", "parameters", "players",
                  "outcomes", "tree", "nodes", "notes"}
NODE_KEYS = {"name", "player", "infoset", "actions", "chance", "payoffs", "outcome",
             "description"}

Path = tuple[str | int, ...]


def compile_extensive(ctx: SpecContext) -> ExtensiveFormGame:
    """Build the game tree a ``kind: extensive`` spec describes."""
    ctx.check_keys((), EXTENSIVE_KEYS, "an extensive-form spec")
    players, descriptions = _players(ctx)
    labels = ctx.attempt(lambda: _outcome_labels(ctx), None)
    named = ctx.get(("nodes",))
    if named is None:
        named = {}
    if not isinstance(named, dict):
        raise ctx.error(("nodes",), "expected a mapping 'node name: node' under 'nodes'")
    if ctx.get(("tree",)) is None:
        raise ctx.error((), "missing key 'tree': the root node of the game tree")
    recs = _walk(ctx, players, labels, named)
    root = _assemble(recs)
    symbolic = {
        rec["name"] or rec["trail"].name() or "root": rec["symbolic"]
        for rec in recs if rec.get("symbolic")
    }
    data = ctx.data
    info = {
        "description": str(data.get("description", "") or "").strip(),
        "references": ctx.references(),
        "source": ctx.filename,
        "kind": "extensive",
        "notes": str(data.get("notes", "") or "").strip(),
        "parameter_descriptions": {n: p.description for n, p in ctx.parameters.items()},
        "player_descriptions": descriptions,
        "outcome_descriptions": dict(labels or {}),
        "symbolic": symbolic,
    }
    try:
        game = ExtensiveFormGame.from_tree(
            root, players=players,
            name=str(data.get("name", "") or (ctx.filename or "game")),
            parameters={n: p.python_value for n, p in ctx.parameters.items()},
            info=info,
        )
    except GameError as exc:
        raise _locate_game_error(ctx, recs, exc) from None
    for h, _first, other in game.recall_conflicts():
        s = game.infosets[h]
        message = next(m for m in game.perfect_recall_violations()
                       if m.startswith(f"information set {s.name!r} of {game.players[s.player]}"))
        raise ctx.error(recs[other]["path"], "perfect recall fails: " + message)
    return game


# ---------------------------------------------------------------------- header parts
def _players(ctx: SpecContext) -> tuple[list[str], dict[str, str]]:
    raw = ctx.get(("players",))
    if raw is None:
        raise ctx.error((), "missing key 'players': the list of player names")
    if not isinstance(raw, list) or not raw:
        raise ctx.error(("players",), "expected a non-empty list of player names")
    names: list[str] = []
    descriptions: dict[str, str] = {}
    paths: list[tuple[str | int, ...]] = []
    for i, item in enumerate(raw):
        if isinstance(item, dict):
            ctx.check_keys(("players", i), {"name", "description"}, "a player")
            name = ctx.name(("players", i, "name"), "the player's name")
            descriptions[name] = ctx.text(("players", i, "description"), "a description")
            paths.append(("players", i, "name"))
        else:
            name = ctx.name(("players", i), "a player name")
            paths.append(("players", i))
        names.append(name)
    ctx.distinct(list(zip(paths, names, strict=True)), "players")
    return names, descriptions


def _outcome_labels(ctx: SpecContext) -> dict[str, str] | None:
    raw = ctx.get(("outcomes",))
    if raw is None:
        return None
    if isinstance(raw, list):
        items = [(("outcomes", i), ctx.name(("outcomes", i), "an outcome label"))
                 for i in range(len(raw))]
        ctx.distinct(items, "outcome labels")
        return {label: "" for _, label in items}
    if isinstance(raw, dict):
        items = [(("outcomes", k), ctx.name(("outcomes", k), "an outcome label", k))
                 for k in raw]
        ctx.distinct(items, "outcome labels")
        return {label: ctx.text(path, "what the outcome means") for path, label in items}
    raise ctx.error(("outcomes",), "expected a list of outcome labels or a mapping "
                                   "'label: what it means'")


# ---------------------------------------------------------------------- the tree
def _walk(ctx: SpecContext, players: list[str], labels: dict[str, str] | None,
          named: dict[str, Any]) -> list[dict[str, Any]]:
    """Visit the tree in preorder (iteratively), returning one record per node."""
    used: dict[str, Path] = {}
    recs: list[dict[str, Any]] = []
    infosets: dict[tuple[str, str], tuple[Path, list[str], str]] = {}
    iset_spelling: dict[tuple[str, str], tuple[Path, str]] = {}
    node_names = [(("nodes", k), ctx.name(("nodes", k), "a node name", k)) for k in named]
    ctx.distinct(node_names, "named nodes")
    # the action path is an ActionPath (bounded per node), so deep trees stay linear
    stack: list[tuple[Path, Any, int | None, ActionPath]] = [
        (("tree",), None, None, ActionPath())
    ]
    while stack:
        path, given, parent, trail = stack.pop()
        path, given, value = _resolve_named(ctx, path, given, named, used)
        me = len(recs)
        rec: dict[str, Any] = {"path": path, "parent": parent, "trail": trail,
                               "children": [], "name": given}
        recs.append(rec)
        if parent is not None:
            recs[parent]["children"].append(me)
        if isinstance(value, list):
            rec.update(kind="terminal", payoffs=_payoffs(ctx, path, value, players),
                       outcome=None)
            rec["symbolic"] = {"payoffs": _symbolic_payoffs(ctx, path, value, players)}
            continue
        kind = _node_kind(ctx, path, value, given, rec)
        if kind == "payoffs":
            _terminal_record(ctx, path, value, players, labels, rec)
            continue
        actions, action_labels = _node_actions(ctx, path, value)
        if kind == "player":
            node_name = rec["name"] or trail.name() or "root"
            _decision_record(ctx, path, players, rec, action_labels, node_name, infosets,
                             iset_spelling)
        else:
            _chance_record(ctx, path, value, rec, action_labels)
        keys = list(actions)
        for k, lab in reversed(list(zip(keys, action_labels, strict=True))):
            stack.append((path + ("actions", k), None, me, trail.child(lab)))
    unused = [k for k in named if k not in used]
    if unused:
        raise ctx.error(("nodes", unused[0]),
                        f"node {quote(unused[0])} is never used in the tree")
    return recs


def _resolve_named(ctx: SpecContext, path: Path, given: Any, named: dict[str, Any],
                   used: dict[str, Path]) -> tuple[Path, Any, Any]:
    """``(path, given name, node value)``: a node given by name is looked up in
    ``nodes`` (used once only); a node written in place is returned as it is."""
    value = ctx.get(path)
    if not isinstance(value, str):
        return path, given, value
    if value not in named:
        known = ", ".join(sorted(map(str, named))[:10]) or "none"
        raise ctx.error(path, f"unknown node {quote(value)}: a node is a mapping, or "
                              f"the name of a node under 'nodes' (named nodes: "
                              f"{quote(known, 120)[1:-1]})")
    if value in used:
        raise ctx.error(path, f"node {quote(value)} is used twice (first at "
                              f"{_fmt(used[value])}); a tree node has one parent")
    used[value] = path
    return ("nodes", value), value, named[value]


def _node_kind(ctx: SpecContext, path: Path, value: Any, given: Any,
               rec: dict[str, Any]) -> str:
    """Check a node mapping's keys and name; its kind: ``player``, ``chance`` or
    ``payoffs``."""
    if not isinstance(value, dict):
        raise ctx.error(path, "expected a node: a mapping with 'player' and 'actions', "
                              "'chance' and 'actions', or 'payoffs'")
    ctx.check_keys(path, NODE_KEYS, "a node")
    if "name" in value:
        if given is not None and path[0] == "nodes":
            raise ctx.error(path + ("name",), "a node under 'nodes' is named by its key; "
                                              "remove 'name'")
        rec["name"] = _text(ctx, path + ("name",), "a node name")
    kinds = [k for k in ("player", "chance", "payoffs") if k in value]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none of them"
        raise ctx.error(path, "a node is a decision node ('player'), a chance node "
                              f"('chance') or a terminal node ('payoffs'); found {found}")
    if kinds[0] != "payoffs" and "outcome" in value:
        raise ctx.error(path + ("outcome",), "only terminal nodes carry an outcome label")
    return kinds[0]


def _terminal_record(ctx: SpecContext, path: Path, value: dict[str, Any], players: list[str],
                     labels: dict[str, str] | None, rec: dict[str, Any]) -> None:
    """Fill ``rec`` for a terminal node written as a mapping (payoffs, outcome label)."""
    for key in ("actions", "infoset"):
        if key in value:
            raise ctx.error(path + (key,), f"a terminal node has no {key!r}")
    rec.update(kind="terminal",
               payoffs=_payoffs(ctx, path + ("payoffs",), value["payoffs"], players))
    rec["symbolic"] = {"payoffs": _symbolic_payoffs(ctx, path + ("payoffs",),
                                                    value["payoffs"], players)}
    outcome = ctx.label(path + ("outcome",), "an outcome label")
    if outcome is not None:
        if labels is not None and outcome not in labels:
            raise ctx.error(path + ("outcome",),
                            f"unknown outcome label {quote(outcome)}; the spec's "
                            f"outcomes are {', '.join(labels)}")
    rec["outcome"] = outcome


def _node_actions(ctx: SpecContext, path: Path, value: dict[str, Any]
                  ) -> tuple[dict[str, Any], list[str]]:
    """The ``actions`` mapping of a decision or chance node and its distinct labels."""
    actions = value.get("actions")
    if not isinstance(actions, dict) or not actions:
        raise ctx.error(path + ("actions",) if "actions" in value else path,
                        "expected 'actions': a mapping 'action label: next node'")
    action_labels = [_label(ctx, path + ("actions", k), k) for k in actions]
    ctx.distinct([(path + ("actions", k), lab) for k, lab in
                  zip(actions, action_labels, strict=True)], "actions of one node")
    return actions, action_labels


def _decision_record(ctx: SpecContext, path: Path, players: list[str], rec: dict[str, Any],
                     action_labels: list[str], node_name: str,
                     infosets: dict[tuple[str, str], tuple[Path, list[str], str]],
                     iset_spelling: dict[tuple[str, str], tuple[Path, str]]) -> None:
    """Fill ``rec`` for a decision node; nodes of one information set must offer the same
    actions, and a set is spelled one way (case and Unicode form included)."""
    player = ctx.name(path + ("player",), "a player name")
    if player not in players:
        raise ctx.error(path + ("player",), f"unknown player {quote(player)}; players "
                                            f"are {', '.join(players)}")
    iset = ctx.label(path + ("infoset",), "an information set name")
    if iset is not None:
        spelled = iset_spelling.setdefault((player, name_key(iset)), (path, iset))
        if spelled[1] != iset:
            raise ctx.error(path + ("infoset",),
                            f"near-duplicate information set name {quote(iset)}: "
                            f"{quote(spelled[1])} ({_fmt(spelled[0])}) differs only "
                            "in case or Unicode form; use one spelling")
    rec.update(kind="decision", player=player, infoset=iset, actions=action_labels)
    if iset is None:
        return
    key = (player, iset)
    if key not in infosets:
        infosets[key] = (path, action_labels, node_name)
        return
    first_path, first_labels, first_name = infosets[key]
    if sorted(first_labels) != sorted(action_labels):
        raise ctx.error(
            path + ("actions",),
            f"information set {quote(iset)} of {player}: nodes "
            f"{quote(first_name)} ({_fmt(first_path)}) and {quote(node_name)} "
            "have different actions "
            f"({', '.join(first_labels)} vs {', '.join(action_labels)}); "
            "nodes a player cannot tell apart must offer the same actions")


def _chance_record(ctx: SpecContext, path: Path, value: dict[str, Any], rec: dict[str, Any],
                   action_labels: list[str]) -> None:
    """Fill ``rec`` for a chance node: one nonnegative probability per action, sum 1."""
    chance = value["chance"]
    if not isinstance(chance, dict):
        raise ctx.error(path + ("chance",), "expected 'chance': a mapping 'action "
                                            "label: probability'")
    chance_labels = [_label(ctx, path + ("chance", k), k) for k in chance]
    if sorted(chance_labels) != sorted(action_labels):
        raise ctx.error(path + ("chance",),
                        f"the chance labels ({', '.join(chance_labels)}) must be the "
                        f"actions' labels ({', '.join(action_labels)})")
    probs = {}
    for k, lab in zip(chance, chance_labels, strict=True):
        p = ctx.number_or_record(path + ("chance", k))
        if (p < 0 if isinstance(p, Fraction)
                else p.is_real is False or (p.is_number and p < 0)):
            raise ctx.error(path + ("chance", k),
                            f"probability of {quote(lab)} is {p}, which is negative")
        probs[lab] = p
    if all(isinstance(p, Fraction) for p in probs.values()):
        total: Any = sum(probs.values(), Fraction(0))  # prints as sympy's sum would
    else:
        import sympy  # an irrational probability (sqrt(2)/2): an exact symbolic sum

        total = sum(probs.values(), sympy.Integer(0))
    exact = to_fraction(total)
    if (exact is not None and exact != 1) or (exact is None and
                                              abs(float(total) - 1) > 1e-9):
        raise ctx.error(path + ("chance",),
                        f"chance probabilities sum to {total}, not 1")
    rec.update(kind="chance", actions=action_labels,
               probabilities=[probs[a] for a in action_labels])
    rec["symbolic"] = {"probabilities": _symbolic_texts(ctx, path + ("chance",), chance)}


def _assemble(recs: list[dict[str, Any]]) -> Any:
    built: list[Any] = [None] * len(recs)
    for k in reversed(range(len(recs))):
        rec = recs[k]
        if rec["kind"] == "terminal":
            built[k] = Terminal(rec["payoffs"], rec["outcome"], name=rec["name"])
            continue
        kids = [built[c] for c in rec["children"]]
        if rec["kind"] == "decision":
            built[k] = Decision(rec["player"], dict(zip(rec["actions"], kids, strict=True)),
                                infoset=rec["infoset"], name=rec["name"])
        else:
            built[k] = Chance({a: (p, c) for a, p, c in
                               zip(rec["actions"], rec["probabilities"], kids, strict=True)},
                              name=rec["name"])
        for c in rec["children"]:
            built[c] = None
    return built[0]


def _payoffs(ctx: SpecContext, path: Path, raw: Any, players: list[str]) -> list[Any]:
    if isinstance(raw, list):
        if len(raw) != len(players):
            raise ctx.error(path, f"expected {len(players)} payoffs (one per player: "
                                  f"{', '.join(players)}), found {len(raw)}")
        return [_number(ctx, path + (i,)) for i in range(len(raw))]
    if isinstance(raw, dict):
        for key in raw:
            if key not in players:
                raise ctx.error(path + (key,), f"unknown player {quote(key)} in payoffs; players "
                                               f"are {', '.join(players)}")
        missing = [p for p in players if p not in raw]
        if missing:
            raise ctx.error(path, f"payoffs miss player {quote(missing[0])}")
        return [_number(ctx, path + (p,)) for p in players]
    raise ctx.error(path, f"expected payoffs: a list of {len(players)} expressions or a "
                          "mapping 'player: expression'")


def _symbolic_payoffs(ctx: SpecContext, path: Path, raw: Any, players: list[str]
                      ) -> SymbolicTexts:
    keys = range(len(raw)) if isinstance(raw, list) else players
    return _symbolic_texts(ctx, path, keys)


def _symbolic_texts(ctx: SpecContext, path: Path, keys: Any) -> SymbolicTexts:
    """The expressions at ``path + (key,)`` as sympy prints them (``"?"`` for one that
    does not parse), printed when ``explain`` first reads them."""
    # the values were read (and any error recorded) by number_or_record already
    return SymbolicTexts([ctx.get(path + (k,)) for k in keys], ctx.names)


def _number(ctx: SpecContext, path: Path) -> Any:
    value = ctx.number_or_record(path)
    frac = to_fraction(value)
    if frac is not None:
        return Fraction(frac)
    if value.is_real is False:
        raise ctx.error(path, f"expected a real number, found {value}")
    return value


def _label(ctx: SpecContext, path: Path, key: Any) -> str:
    return ctx.name(path, "an action label", key)


def _text(ctx: SpecContext, path: Path, what: str) -> str:
    return ctx.name(path, what)


def _fmt(path: Path) -> str:
    from .source import format_path

    return format_path(path)


def _locate_game_error(ctx: SpecContext, recs: list[dict[str, Any]],
                       exc: GameError) -> SpecError:
    message = str(exc)
    for rec in recs:
        name = rec["name"] or rec["trail"].name() or "root"
        if f"'{name}'" in message:
            return ctx.error(rec["path"], message)
    return ctx.error(("tree",), message)
