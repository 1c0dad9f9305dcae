"""alliance_games.solvers.signaling."""
