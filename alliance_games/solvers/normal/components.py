"""Connected components and maximal Nash subsets of a bimatrix game's equilibrium set.

Every extreme equilibrium of a bimatrix game is a pair ``(x, y)`` of vertices of the two
best-response polytopes. Draw the bipartite graph whose nodes are the extreme ``x`` and
extreme ``y`` that occur in some extreme equilibrium and whose edges are those
equilibria. Then (Winkels 1979; Jansen 1981; Avis, Rosenberg, Savani & von Stengel 2010):

* a *maximal Nash subset* is ``conv(X') x conv(Y')`` for a maximal biclique ``(X', Y')``
  of this graph: every mixture of the row strategies in ``X'``, played against every
  mixture of the column strategies in ``Y'``, is an equilibrium;
* the equilibrium set is the union of the maximal Nash subsets, and its *connected
  components* are the unions of the maximal Nash subsets whose bicliques lie in one
  connected component of the graph.

A game whose graph has a component with more than one edge has a continuum of
equilibria there.

References
----------
Avis, D., Rosenberg, G. D., Savani, R. & von Stengel, B. (2010). Enumeration of Nash
equilibria for two-player games. *Economic Theory* 42, 9-37, sec. 3.
Winkels, H.-M. (1979). An algorithm to determine all equilibrium points of a bimatrix
game. In *Game Theory and Related Topics*, 137-148.

Examples
--------
Two equilibria ``(x0, y0)`` and ``(x1, y0)`` share ``y0``: one component, one maximal
Nash subset ``{x0, x1} x {y0}``.

>>> nash_components([(0, 0), (1, 0), (2, 1)])
((0, 1), (2,))
>>> maximal_nash_subsets([(0, 0), (1, 0), (2, 1)])
(((0, 1), (0,)), ((2,), (1,)))
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["nash_components", "maximal_nash_subsets", "subset_equilibria"]

Pair = tuple[int, int]


def nash_components(pairs: Sequence[Pair]) -> tuple[tuple[int, ...], ...]:
    """Group equilibria (given as ``(x id, y id)`` pairs) into connected components.

    Returns tuples of positions in ``pairs``, each sorted, ordered by their first member.
    Union-find over the bipartite graph: two equilibria are joined when they share an
    ``x`` or a ``y``.
    """
    parent = list(range(len(pairs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    first_x: dict[int, int] = {}
    first_y: dict[int, int] = {}
    for e, (x, y) in enumerate(pairs):
        for table, node in ((first_x, x), (first_y, y)):
            if node in table:
                parent[find(e)] = find(table[node])
            else:
                table[node] = e
    groups: dict[int, list[int]] = {}
    for e in range(len(pairs)):
        groups.setdefault(find(e), []).append(e)
    return tuple(sorted((tuple(g) for g in groups.values()), key=lambda g: g[0]))


def maximal_nash_subsets(
    pairs: Sequence[Pair],
) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """All maximal bicliques ``(X', Y')`` of the bipartite equilibrium graph.

    The ``Y'`` of a maximal biclique is an intersection of neighbourhoods ``N(x)`` and
    ``X' = {x : Y' ⊆ N(x)}``; conversely every nonempty intersection of neighbourhoods
    gives a maximal biclique this way. So the closure of ``{N(x)}`` under intersection
    lists them all (fine for the small graphs equilibrium sets produce).

    Returns ``(sorted x ids, sorted y ids)`` pairs, sorted.
    """
    neighbours: dict[int, frozenset[int]] = {}
    for x, y in pairs:
        neighbours[x] = neighbours.get(x, frozenset()) | {y}
    closed: set[frozenset[int]] = set(neighbours.values())
    frontier = set(closed)
    while frontier:
        new: set[frozenset[int]] = set()
        for a in frontier:
            for b in neighbours.values():
                c = a & b
                if c and c not in closed:
                    new.add(c)
        closed |= new
        frontier = new
    subsets = []
    for ys in closed:
        xs = tuple(sorted(x for x, nb in neighbours.items() if ys <= nb))
        subsets.append((xs, tuple(sorted(ys))))
    return tuple(sorted(subsets))


def subset_equilibria(
    pairs: Sequence[Pair], subset: tuple[tuple[int, ...], tuple[int, ...]]
) -> tuple[int, ...]:
    """Positions in ``pairs`` of the extreme equilibria of one maximal Nash subset."""
    xs, ys = set(subset[0]), set(subset[1])
    return tuple(e for e, (x, y) in enumerate(pairs) if x in xs and y in ys)
