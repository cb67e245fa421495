"""Rules that need git: evidence not in git (TRK302), and what a change does to gates (TRK205), the policy (TRK209)
and the ledger (TRK303)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from tracker.gate.finding import Finding
from tracker.gate.options import TrackedFiles
from tracker.gate.registry import Rule, register
from tracker.source import Source, WorktreeSource

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext
    from tracker.gate.evidence import Resolved
    from tracker.model import Item

EVIDENCE_UNTRACKED = register(Rule(
    code="TRK302", name="evidence-untracked", severity="error",
    summary="A done item's evidence exists on disk but is neither committed nor staged.",
    why="Evidence that lives only in one working copy proves nothing to anyone else: a reviewer, CI or a "
        "colleague who clones the repository sees a done claim with no proof. An error in hook and CI mode, "
        "a warning when checking the working tree.",
    example="WS1-007 is marked done but evidence/ws1-007.md is not staged",
    instead="Stage the evidence with the claim: `git add evidence/ws1-007.md`, then commit both together.",
    scope="claim", judged_on_close=True, shadows="TRK102",
))

GATE_CHANGED = register(Rule(
    code="TRK205", name="gate-changed", severity="warning",
    summary="A change modifies, adds or deletes a gate definition under gates/.",
    why="A pull request that loosens its own gate and marks an item done in the same change would approve "
        "itself. `tracker check --base` judges items by the base revision's gates and never runs `command` "
        "checks from changed definitions; the gate change itself needs a human review.",
    example="gates/ws1.yaml changed in this change; items are judged by the version at origin/main",
    instead="Review the gate change on its own (ideally in a separate pull request), then merge it before the "
            "claims that rely on it.",
    scope="change",
))

LEDGER_REWRITTEN = register(Rule(
    code="TRK303", name="ledger-rewritten", severity="error",
    summary="A change edits or deletes closure records the base revision's ledger already held.",
    why="The ledger is append-only: each record fixes what evidence (and which hash) closed an item. Rewriting "
        "history lets a change re-date or re-prove a closure without anyone seeing it.",
    example="evidence/ledger.jsonl:3 differs from the record at origin/main",
    instead="Leave earlier records alone and append a new one (`tracker close` / `tracker set` do that).",
    scope="change",
))

POLICY_CHANGED = register(Rule(
    code="TRK209", name="policy-changed", severity="warning",
    summary="A change edits the policy it would be judged by: tracker.yaml (waivers, rule severities, tracker "
            "globs, status vocabulary, ledger or gates folder), a YAML item's own `waivers:`, or a forced close "
            "appended to the ledger.",
    why="A change that waives, downgrades or hides its own claims would approve itself. `tracker check --base` "
        "judges by the base's policy and the hook by HEAD's, so the edit takes effect once merged; until then "
        "it is listed here for a reviewer. `--allow-policy-change` (passed by CI only when a reviewer approved) "
        "judges by the change's own policy.",
    example="tracker.yaml:4: waiver added: WS1-007 TRK101 ('proof later')",
    instead="Merge the policy change on its own, reviewed, before the claims that rely on it.",
    scope="change",
))


class PolicyEdit(Protocol):
    """One edit of the judging policy (tracker.policy.PolicyChange)."""

    @property
    def what(self) -> str: ...
    @property
    def path(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def item(self) -> str | None: ...


def policy_changed(ctx: CheckContext, changes: Iterable[PolicyEdit]) -> list[Finding]:
    """One TRK209 finding per tracker.policy.PolicyChange."""
    if not ctx.enabled("TRK209"):
        return []
    return [ctx.finding("TRK209", f"policy change: {c.what}",
                        "review it; it takes effect once merged (or CI passes --allow-policy-change)",
                        item=c.item, path=c.path, line=c.line, anchor=c.what) for c in changes]


def _without_line(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "_line"}


def ledger_rewritten(base_source: Source, new_source: Source, rel: str) -> list[Finding]:
    """Records present at the base that the new side changed or dropped (compared in order, by content).

    Made outside the rule families (it needs both sides); `check --base` hands them to run_check(extra=...)."""
    from tracker.ledger import read_ledger

    old = read_ledger(base_source, rel)
    if not old:
        return []
    new = read_ledger(new_source, rel)
    for position, record in enumerate(old):
        if position >= len(new) or _without_line(new[position]) != _without_line(record):
            line = new[position]["_line"] if position < len(new) else None
            what = "was changed" if position < len(new) else "was deleted"
            return [Finding(code="TRK303", rule="ledger-rewritten", severity="error",
                            message=f"ledger record {position + 1} ({record.get('action')} {record.get('id')}) "
                                    f"{what} since {base_source.name}",
                            hint=f"restore {rel} to the base version and append new records instead",
                            path=rel, line=line, item=record.get("id"),
                            anchor=f"record {position + 1}")]
    return []


def _tracked_source(ctx: CheckContext) -> TrackedFiles | None:
    """A GitSource over the index when the checked source is the working tree (None outside git)."""
    source = ctx.source
    if source.name != "worktree":
        return source if isinstance(source, TrackedFiles) else None  # a revision's listing (GitSource)
    if isinstance(source, WorktreeSource) and source.git_index is not None:
        # `check --base --worktree` shares its repository (a GitSource over the index)
        return source.git_index if isinstance(source.git_index, TrackedFiles) else None
    git = ctx.options.git
    return git.index() if git is not None else None


@runtime_checkable
class NarrowTracked(Protocol):
    """A listing that answers for a few paths without being read whole (tracker.git.GitSource)."""

    def tracked_among(self, rels: list[str]) -> set[str]: ...


def _tracked_of(git_side: TrackedFiles, paths: list[str]) -> set[str]:
    """Those of `paths` in the listing: lookups in it, never a blob read (entry() would read it for its size)."""
    if isinstance(git_side, NarrowTracked):
        return git_side.tracked_among(paths)
    return {path for path in paths if git_side.tracked(path)}


def evidence_untracked(ctx: CheckContext) -> list[Finding]:
    """Done items whose evidence counts on disk but is absent from git (the index, or the checked revision)."""
    if not ctx.enabled("TRK302"):
        return []
    mode = getattr(ctx.options, "mode", "worktree")
    checked_is_git = ctx.source.name != "worktree"
    findings: list[Finding] = []
    done = ctx.done_items()
    if not done:
        return findings
    git_side = _tracked_source(ctx)
    if git_side is None:
        return findings
    where = "staged" if git_side.name == "index" else "committed"

    def untracked(item: Item, value: str, on_disk: Resolved) -> None:
        rel = on_disk.rel or value
        hint = f"git add {rel}" if where == "staged" else f"git add {rel} && git commit"
        finding = ctx.finding("TRK302", f"{item.id} is marked done but {rel} is not {where}", hint,
                              item=item, evidence=value)
        if mode == "worktree" and finding.severity == "error":
            finding = dataclasses.replace(finding, severity="warning")
        findings.append(finding)

    if not checked_is_git:
        # Checking the working tree: its verdicts are already made (and the files already read) by ctx.resolver;
        # whether git has a counting file is then a lookup in the index listing, asked in one go (for one item's
        # few files, git is asked about just those: a close in a large repository).
        counting = {path for item in done for res in ctx.resolved(item) if res.kind == "ok" for path in res.files}
        tracked = _tracked_of(git_side, sorted(counting))
        if counting <= tracked:
            return findings  # every file that counts is in git (the common case): no item to look at again
        for item in done:
            for value, on_disk in zip(ctx.evidence_of(item), ctx.resolved(item), strict=True):
                if on_disk.kind == "ok" and tracked.isdisjoint(on_disk.files):
                    untracked(item, value, on_disk)
        return findings
    git_resolver, disk = ctx.resolver, ctx.worktree_resolver
    for item in done:
        for value in ctx.evidence_of(item):
            in_git = git_resolver.resolve(value, item.source.path)
            if in_git.kind in ("ok", "url", "outside", "not-proof"):
                continue
            on_disk = disk.resolve(value, item.source.path)
            if on_disk.kind == "ok":
                untracked(item, value, on_disk)
    return findings


def gate_changed(ctx: CheckContext) -> list[Finding]:
    """One finding per gate file the change under review adds, modifies or deletes (set by `check --base`)."""
    changed = sorted(getattr(ctx.options, "changed_gate_files", None) or ())
    if not changed or not ctx.enabled("TRK205") or getattr(ctx.options, "mode", "") != "ci":
        return []
    base = getattr(ctx.options, "gates_source", None)
    label = base.name if base is not None else "the base revision"
    findings = []
    for rel in changed:
        was, now = (base.entry(rel) if base else None), ctx.source.entry(rel)
        how = "deletes" if now is None else "adds" if was is None else "modifies"
        findings.append(ctx.finding(
            "TRK205", f"this change {how} gate file {rel}; items are judged by the gates at {label}, and the "
                      f"gate change needs review", "review the gate change on its own; it takes effect once merged",
            path=rel, line=1 if now is not None else None))
    return findings


def check(ctx: CheckContext) -> list[Finding]:
    return evidence_untracked(ctx) + gate_changed(ctx)
