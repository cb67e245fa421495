"""Crash safety: writers killed with SIGKILL at random points leave the old or the new document, never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import GIT_ENV

# Rewrites the document between two versions forever through the product's own writer.
FLIPPER = """
import sys
from pathlib import Path
from tracker.files import update_file
path = Path(sys.argv[1])
a, b = Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()
sys.stdout.write("ready\\n"); sys.stdout.flush()
while True:
    update_file(path, lambda old: b if old == a else a)
"""


def _big(marker: str, rows_count: int = 20_000) -> bytes:
    rows = "".join(f"| K-{i:05d} | {marker} row {i} with some text | | todo |\n" for i in range(rows_count))
    return ("| ID | Task | Evidence | Status |\n|---|---|---|---|\n" + rows).encode()


def test_killed_writer_leaves_old_or_new(tmp_path: Path):
    a, b = _big("alpha"), _big("bravo")
    (tmp_path / "a").write_bytes(a)
    (tmp_path / "b").write_bytes(b)
    doc = tmp_path / "doc.md"
    doc.write_bytes(a)
    rng = random.Random(4)
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", FLIPPER, str(doc), str(tmp_path / "a"), str(tmp_path / "b")],
                                stdout=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.25))  # a random point in the write loop
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert doc.read_bytes() in (a, b)


@pytest.mark.slow
def test_killed_close_leaves_old_or_new(tmp_path: Path):
    from .conftest import make_repo

    doc = _big("row", 8_000).decode()
    root = make_repo(tmp_path / "repo", {"trackers/big.md": doc, "evidence/k.md": "proof\n"})
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01"}
    old = (root / "trackers/big.md").read_bytes()
    new = old.replace(b"| K-04000 | row row 4000 with some text | | todo |",
                      b"| K-04000 | row row 4000 with some text | `evidence/k.md` | done |")
    assert new != old
    rng = random.Random(7)
    for _ in range(6):
        (root / "trackers/big.md").write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-m", "tracker", "close", "K-04000", "--evidence", "evidence/k.md"],
                                cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = (root / "trackers/big.md").read_bytes()
        assert after in (old, new)
    # The next write cleans up temp files a killed writer left behind.
    (root / "trackers/big.md").write_bytes(old)
    assert subprocess.run([sys.executable, "-m", "tracker", "close", "K-04000", "--evidence", "evidence/k.md"],
                          cwd=root, env=env, capture_output=True).returncode == 0
    assert (root / "trackers/big.md").read_bytes() == new
    assert sorted(p.name for p in (root / "trackers").iterdir()) == ["big.md"]
