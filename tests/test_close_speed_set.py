"""`set` reads the project as `close` does (the other rows as ID, status and place when nothing else can change the
verdict or the write), and what it writes, refuses and records is what reading every row in full gives."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from tests.support import repos
from tests.support.repos import make_repo
from tracker.commands import transition

in_process = repos.tracker_in  # the `tracker_in` fixture (tracker ARGS run in-process), under this name
HEADER = "| ID | Work | Depends on | Evidence | Notes | Status |\n|---|---|---|---|---|---|\n"
STATES = ("done", "✅ Done (2026-02-03)", "todo", "in progress", "blocked", "dropped", "paused")


def _repo_files(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    ids = [f"S-{n}" for n in range(1, 9)]
    rows = "".join(
        f"| {item_id} | Step {item_id} | {rng.choice(('', 'S-1', 'S-2, S-3'))} | "
        f"{rng.choice(('', f'`out/{item_id}.txt`', '`out/missing.txt`'))} | {rng.choice(('', 'after S-4'))} | "
        f"{rng.choice(STATES)} |\n" for item_id in ids)
    files = {"trackers/steps.md": "# Steps\n\n" + HEADER + rows,
             "trackers/more.md": "# More\n\n" + HEADER + "| M-1 | Elsewhere | S-2 | | | todo |\n"}
    files.update({f"out/{i}.txt": f"{i}: 4 checks passed\n" for i in ids})
    if seed % 3 == 2:
        files["gates/gate.yaml"] = "name: gate\nrequires: [S-1]\nblocks: [S-6, S-7]\n"
    if seed % 4 == 3:
        files["trackers/steps.md"] += "\n<!-- tracker:progress -->\n<!-- /tracker:progress -->\n"
    return files


def _set(root: Path, run, *args: str) -> tuple[int, bytes, list[dict[str, object]]]:
    code = run(root, "set", *args)
    ledger = root / "evidence" / "ledger.jsonl"
    records = [json.loads(line) for line in ledger.read_text().splitlines()] if ledger.exists() else []
    for record in records:
        record.pop("time")
    return code, (root / "trackers" / "steps.md").read_bytes(), records


@pytest.mark.parametrize("seed", range(6))
def test_a_set_reads_and_writes_as_a_full_read_does(seed: int, tmp_path: Path, in_process, monkeypatch) -> None:
    template = make_repo(tmp_path / "template", _repo_files(seed))
    rng = random.Random(seed)
    written = 0
    for n in range(1, 9):
        item_id = f"S-{n}"
        target = rng.choice(("todo", "in_progress", "blocked", "done", "dropped"))
        args = [item_id, target, *(["--evidence", f"out/{item_id}.txt"] if target == "done" else []),
                *(["--reason", "rework"] if rng.random() < 0.5 else [])]
        summary_root, full_root = tmp_path / f"s{n}", tmp_path / f"f{n}"
        shutil.copytree(template, summary_root)
        shutil.copytree(template, full_root)
        summary = _set(summary_root, in_process, *args)
        with monkeypatch.context() as patch:
            patch.setattr(transition, "needs_whole_project", lambda *a: True)
            full = _set(full_root, in_process, *args)
        assert summary == full, (seed, args)
        written += summary[0] == 0
    assert written >= 4  # most sets go through: the comparison is not of two refusals


def test_set_reads_the_other_rows_in_summary(tmp_path: Path, in_process, monkeypatch) -> None:
    import tracker.project

    root = make_repo(tmp_path / "repo", _repo_files(0))
    reads: list[bool] = []
    load = tracker.project.load_project

    def counting(*args, **kwargs):
        reads.append(kwargs.get("detail") is not None)
        return load(*args, **kwargs)

    monkeypatch.setattr(tracker.project, "load_project", counting)
    assert in_process(root, "set", "S-2", "blocked") == 0
    assert reads == [True]
    assert "| S-2 |" in (root / "trackers" / "steps.md").read_text()


@pytest.mark.parametrize("command", [("close", "S-1", "--evidence", "out/S-1.txt"), ("set", "S-1", "blocked")])
def test_close_and_set_run_with_the_collector_paused_and_restore_it(command: tuple[str, ...], tmp_path: Path,
                                                                    in_process, monkeypatch) -> None:
    import gc

    root = make_repo(tmp_path / "repo", _repo_files(0))
    seen: list[bool] = []
    apply = transition.apply

    def watching(*args, **kwargs):
        seen.append(gc.isenabled())
        return apply(*args, **kwargs)

    monkeypatch.setattr(transition, "apply", watching)
    assert gc.isenabled()
    assert in_process(root, *command) in (0, 1)  # written, or refused by the gate: either way, applied
    assert seen == [False] and gc.isenabled()
