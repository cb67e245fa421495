"""`tracker status` for people: counts, progress bars per document and group, what is open.

Text from the trackers (paths, titles, groups, messages) goes through `escape`: it is never rich markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

from tracker.model import Item, Project, Status
from tracker.model.document import count_statuses
from tracker.model.status import ORDER

if TYPE_CHECKING:
    from rich.console import Console

STYLE = {"todo": "white", "in_progress": "yellow", "blocked": "red", "paused": "magenta", "done": "green",
         "dropped": "bright_black"}
BAR = 24


def bar(done: int, total: int, width: int = BAR) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def render(project: Project, items: list[Item], out: Console) -> None:
    by_doc: dict[str, list[Item]] = {}
    for item in items:
        by_doc.setdefault(item.source.path, []).append(item)
    for doc in project.documents:
        doc_items = by_doc.get(doc.path, [])
        counts = count_statuses(doc_items)
        total, done = len(doc_items), counts["done"]
        out.print(f"[bold]{escape(doc.path)}[/bold]  {total} items  {bar(done, total)} {percent(done, total)}% done")
        shown = (f"[{STYLE[s.value]}]{s.value}={counts[s.value]}[/]" for s in ORDER if counts[s.value])
        out.print("  " + "  ".join(shown))
        groups: dict[str, list[Item]] = {}
        for item in doc_items:
            if item.group:
                groups.setdefault(item.group, []).append(item)
        if len(groups) > 1:
            width = min(40, max(len(g) for g in groups))
            for name, members in groups.items():
                g_done = sum(1 for m in members if m.status is Status.DONE)
                label = name if len(name) <= width else name[: width - 1] + "…"
                out.print(f"  {escape(f'{label:<{width}}')}  {bar(g_done, len(members), 16)} {g_done}/{len(members)}")
        for status in (Status.BLOCKED, Status.IN_PROGRESS):
            open_items = [i for i in doc_items if i.status is status]
            if open_items:
                out.print(f"  [{STYLE[status.value]}]{status.value}[/]:")
                for item in open_items:
                    out.print(f"    {escape(item.id)}  {escape(item.title)}  [dim]{escape(item.location)}[/dim]")
        unknown = [n for n in doc.warnings if n.code in ("unknown-status", "mojibake", "ragged-row")]
        for note in unknown:
            out.print(f"  [yellow]warning[/]: {escape(f'{doc.path}:{note.line}: {note.message}')}")
        out.print("")
    counts = count_statuses(items)
    total = len(items)
    summary = ", ".join(f"{k}={v}" for k, v in counts.items() if v)
    out.print(f"[bold]{total} items in {len(project.documents)} documents[/bold]: {summary}  "
              f"({percent(counts['done'], total)}% done)")
