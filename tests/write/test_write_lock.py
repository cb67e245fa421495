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
