"""`tracker hook`: the staged content is judged against HEAD, in real repositories with real commits."""

from __future__ import annotations

from pathlib import Path

from tests.git.conftest import Repo, make_repo, mark_done, table

REFUSAL = "WS1-007 is marked done but evidence/ws1-007.md is not staged\n    hint: git add evidence/ws1-007.md"


def test_unstaged_evidence_blocks_with_the_fixing_command(plan: Repo):
    mark_done(plan)
    plan.write("evidence/ws1-007.md", "# WS1-007\n\nTwo fresh rounds persisted; counts went from 1 to 3.\n")
    plan.add("trackers/plan.md")  # the evidence exists on disk but is not staged
    proc = plan.tracker("hook")
    assert proc.returncode == 1, proc.stderr
    assert REFUSAL in proc.stderr
    assert "TRK302" in proc.stderr and "TRK102" not in proc.stderr  # one finding, the precise one
    plan.add("evidence/ws1-007.md")
    proc = plan.tracker("hook")
    assert proc.returncode == 0, proc.stderr


def test_missing_evidence_blocks_and_unchanged_items_do_not(plan: Repo):
    mark_done(plan, evidence="evidence/never-written.md")
    plan.add("trackers/plan.md")
    proc = plan.tracker("hook")
    assert proc.returncode == 1
    assert "WS1-007" in proc.stderr and "never-written.md" in proc.stderr
    assert "WS1-006" not in proc.stderr  # proven and unchanged


def test_pre_existing_findings_give_one_summary_line_and_all_judges_them(scratch: Repo):
    scratch.write("trackers/plan.md", table(("OLD-1", "legacy claim", "done", ""), ("NEW-1", "work", "todo", "")))
    scratch.add(".")
    scratch.commit("legacy tracker with an unproven done")
    scratch.write("trackers/plan.md", table(("OLD-1", "legacy claim", "done", ""),
                                            ("NEW-1", "work, renamed", "todo", "")))
    scratch.add(".")
    proc = scratch.tracker("hook")
    assert proc.returncode == 0, proc.stderr
    assert "already in HEAD do not block" in proc.stderr
    assert proc.stderr.count("\n") == 1  # one summary line, not the finding itself
    proc = scratch.tracker("hook", "--all")
    assert proc.returncode == 1
    assert "OLD-1" in proc.stderr and "TRK101" in proc.stderr


def test_removing_evidence_of_a_done_item_blocks(plan: Repo):
    plan.git("rm", "-q", "evidence/ws1-006.md")
    proc = plan.tracker("hook")
    assert proc.returncode == 1
    assert "WS1-006" in proc.stderr and "evidence removed" in proc.stderr


def test_emptying_evidence_of_a_done_item_blocks(plan: Repo):
    plan.write("evidence/ws1-006.md", "# WS1-006\n\nTODO\n")
    plan.add("evidence/ws1-006.md")
    proc = plan.tracker("hook")
    assert proc.returncode == 1
    assert "WS1-006" in proc.stderr and "TRK103" in proc.stderr


def test_partially_staged_tracker_is_judged_by_what_will_be_committed(plan: Repo):
    # Staged: an unrelated edit. Working tree: additionally WS1-007 flipped to done with no evidence.
    path = plan.path / "trackers/plan.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Plan", "# Plan (week 2)"), encoding="utf-8")
    plan.add("trackers/plan.md")
    mark_done(plan, evidence="")
    assert plan.tracker("hook").returncode == 0  # the unstaged done claim is not part of this commit
    plan.add("trackers/plan.md")
    proc = plan.tracker("hook")
    assert proc.returncode == 1 and "WS1-007" in proc.stderr


def test_initial_commit_without_head(scratch: Repo):
    scratch.write("trackers/plan.md", table(("A-1", "first", "done", "`evidence/a-1.md`")))
    scratch.write("evidence/a-1.md", "A-1: ran the migration, 12 rows moved.\n")
    scratch.add("trackers/plan.md")
    proc = scratch.tracker("hook")
    assert proc.returncode == 1
    assert "A-1 is marked done but evidence/a-1.md is not staged\n    hint: git add evidence/a-1.md" in proc.stderr
    scratch.add("evidence/a-1.md")
    assert scratch.tracker("hook").returncode == 0


