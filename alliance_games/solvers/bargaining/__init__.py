"""alliance_games.solvers.bargaining."""
