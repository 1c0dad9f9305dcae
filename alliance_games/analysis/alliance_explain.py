"""``alliance-games explain`` for the joint_products, autonomy_security and chain_ganging
families: the conditions that decide each model's equilibrium, in closed form, with
whether each holds at the current parameter values.

The conditions are those derived in the families' modules
(:mod:`alliance_games.solvers.public_goods.joint_products`,
:mod:`alliance_games.modeling.autonomy_security`,
:mod:`alliance_games.modeling.chain_ganging`); this module states them and evaluates
them, it derives nothing new.

References
----------
Sandler, T. (1977). Impurity of defense. *Kyklos* 30(3), 443-460.
Morrow, J. D. (1991). Alliances and asymmetry. *American Journal of Political Science*
35(4), 904-933.
Christensen, T. J. & Snyder, J. (1990). Chain gangs and passed bucks. *International
Organization* 44(2), 137-168.
"""

from __future__ import annotations

from typing import Any

from ..errors import SolverError
from ..games.normal import NormalFormGame
from ..games.public_goods import JointProductsGame

__all__ = ["explain_joint_products", "explain_autonomy_security", "explain_chain_ganging"]


def _now(flag: bool) -> str:
    return "holds now" if flag else "fails now"


def explain_joint_products(game: Any) -> str:
    """Best responses, the Nash and efficient conditions and the free-riding ratio."""
    if not isinstance(game, JointProductsGame):
        raise SolverError("explain: not a joint_products game")
    s = float(game.private_share)
    # imported here: it loads scipy.optimize (0.3 s), which no other explainer needs
    from ..solvers.public_goods.joint_products import joint_efficient, joint_nash

    total, x = joint_nash(game)
    eff_total, _ = joint_efficient(game)
    v = [float(a) for a in game.effective_valuations]
    n = game.n_players
    lines = [
        f"{game.name}: conditions of the joint-products model (Sandler 1977)",
        "",
        f"Utility: {game.formula}; v_i = a_i t_i; s = private_share = {s:g}.",
        "Best response to the others' total O: BR_i(O) = (v_i - O + sqrt((O - v_i)^2 + "
        "4 v_i s O)) / 2, capped at income w_i.",
        f"- ally i contributes (x_i > 0) iff s > 0 or v_i > O   [s > 0 {_now(s > 0)}: "
        + ("every ally spends" if s > 0 else "only allies with v_i above the others' total")
        + "]",
        "- Nash: x_i = v_i s X / (X - v_i (1 - s)) with X = sum x_i (unique root).",
        "- Efficient (max sum u_i): V (1 - s)/X + v_i s/x_i = 1, i.e. X* = V = sum v_i, "
        "x_i* = v_i when incomes do not bind.",
        "- n identical allies: X_N / X* = (1 + (n - 1) s) / n, increasing in s "
        "(d/ds = (n - 1)/n > 0): free riding weakens as the private share rises.",
        "",
        "Now: " + ", ".join(f"{p}: v = {vi:.4g}, x = {xi:.4g}"
                            for p, vi, xi in zip(game.players, v, x, strict=True)),
        f"Nash total {total:.6g}, efficient total {eff_total:.6g}, ratio "
        f"{total / eff_total:.4f}"
        + (f" (identical-ally formula at n = {n}: {(1 + (n - 1) * s) / n:.4f})"
           if len(set(v)) == 1 else ""),
    ]
    return "\n".join(lines) + "\n"


