"""`close` takes its document's full parse from the cache when a check, status or hook left one for the same bytes
(and then writes, refuses and records exactly what it does without the cache); its own summary read is never
stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import repos
from tests.support.repos import make_repo, run_tracker

in_process = repos.tracker_in  # the `tracker_in` fixture (tracker ARGS run in-process), under this name

HEADER = "| ID | Work | Depends on | Evidence | Notes | Status |\n|---|---|---|---|---|---|\n"
ROWS = "".join(f"| C-{n} | Part {n} | {'C-1' if n > 2 else ''} | {f'`proofs/c-{n}.txt`' if n % 2 else ''} | | "
               f"{'done' if n < 3 else 'in progress'} |\n" for n in range(1, 9))
FILES = {"trackers/parts.md": "# Parts\n\n" + HEADER + ROWS,
         **{f"proofs/c-{n}.txt": f"part {n}: 5 checks passed\n" for n in range(1, 9)}}


def _documents(root: Path) -> list[Path]:
    return sorted((root / ".git" / "tracker" / "cache").glob("*/documents/*"))


def _outcome(root: Path, code: int) -> tuple[int, bytes, list[dict[str, object]]]:
    ledger = root / "evidence" / "ledger.jsonl"
    records = [json.loads(line) for line in ledger.read_text().splitlines()] if ledger.exists() else []
    for record in records:
        record.pop("time")
    return code, (root / "trackers" / "parts.md").read_bytes(), records


def test_a_close_reads_the_documents_parse_from_the_cache(tmp_path: Path, in_process, monkeypatch) -> None:
    import tracker.project

    monkeypatch.setenv("TRACKER_CACHE", "on")
    root = make_repo(tmp_path / "repo", FILES)
    assert run_tracker(root, "status").returncode == 0  # leaves the parse of trackers/parts.md in the cache
    assert len(_documents(root)) == 1
    parsed: list[str] = []
    parse = tracker.project.parse_text

    def counting(text: str, shown: str, *args, **kwargs):
        parsed.append(shown)
        return parse(text, shown, *args, **kwargs)

    monkeypatch.setattr(tracker.project, "parse_text", counting)
    assert in_process(root, "close", "C-5", "--evidence", "proofs/c-5.txt") == 0
    assert parsed == []
    assert "| C-5 | Part 5 | C-1 | `proofs/c-5.txt` | | done |" in (root / "trackers" / "parts.md").read_text()


def test_a_close_with_a_cold_cache_stores_no_summary(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", FILES)
    proc = run_tracker(root, "close", "C-4", "--evidence", "proofs/c-4.txt")
    assert proc.returncode == 0, proc.stderr
    assert _documents(root) == []  # the summary read of the old bytes is not a parse of them
    assert run_tracker(root, "status").returncode == 0
    assert len(_documents(root)) == 1


@pytest.mark.parametrize(("item_id", "evidence"), [("C-3", "proofs/c-3.txt"), ("C-4", "proofs/c-4.txt"),
                                                   ("C-6", "proofs/missing.txt"), ("C-9", "proofs/c-1.txt"),
                                                   ("C-2", "proofs/c-2.txt")])
def test_a_close_from_the_cache_does_what_a_close_without_it_does(item_id: str, evidence: str,
                                                                   tmp_path: Path) -> None:
    template = make_repo(tmp_path / "template", FILES)
    cached, uncached = tmp_path / "cached", tmp_path / "uncached"
    shutil.copytree(template, cached)
    shutil.copytree(template, uncached)
    assert run_tracker(cached, "status").returncode == 0
    outcomes = []
    for root in (cached, uncached):
        if root == uncached:
            shutil.rmtree(root / ".git" / "tracker", ignore_errors=True)
        outcomes.append(_outcome(root, run_tracker(root, "close", item_id, "--evidence", evidence).returncode))
    assert outcomes[0] == outcomes[1]
