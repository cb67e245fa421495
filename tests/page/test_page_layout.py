"""The layered layout and the graph model: pure functions, checked on small graphs and on 10,000 items."""

from __future__ import annotations

import re

from tracker.report.page_layout import layered
from tracker.report.page_svg import GRAPH_LIMIT, graph_model, graph_svg


def crossings(layout, edges) -> int:
    """Pairs of edges between the same two columns that cross."""
    count = 0
    spans = [(layout.layer[a], layout.order[a], layout.layer[b], layout.order[b]) for a, b in edges]
    for i, (la, oa, lb, ob) in enumerate(spans):
        for la2, oa2, lb2, ob2 in spans[i + 1:]:
            if (la, lb) == (la2, lb2) and (oa - oa2) * (ob - ob2) < 0:
                count += 1
    return count


def test_layers_are_longest_paths_from_the_sources() -> None:
    layout = layered(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "c"), ("d", "c")])
    assert layout.layer == {"a": 0, "b": 1, "c": 2, "d": 0}
    assert all(layout.layer[a] < layout.layer[b] for a, b in layout.edges)


def test_a_cycle_is_broken_and_reported_not_looped_on() -> None:
    layout = layered(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a"), ("b", "b")])
    assert sorted(layout.dropped) == [("b", "b"), ("c", "a")]
    assert layout.layer == {"a": 0, "b": 1, "c": 2}


def test_barycentre_sweeps_remove_the_crossings_of_a_crossed_ladder() -> None:
    # Input order puts the targets of a1, a2, a3 in reverse: three crossings before ordering.
    nodes = ["a1", "a2", "a3", "b3", "b2", "b1"]
    edges = [("a1", "b1"), ("a2", "b2"), ("a3", "b3")]
    layout = layered(nodes, edges)
    assert crossings(layout, edges) == 0


def test_ten_thousand_items_collapse_to_one_node_per_group() -> None:
    items = [{"id": f"T-{n}", "title": f"task {n}", "status": "done" if n % 3 else "todo", "group": f"G{n % 12}",
              "path": "plan.md", "line": n + 1, "depends_on": [f"T-{n - 7}"] if n >= 7 else []}
             for n in range(10_000)]
    nodes, edges, caption = graph_model(items)
    assert len(nodes) == 12 and "one node per group" in caption
    svg = graph_svg(nodes, edges)
    assert len(svg) < 100_000 and svg.count('<g class="node') == 12
    # Below the limit every item is its own node.
    small, _, _ = graph_model(items[:GRAPH_LIMIT])
    assert len(small) == GRAPH_LIMIT


def test_graph_labels_and_tooltips_are_escaped() -> None:
    items = [{"id": "X<1>", "title": "<img src=x onerror=alert(1)>", "status": "todo", "group": "g&h",
              "path": "a.md", "line": 3, "depends_on": []}]
    svg = graph_svg(*graph_model(items)[:2])
    assert "<img" not in svg and "&lt;img" in svg and not re.search(r"<[^>]*onerror", svg)
