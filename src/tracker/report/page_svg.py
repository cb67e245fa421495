"""Inline SVG for the status page: the burn-up chart and the dependency graph (plain data in, markup out)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

from tracker.report.page_layout import layered

GRAPH_LIMIT = 300  # above this many items the graph shows one node per group
NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 168, 30, 56, 10, 8
LABEL = 21  # characters that fit in a node at 12px
GRID_GAP, GRID_COLUMNS = 16, 5  # nodes without dependencies sit in a grid below the layers


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _ticks(top: int, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, top + step, step)) if top % step else list(range(0, top + 1, step))


def burnup_svg(days: list[dict[str, Any]], width: int = 720, height: int = 280) -> str:
    """Total, done and proven per day as three lines over date and item axes, with a legend."""
    left, right, top, bottom = 52, 16, 36, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max((d["total"] for d in days), default=0))
    peak = ticks[-1] or 1
    span = max(len(days) - 1, 1)

    def x(i: int) -> float:
        return left + (plot_w * i / span if len(days) > 1 else plot_w / 2)

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / peak

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-labelledby="burnup-title burnup-desc" xmlns="http://www.w3.org/2000/svg">',
           '<title id="burnup-title">Burn-up: total, done and proven items per day</title>',
           f'<desc id="burnup-desc">{len(days)} day(s) from git history.</desc>']
    out += [f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>'
            for value in ticks]
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}"/>'
               f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    step = max(1, math.ceil(len(days) / 8))
    shown = list(range(0, len(days), step))
    if days and shown[-1] != len(days) - 1:
        shown[-1] = len(days) - 1  # the last day is always labelled
    for i in shown:
        anchor = "start" if i == 0 and len(days) > 1 else ("end" if i == len(days) - 1 and len(days) > 1 else "middle")
        out.append(f'<text class="tick" x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="{anchor}">'
                   f'{_e(days[i]["date"])}</text>')
    out.append(f'<text class="label" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">date</text>'
               f'<text class="label" x="14" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 14 {top + plot_h / 2:.1f})">items</text>')
    for key, css in (("total", "l-total"), ("done", "l-done"), ("proven", "l-proven")):
        points = " ".join(f"{x(i):.1f},{y(d.get(key, 0)):.1f}" for i, d in enumerate(days))
        if points:
            out.append(f'<polyline class="{css}" fill="none" points="{points}"/>')
        if len(days) <= 60:
            out += [f'<circle class="{css}" cx="{x(i):.1f}" cy="{y(d.get(key, 0)):.1f}" r="2.5">'
                    f'<title>{_e(d["date"])}: {d.get(key, 0)} {key}</title></circle>' for i, d in enumerate(days)]
    legend_x = left
    for key, css in (("total", "l-total"), ("done", "l-done"), ("proven (ledger)", "l-proven")):
        out.append(f'<line class="{css}" x1="{legend_x}" x2="{legend_x + 22}" y1="16" y2="16"/>'
                   f'<text class="legend" x="{legend_x + 28}" y="20">{key}</text>')
        legend_x += 40 + 8 * len(key)
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class GraphNode:
    key: str
    label: str
    tooltip: str
    css: str  # status class: s-done, s-todo, ... or s-mixed


Edges = dict[tuple[str, str], int]  # (from, to) -> how many item dependencies the edge stands for


def graph_model(items: list[dict[str, Any]], limit: int = GRAPH_LIMIT) -> tuple[list[GraphNode], Edges, str]:
    """Nodes and weighted edges: one node per item up to `limit` items, else one per group."""
    first: dict[str, dict[str, Any]] = {}
    for item in items:
        first.setdefault(item["id"], item)
    if len(first) <= limit:
        nodes = [GraphNode(i["id"], _short(f'{i["id"]} {i["title"]}'.strip(), LABEL),
                           f'{i["id"]}: {i["title"]} ({i["status"]}) {i["path"]}:{i["line"]}', f's-{i["status"]}')
                 for i in first.values()]
        links = {(dep, i["id"]): 1 for i in first.values() for dep in i["depends_on"] if dep in first}
        return nodes, links, f"{len(nodes)} items, {len(links)} dependencies (dependency → dependent)."
    members: dict[str, list[dict[str, Any]]] = {}
    for item in first.values():
        members.setdefault(item["group"], []).append(item)
    nodes = []
    for name, group in members.items():
        done = sum(1 for i in group if i["status"] == "done")
        blocked = sum(1 for i in group if i["status"] == "blocked")
        css = "s-done" if done == len(group) else ("s-blocked" if blocked else "s-mixed")
        nodes.append(GraphNode(name, _short(f"{done}/{len(group)} {name}", LABEL),
                               f"group {name}: {len(group)} items, {done} done, {blocked} blocked", css))
    edges: Edges = {}
    for item in first.values():
        for dep in item["depends_on"]:
            if dep in first and first[dep]["group"] != item["group"]:
                pair = (first[dep]["group"], item["group"])
                edges[pair] = edges.get(pair, 0) + 1
    return nodes, edges, (f"{len(first)} items is above {limit}: one node per group ({len(nodes)} groups, "
                          f"{sum(edges.values())} dependencies between groups; label: done/items and the group).")


def graph_svg(nodes: list[GraphNode], edges: Edges) -> str:
    """Connected nodes in layers (left to right); nodes with no dependency either way in a grid below them."""
    linked = {key for pair in edges for key in pair}
    layout = layered([n.key for n in nodes if n.key in linked], list(edges))
    alone = [n.key for n in nodes if n.key not in linked]
    grid = max(min(GRID_COLUMNS, len(alone)), 1)
    top = layout.rows * (NODE_H + GAP_Y) + (2 * GAP_Y if layout.rows and alone else 0)
    place = {key: (PAD + layout.layer[key] * (NODE_W + GAP_X), PAD + layout.order[key] * (NODE_H + GAP_Y))
             for key in layout.layer}
    for n, key in enumerate(alone):
        place[key] = (PAD + (n % grid) * (NODE_W + GRID_GAP), PAD + top + (n // grid) * (NODE_H + GAP_Y))
    width = max(layout.columns * (NODE_W + GAP_X) - GAP_X, grid * (NODE_W + GRID_GAP) - GRID_GAP) + 2 * PAD
    height = max((y for _, y in place.values()), default=0) + NODE_H + 2 * PAD

    def corner(key: str) -> tuple[int, int]:
        return place[key]

    out = [f'<svg class="graph" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-label="Dependency graph" xmlns="http://www.w3.org/2000/svg">']
    for a, b in layout.edges:
        (ax, ay), (bx, by) = corner(a), corner(b)
        x1, y1, x2, y2 = ax + NODE_W, ay + NODE_H / 2, bx, by + NODE_H / 2
        bend = (x2 - x1) / 2
        weight = edges[(a, b)]
        stroke = f' style="stroke-width:{1 + math.log2(weight):.1f}"' if weight > 1 else ""
        out.append(f'<path class="edge" d="M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"{stroke}>'
                   f'<title>{_e(a)} → {_e(b)}{f" ({weight})" if weight > 1 else ""}</title></path>')
    for node in nodes:
        nx, ny = corner(node.key)
        out.append(f'<g class="node {node.css}"><rect x="{nx}" y="{ny}" width="{NODE_W}" height="{NODE_H}" '
                   f'rx="4"/><text x="{nx + 8}" y="{ny + 19}">{_e(node.label)}</text>'
                   f'<title>{_e(node.tooltip)}</title></g>')
    out.append("</svg>")
    if layout.dropped:
        cycle = ", ".join(f"{a} → {b}" for a, b in layout.dropped[:10])
        out.append(f'<p class="note">Not drawn, to break dependency cycles: {_e(cycle)}'
                   f'{" …" if len(layout.dropped) > 10 else ""}</p>')
    return "".join(out)
