"""`tracker close --evidence` with evidence that proves nothing: usage errors (exit 2) for no path and the
repository root, gate refusals (exit 1, nothing written) for folders, policy files and placeholders."""

from __future__ import annotations

import pytest

from tests.adversarial.test_evidence_paths import DOC, base_repo

UNCHANGED = "| WS1-007 | Re-validate persistence | todo |  |"


@pytest.mark.parametrize("value, words", [
    ("", "--evidence '' names no file"),
    ("   ", "--evidence '' names no file"),
    (".", "evidence '.' names the repository root"),
    ("./", "evidence './' names the repository root"),
    ("evidence/..", "evidence 'evidence/..' names the repository root"),
])
def test_no_path_or_the_root_is_a_usage_error(tmp_path, value, words):
    repo = base_repo(tmp_path / "repo")
    proc = repo.tracker("close", "WS1-007", "--evidence", value)
    assert proc.returncode == 2, proc.stderr
    assert words in proc.stderr
    assert UNCHANGED in (repo.path / DOC).read_text(encoding="utf-8")


@pytest.mark.parametrize("value, files, code, words", [
    ("gates", {}, "TRK112", "is a folder (gates/)"),
    ("evidence", {}, "TRK112", "is a folder (evidence/)"),
    (DOC, {}, "TRK112", "is a tracker document (trackers/plan.md)"),
    ("tracker.yaml", {}, "TRK112", "is the configuration file tracker.yaml"),
    ("gates/foundation.yaml", {}, "TRK112", "is a gate file"),
    ("evidence/ledger.jsonl", {}, "TRK112", "is the ledger"),
    ("evidence/ws1-007.md", {"evidence/ws1-007.md": "TODO\n".encode("utf-16")}, "TRK103", "template placeholder"),
    ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"TODO: write the evidence later\n"}, "TRK103",
     "template placeholder"),
    ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"\n" * 70_000 + b"TBD\n"}, "TRK103", "template placeholder"),
])
def test_close_refuses_evidence_that_proves_nothing(tmp_path, value, files, code, words):
    repo = base_repo(tmp_path / "repo")
    for rel, data in files.items():
        (repo.path / rel).write_bytes(data)
    ledger = (repo.path / "evidence/ledger.jsonl").read_bytes()
    proc = repo.tracker("close", "WS1-007", "--evidence", value)
    assert proc.returncode == 1, proc.stderr
    assert f"{DOC}:6: {code} WS1-007 is done but its evidence" in proc.stderr and words in proc.stderr
    assert "nothing was written" in proc.stderr
    assert UNCHANGED in (repo.path / DOC).read_text(encoding="utf-8")
    assert (repo.path / "evidence/ledger.jsonl").read_bytes() == ledger


def test_close_with_real_evidence_passes(tmp_path):
    repo = base_repo(tmp_path / "repo")
    (repo.path / "evidence/ws1-007.md").write_text("# WS1-007\n\nRan it twice: 14 passed. A TODO in parser.py is "
                                                   "tracked as WS1-009.\n", encoding="utf-8")
    proc = repo.tracker("close", "WS1-007", "--evidence", "evidence/ws1-007.md")
    assert proc.returncode == 0, proc.stderr
    assert "| WS1-007 | Re-validate persistence | done | `evidence/ws1-007.md` |" in (repo.path / DOC).read_text()
