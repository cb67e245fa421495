"""Hand-typed progress (`60%`, a text bar, `3/3 tasks complete`) that disagrees with the items is noted."""

from __future__ import annotations

import pytest

from tracker.parse.markdown import parse_markdown

TASKS = "- [x] a\n- [x] b\n- [ ] c\n"


def stale(text: str) -> list[int]:
    return [n.line for n in parse_markdown(text, "p.md").warnings if n.code == "stale-progress"]


@pytest.mark.parametrize("line", ["Progress: [██████░░░░] 80%", "Overall progress: 100%", "3/3 tasks complete",
                                  "3 of 3 done", "Progress: [#######...] 70%"])
def test_disagreeing_progress_is_noted(line):
    assert stale(f"# Plan\n\n{line}\n\n{TASKS}") == [3]


@pytest.mark.parametrize("line", ["Progress: [██████▒▒▒▒] 67%", "2/3 tasks complete", "2 of 3 done",
                                  "Latency fell by 59%", "Phase 2 progress: 10%", "514/1,537 days (33.4%)",
                                  "33% complete, ETA 20:42"])
def test_agreeing_or_unrelated_numbers_are_not(line):
    assert stale(f"# Plan\n\n{line}\n\n{TASKS}") == []


def test_progress_under_a_heading_counts_that_section():
    text = "# Plan\n\n## A\n1/1 tasks done\n- [x] a1\n\n## B\n- [ ] b1\n"
    assert stale(text) == []


def test_stale_progress_is_reported_as_trk111(repo):
    from tests.commands.test_close_cli import ENV, commit
    from tests.conftest import run_cli

    commit(repo, {"trackers/plan.md": "# Plan\n\nOverall progress: 100%\n\n" + TASKS})
    proc = run_cli("check", "--select", "TRK111", cwd=repo, env=ENV)
    assert "TRK111" in proc.stdout and "says 100%" in proc.stdout
