"""alliance_games.solvers.nplayer."""
