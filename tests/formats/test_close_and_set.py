"""`close` and `set` on each format change only the marker or value the format owns."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli

PROOF = "# Proof\n\nRan the suite on 2026-03-01: 42 passed, 0 failed.\nThe export matched the golden file.\n"


def closed(repo, rel: str, text: str, item_id: str, *extra: str) -> str:
    commit(repo, {rel: text, "evidence/proof.md": PROOF})
    proc = run_cli("close", item_id, "--evidence", "evidence/proof.md", *extra, cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    return (repo / rel).read_text(encoding="utf-8")


def test_kiro_in_progress_box_becomes_done(repo):
    text = "- [-] 2. Build the parser\n- [ ] 3. Ship\n"
    after = closed(repo, ".kiro/specs/p/tasks.md", text, "2")
    assert after == "- [x] 2. Build the parser\n  - Evidence: `evidence/proof.md`\n- [ ] 3. Ship\n"


def test_kiro_in_progress_is_written_as_dash(repo):
    commit(repo, {".kiro/specs/p/tasks.md": "- [ ] 1. Start\n"})
    proc = run_cli("set", "1", "in_progress", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert (repo / ".kiro/specs/p/tasks.md").read_text() == "- [-] 1. Start\n"


def test_bmad_yaml_value_changes_in_place(repo):
    text = "# sprint\ndevelopment_status:\n  epic-1: in-progress\n  1-2-checkout: in-progress  # Ana\n"
    after = closed(repo, "_bmad-output/implementation-artifacts/sprint-status.yaml", text, "1-2-checkout")
    assert after == text.replace("1-2-checkout: in-progress", "1-2-checkout: done")


def test_memory_bank_emoji_becomes_check(repo):
    text = "# Progress\n- ⬜ Concurrency\n- ✅ CLI\n"
    after = closed(repo, "memory-bank/progress.md", text, "#concurrency")
    assert after == "# Progress\n- ✅ Concurrency\n  - Evidence: `evidence/proof.md`\n- ✅ CLI\n"


def test_memory_bank_set_in_progress(repo):
    commit(repo, {"memory-bank/progress.md": "- ⬜ Concurrency\n"})
    proc = run_cli("set", "#concurrency", "in_progress", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "memory-bank/progress.md").read_text() == "- 🚧 Concurrency\n"


def test_speckit_and_openspec_boxes(repo):
    commit(repo, {"specs/001-a/tasks.md": "- [ ] T001 [P] Create src/a.py\n",
                  "openspec/changes/c/tasks.md": "## 1. A\n- [ ] 1.1 Table\n"})
    assert run_cli("set", "T001", "in_progress", cwd=repo, env=ENV).returncode == 0
    assert run_cli("set", "1.1", "in_progress", cwd=repo, env=ENV).returncode == 0
    assert (repo / "specs/001-a/tasks.md").read_text() == "- [~] T001 [P] Create src/a.py\n"
    assert (repo / "openspec/changes/c/tasks.md").read_text() == "## 1. A\n- [~] 1.1 Table\n"


def test_forced_obsidian_format_writes_slash(repo):
    commit(repo, {"tracker.yaml": "formats:\n  'trackers/vault/*.md': obsidian\n",
                  "trackers/vault/todo.md": "- [ ] Water the plants\n"})
    proc = run_cli("set", "#water-the-plants", "in_progress", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert (repo / "trackers/vault/todo.md").read_text() == "- [/] Water the plants\n"


def test_unknown_yaml_does_not_fail_the_run(repo):
    commit(repo, {"trackers/plan.md": "- [ ] A-1 Thing\n", "trackers/ci-settings.yaml": "retries: 3\n"})
    proc = run_cli("status", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr


def test_story_and_yaml_disagreeing_is_a_conflict(repo):
    commit(repo, {"_bmad-output/implementation-artifacts/sprint-status.yaml":
                  "development_status:\n  1-2-checkout: in-progress\n",
                  "_bmad-output/implementation-artifacts/1-2-checkout.md": "# Story\n\nStatus: done\n"})
    proc = run_cli("check", "--select", "TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 1 and "TRK106 1-2-checkout" in proc.stdout


def test_speckit_close_ticks_only_the_box(repo):
    text = "## Phase 1: Setup\n- [ ] T001 [P] Create src/app.py\n- [ ] T002 Wire it\n"
    commit(repo, {"src/app.py": "print('hello')\n"})  # the task's declared output must exist to close it
    after = closed(repo, "specs/001-a/tasks.md", text, "T001")
    assert after == text.replace("- [ ] T001", "- [x] T001", 1).replace(
        "src/app.py\n", "src/app.py\n  - Evidence: `evidence/proof.md`\n", 1)


def test_openspec_close_ticks_only_the_box(repo):
    text = "## 1. Index\n- [ ] 1.1 Create the table\n- [ ] 1.2 Backfill\n"
    after = closed(repo, "openspec/changes/c/tasks.md", text, "1.1")
    assert after == "## 1. Index\n- [x] 1.1 Create the table\n  - Evidence: `evidence/proof.md`\n- [ ] 1.2 Backfill\n"


def test_gsd_close_ticks_the_plan_bullet_and_leaves_the_progress_row(repo):
    text = ("### Phase 2: Flags\nPlans:\n- [ ] 02-01: Schema reader\n\n| Phase | Plans Complete | Status |\n"
            "|---|---|---|\n| 2. Flags | 0/1 | In progress |\n")
    after = closed(repo, ".planning/ROADMAP.md", text, "02-01")
    assert after == text.replace("- [ ] 02-01: Schema reader\n",
                                 "- [x] 02-01: Schema reader\n  - Evidence: `evidence/proof.md`\n")


def test_kiro_close_leaves_the_sidecar_alone_and_check_then_names_the_disagreement(repo):
    sidecar = '{"tasks": {"2": "in_progress"}}\n'
    commit(repo, {".kiro/specs/p/.tasks-meta.json": sidecar})
    closed(repo, ".kiro/specs/p/tasks.md", "- [-] 2. Build the parser\n", "2")
    assert (repo / ".kiro/specs/p/.tasks-meta.json").read_text() == sidecar
    proc = run_cli("check", "--select", "TRK106", cwd=repo, env=ENV)
    assert proc.returncode == 1 and ".kiro/specs/p/.tasks-meta.json:1: TRK106 2 is done" in proc.stdout


def test_bmad_set_in_progress_writes_bmads_word(repo):
    text = "development_status:\n  2-1-search: backlog\n"
    commit(repo, {"_bmad-output/implementation-artifacts/sprint-status.yaml": text})
    proc = run_cli("set", "2-1-search", "in_progress", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    after = (repo / "_bmad-output/implementation-artifacts/sprint-status.yaml").read_text()
    assert after == "development_status:\n  2-1-search: in-progress\n"
