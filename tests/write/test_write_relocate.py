"""Edits land on the fresh text: re-located by ID when lines moved, refused when the item is gone or doubled."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from tracker.errors import WriteConflict
from tracker.model import Status
from tracker.project import load_project
from tracker.files import update_file
from tracker.commands.transition import edit_document
from tracker.write.markdown_edit import Change, edit_markdown

from .write_docs import EVIDENCE, TASK_TABLE

TODAY = dt.date(2026, 3, 1)


def _loaded(repo):
    root = repo({"trackers/plan.md": TASK_TABLE, **EVIDENCE})
    project = load_project(root=root)
    item = next(i for i in project.items if i.id == "CORE-002")
    return root, project, item


def test_line_moved_after_parse_is_relocated_by_id(repo):
    root, project, item = _loaded(repo)
    path = root / "trackers/plan.md"
    path.write_text("Inserted by someone else\n\n" + TASK_TABLE)  # after our parse, before our write
    written = edit_document(project, item, Status.DONE, ["evidence/core-002.md"], None, TODAY)
    assert any("re-located" in w for w in written.warnings)
    assert path.read_text() == "Inserted by someone else\n\n" + TASK_TABLE.replace(
        "| Export matches \\| golden file | | Ben | 2026-01-12 | in_progress |",
        "| Export matches \\| golden file | `evidence/core-002.md` | Ben | 2026-01-12 | done |")


def test_row_edited_elsewhere_is_still_edited_correctly(repo):
    root, project, item = _loaded(repo)
    path = root / "trackers/plan.md"
    path.write_text(TASK_TABLE.replace("| Ben |", "| Benedict |"))  # same line, other cell grew
    edit_document(project, item, Status.DONE, ["evidence/core-002.md"], None, TODAY)
    assert "| Export matches \\| golden file | `evidence/core-002.md` | Benedict | 2026-01-12 | done |" in path.read_text()


def test_item_removed_or_doubled_fails_and_writes_nothing(repo):
    root, project, item = _loaded(repo)
    path = root / "trackers/plan.md"
    gone = TASK_TABLE.replace("CORE-002", "CORE-020")
    path.write_text(gone)
    with pytest.raises(WriteConflict, match="no longer in this document"):
        edit_document(project, item, Status.DONE, ["evidence/core-002.md"], None, TODAY)
    assert path.read_text() == gone
    doubled = TASK_TABLE.replace("CORE-003", "CORE-002")
    with pytest.raises(WriteConflict, match="appears 2 times"):
        edit_markdown("\n" + doubled, "p.md", Change("CORE-002", Status.DONE, [], today=TODAY), expected_line=10)


def test_permissions_kept_and_no_write_without_change(tmp_path):
    path = tmp_path / "doc.md"
    path.write_bytes(b"abc\r\n")
    os.chmod(path, 0o600)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    assert update_file(path, lambda data: data) is False
    assert path.stat().st_mtime == 1_000_000_000
    assert update_file(path, lambda data: data + b"def") is True
    assert path.read_bytes() == b"abc\r\ndef"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]
