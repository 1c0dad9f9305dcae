"""alliance_games.interpretation."""
