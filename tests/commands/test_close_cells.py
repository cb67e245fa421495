"""`tracker close` on cells it must not trust or must repair: a dead evidence link is replaced, a ragged row
or a row without a Status cell is refused (exit 2, file:line, nothing written)."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli
from tracker.write.cells import evidence_cell

HEAD = "| ID | Task | Status | Evidence |\n|---|---|---|---|\n"


def test_close_replaces_a_dead_link_and_keeps_live_ones(repo):
    commit(repo, {"trackers/plan.md": HEAD + "| AB-001 | One | todo | `evidence/old.md`, `evidence/live.md` |\n",
                  "evidence/live.md": "the live proof\n", "evidence/new.md": "# AB-001\nall 4 checks passed\n"})
    proc = run_cli("close", "AB-001", "--evidence", "evidence/new.md", cwd=repo, env=ENV)
    assert proc.returncode == 0, proc.stderr
    row = (repo / "trackers/plan.md").read_text().splitlines()[2]
    assert row == "| AB-001 | One | done | `evidence/live.md`, `evidence/new.md` |"
    assert "evidence/old.md" in proc.stderr  # says what it replaced
    assert run_cli("check", cwd=repo, env=ENV).returncode == 0


def test_the_dead_entry_goes_in_the_cell_style():
    cell = "[old](evidence/old.md)<br>[live](evidence/live.md)"
    assert evidence_cell(cell, ["evidence/new.md"], [], ["evidence/old.md"]) == \
        "[live](evidence/live.md)<br>[new.md](evidence/new.md)"
    assert evidence_cell("`evidence/old.md`", ["evidence/new.md"], [], ["evidence/old.md"]) == "`evidence/new.md`"


def test_close_refuses_a_ragged_row_instead_of_corrupting_it(repo):
    text = HEAD + "| AB-000 | Plain | todo | - |\n| AB-001 | Split `a|b` here | todo | - |\n"
    commit(repo, {"trackers/plan.md": text, "evidence/new.md": "# AB-001\nall 4 checks passed\n"})
    proc = run_cli("close", "AB-001", "--evidence", "evidence/new.md", cwd=repo, env=ENV)
    assert proc.returncode == 2
    assert "trackers/plan.md:4: AB-001" in proc.stderr and "nothing was written" in proc.stderr
    assert (repo / "trackers/plan.md").read_text() == text
    assert not (repo / ".tracker").exists() or "AB-001" not in "".join(
        p.read_text() for p in (repo / ".tracker").rglob("*") if p.is_file())


def test_close_refuses_a_row_without_a_status_cell(repo):
    text = ("| ID | Task | Evidence | Status |\n|---|---|---|---|\n| AB-000 | Zero | - | todo |\n"
            "| AB-001 | One | `evidence/new.md` |\n")
    commit(repo, {"trackers/plan.md": text, "evidence/new.md": "# AB-001\nall 4 checks passed\n"})
    proc = run_cli("close", "AB-001", "--evidence", "evidence/new.md", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "trackers/plan.md:4: AB-001" in proc.stderr and "nothing was written" in proc.stderr
    assert (repo / "trackers/plan.md").read_text() == text
