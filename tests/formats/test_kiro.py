"""Kiro .kiro/specs/NAME/tasks.md: numbered IDs, `[-]` in progress, `[~]` queued, `[ ]*` optional, `_Depends:_`."""

from __future__ import annotations

import pytest

from tests.formats.conformance import check_case, load

P = ".kiro/specs/billing/tasks.md"

CASES = {
    "flat-numbered": ("# Implementation Plan\n\n- [x] 1. Create the invoice table\n- [ ] 2. Price calculator\n",
                      [("1", "done", (), ()), ("2", "todo", (), ())]),
    "nested-subtasks": ("- [-] 1. Payments\n  - [x] 1.1 Card capture\n  - [ ] 1.2 Refunds\n",
                        [("1", "in_progress", (), ()), ("1.1", "done", (), ()), ("1.2", "todo", (), ())]),
    "queued": ("- [~] 3. Dunning emails\n- [ ] 4. Tax export\n", [("3", "todo", (), ()), ("4", "todo", (), ())]),
    "optional-star": ("- [x] 2. Ledger\n- [ ]* 2.1 Fuzz the ledger\n", [("2", "done", (), ()), ("2.1", "todo", (), ())]),
    "optional-escaped": ("- [ ]\\* 5.2 Load test the API\n", [("5.2", "todo", (), ())]),
    "depends-line": ("- [x] 1. Schema\n- [ ] 2. Migrations\n  - Write the up and down scripts\n  - _Depends: 1_\n",
                     [("1", "done", (), ()), ("2", "todo", ("1",), ())]),
    "requirements-are-not-dependencies": (
        "- [ ] 1. Accounts\n- [ ] 2. Login form\n  - _Requirements: 1.1, 1.3_\n",
        [("1", "todo", (), ()), ("2", "todo", (), ())]),
    "depends-several": ("- [x] 1. A\n- [x] 2. B\n- [ ] 3. C\n  - _Depends: 1, 2_\n",
                        [("1", "done", (), ()), ("2", "done", (), ()), ("3", "todo", ("1", "2"), ())]),
    "evidence-line": ("- [x] 1. Webhooks\n  - Evidence: `evidence/webhooks.md`\n",
                      [("1", "done", (), ("evidence/webhooks.md",))]),
    "code-fence-is-not-a-task": ("- [ ] 1. Real\n\n```md\n- [x] 9. Example only\n```\n", [("1", "todo", (), ())]),
    "capital-x-and-unnumbered": ("- [X] 1. Setup\n- [ ] Write the runbook\n",
                                 [("1", "done", (), ()), ("#write-the-runbook", "todo", (), ())]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_kiro_fixture(tmp_path, name):
    text, expected = CASES[name]
    check_case(tmp_path, P, text, expected)


def test_optional_tasks_are_flagged(tmp_path):
    items = load(tmp_path, P, "- [ ]* 1.1 Extra tests\n- [ ] 1.2 Core\n").items
    assert [i.optional for i in items] == [True, False]


def test_done_parent_with_open_subtask_is_noted(tmp_path):
    doc = load(tmp_path, P, "- [x] 1. Payments\n  - [ ] 1.1 Refunds\n").documents[0]
    assert [n.code for n in doc.warnings] == ["parent-done-children-open"]
