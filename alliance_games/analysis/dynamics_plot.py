"""Figures of dynamics results: a time path, and Richardson's phase portrait (matplotlib).

:func:`time_path_png` draws the ``time_path`` a dynamics result carries (the replicator
or fictitious-play path from the middle starting point, or a Richardson race's levels);
:func:`richardson_phase_png` draws the phase portrait of a Richardson race: the vector
field ``(k y - a x + g, l x - b y + h)``, the two isoclines (``ẋ = 0``: ``y = (a x -
g)/k``; ``ẏ = 0``: ``y = (l x + h)/b``), the rest point and the path from the starting
levels. Richardson (1960) read stability from the isoclines: stable when the ``ẋ = 0``
line is the steeper of the two (``a/k > l/b``, i.e. ``a b > k l``).

Both return PNG bytes; :func:`write_png` writes them whole. matplotlib is the ``plot``
extra: without it the functions raise with the ``pip install`` line.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from ..equilibrium import SolveResult
from ..errors import AllianceGamesError
from ..games.dynamics import RichardsonGame

__all__ = ["time_path_png", "richardson_phase_png", "write_png"]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise AllianceGamesError(
            "dynamics figures need matplotlib: pip install 'alliance_games[plot]'") from None
    return plt


def time_path_png(result: SolveResult) -> bytes:
    """The result's ``time_path`` (one line per share or level) as PNG bytes."""
    path = result.extra.get("time_path")
    if not path:
        raise AllianceGamesError("this result has no time path (solve a dynamics model, or "
                                 "a two-player game with --method replicator)")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3.6))
    t = list(path["t"])
    for label, values in path.items():
        if label != "t":
            ax.plot(t, list(values), label=str(label))
    ax.set_xlabel("round" if result.method == "fictitious-play" else "time")
    ax.set_ylabel("level" if isinstance(result.game, RichardsonGame) else "share")
    ax.set_title(str(getattr(result.game, "name", "")), fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def richardson_phase_png(result: SolveResult) -> bytes:
    """The phase portrait of a Richardson race (vector field, isoclines, rest point,
    path) as PNG bytes."""
    game = result.game
    if not isinstance(game, RichardsonGame):
        raise AllianceGamesError("a phase portrait needs a Richardson arms race")
    plt = _pyplot()
    (k, el), (a, b), (g, h) = ((float(u), float(v)) for u, v in (
        game.reaction, game.fatigue, game.grievance))
    levels = np.array([result.extra["time_path"][p] for p in game.players]).T
    rest = result.extra.get("rest_point")
    points = [levels, np.array([[0.0, 0.0]])]
    if rest:
        points.append(np.array([[float(rest[game.players[0]]),
                                 float(rest[game.players[1]])]]))
    stack = np.vstack(points)
    finite = stack[np.all(np.isfinite(stack), axis=1)]
    top = float(np.clip(np.abs(finite).max() * 1.2 if finite.size else 1.0, 1.0, 1e6))
    low = -top if (finite < 0).any() else 0.0
    xs = np.linspace(low, top, 17)
    X, Y = np.meshgrid(xs, xs)
    U, V = k * Y - a * X + g, el * X - b * Y + h
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.quiver(X, Y, U, V, color="0.7", angles="xy")
    line = np.linspace(low, top, 2)
    if k:
        ax.plot(line, (a * line - g) / k, label=f"{game.players[0]} constant (dx/dt = 0)")
    if b:
        ax.plot(line, (el * line + h) / b, label=f"{game.players[1]} constant (dy/dt = 0)")
    ax.plot(levels[:, 0], levels[:, 1], "k-", lw=1.5, label="path")
    if rest:
        ax.plot([float(rest[game.players[0]])], [float(rest[game.players[1]])], "ro",
                label="rest point")
    ax.set_xlim(low, top)
    ax.set_ylim(low, top)
    ax.set_xlabel(game.players[0])
    ax.set_ylabel(game.players[1])
    ax.set_title(f"{game.name}: {result.extra['regime']}", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def write_png(data: bytes, path: str | Path) -> Path:
    """Write ``data`` to ``path`` (a new file; refuses to overwrite)."""
    target = Path(path)
    if target.exists():
        raise AllianceGamesError(f"{target} exists; choose another name")
    target.write_bytes(data)
    return target
