"""The rule catalogue: stable codes and names, `tracker rules`, and docs/rules.md generated from it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from tests.conftest import run_cli
from tracker.gate import docs
from tracker.gate.registry import SCOPES, all_rules, close_codes, lookup, rules_with_scope

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
    assert one.returncode == 0 and one.stdout.startswith("TRK102 evidence-missing (error, scope claim)")
    assert "Instead:" in one.stdout
    bad = run_cli("rules", "TRK10", cwd=tmp_path)
    assert bad.returncode == 2 and "did you mean" in bad.stderr


# -- the catalogue is the only list of rules ------------------------------------------------------------
CATALOGUE = {ROOT / "src/tracker/gate/registry.py", ROOT / "src/tracker/gate/catalogue.py"}
CODE = re.compile(r"TRK\d{3}")


def _code_collections(tree: ast.AST) -> list[int]:
    """Lines of set/list/tuple/dict-key literals and frozenset/set calls that hold a TRK code string."""
    found = []
    for node in ast.walk(tree):
        elements: list[ast.expr | None] = []
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            elements = list(node.elts)
        elif isinstance(node, ast.Dict):
            elements = list(node.keys)
        if any(isinstance(e, ast.Constant) and isinstance(e.value, str) and CODE.fullmatch(e.value)
               for e in elements):
            found.append(node.lineno)
    return found


def test_no_module_outside_the_catalogue_lists_rule_codes():
    offenders = []
    for path in sorted((ROOT / "src/tracker").rglob("*.py")):
        if path not in CATALOGUE:
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _code_collections(ast.parse(path.read_text()))]
    assert offenders == [], "ask the catalogue (rules_with_scope, close_codes) instead of listing codes"


def test_the_scan_sees_a_hand_written_code_set():
    tree = ast.parse('LEDGER = {"TRK109", "TRK110"}\nif f.code in ("TRK401", x):\n    pass\nM = {"TRK1": 1}\n')
    assert _code_collections(tree) == [1, 2]


def test_every_rule_declares_a_scope_and_queries_answer_from_it():
    rules = all_rules()
    assert all(r.scope in SCOPES for r in rules)
    assert rules_with_scope("region") == {"TRK401", "TRK402"}
    assert {"TRK303", "TRK205"} <= rules_with_scope("change")
    assert rules_with_scope("closure") == {"TRK109", "TRK110", "TRK127"}
    assert close_codes() <= rules_with_scope("claim") and "TRK101" in close_codes()
    assert lookup("TRK302").shadows == "TRK102"


def test_rules_command_and_docs_show_the_scope(tmp_path):
    listing = run_cli("rules", cwd=tmp_path).stdout
    assert re.search(r"^TRK401  stale-region +error +region ", listing, re.MULTILINE)
    data = json.loads(run_cli("rules", "TRK303", "--format", "json", cwd=tmp_path).stdout)
    assert data["scope"] == "change" and data["judged_on_close"] is False
    page = docs.render()
    assert "| [TRK401](#trk401-stale-region) | `stale-region` | error | region |" in page
    assert "Default: error. Scope: claim (" in page
