"""An extensive-form game written back as a ``kind: extensive`` YAML spec (exact values).

The tree is written nested, in the spec language of :mod:`alliance_games.modeling.extensive`:
decision nodes with ``player``, ``actions`` and (where it is not the node's own) an
``infoset`` name; chance nodes with ``chance`` probabilities; terminal nodes with
``payoffs`` and ``outcome``. A node's ``name`` is written only where it differs from the
name the spec would generate (the action path). Every 25 levels the tree continues under
``nodes:`` by reference, so deep trees stay within YAML's nesting limits. Numbers are
exact (``1/3``); the result compiles back to the same game (``.efg`` -> YAML works too).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import yaml

from ..games.extensive import CHANCE, DECISION, ExtensiveFormGame

__all__ = ["extensive_to_yaml"]

_DEPTH_SPLIT = 25


class _Dumper(yaml.SafeDumper):
    """Short lists of numbers in flow style: ``payoffs: [3, 4]``."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> Any:
    flow = all(not isinstance(x, dict | list) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def _value(v: Any) -> Any:
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float(v)


def extensive_to_yaml(game: ExtensiveFormGame) -> str:
    """YAML text of a ``kind: extensive`` spec describing ``game``."""
    paths: list[str] = [""] * len(game.nodes)
    depth = [0] * len(game.nodes)
    for v, node in enumerate(game.nodes):
        if node.parent is not None:
            parent = game.nodes[node.parent]
            label = parent.actions[node.action]  # type: ignore[index]
            paths[v] = f"{paths[node.parent]}/{label}" if paths[node.parent] else label
            depth[v] = depth[node.parent] + 1
    named: dict[str, Any] = {}
    built: list[Any] = [None] * len(game.nodes)
    for v in reversed(range(len(game.nodes))):
        node = game.nodes[v]
        auto = paths[v] or "root"
        entry: dict[str, Any] = {}
        split = depth[v] > 0 and depth[v] % _DEPTH_SPLIT == 0
        if node.name != auto and not split:
            entry["name"] = node.name
        if node.kind == DECISION:
            s = game.infosets[node.infoset]  # type: ignore[index]
            entry["player"] = game.players[s.player]
            if s.name != node.name or len(s.members) > 1:
                entry["infoset"] = s.name
            entry["actions"] = {a: built[c] for a, c in zip(node.actions, node.children,
                                                              strict=True)}
        elif node.kind == CHANCE:
            probs = node.exact_probabilities or node.probabilities
            entry["chance"] = {a: _value(p) for a, p in zip(node.actions, probs, strict=True)}
            entry["actions"] = {a: built[c] for a, c in zip(node.actions, node.children,
                                                              strict=True)}
        else:
            pays = node.exact_payoffs or node.payoffs
            entry["payoffs"] = [_value(x) for x in pays]
            if node.outcome is not None:
                entry["outcome"] = node.outcome
        for c in node.children:
            built[c] = None
        if split:
            named[node.name] = entry
            built[v] = node.name
        else:
            built[v] = entry
    doc: dict[str, Any] = {"name": game.name or "game", "kind": "extensive"}
    description = str(game.info.get("description", "") or "")
    if description:
        doc["description"] = description
    refs = game.info.get("references")
    if refs:
        doc["references"] = list(refs)
    doc["players"] = list(game.players)
    doc["tree"] = built[0]
    if named:
        doc["nodes"] = dict(reversed(list(named.items())))
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
