"""Locks: portable (filelock), bounded by TRACKER_LOCK_TIMEOUT, and a clear exit 2 naming the lock and its holder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tracker.files import LOCK_TIMEOUT_ENV, LockTimeout, locked

from .conftest import GIT_ENV, make_repo

DOC = "| ID | Task | Evidence | Status |\n|---|---|---|---|\n| L-1 | Locked | | todo |\n"
HOLDER = """
import sys, time
from pathlib import Path
from tracker.files import locked
with locked(Path(sys.argv[1]), timeout=5):
    sys.stdout.write("held\\n"); sys.stdout.flush()
    time.sleep(float(sys.argv[2]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdout.readline() == b"held\n"
    return proc


def _close(root: Path, timeout: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01", LOCK_TIMEOUT_ENV: timeout}
    return subprocess.run([sys.executable, "-m", "tracker", "close", "L-1", "--evidence", "evidence/l.md"],
                          cwd=root, env=env, capture_output=True, text=True, check=False)


def test_close_gives_up_on_a_held_lock_with_exit_2_naming_it_and_its_holder(tmp_path: Path):
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": DOC, "evidence/l.md": "proof\n"})
    doc = root / "trackers/plan.md"
    holder = _hold(doc, 60)
    try:
        started = time.monotonic()
        proc = _close(root, "0.5")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert proc.returncode == 2, proc.stderr
    assert ".plan.md.lock" in proc.stderr and f"process {holder.pid}" in proc.stderr
    assert LOCK_TIMEOUT_ENV in proc.stderr and "Traceback" not in proc.stderr
    assert waited < 30  # it gave up instead of waiting for the 60 s holder
    assert doc.read_text() == DOC
    assert not (root / "evidence/ledger.jsonl").exists()
    # The holder is gone (its flock died with it): the same command now goes through.
    assert _close(root, "5").returncode == 0
    assert "| L-1 | Locked | `evidence/l.md` | done |" in doc.read_text()
    assert sorted(p.name for p in (root / "trackers").iterdir()) == ["plan.md"]


def test_a_waiting_writer_gets_the_lock_when_the_holder_finishes(tmp_path: Path):
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": DOC, "evidence/l.md": "proof\n"})
    holder = _hold(root / "trackers/plan.md", 1.0)
    proc = _close(root, "30")
    holder.wait()
    assert holder.stdout is not None
    holder.stdout.close()
    assert proc.returncode == 0, proc.stderr


def test_lock_timeout_setting_is_validated(tmp_path: Path):
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": DOC, "evidence/l.md": "proof\n"})
    proc = _close(root, "soon")
    assert proc.returncode == 2 and f"{LOCK_TIMEOUT_ENV}='soon'" in proc.stderr


def test_locked_in_process_times_out_as_a_tracker_error(tmp_path: Path):
    path = tmp_path / "doc.md"
    path.write_text("x\n")
    holder = _hold(path, 30)
    try:
        try:
            with locked(path, timeout=0.2):
                raise AssertionError("the lock was held by another process")
        except LockTimeout as exc:
            assert exc.exit_code == 2 and ".doc.md.lock" in str(exc)
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


COUNTER = """
import sys
from pathlib import Path
from tracker.files import locked
path = Path(sys.argv[1])
for _ in range(int(sys.argv[2])):
    with locked(path, timeout=60):
        value = int(path.read_text())
        path.write_text(str(value + 1))
assert "filelock" not in sys.modules or sys.platform == "win32", "POSIX locking needs no filelock import"
"""


def test_writers_exclude_each_other_although_each_removes_the_lock_file_it_held(tmp_path: Path):
    """Four processes, each 50 read-increment-write rounds under the lock (each round unlinks the lock file
    while holding it, so a waiter must re-open the path): no increment is lost, no lock file is left, and on
    POSIX the lock never imports filelock (~10 ms of a close's start-up)."""
    counter = tmp_path / "counter.txt"
    counter.write_text("0")
    procs = [subprocess.Popen([sys.executable, "-c", COUNTER, str(counter), "50"], stderr=subprocess.PIPE)
             for _ in range(4)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert counter.read_text() == "200"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counter.txt"]
