"""Running git: the environment it runs in, finding the working tree, and the error it raises."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tracker.errors import TrackerError

ZERO_SHA = "0" * 40


class GitError(TrackerError):
    """A git command failed, or the folder is not a git repository."""


def git_env() -> dict[str, str]:
    # Keep GIT_INDEX_FILE and friends: inside a hook they point at what will be committed.
    env = dict(os.environ)
    env.setdefault("GIT_TERMINAL_PROMPT", "0")
    env["LC_ALL"] = "C"
    return env


def find_worktree(start: Path) -> Path | None:
    """The nearest folder holding `.git` (a folder, or a file in a linked worktree)."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def run_git(cwd: Path, *args: str, check: bool = True) -> bytes:
    """stdout of `git ARGS` in `cwd`; GitError with git's last message line when it fails."""
    proc = subprocess.run(["git", *args], cwd=cwd, env=git_env(), capture_output=True)
    if check and proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit {proc.returncode}'}")
    return proc.stdout
