"""Reading a ``signaling`` spec: validate it and return its model as plain data.

The first half of the ``signaling`` family (:mod:`alliance_games.modeling.signaling`,
which re-exports :func:`normalise_signaling` and :data:`KEYS`): every section of the spec
(sender, receiver, messages, response, interlude, end states) is checked and turned into
plain dicts and lists whose expressions are still text. The tree is built from that model
by :func:`alliance_games.modeling.signaling.build_signaling_tree`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from ..errors import SpecError, quote
from .context import SpecContext, name_key

__all__ = ["normalise_signaling", "KEYS", "Path"]


KEYS = {"name", "description", "references", "kind", "parameters", "notes", "sender",
        "receiver", "messages", "interlude", "response", "end_states"}
Path = tuple[str | int, ...]


# ---------------------------------------------------------------------- reading
def _name(ctx: SpecContext, path: Path, what: str, value: Any = None) -> str:
    text = ctx.name(path, what) if value is None else ctx.name(path, what, value)
    if "/" in text:
        # end states are named by paths such as "Challenge/Fight"
        raise ctx.error(path, f"{what} {quote(text)} must not contain '/'")
    return text


def _names(ctx: SpecContext, path: Path, what: str) -> list[str]:
    value = ctx.get(path)
    if not isinstance(value, list) or not value:
        raise ctx.error(path, f"expected a non-empty list of {what}")
    out = [_name(ctx, (*path, i), what) for i in range(len(value))]
    ctx.distinct([((*path, i), n) for i, n in enumerate(out)], what)
    return out


def _flag(ctx: SpecContext, path: Path, body: Mapping[str, Any]) -> bool:
    """A yes/no switch (``signal: true``): a boolean or absent, nothing else."""
    value = body.get(str(path[-1]), False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ctx.error(path, f"expected true or false, found {quote(value)}")
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _entries(ctx: SpecContext, path: Path, what: str, allowed: set[str],
             shorthand: str | None) -> list[tuple[str, dict[str, Any]]]:
    """A mapping ``name -> {...}`` (or ``name -> <shorthand value>``), order kept."""
    raw = ctx.get(path)
    if not isinstance(raw, dict) or not raw:
        raise ctx.error(path, f"expected a mapping of {what}")
    out = []
    ctx.distinct([((*path, name), _name(ctx, (*path, name), f"a name of {what}", name))
                  for name in raw], what)
    for name, body in raw.items():
        if isinstance(body, dict):
            ctx.check_keys((*path, name), allowed, f"{what} {quote(name)}")
            out.append((name, dict(body)))
        elif shorthand is not None and body is not None:
            out.append((name, {shorthand: body}))
        elif body is None and shorthand is None:
            out.append((name, {}))
        else:
            raise ctx.error((*path, name), f"expected a mapping for {what} {quote(name)}")
    return out


def _values(ctx: SpecContext, path: Path, body: dict[str, Any], where: str) -> dict[str, str]:
    raw = body.get("values", {}) or {}
    if not isinstance(raw, dict):
        raise ctx.error((*path, "values"), f"{where}: values must be a mapping name: expression")
    for key in raw:
        if not isinstance(key, str) or not key.isidentifier():
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} is not an identifier")
        if unicodedata.normalize("NFKC", key) != key:
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} is read as "
                            f"{quote(unicodedata.normalize('NFKC', key))} in expressions; "
                            "write it that way")
        if key in ctx.names:
            raise ctx.error((*path, "values", key),
                            f"value name {quote(key)} clashes with a parameter of the same "
                            "name")
    return {k: _text(v) for k, v in raw.items()}


def _same_keys(ctx: SpecContext, path: Path, group: list[tuple[str, dict[str, str]]],
               what: str) -> None:
    if not group:
        return
    first_name, first = group[0]
    for name, vals in group[1:]:
        if set(vals) != set(first):
            raise ctx.error((*path, name, "values"),
                            f"every {what} must define the same values: {quote(first_name)} "
                            f"has {quote(sorted(first), 80)[1:-1]}, {quote(name)} has "
                            f"{quote(sorted(vals), 80)[1:-1]}")


def normalise_signaling(ctx: SpecContext) -> dict[str, Any]:
    """Validate a ``signaling`` spec and return its model as plain data (texts)."""
    ctx.check_keys((), KEYS, "a signaling spec")
    ctx.check_keys(("sender",), {"name", "types"}, "sender")
    ctx.check_keys(("receiver",), {"name", "actions", "types", "challenge"}, "receiver")
    # independent sections are read with ctx.attempt, so that validate reports the
    # errors of each in one run; the model is built only when all of them are sound
    sender, receiver = _players(ctx)
    types = ctx.attempt(lambda: _sender_types(ctx), [])
    messages = ctx.attempt(lambda: _messages(ctx), [])
    actions = _names(ctx, ("receiver", "actions"), "receiver actions")
    rtypes = _receiver_types(ctx, actions)
    challenge = _challenge(ctx, actions)
    response = _response(ctx, actions)
    interlude = _interlude(ctx, actions)
    if sender is None or receiver is None or not types or not messages:
        raise ctx.errors[-1]  # a section failed; the loader reports every recorded error
    try:
        value_names = _value_names(types, rtypes, messages, interlude)
    except SpecError as exc:
        raise ctx.error(("messages",), exc.message) from None
    end_states = _end_states(ctx, actions, messages, response, value_names)
    return {
        "sender": sender, "receiver": receiver, "types": types, "receiver_types": rtypes,
        "actions": actions, "challenge": challenge, "messages": messages,
        "response": response, "interlude": interlude, "end_states": end_states,
    }


def _players(ctx: SpecContext) -> tuple[str | None, str | None]:
    """The sender's and the receiver's names (``None`` for one whose error is recorded)."""
    sender = ctx.attempt(lambda: _name(ctx, ("sender", "name"), "the sender's name"), None)
    receiver = ctx.attempt(lambda: _name(ctx, ("receiver", "name"), "the receiver's name"),
                           None)
    if sender is not None and receiver is not None and name_key(sender) == name_key(receiver):
        ctx.record(ctx.error(("receiver", "name"),
                             "sender and receiver must be different players"))
    return sender, receiver


def _receiver_types(ctx: SpecContext, actions: list[str]) -> list[dict[str, Any]]:
    """The receiver's types (``receiver.types``), or ``[]`` when it has none."""
    rtypes: list[dict[str, Any]] = []
    if ctx.get(("receiver", "types")) is None:
        return rtypes
    for name, body in _entries(ctx, ("receiver", "types"), "receiver types",
                               {"prior", "values", "plays"}, "prior"):
        if "prior" not in body:
            raise ctx.error(("receiver", "types", name),
                            f"type {quote(name)} needs a 'prior'")
        plays = ctx.label(("receiver", "types", name, "plays"), "a receiver action",
                          body.get("plays"))
        if plays is not None and plays not in actions:
            raise ctx.error(("receiver", "types", name, "plays"),
                            f"'plays' must be one of the receiver's actions {actions}")
        rtypes.append({"name": name, "prior": _text(body["prior"]), "plays": plays,
                       "values": _values(ctx, ("receiver", "types", name), body,
                                         f"receiver type {name}")})
    _same_keys(ctx, ("receiver", "types"), [(t["name"], t["values"]) for t in rtypes],
               "receiver type")
    return rtypes


