"""Dependencies named by ranges, plurals, label prefixes, bracketed lists and phrases; unknown ones are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.project import load_project


def deps(tmp_path: Path, text: str) -> dict[str, list[str]]:
    path = tmp_path / "trackers" / "plan.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    project = load_project([str(path)], cwd=tmp_path, root=tmp_path)
    return {item.id: item.depends_on for item in project.items}


TABLE = "| ID | Task | Status | Depends on |\n|---|---|---|---|\n"


@pytest.mark.parametrize(("cell", "expected"), [
    ("T01–T03", ["T01", "T02", "T03"]),
    ("T01-T03", ["T01", "T02", "T03"]),
    ("[T01, T02]", ["T01", "T02"]),
    ("T01 and T03", ["T01", "T03"]),
    ("T09", ["T09"]),  # unknown: kept so that TRK202 reports it
    ("None", []),
])
def test_dependency_cells(tmp_path, cell, expected):
    rows = "".join(f"| T0{n} | step {n} | todo | |\n" for n in (1, 2, 3))
    found = deps(tmp_path, TABLE + rows + f"| T04 | last | todo | {cell} |\n")
    assert found["T04"] == expected


def test_long_hyphenated_range(tmp_path):
    rows = "".join(f"| P1-T0{n} | step | done | |\n" for n in range(4))
    found = deps(tmp_path, TABLE + rows + "| P2-T00 | next | todo | P1-T00-P1-T03 |\n")
    assert found["P2-T00"] == ["P1-T00", "P1-T01", "P1-T02", "P1-T03"]


def test_plural_phrase(tmp_path):
    text = ("| Day | Work | Status |\n|---|---|---|\n| Day 90 | a | done |\n| Day 91 | b | done |\n"
            "| Day 92 | Requires Days 90 and 91 | todo |\n")
    assert deps(tmp_path, text)["Day 92"] == ["Day 90", "Day 91"]


def test_label_prefix_resolves_to_numbered_ids(tmp_path):
    text = "- [x] 1. Slice one\n- [x] 2. Slice two\n- [x] 3. Slice three\n- [ ] 4. Wrap up (depends on Slices 1-3)\n"
    assert deps(tmp_path, text)["4"] == ["1", "2", "3"]


def test_singular_label_prefix(tmp_path):
    text = "- [x] 1. First\n- [ ] 2. Second, blocked by Slice 1\n"
    assert deps(tmp_path, text)["2"] == ["1"]


def test_depends_line_in_plain_markdown(tmp_path):
    text = "- [x] A-1 Build\n- [ ] A-2 Ship\n  - _Depends: A-1_\n"
    assert deps(tmp_path, text)["A-2"] == ["A-1"]


def test_unknown_id_after_depends_on_is_kept_but_not_after_requires(tmp_path):
    text = "- [ ] A-1 Build (depends on B-9)\n- [ ] A-2 Ship, requires Python 3\n"
    found = deps(tmp_path, text)
    assert found["A-1"] == ["B-9"] and found["A-2"] == []


def test_unknown_markdown_dependency_is_trk202(repo):
    from tests.commands.test_close_cli import ENV, commit
    from tests.conftest import run_cli

    commit(repo, {".kiro/specs/a/tasks.md": "- [x] 1. Core\n- [ ] 2. UI\n  - _Depends: 1, 7_\n"})
    proc = run_cli("check", "--select", "TRK202", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "2 depends on 7, which does not exist" in proc.stdout
