"""Solvers for alliance families compiled to normal-form games (Morrow 1991;
Christensen and Snyder 1990): the normal-form solve plus the family's own figures."""
