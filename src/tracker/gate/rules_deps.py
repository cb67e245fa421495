"""TRK201-203 dependencies: done items whose prerequisites are open, unknown IDs, and cycles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.parse.task_ids import same_scope
from tracker.model import Item, Status
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK201", "dependency-not-done", "error",
    "A done item depends on an item that is not done.",
    "Work built on an unfinished prerequisite is not finished either; the order the plan promised was broken.",
    "WS1-007 (done) depends on WS1-006 (in_progress)",
    "Finish the prerequisite first, or remove the dependency if it no longer holds.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK202", "unknown-dependency", "error",
    "A dependency names an ID that no item in the project has.",
    "A typo or a deleted item turns a real ordering constraint into nothing, silently.",
    "depends_on: [WS1-099]   where no WS1-099 exists",
    "Correct the ID, or remove the dependency.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK203", "dependency-cycle", "error",
    "Items depend on each other in a cycle (A → B → C → A).",
    "No item in a cycle can ever be done first, so the plan cannot be executed as written.",
    "A-1 depends on A-2, A-2 depends on A-1",
    "Break the cycle: remove the dependency that is not real, or split an item.",
    scope="item",
))


def check(ctx: CheckContext) -> Iterable[Finding]:
    index = ctx.index
    focus = ctx.focus  # the claim rules judge only the focused items; a cycle is the whole graph's
    for item in ctx.items if focus is None else [item for item in ctx.items if item.id in focus]:
        for dep in item.dependencies:
            targets = index.get(dep.id)
            if not targets:
                yield ctx.finding("TRK202", f"{item.id} depends on {dep.id}, which does not exist",
                                  f"correct the ID or remove {dep.id} from {item.id}'s dependencies", item=item,
                                  anchor=dep.id)
            elif item.status is Status.DONE:
                open_ = [t for t in targets if t.status is not Status.DONE and same_scope(dep.id, item, t)]
                if open_:
                    yield ctx.finding("TRK201", f"{item.id} is done but depends on {dep.id}, which is "
                                                f"{open_[0].status.value}",
                                      f"finish {dep.id} first "
                                      f"(`tracker close {shell_word(dep.id)} --evidence ...`), or "
                                      f"reopen {item.id}", item=item, anchor=dep.id)
    for cycle in find_cycles(ctx.items, index):
        first = index[cycle[0]][0]
        path = " → ".join([*cycle, cycle[0]])
        yield ctx.finding("TRK203", f"dependency cycle: {path}", "remove one dependency of the cycle", item=first)


def find_cycles(items: Iterable[Item], index: Mapping[str, list[Item]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan, iterative), as a path of IDs."""
    full: dict[str, list[str]] = {}
    for item in items:
        targets = full.setdefault(item.id, [])
        for dep in item.dependencies:
            if dep.id in index and dep.id not in targets:
                targets.append(dep.id)
    graph = _on_cycles(full)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in order:
            continue
        work = [(start, iter(graph[start]))]
        order[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in order:
                    order[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], order[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == order[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1 or node in graph.get(node, []):
                    cycles.append(_cycle_path(set(component), graph))
    return cycles


def _on_cycles(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """The graph without the nodes no cycle passes through: those that reach only such nodes are peeled off
    from the dead ends inwards (most projects are acyclic, and Tarjan then has nothing left to walk)."""
    waiting = {node: len(targets) for node, targets in graph.items()}
    callers: dict[str, list[str]] = {}
    for node, targets in graph.items():
        for target in targets:
            callers.setdefault(target, []).append(node)
    done = [node for node, count in waiting.items() if not count]
    for node in done:
        for caller in callers.get(node, ()):
            waiting[caller] -= 1
            if not waiting[caller]:
                done.append(caller)
    if len(done) == len(graph):
        return {}
    peeled = set(done)
    return {node: [t for t in targets if t not in peeled] for node, targets in graph.items() if node not in peeled}


def _cycle_path(component: set[str], graph: dict[str, list[str]]) -> list[str]:
    """The shortest cycle through the component's smallest ID (BFS), for a stable message."""
    start = min(component)
    parent: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for child in graph[node]:
            if child not in component:
                continue
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return list(reversed(path))
            if child not in parent:
                parent[child] = node
                queue.append(child)
    return [start]
