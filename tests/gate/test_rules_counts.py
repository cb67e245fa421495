"""TRK111 stale-count: the last hand-typed tally must match the document's items."""

from tracker.gate.engine import run_check
from tracker.gate.options import CheckOptions
from tracker.project import load_project

TABLE = "| ID | Status |\n|---|---|\n| A-1 | done |\n| A-2 | done |\n| A-3 | blocked |\n\n"


def findings(tmp_path, text):
    (tmp_path / "t.md").write_text(text, encoding="utf-8")
    project = load_project([str(tmp_path / "t.md")], root=tmp_path)
    result = run_check(project, CheckOptions(select=["TRK111"], today=__import__("datetime").date(2026, 3, 1)))
    return [f for f in result.findings if f.code == "TRK111"]


def test_last_tally_block_that_drifted_is_reported(tmp_path):
    text = TABLE + "## Log\n- `done=1`, `blocked=2`\n\n## Closeout\n- `done=1`\n- `blocked=1` (A-3)\n"
    found = findings(tmp_path, text)
    assert len(found) == 1
    assert found[0].line == 11 and found[0].severity == "warning"
    assert "done=1, blocked=1" in found[0].message and "done=2, blocked=1" in found[0].message


def test_matching_or_struck_or_older_tallies_are_quiet(tmp_path):
    assert findings(tmp_path, TABLE + "Earlier: done=0\n\nNow: `done=2`, `blocked=1`\n") == []
    assert findings(tmp_path, TABLE + "~~done=7~~ corrected\n") == []
    assert findings(tmp_path, TABLE + "No counts here.\n") == []
