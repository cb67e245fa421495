"""New problems counted as old ones: a finding the change introduces is matched against the base's findings by
(path, rule, item or anchor), never by rule and item alone, so it blocks even when an older error exists.

The base here already holds one error (OLD-1 done without evidence), which must stay "outside this change".
"""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import Repo, base_project, check_base, commit_with_hook, set_row

ROWS = (
    ("A-1", "Import the data", "done", "`evidence/a-1.md`"),
    ("A-2", "Validate the import", "todo", ""),
    ("OLD-1", "Legacy task", "done", ""),
)


@pytest.fixture
def legacy(fresh: Repo) -> Repo:
    return base_project(fresh, ROWS)


def _append(repo: Repo, text: str, path: str = "trackers/plan.md") -> None:
    with (repo.path / path).open("a", encoding="utf-8") as handle:
        handle.write(text)


def _assert_new(verdict, line: int, rule: str) -> None:
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", line, rule), verdict.out


def test_old_error_alone_does_not_fail(legacy: Repo):
    legacy.write("notes.md", "unrelated\n")
    verdict = check_base(legacy)
    assert verdict.code == 0, verdict.out
    assert "1 error(s) and 0 warning(s) already in main" in verdict.out


def test_duplicate_id_row_done_without_evidence(legacy: Repo):
    _append(legacy, "| A-1 | Import the data again | done | |\n")
    verdict = check_base(legacy)
    _assert_new(verdict, 8, "TRK002")
    assert verdict.names("trackers/plan.md", 8, "TRK101"), verdict.out


def test_task_list_contradicts_the_table(legacy: Repo):
    _append(legacy, "\n## Checklist\n\n- [x] A-2\n")
    _assert_new(check_base(legacy), 11, "TRK106")


def test_prose_claim_contradicts_the_table(legacy: Repo):
    _append(legacy, "\nUpdate: `A-2` -> `done`\n")
    _assert_new(check_base(legacy), 9, "TRK106")


@pytest.mark.parametrize("word", ["Finished", "✓", "~~todo~~ **DONE**"])
def test_status_the_vocabulary_does_not_know(legacy: Repo, word: str):
    set_row(legacy, "A-2", word)
    _assert_new(check_base(legacy), 6, "TRK001")


def test_second_error_on_an_item_that_already_had_one(legacy: Repo):
    """OLD-1 already fails TRK101; the change adds a missing-evidence link elsewhere: a different key."""
    set_row(legacy, "A-2", "done", "`evidence/never-written.md`")
    _assert_new(check_base(legacy), 6, "TRK102")


def test_hook_unknown_status(legacy: Repo):
    set_row(legacy, "A-2", "Finished")
    verdict = commit_with_hook(legacy)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:6: TRK001" in verdict.out


def test_hook_duplicate_id(legacy: Repo):
    _append(legacy, "| A-1 | Import the data again | done | |\n")
    verdict = commit_with_hook(legacy)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:8: TRK002" in verdict.out
