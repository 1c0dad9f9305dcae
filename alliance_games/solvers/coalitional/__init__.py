"""Coalitional games: power indices, the core and the nucleolus."""
