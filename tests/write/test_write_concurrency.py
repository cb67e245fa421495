"""20 `tracker close` processes at once on 20 items of one document: all succeed, all 20 changes land, nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import GIT_ENV

N = 20
HEADER = "# Parallel\n\n| ID | Task | Evidence | Status |\n|---|---|---|---|\n"
REGION = "\n<!-- tracker:matrix -->\n<!-- /tracker:matrix -->\n"


def row(i: int, done: bool) -> str:
    evidence = f"`evidence/p-{i:02d}.md`" if done else ""
    return f"| P-{i:02d} | Task number {i} | {evidence} | {'done' if done else 'todo'} |\n"


@pytest.mark.slow
def test_twenty_concurrent_closes(repo):
    doc = HEADER + "".join(row(i, False) for i in range(N)) + "\nclosing words\n" + REGION
    root = repo({"trackers/par.md": doc, **{f"evidence/p-{i:02d}.md": f"proof {i}\n" for i in range(N)}})
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01"}
    procs = [subprocess.Popen([sys.executable, "-m", "tracker", "close", f"P-{i:02d}", "--evidence",
                               f"evidence/p-{i:02d}.md"], cwd=root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(N)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0] * N, [err for code, err in results if code]
    expected = HEADER + "".join(row(i, True) for i in range(N)) + "\nclosing words\n"
    text = (root / "trackers/par.md").read_text()
    assert text.startswith(expected + "\n<!-- tracker:matrix -->\n")
    # Each close re-renders the region under the lock; the last one saw all 20 changes.
    assert "| **total** | **0** | **0** | **0** | **0** | **20** | **0** | **20** |" in text
    assert subprocess.run([sys.executable, "-m", "tracker", "render", "--check"], cwd=root, env=env).returncode == 0
    records = [json.loads(line) for line in (root / "evidence/ledger.jsonl").read_text().splitlines()]
    assert sorted(r["id"] for r in records) == [f"P-{i:02d}" for i in range(N)]
    # The lock file is removed after each writer, and no temp file is left behind.
    assert sorted(p.name for p in (root / "trackers").iterdir()) == ["par.md"]
