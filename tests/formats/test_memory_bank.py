"""Cline/Roo memory-bank/progress.md: status emoji at the start of bullets are items."""

from __future__ import annotations

import pytest

from tests.formats.conformance import check_case, load

P = "memory-bank/progress.md"

CASES = {
    "three-states": ("# Progress\n\n- ✅ CLI parses flags\n- 🚧 Retry logic\n- ⬜ Metrics export\n",
                     [("#cli-parses-flags", "done", (), ()), ("#retry-logic", "in_progress", (), ()),
                      ("#metrics-export", "todo", (), ())]),
    "variation-selector": ("- ⏸️ Plugin API\n- ⛔ Windows build\n",
                           [("#plugin-api", "paused", (), ()), ("#windows-build", "blocked", (), ())]),
    "under-headings": ("## What works\n- ✅ Login\n\n## What's left\n- ⬜ Logout\n",
                       [("#login", "done", (), ()), ("#logout", "todo", (), ())]),
    "explicit-id": ("- ✅ MB-3 Cache warmer\n", [("MB-3", "done", (), ())]),
    "plain-bullets-are-not-items": ("## Known issues\n- Slow on large repos\n- ✅ Fixed the leak\n",
                                    [("#fixed-the-leak", "done", (), ())]),
    "checkboxes-too": ("- [x] Wrote the system patterns\n- ⬜ Tech context review\n",
                       [("#wrote-the-system-patterns", "done", (), ()), ("#tech-context-review", "todo", (), ())]),
    "evidence-line": ("- ✅ Export to CSV\n  - Evidence: `evidence/csv.md`\n",
                      [("#export-to-csv", "done", (), ("evidence/csv.md",))]),
    "repeated-words": ("- ✅ Tests\n- ⬜ Tests\n", [("#tests", "done", (), ()), ("#tests-2", "todo", (), ())]),
    "hourglass-and-arrows": ("- ⏳ Docs site\n- 🔄 Migration\n",
                             [("#docs-site", "todo", (), ()), ("#migration", "in_progress", (), ())]),
    "emoji-in-code-fence": ("```\n- ✅ not real\n```\n- 🚧 Real one\n", [("#real-one", "in_progress", (), ())]),
    "depends-phrase": ("- ✅ MB-1 Parser\n- 🚧 MB-2 Formatter (depends on MB-1)\n",
                       [("MB-1", "done", (), ()), ("MB-2", "in_progress", ("MB-1",), ())]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_memory_bank_fixture(tmp_path, name):
    text, expected = CASES[name]
    check_case(tmp_path, P, text, expected)


def test_status_span_is_the_emoji(tmp_path):
    text = "- 🚧 Retry logic\n"
    item = load(tmp_path, P, text).items[0]
    a, b = item.source.status
    assert text.split("\n")[0][a:b] == "🚧"


def test_outside_memory_bank_bullets_are_prose(tmp_path):
    assert load(tmp_path, "trackers/notes.md", "- ✅ CLI done\n").items == []
