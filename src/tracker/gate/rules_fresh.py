"""TRK127/TRK128 freshness: a done claim goes suspect when the files it covers change after it was made.

An item declares what it covers (`covers:` globs in YAML, a Covers/Files column in a table). The
commit that closed it is the one that added its closure record to the ledger (found in the ledger's
own history, so a close committed together with its code is judged by that commit). A covered file
whose last change came after that commit, or is staged now (the hook), makes the claim suspect; so
does a JUnit report whose last commit is older than the last change to covered code. Nothing here
runs unless some done item declares `covers`, so trackers that do not use it pay nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.gate.rules_proof import history, verdict_of

COVERED_CHANGED = register(Rule(
    "TRK127", "covered-changed-after-close", "warning",
    "A file a done item covers (`covers:` globs, a Covers/Files column) changed in a commit after the commit "
    "that closed the item; the message names that commit.",
    "The proof was gathered for the code as it was at the close; code changed since may no longer do what the "
    "claim says. A warning by default: an error under `--strict` or with `rules: {covered-changed-after-close: "
    "error}` in tracker.yaml.",
    "WS1-007 covers src/importer/** and closed in 1a2b3c; src/importer/pack.py changed in 4d5e6f since",
    "Re-run the proof (tests, report) and re-close the item (`tracker close WS1-007 --evidence ...`), or "
    "reopen it if the change broke the claim.",
    scope="closure",
))
REPORT_STALE = register(Rule(
    "TRK128", "test-report-stale", "warning",
    "A done item's JUnit report was last committed before the last change to the files the item covers.",
    "A test run that predates the last edit to the covered code did not test that code.",
    "reports/unit.xml committed in 1a2b3c; src/importer/pack.py (covered) changed in 4d5e6f after it",
    "Run the tests again into the report and commit it with (or after) the code change.",
    scope="claim", judged_on_close=True,
))


class Freshness:
    """Last changes per path on the claiming history, the commits after a point, and when records landed."""

    def __init__(self, ctx: Any):
        past = history(ctx)
        self.repo, self.tip = past.repo, past.tip
        self.prefix = ""
        self.last: dict[str, tuple[str, int]] = {}
        self.staged: set[str] = set()
        self._landed: dict[tuple[str, str, str], str] | None = None
        self._ledger = ctx.config.ledger or "evidence/ledger.jsonl"
        if self.repo is None or self.tip is None:
            return
        try:
            rel = Path(ctx.project.root).resolve().relative_to(Path(self.repo.toplevel).resolve()).as_posix()
        except ValueError:
            self.repo = None
            return
        self.prefix = "" if rel == "." else rel + "/"
        self.last = self.repo.last_commits(self.tip)
        if ctx.source.name == "index":  # the hook: what the commit being made changes counts as "after"
            self.staged = set(self.repo.staged_paths())
        self._ledger = self.prefix + self._ledger

    def covered(self, globs: Any) -> list[str]:
        """Toplevel paths in history or staged that the item's globs match (deleted files included)."""
        cut = len(self.prefix)
        return [p for p in set(self.last) | self.staged if p.startswith(self.prefix) and globs.match(p[cut:])]

    def landed(self, record: dict[str, Any]) -> str | None:
        """The commit that added `record` to the ledger, or None when it is not committed (being made now)."""
        if self._landed is None:
            self._landed = {}
            seen: set[bytes] = set()
            for commit in self.repo.log(("%ct",), rev=self.tip, reverse=True, first_parent=False,
                                        paths=(self._ledger,)):
                for status, path, blob in commit.changes:
                    if path != self._ledger or status == "D":
                        continue
                    found = self.repo.objects.get(blob)
                    for line in (found[2] if found else b"").splitlines():
                        if line in seen or not line.strip():
                            continue
                        seen.add(line)
                        key = _key(line)
                        if key is not None:
                            self._landed.setdefault(key, commit.sha)
        return self._landed.get((str(record.get("id")), str(record.get("time")), str(record.get("action"))))

    def changes_after(self, point: str, paths: list[str]) -> list[tuple[str, str]]:
        """(path, commit) for each path last changed after commit `point`, newest first; staged ones say "staged"."""
        after = self.repo.commits_between(point, self.tip)
        found = [(p, "staged") for p in paths if p in self.staged]
        found += sorted(((p, self.last[p][0]) for p in paths if p not in self.staged and p in self.last
                         and self.last[p][0] in after), key=lambda pc: -self.last[pc[0]][1])
        return found

    def describe(self, path: str, commit: str) -> str:
        shown = path[len(self.prefix):]
        if commit == "staged":
            return f"{shown} changes in the commit being made"
        subject = self.repo.subject(commit)
        return f"{shown} changed in commit {commit[:12]}" + (f" ({subject[:60]!r})" if subject else "")


