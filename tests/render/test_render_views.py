"""The region views, rendered from real projects: matrix, progress, snapshot, blockers, graph, findings."""

from __future__ import annotations

import datetime as dt

from tracker.project import load_project
from tracker.commands.regions import render_document

DOC = """\
# Views

| ID | Workstream | Task | Status | Evidence | Depends on | Notes |
|---|---|---|---|---|---|---|
| W-1 | Core | Parser | done | `evidence/w1.md` | | |
| W-2 | Core | Writer | in_progress | | W-1 | |
| W-3 | Core | Renderer | blocked | | | waiting for design "v2" |
| W-4 | Docs | Guide | todo | | W-2 | |
| W-5 | Docs | FAQ | todo | | | |
| W-6 | Docs | Old page | dropped | | | |

{region}
"""
OTHER = """\
| ID | Task | Status |
|---|---|---|
| X-1 | Elsewhere | done |
"""
TODAY = dt.date(2026, 3, 1)


def _render(repo, region: str, files: dict | None = None) -> str:
    text = DOC.format(region=region)
    root = repo({"trackers/views.md": text, "trackers/other.md": OTHER, "evidence/w1.md": "proof\n", **(files or {})})
    result = render_document(load_project(root=root), "trackers/views.md", text, TODAY)
    assert result.changed and [r.state for r in result.regions] == ["stale"]
    body = result.new.split(region.splitlines()[0] + "\n", 1)[1]
    return body.rsplit("\n<!-- /tracker:", 1)[0]


def test_matrix_counts_per_group(repo):
    body = _render(repo, "<!-- tracker:matrix -->\n<!-- /tracker:matrix -->")
    assert body.splitlines() == [
        "| Group | todo | in_progress | blocked | paused | done | dropped | total |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        "| Core | 0 | 1 | 1 | 0 | 1 | 0 | 3 |",
        "| Docs | 2 | 0 | 0 | 0 | 0 | 1 | 3 |",
        "| **total** | **2** | **1** | **1** | **0** | **1** | **1** | **6** |",
    ]


def test_matrix_scope_glob_spans_documents(repo):
    body = _render(repo, "<!-- tracker:matrix scope=trackers/*.md -->\n<!-- /tracker:matrix -->")
    assert "| **total** | **2** | **1** | **1** | **0** | **2** | **1** | **7** |" in body


def test_progress_bars_skip_dropped(repo):
    body = _render(repo, "<!-- tracker:progress -->\n<!-- /tracker:progress -->")
    lines = body.splitlines()
    assert lines[2] == "| Core | 1/3 | `" + "█" * 7 + "░" * 13 + "` 33% |"
    assert lines[3] == "| Docs | 0/2 | `" + "░" * 20 + "` 0% |"


def test_snapshot_uses_injected_clock_and_lists_blocked_and_ready(repo):
    body = _render(repo, "<!-- tracker:snapshot limit=1 -->\n<!-- /tracker:snapshot -->")
    assert body.splitlines() == [
        "**Snapshot 2026-03-01**: 6 items (todo 2, in_progress 1, blocked 1, done 1, dropped 1)",
        "",
        "Blocked:",
        '- `W-3` Renderer: waiting for design "v2"',
        "",
        "Next ready:",
        "- `W-2` Writer (in_progress)",
    ]


def test_graph_is_mermaid_with_edges_and_status_classes(repo):
    body = _render(repo, "<!-- tracker:graph direction=TB -->\n<!-- /tracker:graph -->")
    lines = body.splitlines()
    assert lines[0] == "```mermaid" and lines[1] == "flowchart TB" and lines[-1] == "```"
    assert '  n0["W-1: Parser"]:::done' in lines
    assert '  n2["W-3: Renderer"]:::blocked' in lines
    assert "  n0 --> n1" in lines and "  n1 --> n3" in lines
    assert any(line.startswith("  classDef blocked fill:") for line in lines)


def test_blockers_lists_blocked_items_and_failing_gates(repo):
    gate = "name: release\nrequires: [W-2]\nblocks: [W-5]\n"
    body = _render(repo, "<!-- tracker:blockers -->\n<!-- /tracker:blockers -->", {"gates/release.yaml": gate})
    lines = body.splitlines()
    assert lines[0] == "| Blocker | Kind | Reason |"
    assert lines[2].startswith("| `W-3` Renderer | item | waiting for design")
    assert any(line.startswith("| release | gate |") for line in lines)


def test_findings_table_has_no_line_numbers(repo):
    body = _render(repo, "<!-- tracker:findings -->\n<!-- /tracker:findings -->",
                   {"trackers/bad.md": "| ID | Task | Status | Evidence |\n|---|---|---|---|\n| B-1 | x | done | |\n"})
    assert body.splitlines()[0] == "| Code | Rule | Severity | Item | File | Message |"
    assert any("| B-1 | trackers/bad.md |" in line and "done-without-evidence" in line for line in body.splitlines())
    assert ":3" not in body
