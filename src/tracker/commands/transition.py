"""The close/set use case: resolve the item, gate it, write its document once, then append its ledger record.

One write. The new document (status cell or checkbox, evidence, note, and every generated region) is computed
in memory from the text read under the document's lock, and written once: a temp file in the same folder,
fsync, rename, and only when the bytes changed. A reader or a crash sees the old document or the new one.

Then the ledger. Still holding the document's lock, the ledger record is appended (under the ledger's own
lock, fsync'd). Locks are always taken in that order (document, then ledger), so writers cannot deadlock.

Recovery rule. If the process dies after the document write and before the ledger append, the document holds
the new status and the ledger has no record of it. The next `tracker check` judges the claim by its evidence
link alone: with its evidence in the document the claim is proven, and only the ledger's fingerprint (TRK109/
TRK110) and a forced close's override are missing; a forced close, or evidence that went to the ledger only,
shows as an unproven claim (fail closed). Re-running the same `tracker close` (or `set`) completes it: the
document already says so, so it is not written again, and the record is appended.
"""

from __future__ import annotations

import difflib
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from tracker.errors import GateFailed, UsageError
from tracker.files import inside_root, locked, refuse_symlink, replace_if_changed
from tracker.model import Item, Project, Status
from tracker.gate.proof.commit import commit_ref
from tracker.parse.collector import set_aside
from tracker.parse.evidence_text import is_url
from tracker.parse.regions import MARKER, RegionState
from tracker.parse.text import decode
from tracker.write.markdown_edit import Change

DEFAULT_LEDGER = "evidence/ledger.jsonl"


# Request and Written are plain classes, not dataclasses: a dataclass costs ~0.4 ms to create at import.


class Request:
    __slots__ = ("action", "evidence", "force", "identity", "item_id", "note", "reason", "status")

    def __init__(self, item_id: str, status: Status, evidence: list[str] | None = None, note: str | None = None,
                 force: bool = False, reason: str | None = None, action: str = "close",
                 identity: IdentityLookup | None = None) -> None:
        self.item_id = item_id
        self.status = status
        self.evidence = evidence if evidence is not None else []  # as the user typed them
        self.note = note
        self.force = force
        self.reason = reason
        self.action = action  # close | set | reopen
        self.identity = identity  # HEAD and the author, looked up while the project was read


