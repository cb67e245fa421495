"""`tracker init`: scaffolds a working project with rendered regions, and refuses to overwrite anything."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV
from tests.conftest import run_cli


def test_init_example_scaffolds_a_project_whose_regions_are_fresh(repo):
    proc = run_cli("init", "--example", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    for rel in ("tracker.yaml", "trackers/example.md", "evidence/EX-1.md", "gates/example.yaml"):
        assert (repo / rel).is_file(), rel
    text = (repo / "trackers/example.md").read_text()
    assert "<!-- /tracker:matrix checksum=" in text and "flowchart LR" in text
    assert run_cli("render", "--check", cwd=repo, env=ENV).returncode == 0
    assert run_cli("status", cwd=repo, env=ENV).returncode == 0


def test_init_refuses_to_overwrite(repo):
    (repo / "tracker.yaml").write_text("trackers: [docs/*.md]\n")
    proc = run_cli("init", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "refusing to overwrite" in proc.stderr and "tracker.yaml" in proc.stderr
    assert (repo / "tracker.yaml").read_text() == "trackers: [docs/*.md]\n"
    assert not (repo / "trackers").exists() and not (repo / "gates").exists()


LEGACY = """\
# Q3 plan

| ID | Task | Status | Evidence |
|---|---|---|---|
| Q3-1 | Import | done | - |
| Q3-2 | Export | todo | - |
"""
TASKS = "# Tasks\n\n- [x] T001 Set up the project\n- [ ] T002 Write the parser\n"


def _adoptable(repo):
    files = {"docs/plan.md": LEGACY, "docs/notes.md": "# Notes\n\nNo table here.\n",
             "docs/roadmap/q4.md": LEGACY.replace("Q3", "Q4"), "docs/roadmap/q5.md": LEGACY.replace("Q3", "Q5"),
             "specs/001-auth/tasks.md": TASKS, "node_modules/pkg/README.md": LEGACY}
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    return repo


def test_init_adopts_existing_trackers_anywhere(repo):
    _adoptable(repo)
    proc = run_cli("init", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    config = (repo / "tracker.yaml").read_text()
    assert '"docs/plan.md"' in config and '"docs/roadmap/*.md"' in config and '"specs/001-auth/tasks.md"' in config
    assert "notes.md" not in config and "node_modules" not in config
    assert "http" not in config  # no placeholder address
    assert not (repo / "trackers").exists() and not (repo / "gates").exists() and not (repo / "evidence").exists()
    lines = proc.stderr.strip().splitlines()
    assert lines[-4] == "next:" and lines[-3] == "  tracker status" and lines[-1] == "  tracker hook install"
    assert "--write-baseline" in lines[-2]
    status = run_cli("status", "--format", "json", cwd=repo, env=ENV)
    assert status.returncode == 0 and "Q4-2" in status.stdout and "T002" in status.stdout


def test_init_baseline_accepts_todays_findings(repo):
    _adoptable(repo)
    proc = run_cli("init", "--baseline", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert (repo / ".tracker-baseline.json").is_file()
    assert "tracker check --baseline .tracker-baseline.json" in proc.stderr
    assert run_cli("check", cwd=repo, env=ENV).returncode == 1  # Q3-1 is done without evidence
    assert run_cli("check", "--baseline", ".tracker-baseline.json", cwd=repo, env=ENV).returncode == 0


def test_init_with_nothing_found_writes_no_example(repo):
    (repo / "README.md").write_text("# A project\n")
    proc = run_cli("init", cwd=repo, env=ENV)
    assert proc.returncode == 0 and "tracker init --example" in proc.stderr
    assert (repo / "tracker.yaml").is_file() and not (repo / "trackers").exists()
