"""Atomic, locked file writes: lock, re-read, edit, temp file, fsync, rename; only when the text changed."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


def lock_path(path: Path) -> Path:
    # A lock file beside the document, never the document itself: os.replace swaps
    # the document's inode, so a lock held on it would not exclude the next writer.
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for `path` (blocks until other writers are done); leaves no lock file behind."""
    lock = lock_path(path)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        # The previous holder unlinks the lock file on release; if we locked an unlinked
        # inode, another process may hold the new one, so start again.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)  # closing releases the flock


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a reader (or a crash) sees the old or the new file, never a mix."""
    folder = path.parent
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def update_file(path: Path, edit: Callable[[bytes], bytes]) -> bool:
    """Under the lock, apply `edit` to the file's current bytes; write only if they changed."""
    with locked(path):
        _remove_orphans(path)
        old = path.read_bytes()
        new = edit(old)
        if new == old:
            return False
        write_atomic(path, new)
        return True


def _remove_orphans(path: Path) -> None:
    # Temp files are only created under the lock, so any found while we hold it belong to a killed writer.
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            orphan.unlink()
