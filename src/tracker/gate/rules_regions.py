"""TRK4xx: generated regions — stale ones (not re-rendered) and ones edited by hand."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.gate.finding import CheckResult, Finding
from tracker.gate.registry import Rule, register

STALE_REGION = register(Rule(
    "TRK401", "stale-region", "error",
    "A generated region (`<!-- tracker:VIEW -->` … `<!-- /tracker:VIEW -->`) no longer matches what "
    "`tracker render` would write.",
    "Readers trust the matrix, progress bars and graph at the top of a tracker; a stale one reports numbers "
    "the tables below no longer support.",
    "the table now has 12 done items; the matrix region above it still says 11",
    "Run `tracker render` (CI runs `tracker render --check`), and commit the result.",
    scope="region",
))
HAND_EDITED_REGION = register(Rule(
    "TRK402", "hand-edited-region", "error",
    "Text inside a generated region was edited by hand: it no longer hashes to the checksum in the end marker.",
    "The next `tracker render` would overwrite the edit; refusing keeps the author's words from being lost "
    "silently.",
    "a note typed between `<!-- tracker:matrix -->` and `<!-- /tracker:matrix checksum=… -->`",
    "Move the text outside the region, then `tracker render`; or `tracker render --force` to discard it.",
    scope="region",
))


def _judging_candidates(ctx) -> bool:
    # check_item swaps in a candidate item; regions describe the documents as written, so skip them then.
    project_items = ctx.project.items
    return len(ctx.items) != len(project_items) or any(a is not b for a, b in zip(ctx.items, project_items))


def check(ctx) -> Iterable[Finding]:
    if _judging_candidates(ctx):
        return
    if not (ctx.enabled("TRK401") or ctx.enabled("TRK402")):
        return
    from tracker.parse.text import decode
    from tracker.render.apply import MARKER, render_text

    # The views that show findings and gates read what the other families found (this family runs last).
    so_far = CheckResult(findings=list(ctx.findings), gates=list(getattr(ctx, "gate_results", []) or []))
    for doc in ctx.project.documents:
        if doc.format != "markdown":
            continue
        data = ctx.source.read(doc.path)
        if not data or MARKER.encode() not in data:
            continue
        try:
            result = render_text(decode(data, doc.path), doc.path, ctx.project, ctx.today, check=so_far)
        except Exception:  # noqa: BLE001 - an unreadable document is TRK005's business
            continue
        for state in result.regions:
            if state.state == "stale":
                yield ctx.finding("TRK401", f"region {state.name!r} is stale", f"tracker render {doc.path}",
                                  path=doc.path, line=state.line, anchor=f"region {state.name}")
            elif state.state == "hand-edited":
                yield ctx.finding("TRK402", state.message,
                                  f"move the text outside the region, or `tracker render --force {doc.path}`",
                                  path=doc.path, line=state.line, anchor=f"region {state.name}")
