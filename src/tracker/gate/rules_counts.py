"""TRK111: counts typed by hand ("done=40, blocked=2", "59%", "3/3") that no longer match the items they count."""

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
    "Progress typed by hand disagrees with the items it counts: the last tally in a document (`done=40`, "
    "`blocked=2`) or a typed percentage, fraction or progress bar against the document's own items, or "
    "figures typed in one file about items in others (GSD STATE.md `Progress: 59%`, `Phase: 3 of 8`, "
    "`Plan: 1 of 2`, a ROADMAP row's `1/2` against the phase's plan bullets or plan files).",
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
    # Progress typed in one file about items in others (GSD STATE.md, ROADMAP rows against plan files).
    if any(doc.summaries for doc in ctx.project.documents):
        yield from _across_files(ctx)
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


def _across_files(ctx: CheckContext) -> Iterable[Finding]:
    from tracker.parse.formats.gsd_counts import disagreements

    for path, line, message in disagreements(ctx.project.documents):
        yield ctx.finding("TRK111", message, "correct the typed progress, or tick the items it counts",
                          path=path, line=line)
