"""alliance_games.solvers.crisis: crisis bargaining (Fearon 1995; Powell 2006)."""
