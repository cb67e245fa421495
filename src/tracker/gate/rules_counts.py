"""TRK111: counts typed by hand ("done=40, blocked=2") that no longer match the document's items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK111", "stale-count", "warning",
    "The last hand-typed tally in a document (`done=40`, `blocked=2`) disagrees with the statuses of the "
    "document's own items.",
    "Counts typed by hand drift: a closeout that says done=40 over a table of 45 done rows tells readers the "
    "wrong story, and nothing else in the document flags it.",
    "Final matrix: `done=40`, `blocked=2`   over a table whose 45 rows are all done",
    "Replace the typed counts with a generated region (`<!-- tracker:matrix -->` … `<!-- /tracker:matrix -->`, "
    "then `tracker render`), or correct them.",
    scope="document",
))


def check(ctx: CheckContext) -> Iterable[Finding]:
    if not ctx.enabled("TRK111"):
        return
    for doc in ctx.project.documents:
        # Typed progress the parser already compared with the items (GSD `1/2` rows, `60%`, text bars).
        for note in doc.warnings:
            if note.code == "stale-progress":
                yield ctx.finding("TRK111", note.message,
                                  "correct the typed progress, or generate it (`<!-- tracker:progress -->`, then "
                                  "`tracker render`)",
                                  path=doc.path, line=note.line)
        tallies = doc.tallies
        if not tallies or not doc.items:
            continue
        last = tallies[-1]
        actual = doc.counts()
        wrong = {status: n for status, n in last.counts.items() if actual.get(status) != n}
        if not wrong:
            continue
        typed = ", ".join(f"{s}={n}" for s, n in last.counts.items())
        real = ", ".join(f"{s}={actual.get(s, 0)}" for s in last.counts)
        yield ctx.finding(
            "TRK111", f"hand-typed counts say {typed}; the document's {len(doc.items)} items say {real}",
            f"replace the counts at {doc.path}:{last.line} with a `<!-- tracker:matrix -->` region and run "
            f"`tracker render {shell_word(doc.path)}`", path=doc.path, line=last.line, evidence=typed)
