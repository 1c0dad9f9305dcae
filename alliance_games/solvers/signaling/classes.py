"""PBE classes: grouping verified assessments, labelling them, assembling equilibria.

Assessments with the same on-path behavior are one *class* (:func:`_group`); a class is
reported by a representative (fewest off-path mixtures, widest belief ranges) with the
union of its members' sustaining off-path beliefs. Classes with the same outcome
distribution and payoffs in one connected component of Nash equilibria are one
*family* (:func:`_families`), reported once with the others under ``extra["continuum"]``
(extreme points of one connected set of equilibria; Avis et al. 2010). Labels and the
Intuitive Criterion / D1 verdicts come from :mod:`.signals` (Cho & Kreps 1987; Banks &
Sobel 1987).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...equilibrium import Equilibrium
from ...games.extensive import ExtensiveFormGame
from ..tree.behavior import make_behavior_equilibrium
from .assessment import Assessment, _key, _off_path_ranges, _support
from .labels import classify, event_probabilities
from .refinements import refinement_verdicts

__all__: list[str] = []


@dataclass
class _Class:
    members: list[Assessment]
    preferred: Assessment | None = None   # a sequential member, when one was found
    sequential: Any = None                # its SequentialVerdict (or the class's failure)

    @property
    def representative(self) -> Assessment:
        if self.preferred is not None:
            return self.preferred

        def rank(a: Assessment) -> tuple[int, float]:
            mixed_off = sum(
                1
                for h, t in enumerate(a.table)
                if h not in a.on_path and sum(1 for p in t if p) > 1
            )
            width = sum(
                float(max(v[0] for v in verts) - min(v[0] for v in verts))
                for verts in a.free.values()
            )
            return (mixed_off, -width)

        return min(self.members, key=rank)


def _group(assessments: list[Assessment], tol: float) -> list[_Class]:
    classes: dict[tuple, _Class] = {}
    for a in assessments:
        key = (a.on_path, _key(a.table, tol, a.on_path))
        classes.setdefault(key, _Class([])).members.append(a)
    return list(classes.values())


@dataclass
class _ClassInfo:
    cls: _Class
    table: list[tuple[Any, ...]]
    label: Any
    verdicts: dict[str, str]
    probabilities: dict[str, Any]
    outcome_key: tuple
    component: int


_KIND_ORDER = {
    "pooling": 0,
    "separating": 1,
    "partially pooling": 2,
    "pure": 3,
    "semi-separating": 4,
    "mixed": 5,
}


def _describe_class(
    game: ExtensiveFormGame, structure: Any, cls: _Class, arith_exact: bool, tol: float
) -> _ClassInfo:
    rep = cls.representative
    table = [tuple(t) for t in rep.table]
    label = classify(game, structure, table, tol)
    verdicts = refinement_verdicts(game, structure, rep, tol)
    if cls.sequential is not None:
        seq = cls.sequential.sequential
        verdicts["sequential"] = ("passes" if seq else "undecided" if seq is None
                                  else f"fails ({cls.sequential.reason})")
    probabilities = event_probabilities(game, table, arith_exact)
    dist = game.outcome_distribution(table, exact=arith_exact)
    pays = game.expected_payoffs(table, exact=arith_exact)

    def r(x: Any) -> Any:
        return x if tol == 0 else round(float(x), 7)

    key = (tuple(sorted((k, r(v)) for k, v in dist.items())), tuple(r(x) for x in pays))
    return _ClassInfo(cls, table, label, verdicts, probabilities, key, rep.component)


def _families(infos: list[_ClassInfo], tol: float) -> list[list[_ClassInfo]]:
    """Outcome-equivalent classes of one Nash component, simplest class first."""
    groups: dict[tuple, list[_ClassInfo]] = {}
    for c in infos:
        groups.setdefault((c.component, c.outcome_key), []).append(c)
    out = []
    for members in groups.values():
        members.sort(key=lambda c: (_mixed_count(c.table, tol), _KIND_ORDER.get(c.label.kind, 9)))
        out.append(members)
    return out


def _mixed_count(table: Sequence[Sequence[Any]], tol: float) -> int:
    return sum(1 for t in table if len(_support(t, tol)) > 1)


def _family_equilibrium(
    game: ExtensiveFormGame, fam: list[_ClassInfo], exact: bool, tol: float
) -> Equilibrium:
    head = fam[0]
    rep = head.cls.representative
    off = _off_path_ranges(game, [rep], exact, tol)
    off_any = _off_path_ranges(game, head.cls.members, exact, tol)

    def num(x: Any) -> Any:
        return x if exact else float(x)

    extra: dict[str, Any] = {
        "kind": head.label.kind,
        "description": head.label.description,
        "off_path_beliefs": off,
        "off_path_beliefs_any": off_any,
        "off_path_variants": len(head.cls.members),
        "probabilities": {k: num(v) for k, v in head.probabilities.items()},
    }
    for key in ("intuitive_criterion", "d1"):
        # a refinement that does not apply (no sender with several types moving first) is
        # neither run nor reported
        if not head.verdicts[key].startswith("not applicable"):
            extra[key] = head.verdicts[key]
    verdict = head.cls.sequential
    if verdict is not None:
        extra.update(verdict.as_dict(game))
        if verdict.sequential is False:
            extra["description"] = f"{head.label.description}; weak PBE only, not sequential"
    if head.label.signals:
        extra["signals"] = {
            t: {m: num(p) for m, p in d.items()} for t, d in head.label.signals.items()
        }
    notes = [
        "verified: regret 0 against every pure deviation in every subgame, and sequential "
        "rationality at every information set (on the path with beliefs by Bayes' rule, "
        "off the path for every belief in the stated ranges)",
    ]
    if off:
        notes.append(
            "off-path beliefs are not pinned down by Bayes' rule: any belief in the "
            "ranges of extra['off_path_beliefs'] sustains the behavior shown; "
            "extra['off_path_beliefs_any'] gives the beliefs that sustain some "
            "off-path behavior with the same play on the path"
        )
    if len(fam) > 1:
        extra["continuum"] = {
            "classes": len(fam),
            "descriptions": [c.label.description for c in fam],
            "kinds": sorted({c.label.kind for c in fam}, key=lambda k: _KIND_ORDER.get(k, 9)),
        }
        if head.label.signals:
            extra["continuum"]["signals"] = {
                t: {
                    m: [
                        num(min(c.label.signals[t][m] for c in fam)),
                        num(max(c.label.signals[t][m] for c in fam)),
                    ]
                    for m in d
                }
                for t, d in head.label.signals.items()
            }
        notes.append(
            f"one of {len(fam)} outcome-equivalent PBE classes that are extreme points of one "
            "connected set of equilibria (same outcome probabilities and payoffs, different "
            "on-path mixtures); see extra['continuum']"
        )
    out_table = head.table if exact else [tuple(float(p) for p in t) for t in head.table]
    return make_behavior_equilibrium(
        game, out_table, exact=exact, concept="perfect bayesian", notes=notes, extra=extra,
        certified=None if exact else head.table,  # rational: JSON's exact mirror
    )


def _eliminated_summary(entry: dict[str, Any]) -> dict[str, Any]:
    """A JSON-ready record of an equilibrium removed by a refinement."""
    eq = entry["equilibrium"]

    def plain(m: Any) -> Any:
        return {k: plain(v) for k, v in m.items()} if hasattr(m, "items") else m

    return {
        "kind": entry["kind"],
        "description": entry["description"],
        "reason": entry["reason"],
        "behavior": plain(eq.behavior),
        "outcomes": plain(eq.outcomes),
        "payoffs": plain(eq.payoffs),
    }


def _fails(refine: str | None, verdicts: dict[str, str]) -> str | None:
    if refine is None:
        return None
    if refine == "sequential":
        verdict = verdicts.get("sequential", "undecided")
        return verdict[len("fails"):].strip(" ()") or verdict if verdict.startswith(
            "fails") else None
    verdict = verdicts["intuitive_criterion" if refine == "intuitive" else "d1"]
    if verdict.startswith("fails"):
        return verdict[len("fails") :].strip(" ()") or verdict
    return None
