"""`tracker check --base REF`: judge a change (HEAD or the working tree) against the project at REF."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from tracker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from tracker.gate.finding import ChangeResult

BaseCheck = ChangeResult  # the judged change, as data the reporters render


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
    from tracker.commands.regions import check_with_regions
    from tracker.compare import changed_lines, compare
    from tracker.gate.options import CheckOptions
    from tracker.gate.registry import rules_with_scope
    from tracker.gate.rules_git import ledger_rewritten
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
    if options is None:
        from tracker.clock import today

        options = CheckOptions(today=today())
    options.mode, options.gates_source = "ci", base_src
    options.changed_gate_files = set(options.changed_gate_files) | changed_gates
    ledger_rel = new.config.ledger or "evidence/ledger.jsonl"
    # What only the comparison of both sides finds meets the same pipeline (severity, --ignore, waivers).
    result = check_with_regions(new, options, extra=ledger_rewritten(base_src, new_src, ledger_rel))
    changes = compare(old, new)
    check = ChangeResult(base, base_sha, head_label, result, changes.transitions, changes.changed_claims,
                         changed_gate_files=changed_gates, project=new)
    findings = result.findings
    of_change, of_closures = rules_with_scope("change"), rules_with_scope("closure")
    of_gates = rules_with_scope("gate")  # a gate command judges the change as a whole
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
            review = f.code in of_change or touched or changes.is_changed(f.item) or (
                f.code in of_closures and bool(f.evidence) and _changed(base_src, new_src, f.evidence or ""))
            (check.review if review else check.old_warnings).append(f)
        elif changes.is_changed(f.item) or f.code in of_change or f.code in of_gates or (
                f.code in of_closures and f.evidence and _changed(base_src, new_src, f.evidence)):
            check.blocking.append(f)
        else:
            check.existing.append(f)
    return check


# -- output ---------------------------------------------------------------------------------------
def run(base: str, worktree: bool = False, fmt: str = "text", options=None, cwd: Path | None = None,
        output: str | None = None, exit_zero: bool = False) -> int:
    from tracker.commands.check import write_output
    from tracker.config import find_root
    from tracker.report import check_format, emit, verdict
    from tracker.report.summary_md import append_step_summary, summary_markdown

    check_format(fmt)
    root = find_root(cwd or Path.cwd())
    check = check_against_base(root, base, worktree, options)
    write_output(emit(check, fmt), output)
    if fmt != "text":
        sys.stderr.write(verdict(check) + "\n")
    append_step_summary(summary_markdown(check))
    return EXIT_FINDINGS if check.blocking and not exit_zero else EXIT_OK


def run_cli(base: str | None, worktree: bool, fmt: str, output: str | None, select, ignore, strict: bool,
            exit_zero: bool, allow_commands: bool, baseline: str | None, paths: list[str],
            write_baseline: str | None = None) -> int:
    """`tracker check --base REF [--worktree]` with the options `tracker check` shares."""
    from tracker.commands.check import _check_codes, split_codes
    from tracker.clock import today
    from tracker.gate.options import CheckOptions
    from tracker.process import ProcessRunner

    if base is None:
        raise UsageError("--worktree compares the working tree with a base; give it one: --base origin/main")
    if paths:
        raise UsageError("--base judges the whole project at two revisions; drop the paths")
    if write_baseline:
        # A baseline records one tree's findings; a change is judged by the base's policy, never by a file it writes.
        raise UsageError("--write-baseline records the findings of the working tree; run it without --base "
                         "(`tracker check --write-baseline FILE`) and merge the file on its own")
    options = CheckOptions(select=split_codes(select), ignore=split_codes(ignore), strict=strict,
                           allow_commands=allow_commands, baseline=Path(baseline) if baseline else None,
                           today=today(), runner=ProcessRunner() if allow_commands else None)
    _check_codes(options.select + options.ignore)
    return run(base, worktree, fmt, options, output=output, exit_zero=exit_zero)
