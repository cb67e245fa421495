"""`tracker doctor`: reports what makes a document hard to trust; `--fix` repairs mojibake only where lossless."""

from __future__ import annotations

from tests.commands.test_close_cli import ENV, commit
from tests.conftest import run_cli

MOJIBAKE = ("# ‚ö° Status\r\n\r\n| ID | Task | Status |\r\n|---|---|---|\r\n| M-1 | Caf√© menu | ‚úÖ Complete |\r\n"
            "| M-2 | Plan | ‚è≥ Pending |\r\n| M-2 | Dup | finito |\r\n| M-4 | short row |\r\n"
            "Mixed ‚úÖ and a real é on one line\r\n")


def test_doctor_reports_each_problem(repo):
    commit(repo, {"trackers/m.md": MOJIBAKE, "trackers/mixed.md": "| ID | Status |\n|---|---|\r\n| A-1 | done |\n"})
    proc = run_cli("doctor", cwd=repo, env=ENV)
    assert proc.returncode == 1
    out = proc.stdout
    assert "trackers/m.md:1: mojibake:" in out
    assert "trackers/m.md:7: unknown-status:" in out
    assert "trackers/m.md:8: ragged-row:" in out
    assert "trackers/m.md:7: duplicate-id: M-2 is also at trackers/m.md:6" in out
    assert "trackers/mixed.md:" in out and "mixed-newlines" in out


def test_fix_repairs_losslessly_and_touches_nothing_else(repo):
    commit(repo, {"trackers/m.md": MOJIBAKE.encode("utf-8")})
    proc = run_cli("doctor", "--fix", cwd=repo, env=ENV)
    after = (repo / "trackers/m.md").read_bytes().decode("utf-8")
    expected = (MOJIBAKE.replace("‚ö°", "⚡").replace("Caf√©", "Café").replace("‚úÖ Complete", "✅ Complete")
                .replace("‚è≥", "⏳"))
    # The last line mixes mojibake with a real "é": each word is judged alone, so both come out right.
    expected = expected.replace("Mixed ‚úÖ and", "Mixed ✅ and")
    assert after == expected
    assert "repaired" in proc.stderr
    again = run_cli("doctor", "--fix", cwd=repo, env=ENV)
    assert (repo / "trackers/m.md").read_bytes().decode("utf-8") == expected
    assert "mojibake" not in again.stdout


def test_fix_skips_a_word_that_is_not_lossless(repo):
    # "‚úÖé" would repair to "✅é", but re-encoding that gives "‚úÖ√©", not the original: left alone.
    doc = "| ID | Status |\n|---|---|\n| A-1 | ‚úÖé |\n| A-2 | ‚úÖ done |\n"
    commit(repo, {"trackers/a.md": doc})
    run_cli("doctor", "--fix", cwd=repo, env=ENV)
    assert (repo / "trackers/a.md").read_text() == doc.replace("‚úÖ done", "✅ done")


def test_clean_document(repo):
    commit(repo, {"trackers/ok.md": "| ID | Status |\n|---|---|\n| A-1 | todo |\n"})
    proc = run_cli("doctor", cwd=repo, env=ENV)
    assert proc.returncode == 0 and proc.stdout == "" and "nothing to report" in proc.stderr


def test_fix_refuses_a_symlinked_document_and_keeps_the_link(repo):
    import os

    commit(repo, {"docs/real.md": MOJIBAKE.encode("utf-8")})
    (repo / "trackers").mkdir()
    os.symlink("../docs/real.md", repo / "trackers/m.md")
    proc = run_cli("doctor", "--fix", cwd=repo, env=ENV)
    assert proc.returncode == 2 and "trackers/m.md" in proc.stderr and "symbolic link" in proc.stderr
    assert (repo / "trackers/m.md").is_symlink()
    assert (repo / "docs/real.md").read_bytes() == MOJIBAKE.encode("utf-8")
