"""The change edits its own policy in the same pull request or commit as the claim it wants passed.

Each case: main holds a legitimate project; the change marks A-2 done without evidence (line 6 of
trackers/plan.md) and edits the policy that would excuse it. The base's policy judges it: exit 1 naming the
claim, and the policy edit is listed for review as TRK209.
"""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import Repo, base_project, check_base, commit_with_hook, set_row, table

CLAIM = ("trackers/plan.md", 6, "TRK101")


def _claim(repo: Repo) -> None:
    set_row(repo, "A-2", "done")


def _assert_caught(verdict, policy_line: int | None = None) -> None:
    assert verdict.code == 1, verdict.out
    assert verdict.names(*CLAIM), verdict.out
    if policy_line is not None:
        assert verdict.names("tracker.yaml", policy_line, "TRK209"), verdict.out


@pytest.mark.parametrize("config, line", [
    ("waivers:\n  - {item: A-2, rule: TRK101, reason: proof later}\n", 1),
    ("waivers:\n  - {item: A-2, rule: done-without-evidence, reason: by name}\n", 1),
    ("waivers:\n  - {item: A-2, rule: ' trk101 ', reason: spaced lower case}\n", 1),
    ("rules:\n  TRK101: 'off'\n", 1),
    ("rules:\n  done-without-evidence: warning\n", 1),
    ("statuses:\n  todo: [done]\n", 1),
    ("trackers: ['other/**/*.md']\n", 1),
    ("trackers: ['trackers/**/*.md', '!trackers/plan.md']\n", 1),
], ids=["waiver-code", "waiver-name", "waiver-spaced", "rule-off", "rule-warning", "vocabulary-remaps-done",
        "globs-narrowed", "globs-negated"])
def test_tracker_yaml_edit_does_not_excuse_its_own_claim(project: Repo, config: str, line: int):
    project.write("tracker.yaml", config)
    _claim(project)
    _assert_caught(check_base(project), line)


@pytest.mark.parametrize("config", [
    "waivers:\n  - {item: A-2, rule: TRK101, reason: proof later}\n",
    "rules:\n  TRK101: 'off'\n",
    "statuses:\n  todo: [done]\n",
])
def test_hook_judges_by_heads_policy(project: Repo, config: str):
    project.write("tracker.yaml", config)
    _claim(project)
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:6: TRK101" in verdict.out
    assert "TRK209" in verdict.out


def test_first_commit_is_judged_by_the_defaults_not_its_own_waiver(fresh: Repo):
    fresh.write("tracker.yaml", "waivers:\n  - {item: A-1, rule: TRK101, reason: trust me}\n")
    fresh.write("trackers/plan.md", table(("A-1", "Import", "done", "")))
    verdict = commit_with_hook(fresh, "initial commit")
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:3: TRK101" in verdict.out


def test_existing_tracker_yaml_edited_to_add_a_waiver(fresh: Repo):
    base_project(fresh, config="rules:\n  TRK104: 'off'\n")
    fresh.write("tracker.yaml", "rules:\n  TRK104: 'off'\nwaivers:\n  - {item: A-2, rule: TRK101, reason: later}\n")
    _claim(fresh)
    _assert_caught(check_base(fresh), 3)


def test_deleting_tracker_yaml_drops_no_stricter_rule(fresh: Repo):
    # The base turns on the opt-in evidence-unrelated rule as an error; the change deletes tracker.yaml.
    base_project(fresh, config="rules:\n  evidence-unrelated: error\n")
    (fresh.path / "tracker.yaml").unlink()
    fresh.write("evidence/a-2.md", "Validated: row counts and checksums match the source export.\n")
    set_row(fresh, "A-2", "done", "`evidence/a-2.md`")
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK105"), verdict.out


@pytest.mark.parametrize("config, key", [("waivers: [\n", "tracker.yaml"), ("ledger: ../outside.jsonl\n", "ledger"),
                                         ("gates: /etc\n", "gates")], ids=["syntax", "ledger-outside", "gates-outside"])
def test_broken_tracker_yaml_in_the_change_is_refused(project: Repo, config: str, key: str):
    project.write("tracker.yaml", config)
    _claim(project)
    verdict = check_base(project)
    assert verdict.code == 2, verdict.out
    assert "tracker.yaml" in verdict.out and key in verdict.out, verdict.out


def test_broken_tracker_yaml_at_the_base_is_judged_by_the_defaults(fresh: Repo):
    base_project(fresh, config="waivers: [\n")
    fresh.write("tracker.yaml", "rules: {}\n")
    _claim(fresh)
    _assert_caught(check_base(fresh))


GATE = "name: a-ready\nrequires: [A-2]\nblocks: [A-3]\n"


def _gated(repo: Repo) -> Repo:
    """Base with a gate: A-3 may not be done before A-2 is."""
    return base_project(repo, extra={"gates/a.yaml": GATE})


def _close_a3(repo: Repo) -> None:
    repo.write("evidence/a-3.md", "Published the report to the team site; 14 pages.\n")
    set_row(repo, "A-3", "done", "`evidence/a-3.md`")


def test_gates_pointed_at_an_empty_folder(fresh: Repo):
    _gated(fresh)
    fresh.write("tracker.yaml", "gates: nowhere\n")
    _close_a3(fresh)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 7, "TRK204"), verdict.out
    assert verdict.names("tracker.yaml", 1, "TRK209"), verdict.out


