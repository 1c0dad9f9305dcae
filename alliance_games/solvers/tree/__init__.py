"""alliance_games.solvers.tree."""
