"""The rule catalogue: stable codes and names, `tracker rules`, and docs/rules.md generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli
from tracker.gate import docs
from tracker.gate.registry import all_rules, lookup

ROOT = Path(__file__).resolve().parents[2]
NAMES = {"TRK001": "unknown-status", "TRK002": "duplicate-id", "TRK003": "ragged-row", "TRK004": "mojibake",
         "TRK005": "unreadable-file", "TRK101": "done-without-evidence", "TRK102": "evidence-missing",
         "TRK103": "evidence-empty", "TRK104": "evidence-unverifiable", "TRK105": "evidence-unrelated",
         "TRK106": "status-conflict", "TRK107": "checklist-incomplete", "TRK108": "overdue",
         "TRK109": "evidence-changed-after-close", "TRK110": "evidence-deleted-after-close",
         "TRK201": "dependency-not-done", "TRK202": "unknown-dependency", "TRK203": "dependency-cycle",
         "TRK204": "gate-not-passed", "TRK205": "gate-changed", "TRK206": "unused-waiver",
         "TRK207": "gate-requirement-failed", "TRK208": "gate-command-failed", "TRK301": "evidence-outside-repo",
         "TRK302": "evidence-untracked"}


def test_codes_and_names_are_stable():
    rules = {r.code: r for r in all_rules()}
    for code, name in NAMES.items():
        assert rules[code].name == name
        assert lookup(name) is rules[code] and lookup(code.lower()) is rules[code]
    for rule in rules.values():
        assert re.fullmatch(r"TRK\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.summary and rule.why and rule.example and rule.instead
    assert rules["TRK104"].severity == "warning" and rules["TRK105"].opt_in


def test_docs_rules_md_is_up_to_date():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == docs.render(), "docs/rules.md is stale: run `python -m tracker.gate.docs`"


def test_docs_check_mode_detects_staleness(tmp_path):
    target = tmp_path / "rules.md"
    assert docs.main(["--check", str(target)]) == 1
    assert docs.main([str(target)]) == 0 and docs.main(["--check", str(target)]) == 0
    assert "### TRK101 done-without-evidence" in target.read_text()


def test_rules_command(tmp_path):
    listing = run_cli("rules", cwd=tmp_path)
    assert listing.returncode == 0 and "TRK101  done-without-evidence" in listing.stdout
    one = run_cli("rules", "evidence-missing", cwd=tmp_path)
    assert one.returncode == 0 and one.stdout.startswith("TRK102 evidence-missing (error)")
    assert "Instead:" in one.stdout
    bad = run_cli("rules", "TRK10", cwd=tmp_path)
    assert bad.returncode == 2 and "did you mean" in bad.stderr
