"""Task-list items: ids, parents, statuses, Evidence lines and what is not a task."""

from pathlib import Path

from tracker.model import Status
from tracker.parse.markdown import parse_markdown

FIXTURES = Path(__file__).parent.parent / "fixtures"


def checks():
    doc = parse_markdown((FIXTURES / "phase_table.md").read_text(encoding="utf-8"), "phase_table.md")
    return [i for i in doc.items if i.kind == "check"]


def test_task_items_ids_and_statuses():
    found = checks()
    assert [(i.id, i.status) for i in found] == [
        ("#retry-with-backoff", Status.DONE),
        ("#gate-jobs-survive-a-worker-restart", Status.DONE),
        ("#chaos-test-on-the-queue", Status.TODO),
        ("RPT-7", Status.DONE),
        ("#add-charts", Status.TODO),
    ]


def test_parent_is_heading_path_and_title_is_clean():
    first = checks()[0]
    assert first.parent.endswith("Stage B: Runner hardening ✅ VERIFIED")
    assert first.parent.startswith("Platform Plan > Phase Status Overview")
    assert checks()[1].title == "Gate: Jobs survive a worker restart"
    assert checks()[3].title == "Export totals as CSV"


def test_evidence_line_under_a_task_belongs_to_it():
    assert checks()[2].evidence == ("evidence/chaos-plan.md",)


def test_checkbox_span():
    text = (FIXTURES / "phase_table.md").read_text(encoding="utf-8").split("\n")
    for item in checks():
        a, b = item.source.status
        assert text[item.source.line - 1][a:b] == item.raw_status


def test_section_evidence_attaches_to_item_named_by_heading():
    from tracker.project import link
    from tracker.config import Config
    from tracker.model import Project
    from tracker.source import WorktreeSource

    text = "| ID | Status |\n|---|---|\n| OPS-9 | done |\n\n## OPS-9 rollout\n\nEvidence: `evidence/ops-9.md`\n"
    doc = parse_markdown(text, "s.md")
    project = link(Project(root=Path("."), config=Config(), source=WorktreeSource(Path(".")), documents=(doc,)))
    assert project.items[0].evidence == ("evidence/ops-9.md",)
