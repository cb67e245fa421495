"""GSD progress typed in one file (STATE.md, ROADMAP rows) counted against the phases and plans of other files (TRK111)."""

from __future__ import annotations

from pathlib import Path

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli
from tracker.parse.formats.gsd_counts import disagreements
from tracker.project import load_project

TABLE = "| Phase | Plans Complete | Status | Completed |\n|---|---|---|---|\n"


def roadmap(phases: list[tuple[int, str, list[str]]]) -> str:
    """Phase bullets, then each phase's plan bullets: (number, mark, plan marks)."""
    out = ["# Roadmap", "", "## Phases", ""]
    out += [f"- [{mark}] **Phase {n}: Part {n}**" for n, mark, _ in phases]
    out += ["", "## Phase Details", ""]
    for n, _, plans in phases:
        out += [f"### Phase {n}: Part {n}", "Plans:"]
        out += [f"- [{m}] {n:02d}-{k:02d}: step {k}" for k, m in enumerate(plans, 1)] + [""]
    return "\n".join(out) + "\n"


# 4 phases, 12 plans, 7 done (58%); phases 1 and 2 done (50%).
FOUR = roadmap([(1, "x", ["x", "x", "x"]), (2, "x", ["x", "x", "x"]), (3, " ", ["x", " ", " "]), (4, " ", [" ", " ", " "])])


def state(*lines: str) -> str:
    return "# Project State\n\n## Current Position\n\n" + "\n".join(lines) + "\n"


def found(root: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    project = load_project(cwd=root, root=root)
    assert not project.errors, project.errors
    return list(disagreements(project.documents))


def test_progress_percent_that_matches_the_plans_is_clean(tmp_path):
    assert found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [██████░░░░] 58%")}) == []


def test_progress_percent_of_phases_or_the_smaller_is_accepted(tmp_path):
    assert found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [█████░░░░░] 50%")}) == []


def test_progress_percent_that_disagrees_names_both_files(tmp_path):
    hits = found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [████████░░] 80%")})
    assert len(hits) == 1
    path, line, message = hits[0]
    assert (path, line) == (".planning/STATE.md", 5)
    assert "80%" in message and ".planning/ROADMAP.md" in message and "7 of 12" in message


def test_fraction_form_compares_done_and_total(tmp_path):
    files = {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("**Progress:** [██████░░░░] 7/13 plans (54%)")}
    hits = found(tmp_path, files)
    assert len(hits) == 1 and "13 plans" in hits[0][2] and "has 12" in hits[0][2]


def test_phase_of_total_against_the_roadmaps_phases(tmp_path):
    assert found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Phase: 3 of 4 (Part 3)")}) == []
    hits = found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Phase: 3 of 8 (Part 3)")})
    assert [(p, ln) for p, ln, _ in hits] == [(".planning/STATE.md", 5)] and "8 phases" in hits[0][2]


def test_phase_of_total_may_count_the_current_milestone(tmp_path):
    text = ("## v1.0 MVP\n- [x] **Phase 1: A**\n- [x] **Phase 2: B**\n\n## v1.1 Polish\n"
            "- [ ] **Phase 3: C**\n- [ ] **Phase 4: D**\n- [ ] **Phase 5: E**\n")
    assert found(tmp_path, {".planning/ROADMAP.md": text, ".planning/STATE.md": state("Phase: 4 of 3 (D)")}) == []


def test_plan_of_total_against_the_current_phases_plans(tmp_path):
    ok = state("Phase: 3 of 4 (Part 3)", "Plan: 2 of 3 in current phase")
    assert found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": ok}) == []
    hits = found(tmp_path, {".planning/ROADMAP.md": FOUR,
                            ".planning/STATE.md": state("Phase: 3 of 4 (Part 3)", "Plan: 2 of 2 in current phase")})
    assert len(hits) == 1 and hits[0][1] == 6 and "2 plans of Phase 3" in hits[0][2]


def test_total_plans_completed(tmp_path):
    assert found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("- Total plans completed: 7")}) == []
    hits = found(tmp_path, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("- Total plans completed: 9")})
    assert len(hits) == 1 and "9 plans done" in hits[0][2] and "7 of 12" in hits[0][2]


