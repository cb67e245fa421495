"""check_item: judge one item as if done with the given evidence — what `tracker close` refuses on."""

from __future__ import annotations

from tests.gate.helpers import master, row, write
from tracker.gate.engine import check_item
from tracker.gate.options import CheckOptions
from tracker.project import load_project

OPTIONS = CheckOptions(today=__import__("datetime").date(2026, 3, 1))


def item_of(project, item_id):
    return next(i for i in project.items if i.id == item_id)


def test_missing_evidence_refuses_and_real_evidence_passes(tmp_path):
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", status="in_progress", evidence="-")]),
                     "evidence/ab-001.md": "# AB-001\nImporter ran: 12 rows stored.\n"})
    project = load_project(root=tmp_path)
    found = check_item(project, item_of(project, "AB-001"), ["evidence/nope.md"], OPTIONS)
    assert [(f.code, f.severity) for f in found] == [("TRK102", "error")]
    assert check_item(project, item_of(project, "AB-001"), [], OPTIONS)[0].code == "TRK101"
    assert check_item(project, item_of(project, "AB-001"), ["evidence/ab-001.md"], OPTIONS) == []
    assert check_item(project, item_of(project, "AB-001"), ["/etc/passwd"], OPTIONS)[0].code == "TRK301"
    assert item_of(project, "AB-001").status.value == "in_progress"  # the project itself is untouched


def test_dependencies_and_blocking_gates_refuse(tmp_path):
    rows = [row("AB-001", status="todo", evidence="-"), row("CD-001", status="todo", evidence="-")]
    write(tmp_path, {"trackers/plan.md": master(rows), "gates/ab.yaml": "requires: [AB-*]\nblocks: [CD-*]\n",
                     "trackers/deps.yaml": "items:\n  - id: EF-1\n    status: todo\n    depends_on: [AB-001]\n",
                     "evidence/x.md": "proof of work: 3 runs\n"})
    project = load_project(root=tmp_path)
    codes = {f.code for f in check_item(project, item_of(project, "CD-001"), ["evidence/x.md"], OPTIONS)}
    assert codes == {"TRK204"}
    codes = {f.code for f in check_item(project, item_of(project, "EF-1"), ["evidence/x.md"], OPTIONS)}
    assert codes == {"TRK201"}


def test_prose_conflicts_do_not_block_a_close(tmp_path):
    after = "## Closeout\n- Only remaining blocker: AB-001 awaiting data\n"
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", status="blocked", evidence="-")], after=after),
                     "evidence/ab-001.md": "done: 4 checks green\n"})
    project = load_project(root=tmp_path)
    assert check_item(project, item_of(project, "AB-001"), ["evidence/ab-001.md"], OPTIONS) == []
