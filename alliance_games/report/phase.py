"""Phase diagrams of a parameter sweep (matplotlib; the ``plot`` extra).

What a reader needs from a phase diagram is which equilibria hold where, so:

- every regime (the set of equilibria at a grid point, see
  :mod:`alliance_games.analysis.sweep`) gets one opaque colour from the categorical
  palette of :mod:`alliance_games.report.plot_style` — no translucent band over another;
- regions are labelled in place by a short key (``R1``, ``R2`` ...), and the full regime
  text stands in a key table beside the plot (a legend of long strings would be wider
  than the plot);
- exact boundaries are drawn as dashed lines where the family's ``explain`` gives the
  existence conditions symbolically (security dilemma and signaling games): along a
  swept parameter ``x`` each condition ``f(x) >= 0`` changes truth where ``f(x) = 0``
  (the other parameters held at their values), and those roots are drawn;
- titles are wrapped to the figure's width.

One swept parameter: a strip of regime colours above the range of each outcome's
probability across the equilibria (its maximum solid, its minimum dashed). Two swept
parameters: the grid coloured by regime.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from ..analysis.sweep import SweepResult
from ..errors import AllianceGamesError
from .plot_style import CATEGORICAL, pyplot, regime_colours, short_names, wrap_title

__all__ = ["phase_diagram_png", "phase_figure", "exact_boundaries"]


def _relations(game: Any) -> list[Any]:
    """The atomic sympy relations of the existence conditions ``explain`` derives."""
    import sympy

    kind = str((getattr(game, "info", {}) or {}).get("kind", ""))
    conditions: list[Any] = []
    if kind == "security_dilemma":
        from ..analysis.explain import security_dilemma_conditions

        conditions = [c for _, c, _ in security_dilemma_conditions(game)]
    elif kind == "signaling":
        from ..analysis.signaling_explain import signaling_conditions

        conditions = [c.condition for c in signaling_conditions(game, samples=0)[0]]
    out: list[Any] = []
    for c in conditions:
        if isinstance(c, sympy.core.relational.Relational):
            out.append(c)
        elif isinstance(c, sympy.logic.boolalg.Boolean):
            out.extend(c.atoms(sympy.core.relational.Relational))
    return out


def exact_boundaries(result: SweepResult, overrides: Mapping[str, str] | None = None
                     ) -> list[list[tuple[float, float]] | float]:
    """Where the symbolic existence conditions change truth inside the swept range.

    For one swept parameter: the roots (floats) of ``lhs - rhs`` of every condition
    (the other parameters at their values). For two: each boundary as a polyline of
    ``(x, y)`` points. Empty for families without symbolic conditions, or when the
    conditions cannot be solved in closed form.
    """
    import sympy

    from ..modeling.loader import load
    from ..numbers import as_sympy

    axes = result.axes
    if not 1 <= len(axes) <= 2:
        return []
    base = {**(overrides or {}), **{a.name: str(a.values[0]) for a in axes}}
    try:
        game = load(result.spec, base)
        relations = _relations(game)
    except Exception:  # a plot is drawn without boundaries rather than not at all
        return []
    swept = {a.name for a in axes}
    fixed = {sympy.Symbol(k): as_sympy(v) for k, v in (game.parameters or {}).items()
             if k not in swept}
    x = sympy.Symbol(axes[0].name)
    x0, x1 = float(axes[0].values[0]), float(axes[0].values[-1])
    seen: set[str] = set()
    out: list[list[tuple[float, float]] | float] = []
    for rel in relations:
        f = sympy.simplify((rel.lhs - rel.rhs).xreplace(fixed))
        if f.is_number or str(f) in seen:
            continue
        seen.add(str(f))
        try:
            if len(axes) == 1:
                if f.free_symbols != {x}:
                    continue
                for root in sympy.solve(f, x):
                    if root.is_real and x0 < float(root) < x1:
                        out.append(float(root))
            else:
                y = sympy.Symbol(axes[1].name)
                y0, y1 = float(axes[1].values[0]), float(axes[1].values[-1])
                if not f.free_symbols <= {x, y}:
                    continue
                if y in f.free_symbols:
                    for branch in sympy.solve(f, y):
                        line = []
                        for k in range(121):
                            xv = x0 + (x1 - x0) * k / 120
                            yv = branch.xreplace({x: as_sympy(xv)})
                            if yv.is_real and y0 <= float(yv) <= y1:
                                line.append((xv, float(yv)))
                        if len(line) > 1:
                            out.append(line)
                else:
                    for root in sympy.solve(f, x):
                        if root.is_real and x0 < float(root) < x1:
                            out.append([(float(root), y0), (float(root), y1)])
        except (NotImplementedError, TypeError, ValueError):
            continue
    # the same threshold from two conditions is one line
    unique: list[list[tuple[float, float]] | float] = []
    for b in out:
        if isinstance(b, float) and any(isinstance(u, float) and abs(u - b) < 1e-12
                                        for u in unique):
            continue
        unique.append(b)
    return unique


def _key_label(short: str, regime: str, width: int = 38) -> str:
    """``R1  full regime text``, wrapped (a key-table row beside the figure)."""
    wrapped = textwrap.wrap(regime, width) or [regime]
    return "\n".join([f"{short}  {wrapped[0]}"] + [f"      {w}" for w in wrapped[1:]])


def _label_cells(ax: Any, grid: Any, xs: Sequence[float], ys: Sequence[float],
                 regimes: Sequence[str]) -> None:
    """Put each regime's short key at the cell nearest the centre of its cells."""
    import numpy as np

    names = short_names(regimes)
    for k, r in enumerate(regimes):
        cells = np.argwhere(grid == k)
        if len(cells) == 0:
            continue
        centre = cells.mean(axis=0)
        j, i = cells[int(np.argmin(((cells - centre) ** 2).sum(axis=1)))]
        ax.text(xs[i], ys[j], names[r], ha="center", va="center", fontsize=9,
                fontweight="bold", color="black",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                      "alpha": 0.85})


