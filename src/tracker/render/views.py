"""The region views: matrix, progress, snapshot, blockers, graph, findings and burnup (pure: context in, text out)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tracker.model import Item, Status
from tracker.model.document import count_statuses
from tracker.model.status import ORDER
from tracker.render.context import BurnupDay, ViewContext, ViewError, cell, groups, limit, without_lines

BAR_WIDTH = 20


def matrix(ctx: ViewContext, options: dict[str, str]) -> str:
    """Counts per status, one row per group, and a total."""
    items = ctx.items(options)
    head = ["Group", *(s.value for s in ORDER), "total"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name, members in groups(items).items():
        counts = count_statuses(members)
        lines.append(f"| {cell(name)} | " + " | ".join(str(counts[s.value]) for s in ORDER) + f" | {len(members)} |")
    counts = count_statuses(items)
    lines.append("| **total** | " + " | ".join(f"**{counts[s.value]}**" for s in ORDER) + f" | **{len(items)}** |")
    return "\n".join(lines)


def bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total) if total else 0
    percent = round(100 * done / total) if total else 0
    return f"`{'█' * filled}{'░' * (BAR_WIDTH - filled)}` {percent}%"


def _done_counts(items: list[Item]) -> tuple[int, int]:
    counted = [i for i in items if i.status is not Status.DROPPED]
    return sum(1 for i in counted if i.status is Status.DONE), len(counted)


def progress(ctx: ViewContext, options: dict[str, str]) -> str:
    """% done per group as a text bar (dropped items do not count)."""
    items = ctx.items(options)
    lines = ["| Group | Done | Progress |", "|---|---:|---|"]
    for name, members in groups(items).items():
        done, total = _done_counts(members)
        lines.append(f"| {cell(name)} | {done}/{total} | {bar(done, total)} |")
    done, total = _done_counts(items)
    lines.append(f"| **total** | **{done}/{total}** | {bar(done, total)} |")
    return "\n".join(lines)


def _reason(ctx: ViewContext, item: Item) -> str:
    waiting = ctx.open_dependencies(item)
    if waiting:
        return "waits for " + ", ".join(f"`{d}`" for d in waiting)
    return cell(item.notes) if item.notes else "no reason given"


def ready(ctx: ViewContext, items: list[Item]) -> list[Item]:
    """Not done, not blocked or paused, and every dependency done."""
    return [i for i in items if i.status in (Status.TODO, Status.IN_PROGRESS) and not ctx.open_dependencies(i)]


def snapshot(ctx: ViewContext, options: dict[str, str]) -> str:
    """Dated counts, the blocked items with their reasons, and the next ready items."""
    items = ctx.items(options)
    counts = count_statuses(items)
    shown = ", ".join(f"{s.value} {counts[s.value]}" for s in ORDER if counts[s.value])
    lines = [f"**Snapshot {ctx.today.isoformat()}**: {len(items)} items ({shown or 'none'})", ""]
    blocked = [i for i in items if i.status is Status.BLOCKED]
    lines.append("Blocked:" if blocked else "Blocked: none")
    lines += [f"- `{i.id}` {cell(i.title)}: {_reason(ctx, i)}" for i in blocked]
    nxt = ready(ctx, items)[:limit(options, 5)]
    lines += ["", "Next ready:" if nxt else "Next ready: none"]
    lines += [f"- `{i.id}` {cell(i.title)} ({i.status.value})" for i in nxt]
    return "\n".join(lines)


def blockers(ctx: ViewContext, options: dict[str, str]) -> str:
    """Open blockers: blocked items, and gates that do not pass."""
    items = ctx.items(options)
    lines = ["| Blocker | Kind | Reason |", "|---|---|---|"]
    lines += [f"| `{item.id}` {cell(item.title)} | item | {_reason(ctx, item)} |"
              for item in items if item.status is Status.BLOCKED]
    for gate in ctx.gates():
        if not gate.passed:
            reasons = cell(without_lines("; ".join(gate.reasons))) or "does not pass"
            lines.append(f"| {cell(gate.name)} | gate | {reasons} |")
    if len(lines) == 2:
        return "No open blockers."
    return "\n".join(lines)


_CLASSES = {Status.DONE: "fill:#2da44e,color:#fff", Status.IN_PROGRESS: "fill:#bf8700,color:#fff",
            Status.BLOCKED: "fill:#cf222e,color:#fff", Status.PAUSED: "fill:#8250df,color:#fff",
            Status.TODO: "fill:#eaeef2,color:#24292f", Status.DROPPED: "fill:#6e7781,color:#fff"}


LABEL_CHARS = 60
# Mermaid reads `#...;` in a label as an entity and drops HTML-like `<...>`: these characters are written as
# Mermaid's numeric entity codes ('#' first, since every code starts with it).
_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#60;", ">": "#62;", "&": "#38;", "`": "#96;"}
# Past these sizes Mermaid refuses to draw a graph (its default maxEdges and maxTextSize).
MAX_EDGES = 500
MAX_TEXT = 50_000


def mermaid_text(text: str, width: int = LABEL_CHARS) -> str:
    """`text` for a quoted Mermaid label: one line, cut at `width` characters with an ellipsis, escaped."""
    flat = " ".join(text.split())
    if len(flat) > width:
        flat = flat[:width - 1].rstrip() + "…"
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in flat)


def graph(ctx: ViewContext, options: dict[str, str]) -> str:
    """A Mermaid flowchart of dependencies (dependency --> dependent), coloured by status."""
    items = ctx.items(options)
    direction = options.get("direction", "LR").upper()
    if direction not in ("LR", "TB", "TD", "RL", "BT"):
        raise ViewError(f"direction={direction!r}: use LR, TB, RL or BT")
    node: dict[str, str] = {}
    lines = ["```mermaid", f"flowchart {direction}"]
    for item in items:
        if item.id in node:
            continue
        node[item.id] = f"n{len(node)}"
        title = f"{item.id}: {item.title}" if item.title else item.id
        lines.append(f'  {node[item.id]}["{mermaid_text(title)}"]:::{item.status.value}')
    edges = [f"  {node[dep.id]} --> {node[item.id]}" for item in items for dep in item.dependencies
             if dep.id in node]
    lines += edges
    lines += [f"  classDef {s.value} {_CLASSES[s]}" for s in ORDER]
    lines.append("```")
    text = "\n".join(lines)
    if len(edges) > MAX_EDGES or len(text) > MAX_TEXT:
        return _group_graph(items, direction, len(node), len(edges))
    return text


def _group_graph(items: list[Item], direction: str, nodes: int, edges: int) -> str:
    """A graph too large for Mermaid, collapsed to one node per group (as the matrix groups), with how to
    scope it."""
    by_group = groups(items)
    group_of = {item.id: name for name, members in by_group.items() for item in members}
    node = {name: f"g{n}" for n, name in enumerate(by_group)}
    lines = [f"{nodes} items and {edges} dependencies are more than Mermaid draws (about {MAX_EDGES} edges or "
             f"{MAX_TEXT:,} characters), so each group is one node below; narrow the region with `scope=GLOB` "
             "(documents) or `limit=N` to see items.", "", "```mermaid", f"flowchart {direction}"]
    for name, members in by_group.items():
        done = sum(1 for i in members if i.status is Status.DONE)
        lines.append(f'  {node[name]}["{mermaid_text(name)} ({done}/{len(members)} done)"]')
    links = sorted({(node[group_of[dep.id]], node[group_of[item.id]]) for item in items for dep in item.dependencies
                    if dep.id in group_of and group_of[dep.id] != group_of[item.id]})
    lines += [f"  {a} --> {b}" for a, b in links]
    lines.append("```")
    return "\n".join(lines)


def findings(ctx: ViewContext, options: dict[str, str]) -> str:
    """The current gate findings as a table (no line numbers, so the table never chases its own edits)."""
    paths = {item.source.path for item in ctx.items(options)} if options.get("scope") else None
    rows = []
    # Sorted without line numbers, and without the region and policy rules (which the engine judges after
    # this view is computed: regions, unused waivers), so rendering and `check` agree.
    for f in sorted(ctx.findings(), key=lambda f: (f.path or "", f.code, f.item or "", f.message)):
        if f.scope in ("region", "policy") or (paths is not None and f.path not in paths):
            continue
        state = "waived" if f.waived else f.severity
        rows.append(f"| {f.code} | {f.rule} | {state} | {cell(f.item or '')} | {cell(f.path or '')} "
                    f"| {cell(without_lines(f.message))} |")
    if not rows:
        return "No findings."
    return "\n".join(["| Code | Rule | Severity | Item | File | Message |", "|---|---|---|---|---|---|", *rows])


def burnup(ctx: ViewContext, options: dict[str, str]) -> str:
    """Done and total items per day as a Mermaid xychart (`since=`, `limit=` days).

    Complete days only (before today), so committing the region never re-stales it.
    """
    since = options.get("since")
    count = limit(options, 30)
    days = [d for d in ctx.burnup() if d.date < ctx.today.isoformat() and (not since or d.date >= since)]
    return mermaid_burnup(days[-count:] if count else days)


def mermaid_burnup(days: Sequence[BurnupDay], title: str = "Burn-up: done vs total items") -> str:
    """A Mermaid xychart: total items (first line) and done items (second line) per day."""
    if not days:
        return "No tracker history yet."
    top = max(d.total for d in days) or 1
    labels = ", ".join(f'"{d.date[5:]}"' for d in days)
    # xychart has no legend: the colours are fixed (total dark grey, done green) and named under the chart.
    palette = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#57606a, #1a7f37"}}}}%%'
    return "\n".join([
        "```mermaid", palette, "xychart-beta", f'    title "{mermaid_text(title)}"', f"    x-axis [{labels}]",
        f'    y-axis "Items" 0 --> {top}', f"    line [{', '.join(str(d.total) for d in days)}]",
        f"    line [{', '.join(str(d.done) for d in days)}]", "```", "",
        f"Legend: dark grey line = total items ({days[-1].total} on {days[-1].date}), "
        f"green line = done items ({days[-1].done})."])


VIEWS: dict[str, Callable[[ViewContext, dict[str, str]], str]] = {
    "matrix": matrix, "progress": progress, "snapshot": snapshot, "blockers": blockers, "graph": graph,
    "findings": findings, "burnup": burnup,
}


def render_view(name: str, ctx: ViewContext, options: dict[str, str]) -> str:
    view = VIEWS.get(name)
    if view is None:
        raise ViewError(f"unknown view {name!r}; use one of: {', '.join(VIEWS)}")
    return view(ctx, options)

