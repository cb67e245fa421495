"""A layered (Sugiyama-style) layout for the dependency graph: longest-path layers, barycentre ordering.

Pure and linear-ish: cycles are broken by dropping the edges a depth-first search finds pointing back,
layers are longest paths from the sources, and a few down/up sweeps order each layer by the mean position
of its neighbours. No dummy nodes: edges that skip layers are drawn as curves.
"""

from __future__ import annotations

from dataclasses import dataclass

SWEEPS = 4


@dataclass(frozen=True, slots=True)
class Layout:
    layer: dict[str, int]  # node -> column
    order: dict[str, int]  # node -> row within its column
    edges: list[tuple[str, str]]  # kept edges, all pointing to a later layer
    dropped: list[tuple[str, str]]  # edges removed to break cycles (and self-loops)
    columns: int
    rows: int


def _acyclic(nodes: list[str], edges: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split edges into a DAG and the back edges of an iterative depth-first search (plus self-loops)."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        succ[a].append(b)
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    back: set[tuple[str, str]] = set()
    for start in nodes:
        if start in state:
            continue
        state[start] = 1
        stack = [(start, iter(succ[start]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                seen = state.get(child)
                if seen == 1:
                    back.add((node, child))
                elif seen is None:
                    state[child] = 1
                    stack.append((child, iter(succ[child])))
                    break
            else:
                state[node] = 2
                stack.pop()
    kept = [e for e in edges if e not in back]
    return kept, [e for e in edges if e in back]


def layered(nodes: list[str], edges: list[tuple[str, str]]) -> Layout:
    """Lay out `nodes` (in a stable input order) with `edges` (a -> b: a before b) into columns and rows."""
    known = set(nodes)
    unique = list(dict.fromkeys((a, b) for a, b in edges if a in known and b in known))
    kept, dropped = _acyclic(nodes, unique)
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    indegree = {n: 0 for n in nodes}
    for a, b in kept:
        preds[b].append(a)
        succ[a].append(b)
        indegree[b] += 1
    layer = {n: 0 for n in nodes}
    ready = [n for n in nodes if indegree[n] == 0]
    while ready:  # Kahn's order: a node's layer is final once all its predecessors are placed
        node = ready.pop()
        for child in succ[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    columns: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for node in nodes:
        columns[layer[node]].append(node)
    position = {n: float(i) for column in columns for i, n in enumerate(column)}
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = columns[1:] if downward else list(reversed(columns[:-1]))
        for column in sequence:
            for node in column:
                near = preds[node] if downward else succ[node]
                if near:
                    position[node] = sum(position[n] for n in near) / len(near)
            column.sort(key=lambda n: position[n])  # stable: ties keep the earlier order
            for i, node in enumerate(column):
                position[node] = float(i)
    order = {n: i for column in columns for i, n in enumerate(column)}
    return Layout(layer=layer, order=order, edges=kept, dropped=dropped, columns=len(columns),
                  rows=max((len(c) for c in columns), default=0))
