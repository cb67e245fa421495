"""`tracker render`: only stale regions change, no-ops never write, hand edits are refused, --check/--diff for CI."""

from __future__ import annotations

import os

from .conftest import run_tracker

PLAN = """\
# Plan

Intro prose stays.

<!-- tracker:matrix -->
<!-- /tracker:matrix -->

| ID | Task | Status | Evidence | Depends on |
|---|---|---|---|---|
| A-1 | First | done | `evidence/a1.md` | |
| A-2 | Second | todo | | A-1 |
| A-3 | Third | blocked | | A-2 |

```markdown
<!-- tracker:matrix -->
<!-- /tracker:matrix -->
```

Outro prose stays.
"""
NO_REGIONS = PLAN.replace("<!-- tracker:matrix -->\n<!-- /tracker:matrix -->\n\n| ID", "| ID")
FILES = {"trackers/plan.md": PLAN, "evidence/a1.md": "proof\n"}
OLD = 1_000_000_000  # an mtime far in the past, to see whether a file was written


def _age(path):
    os.utime(path, (OLD, OLD))


def test_no_regions_is_a_byte_identical_noop(repo, tracker_in):
    root = repo({"trackers/plan.md": NO_REGIONS.replace("\n", "\r\n"), "evidence/a1.md": "proof\n"})
    path = root / "trackers/plan.md"
    before = path.read_bytes()
    _age(path)
    assert tracker_in(root, "render") == 0
    assert path.read_bytes() == before
    assert path.stat().st_mtime == OLD


def test_render_then_second_render_is_noop(repo, tracker_in):
    root = repo(FILES)
    path = root / "trackers/plan.md"
    assert tracker_in(root, "render") == 0
    text = path.read_text()
    head, _, rest = text.partition("<!-- /tracker:matrix checksum=")
    assert head.startswith("# Plan\n\nIntro prose stays.\n\n<!-- tracker:matrix -->\n| Group | todo |")
    assert "| **total** | **1** | **0** | **1** | **0** | **1** | **0** | **3** |" in head
    # Everything after the region is untouched, including the region-like lines inside the code fence.
    assert rest.split("\n", 1)[1] == PLAN.split("<!-- /tracker:matrix -->\n", 1)[1]
    _age(path)
    assert tracker_in(root, "render") == 0
    assert path.read_text() == text and path.stat().st_mtime == OLD


def test_crlf_and_bom_document_keeps_its_style(repo, tracker_in):
    data = ("\ufeff" + PLAN).replace("\n", "\r\n").encode()
    root = repo({"trackers/plan.md": data, "evidence/a1.md": "proof\n"})
    assert tracker_in(root, "render") == 0
    after = (root / "trackers/plan.md").read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# Plan\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert after.endswith(data.split(b"<!-- /tracker:matrix -->\r\n", 1)[1])


def test_hand_edited_region_is_refused_unless_force(repo, tracker_in):
    root = repo(FILES)
    path = root / "trackers/plan.md"
    assert tracker_in(root, "render") == 0
    edited = path.read_text().replace("| Group | todo |", "| Group (my note) | todo |")
    path.write_text(edited)
    assert tracker_in(root, "render") == 1
    assert path.read_text() == edited
    proc = run_tracker(root, "render", "--check")
    assert proc.returncode == 1 and "TRK402" in proc.stderr and "matrix" in proc.stderr
    assert tracker_in(root, "render", "--force") == 0
    assert "(my note)" not in path.read_text()
    assert tracker_in(root, "render", "--check") == 0


def test_check_exits_1_when_stale_and_diff_prints_unified_diff(repo):
    root = repo(FILES)
    path = root / "trackers/plan.md"
    before = path.read_bytes()
    proc = run_tracker(root, "render", "--check")
    assert proc.returncode == 1 and proc.stdout == ""
    proc = run_tracker(root, "render", "--check", "--diff")
    assert proc.returncode == 1
    assert proc.stdout.startswith("--- a/trackers/plan.md\n+++ b/trackers/plan.md\n@@")
    assert "+| Group | todo | in_progress | blocked | paused | done | dropped | total |" in proc.stdout
    assert path.read_bytes() == before  # --check writes nothing
    assert run_tracker(root, "render").returncode == 0
    proc = run_tracker(root, "render", "--check", "--diff")
    assert (proc.returncode, proc.stdout) == (0, "")


