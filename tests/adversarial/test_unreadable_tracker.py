"""An unreadable tracker added (or broken) by the change is a finding of the change, never "already present at
the base" where the file does not exist."""

from __future__ import annotations

import pytest

from tests.adversarial.conftest import Repo, base_project, check_base, commit_with_hook

TYPO = "items:\n  - id: Y-1\n    titel: Ship the exporter\n    status: done\n"
SYNTAX = "items:\n  - id: Y-1\n    status: [done\n"


@pytest.mark.parametrize("text", [TYPO, SYNTAX, "items: not-a-list\n"], ids=["typo-key", "bad-syntax", "wrong-type"])
def test_new_unreadable_yaml_tracker(project: Repo, text: str):
    project.write("trackers/extra.yaml", text)
    verdict = check_base(project)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/extra.yaml", None, "TRK005"), verdict.out
    assert "already in main" not in verdict.out


def test_second_unreadable_tracker_is_not_the_first_one(fresh: Repo):
    base_project(fresh, extra={"trackers/old.yaml": SYNTAX})
    fresh.write("trackers/extra.yaml", TYPO)
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/extra.yaml", None, "TRK005"), verdict.out
    assert "1 error(s) and 0 warning(s) already in main" in verdict.out


def test_existing_yaml_tracker_broken_by_the_change(fresh: Repo):
    base_project(fresh, extra={"trackers/more.yaml": "items:\n  - id: Y-1\n    status: todo\n"})
    fresh.write("trackers/more.yaml", "items:\n  - id: Y-1\n    status: done\n    bogus: true\n")
    verdict = check_base(fresh)
    assert verdict.code == 1, verdict.out
    assert verdict.names("trackers/more.yaml", None, "TRK005") or verdict.names("trackers/more.yaml", None,
                                                                                 "TRK006"), verdict.out


def test_hook_refuses_an_unreadable_tracker(project: Repo):
    project.write("trackers/extra.yaml", TYPO)
    verdict = commit_with_hook(project)
    assert verdict.code != 0, verdict.out
    assert "TRK005" in verdict.out and "trackers/extra.yaml" in verdict.out


# -- legitimate: a new tracker that reads fine --------------------------------------------------------
def test_new_tracker_that_reads_fine_passes(project: Repo):
    project.write("trackers/more.yaml", "items:\n  - id: Y-1\n    title: Ship the exporter\n    status: todo\n")
    verdict = check_base(project)
    assert verdict.code == 0, verdict.out
    assert "Y-1 (new) → todo" in verdict.out


def test_new_tracker_with_a_proven_claim_passes(project: Repo):
    project.write("evidence/y-1.md", "# Y-1\n\nExporter shipped; 3 customers migrated.\n")
    project.write("trackers/more.yaml", "items:\n  - id: Y-1\n    title: Ship the exporter\n    status: done\n"
                                        "    evidence: [evidence/y-1.md]\n")
    assert check_base(project).code == 0
