"""`tracker.status/1` encoded a block of items at a time is the same document as encoded at once."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.config import Config
from tracker.model import Project
from tracker.model.document import count_statuses
from tracker.parse.markdown import parse_markdown
from tracker.report import status_json as module
from tracker.source import WorktreeSource


def _project(rows: int, tmp_path: Path) -> Project:
    body = "".join(f"| B-{n} | Step {n} | {'done' if n % 3 else 'todo'} |\n" for n in range(rows))
    doc = parse_markdown("| ID | Task | Status |\n|---|---|---|\n" + body, "plan.md")
    return Project(root=tmp_path, config=Config(), source=WorktreeSource(tmp_path), documents=(doc,))


def test_items_across_several_blocks_encode_as_one_list(tmp_path: Path) -> None:
    project = _project(module._BLOCK * 2 + 7, tmp_path)
    payload = json.loads(module.status_json(project, project.items))
    assert list(payload) == ["schema", "documents", "errors", "items", "counts"]
    assert payload["items"] == json.loads(json.dumps([module.item_json(i) for i in project.items]))
    assert payload["counts"] == count_statuses(project.items)


def test_no_items_is_an_empty_list(tmp_path: Path) -> None:
    project = _project(3, tmp_path)
    payload = json.loads(module.status_json(project, []))
    assert payload["items"] == [] and payload["documents"][0]["items"] == 3
