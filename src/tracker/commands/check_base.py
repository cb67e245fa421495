"""`tracker check --base REF`: judge a change (HEAD or the working tree) against the project at REF."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from tracker.gate.finding import ChangeResult

if TYPE_CHECKING:
    from tracker.gate.options import CheckOptions
    from tracker.git import GitRepo

BaseCheck = ChangeResult  # the judged change, as data the reporters render


def check_against_base(root: Path, base: str, worktree: bool = False, options: CheckOptions | None = None,
                       head: str | None = None, allow_policy_change: bool = False) -> BaseCheck:
    """Judge HEAD (or the working tree, or the commit `head`) by the policy at `base`, against the project there."""
    from tracker.git import GitRepo

    repo = GitRepo(root)
    try:
        return _check(repo, root, base, worktree, options, head, allow_policy_change)
    finally:
        repo.close()


def _check(repo: GitRepo, root: Path, base: str, worktree: bool, options: CheckOptions | None, head: str | None = None,
           allow_policy_change: bool = False) -> BaseCheck:
    from tracker.commands.judge import judge
    from tracker.git import GitSource
    from tracker.source import WorktreeSource

    base_sha = repo.require_commit(base)
    base_src = GitSource(repo, base_sha, root)
    base_src.name = f"{base} ({base_sha[:10]})"
    new_src: WorktreeSource | GitSource
    if worktree:
        new_src = WorktreeSource(root)
        new_src.git_index = GitSource(repo, None, root)  # evidence-untracked asks the index, same git processes
        head_label = "working tree"
    else:
        head_label = head or "HEAD"
        head_sha = repo.require_commit(head_label, head_label)
        repo.prefetch([base_sha, head_sha])
        new_src = GitSource(repo, head_sha, root)
    return judge(root, base_src, new_src, mode="ci", options=options, base=base, base_sha=base_sha,
                 head=head_label, allow_policy_change=allow_policy_change)


# -- output ---------------------------------------------------------------------------------------
def run(base: str, worktree: bool = False, fmt: str = "text", options: CheckOptions | None = None,
        cwd: Path | None = None, output: str | None = None, exit_zero: bool = False,
        allow_policy_change: bool = False) -> int:
    from tracker.config import find_root
    from tracker.report import check_format, verdict, write_reports
    from tracker.report.summary_md import append_step_summary, summary_markdown

    check_format(fmt)
    root = find_root(cwd or Path.cwd())
    check = check_against_base(root, base, worktree, options, allow_policy_change=allow_policy_change)
    write_reports(check, fmt, output)
    if fmt != "text":
        sys.stderr.write(verdict(check) + "\n")
    append_step_summary(summary_markdown(check))
    return EXIT_FINDINGS if check.blocking and not exit_zero else EXIT_OK


def run_cli(base: str | None, worktree: bool, fmt: str, output: str | None, select: list[str] | None,
            ignore: list[str] | None, strict: bool,
            exit_zero: bool, allow_commands: bool, baseline: str | None, paths: list[str],
            write_baseline: str | None = None, allow_policy_change: bool = False) -> int:
    """`tracker check --base REF [--worktree]` with the options `tracker check` shares."""
    from tracker.clock import today
    from tracker.commands.check import _check_codes, split_codes
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
    return run(base, worktree, fmt, options, output=output, exit_zero=exit_zero,
               allow_policy_change=allow_policy_change)