def _hook_commit(repo: Repo) -> tuple[int, str]:
    proc = repo.git("commit", "-m", "close WS1-007", check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_real_git_commit_refused_then_accepted(plan: Repo):
    installed = plan.tracker("hook", "install")
    assert installed.returncode == 0, installed.stderr
    hook = plan.path / ".git/hooks/pre-commit"
    assert hook.is_file() and "-m tracker hook" in hook.read_text()
    before = plan.head()
    mark_done(plan)
    plan.write("evidence/ws1-007.md", "WS1-007: lua_round_teams grew by 2 after the fix.\n")
    plan.add("trackers/plan.md")
    code, output = _hook_commit(plan)
    assert code != 0
    assert REFUSAL in output
    assert plan.head() == before  # nothing was committed
    plan.add("evidence/ws1-007.md")
    code, output = _hook_commit(plan)
    assert code == 0, output
    assert plan.head() != before
    assert plan.git("show", "--name-only", "--format=", "HEAD").stdout.split() == [
        "evidence/ws1-007.md", "trackers/plan.md"]


def test_install_chains_to_an_existing_hook_and_uninstall_restores_it(plan: Repo):
    hooks = plan.path / ".git/hooks"
    original = "#!/bin/sh\necho legacy-hook-ran\nexit ${LEGACY_EXIT:-0}\n"
    (hooks / "pre-commit").write_text(original)
    (hooks / "pre-commit").chmod(0o755)
    proc = plan.tracker("hook", "install")
    assert proc.returncode == 0 and "pre-commit.tracker-chained" in proc.stderr
    assert (hooks / "pre-commit.tracker-chained").read_text() == original
    assert plan.tracker("hook", "install").returncode == 0  # reinstalling keeps the chained hook
    assert (hooks / "pre-commit.tracker-chained").read_text() == original
    plan.write("notes.txt", "unrelated\n")
    plan.add("notes.txt")
    proc = plan.git("commit", "-m", "notes", check=False)
    assert proc.returncode == 0 and "legacy-hook-ran" in proc.stdout + proc.stderr
    plan.write("notes.txt", "unrelated, again\n")
    plan.add("notes.txt")
    proc = plan.git("commit", "-m", "notes 2", check=False, env={"LEGACY_EXIT": "3"})
    assert proc.returncode != 0  # the chained hook still has its say
    proc = plan.tracker("hook", "uninstall")
    assert proc.returncode == 0
    assert (hooks / "pre-commit").read_text() == original
    assert not (hooks / "pre-commit.tracker-chained").exists()


def test_uninstall_leaves_a_foreign_hook_alone(plan: Repo):
    hook = plan.path / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    proc = plan.tracker("hook", "uninstall")
    assert proc.returncode == 2 and "not installed by tracker" in proc.stderr
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"


def test_core_hooks_path_is_honoured(plan: Repo):
    plan.git("config", "core.hooksPath", "ci-hooks")
    assert plan.tracker("hook", "install").returncode == 0
    assert (plan.path / "ci-hooks/pre-commit").is_file()
    assert not (plan.path / ".git/hooks/pre-commit").exists()
    mark_done(plan, evidence="evidence/absent.md")
    plan.add("trackers/plan.md")
    code, output = _hook_commit(plan)
    assert code != 0 and "WS1-007" in output


def test_linked_worktree(plan: Repo, tmp_path: Path):
    other = tmp_path / "second-worktree"
    plan.git("worktree", "add", "-q", "-b", "feature", str(other))
    linked = Repo(other)
    assert linked.tracker("hook", "install").returncode == 0
    mark_done(linked)
    linked.write("evidence/ws1-007.md", "WS1-007 verified in the linked worktree.\n")
    linked.add("trackers/plan.md")
    code, output = _hook_commit(linked)
    assert code != 0 and REFUSAL in output
    linked.add("evidence/ws1-007.md")
    code, output = _hook_commit(linked)
    assert code == 0, output
    assert plan.git("log", "-1", "--format=%s", "feature").stdout.strip() == "close WS1-007"


def test_hook_says_what_to_run_when_its_interpreter_is_gone(plan: Repo):
    assert plan.tracker("hook", "install").returncode == 0
    hook = plan.path / ".git/hooks/pre-commit"
    text = hook.read_text()
    hook.write_text(text.replace("INTERPRETER=", "INTERPRETER=/nonexistent/python3 #", 1))
    plan.write("notes.txt", "x\n")
    plan.add("notes.txt")
    proc = plan.git("commit", "-m", "x", check=False, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0
    assert "/nonexistent/python3, which no longer exists" in proc.stderr
    assert "python -m tracker hook install" in proc.stderr


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "tracker.yaml").write_text("trackers: ['*.md']\n")
    proc = Repo(folder).tracker("hook")
    assert proc.returncode == 2 and "not inside a git repository" in proc.stderr


def test_commit_all_uses_the_temporary_index(plan: Repo):
    # `git commit -a` hands the hook a temporary index through GIT_INDEX_FILE; that is what gets judged.
    assert plan.tracker("hook", "install").returncode == 0
    mark_done(plan, evidence="evidence/absent.md")
    proc = plan.git("commit", "-a", "-m", "all", check=False)
    assert proc.returncode != 0 and "WS1-007" in proc.stdout + proc.stderr


def test_make_repo_is_empty(tmp_path: Path):
    repo = make_repo(tmp_path / "fresh")
    assert repo.git("rev-parse", "--verify", "-q", "HEAD", check=False).returncode != 0


def test_a_gate_requirement_read_from_the_index_blocks(plan: Repo):
    plan.write("gates/proof.yaml", "name: proof\nblocks: ['WS1-*']\nmust_contain: '{id}'\n")
    plan.add("gates/proof.yaml")
    plan.commit("gate: evidence must name its item")
    mark_done(plan)
    plan.write("evidence/ws1-007.md", "Ran the re-validation; counts grew by two.\n")  # does not name WS1-007
    plan.add(".")
    proc = plan.tracker("hook")
    assert proc.returncode == 1
    assert "TRK207" in proc.stderr and "WS1-007" in proc.stderr and "gate proof" in proc.stderr
    plan.write("evidence/ws1-007.md", "WS1-007: ran the re-validation; counts grew by two.\n")
    plan.add(".")
    assert plan.tracker("hook").returncode == 0
