"""`tracker init`: scaffolds a working project with rendered regions, and refuses to overwrite anything."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV
from tests.conftest import run_cli


def test_init_scaffolds_a_project_whose_regions_are_fresh(repo):
    proc = run_cli("init", cwd=repo, env=ENV)
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
