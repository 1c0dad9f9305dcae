"""The selection effect in alliance reliability (Smith 1995), computed from an equilibrium.

Claims trees built like ``alliance/alliance_reliability``: chance picks the ally's type
(``Reliable`` / ``Unreliable``), the ally chooses ``Form alliance``, and when an allied
protege is attacked the ally's information set ``ally, <type>, ally attacked`` offers
``Honor``. For each equilibrium it computes two numbers from the reach probabilities:

* reliability of alliances in general, ``Σ_t P(t, alliance) h_t / Σ_t P(t, alliance)``,
  where ``h_t`` is the probability that an ally of type ``t`` honors if attacked;
* reliability of attacked alliances, ``Σ_t P(t, alliance, attacked) h_t /
  Σ_t P(t, alliance, attacked)``, the honor rate an observer of wars would record.

Smith's selection effect is the second number below the first.

References
----------
Smith, A. (1995). Alliance formation and war. *International Studies Quarterly* 39(4),
405-425.
"""

from __future__ import annotations

from typing import Any

from ..equilibrium import SolveResult
from ..games.extensive import ExtensiveFormGame

__all__ = ["predictions", "selection_figures"]

TYPES = {"Reliable": "reliable", "Unreliable": "unreliable"}


def _claims(game: Any) -> bool:
    if not isinstance(game, ExtensiveFormGame):
        return False
    names = {n.name for n in game.nodes}
    return all(f"{t}/Form alliance" in names for t in TYPES)


def selection_figures(game: ExtensiveFormGame, behavior: Any) -> tuple[float, float] | None:
    """(reliability of alliances in general, of attacked alliances), or None when no
    alliance forms or none is attacked."""
    reach = game.reach_probabilities(behavior)
    allied = attacked = honest_allied = honest_attacked = 0.0
    for t, tag in TYPES.items():
        infoset = behavior.get("Ally", {}).get(f"ally, {tag}, ally attacked", {})
        honor = float(infoset.get("Honor", 0))
        p_alliance = float(reach.get(f"{t}/Form alliance", 0))
        p_attacked = sum(float(p) for name, p in reach.items()
                         if name.startswith(f"{t}/Form alliance/") and name.endswith("/Attack"))
        allied += p_alliance
        honest_allied += p_alliance * honor
        attacked += p_attacked
        honest_attacked += p_attacked * honor
    if allied <= 1e-12 or attacked <= 1e-12:
        return None
    return honest_allied / allied, honest_attacked / attacked


def predictions(result: SolveResult) -> list[str] | None:
    """One line per equilibrium comparing the two reliabilities."""
    game = result.game
    if not _claims(game):
        return None
    assert isinstance(game, ExtensiveFormGame)
    lines = []
    untested = 0
    for k, eq in enumerate(result.equilibria, 1):
        figures = selection_figures(game, eq.behavior or {})
        if figures is None:
            untested += 1
            continue
        general, tested = figures
        verdict = ("selection effect (Smith 1995): the alliances that are tested are the "
                   "less reliable ones, so observed honor rates understate reliability"
                   if tested < general - 1e-9 else "no selection effect")
        lines.append(
            f"Equilibrium {k}: allies would honor {general:.0%} of alliances in general, but "
            f"only {tested:.0%} of the alliances that are attacked: {verdict}.")
    if untested:
        lines.append(
            f"In {untested} of the {len(result.equilibria)} equilibria no alliance is formed "
            "or none is attacked, so no honor rate can be observed."
            + ("" if result.method == "pbe" else
               " (Solve with --method pbe for the perfect Bayesian equilibria only.)"))
    return lines