def test_gate_file_removed(fresh: Repo):
    _gated(fresh)
    fresh.git("rm", "-q", "gates/a.yaml")
    _close_a3(fresh)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 7, "TRK204"), verdict.out
    assert "TRK205" in verdict.out and "deletes gate file gates/a.yaml" in verdict.out


def test_gate_loosened_in_place(fresh: Repo):
    _gated(fresh)
    fresh.write("gates/a.yaml", "name: a-ready\nrequires: []\nblocks: [A-3]\n")
    _close_a3(fresh)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 7, "TRK204"), verdict.out


def test_gate_moved_to_another_folder(fresh: Repo):
    _gated(fresh)
    (fresh.path / "policy-gates").mkdir()
    fresh.git("mv", "gates/a.yaml", "policy-gates/a.yaml")
    fresh.write("policy-gates/a.yaml", "name: a-ready\nrequires: []\nblocks: []\n")
    fresh.write("tracker.yaml", "gates: policy-gates\n")
    _close_a3(fresh)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 7, "TRK204"), verdict.out


def test_hook_gate_file_removed(fresh: Repo):
    _gated(fresh)
    fresh.git("rm", "-q", "gates/a.yaml")
    _close_a3(fresh)
    verdict = commit_with_hook(fresh)
    assert verdict.code != 0, verdict.out
    assert "trackers/plan.md:7: TRK204" in verdict.out


YAML_TRACKER = """items:
  - id: Y-1
    title: Ship the exporter
    status: done
    waivers:
      - rule: TRK101
        reason: proven elsewhere
"""


def test_new_yaml_tracker_with_its_own_waivers(project: Repo):
    project.write("trackers/more.yaml", YAML_TRACKER)
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/more.yaml", 4, "TRK101"), verdict.out
    assert "TRK209" in verdict.out and "waiver added in trackers/more.yaml" in verdict.out


def test_existing_yaml_tracker_gains_a_waiver(fresh: Repo):
    base_project(fresh, extra={"trackers/more.yaml": YAML_TRACKER.replace("done", "todo").split("    waivers")[0]})
    fresh.write("trackers/more.yaml", YAML_TRACKER)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/more.yaml", 4, "TRK101"), verdict.out


def test_hook_yaml_waiver_in_the_same_commit(project: Repo):
    project.write("trackers/more.yaml", YAML_TRACKER)
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "trackers/more.yaml:4: TRK101" in verdict.out


def test_baseline_extended_by_the_change(project: Repo):
    project.write("tracker-baseline.json", '{"schema": "tracker.baseline/2", "findings": []}\n')
    project.git("add", "-A")
    project.commit("empty baseline")
    project.git("branch", "-f", "main", "HEAD")
    project.write("tracker-baseline.json", '{"schema": "tracker.baseline/2", "findings": [{"path": '
                                           '"trackers/plan.md", "code": "TRK101", "subject": "A-2"}]}\n')
    _claim(project)
    verdict = check_base(project, "--baseline", "tracker-baseline.json")
    _assert_caught(verdict)
    # The key is right: the change's own baseline excuses the claim once a reviewer approves the policy change.
    approved = project.tracker("check", "--base", "main", "--baseline", "tracker-baseline.json",
                               "--allow-policy-change")
    assert approved.returncode == 0, approved.stdout + approved.stderr


def test_unknown_word_made_known_by_the_change(project: Repo):
    project.write("tracker.yaml", "statuses:\n  done: [finished]\n")
    set_row(project, "A-2", "finished")
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/plan.md", 6, "TRK001"), verdict.out


# -- legitimate changes pass ----------------------------------------------------------------------
def test_policy_only_change_is_listed_for_review_and_passes(project: Repo):
    project.write("tracker.yaml", "rules:\n  evidence-unverifiable: 'off'\n")
    verdict = check_base(project)
    assert verdict.code == 0, verdict.out
    assert verdict.names("tracker.yaml", 1, "TRK209"), verdict.out
    assert "severity of evidence-unverifiable changed" in verdict.out


def test_waiver_merged_first_then_the_claim(project: Repo):
    project.write("tracker.yaml", "waivers:\n  - {item: A-2, rule: TRK101, reason: proof is the signed paper form}\n")
    assert check_base(project, message="waiver, reviewed on its own").code == 0
    project.git("checkout", "-q", "main")
    project.git("merge", "-q", "--ff-only", "pr")
    project.git("checkout", "-q", "pr")
    _claim(project)
    verdict = check_base(project)
    assert verdict.code == 0, verdict.out


def test_allow_policy_change_judges_by_the_changes_policy(project: Repo):
    project.write("tracker.yaml", "waivers:\n  - {item: A-2, rule: TRK101, reason: approved by the lead}\n")
    _claim(project)
    verdict = check_base(project, "--allow-policy-change")
    assert verdict.code == 0, verdict.out
    assert verdict.names("tracker.yaml", 1, "TRK209"), verdict.out


def test_allow_policy_change_needs_base(project: Repo):
    proc = project.tracker("check", "--allow-policy-change")
    assert proc.returncode == 2
    assert "--allow-policy-change" in proc.stderr
