"""Spec Kit tasks.md: `T001` IDs, `[P]`/`[USn]` tags kept out of the ID, named paths as declared outputs."""

from __future__ import annotations

import pytest

from tests.formats.conformance import check_case, load

P = "specs/004-invoices/tasks.md"

CASES = {
    "setup-phase": ("# Tasks: Invoices\n\n## Phase 1: Setup\n- [x] T001 Create the package layout in src/invoices/\n",
                    [("T001", "done", (), ("src/invoices/",))]),
    "parallel-tag": ("## Phase 2: Foundational\n- [ ] T004 [P] Add the money type in src/money.py\n",
                     [("T004", "todo", (), ("src/money.py",))]),
    "story-tag": ("## Phase 3: User Story 1\n- [ ] T010 [P] [US1] Invoice model in src/models/invoice.py\n",
                  [("T010", "todo", (), ("src/models/invoice.py",))]),
    "inline-depends": ("- [x] T010 Model in src/models/a.py\n- [ ] T011 [US1] Endpoint in src/api/a.py (depends on T010)\n",
                       [("T010", "done", (), ("src/models/a.py",)), ("T011", "todo", ("T010",), ("src/api/a.py",))]),
    "no-path": ("- [ ] T020 Review the error messages with support\n", [("T020", "todo", (), ())]),
    "two-paths": ("- [ ] T030 Move helpers from src/util.py to src/helpers/time.py\n",
                  [("T030", "todo", (), ("src/util.py", "src/helpers/time.py"))]),
    "numbers-are-not-paths": ("- [x] T040 Keep p95 under 52.4 ms for 1/6 of the load\n", [("T040", "done", (), ())]),
    "backticked-path": ("- [ ] T050 [US2] Write `tests/contract/test_pay.py`\n",
                        [("T050", "todo", (), ("tests/contract/test_pay.py",))]),
    "polish-phase-many": ("## Phase N: Polish\n- [x] T090 [P] Docs in docs/invoices.md\n- [ ] T091 Run quickstart.md\n",
                          [("T090", "done", (), ("docs/invoices.md",)), ("T091", "todo", (), ("quickstart.md",))]),
    "checkpoint-prose-ignored": ("## Phase 3\n\n**Checkpoint**: story 1 works on its own\n\n- [ ] T012 [US1] Wire it\n",
                                 [("T012", "todo", (), ())]),
    "depends-on-a-list": ("- [x] T012 [P] Model A in src/a.py\n- [x] T013 [P] Model B in src/b.py\n"
                          "- [ ] T014 Service in src/svc.py (depends on T012, T013)\n",
                          [("T012", "done", (), ("src/a.py",)), ("T013", "done", (), ("src/b.py",)),
                           ("T014", "todo", ("T012", "T013"), ("src/svc.py",))]),
    "prose-slash-is-not-an-output": ("- [ ] T005 [P] Add authentication/authorization middleware\n",
                                     [("T005", "todo", (), ())]),
    "blocked-by": ("- [ ] T060 Deploy\n- [ ] T061 Smoke test, blocked by T060\n",
                   [("T060", "todo", (), ()), ("T061", "todo", ("T060",), ())]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_speckit_fixture(tmp_path, name):
    text, expected = CASES[name]
    check_case(tmp_path, P, text, expected)


def test_tags_are_attributes_not_id(tmp_path):
    item = load(tmp_path, P, "- [ ] T010 [P] [US1] Invoice model\n").items[0]
    assert (item.id, item.title, item.notes) == ("T010", "Invoice model", "[P] [US1]")


def test_detected_by_content_outside_specs(tmp_path):
    items = load(tmp_path, "work/tasks.md", "- [ ] T001 Create src/app.py\n").items
    assert items[0].evidence == ("src/app.py",)
