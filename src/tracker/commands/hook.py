"""`tracker hook`: judge the staged content against HEAD; `hook install` / `hook uninstall` manage .git/hooks."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

from tracker.errors import EXIT_FINDINGS, EXIT_OK, UsageError

MARKER = "# tracker-hook: installed by `tracker hook install`"
CHAINED = "pre-commit.tracker-chained"


# -- the check ------------------------------------------------------------------------------------
def judge_staged(root: Path, everything: bool = False):
    """(blocking findings, pre-existing errors, comparison) for what `git commit` would record now."""
    from tracker.commands.regions import check_with_regions
    from tracker.compare import compare
    from tracker.gate.options import CheckOptions
    from tracker.gate.registry import rules_with_scope
    from tracker.git import GitRepo, GitSource
    from tracker.project import load_project

    repo = GitRepo(root)
    try:
        index = GitSource(repo, None, root)
        head_sha = repo.head()
        head = GitSource(repo, head_sha, root) if head_sha else None
        new = load_project(root=root, source=index)
        if not everything and not could_change_claims(repo, index, new):
            # Most commits touch no tracker, gate or evidence file: nothing to judge, no second load.
            from tracker.compare import Comparison

            return [], [], Comparison(), []
        old = _load_or_none(root, head)
        gates_dir = index.full_path((new.config.gates or "gates").strip("/") + "/")
        staged_gates = {index.relative(p) for p in repo.staged_paths() if p.startswith(gates_dir)}
        from tracker.clock import today

        options = CheckOptions(mode="hook", gates_source=index, changed_gate_files=staged_gates, today=today())
        result = check_with_regions(new, options)
        changes = compare(old, new)
        of_change = rules_with_scope("change")  # only `check --base` compares two revisions' policy
        findings = [f for f in result.findings if f.code not in of_change]
        errors = [f for f in findings if f.severity == "error" and not f.waived]
        # A closure finding about a staged path (a covered file changed after the close) is this commit's doing.
        of_closures = rules_with_scope("closure")
        staged = {index.relative(p) for p in repo.staged_paths()}
        caused = [f for f in findings if not f.waived and f.code in of_closures and f.evidence in staged]
        review = [f for f in caused if f.severity != "error"]
        if everything:
            return errors, [], changes, review
        blocking = [f for f in errors if changes.is_changed(f.item) or f in caused]
        return blocking, [f for f in errors if f not in blocking], changes, review
    finally:
        repo.close()


def could_change_claims(repo, index, project) -> bool:
    """Whether the staged change touches anything a done claim rests on: a tracker, a gate, the
    configuration, the ledger, or a path some done item (or closure record) names as evidence."""
    import posixpath

    from tracker.gate.evidence import clean
    from tracker.ledger import read_ledger
    from tracker.model import Status
    from tracker.globs import match_any

    staged = {index.relative(p) for p in repo.staged_paths()}
    if not staged:
        return False
    config = project.config
    gates = (config.gates or "gates").strip("/") + "/"
    watched = {doc.path for doc in project.documents} | {"tracker.yaml", config.ledger}
    for path in staged:
        blob = index.blobs.get(path)
        if path in watched or path.startswith(gates) or match_any(path, config.trackers) or (
                blob is not None and blob.mode == "120000"):
            return True
    named: set[str] = set()
    for item in project.items:
        if item.status is Status.DONE:
            folder = posixpath.dirname(item.source.path)
            for value in item.evidence:
                value = clean(value).strip("/")
                named.update({posixpath.normpath(value), posixpath.normpath(posixpath.join(folder, value))})
    covers = [glob for item in project.items if item.status is Status.DONE for glob in item.covers]
    if covers:  # a change to code a done item covers may make its claim suspect (rules_fresh)
        from tracker.globs import GlobError, GlobSet

        try:
            covered = GlobSet(covers)
        except GlobError:
            return True  # a refused glob is a finding of its own
        if any(covered.match(path) for path in staged):
            return True
    for record in read_ledger(index, config.ledger):
        named.update(posixpath.normpath(str(e.get("path", ""))) for e in record.get("evidence") or [])
    along = {"/".join(p.split("/")[:i]) for p in named for i in range(1, p.count("/") + 1)}
    for path in staged:
        parts = path.split("/")
        if path in named or path in along or any("/".join(parts[:i]) in named for i in range(1, len(parts))):
            return True
    return False


def _load_or_none(root: Path, head):
    """HEAD's project; None before the first commit, or when HEAD's tracker.yaml is broken (this commit may fix
    it), in which case every done claim counts as made by this commit."""
    from tracker.errors import ConfigError
    from tracker.project import load_project

    if head is None:
        return None
    try:
        return load_project(root=root, source=head)
    except ConfigError as exc:
        sys.stderr.write(f"tracker: HEAD's configuration cannot be read ({exc}); judging every done claim\n")
        return None


def run(everything: bool = False, cwd: Path | None = None) -> int:
    from tracker.config import find_root
    from tracker.gate.finding import ChangeResult, CheckResult
    from tracker.report import emit

    root = find_root(cwd or Path.cwd())
    blocking, legacy, changes, review = judge_staged(root, everything)
    change = ChangeResult(base="HEAD", base_sha="", head="staged", result=CheckResult(findings=blocking + legacy),
                          transitions=changes.transitions, changed_claims={} if everything else changes.changed_claims,
                          blocking=blocking, review=review, existing=legacy, subject="commit",
                          list_command="tracker hook --all")
    sys.stderr.write(emit(change, "text"))  # a hook talks to the person committing: all of it on stderr
    return EXIT_FINDINGS if blocking else EXIT_OK


# -- install / uninstall --------------------------------------------------------------------------
def hooks_dir(cwd: Path) -> Path:
    """Where git looks for hooks: honours core.hooksPath and linked worktrees."""
    from tracker.git import GitRepo

    repo = GitRepo(cwd)
    raw = repo.run("rev-parse", "--git-path", "hooks").decode().strip()
    path = Path(raw)
    return (path if path.is_absolute() else repo.toplevel / path).resolve()


def hook_script(python: str) -> str:
    quoted = shlex.quote(python)
    return f"""#!/bin/sh
{MARKER}
# It runs any hook it replaced ({CHAINED}) first; `tracker hook uninstall` restores that one.
HOOK_DIR=$(dirname "$0")
if [ -x "$HOOK_DIR/{CHAINED}" ]; then
    "$HOOK_DIR/{CHAINED}" "$@" || exit $?
