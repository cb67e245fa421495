"""`close` reads the other rows as ID, status and place only when nothing else can change its verdict; what it
writes, refuses and records is what reading every row in full gives."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from tests.support.repos import make_repo
from tracker.commands import transition
from tracker.parse.markdown import parse_markdown

HEADER = "| ID | Task | Depends on | Evidence | Notes | Status |\n|---|---|---|---|---|---|\n"


def _files(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    ids = [f"K-{n}" for n in range(1, 13)]
    rows = []
    for item_id in ids:
        deps = ", ".join(rng.sample([*ids, "Q-1"], rng.choice((0, 0, 1))))
        evidence = rng.choice(("", "`proof/{id}.md`", "`proof/gone.md`"))
        rows.append(f"| {item_id} | Step {item_id} | {deps} | {evidence.format(id=item_id)} | "
                    f"{rng.choice(('', 'after K-2', 'requires K-3'))} | "
                    f"{rng.choice(('done', '✅ Done (2026-01-02)', 'todo', 'in progress', 'blocked'))} |\n")
    files = {"trackers/plan.md": "# Plan\n\n" + HEADER + "".join(rows) + "\n## K-4 steps\n- [x] one\n- [ ] two\n",
             "trackers/other.md": "# Other\n\n" + HEADER + "| L-1 | Elsewhere | K-1 | | | todo |\n"}
    files.update({f"proof/{i}.md": f"{i} ran: 3 checks green\n" for i in ids})
    if seed % 3 == 0:
        files["gates/g.yaml"] = "name: g\nrequires: [K-1, K-2]\nblocks: [K-5, K-6]\n"
    if seed % 4 == 1:
        files["trackers/plan.md"] += "\n<!-- tracker:progress -->\n<!-- /tracker:progress -->\n"
    return files


def _close(root: Path, run, item_id: str, evidence: str) -> tuple[int, bytes, list[dict[str, object]]]:
    code = run(root, "close", item_id, "--evidence", evidence)
    ledger = root / "evidence" / "ledger.jsonl"
    records = [json.loads(line) for line in ledger.read_text().splitlines()] if ledger.exists() else []
    for record in records:
        record.pop("time")
    return code, (root / "trackers" / "plan.md").read_bytes(), records


@pytest.mark.parametrize("seed", range(8))
def test_a_summary_read_closes_as_a_full_read_does(seed: int, tmp_path: Path, tracker_in, monkeypatch) -> None:
    template = make_repo(tmp_path / "template", _files(seed))
    for n in range(1, 13):
        item_id = f"K-{n}"
        evidence = "proof/gone.md" if n % 5 == 0 else f"proof/{item_id}.md"
        summary_root, full_root = tmp_path / f"s{n}", tmp_path / f"f{n}"
        shutil.copytree(template, summary_root)
        shutil.copytree(template, full_root)
        with monkeypatch.context() as patch:
            summary = _close(summary_root, tracker_in, item_id, evidence)
        with monkeypatch.context() as patch:
            patch.setattr(transition, "needs_whole_project", lambda *args: True)
            full = _close(full_root, tracker_in, item_id, evidence)
        assert summary == full, (seed, item_id)


KNOWN = ("# Plan\n\n" + HEADER + "| K-1 | First | | `proof/K-1.md` | | done |\n"
         "| K-2 | Second | | `proof/K-2.md` | | done |\n| K-5 | Fifth | | | | todo |\n")


@pytest.mark.parametrize("extra", [
    {"gates/g.yaml": "name: g\nrequires: [K-1, K-2]\nblocks: [K-5]\n"},  # passes only if K-1, K-2 hold
    {"trackers/plan.md": KNOWN + "\n<!-- tracker:findings -->\n<!-- /tracker:findings -->\n",  # judges every row
     "trackers/other.md": "# Other\n\n" + HEADER + "| L-1 | Elsewhere | | `proof/K-1.md` | | done |\n"},
])
def test_what_a_summary_read_cannot_judge_is_read_in_full(extra: dict[str, str], tmp_path: Path, tracker_in,
                                                             monkeypatch) -> None:
    files = {"trackers/plan.md": KNOWN, **{f"proof/K-{n}.md": f"K-{n} ran: 3 checks green\n" for n in (1, 2, 5)},
             **extra}
    summary_root = make_repo(tmp_path / "summary", files)
    full_root = shutil.copytree(summary_root, tmp_path / "full")
    summary = _close(summary_root, tracker_in, "K-5", "proof/K-5.md")
    monkeypatch.setattr(transition, "needs_whole_project", lambda *args: True)
    assert summary == _close(full_root, tracker_in, "K-5", "proof/K-5.md")
    assert summary[0] == 0


def test_only_the_asked_rows_are_read_in_full() -> None:
    text = "# P\n\n" + HEADER + "| K-1 | First | | `proof/k-1.md` | owner Ana | done |\n" \
                            "| K-2 | Second | K-1 | `proof/k-2.md` | requires K-1 | todo |\n"
    first, second = parse_markdown(text, "p.md", detail=lambda row_id: row_id == "K-2").items
    assert (first.id, first.status.value, first.evidence, first.title) == ("K-1", "done", (), "")
    assert first.source.evidence is not None and first.source.status is not None
    assert (second.title, second.evidence, second.dep_text) == ("Second", ("proof/k-2.md",), ("K-1",))


def test_a_gate_or_regions_or_an_unknown_item_need_every_row(tmp_path: Path) -> None:
    from tracker.project import load_project

    files = _files(0)
    root = make_repo(tmp_path / "repo", files)
    project = load_project(root=root, detail=lambda row_id: row_id == "K-5")
    assert transition.needs_whole_project(project, "K-5", ["proof/K-5.md"])  # gate g blocks K-5
    assert not transition.needs_whole_project(project, "K-7", ["proof/K-7.md"])
    assert transition.needs_whole_project(project, "K-7", ["proof/<!--x.md"])
    assert transition.needs_whole_project(project, "Z-1", [])
    regions = make_repo(tmp_path / "regions", _files(1))
    assert transition.needs_whole_project(load_project(root=regions), "K-7", ["proof/K-7.md"])


def test_what_close_read_in_summary_is_never_what_status_shows_later(tmp_path: Path, tracker_in) -> None:
    files = {"trackers/plan.md": KNOWN, "proof/K-5.md": "K-5 ran: 3 checks green\n",
             "trackers/other.md": "# Other\n\n" + HEADER + "| L-1 | Elsewhere | | `proof/K-5.md` | | done |\n"}
    root = make_repo(tmp_path / "repo", files)
    assert tracker_in(root, "close", "K-5", "--evidence", "proof/K-5.md") == 0
    from tracker.project import load_project

    other = next(i for i in load_project(root=root).items if i.id == "L-1")
    assert (other.title, other.evidence) == ("Elsewhere", ("proof/K-5.md",))
