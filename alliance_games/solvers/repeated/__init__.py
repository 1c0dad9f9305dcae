"""alliance_games.solvers.repeated."""