def explain_autonomy_security(game: Any) -> str:
    """When each contract forms and what keeps it alive (Morrow 1991)."""
    if not isinstance(game, NormalFormGame) or "autonomy_security" not in game.info:
        raise SolverError("explain: not an autonomy_security game")
    a = game.info["autonomy_security"]
    s, m = a["stronger"], a["weaker"]
    c, w, k = a["capabilities"], a["security_weights"], a["commitment_costs"]
    e = a["efficiency"]
    sym, asym = a["symmetric"], a["asymmetric"]
    lo, hi = asym["terms_range"]
    lines = [
        f"{game.name}: conditions of the autonomy-security model (Morrow 1991)",
        "",
        "u_i = w_i ln S_i + (1 - w_i) ln A_i; alone S_i = A_i = c_i.",
        f"Now: c = ({c[s]:g}, {c[m]:g}), w = ({w[s]:g}, {w[m]:g}), k = ({k[s]:g}, "
        f"{k[m]:g}), e = {e:g} for ({s}, {m}).",
        "",
        "Symmetric alliance (security for security) forms iff for both i: "
        "w_i ln(1 + e c_j/c_i) + (1 - w_i) ln(1 - k_i/c_i) > 0",
    ]
    for p, g in sym["gains"].items():
        lines.append(f"  {p}: {g:+.5f}   [{_now(g > 0)}]")
    lines += [
        f"Asymmetric alliance (autonomy for security) forms iff k_s <= tau_max = c_m [1 - "
        f"(1 + e c_s/c_m)^(-w_m/(1 - w_m))]: {lo:.5g} <= {hi:.5g}   [{_now(lo <= hi)}]",
        f"  terms tau* = (k_s + tau_max)/2 = {asym['autonomy_transfer']:.5g}",
        "",
        "Durability with the terms fixed:",
        "  asymmetric: the stronger's gain (1 - w_s) ln(1 + (tau* - k_s)/c_s) > 0 for every "
        "capability; the weaker stays while c_s >= c_m [(1 - tau*/c_m)^(-(1 - w_m)/w_m) - 1]"
        " / e" + (f" = {asym['partner_capability_floor'][m]:.5g}" if asym["forms"] else ""),
        "  symmetric: each i stays while c_j >= c_i [(1 - k_i/c_i)^(-(1 - w_i)/w_i) - 1] / e"
        + ("".join(f"; {p}: {v:.5g}" for p, v in sym["partner_capability_floor"].items())
           if sym["forms"] else ""),
        "  => one capability-sensitive condition in an asymmetric alliance, two in a "
        "symmetric one.",
    ]
    shifts = a.get("capability_shifts")
    if shifts:
        lines += ["", "Capability shifts survived (c_X -> (1 + d) c_X, terms and the other "
                      "capability fixed; the range of d where both gains stay >= 0):"]
        for kind in ("symmetric", "asymmetric"):
            for p, bounds in (shifts.get(kind) or {}).items():
                if bounds is None:
                    lines.append(f"  {kind}, {p}: the contract does not form now")
                    continue
                lo, hi = bounds["lower"], bounds["upper"]
                lines.append(f"  {kind}, shift of {p}: d in "
                             f"[{'-1' if lo is None else f'{lo:.6g}'}, "
                             f"{'inf' if hi is None else f'{hi:.6g}'}]")
    return "\n".join(lines) + "\n"


def explain_chain_ganging(game: Any) -> str:
    """The two offense-dominance thresholds of the chain-ganging model."""
    if not isinstance(game, NormalFormGame) or "chain_ganging" not in game.info:
        raise SolverError("explain: not a chain_ganging game")
    a = game.info["chain_ganging"]
    n, theta = a["n_states"], float(a["offense"])
    low, high = float(a["buck_passing_below"]), float(a["chain_ganging_above"])
    lines = [
        f"{game.name}: conditions of the chain-ganging model (Christensen and Snyder 1990)",
        "",
        "u(Commit | k others) = -c - L theta (n - k - 1)/n; "
        "u(Pass | k) = -L theta (n - k)/n + r (1 - theta) [k > 0]",
        f"Now: n = {n}, theta = {theta:g}, L = {float(a['loss']):g}, "
        f"c = {float(a['commitment_cost']):g}, r = {float(a['passing_gain']):g}",
        "",
        f"- chain-ganging (all commit, Commit dominant) iff theta > (c + r)/(L/n + r) = "
        f"{high:.5g}   [{_now(theta > high)}]",
        f"- buck-passing (no one commits, Pass dominant) iff theta < c n / L = {low:.5g}   "
        f"[{_now(theta < low)}]",
        f"- otherwise exactly one state commits in every pure equilibrium   "
        f"[{_now(low <= theta <= high)}]",
    ]
    return "\n".join(lines) + "\n"
