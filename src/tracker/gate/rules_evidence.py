"""TRK10x evidence rules: a done item must link a real file that exists, has content and (opt-in) names the item."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.model import Item, Status
from tracker.parse.collector import collector_paused
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK101", "done-without-evidence", "error",
    "An item is marked done but links no evidence (no path, link or URL in its evidence cell, notes, "
    "`Evidence:` line, YAML `evidence:` or closure record).",
    "A done claim without proof cannot be checked by anyone else; it is the failure this tool exists to stop.",
    "| WS1-007 | Re-validate persistence | done | -- |",
    "Write the proof to a file (e.g. evidence/ws1-007.md), commit it, and link it: "
    "`tracker close WS1-007 --evidence evidence/ws1-007.md`.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK102", "evidence-missing", "error",
    "A done item links a path that does not exist in the repository.",
    "A link to nothing is not proof; it usually means the evidence was never written, never committed or moved.",
    "| WS1-002 | ... | `docs/evidence/live_session.md` | done |   and docs/evidence/live_session.md does not exist",
    "Create and commit the file, or correct the path (paths are repository-relative, or relative to the tracker).",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK103", "evidence-empty", "error",
    "A linked evidence file is empty or only a template placeholder: every line is blank, a heading, a comment "
    "or a placeholder line (one that opens with TODO/TBD/FIXME, a label whose value is TBD or N/A, or an "
    "instruction such as `paste the output here`). Read in full whatever its size, in any BOM-marked encoding.",
    "An empty or template file satisfies a path check while proving nothing.",
    "evidence/ws1-003.md containing only `# WS1-003 evidence` and `TODO`",
    "Write what was run and what it showed (commands, outputs, links to logs or screenshots) into the file.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK104", "evidence-unverifiable", "warning",
    "A done item's only evidence is URLs, which cannot be verified offline.",
    "A URL may move, be private or change after the fact; the repository holds no copy of the proof.",
    "| CORE-9 | Deploy | done | https://ci.example.com/build/812 |",
    "Add a repository file that records what the URL showed (a summary, log excerpt or screenshot), or set "
    "`rules: {evidence-unverifiable: off}` in tracker.yaml if URLs are your accepted proof.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK105", "evidence-unrelated", "warning",
    "None of a done item's evidence files mentions the item's ID (opt-in: enable it in tracker.yaml `rules:` "
    "or with `--select TRK105`).",
    "Evidence copied from another item, or a generic file linked everywhere, proves nothing about this item.",
    "WS1-005 links evidence/notes.md, which never mentions WS1-005",
    "Name the item's ID in its evidence file (a heading such as `# WS1-005 evidence` is enough).",
    opt_in=True,
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK112", "evidence-not-proof", "error",
    "A done item's evidence names something that cannot be proof: no file at all (an empty path), the "
    "repository root (`.`, `./`, `evidence/..`), a folder, or a file the tool itself reads as policy or state "
    "(a tracker document, a gate file, tracker.yaml, the ledger).",
    "Such a path always exists, so it satisfies a path check while proving nothing: a folder or the root holds "
    "whatever is in the repository, and a tracker or policy file would let a claim prove itself.",
    "| WS1-004 | ... | `gates` | done |   or   | WS1-004 | ... | `trackers/plan.md` | done |",
    "Link the one file that records what was run and what it showed, e.g. evidence/ws1-004.md.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK107", "checklist-incomplete", "error",
    "A done item still has unchecked boxes in its own task list (the task-list items under the heading named "
    "by its ID).",
    "The item's own checklist says work is left; the done claim contradicts the document.",
    "## WS1-004 rollout  - [x] migrate  - [ ] backfill   while the WS1-004 row says done",
    "Finish and tick the remaining boxes, drop them explicitly (`~~struck~~`), or reopen the item.",
    scope="claim", judged_on_close=True,
))

_EVIDENCE_HINT = "link a repository file that proves it, e.g. `tracker close {id} --evidence evidence/{slug}.md`"


def _slug(item_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", item_id.lower()).strip("-") or "item"


def mentions(text: str, item_id: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(item_id)}(?!\w)", text, re.IGNORECASE) is not None


def check(ctx: CheckContext) -> Iterable[Finding]:
    checklists = _checklists(ctx)
    done = ctx.done_items()
    with collector_paused():  # one answer per evidence string (~9,000 on a large project), acyclic, kept to the end
        for item in done:
            ctx.resolved(item)
    unrelated, unchecked = ctx.enabled("TRK105"), ctx.enabled("TRK107")
    for item in done:
        found = ctx.resolved(item)
        if unrelated or len(found) != 1 or found[0].kind != "ok":  # one file that counts: nothing to report
            yield from _evidence(ctx, item, unrelated)
        if item.id not in checklists:
            continue
        open_boxes = [c for c in checklists[item.id] if c.status not in (Status.DONE, Status.DROPPED)]
        if open_boxes and unchecked:
            first = open_boxes[0]
            yield ctx.finding("TRK107", f"{item.id} is done but {len(open_boxes)} box(es) of its task list are "
                                        f"unchecked, first at line {first.source.line}: {first.title[:60]!r}",
                              "tick the finished boxes, strike the abandoned ones, or reopen the item", item=item)
    if unchecked:
        # A ticked parent task whose own subtasks are open (found by the task reader).
        for doc in ctx.project.documents:
            for note in doc.warnings:
                if note.code == "parent-done-children-open":
                    yield ctx.finding("TRK107", note.message, "finish the subtasks, or untick the parent",
                                      path=doc.path, line=note.line)


def _evidence(ctx: CheckContext, item: Item, unrelated: bool) -> Iterable[Finding]:
    values = ctx.evidence_of(item)
    if not values:
        yield ctx.finding("TRK101", f"{item.id} is done but links no evidence",
                          _EVIDENCE_HINT.format(id=shell_word(item.id), slug=_slug(item.id)), item=item)
        return
    resolved = ctx.resolved(item)
    for res in resolved:
        if res.kind == "missing":
            yield ctx.finding("TRK102", f"{item.id} is done but its evidence {res.value} does not exist",
                              f"create and commit {res.rel or res.value}, or fix the path", item=item,
                              evidence=res.value)
        elif res.kind == "not-proof":
            yield ctx.finding("TRK112", f"{item.id} is done but its evidence {res.value!r} {res.reason}",
                              "link the one file that proves the claim, e.g. "
                              f"`tracker close {shell_word(item.id)} --evidence evidence/{_slug(item.id)}.md`",
                              item=item,
                              evidence=res.value)
        elif res.kind == "empty":
            yield ctx.finding("TRK103", f"{item.id} is done but its evidence {res.value} {res.reason}",
                              f"write what was run and what it showed into {res.rel}", item=item, evidence=res.value)
    if resolved[0].kind == "url" and all(res.kind == "url" for res in resolved):  # one answer per value
        yield ctx.finding("TRK104", f"{item.id} is done but its only evidence is URLs, which cannot be verified "
                                    f"offline", "add a repository file recording what the URL showed", item=item)
    if unrelated:
        files = [path for res in resolved if res.kind == "ok" for path in res.files]
        if files and not any(mentions(ctx.resolver.text(path), item.id) for path in files):
            yield ctx.finding("TRK105", f"{item.id}: none of its evidence files mentions {item.id}",
                              f"name {item.id} in its evidence ({files[0]})", item=item)


def _checklists(ctx: CheckContext) -> dict[str, list[Item]]:
    """Task-list items grouped by the item IDs their innermost heading names."""
    from tracker.parse.claims import ids_in

    known = ctx.index
    found: dict[str, list[Item]] = {}
    headings: dict[str, list[str]] = {}
    for item in ctx.items:
        if item.kind != "check" or not item.parent:
            continue
        heading = item.parent.split(" > ")[-1]
        if heading not in headings:
            headings[heading] = [i for i in dict.fromkeys(ids_in(heading)) if i in known]
        for owner in headings[heading]:
            # A heading names an item of its own document ("## Phase 1: Setup" in a Spec Kit tasks.md
            # is not the GSD roadmap's Phase 1).
            if owner != item.id and any(o.source.path == item.source.path for o in known[owner]):
                found.setdefault(owner, []).append(item)
    return found
