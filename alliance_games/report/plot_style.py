"""One look for every figure: a categorical palette, short regime names, wrapped titles.

Shared by the phase diagrams (:mod:`alliance_games.report.phase`), the explorers
(:mod:`alliance_games.report.explorer`, :mod:`alliance_games.report.widget`) and the
time paths of the dynamics work (:func:`plot_time_path`).

The palette is categorical and opaque: one colour per regime, never a translucent band
over another. Its first eight colours are Okabe & Ito's (distinguishable with the common
colour-vision deficiencies); the next twelve are from Kelly's 22 colours of maximum
contrast. Regimes
beyond twenty reuse colours, and the figures then label each region by its short name.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/

Kelly, K. L. (1965). Twenty-two colors for maximum contrast. Color Engineering 3(6),
26-27.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import AllianceGamesError

__all__ = [
    "CATEGORICAL",
    "ERROR_COLOUR",
    "regime_colours",
    "short_names",
    "wrap_title",
    "pyplot",
    "plot_time_path",
]

#: Okabe-Ito (without black), then Kelly's colours of maximum contrast not already
#: close to them.
CATEGORICAL: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#999999", "#875692", "#BE0032", "#C2B280", "#882D17", "#8DB600", "#F99379",
    "#2B3D26", "#A1CAF1", "#B3446C", "#654522", "#DCD300", "#604E97",
)
#: the colour of grid points whose solve failed
ERROR_COLOUR = "#FFFFFF"


def regime_colours(regimes: Sequence[str]) -> dict[str, str]:
    """Regime -> hex colour, in order (the failed points' ``error`` regime is white)."""
    out: dict[str, str] = {}
    k = 0
    for r in regimes:
        if r == "error":
            out[r] = ERROR_COLOUR
        else:
            out[r] = CATEGORICAL[k % len(CATEGORICAL)]
            k += 1
    return out


def short_names(regimes: Sequence[str]) -> dict[str, str]:
    """Regime -> a short key (``R1``, ``R2``, ...) for labels and legends; the full
    regime text goes in a table beside the figure."""
    return {r: f"R{k}" for k, r in enumerate(regimes, 1)}


def wrap_title(text: str, width: int = 60) -> str:
    """A title broken into lines of at most ``width`` characters (so it fits)."""
    return "\n".join(textwrap.wrap(text, width)) or text


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend; a clear message naming the extra."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise AllianceGamesError(
            "plots need matplotlib: pip install \"alliance_games[plot]\"") from None
    return plt


def plot_time_path(
    times: Sequence[float],
    series: Sequence[Sequence[float]] | Mapping[str, Sequence[float]],
    labels: Sequence[str] | None = None,
    path: str | Path | None = None,
    *,
    title: str = "",
    xlabel: str = "period",
    ylabel: str = "",
) -> bytes:
    """Draw time paths (one line per series) in the house style.

    Parameters
    ----------
    times
        The common time axis (periods or continuous time).
    series
        One sequence of values per line, the same length as ``times``; or a mapping
        ``label -> values`` (then ``labels`` may be omitted).
    labels
        A label per series (the legend); required when ``series`` is a sequence.
    path
        Where to write the figure (``.png``, ``.svg`` or ``.pdf`` by suffix); ``None``
        writes nothing.

    Returns
    -------
    bytes
        The figure as PNG bytes (whatever ``path`` is).

    Examples
    --------
    >>> png = plot_time_path([0, 1, 2], [[0, 0.5, 0.75]], ["arms level"])
    >>> png[:4] == b"\\x89PNG"
    True
    """
    import io

    if isinstance(series, Mapping):
        labels = list(series) if labels is None else list(labels)
        values = [list(v) for v in series.values()]
    else:
        values = [list(v) for v in series]
        if labels is None:
            raise AllianceGamesError("plot_time_path: give a label for each series")
        labels = list(labels)
    if len(labels) != len(values):
        raise AllianceGamesError(
            f"plot_time_path: {len(values)} series but {len(labels)} labels")
    for label, v in zip(labels, values, strict=True):
        if len(v) != len(times):
            raise AllianceGamesError(
                f"plot_time_path: series {label!r} has {len(v)} values for "
                f"{len(times)} times")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120, layout="constrained")
    styles = ("-", "--", "-.", ":")
    for k, (label, v) in enumerate(zip(labels, values, strict=True)):
        ax.plot(list(times), v, color=CATEGORICAL[k % len(CATEGORICAL)],
                ls=styles[k % len(styles)], lw=2, label=label,
                marker="o" if len(times) <= 30 else None, ms=3)
    ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(wrap_title(title), fontsize=11)
    if labels:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    if path is not None:
        fig.savefig(str(path))
    plt.close(fig)
    return buffer.getvalue()
