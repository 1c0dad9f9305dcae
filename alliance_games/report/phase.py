"""Phase diagrams of a parameter sweep (matplotlib; the ``plot`` extra).

One swept parameter: the probability range of each outcome label across the
equilibria (a band from its minimum to its maximum), over coloured regime strips.
Two swept parameters: the grid coloured by regime, with a legend.
"""

from __future__ import annotations

from ..analysis.sweep import SweepResult
from ..errors import AllianceGamesError

__all__ = ["phase_diagram_png"]


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise AllianceGamesError(
            "--plot needs matplotlib: pip install 'alliance_games[plot]'") from None
    return plt


def phase_diagram_png(result: SweepResult) -> bytes:
    """The phase diagram as PNG bytes."""
    import io

    plt = _pyplot()
    regimes = result.regimes()
    colors = plt.get_cmap("tab10" if len(regimes) <= 10 else "tab20")
    color = {r: colors(k % colors.N) for k, r in enumerate(regimes)}
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    if len(result.axes) == 1:
        axis = result.axes[0]
        xs = [float(p.parameters[axis.name]) for p in result.points]
        step = (xs[1] - xs[0]) if len(xs) > 1 else 1.0
        for x, p in zip(xs, result.points, strict=True):
            ax.axvspan(x - step / 2, x + step / 2, color=color[p.regime], alpha=0.18, lw=0)
        for label in result.outcome_labels():
            lo = [p.outcomes.get(label, (0.0, 0.0))[0] for p in result.points]
            hi = [p.outcomes.get(label, (0.0, 0.0))[1] for p in result.points]
            line = ax.plot(xs, hi, lw=2, label=f"P({label}) max")[0]
            ax.fill_between(xs, lo, hi, color=line.get_color(), alpha=0.25)
        ax.set_xlabel(axis.name)
        ax.set_ylabel("probability across equilibria")
        ax.set_ylim(-0.02, 1.02)
        handles, labels = ax.get_legend_handles_labels()
        import matplotlib.patches as mpatches

        handles += [mpatches.Patch(color=color[r], alpha=0.4, label=r) for r in regimes]
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    elif len(result.axes) == 2:
        ax_x, ax_y = result.axes
        import numpy as np

        grid = np.zeros((len(ax_y.values), len(ax_x.values)), dtype=int)
        index = {r: k for k, r in enumerate(regimes)}
        k = 0
        for i in range(len(ax_x.values)):
            for j in range(len(ax_y.values)):
                grid[j, i] = index[result.points[k].regime]
                k += 1
        from matplotlib.colors import ListedColormap

        cmap = ListedColormap([color[r] for r in regimes])
        ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5,
                  vmax=len(regimes) - 0.5,
                  extent=(float(ax_x.values[0]), float(ax_x.values[-1]),
                          float(ax_y.values[0]), float(ax_y.values[-1])))
        ax.set_xlabel(ax_x.name)
        ax.set_ylabel(ax_y.name)
        import matplotlib.patches as mpatches

        ax.legend(handles=[mpatches.Patch(color=color[r], label=r) for r in regimes],
                  fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    else:
        raise AllianceGamesError("--plot draws sweeps over one or two parameters")
    ax.set_title(f"{result.spec}: equilibrium regimes")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
