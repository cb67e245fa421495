"""Items vanish silently: the change makes a table stop being a tracker, so its claims are not read at all.

Every item the base read that is no longer read while its file still names it is TRK006 item-unread, an error
of the change. A row deleted on purpose is only a transition.
"""

from __future__ import annotations

from tests.adversarial.conftest import Repo, check_base, commit_with_hook, set_row

PLAN = "trackers/plan.md"


def _edit(repo: Repo, old: str, new: str) -> None:
    path = repo.path / PLAN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _assert_unread(verdict, item: str = "A-2", line: int = 6) -> None:
    assert verdict.code == 1, verdict.out
    assert verdict.names(PLAN, line, "TRK006"), verdict.out
    assert f"{item} (todo at main" in verdict.out or f"{item} (done at main" in verdict.out, verdict.out


def test_status_header_renamed(project: Repo):
    set_row(project, "A-2", "done")
    _edit(project, "| ID | Task | Status | Evidence |", "| ID | Task | State of play | Evidence |")
    _assert_unread(check_base(project))


def test_table_wrapped_in_an_html_comment(project: Repo):
    set_row(project, "A-2", "done")
    _edit(project, "| ID |", "<!--\n| ID |")
    with (project.path / PLAN).open("a", encoding="utf-8") as handle:
        handle.write("-->\n")
    _assert_unread(check_base(project), line=7)


def test_table_moved_into_a_code_fence(project: Repo):
    set_row(project, "A-2", "done")
    _edit(project, "| ID |", "```\n| ID |")
    with (project.path / PLAN).open("a", encoding="utf-8") as handle:
        handle.write("```\n")
    _assert_unread(check_base(project), line=7)


def test_statuses_turned_into_unknown_words(project: Repo):
    for item in ("A-1", "A-2", "A-3"):
        set_row(project, item, "zzz" if item != "A-2" else "done")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names(PLAN, 5, "TRK006") or verdict.names(PLAN, 5, "TRK001"), verdict.out


def test_file_dropped_from_the_globs_with_an_approved_policy_change(project: Repo):
    """Even when CI approves the policy change, the items it stops reading are findings of the change."""
    project.write("tracker.yaml", "trackers: ['other/**/*.md']\n")
    set_row(project, "A-2", "done")
    verdict = check_base(project, "--allow-policy-change")
    assert verdict.code == 1, verdict.out
    assert verdict.names(PLAN, 6, "TRK006"), verdict.out


def test_tracker_renamed_out_of_the_globs(project: Repo):
    project.git("mv", PLAN, "trackers/plan.md.txt")
    set_row(project, "A-2", "done", path="trackers/plan.md.txt")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names(PLAN, None, "TRK006") and "was deleted or renamed" in verdict.out, verdict.out


def test_tracker_deleted_on_purpose_needs_approval(project: Repo):
    project.git("rm", "-q", PLAN)
    project.write("trackers/next.md", "# Next\n\n| ID | Task | Status | Evidence |\n|---|---|---|---|\n"
                                      "| B-1 | Plan the next phase | todo | |\n")
    assert check_base(project).code == 1
    approved = project.tracker("check", "--base", "main", "--allow-policy-change")
    assert approved.returncode == 0, approved.stdout + approved.stderr


def test_hook_status_header_renamed(project: Repo):
    set_row(project, "A-2", "done")
    _edit(project, "| ID | Task | Status | Evidence |", "| ID | Task | State of play | Evidence |")
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:6: TRK006" in verdict.out


# -- legitimate: a row deleted on purpose -------------------------------------------------------------
def test_deleting_a_row_is_a_transition_not_a_finding(project: Repo):
    _edit(project, "| A-3 | Publish the report | todo |  |\n", "")
    verdict = check_base(project)
    assert verdict.code == 0, verdict.out
    assert "A-3 todo → (removed)" in verdict.out