def _challenge(ctx: SpecContext, actions: list[str]) -> str | None:
    """The receiver action counted in P(challenge) (``receiver.challenge``), if any."""
    challenge = ctx.label(("receiver", "challenge"), "a receiver action")
    if challenge is not None and challenge not in actions:
        raise ctx.error(("receiver", "challenge"),
                        f"'challenge' must be one of the receiver's actions {actions}")
    return challenge


def _after(ctx: SpecContext, section: str, actions: list[str]) -> list[str]:
    """The receiver actions a ``response`` or ``interlude`` follows (``<section>.after``)."""
    after = _names(ctx, (section, "after"), "receiver actions")
    for i, a in enumerate(after):
        if a not in actions:
            raise ctx.error((section, "after", i),
                            f"{quote(a)} is not a receiver action")
    return after


def _response(ctx: SpecContext, actions: list[str]) -> dict[str, Any] | None:
    """The sender's answer to some receiver actions (``response``), if any."""
    if ctx.get(("response",)) is None:
        return None
    ctx.check_keys(("response",), {"after", "actions"}, "response")
    after = _after(ctx, "response", actions)
    return {"after": after, "actions": _names(ctx, ("response", "actions"),
                                              "response actions")}


def _interlude(ctx: SpecContext, actions: list[str]) -> dict[str, Any] | None:
    """Nature's move after some receiver actions (``interlude``), if any."""
    if ctx.get(("interlude",)) is None:
        return None
    ctx.check_keys(("interlude",), {"after", "branches"}, "interlude")
    after = _after(ctx, "interlude", actions)
    branches: list[dict[str, Any]] = []
    for name, body in _entries(ctx, ("interlude", "branches"), "interlude branches",
                               {"prob", "values"}, "prob"):
        if "prob" not in body:
            raise ctx.error(("interlude", "branches", name),
                            f"branch {quote(name)} needs 'prob'")
        branches.append({"name": name, "prob": _text(body["prob"]),
                         "values": _values(ctx, ("interlude", "branches", name), body,
                                           f"branch {name}")})
    _same_keys(ctx, ("interlude", "branches"), [(b["name"], b["values"]) for b in branches],
               "interlude branch")
    return {"after": after, "branches": branches}


