"""The one error boundary (cli.main): usage errors exit 2 with a usage message; a cp1252 console never crashes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.git.conftest import Repo, clean_env, make_repo, table


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=cwd, env=clean_env(env),
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)


@pytest.mark.parametrize("args, says", [
    (["--bogus"], "No such option: --bogus"),
    (["close"], "Missing argument 'ID'"),
    (["close", "X", "--evidence"], "requires an argument"),
    (["set", "X"], "Missing argument 'STATUS'"),
    (["status", "--nope"], "No such option"),
])
def test_usage_errors_exit_2_with_a_usage_message(tmp_path: Path, args: list[str], says: str) -> None:
    proc = run(args, tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.fixture
def emoji_repo(tmp_path: Path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    repo.write("trackers/plan.md", "# Plan → ✅\n\n" + table(
        ("A-1", "Ship the “first” slice — ✅", "✅ COMPLETE (2026-01-02)", "`evidence/a-1.md`"),
        ("A-2", "Then the next → ⏳", "⏳ PENDING", ""),
    ))
    repo.write("evidence/a-1.md", "# A-1\n\nShipped; the log shows the slice running — ✅.\n")
    repo.add(".")
    repo.commit("plan")
    repo.write("trackers/plan.md", (repo.path / "trackers/plan.md").read_text(encoding="utf-8")
               .replace("⏳ PENDING", "🔄 PARTIAL"))
    repo.add(".")
    repo.commit("progress")
    return repo


@pytest.mark.parametrize("args", [
    ["status"], ["check"], ["rules"], ["rules", "TRK401"], ["history", "A-2"], ["check", "--base", "HEAD~1"],
    ["gates"], ["doctor"],
])
def test_a_cp1252_console_never_crashes(emoji_repo: Repo, args: list[str]) -> None:
    proc = run(args, emoji_repo.path, PYTHONIOENCODING="cp1252")
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "UnicodeEncodeError" not in proc.stderr


@pytest.mark.parametrize("args", [["status", "--format", "json"], ["check", "--format", "json"],
                                  ["check", "--format", "sarif"]])
def test_machine_output_on_cp1252_is_the_same_data(emoji_repo: Repo, args: list[str]) -> None:
    legacy = run(args, emoji_repo.path, PYTHONIOENCODING="cp1252")
    utf8 = run(args, emoji_repo.path, PYTHONIOENCODING="utf-8")
    assert legacy.returncode == utf8.returncode, legacy.stderr
    assert json.loads(legacy.stdout) == json.loads(utf8.stdout)
