"""alliance_games.solvers.normal."""
