"""The closure ledger: fingerprints, locked appends from many processes, tolerant reading."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tracker.commands.transition import append_record
from tracker.ledger import fingerprint, latest_by_item, make_record, read_ledger
from tracker.source import WorktreeSource


def test_fingerprint(tmp_path):
    (tmp_path / "e.md").write_bytes(b"abc")
    assert fingerprint(tmp_path, "e.md") == {
        "path": "e.md", "size": 3, "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}


def test_concurrent_appends_never_interleave(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from tracker.commands.transition import append_record
        from tracker.ledger import make_record
        n = sys.argv[1]
        for k in range(20):
            append_record(Path({str(tmp_path)!r}), "evidence/ledger.jsonl",
                          make_record("close", f"ID-{{n}}-{{k}}", "done", [], note="x" * 3000))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(n)]) for n in range(6)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    lines = (tmp_path / "evidence/ledger.jsonl").read_text().splitlines()
    assert len(lines) == 120
    assert len({json.loads(line)["id"] for line in lines}) == 120


def test_read_ledger_skips_bad_lines_and_reports_them(tmp_path):
    good = make_record("close", "A-1", "done", [{"path": "e.md", "sha256": "0" * 64, "size": 1}])
    append_record(tmp_path, "l.jsonl", good)
    with open(tmp_path / "l.jsonl", "a") as handle:
        handle.write("{torn\n[1, 2]\n" + json.dumps({"id": "A-2", "action": "burn"}) + "\n")
    append_record(tmp_path, "l.jsonl", make_record("reopen", "A-1", "in_progress", [], reason="regressed"))
    problems: list = []
    records = read_ledger(WorktreeSource(tmp_path), "l.jsonl", problems)
    assert [r["action"] for r in records] == ["close", "reopen"]
    assert [line for line, _ in problems] == [2, 3, 4]
    assert latest_by_item(records)["A-1"]["action"] == "reopen"
    assert read_ledger(WorktreeSource(tmp_path), "absent.jsonl") == []


def test_append_after_a_torn_line_starts_a_new_line(tmp_path):
    (tmp_path / "l.jsonl").write_text('{"id": "A-1", "act')
    append_record(tmp_path, "l.jsonl", make_record("close", "A-2", "done", []))
    records = read_ledger(WorktreeSource(tmp_path), "l.jsonl", [])
    assert [r["id"] for r in records] == ["A-2"]
