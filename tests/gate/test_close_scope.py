"""A close judges only what can change its item's verdict, and finds exactly what judging the whole project finds."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from tests.support.repos import make_repo
from tracker.gate.engine import check_item
from tracker.gate.options import CheckOptions
from tracker.git import Checkout
from tracker.model import Project
from tracker.project import load_project

TODAY = dt.date(2026, 3, 1)
STATUSES = ("done", "done", "todo", "in_progress", "blocked", "dropped")
HEADER = "| ID | Task | Depends on | Evidence | Status |\n|---|---|---|---|---|\n"


def _random_repo(seed: int, root: Path) -> Path:
    """Two tables, each with task lists under headings that name items, dependencies (some unknown, some in
    cycles), gates that block some items, evidence present, missing, empty or unrelated, and prose that
    contradicts a table."""
    rng = random.Random(seed)
    ids = [f"A-{n}" for n in range(1, 9)] + [f"B-{n}" for n in range(1, 9)]
    files: dict[str, str] = {}
    tables: dict[str, list[str]] = {"trackers/a.md": [], "trackers/b.md": []}
    for item_id in ids:
        deps = ", ".join(rng.sample([*ids, "Z-9"], rng.choice((0, 0, 1, 2))))
        evidence = rng.choice(("", "`evidence/{id}.md`", "`evidence/missing.md`", "`evidence/empty.md`",
                               "`evidence/other.md`"))
        doc = "trackers/a.md" if item_id.startswith("A") else "trackers/b.md"
        tables[doc].append(f"| {item_id} | Step {item_id} | {deps} | {evidence.format(id=item_id)} | "
                           f"{rng.choice(STATUSES)} |\n")
        files[f"evidence/{item_id}.md"] = f"{item_id} ran: 4 checks green\n"
    for doc, rows in tables.items():
        prose = "".join(f"- `{rng.choice(ids)}` -> `blocked`\n" for _ in range(2))
        # A checklist counts under a heading that names an item of its own document.
        owners = rng.sample(ids[:8] if doc.endswith("a.md") else ids[8:], 3) + rng.sample(ids, 1)
        tasks = "".join(f"## {owner} checklist\n- [{rng.choice('x ')}] first step\n- [{rng.choice('x ')}] second "
                        "step\n\n" for owner in owners)
        files[doc] = f"# Plan {doc}\n\n" + HEADER + "".join(rows) + "\n## Notes\n" + prose + "\n" + tasks
    files["evidence/empty.md"] = ""
    files["evidence/other.md"] = "nothing about any item here, 3 lines\n"
    for g in range(rng.choice((0, 1, 2))):
        requires = ", ".join(rng.sample(ids, 2) + rng.sample(["A-*", "Q-*"], 1))
        files[f"gates/g{g}.yaml"] = f"name: g{g}\nrequires: [{requires}]\nblocks: [{rng.choice(ids)}, B-{g + 1}]\n"
    return make_repo(root, files)


def _findings(project: Project, item_id: str, evidence: list[str], scoped: bool) -> list[tuple[object, ...]]:
    item = next(i for i in project.items if i.id == item_id)
    options = CheckOptions(today=TODAY, git=Checkout(project.root))
    return [(f.code, f.severity, f.message, f.line, f.waived)
            for f in check_item(project, item, evidence, options, scoped=scoped)]


@pytest.mark.parametrize("seed", range(12))
def test_a_scoped_close_finds_what_the_whole_project_finds(seed: int, tmp_path: Path) -> None:
    root = _random_repo(seed, tmp_path / "repo")
    project = load_project(root=root)
    for item in project.items:
        if item.kind != "row":
            continue
        for evidence in ([], [f"evidence/{item.id}.md"], ["evidence/missing.md"]):
            assert _findings(project, item.id, evidence, True) == _findings(project, item.id, evidence, False), \
                (seed, item.id, evidence)


def test_a_close_outside_every_gate_reads_only_its_neighbourhood(tmp_path: Path) -> None:
    rows = "".join(f"| C-{n} | Step | {'C-1' if n == 2 else ''} | | {'todo' if n == 1 else 'done'} |\n"
                   for n in range(1, 6))
    root = make_repo(tmp_path / "repo", {"trackers/c.md": "# C\n\n" + HEADER + rows,
                                         "evidence/c-2.md": "C-2 ran: 2 checks green\n"})
    project = load_project(root=root)
    # Its dependency is open: refused, as on the whole project; the unrelated rows are not judged.
    found = _findings(project, "C-2", ["evidence/c-2.md"], True)
    assert [code for code, *_ in found] == ["TRK201"]
    from tracker.gate.engine import claim_scope

    item = next(i for i in project.items if i.id == "C-2")
    assert [i.id for i in claim_scope(project.items, item)] == ["C-1", "C-2"]