def _key(line: bytes) -> tuple[str, str, str] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    return str(record.get("id")), str(record.get("time")), str(record.get("action"))


def check(ctx: Any) -> Iterable[Finding]:
    claims = [item for item in ctx.done_items() if item.covers]
    if not claims or not (ctx.enabled(COVERED_CHANGED.code) or ctx.enabled(REPORT_STALE.code)):
        return
    from tracker.globs import GlobError, GlobSet

    fresh = Freshness(ctx)
    for item in claims:
        try:
            globs = GlobSet(item.covers)
        except GlobError as exc:
            if ctx.enabled(COVERED_CHANGED.code):
                yield ctx.finding(COVERED_CHANGED.code, f"{item.id} covers a glob that is refused ({exc}); its "
                                                        f"freshness cannot be judged", "fix the `covers` glob",
                                  item=item)
            continue
        if fresh.repo is None:
            continue  # no git history here: nothing changed "after" anything
        paths = fresh.covered(globs)
        if not paths:
            continue
        yield from _covered_changed(ctx, fresh, item, paths)
        yield from _stale_reports(ctx, fresh, item, paths)


def _covered_changed(ctx: Any, fresh: Freshness, item: Any, paths: list[str]) -> Iterable[Finding]:
    record = ctx.closure(item)
    if record is None or not ctx.enabled(COVERED_CHANGED.code):
        return
    closed = fresh.landed(record)
    if closed is None:
        return  # the closure record is not committed yet: this change makes the claim, code included
    changed = fresh.changes_after(closed, paths)
    if changed:
        more = f" (and {len(changed) - 1} more covered file(s))" if len(changed) > 1 else ""
        yield ctx.finding(COVERED_CHANGED.code,
                          f"{item.id} is suspect: {fresh.describe(*changed[0])} after the close in {closed[:12]}{more}",
                          f"re-run its proof and re-close it: tracker close {item.id} --evidence ...", item=item,
                          evidence=changed[0][0][len(fresh.prefix):])  # the change that caused it (check --base)


def _stale_reports(ctx: Any, fresh: Freshness, item: Any, paths: list[str]) -> Iterable[Finding]:
    if not ctx.enabled(REPORT_STALE.code):
        return
    for res in ctx.resolved(item):
        if res.kind != "ok" or res.files != (res.rel,):
            continue
        verdict = verdict_of(ctx, res.rel)
        if verdict is None or verdict.kind != "junit":
            continue
        report = fresh.prefix + res.rel
        if report in fresh.staged or report not in fresh.last:
            continue  # committed with this change: as new as the code it comes with
        changed = fresh.changes_after(fresh.last[report][0], [p for p in paths if p != report])
        if changed:
            yield ctx.finding(REPORT_STALE.code,
                              f"{item.id}: test report {res.rel} (last committed in {fresh.last[report][0][:12]}) "
                              f"is older than the covered code: {fresh.describe(*changed[0])}",
                              f"run the tests again into {res.rel} and commit it", item=item, evidence=res.value)
