"""alliance_games.solvers.kernels."""
