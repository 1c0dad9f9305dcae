"""Dynamics: Richardson arms races; evolutionary and learning dynamics on normal forms."""