def _sender_types(ctx: SpecContext) -> list[dict[str, Any]]:
    types: list[dict[str, Any]] = []
    for name, body in _entries(ctx, ("sender", "types"), "sender types", {"prior", "values"},
                               "prior"):
        if "prior" not in body:
            raise ctx.error(("sender", "types", name), f"type {quote(name)} needs a 'prior'")
        types.append({"name": name, "prior": _text(body["prior"]),
                      "values": _values(ctx, ("sender", "types", name), body, f"type {name}")})
    if not types:
        raise ctx.error(("sender", "types"), "a signaling game needs at least one sender "
                                             "type (one type: a sender with nothing to hide)")
    _same_keys(ctx, ("sender", "types"), [(t["name"], t["values"]) for t in types],
               "sender type")
    return types


def _messages(ctx: SpecContext) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for name, body in _entries(ctx, ("messages",), "messages", {"signal", "ends", "values"},
                               None):
        messages.append({"name": name,
                         "signal": _flag(ctx, ("messages", name, "signal"), body),
                         "ends": _flag(ctx, ("messages", name, "ends"), body),
                         "values": _values(ctx, ("messages", name), body, f"message {name}")})
    if len(messages) < 2:
        raise ctx.error(("messages",), "a signaling game needs at least two messages")
    _same_keys(ctx, ("messages",), [(m["name"], m["values"]) for m in messages], "message")
    return messages


def _value_names(types: list, rtypes: list, messages: list, interlude: Any) -> dict[str, str]:
    """Value name -> where it is defined (sender type, message ...), checking clashes."""
    out: dict[str, str] = {}
    groups = [("sender types", types), ("receiver types", rtypes), ("messages", messages),
              ("interlude branches", interlude["branches"] if interlude else [])]
    for where, group in groups:
        for key in (group[0]["values"] if group else {}):
            if key in out:
                raise SpecError(f"value name {quote(key)} is defined by both {out[key]} and "
                                f"{where}")
            out[key] = where
    return out


def _expected_states(actions: list[str], messages: list, response: Any) -> list[str]:
    states = []
    for m in messages:
        if m["ends"]:
            states.append(m["name"])
    if any(not m["ends"] for m in messages):
        for a in actions:
            if response and a in response["after"]:
                states.extend(f"{a}/{r}" for r in response["actions"])
            else:
                states.append(a)
    return states


def _end_states(ctx: SpecContext, actions: list[str], messages: list, response: Any,
                value_names: Mapping[str, str]) -> dict[str, Any]:
    expected = _expected_states(actions, messages, response)
    raw = ctx.get(("end_states",))
    if not isinstance(raw, dict):
        raise ctx.error(("end_states",), f"expected a mapping of end states: {expected}")
    norm = {str(k).replace(" / ", "/"): k for k in raw}
    missing = [s for s in expected if s not in norm]
    extra = [norm[k] for k in norm if k not in expected]
    if missing:
        raise ctx.error(("end_states",), f"missing end state(s) {quote(missing, 80)[1:-1]}; "
                                         f"expected {quote(expected, 120)[1:-1]}")
    if extra:
        raise ctx.error(("end_states", extra[0]),
                        f"unknown end state {quote(extra[0])}; expected "
                        f"{quote(expected, 120)[1:-1]}")
    out = {}
    for state in expected:
        key = norm[state]
        path: Path = ("end_states", key)
        ctx.check_keys(path, {"outcome", "payoffs", "backs_down", "honors"},
                       f"end state {quote(state)}")
        body = ctx.get(path)
        if not isinstance(body, dict) or "payoffs" not in body:
            raise ctx.error(path, f"end state {quote(state)} needs 'payoffs'")
        pays = body["payoffs"]
        if not isinstance(pays, dict):
            raise ctx.error((*path, "payoffs"), "expected payoffs as {player: expression}")
        out[state] = {
            "key": key,
            "outcome": ctx.label((*path, "outcome"), "an outcome label"),
            "payoffs": {str(p): _text(v) for p, v in pays.items()},
            "backs_down": _flag(ctx, (*path, "backs_down"), body),
            "honors": _flag(ctx, (*path, "honors"), body),
        }
    return out
