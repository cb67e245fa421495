"""find_cycles against a brute-force reading of the same graph: every node on a cycle is reported in exactly one
cycle path, every path is a real cycle, and an acyclic graph (peeled whole before Tarjan runs) reports none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.gate.rules_deps import find_cycles
from tracker.model import Item, Status
from tracker.model.item import Dependency, Span

NODES = [f"N-{n}" for n in range(8)]


def _items(edges: dict[str, list[str]]) -> list[Item]:
    return [Item(id=node, status=Status.TODO, kind="row", source=Span("plan.md", n + 1),
                 dependencies=tuple(Dependency(d, "column") for d in targets))
            for n, (node, targets) in enumerate(edges.items())]


def _reaches(edges: dict[str, list[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(edges.get(start, []))
    while todo:
        node = todo.pop()
        if node in edges and node not in seen:
            seen.add(node)
            todo.extend(edges[node])
    return seen


graphs = st.dictionaries(st.sampled_from(NODES), st.lists(st.sampled_from([*NODES, "X-404"]), max_size=3),
                         min_size=1)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_cycles_are_exactly_the_nodes_that_reach_themselves(edges: dict[str, list[str]]) -> None:
    items = _items(edges)
    index = {item.id: [item] for item in items}
    cycles = find_cycles(items, index)
    on_cycle = {node for node in edges if node in _reaches(edges, node)}
    reported = [node for path in cycles for node in path]
    assert set(reported) <= on_cycle
    for path in cycles:  # each path is a real cycle, starting at its component's smallest ID
        assert all(b in edges[a] for a, b in zip(path, [*path[1:], path[0]], strict=True))
        component = {n for n in on_cycle if path[0] in _reaches(edges, n) and n in _reaches(edges, path[0])}
        assert path[0] == min(component | {path[0]})
    # one path per strongly connected component: every node on a cycle shares a component with one reported start
    starts = {path[0] for path in cycles}
    for node in on_cycle:
        assert sum(1 for s in starts if s in _reaches(edges, node) and node in _reaches(edges, s)) == 1
