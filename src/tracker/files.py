"""Writes to files of the repository (the edge only use cases call): portable locks with a timeout, atomic
replacement (temp file in the same folder, fsync, rename; only when the bytes changed), locked appends, and the
refusals that keep a write inside the repository and off symlinks."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from filelock import FileLock, Timeout

from tracker.errors import TrackerError, UsageError

LOCK_TIMEOUT_ENV = "TRACKER_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds; a close or render holds a document's lock for well under one


class LockTimeout(TrackerError):
    """Another process held a lock for longer than the timeout."""


class UnsafeWrite(TrackerError):
    """A write would replace a symlink or land outside the repository."""


def lock_timeout() -> float:
    """Seconds to wait for a lock: TRACKER_LOCK_TIMEOUT, else the default."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if raw is None or not raw.strip():
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds") from None
    if not seconds >= 0:  # also refuses NaN
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={raw!r} must be zero or more seconds")
    return seconds


def lock_path(path: Path) -> Path:
    # A lock file beside the file, never the file itself: os.replace swaps the file's inode,
    # so a lock held on it would not exclude the next writer.
    return path.with_name(f".{path.name}.lock")


def _holder(lock: Path) -> str:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text or "another process"


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None, shown: str | None = None) -> Iterator[None]:
    """Hold the exclusive lock for `path`, waiting at most `timeout` seconds (default: lock_timeout()).

    The holder writes its process ID and command into the lock file, so a writer that gives up can say whom it
    waited for. The lock file is removed while still held: filelock re-opens the path when the inode it locked
    has no name any more, so the next writer never locks a file nobody else can see.
    """
    lock = lock_path(path)
    wait = lock_timeout() if timeout is None else timeout
    me = f"process {os.getpid()} ({' '.join(['tracker', *sys.argv[1:]])[:200]})"

    def sign(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, me.encode("utf-8"))

    file_lock = FileLock(lock, timeout=wait, thread_local=False, on_acquired=sign)
    try:
        file_lock.acquire()
    except Timeout:
        where = str(PurePosixPath(shown).with_name(lock.name)) if shown else str(lock)
        raise LockTimeout(f"{where} is held by {_holder(lock)}; gave up after {wait:g} s. Wait for that process to "
                          f"finish and run the command again, or raise {LOCK_TIMEOUT_ENV}", shown) from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        file_lock.release()


def refuse_symlink(path: Path, shown: str) -> None:
    """A write replaces the file with a new one: on a symlink that would turn the link into a plain file."""
    if path.is_symlink():
        raise UnsafeWrite(f"is a symbolic link (to {os.readlink(path)}); tracker does not write through links, "
                          "nothing was written: edit the file it points to, or replace the link with the file", shown)


def inside_root(root: Path, rel: str, shown: str) -> Path:
    """`root / rel` when it and every folder on the way resolve inside `root`; refuse otherwise."""
    real_root = root.resolve()
    target = root / rel
    if Path(rel).is_absolute() or not target.resolve().is_relative_to(real_root):
        raise UnsafeWrite(f"{rel!r} is outside the repository; nothing was written", shown)
    return target


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
    # The rename is durable only once the folder entry is on disk (Windows cannot open a folder: skip).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_if_changed(path: Path, old: bytes, new: bytes) -> bool:
    """Under a lock the caller holds: clear a killed writer's temp files, write `new` only if it differs."""
    remove_orphans(path)
    if new == old:
        return False
    write_atomic(path, new)
    return True


def update_file(path: Path, edit: Callable[[bytes], bytes], shown: str | None = None) -> bool:
    """Under the lock, apply `edit` to the file's current bytes; write only if they changed."""
    refuse_symlink(path, shown or str(path))
    with locked(path, shown=shown):
        refuse_symlink(path, shown or str(path))
        old = path.read_bytes()
        return replace_if_changed(path, old, edit(old))


def remove_orphans(path: Path) -> None:
    # Temp files are only created under the lock, so any found while we hold it belong to a killed writer.
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            orphan.unlink()


def append_line(path: Path, line: bytes, timeout: float | None = None, shown: str | None = None) -> None:
    """Append one newline-terminated record under `path`'s lock, then fsync: concurrent appends never interleave.

    The folder must exist; a torn last line (a crash mid-append) gets its newline first, so it cannot glue onto ours.
    """
    if not line.endswith(b"\n") or b"\n" in line[:-1]:
        raise ValueError("append_line takes exactly one line ending in \\n")
    refuse_symlink(path, shown or str(path))
    with locked(path, timeout, shown):
        refuse_symlink(path, shown or str(path))
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                if os.read(fd, 1) != b"\n":
                    line = b"\n" + line
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
