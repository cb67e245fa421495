"""`tracker hook`: judge the staged content against HEAD; `hook install` / `hook uninstall` manage .git/hooks."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from tracker.gate.finding import ChangeResult
    from tracker.git import GitRepo, GitSource
    from tracker.model import Project

MARKER = "# tracker-hook: installed by `tracker hook install`"
CHAINED = "pre-commit.tracker-chained"


# -- the check ------------------------------------------------------------------------------------
def judge_staged(root: Path, everything: bool = False) -> ChangeResult:
    """The staged change (what `git commit` would record now) judged as a ChangeResult: by HEAD's policy
    (the defaults before the first commit), never by the commit's own."""
    from tracker.commands.judge import judge
    from tracker.git import GitRepo, GitSource

    repo = GitRepo(root)
    try:
        index = GitSource(repo, None, root)
        head_sha = repo.head()
        repo.prefetch([None, head_sha] if head_sha else [None])
        head = GitSource(repo, head_sha, root) if head_sha else None
        if head is not None:
            head.name = "HEAD"

        def nothing_to_judge(project: Project, policy: Any) -> bool:
            # Most commits touch no tracker, gate or evidence file: nothing to judge, no second load.
            return not everything and not could_change_claims(repo, index, project, policy)

        outcome = judge(root, head, index, mode="hook", options=None, everything=everything,
                        base="HEAD" if head is not None else "the defaults (no HEAD yet)", base_sha=head_sha or "",
                        head="staged", skip=nothing_to_judge)
    finally:
        repo.close()
    outcome.subject, outcome.list_command = "commit", "tracker hook --all"
    if everything:
        outcome.changed_claims = {}
    return outcome


def judge_range(root: Path, from_ref: str, to_ref: str) -> ChangeResult:
    """pre-commit's `--from-ref/--to-ref` (CI): the commit `to_ref` judged as `check --base from_ref` would."""
    from tracker.commands.check_base import check_against_base

    return check_against_base(root, from_ref, head=to_ref)


def ci_range() -> tuple[str, str] | None:
    """(from, to) when pre-commit runs with `--from-ref/--to-ref` (it sets these two variables)."""
    frm, to = os.environ.get("PRE_COMMIT_FROM_REF"), os.environ.get("PRE_COMMIT_TO_REF")
    return (frm, to) if frm and to else None


def all_files_run(root: Path, files: list[str]) -> bool:
    """Whether pre-commit passed files that are not staged: `pre-commit run --all-files` (or `--files`),
    which asks for everything to be judged, not only a commit's staged change."""
    from tracker.git import GitRepo, GitSource

    if not files:
        return False
    repo = GitRepo(root)
    try:
        index = GitSource(repo, None, root)
        staged = {index.relative(p) for p in repo.staged_paths()}
    finally:
        repo.close()
    return any(Path(f).as_posix().removeprefix("./") not in staged for f in files)


def could_change_claims(repo: GitRepo, index: GitSource, project: Project, policy: Any = None) -> bool:
    # `policy`: a tracker.policy.Policy (HEAD's), whose ledger and gates folder are watched too
    """Whether the staged change touches anything a done claim rests on: a tracker, a gate, the
    configuration, the ledger, or a path some done item (or closure record) names as evidence."""
    from tracker.ledger import read_ledger
    from tracker.model import Status
    from tracker.globs import match_any

    staged = {index.relative(p) for p in repo.staged_paths()}
    if not staged:
        return False
    config = project.config
    gates = (config.gates or "gates").strip("/") + "/"
    watched = {doc.path for doc in project.documents} | {"tracker.yaml", config.ledger}
    folders = {gates}
    if policy is not None:  # HEAD's ledger and gates too, wherever the staged tracker.yaml points
        watched.add(policy.ledger)
        folders.add(policy.gates_dir + "/")
    for path in staged:
        blob = index.blobs.get(path)
        if path in watched or any(path.startswith(f) for f in folders) or match_any(path, config.trackers) or (
                blob is not None and blob.mode == "120000"):
            return True
    from tracker.compare import SameBytes

    unchanged = SameBytes(staged)  # the paths a staged change writes, as a change between two trees
    if any(not unchanged(item) for item in project.items if item.status is Status.DONE):
        return True
    covers = [glob for item in project.items if item.status is Status.DONE for glob in item.covers]
    if covers:  # a change to code a done item covers may make its claim suspect (rules_fresh)
        from tracker.globs import GlobError, GlobSet

        try:
            covered = GlobSet(covers)
        except GlobError:
            return True  # a refused glob is a finding of its own
        if any(covered.match(path) for path in staged):
            return True
    return unchanged.any_changed(str(e.get("path", "")) for record in read_ledger(index, config.ledger)
                                 for e in record.get("evidence") or [] if isinstance(e, dict))


def run(everything: bool = False, cwd: Path | None = None, files: list[str] | None = None) -> int:
    """The hook: the staged change; or, under pre-commit's `--from-ref/--to-ref`, that range as `check --base`
    judges it; or, under `--all-files` (files passed that are not staged), everything."""
    from tracker.config import find_root
    from tracker.report import emit

    root = find_root(cwd or Path.cwd())
    span = ci_range()
    if span is not None:
        outcome = judge_range(root, *span)
    else:
        outcome = judge_staged(root, everything or all_files_run(root, files or []))
    sys.stderr.write(emit(outcome, "text"))  # a hook talks to the person committing: all of it on stderr
    return EXIT_FINDINGS if outcome.blocking else EXIT_OK


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
