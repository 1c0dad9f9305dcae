"""Signaling structure of a tree: labels, outcome probabilities and refinements of a PBE.

A tree has a *sender-receiver structure* when every path from the root meets chance
moves only until it reaches a decision of one player, the *sender*, at two or more
information sets: these are the sender's *types*, and the actions there its *messages*.
A *receiver* is the other player whose single information set is the first decision
reached, through chance moves only, after a message (one set per message).

Labels of an equilibrium, from the message distribution ``σ_t`` of each type ``t``
(types with prior 0 ignored): *pooling* when all ``σ_t`` are equal, *separating* when
their supports are pairwise disjoint, *semi-separating* when some type mixes otherwise,
*partially pooling* when pure types share a message but not all do.

Refinements at an off-path message ``m`` (Cho & Kreps 1987, sec. III-IV; Banks & Sobel
1987). Let ``u*_t`` be type ``t``'s equilibrium payoff, ``U_t(r)`` its payoff from
sending ``m`` when the receiver answers with pure ``r`` (continuation play as in the
equilibrium), and ``BR(T)`` the receiver's pure best responses to beliefs on the types
``T``:

* **Intuitive Criterion.** ``t`` is *equilibrium-dominated* at ``m`` when
  ``u*_t > max_{r ∈ BR(Θ)} U_t(r)``; let ``T'`` be the other types. The equilibrium fails
  if some ``t ∈ T'`` has ``min_{r ∈ BR(T')} U_t(r) > u*_t`` (it gains from ``m`` whatever
  the receiver answers, once beliefs put no weight on dominated types).
* **D1.** Over the receiver's mixed best responses ``MBR`` (mixtures over actions that tie
  at some belief), ``D_t = {r : U_t(r) > u*_t}`` and ``D⁰_t = {r : U_t(r) = u*_t}``. Type
  ``t`` is deleted when ``D_t ∪ D⁰_t ⊆ D_{t'}`` for some ``t' ≠ t`` (with ``D_{t'}``
  nonempty). The equilibrium fails if no belief on the surviving types has a best
  response (possibly mixed) that leaves every type at most its equilibrium payoff.

Both containments are decided exactly: a linear function's minimum over a polytope is
attained at a vertex (:mod:`alliance_games.solvers.signaling.beliefs`).

References
----------
I.-K. Cho & D. M. Kreps, "Signaling games and stable equilibria", *Quarterly Journal of
Economics* 102(2), 1987, pp. 179-221.
J. S. Banks & J. Sobel, "Equilibrium selection in signaling games", *Econometrica* 55(3),
1987, pp. 647-661.
"""

from __future__ import annotations

from .labels import Label, classify, event_probabilities
from .refinements import refinement_verdicts
from .structure import CHALLENGE_ACTIONS, SignalingStructure, chance_reach, detect_signaling

__all__ = [
    "SignalingStructure",
    "Label",
    "detect_signaling",
    "classify",
    "refinement_verdicts",
    "event_probabilities",
    "chance_reach",
    "CHALLENGE_ACTIONS",
]
