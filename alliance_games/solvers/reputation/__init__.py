"""Reputation games: the chain store (Selten 1978; Kreps & Wilson 1982)."""
