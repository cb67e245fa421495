"""Dependencies: Blocker columns, inferred phrases (longest ID first), explicit YAML lists."""

from pathlib import Path

from tracker.project import load_project

FIXTURES = Path(__file__).parent.parent / "fixtures"


def deps(name):
    project = load_project([str(FIXTURES / name)], root=FIXTURES)
    return {i.id: [(d.id, d.origin) for d in i.dependencies] for i in project.items}


def test_blocker_column():
    found = deps("phase_table.md")
    assert found["Stage 2"] == [("Stage 1", "column")]
    assert found["Reports"] == [("Runner", "column")]
    assert found["Stage 1"] == []  # "None - drafted" names no item


def test_inferred_phrases_prefer_the_longest_id():
    found = deps("day_plan.md")
    assert found["Day 5"] == [("Day 5a", "inferred")]
    assert found["Day 6"] == [("Day 5", "inferred")]


def test_inferred_from_title_in_master_table():
    assert deps("master_table.md")["RT1-003"] == [("RT1-002", "inferred")]


def test_yaml_depends_on_is_explicit():
    assert deps("roadmap.yaml")["TL-2"] == [("TL-1", "explicit")]
