"""TRK106/TRK108: statuses that contradict each other, and open items past their due date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.parse.formats import claims_about
from tracker.parse.task_ids import same_scope
from tracker.model import Status
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK106", "status-conflict", "error",
    "The same ID has different statuses in the project: two rows disagree, or a document's last prose claim "
    "about the ID (a closeout or blocker line, a `WS1-005` -> `in_progress` transition) disagrees with its "
    "table status, or a copy of the status in another file disagrees (GSD STATE.md or a ROADMAP progress row "
    "against the phase, a BMAD story's `Status:` against sprint-status.yaml, Kiro's .tasks-meta.json against "
    "tasks.md).",
    "When the table says done and the closeout says blocked, one of them is wrong, and readers trust whichever "
    "they read first.",
    "| WS1-002 | ... | done |   and later:  Only remaining blocker: WS1-002 awaiting live traffic",
    "Make the table and the prose agree: update the status (`tracker set WS1-002 blocked --reason ...`) or "
    "strike the stale line (~~old~~).",
    scope="item",
))
register(Rule(
    "TRK108", "overdue", "warning",
    "An item is not done (nor dropped) and its due date has passed.",
    "An overdue item is a plan that no longer holds; the tracker should say so.",
    "| WS2-003 | ... | 2026-01-10 | in_progress |   checked on 2026-02-01",
    "Finish it, move its due date, or set it to blocked/dropped with a reason.",
    scope="item",
))

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def check(ctx: CheckContext) -> Iterable[Finding]:
    yield from _conflicts(ctx)
    today = ctx.today
    for item in ctx.items:
        if item.status in (Status.DONE, Status.DROPPED) or not item.due:
            continue
        due = parse_due(item.due)
        if due is not None and due < today:
            yield ctx.finding("TRK108", f"{item.id} is {item.status.value} and was due {due.isoformat()} "
                                        f"({(today - due).days} day(s) ago)",
                              "finish it, move its due date, or "
                              f"`tracker set {shell_word(item.id)} blocked --reason ...`",
                              item=item)


def parse_due(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _conflicts(ctx: CheckContext) -> Iterable[Finding]:
    index = ctx.index
    for item_id, items in index.items():
        statuses = {i.status for i in items}
        if len(statuses) > 1 and "#" not in item_id:
            first = items[0]
            for other in items[1:]:
                if other.status != first.status and same_scope(item_id, first, other):
                    yield ctx.finding("TRK106", f"{item_id} is {other.status.value} here but {first.status.value} "
                                                f"at {first.location}",
                                      "make both places agree, or give them different IDs", item=other)
    for doc in ctx.project.documents:
        last = {}
        for claim in doc.claims:
            if claim.id in index:
                last[claim.id] = claim  # later lines win: the document's final word on the ID
        about = claims_about(doc.path) if last else None
        for item_id, claim in last.items():
            items = index[item_id]
            if about is not None:
                local = [i for i in items if i.source.path == about]
                if local and claim.status != local[0].status:
                    yield ctx.finding(
                        "TRK106", f"{item_id} is {local[0].status.value} at {local[0].location} but its status "
                                  f"sidecar says {claim.status.value}: {claim.text[:100]!r}",
                        f"make the two agree: correct the task's marker at {local[0].location} or the sidecar's "
                        "entry (Kiro rewrites it when it runs the task)", item=item_id, path=doc.path, line=claim.line)
                continue
            local = [i for i in items if i.source.path == doc.path] or items
            table = local[0]
            if claim.status != table.status:
                yield ctx.finding(
                    "TRK106",
                    f"{item_id} is {table.status.value} at {table.location} but this later line says "
                    f"{claim.status.value}: {claim.text[:100]!r}",
                    f"update the status (`tracker set {shell_word(item_id)} {claim.status.value} --reason ...`) "
                    "or strike the "
                    f"stale line with ~~...~~", item=item_id, path=doc.path, line=claim.line)