def phase_figure(result: SweepResult, overrides: Mapping[str, str] | None = None,
                 boundaries: bool = True) -> Any:
    """The phase diagram as a matplotlib ``Figure`` (see the module docstring)."""
    import matplotlib.patches as mpatches
    import numpy as np
    from matplotlib.colors import ListedColormap

    if len(result.axes) not in (1, 2):
        raise AllianceGamesError("a phase diagram shows sweeps over one or two parameters")
    plt = pyplot()
    regimes = result.regimes()
    colours = regime_colours(regimes)
    names = short_names(regimes)
    index = {r: k for k, r in enumerate(regimes)}
    fig = plt.figure(figsize=(10, 5.2), dpi=120, layout="constrained")
    outer = fig.add_gridspec(1, 2, width_ratios=[2.3, 1])
    key_ax = fig.add_subplot(outer[1])
    key_ax.axis("off")
    lines = boundaries and exact_boundaries(result, overrides)
    if len(result.axes) == 1:
        axis = result.axes[0]
        xs = [float(v) for v in axis.values]
        inner = outer[0].subgridspec(2, 1, height_ratios=[1, 5])
        strip = fig.add_subplot(inner[0])
        ax = fig.add_subplot(inner[1], sharex=strip)
        edges = ([xs[0]] + [(a + b) / 2 for a, b in zip(xs, xs[1:], strict=False)]
                 + [xs[-1]]) if len(xs) > 1 else [xs[0] - 0.5, xs[0] + 0.5]
        for k, p in enumerate(result.points):
            strip.axvspan(edges[k], edges[k + 1], color=colours[p.regime], lw=0)
        # short keys in place, once per run of equal regimes wide enough to hold one
        start = 0
        for k in range(1, len(result.points) + 1):
            if k == len(result.points) or result.points[k].regime != result.points[start].regime:
                lo, hi = edges[start], edges[k]
                if (hi - lo) >= (edges[-1] - edges[0]) * 0.06:
                    strip.text((lo + hi) / 2, 0.5, names[result.points[start].regime],
                               ha="center", va="center", fontsize=9, fontweight="bold")
                start = k
        strip.set_yticks([])
        strip.set_ylabel("regime", rotation=0, ha="right", va="center", fontsize=9)
        strip.tick_params(labelbottom=False)
        for label_k, label in enumerate(result.outcome_labels()):
            colour = CATEGORICAL[(label_k + 8) % len(CATEGORICAL)]
            low = [p.outcomes.get(label, (0.0, 0.0))[0] for p in result.points]
            high = [p.outcomes.get(label, (0.0, 0.0))[1] for p in result.points]
            ax.plot(xs, high, lw=2, color=colour, label=f"{label} (max)")
            if any(abs(a - b) > 1e-12 for a, b in zip(low, high, strict=True)):
                ax.plot(xs, low, lw=1.5, ls="--", color=colour, label=f"{label} (min)")
        for b in lines or []:
            if isinstance(b, float):
                for target in (strip, ax):
                    target.axvline(b, color="black", lw=1.2, ls=(0, (4, 2)))
        ax.set_xlabel(axis.name)
        ax.set_ylabel("outcome probability\nacross equilibria")
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlim(edges[0], edges[-1])
        ax.grid(True, color="#e3e3e3", lw=0.6)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.22),
                      ncol=3, frameon=False)
        title_ax = strip
    else:
        ax_x, ax_y = result.axes
        xs = [float(v) for v in ax_x.values]
        ys = [float(v) for v in ax_y.values]
        grid = np.zeros((len(ys), len(xs)), dtype=int)
        k = 0
        for i in range(len(xs)):
            for j in range(len(ys)):
                grid[j, i] = index[result.points[k].regime]
                k += 1
        ax = fig.add_subplot(outer[0])
        cmap = ListedColormap([colours[r] for r in regimes])

        def half(v: Sequence[float]) -> float:
            return (v[1] - v[0]) / 2 if len(v) > 1 else 0.5

        ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5,
                  vmax=len(regimes) - 0.5, interpolation="nearest",
                  extent=(xs[0] - half(xs), xs[-1] + half(xs), ys[0] - half(ys),
                          ys[-1] + half(ys)))
        _label_cells(ax, grid, xs, ys, regimes)
        for b in lines or []:
            if not isinstance(b, float):
                ax.plot([p[0] for p in b], [p[1] for p in b], color="black", lw=1.4,
                        ls=(0, (4, 2)))
        ax.set_xlabel(ax_x.name)
        ax.set_ylabel(ax_y.name)
        title_ax = ax
    title_ax.set_title(wrap_title(f"{result.spec}: equilibrium regimes", 70), fontsize=11)
    handles: list[Any] = [mpatches.Patch(facecolor=colours[r], edgecolor="#555",
                              label=_key_label(names[r], r)) for r in regimes]
    if lines:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="black", lw=1.2, ls=(0, (4, 2)),
                              label="exact boundary\n(from explain)"))
    key_ax.legend(handles=handles, loc="upper left", fontsize=7.5 if len(regimes) < 10 else 6.5,
                  frameon=False, title="regimes", title_fontsize=9, alignment="left",
                  borderaxespad=0)
    return fig


def phase_diagram_png(result: SweepResult, overrides: Mapping[str, str] | None = None,
                      boundaries: bool = True) -> bytes:
    """The phase diagram as PNG bytes (``overrides``: the sweep's ``--set`` values,
    which the exact boundaries need)."""
    plt = pyplot()
    fig = phase_figure(result, overrides, boundaries)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
