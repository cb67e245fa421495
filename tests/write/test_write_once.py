"""`close` writes its document once (cells and regions together), then its ledger record; real SIGKILLs."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import GIT_ENV, make_repo, run_tracker

HEAD = ("# Big plan\n\n<!-- tracker:matrix -->\n<!-- /tracker:matrix -->\n\n"
        "| ID | Task | Evidence | Status |\n|---|---|---|---|\n")
CLOSE = ["close", "B-02500", "--evidence", "evidence/b.md"]


def _doc(rows: int) -> str:
    return HEAD + "".join(f"| B-{i:05d} | step {i} of the plan | | todo |\n" for i in range(rows))


def _env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01"}


def _ledger_ids(root: Path) -> list[str]:
    path = root / "evidence/ledger.jsonl"
    return [json.loads(line)["id"] for line in path.read_bytes().split(b"\n") if line] if path.exists() else []


@pytest.mark.slow
def test_killed_close_with_a_region_leaves_old_or_new(tmp_path: Path):
    root = make_repo(tmp_path / "repo", {"trackers/big.md": _doc(5_000), "evidence/b.md": "proof\n"})
    assert run_tracker(root, "render").returncode == 0
    old = (root / "trackers/big.md").read_bytes()
    assert run_tracker(root, *CLOSE).returncode == 0
    new = (root / "trackers/big.md").read_bytes()
    # The new version differs in the row and in the region: a close that wrote twice has a state in between.
    assert b"| B-02500 | step 2500 of the plan | `evidence/b.md` | done |" in new
    assert old.split(b"<!-- /tracker:matrix")[0] != new.split(b"<!-- /tracker:matrix")[0]
    rng = random.Random(11)
    for _ in range(8):
        (root / "trackers/big.md").write_bytes(old)
        proc = subprocess.Popen([sys.executable, "-m", "tracker", *CLOSE], cwd=root, env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.2, 1.4))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert (root / "trackers/big.md").read_bytes() in (old, new)


KILL_BEFORE_LEDGER = """
import os, signal, sys
import tracker.commands.transition as transition
transition._append = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
from tracker.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_death_between_document_and_ledger_is_recovered_by_rerunning_close(tmp_path: Path):
    """The recovery rule (tracker.commands.transition): the claim stands on its evidence link; a second close
    appends the record without writing the document again."""
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": _doc(3), "evidence/b.md": "proof\n"})
    args = ["close", "B-00001", "--evidence", "evidence/b.md"]
    killed = subprocess.run([sys.executable, "-c", KILL_BEFORE_LEDGER, *args], cwd=root, env=_env(), check=False)
    assert killed.returncode == -signal.SIGKILL
    written = (root / "trackers/plan.md").read_bytes()
    assert b"| B-00001 | step 1 of the plan | `evidence/b.md` | done |" in written
    assert _ledger_ids(root) == []
    assert run_tracker(root, "check").returncode == 0  # proven by its evidence link
    again = run_tracker(root, *args)
    assert again.returncode == 0 and "document already said so" in again.stderr
    assert (root / "trackers/plan.md").read_bytes() == written
    assert _ledger_ids(root) == ["B-00001"]
    assert sorted(p.name for p in (root / "trackers").iterdir()) == ["plan.md"]


def test_close_and_region_land_in_one_write(tmp_path: Path, monkeypatch):
    """Counted in-process: one atomic replacement of the document per close, holding row and region."""
    from tracker.commands import transition

    root = make_repo(tmp_path / "repo", {"trackers/plan.md": _doc(3), "evidence/b.md": "proof\n"})
    assert run_tracker(root, "render").returncode == 0
    writes: list[bytes] = []
    real = transition.replace_if_changed

    def counted(path: Path, old: bytes, new: bytes) -> bool:
        writes.append(new)
        return real(path, old, new)

    monkeypatch.setattr(transition, "replace_if_changed", counted)
    monkeypatch.chdir(root)
    monkeypatch.setenv("TRACKER_TODAY", "2026-03-01")
    from tracker.cli import main

    assert main(["close", "B-00001", "--evidence", "evidence/b.md"]) == 0
    assert len(writes) == 1
    assert (root / "trackers/plan.md").read_bytes() == writes[0]
    assert b"| **total** | **2** | **0** | **0** | **0** | **1** | **0** | **3** |" in writes[0]
    assert run_tracker(root, "render", "--check").returncode == 0
