"""Thin shim: ``python cli.py ...`` is the same as ``alliance-games ...``."""

from alliance_games.cli import main

if __name__ == "__main__":
    main()