class IdentityLookup:
    """HEAD and the git author for the ledger record, looked up on a thread from the start, so that their git
    processes run while the project is parsed rather than after the gate (~7 ms of a close)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self._found: tuple[str | None, str | None] = (None, None)
        self._thread = threading.Thread(target=self._look, name="tracker-identity")
        self._thread.start()

    def _look(self) -> None:
        self._found = _git_identity(self.root)

    def result(self, root: Path) -> tuple[str | None, str | None]:
        """(HEAD's commit, "name <email>") as _git_identity gives them, for the project rooted at `root`."""
        self._thread.join()
        return self._found if root.resolve() == self.root else _git_identity(root)


class Written:
    __slots__ = ("changed", "evidence_where", "regions", "warnings")

    def __init__(self) -> None:
        self.evidence_where = "none"
        self.changed = False
        self.warnings: list[str] = []
        self.regions: list[RegionState] = []  # hand-edited or broken regions left alone


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


def needs_whole_project(project: Project, item_id: str, evidence: list[str]) -> bool:
    """Whether closing `item_id` needs every row read in full, given `project` read with only that item's rows
    in full (load_project's `detail`): when the item is missing or ambiguous (the full read words the refusal),
    when a gate blocks it (its verdict then rests on what the gate requires, anywhere), or when its document
    has generated regions (their views read every item). Otherwise its verdict rests on its own row, its
    dependencies' statuses and its checklist (gate.engine.claim_scope), all of which the summary read holds."""
    from tracker.gate.definitions import ids_matching, load_gates

    found = [item for item in project.items if item.id == item_id]
    if len(found) != 1:
        return True
    gates = load_gates(project.source, project.config.gates or "gates")
    if any(ids_matching(gate.blocks, [item_id]) for gate in gates):
        return True
    data = project.source.read(found[0].source.path)
    return data is None or MARKER.encode() in data or any("<!--" in value for value in evidence)


def load_for(item_id: str, evidence: list[str]) -> Project:
    """The project as a close or set of `item_id` needs it: the other rows as ID, status and place only (a
    200,000-row document: 0.8 s instead of 2 s), unless more than the item's own row, its dependencies'
    statuses and its checklist can change its verdict or its write (needs_whole_project)."""
    from tracker.project import load_project

    project = load_project(detail=lambda row_id: row_id == item_id)
    return load_project() if needs_whole_project(project, item_id, evidence) else project


def evidence_paths(project: Project, raw: list[str], cwd: Path | None = None) -> list[str]:
    """Repository-relative POSIX paths of the given evidence (URLs kept); refuse what is not in the repository."""
    cwd = (cwd or Path.cwd()).resolve()
    out: list[str] = []
    for value in raw:
        if is_url(value):
            out.append(value)
            continue
        if not value.strip():
            raise UsageError("--evidence '' names no file; give the path of the file that proves the claim")
        commit = commit_ref(value)
        if commit is not None:  # `commit: SHA` or a full SHA: judged against git history (rules_proof)
            out.append(f"commit: {commit}")
            continue
        fragment = ""
        if "#" in value and not Path(value).exists():  # `reports/unit.xml#test_name`: tests the report must hold
            value, fragment = value.split("#", 1)[0], "#" + value.split("#", 1)[1]
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
        if rel == ".":
            raise UsageError(f"evidence {value!r} names the repository root, not a file; give the path of the "
                             "file that proves the claim")
        if rel + fragment not in out:
            out.append(rel + fragment)
    return out


def gate(project: Project, item: Item, evidence: list[str], force: bool, today: Any) -> list[Any]:
    """Findings of the item as if done with `evidence`; exits 1 (nothing written) on an unwaived error."""
    from tracker.gate.engine import check_item
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.report.findings import location

    findings = check_item(project, item, evidence, CheckOptions(today=today, git=Checkout(project.root)))
    errors = [f for f in findings if f.severity == "error" and not f.waived]
    for finding in findings:
        label = "waived by --force" if (force and finding in errors) or finding.waived else finding.severity
        where = f"{location(finding)}: " if finding.path else ""
        sys.stderr.write(f"{where}{finding.code} {finding.message} ({label})\n  hint: {finding.hint}\n")
    if errors and not force:
        raise GateFailed(f"{item.id} cannot be closed: {len(errors)} gate finding(s) above; nothing was written "
                         "(fix them, or `--force --reason TEXT` to override on the record)")
    return errors


def ledger_target(root: Path, rel: str) -> Path:
    """The ledger's path, refused unless it is a plain path inside the repository: checked before any write, so
    no folder is created and nothing is appended outside, whatever tracker.yaml says."""
    from tracker.files import UnsafeWrite
    from tracker.gate.evidence import inside, refusal

    why = refusal(rel) or (None if inside(rel) and not Path(rel).is_absolute() else "leaves the repository")
    if why:
        raise UnsafeWrite(f"ledger path {rel!r} {why}; nothing was written", "tracker.yaml")
    path = inside_root(root, rel, "tracker.yaml")
    refuse_symlink(path, rel)
    return path


def _append(root: Path, path: Path, record: dict[str, Any]) -> None:
    from tracker.files import append_line
    from tracker.ledger import encode_record

    path.parent.mkdir(parents=True, exist_ok=True)  # inside the repository: ledger_target checked it
    append_line(path, encode_record(record), shown=path.relative_to(root).as_posix())


def append_record(root: Path, rel: str, record: dict[str, Any]) -> None:
    """Append one record to the ledger at `rel` under `root`, under the ledger's lock."""
    _append(root, ledger_target(root, rel), record)


def dead_links(project: Project, item: Item, paths: list[str]) -> list[str]:
    """The evidence in the item's Evidence cell that names a missing file: a close with new evidence replaces
    it (live evidence stays). Only a Markdown row's Evidence cell, which the writer can edit, qualifies."""
    from tracker.gate.evidence import Resolver

    if not paths or item.kind != "row" or item.source.evidence is None:
        return []
    resolver = Resolver(project.source)
    return [e for e in item.evidence if e not in paths and resolver.resolve(e, item.source.path).kind == "missing"]


def edit_document(project: Project, item: Item, status: Status | None, evidence: list[str], note: str | None,
                  today: Any, record: dict[str, Any] | None = None, dead: list[str] | None = None) -> Written:
    """Under the document's lock: re-read it, apply the change and re-render its regions in memory, write
    once, then append `record` (if any) to the ledger."""
    from tracker.project import format_for, vocabulary_for
    from tracker.write.document import edit_text

    rel = item.source.path
    path = inside_root(project.root, rel, rel)
    refuse_symlink(path, rel)
    ledger_rel = project.config.ledger or DEFAULT_LEDGER
    ledger = ledger_target(project.root, ledger_rel) if record is not None else None
    change = Change(item.id, status, list(evidence), note, today, list(dead or []))
    loaded = next((d for d in project.documents if d.path == rel), None)
    result = Written()
    with locked(path, shown=rel):
        refuse_symlink(path, rel)
        if not path.is_file():
            from tracker.errors import InputError

            raise InputError("no such file (it was removed since it was read)", rel)
        old = path.read_bytes()
        outcome = edit_text(decode(old, rel), rel, item, change, vocabulary_for(project.config),
                            tuple(project.config.id_columns), loaded, format_for(rel, project.config))
        result.evidence_where, result.warnings = outcome.evidence_where, list(outcome.warnings)
        if outcome.moved_from is not None:
            result.warnings.append(f"{item.id} moved from line {outcome.moved_from} to another line since it was "
                                   "read; the edit was re-located by its ID")
        text = outcome.text
        if rel.lower().endswith((".md", ".markdown")) and MARKER in text:  # without one, nothing to render
            from tracker.commands.regions import render_document

            rendered = render_document(project, rel, text, today)
            text, result.regions = rendered.new, rendered.problems()
        result.changed = replace_if_changed(path, old, text.encode("utf-8"))
        if ledger is not None and record is not None:
            _append(project.root, ledger, record)  # after the document, under its lock: see the recovery rule
    return result


def apply(project: Project, request: Request, cwd: Path | None = None) -> int:
    # The loaded project lives until the end: set aside from the collector's walks meanwhile (a 200,000-row
    # document is ~1.4 million objects).
    set_aside()
    return _apply(project, request, cwd)


def _apply(project: Project, request: Request, cwd: Path | None = None) -> int:
    from tracker.clock import today as clock_today

    item = resolve_item(project, request.item_id)
    today = clock_today()
    paths = evidence_paths(project, request.evidence, cwd)
    was_done = item.status is Status.DONE
    if was_done and request.status is not Status.DONE:
        request.action = "reopen"
        if not request.reason:
            raise UsageError(f"{item.id} is done; reopening it needs --reason TEXT (it goes into the ledger)")
    if request.force and not request.reason:
        raise UsageError("--force needs --reason TEXT: the override is recorded in the item and the ledger")
    waived = []
    dead = dead_links(project, item, paths) if request.status is Status.DONE else []
    if request.status is Status.DONE:
        judged = replace(item, evidence=tuple(e for e in item.evidence if e not in dead))
        waived = gate(project, judged, paths, request.force, today)
    note = f"forced close: {request.reason}" if request.force and waived else None
    record = _record(project, item, request, paths, bool(waived))
    outcome = edit_document(project, item, request.status, paths, note, today, record, dead)
    rel = item.source.path
    if dead:
        sys.stderr.write(f"{item.id}: replaced evidence that does not exist: {', '.join(dead)}\n")
    for warning in outcome.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    for state in outcome.regions:
        sys.stderr.write(f"warning: {rel}:{state.line}: region {state.name!r} not re-rendered: {state.message}\n")
    where = {"cell": "its evidence cell", "notes": "its notes cell", "line": "an Evidence: line",
             "yaml": "its evidence list", "ledger": "the ledger only (the document has no place for it)"}
    sys.stderr.write(f"{item.id}: {item.status.value} -> {request.status.value} in {rel}"
                     + (f"; evidence in {where.get(outcome.evidence_where, 'the ledger')}" if paths else "")
                     + ("" if outcome.changed else " (document already said so)") + "\n")
    return 0


def _record(project: Project, item: Item, request: Request, paths: list[str], forced: bool) -> dict[str, Any]:
    from tracker.gate.rules_proof import describe
    from tracker.ledger import fingerprint, make_record

    prints = []
    recorded = paths or ([e for e in item.evidence if not is_url(e)] if request.status is Status.DONE else [])
    commit, user = request.identity.result(project.root) if request.identity else _git_identity(project.root)
    for value in recorded:
        rel = value.split("#", 1)[0]
        if is_url(value):
            prints.append({"path": value, "sha256": None, "size": None})
        elif commit_ref(value) is not None:
            prints.append({"path": value, "sha256": None, "size": None, "kind": "commit",
                           "commit": _full_commit(project.root, commit_ref(value) or "")})
        elif (project.root / rel).is_file():
            # What the close checked: the proof kind and the counts it read (gate/rules_proof.describe).
            path = project.root / rel
            prints.append({**fingerprint(project.root, rel),
                           **describe(rel, path.read_bytes, path.stat().st_size, value, item.tests)})
    return make_record(request.action, item.id, request.status.value, prints, commit=commit, user=user,
                       note=request.note, forced=forced, reason=request.reason)


def _full_commit(root: Path, ref: str) -> str | None:
    try:
        from tracker.git import GitRepo

        repo = GitRepo(root)
        try:
            return repo.resolve(ref)
        finally:
            repo.close()
    except Exception:  # no git: the gate reports the commit as unknown
        return None


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
    except Exception:
        return None, None
