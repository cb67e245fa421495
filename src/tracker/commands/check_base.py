"""`tracker check --base REF`: judge a change (HEAD or the working tree) against the project at REF."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from tracker.gate.finding import CheckResult, Finding

LEDGER_CODES = {"TRK109", "TRK110"}
FORMATS = ("text", "json", "github", "sarif")


@dataclass
class BaseCheck:
    base: str  # the REF as given
    base_sha: str
    head: str  # "HEAD" or "working tree"
    result: CheckResult
    changes: object  # tracker.compare.Comparison
    blocking: list[Finding] = field(default_factory=list)
    existing: list[Finding] = field(default_factory=list)  # errors already present at the base
    notes: list[Finding] = field(default_factory=list)  # warnings to review (gate-changed, on changed lines)
    old_warnings: list[Finding] = field(default_factory=list)
    changed_lines: dict[str, set[int]] = field(default_factory=dict)
    changed_gate_files: set[str] = field(default_factory=set)


def _digest(source, rel: str) -> str | None:
    sha = source.blob_sha(rel)
    if sha is not None:
        return sha
    data = source.read(rel)
    return None if data is None else "sha256:" + hashlib.sha256(data).hexdigest()


def _changed(base_src, new_src, rel: str) -> bool:
    """Whether `rel` differs between the two sides (git blob ids compare without reading)."""
    if hasattr(base_src, "blob_sha") and hasattr(new_src, "blob_sha"):
        return base_src.blob_sha(rel) != new_src.blob_sha(rel)
    old, new = base_src.read(rel), new_src.read(rel)
    return old != new


def check_against_base(root: Path, base: str, worktree: bool = False, options=None) -> BaseCheck:
    """Load the project at `base` and at HEAD (or the working tree), run the gates read from `base`, compare."""
    from tracker.git import GitRepo

    repo = GitRepo(root)
    try:
        return _check(repo, root, base, worktree, options)
    finally:
        repo.close()


def _check(repo, root: Path, base: str, worktree: bool, options) -> BaseCheck:
    from tracker.compare import changed_lines, compare
    from tracker.gate.engine import run_check
    from tracker.gate.options import CheckOptions
    from tracker.gate.rules_git import ledger_rewritten, without_shadowed
    from tracker.git import GitSource
    from tracker.project import load_project
    from tracker.source import WorktreeSource

    base_sha = repo.require_commit(base)
    base_src = GitSource(repo, base_sha, root)
    base_src.name = f"{base} ({base_sha[:10]})"
    if worktree:
        new_src = WorktreeSource(root)
        new_src.git_index = GitSource(repo, None, root)  # evidence-untracked asks the index, same git processes
        head_label = "working tree"
    else:
        new_src = GitSource(repo, repo.require_commit("HEAD", "HEAD"), root)
        head_label = "HEAD"
    old = load_project(root=root, source=base_src)
    new = load_project(root=root, source=new_src)
    gates_dir = (old.config.gates or "gates").strip("/")
    gate_paths = set(base_src.files([f"{gates_dir}/**/*.yaml", f"{gates_dir}/**/*.yml"]))
    gate_paths |= set(new_src.files([f"{gates_dir}/**/*.yaml", f"{gates_dir}/**/*.yml"]))
    changed_gates = {p for p in gate_paths if _changed(base_src, new_src, p)}
    options = options or CheckOptions()
    options.mode, options.gates_source = "ci", base_src
    options.changed_gate_files = set(options.changed_gate_files) | changed_gates
    result = run_check(new, options)
    changes = compare(old, new)
    check = BaseCheck(base, base_sha, head_label, result, changes, changed_gate_files=changed_gates)
    findings = without_shadowed(result.findings)
    ledger_rel = new.config.ledger or "evidence/ledger.jsonl"
    findings += ledger_rewritten(base_src, new_src, ledger_rel)
    for doc in new.documents:
        text = new_src.read(doc.path)
        if text is None or not _changed(base_src, new_src, doc.path):
            continue
        before = base_src.read(doc.path)
        check.changed_lines[doc.path] = changed_lines(
            before.decode("utf-8", "replace") if before is not None else None, text.decode("utf-8", "replace"))
    for f in findings:
        if f.waived:
            continue
        if f.severity != "error":
            # Warnings about this change are for review; older ones are only counted.
            touched = f.line in check.changed_lines.get(f.path or "", ())
            review = f.code == "TRK205" or touched or changes.is_changed(f.item)
            (check.notes if review else check.old_warnings).append(f)
        elif changes.is_changed(f.item) or f.code == "TRK303" or (
                f.code in LEDGER_CODES and f.evidence and _changed(base_src, new_src, f.evidence)):
            check.blocking.append(f)
        else:
            check.existing.append(f)
    return check


# -- output ---------------------------------------------------------------------------------------
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(check: BaseCheck) -> list[str]:
    """Workflow commands: errors for blocking findings, notices for transitions on the changed lines."""
    lines = []
    for f in check.blocking + check.notes:
        level = "error" if f in check.blocking else "warning"
        where = f"file={_escape_property(f.path)}" + (f",line={f.line}" if f.line else "") if f.path else ""
        title = _escape_property(f"{f.code} {f.rule}")
        body = _escape_data(f"{f.message}" + (f" — {f.hint}" if f.hint else ""))
        lines.append(f"::{level} {where},title={title}::{body}" if where else f"::{level} title={title}::{body}")
    for t in check.changes.transitions:
        if t.new is None or t.line not in check.changed_lines.get(t.path, set()):
            continue
        lines.append(f"::notice file={_escape_property(t.path)},line={t.line},title=status change::"
                     f"{_escape_data(f'{t.id} {t.label}')}")
    return lines


def as_json(check: BaseCheck) -> dict:
    def finding(f: Finding) -> dict:
        return {"code": f.code, "rule": f.rule, "severity": f.severity, "message": f.message, "hint": f.hint,
                "path": f.path, "line": f.line, "item": f.item, "evidence": f.evidence}

    return {
        "schema": "tracker.check-base/1", "base": check.base, "base_commit": check.base_sha, "head": check.head,
        "transitions": [{"id": t.id, "from": t.old.value if t.old else None, "to": t.new.value if t.new else None,
                         "path": t.path, "line": t.line} for t in check.changes.transitions],
        "changed_claims": check.changes.changed_claims,
        "blocking": [finding(f) for f in check.blocking],
        "review": [finding(f) for f in check.notes],
        "existing_errors": len(check.existing),
        "changed_gate_files": sorted(check.changed_gate_files),
        "gates": [{"name": g.name, "passed": g.passed, "reasons": g.reasons} for g in check.result.gates],
    }


def text_report(check: BaseCheck) -> list[str]:
    lines = [f"{check.head} against {check.base} ({check.base_sha[:10]}): "
             f"{len(check.changes.transitions)} status transition(s)"]
    lines += [f"  {t.path}:{t.line}: {t.id} {t.label}" for t in check.changes.transitions]
    for f in check.blocking:
        lines.append(f"{f.path}:{f.line}: {f.code} {f.message}" + (f"\n    fix: {f.hint}" if f.hint else ""))
    for f in check.notes:
        lines.append(f"{f.path}:{f.line}: {f.code} (warning) {f.message}")
    if check.existing or check.old_warnings:
        lines.append(f"{len(check.existing)} error(s) and {len(check.old_warnings)} warning(s) outside this change "
                     f"do not fail this check (`tracker check` lists them)")
    lines.append(f"{len(check.blocking)} new or changed done claim finding(s) fail" if check.blocking
                 else "no new or changed done claim fails its gates")
    return lines


def run(base: str, worktree: bool = False, fmt: str = "text", options=None, cwd: Path | None = None,
        output: str | None = None, exit_zero: bool = False) -> int:
    from tracker.config import find_root
    from tracker.report.summary_md import append_step_summary, summary_markdown

    if fmt not in FORMATS:
        raise UsageError(f"--base supports --format {', '.join(FORMATS)}, not {fmt!r}")
    root = find_root(cwd or Path.cwd())
    check = check_against_base(root, base, worktree, options)
    if fmt == "json":
        text = json.dumps(as_json(check), indent=2) + "\n"
    elif fmt == "sarif":
        from tracker.report.sarif import render

        text = render(CheckResult(findings=check.blocking + check.notes, gates=check.result.gates))
    else:
        lines = github_annotations(check) if fmt == "github" else []
        text = "".join(line + "\n" for line in lines + text_report(check))
    sys.stdout.write(text)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    if fmt not in ("text", "github"):
        sys.stderr.write(text_report(check)[-1] + "\n")
    append_step_summary(summary_markdown(check.base, check.head, check.changes.transitions, check.blocking,
                                         check.existing, check.notes, check.result.gates))
    return EXIT_FINDINGS if check.blocking and not exit_zero else EXIT_OK


def run_cli(base: str | None, worktree: bool, fmt: str, output: str | None, select, ignore, strict: bool,
            exit_zero: bool, allow_commands: bool, baseline: str | None, paths: list[str]) -> int:
    """`tracker check --base REF [--worktree]` with the options `tracker check` shares."""
    from tracker.commands.check import _check_codes, split_codes
    from tracker.gate.options import CheckOptions

    if base is None:
        raise UsageError("--worktree compares the working tree with a base; give it one: --base origin/main")
    if paths:
        raise UsageError("--base judges the whole project at two revisions; drop the paths")
    options = CheckOptions(select=split_codes(select), ignore=split_codes(ignore), strict=strict,
                           allow_commands=allow_commands, baseline=Path(baseline) if baseline else None)
    _check_codes(options.select + options.ignore)
    return run(base, worktree, fmt, options, output=output, exit_zero=exit_zero)
