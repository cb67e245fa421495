"""GSD .planning/ROADMAP.md: `Phase N` bullets, `NN-MM` plan bullets, progress rows as claims."""

from __future__ import annotations

import pytest

from tests.formats.conformance import check_case, load

P = ".planning/ROADMAP.md"
TABLE = "| Phase | Plans Complete | Status | Completed |\n|---|---|---|---|\n"

CASES = {
    "phase-bullets": ("## Phases\n\n- [x] **Phase 1: Foundation** - repo and CI\n- [ ] **Phase 2: Flags** - typed flags\n",
                      [("Phase 1", "done", (), ()), ("Phase 2", "todo", (), ())]),
    "inserted-decimal-phase": ("- [x] **Phase 2: API**\n- [ ] **Phase 2.1: Hotfix auth** (INSERTED)\n",
                               [("Phase 2", "done", (), ()), ("Phase 2.1", "todo", (), ())]),
    "plan-files": ("### Phase 3: Export\nPlans:\n- [x] 03-01-PLAN.md — CSV writer\n- [ ] 03-02-PLAN.md — S3 upload\n",
                   [("03-01", "done", (), ()), ("03-02", "todo", (), ())]),
    "plan-colon-form": ("- [ ] 04-01: Schema reader\n", [("04-01", "todo", (), ())]),
    "progress-rows-are-not-items": ("- [x] **Phase 1: Setup**\n\n" + TABLE + "| 1. Setup | 1/1 | Complete | 2026-02-01 |\n",
                                    [("Phase 1", "done", (), ())]),
    "depends-on-phase": ("- [x] **Phase 1: Core**\n- [ ] **Phase 2: UI** (depends on Phase 1)\n",
                         [("Phase 1", "done", (), ()), ("Phase 2", "todo", ("Phase 1",), ())]),
    "depends-line": ("- [x] **Phase 1: Core**\n- [ ] **Phase 2: UI**\n  - Depends on: Phase 1\n",
                     [("Phase 1", "done", (), ()), ("Phase 2", "todo", ("Phase 1",), ())]),
    "milestone-headings": ("## v1.0 MVP\n- [x] **Phase 1: A**\n\n## v1.1 Polish\n- [ ] **Phase 2: B**\n",
                           [("Phase 1", "done", (), ()), ("Phase 2", "todo", (), ())]),
    "requirements-ids": ("## Requirements\n- [x] **AUTH-01**: Sign in with email\n- [ ] **AUTH-02**: Reset password\n",
                         [("AUTH-01", "done", (), ()), ("AUTH-02", "todo", (), ())]),
    "evidence-line": ("- [x] **Phase 1: Setup**\n  - Evidence: `.planning/phases/01-setup/01-01-SUMMARY.md`\n",
                      [("Phase 1", "done", (), (".planning/phases/01-setup/01-01-SUMMARY.md",))]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gsd_fixture(tmp_path, name):
    text, expected = CASES[name]
    check_case(tmp_path, P, text, expected)


def test_progress_row_status_is_a_claim(tmp_path):
    text = "- [ ] **Phase 2: Flags**\n\n" + TABLE + "| 2. Flags | 2/2 | Complete | 2026-03-30 |\n"
    doc = load(tmp_path, P, text).documents[0]
    assert [(c.id, c.status.value) for c in doc.claims] == [("Phase 2", "done")]


def test_progress_count_that_disagrees_with_plans_is_noted(tmp_path):
    text = ("### Phase 2: Flags\n- [x] 02-01-PLAN.md — reader\n- [ ] 02-02-PLAN.md — generator\n\n"
            + TABLE + "| 2. Flags | 2/2 | Complete | 2026-03-30 |\n")
    doc = load(tmp_path, P, text).documents[0]
    assert [n.code for n in doc.warnings if n.code == "stale-progress"] == ["stale-progress"]


def test_progress_count_that_agrees_is_not_noted(tmp_path):
    text = ("### Phase 2: Flags\n- [x] 02-01-PLAN.md — reader\n- [ ] 02-02-PLAN.md — generator\n\n"
            + TABLE + "| 2. Flags | 1/2 | In progress | - |\n")
    doc = load(tmp_path, P, text).documents[0]
    assert not [n for n in doc.warnings if n.code == "stale-progress"]


def test_state_position_is_a_claim_about_the_phase(tmp_path):
    state = "# Project State\n\n## Current Position\n\nPhase: 3 of 5 (Flag types)\nPlan: 1 of 2\nStatus: In progress\n"
    doc = load(tmp_path, ".planning/STATE.md", state).documents[0]
    assert [(c.id, c.status.value, c.line) for c in doc.claims] == [("Phase 3", "in_progress", 7)]


def test_state_and_roadmap_disagreeing_is_a_conflict(repo):
    from tests.commands.test_close_cli import ENV, commit
    from tests.conftest import run_cli

    commit(repo, {".planning/ROADMAP.md": "- [x] **Phase 1: Core**\n- [ ] **Phase 2: UI**\n",
                  ".planning/STATE.md": "## Current Position\n\nPhase: 2 of 2 (UI)\nStatus: Phase complete\n"})
    proc = run_cli("check", "--select", "TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "TRK106 Phase 2" in proc.stdout


def test_inserted_phase_plans_count_for_their_phase(tmp_path):
    text = ("### Phase 2.1: Hotfix (INSERTED)\nPlans:\n- [x] 02.1-01: Patch the auth check\n\n"
            + TABLE + "| 2.1. Hotfix | 1/1 | Complete | 2026-04-02 |\n")
    doc = load(tmp_path, P, text).documents[0]
    assert [i.id for i in doc.items] == ["02.1-01"]
    assert not [n for n in doc.warnings if n.code == "stale-progress"]
    assert [(c.id, c.status.value) for c in doc.claims] == [("Phase 2.1", "done")]


def test_depends_on_line_under_a_phase_heading(tmp_path):
    text = ("- [x] **Phase 1: Core**\n- [ ] **Phase 2: UI**\n\n## Phase Details\n\n### Phase 1: Core\n"
            "**Depends on**: Nothing (first phase)\n\n### Phase 2: UI\n**Depends on**: Phase 1\n")
    project = load(tmp_path, P, text)
    assert [(i.id, i.depends_on) for i in project.items] == [("Phase 1", []), ("Phase 2", ["Phase 1"])]