fi
INTERPRETER={quoted}
if [ -x "$INTERPRETER" ]; then
    exec "$INTERPRETER" -m tracker hook
fi
if command -v tracker >/dev/null 2>&1; then
    exec tracker hook
fi
echo "tracker: this pre-commit hook was installed with $INTERPRETER, which no longer exists." >&2
echo "tracker: reinstall it from the environment that has tracker: \\`python -m tracker hook install\\`" >&2
echo "tracker: (or remove it: \\`python -m tracker hook uninstall\\`; skip it once: \\`git commit --no-verify\\`)" >&2
exit 1
"""


def _ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install(cwd: Path | None = None) -> int:
    folder = hooks_dir(cwd or Path.cwd())
    folder.mkdir(parents=True, exist_ok=True)
    hook, chained = folder / "pre-commit", folder / CHAINED
    if (hook.exists() or hook.is_symlink()) and not _ours(hook):
        if chained.exists():
            raise UsageError(f"{hook} exists and so does {chained}; move one of them away first")
        os.replace(hook, chained)
        sys.stderr.write(f"kept the existing hook as {chained}; it runs first\n")
    tmp = hook.with_name(hook.name + ".tmp")
    tmp.write_text(hook_script(sys.executable), encoding="utf-8")
    tmp.chmod(tmp.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    os.replace(tmp, hook)
    sys.stderr.write(f"installed {hook} (runs {sys.executable} -m tracker hook)\n")
    return EXIT_OK


def uninstall(cwd: Path | None = None) -> int:
    folder = hooks_dir(cwd or Path.cwd())
    hook, chained = folder / "pre-commit", folder / CHAINED
    if hook.exists() and not _ours(hook):
        raise UsageError(f"{hook} was not installed by tracker; left it alone")
    if hook.exists():
        hook.unlink()
        sys.stderr.write(f"removed {hook}\n")
    else:
        sys.stderr.write(f"no tracker hook at {hook}\n")
    if chained.exists():
        os.replace(chained, hook)
        sys.stderr.write(f"restored the original hook from {chained}\n")
    return EXIT_OK
