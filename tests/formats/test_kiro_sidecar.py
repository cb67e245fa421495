"""Kiro's .tasks-meta.json beside tasks.md: its statuses are claims on the tasks, and a sidecar it cannot read is a finding."""

from __future__ import annotations

import os

import pytest

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli
from tests.formats.conformance import load
from tracker.errors import InputError
from tracker.parse.formats.kiro_sidecar import parse_tasks_meta
from tracker.parse.vocabulary import DEFAULT

SPEC = ".kiro/specs/billing/"
TASKS = "# Implementation Plan\n\n- [-] 1. Payments\n  - [x] 1.1 Card capture\n  - [ ] 1.2 Refunds\n"
AGREES = '{\n  "version": 1,\n  "tasks": {\n    "1": "in_progress",\n    "1.1": {"status": "completed"},\n' \
         '    "1.2": "Not Started"\n  }\n}\n'


def claims(text: str) -> list[tuple[str, str, int]]:
    doc = parse_tasks_meta(text, SPEC + ".tasks-meta.json", DEFAULT)
    return [(c.id, c.status.value, c.line) for c in doc.claims]


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        parse_tasks_meta(text, SPEC + ".tasks-meta.json", DEFAULT)
    return caught.value


def test_mapping_form_gives_one_claim_per_task_at_its_line():
    assert claims(AGREES) == [("1", "in_progress", 4), ("1.1", "done", 5), ("1.2", "todo", 6)]


def test_list_form_and_queued():
    text = '{"tasks": [\n  {"id": "2.1", "status": "queued"},\n  {"id": 3, "status": "done"}\n]}\n'
    assert claims(text) == [("2.1", "todo", 2), ("3", "done", 3)]


def test_many_entries_each_at_its_own_line():
    entries = ",\n".join(f'  "{n}.{k}": "done"' for n in range(1, 40) for k in range(1, 30))
    found = claims('{"tasks": {\n' + entries + "\n}}\n")
    assert [line for _, _, line in found] == list(range(2, 2 + 39 * 29))


def test_without_tasks_is_a_warning_not_an_error():
    doc = parse_tasks_meta('{"waves": [["1"], ["2"]]}', SPEC + ".tasks-meta.json", DEFAULT)
    assert doc.claims == () and [n.code for n in doc.warnings] == ["sidecar-without-statuses"]


@pytest.mark.parametrize(("text", "line", "words"), [
    ('{\n  "tasks": {\n    "1": "done",\n  }\n}\n', 4, "invalid JSON"),  # trailing comma
    ('[1, 2]\n', 1, "JSON object"),
    ('{\n  "tasks": "all done"\n}\n', 2, "`tasks` must map"),
    ('{"tasks": {\n  "1": "finito"\n}}\n', 2, "not a known status word"),
    ('{"tasks": {\n  "1": {"state": "done"}\n}}\n', 2, "has no status"),
    ('{"tasks": {\n  "1": "done",\n  "1": "todo"\n}}\n', 3, "appears twice"),  # the second one
    ('{"tasks": [\n  {"status": "done"}\n]}\n', 1, "no string `id`"),
    ("[" * 100_000 + "]" * 100_000, 1, "nested too deeply"),
])
def test_malformed_sidecar_is_refused_at_its_line(text, line, words):
    error = refused(text)
    assert error.path == SPEC + ".tasks-meta.json" and error.line == line and words in error.message


def test_sidecar_is_found_by_the_default_globs(tmp_path):
    (tmp_path / SPEC).mkdir(parents=True)
    (tmp_path / SPEC / ".tasks-meta.json").write_text(AGREES)
    project = load(tmp_path, SPEC + "tasks.md", TASKS)
    assert [d.path for d in project.documents] == [SPEC + "tasks.md"]  # named paths: only that file
    from tracker.project import load_project

    found = load_project(cwd=tmp_path, root=tmp_path)
    assert sorted(d.path for d in found.documents) == [SPEC + ".tasks-meta.json", SPEC + "tasks.md"]
    assert not found.errors


def test_agreeing_sidecar_is_clean(repo):
    commit(repo, {SPEC + "tasks.md": TASKS, SPEC + ".tasks-meta.json": AGREES})
    proc = run_cli("check", "--select", "TRK106,TRK005", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_disagreeing_sidecar_is_a_conflict_naming_both_files(repo):
    commit(repo, {SPEC + "tasks.md": TASKS, SPEC + ".tasks-meta.json": AGREES.replace('"Not Started"', '"completed"')})
    proc = run_cli("check", "--select", "TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if "TRK106" in line]
    assert len(lines) == 1
    assert f"{SPEC}.tasks-meta.json:6: TRK106 1.2 is todo at {SPEC}tasks.md:5" in lines[0]
    assert "sidecar says done" in lines[0]


def test_sidecar_speaks_only_about_its_own_tasks_md(repo):
    # Spec `a` has its own 1.1 (done); spec `b`'s sidecar agrees with b's 1.1, so nothing conflicts.
    commit(repo, {".kiro/specs/a/tasks.md": "- [x] 1.1 Card capture\n",
                  ".kiro/specs/b/tasks.md": "- [ ] 1.1 Export\n",
                  ".kiro/specs/b/.tasks-meta.json": '{"tasks": {"1.1": "not started"}}\n'})
    proc = run_cli("check", "--select", "TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stdout


def test_unreadable_sidecar_is_a_finding_and_the_rest_still_loads(repo):
    commit(repo, {SPEC + "tasks.md": TASKS, SPEC + ".tasks-meta.json": '{"tasks": {\n  "1": done\n}}\n'})
    proc = run_cli("check", "--select", "TRK005", cwd=repo, env=ENV)
    assert proc.returncode == 2  # unreadable input
    assert f"{SPEC}.tasks-meta.json" in proc.stdout and "TRK005" in proc.stdout and ":2:" in proc.stdout
    status = run_cli("status", "--format", "json", cwd=repo, env=ENV)
    assert '"1.2"' in status.stdout  # tasks.md was read all the same


def test_sidecar_symlinked_out_of_the_repository_is_refused(repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "meta.json"
    outside.write_text('{"tasks": {"1.2": "completed"}}\n')
    commit(repo, {SPEC + "tasks.md": TASKS})
    os.symlink(outside, repo / SPEC / ".tasks-meta.json")
    proc = run_cli("check", "--select", "TRK005,TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 2, proc.stdout
    assert "TRK005" in proc.stdout and ".tasks-meta.json" in proc.stdout and "TRK106" not in proc.stdout
