"""`tracker render PATH` on a document outside trackers/ (a README summarising the project), via a real process."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV, TABLE, commit
from tests.conftest import run_cli

README = "# Project\n\n<!-- tracker:progress scope=trackers/**/*.md -->\n<!-- /tracker:progress -->\n\nEnd.\n"


def test_render_named_readme_with_scope(repo):
    commit(repo, {"trackers/plan.md": TABLE, "README.md": README, "evidence/one.md": "x\n"})
    assert run_cli("render", "--check", "README.md", cwd=repo, env=ENV).returncode == 1
    proc = run_cli("render", "README.md", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    text = (repo / "README.md").read_text()
    assert "| **total** | **1/3** |" in text and text.endswith("-->\n\nEnd.\n")
    assert run_cli("render", "--check", "README.md", cwd=repo, env=ENV).returncode == 0
    # The project's own trackers have no regions: rendering them is a no-op.
    assert run_cli("render", "--check", cwd=repo, env=ENV).returncode == 0


def test_render_missing_path_is_an_error(repo):
    commit(repo, {"trackers/plan.md": TABLE})
    proc = run_cli("render", "nope.md", cwd=repo, env=ENV)
    assert proc.returncode != 0


def test_render_diff_prints_a_unified_diff_and_writes_nothing(repo):
    commit(repo, {"trackers/plan.md": TABLE, "README.md": README, "evidence/one.md": "x\n"})
    proc = run_cli("render", "--diff", "README.md", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("--- a/README.md\n+++ b/README.md\n@@ ")
    assert "+| **total** | **1/3** |" in proc.stdout
    assert (repo / "README.md").read_text() == README  # nothing written
    assert run_cli("render", "--check", "README.md", cwd=repo, env=ENV).returncode == 1  # still stale
    help_text = run_cli("render", "--help", cwd=repo, env=ENV).stdout
    assert "writes nothing" in " ".join(help_text.split())
