"""alliance_games.solvers.public_goods."""
