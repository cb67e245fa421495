"""OpenSpec openspec/changes/NAME/tasks.md: `## 1. Group` headings, `- [ ] 1.1 task` items."""

from __future__ import annotations

import pytest

from tests.formats.conformance import check_case

P = "openspec/changes/add-search/tasks.md"

CASES = {
    "one-group": ("## 1. Index\n- [x] 1.1 Create the index table\n- [ ] 1.2 Backfill\n",
                  [("1.1", "done", (), ()), ("1.2", "todo", (), ())]),
    "two-groups": ("## 1. Index\n- [x] 1.1 Table\n\n## 2. API\n- [ ] 2.1 Expose /search\n",
                   [("1.1", "done", (), ()), ("2.1", "todo", (), ())]),
    "three-levels": ("## 3. Ops\n- [ ] 3.1 Alerts\n  - [ ] 3.1.1 Pager rule\n",
                     [("3.1", "todo", (), ()), ("3.1.1", "todo", (), ())]),
    "letter-suffix": ("## 1. Core\n- [x] 1.1a Parser\n- [x] 1.1b Lexer\n- [ ] 1.2 Depends on [1.1a, 1.1b]\n",
                      [("1.1a", "done", (), ()), ("1.1b", "done", (), ()), ("1.2", "todo", ("1.1a", "1.1b"), ())]),
    "group-title-change-keeps-ids": ("## 1. Index (renamed)\n- [ ] 1.1 Table\n", [("1.1", "todo", (), ())]),
    "unnumbered-task": ("## 4. Docs\n- [ ] Update the README search section\n",
                        [("#update-the-readme-search-section", "todo", (), ())]),
    "evidence-link": ("## 1. Index\n- [x] 1.1 Table\n  - Evidence: [migration log](evidence/mig.txt)\n",
                      [("1.1", "done", (), ("evidence/mig.txt",))]),
    "version-is-not-evidence": ("## 1. Deps\n- [x] 1.1 Bump the client to v2.3.1\n", [("1.1", "done", (), ())]),
    "depends-line": ("## 2. API\n- [x] 2.1 Handler\n- [ ] 2.2 Pagination\n  - Depends on: 2.1\n",
                     [("2.1", "done", (), ()), ("2.2", "todo", ("2.1",), ())]),
    "html-comment-ignored": ("## 1. A\n<!-- - [x] 1.9 hidden -->\n- [ ] 1.1 Visible\n", [("1.1", "todo", (), ())]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_openspec_fixture(tmp_path, name):
    text, expected = CASES[name]
    check_case(tmp_path, P, text, expected)
