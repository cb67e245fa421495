"""GSD plan files: front matter `must_haves.artifacts` are the evidence of the roadmap's plan bullet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli
from tracker.model import Document, Item, Span, Status
from tracker.parse.formats.gsd_plan import attach_declared
from tracker.project import load_project

ROADMAP = ("# Roadmap\n\n- [ ] **Phase 3: Export**\n\n### Phase 3: Export\nPlans:\n"
           "- [x] 03-01: CSV writer\n- [ ] 03-02: S3 upload\n")
PLAN = ".planning/phases/03-export/03-01-PLAN.md"


def plan(artifacts: str, head: str = "phase: 03-export\nplan: 01\n", body: str = "") -> str:
    return (f"---\n{head}type: execute\nwave: 1\ndepends_on: []\nmust_haves:\n  truths:\n"
            f"    - \"A CSV export matches the golden file\"\n  artifacts:\n{artifacts}---\n\n"
            f"<objective>\nWrite the CSV exporter.\n</objective>\n{body}")


STRINGS = "    - src/export/csv.py\n    - tests/test_csv.py\n"
MAPPINGS = ("    - path: \"src/export/csv.py\"\n      provides: \"the writer\"\n      min_lines: 20\n"
            "    - path: tests/test_csv.py\n      provides: golden-file test\n")


def project_of(root: Path, files: dict[str, str]):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return load_project(cwd=root, root=root)


def item(project, item_id: str) -> Item:
    return next(i for i in project.items if i.id == item_id)


@pytest.mark.parametrize("artifacts", [STRINGS, MAPPINGS], ids=["paths", "path-provides"])
def test_artifacts_are_the_plan_bullets_evidence(tmp_path, artifacts):
    project = project_of(tmp_path, {".planning/ROADMAP.md": ROADMAP, PLAN: plan(artifacts)})
    assert not project.errors
    assert PLAN in [d.path for d in project.documents]  # found by the default globs
    assert item(project, "03-01").evidence == ("src/export/csv.py", "tests/test_csv.py")
    assert item(project, "03-01").covers == ("src/export/csv.py", "tests/test_csv.py")
    assert item(project, "03-02").evidence == ()


def test_plan_id_from_front_matter_when_the_file_is_named_otherwise(tmp_path):
    project = project_of(tmp_path, {".planning/ROADMAP.md": ROADMAP,
                                    ".planning/phases/03-export/03-02-PLAN.md":
                                        plan("    - infra/s3.tf\n", head="phase: 03-export\nplan: 02\n")})
    assert item(project, "03-02").evidence == ("infra/s3.tf",)


def test_plan_checklists_are_not_items(tmp_path):
    body = "\n<verification>\n- [ ] pytest passes\n- [x] ruff is clean\n</verification>\n"
    project = project_of(tmp_path, {".planning/ROADMAP.md": ROADMAP, PLAN: plan(STRINGS, body=body)})
    assert [i.id for i in project.items] == ["Phase 3", "03-01", "03-02"]


def test_plan_without_an_item_is_a_warning(tmp_path):
    project = project_of(tmp_path, {".planning/ROADMAP.md": "- [ ] **Phase 1: Setup**\n", PLAN: plan(STRINGS)})
    doc = next(d for d in project.documents if d.path == PLAN)
    assert [n.code for n in doc.warnings] == ["plan-without-item"]


def test_plan_without_must_haves_declares_nothing(tmp_path):
    project = project_of(tmp_path, {".planning/ROADMAP.md": ROADMAP, PLAN: "---\nphase: 03-export\nplan: 01\n---\n"})
    assert not project.errors and item(project, "03-01").evidence == ()


@pytest.mark.parametrize(("text", "line", "words"), [
    ("---\nphase: 03-export\nplan: [01\n---\n", 3, "invalid YAML"),
    ("---\nphase: 03\nmust_haves: [a, b]\n---\n", 3, "`must_haves` must be a mapping"),
    ("---\nmust_haves:\n  artifacts: src/a.py\n---\n", 3, "must be a list"),
    ("---\nmust_haves:\n  artifacts:\n    - src/a.py\n    - provides: nothing\n---\n", 5, "needs a path"),
    ("---\nphase: 03\nmust_haves:\n  artifacts:\n    - src/a.py\n", 1, "never closed"),
])
def test_malformed_front_matter_is_refused_at_its_line_and_the_roadmap_still_loads(tmp_path, text, line, words):
    project = project_of(tmp_path, {".planning/ROADMAP.md": ROADMAP, PLAN: text})
    assert [path for path, _ in project.errors] == [PLAN]
    message = project.errors[0][1]
    assert message.startswith(f"{PLAN}:{line}: ") and words in message, message
    assert [i.id for i in project.items] == ["Phase 3", "03-01", "03-02"]


def test_plan_speaks_only_about_its_own_planning_folder():
    def doc(path: str, items=(), declared=None) -> Document:
        return Document(path=path, format="markdown", items=tuple(items), declared_evidence=declared or {})

    bullet = Item(id="03-01", title="CSV", status=Status.DONE, kind="check", source=Span(path="b/.planning/ROADMAP.md", line=1))
    docs = attach_declared([doc("a/.planning/phases/03-x/03-01-PLAN.md", declared={"03-01": ("src/a.py",)}),
                            doc("b/.planning/ROADMAP.md", [bullet])])
    assert docs[1].items[0].evidence == () and [n.code for n in docs[0].warnings] == ["plan-without-item"]
    bullet_a = Item(id="3-1", title="CSV", status=Status.DONE, kind="check", source=Span(path="a/.planning/ROADMAP.md", line=1))
    docs = attach_declared([doc("a/.planning/phases/03-x/03-01-PLAN.md", declared={"03-01": ("src/a.py",)}),
                            doc("a/.planning/ROADMAP.md", [bullet_a])])
    assert docs[1].items[0].evidence == ("src/a.py",) and docs[0].warnings == ()


def test_done_plan_with_its_artifacts_committed_passes_the_evidence_rules(repo):
    commit(repo, {".planning/ROADMAP.md": ROADMAP, PLAN: plan(STRINGS),
                  "src/export/csv.py": "def write(rows):\n    return rows\n",
                  "tests/test_csv.py": "def test_write():\n    assert True\n"})
    proc = run_cli("check", "--select", "TRK101,TRK102,TRK301", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stdout


def test_done_plan_whose_artifact_is_missing_is_a_finding(repo):
    commit(repo, {".planning/ROADMAP.md": ROADMAP, PLAN: plan(STRINGS), "src/export/csv.py": "x = 1\n"})
    proc = run_cli("check", "--select", "TRK102", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "TRK102 03-01" in proc.stdout and "tests/test_csv.py" in proc.stdout


def test_artifact_leaving_the_repository_is_refused(repo):
    commit(repo, {".planning/ROADMAP.md": ROADMAP, PLAN: plan("    - ../../etc/passwd\n")})
    proc = run_cli("check", "--select", "TRK301", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "TRK301 03-01" in proc.stdout


def test_plan_symlinked_out_of_the_repository_is_refused(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "03-01-PLAN.md"
    outside.write_text(plan(STRINGS))
    commit(repo, {".planning/ROADMAP.md": ROADMAP})
    (repo / ".planning/phases/03-export").mkdir(parents=True)
    os.symlink(outside, repo / PLAN)
    proc = run_cli("check", "--select", "TRK005,TRK101", cwd=repo, env=ENV)
    assert "TRK005" in proc.stdout and PLAN in proc.stdout
    assert "TRK101 03-01" in proc.stdout  # the plan's artifacts were not read: the done bullet has no evidence