def test_state_without_a_roadmap_is_not_judged(tmp_path):
    assert found(tmp_path, {".planning/STATE.md": state("Phase: 3 of 8", "Progress: [██░] 20%")}) == []


def test_roadmap_row_counted_against_plan_files(tmp_path):
    text = "- [x] **Phase 3: Export**\n\n## Progress\n\n" + TABLE + "| 3. Export | 3/3 | Complete | 2026-03-30 |\n"
    plans = {f".planning/phases/03-export/03-0{k}-PLAN.md": "---\nphase: 03-export\n---\n" for k in (1, 2)}
    hits = found(tmp_path, {".planning/ROADMAP.md": text, **plans})
    assert len(hits) == 1
    path, line, message = hits[0]
    assert (path, line) == (".planning/ROADMAP.md", 7) and "3 plans of Phase 3" in message
    assert ".planning/phases/03-export/03-01-PLAN.md" in message
    fixed = text.replace("3/3", "2/2")
    assert found(tmp_path, {".planning/ROADMAP.md": fixed, **plans}) == []


def test_row_whose_plans_are_listed_in_the_same_file_is_not_counted_twice(tmp_path):
    text = FOUR + "\n## Progress\n\n" + TABLE + "| 3. Part 3 | 3/3 | Complete | - |\n"
    (tmp_path / ".planning").mkdir()
    (tmp_path / ".planning/ROADMAP.md").write_text(text)
    project = load_project(cwd=tmp_path, root=tmp_path)
    assert list(disagreements(project.documents)) == []
    assert [n.code for n in project.documents[0].warnings if n.code == "stale-progress"] == ["stale-progress"]


def test_state_items_are_not_what_its_progress_line_counts(tmp_path):
    deferred = "\n## Deferred Items\n\n| Category | Item | Status |\n|---|---|---|\n| ui | Dark mode | Deferred |\n"
    files = {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [██████░░░░] 58%") + deferred}
    assert found(tmp_path, files) == []
    project = load_project(cwd=tmp_path, root=tmp_path)
    state_doc = next(d for d in project.documents if d.path == ".planning/STATE.md")
    assert not [n for n in state_doc.warnings if n.code == "stale-progress"]


def test_check_reports_trk111_at_the_state_line(repo):
    commit(repo, {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [█████████░] 92%")})
    proc = run_cli("check", "--select", "TRK111", cwd=repo, env=ENV)
    assert proc.returncode == 0  # a warning
    assert ".planning/STATE.md:5: TRK111" in proc.stdout and ".planning/ROADMAP.md" in proc.stdout


def test_phase_ticked_over_open_plans_is_trk107(repo):
    commit(repo, {".planning/ROADMAP.md": roadmap([(1, "x", ["x", " "])])})
    proc = run_cli("check", "--select", "TRK107", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "Phase 1 is ticked but 1 of its plans are still open" in proc.stdout


def test_count_after_the_percentage(tmp_path):
    files = {".planning/ROADMAP.md": FOUR, ".planning/STATE.md": state("Progress: [██████████] 100% (12/12 plans)")}
    hits = found(tmp_path, files)
    assert len(hits) == 1 and "12 plans done" in hits[0][2] and "7 of 12" in hits[0][2]


def test_message_names_at_most_three_files(tmp_path):
    text = "- [ ] **Phase 3: Export**\n\n" + TABLE + "| 3. Export | 1/3 | In progress | - |\n"
    plans = {f".planning/phases/03-export/03-0{k}-PLAN.md": "---\nphase: 03-export\n---\n" for k in range(1, 6)}
    hits = found(tmp_path, {".planning/ROADMAP.md": text, **plans})
    assert len(hits) == 1 and hits[0][2].endswith("03-03-PLAN.md and 2 more has 5")
