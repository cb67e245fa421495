"""Blob contents: one long-lived `git cat-file --batch` process serves every read of a run."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tracker.git.process import GitError, git_env


class BlobTooLarge(Exception):
    """An object is larger than the caller's cap; its content was skipped, not kept."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


class CatFile:
    """One `git cat-file --batch` process serving every content request of a run."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self._proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.cwd, env=git_env(),
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._proc

    def get(self, name: str, max_bytes: int | None = None) -> tuple[str, str, bytes] | None:
        """(sha, type, content) of an object name (`sha`, `REV^{commit}`, `REV:path`), or None if missing.
        An object over `max_bytes` is drained from the pipe unkept and raises BlobTooLarge."""
        if "\n" in name:
            return None
        proc = self._start()
        assert proc.stdin and proc.stdout
        proc.stdin.write(name.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        if not header:
            raise GitError("git cat-file stopped unexpectedly")
        parts = header.split()
        if len(parts) != 3:  # "<name> missing" or "<name> ambiguous"
            return None
        size = int(parts[2])
        if max_bytes is not None and size > max_bytes:
            left = size + 1  # the content and its newline, read in blocks and dropped
            while left > 0:
                block = proc.stdout.read(min(left, 1 << 20))
                if not block:
                    raise GitError("git cat-file stopped unexpectedly")
                left -= len(block)
            raise BlobTooLarge(size)
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the content
        return parts[0].decode(), parts[1].decode(), data

    def close(self) -> None:
        if self._proc is not None:
            try:
                if self._proc.stdin:
                    self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
            self._proc = None

    def __del__(self) -> None:
        self.close()


