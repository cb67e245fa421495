"""Move one item to a new status: resolve it, gate it, edit its document in place, record it in the ledger."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import GateFailed, UsageError
from tracker.model import Item, Project, Status
from tracker.parse.evidence_text import is_url


@dataclass
class Request:
    item_id: str
    status: Status
    evidence: list[str] = field(default_factory=list)  # as the user typed them
    note: str | None = None
    force: bool = False
    reason: str | None = None
    action: str = "close"  # close | set | reopen


def resolve_item(project: Project, item_id: str) -> Item:
    index = project.index()
    found = index.get(item_id)
    if not found:
        close = difflib.get_close_matches(item_id, list(index), n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no item {item_id!r} in this project{hint}")
    if len(found) > 1:
        places = "; ".join(item.location for item in found)
        raise UsageError(f"{item_id} is ambiguous: it appears {len(found)} times ({places}); "
                         "give each item its own ID first")
    return found[0]


def evidence_paths(project: Project, raw: list[str], cwd: Path | None = None) -> list[str]:
    """Repository-relative POSIX paths of the given evidence (URLs kept); refuse what is not in the repository."""
    cwd = (cwd or Path.cwd()).resolve()
    out: list[str] = []
    for value in raw:
        if is_url(value):
            out.append(value)
            continue
        candidate = Path(value)
        full = candidate if candidate.is_absolute() else cwd / candidate
        if not full.exists() and not candidate.is_absolute():
            full = project.root / candidate  # a repository-relative path typed from a subfolder
        if not full.exists():
            raise UsageError(f"evidence {value!r} does not exist; create it (and commit it) first")
        try:
            rel = full.resolve().relative_to(project.root).as_posix()
        except ValueError:
            raise UsageError(f"evidence {value!r} is outside the repository") from None
        if rel not in out:
            out.append(rel)
    return out


def gate(project: Project, item: Item, evidence: list[str], force: bool, today) -> list:
    """Findings of the item as if done with `evidence`; exits 1 (nothing written) on an unwaived error."""
    from tracker.gate.engine import check_item
    from tracker.gate.options import CheckOptions

    findings = check_item(project, item, evidence, CheckOptions(today=today))
    errors = [f for f in findings if f.severity == "error" and not f.waived]
    for finding in findings:
        label = "waived by --force" if (force and finding in errors) or finding.waived else finding.severity
        where = f"{finding.path}:{finding.line}: " if finding.path else ""
        sys.stderr.write(f"{where}{finding.code} {finding.message} ({label})\n  hint: {finding.hint}\n")
    if errors and not force:
        raise GateFailed(f"{item.id} cannot be closed: {len(errors)} gate finding(s) above; nothing was written "
                         "(fix them, or `--force --reason TEXT` to override on the record)")
    return errors


def apply(project: Project, request: Request, cwd: Path | None = None) -> int:
    from tracker.gate.options import CheckOptions
    from tracker.write.document import edit_document

    item = resolve_item(project, request.item_id)
    today = CheckOptions().clock()
    paths = evidence_paths(project, request.evidence, cwd)
    was_done = item.status is Status.DONE
    if was_done and request.status is not Status.DONE:
        request.action = "reopen"
        if not request.reason:
            raise UsageError(f"{item.id} is done; reopening it needs --reason TEXT (it goes into the ledger)")
    if request.force and not request.reason:
        raise UsageError("--force needs --reason TEXT: the override is recorded in the item and the ledger")
    waived = []
    if request.status is Status.DONE:
        waived = gate(project, item, paths, request.force, today)
    note = f"forced close: {request.reason}" if request.force and waived else None
    outcome = edit_document(project, item, request.status, paths, note, today)
    for warning in outcome.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    _record(project, item, request, paths, bool(waived))
    where = {"cell": "its evidence cell", "notes": "its notes cell", "line": "an Evidence: line",
             "yaml": "its evidence list", "ledger": "the ledger only (the document has no place for it)"}
    sys.stderr.write(f"{item.id}: {item.status.value} -> {request.status.value} in {item.source.path}"
                     + (f"; evidence in {where.get(outcome.evidence_where, 'the ledger')}" if paths else "")
                     + ("" if outcome.changed else " (document already said so)") + "\n")
    _rerender(project, item.source.path)
    return 0


def _record(project: Project, item: Item, request: Request, paths: list[str], forced: bool) -> None:
    from tracker.ledger import append_record, fingerprint, make_record

    prints = []
    recorded = paths or ([e for e in item.evidence if not is_url(e)] if request.status is Status.DONE else [])
    for rel in recorded:
        if is_url(rel):
            prints.append({"path": rel, "sha256": None, "size": None})
        elif (project.root / rel).is_file():
            prints.append(fingerprint(project.root, rel))
    commit, user = _git_identity(project.root)
    record = make_record(request.action, item.id, request.status.value, prints, commit=commit, user=user,
                         note=request.note, forced=forced, reason=request.reason)
    append_record(project.root, project.config.ledger or "evidence/ledger.jsonl", record)


def _git_identity(root: Path) -> tuple[str | None, str | None]:
    try:
        from tracker.git import GitRepo

        repo = GitRepo(root)
        try:
            name, email = repo.user()
            user = f"{name} <{email}>" if name and email else (name or email or None)
            return repo.head(), user
        finally:
            repo.close()
    except Exception:  # noqa: BLE001 - no git, or no commit yet: the record says null
        return None, None


def _rerender(project: Project, rel: str) -> None:
    if not rel.endswith(".md"):
        return
    from tracker.render.apply import render_file

    try:
        for state in render_file(project.root, rel).problems():
            sys.stderr.write(f"warning: {rel}:{state.line}: region {state.name!r} not re-rendered: {state.message}\n")
    except Exception as exc:  # noqa: BLE001 - the close itself is done; a region problem is reported, not fatal
        sys.stderr.write(f"warning: regions of {rel} were not re-rendered: {exc}\n")