def test_stale_after_table_edit_and_close_rerenders(repo, tracker_in):
    root = repo({**FILES, "evidence/a2.md": "proof\n"})
    path = root / "trackers/plan.md"
    assert tracker_in(root, "render") == 0
    assert tracker_in(root, "close", "A-2", "--evidence", "evidence/a2.md") == 0
    text = path.read_text()
    assert "| **total** | **0** | **0** | **1** | **0** | **2** | **0** | **3** |" in text
    assert tracker_in(root, "render", "--check") == 0


def test_check_use_case_reports_stale_and_hand_edited_regions(repo, tracker_in):
    import datetime as dt

    from tracker.commands.regions import check_with_regions
    from tracker.gate.options import CheckOptions
    from tracker.project import load_project

    def codes_of(root):
        return [f.code for f in check_with_regions(load_project(root=root), CheckOptions(today=TODAY)).findings]

    TODAY = dt.date(2026, 3, 1)
    root = repo(FILES)
    codes = codes_of(root)
    assert "TRK401" in codes and "TRK402" not in codes
    assert tracker_in(root, "render") == 0
    assert "TRK401" not in codes_of(root)
    path = root / "trackers/plan.md"
    path.write_text(path.read_text().replace("| Group |", "| Groups |"))
    found = [f for f in check_with_regions(load_project(root=root), CheckOptions(today=TODAY)).findings if f.code == "TRK402"]
    assert len(found) == 1 and found[0].path == "trackers/plan.md" and found[0].line == 5


def test_gate_region_rule_only_turns_given_states_into_findings(repo):
    """The gate never renders: without states it reports nothing; with states it reports exactly those."""
    from tracker.gate.engine import run_check
    from tracker.gate.options import CheckOptions
    from tracker.parse.regions import RegionState
    from tracker.project import load_project

    project = load_project(root=repo(FILES))
    today = __import__("datetime").date(2026, 3, 1)
    assert not [f for f in run_check(project, CheckOptions(today=today)).findings if f.code in ("TRK401", "TRK402")]
    states = (RegionState("trackers/plan.md", "matrix", 5, "stale"),
              RegionState("trackers/plan.md", "graph", 9, "hand-edited", "edited by hand"),
              RegionState("trackers/plan.md", "progress", 12, "fresh"))
    found = [(f.code, f.line) for f in run_check(project, CheckOptions(regions=states, today=today)).findings
             if f.code in ("TRK401", "TRK402")]
    assert found == [("TRK401", 5), ("TRK402", 9)]


def test_unknown_view_and_unclosed_region_are_errors(repo):
    root = repo({"trackers/plan.md": PLAN.replace("tracker:matrix", "tracker:nosuch", 2)
                 + "\n<!-- tracker:progress -->\n", "evidence/a1.md": "proof\n"})
    before = (root / "trackers/plan.md").read_bytes()
    proc = run_tracker(root, "render")
    assert proc.returncode == 1
    assert "unknown view 'nosuch'" in proc.stderr and "no closing marker" in proc.stderr
    assert (root / "trackers/plan.md").read_bytes() == before


def test_findings_region_settles_after_one_render(repo, tracker_in):
    doc = ("# F\n\n<!-- tracker:findings -->\n<!-- /tracker:findings -->\n\n| ID | Task | Status | Evidence |\n"
           "|---|---|---|---|\n| D-1 | a | done | |\n| D-1 | b | todo | |\n")
    root = repo({"trackers/f.md": doc})
    assert tracker_in(root, "render") == 0
    text = (root / "trackers/f.md").read_text()
    assert "duplicate-id" in text and "f.md:" not in text
    assert tracker_in(root, "render", "--check") == 0
