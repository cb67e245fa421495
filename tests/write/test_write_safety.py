"""Writes stay safe: ledger records never split, the ledger stays inside the repository, links are never replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tracker.commands.transition import append_record
from tracker.ledger import encode_record, make_record, read_ledger
from tracker.source import WorktreeSource

from .conftest import make_repo, run_tracker

DOC = "| ID | Task | Evidence | Status |\n|---|---|---|---|\n| S-1 | First | | todo |\n| S-2 | Second | | todo |\n"
FILES = {"trackers/plan.md": DOC, "evidence/s1.md": "proof one\n", "evidence/s2.md": "proof two\n"}
SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\r"


def test_a_note_with_line_separators_stays_one_record_and_check_still_passes(tmp_path: Path):
    root = make_repo(tmp_path / "repo", FILES)
    note = "first part\u2028second part\u2029third\u0085end"
    assert run_tracker(root, "close", "S-1", "--evidence", "evidence/s1.md", "--note", note).returncode == 0
    assert run_tracker(root, "close", "S-2", "--evidence", "evidence/s2.md").returncode == 0
    data = (root / "evidence/ledger.jsonl").read_bytes()
    assert data.count(b"\n") == 2 and "\u2028".encode() not in data and b"\\u2028" in data
    records = read_ledger(WorktreeSource(root), "evidence/ledger.jsonl", problems := [])
    assert problems == [] and [r["id"] for r in records] == ["S-1", "S-2"] and records[0]["note"] == note
    proc = run_tracker(root, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_encoded_records_hold_exactly_one_newline_whatever_the_text(tmp_path: Path):
    for ch in SEPARATORS + "\n":
        line = encode_record(make_record("close", f"A{ch}1", "done", [], note=f"x{ch}y", reason=ch))
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert len(line.decode("utf-8").splitlines()) == 1  # even for readers that split on U+2028 and friends
        assert json.loads(line)["note"] == f"x{ch}y"


def test_reader_splits_on_newline_only(tmp_path: Path):
    """A record an older writer left with a raw U+2028 inside a string is still one record."""
    raw = json.dumps(make_record("close", "S-1", "done", [], note="a\u2028b"), ensure_ascii=False) + "\n"
    (tmp_path / "l.jsonl").write_bytes(raw.encode("utf-8"))
    problems: list[tuple[int, str]] = []
    records = read_ledger(WorktreeSource(tmp_path), "l.jsonl", problems)
    assert problems == [] and records[0]["note"] == "a\u2028b"


def _outside_ledger_configs(tmp_path: Path) -> list[tuple[str, Path]]:
    outside = tmp_path / "outside"
    return [(f"ledger: {outside / 'made' / 'ledger.jsonl'}\n", outside / "made"),
            ("ledger: ../outside/made/ledger.jsonl\n", outside / "made"),
            ("ledger: linked/ledger.jsonl\n", outside / "ledger.jsonl")]


def test_close_and_set_refuse_a_ledger_outside_the_repository(tmp_path: Path):
    outside = tmp_path / "outside"
    for number, (config, made) in enumerate(_outside_ledger_configs(tmp_path)):
        outside.mkdir(exist_ok=True)
        root = make_repo(tmp_path / f"repo{number}", {**FILES, "tracker.yaml": config})
        os.symlink(outside, root / "linked")  # a folder of the repository that leads outside it
        for args in (["close", "S-1", "--evidence", "evidence/s1.md"], ["set", "S-2", "in_progress"]):
            proc = run_tracker(root, *args)
            assert proc.returncode == 2, (config, proc.stderr)
            assert "tracker.yaml" in proc.stderr and "Traceback" not in proc.stderr
            assert not made.exists(), config
            assert (root / "trackers/plan.md").read_text() == DOC  # refused before the document was written
        assert sorted(p.name for p in outside.iterdir()) == [], config


def test_append_record_refuses_outside_paths(tmp_path: Path):
    root = tmp_path / "repo"
    root.mkdir()
    for rel in ("../escape/ledger.jsonl", str(tmp_path / "abs" / "ledger.jsonl")):
        try:
            append_record(root, rel, make_record("close", "A-1", "done", []))
        except Exception as exc:  # noqa: BLE001 - the type is asserted below
            assert getattr(exc, "exit_code", None) == 2
        else:
            raise AssertionError(f"{rel} was written")
    assert not (tmp_path / "escape").exists() and not (tmp_path / "abs").exists()


def test_close_set_and_render_refuse_a_symlinked_document(tmp_path: Path):
    region = "\n<!-- tracker:matrix -->\n<!-- /tracker:matrix -->\n"
    root = make_repo(tmp_path / "repo", {"docs/real.md": DOC + region, "evidence/s1.md": "proof one\n"})
    link = root / "trackers" / "plan.md"
    link.parent.mkdir()
    os.symlink("../docs/real.md", link)
    for args in (["close", "S-1", "--evidence", "evidence/s1.md"], ["set", "S-2", "in_progress"],
                 ["render"], ["render", "trackers/plan.md"]):
        proc = run_tracker(root, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "trackers/plan.md" in proc.stderr and "symbolic link" in proc.stderr
        assert link.is_symlink() and os.readlink(link) == "../docs/real.md"
        assert (root / "docs/real.md").read_text() == DOC + region
    assert not (root / "evidence/ledger.jsonl").exists()


def test_render_refuses_a_document_outside_the_repository(tmp_path: Path):
    region = "<!-- tracker:matrix -->\n<!-- /tracker:matrix -->\n"
    outside = tmp_path / "outside.md"
    outside.write_text(DOC + region)
    root = make_repo(tmp_path / "repo", FILES)
    proc = run_tracker(root, "render", "../outside.md")
    assert proc.returncode == 2, proc.stderr
    assert outside.read_text() == DOC + region
