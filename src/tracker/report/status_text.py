"""`tracker status` for people: counts, progress bars per document and group, what is open.

Each line is a list of (text, style) spans, so text from the trackers (paths, titles, groups, messages) is
never parsed as markup, and rich is imported only to colour a terminal: piped output is the plain text.
"""

from __future__ import annotations

from typing import IO

from tracker.model import Item, Project, Status
from tracker.model.document import count_statuses
from tracker.model.status import ORDER
from tracker.report.console import use_colour

Span = tuple[str, str]  # (text, rich style; "" for none)
# What rich's Text drops on a terminal; dropped from plain output too, so both show the same characters.
_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))

STYLE = {"todo": "white", "in_progress": "yellow", "blocked": "red", "paused": "magenta", "done": "green",
         "dropped": "bright_black"}
BAR = 24


def bar(done: int, total: int, width: int = BAR) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def lines(project: Project, items: list[Item]) -> list[list[Span]]:
    by_doc: dict[str, list[Item]] = {}
    for item in items:
        by_doc.setdefault(item.source.path, []).append(item)
    out: list[list[Span]] = []
    for doc in project.documents:
        doc_items = by_doc.get(doc.path, [])
        counts = count_statuses(doc_items)
        total, done = len(doc_items), counts["done"]
        out.append([(doc.path, "bold"), (f"  {total} items  {bar(done, total)} {percent(done, total)}% done", "")])
        shown: list[Span] = []
        for s in (s for s in ORDER if counts[s.value]):
            shown += [("  ", ""), (f"{s.value}={counts[s.value]}", STYLE[s.value])]
        out.append(shown)
        groups: dict[str, list[Item]] = {}
        for item in doc_items:
            if item.group:
                groups.setdefault(item.group, []).append(item)
        if len(groups) > 1:
            width = min(40, max(len(g) for g in groups))
            for name, members in groups.items():
                g_done = sum(1 for m in members if m.status is Status.DONE)
                label = name if len(name) <= width else name[: width - 1] + "…"
                out.append([(f"  {label:<{width}}  {bar(g_done, len(members), 16)} {g_done}/{len(members)}", "")])
        for status in (Status.BLOCKED, Status.IN_PROGRESS):
            open_items = [i for i in doc_items if i.status is status]
            if open_items:
                out.append([("  ", ""), (status.value, STYLE[status.value]), (":", "")])
                out += [[(f"    {item.id}  {item.title}  ", ""), (item.location, "dim")] for item in open_items]
        unknown = [n for n in doc.warnings if n.code in ("unknown-status", "mojibake", "ragged-row")]
        out += [[("  ", ""), ("warning", "yellow"), (f": {doc.path}:{note.line}: {note.message}", "")]
                for note in unknown]
        out.append([])
    counts = count_statuses(items)
    total = len(items)
    summary = ", ".join(f"{k}={v}" for k, v in counts.items() if v)
    out.append([(f"{total} items in {len(project.documents)} documents", "bold"),
                (f": {summary}  ({percent(counts['done'], total)}% done)", "")])
    return out


def render(project: Project, items: list[Item], stream: IO[str]) -> None:
    """The status of `items` on `stream`: coloured by rich on a terminal (tracker.report.console), else plain."""
    if use_colour(stream):
        from rich.text import Text

        from tracker.report.console import console

        out = console(stream)
        for line in lines(project, items):
            out.print(Text.assemble(*line))
        return
    stream.write("".join("".join(text for text, _ in line).translate(_CONTROL).expandtabs() + "\n"
                         for line in lines(project, items)))
