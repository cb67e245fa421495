"""One fixture per rule that must trigger it, and a near-identical one that must not."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.gate.helpers import check, codes, master, row, write

PROOF = "# AB-001 evidence\n\nRan `make verify`: 12 passed. Log kept in ci/run-812.txt.\n"
GOOD = {"trackers/plan.md": master([row("AB-001")]), "evidence/ab-001.md": PROOF}


def ledger_line(item_id: str, path: str, sha: str, forced: bool = False) -> str:
    return json.dumps({"schema": "tracker.ledger/1", "action": "close", "id": item_id, "time": "2026-02-01T10:00:00Z",
                       "status": "done", "evidence": [{"path": path, "sha256": sha, "size": 10}], "commit": None,
                       "user": "dev", "note": None, "forced": forced, "reason": "ok" if forced else None}) + "\n"


def yaml_items(*entries: str) -> str:
    return "title: Roadmap\nitems:\n" + "".join(entries)


def gate_file(body: str) -> dict[str, str]:
    return {"gates/ab.yaml": body}


SHA = hashlib.sha256(PROOF.encode()).hexdigest()

CASES = {
    "TRK001": ({"trackers/plan.md": master([row("AB-001"), row("AB-002", status="finito", evidence="-"),
                                            row("AB-003", status="todo", evidence="-")])},
               {"trackers/plan.md": master([row("AB-001"), row("AB-002", status="todo", evidence="-")])}),
    "TRK002": ({"trackers/plan.md": master([row("AB-001"), row("AB-001")])}, {}),
    "TRK003": ({"trackers/plan.md": master([row("AB-001"), "| AB-002 | P1 | AB | short row | todo |\n"])}, {}),
    "TRK004": ({"trackers/plan.md": master([row("AB-001", status="\u201a\u00fa\u00d6 COMPLETE")])},
               {"trackers/plan.md": master([row("AB-001", status="\u2705 COMPLETE")])}),
    "TRK005": ({"trackers/broken.yaml": "items:\n  - id: [unclosed\n"},
               {"trackers/fine.yaml": yaml_items("  - id: CD-1\n    status: todo\n")}),
    "TRK101": ({"trackers/plan.md": master([row("AB-001", evidence="-")])}, {}),
    "TRK102": ({"trackers/plan.md": master([row("AB-001", evidence="`evidence/nowhere.md`")])}, {}),
    "TRK103": ({"evidence/ab-001.md": "# AB-001 evidence\n\nTODO\n\n## Results\nTBD\n"}, {}),
    "TRK112": ({"trackers/plan.md": master([row("AB-001", evidence="`trackers/plan.md`")])}, {}),
    "TRK104": ({"trackers/plan.md": master([row("AB-001", evidence="https://ci.example.com/build/812")])},
               {"trackers/plan.md": master([row("AB-001", evidence="`evidence/ab-001.md`, https://ci.example.com/b/1")])}),
    "TRK105": ({"tracker.yaml": "rules:\n  evidence-unrelated: warning\n",
                "evidence/ab-001.md": "Ran the importer; 12 passed.\n"},
               {"tracker.yaml": "rules:\n  evidence-unrelated: warning\n"}),
    "TRK106": ({"trackers/plan.md": master([row("AB-001")], after="## Closeout\n- Only remaining blocker: AB-001 "
                                                                  "awaiting the vendor\n")},
               {"trackers/plan.md": master([row("AB-001")], after="## Closeout\n- ~~Only remaining blocker: AB-001 "
                                                                  "awaiting the vendor~~ resolved\n")}),
    "TRK107": ({"trackers/plan.md": master([row("AB-001")], after="## AB-001 rollout\n- [x] migrate\n- [ ] backfill\n")},
               {"trackers/plan.md": master([row("AB-001")], after="## AB-001 rollout\n- [x] migrate\n- [x] backfill\n")}),
    "TRK108": ({"trackers/plan.md": master([row("AB-001"), row("AB-002", status="todo", evidence="-", due="2026-01-05")])},
               {"trackers/plan.md": master([row("AB-001"), row("AB-002", status="todo", evidence="-", due="2026-09-05")])}),
    "TRK109": ({"evidence/ledger.jsonl": ledger_line("AB-001", "evidence/ab-001.md", "0" * 64)},
               {"evidence/ledger.jsonl": ledger_line("AB-001", "evidence/ab-001.md", SHA)}),
    "TRK110": ({"evidence/ledger.jsonl": ledger_line("AB-001", "evidence/gone.md", "1" * 64)},
               {"evidence/ledger.jsonl": ledger_line("AB-001", "evidence/ab-001.md", SHA)}),
    "TRK201": ({"trackers/deps.yaml": yaml_items(
                    "  - id: CD-1\n    status: done\n    evidence: [evidence/ab-001.md]\n    depends_on: [CD-2]\n",
                    "  - id: CD-2\n    status: in_progress\n")},
               {"trackers/deps.yaml": yaml_items(
                   "  - id: CD-1\n    status: done\n    evidence: [evidence/ab-001.md]\n    depends_on: [CD-2]\n",
                   "  - id: CD-2\n    status: done\n    evidence: [evidence/ab-001.md]\n")}),
    "TRK202": ({"trackers/deps.yaml": yaml_items("  - id: CD-1\n    status: todo\n    depends_on: [CD-99]\n")},
               {"trackers/deps.yaml": yaml_items("  - id: CD-1\n    status: todo\n    depends_on: [AB-001]\n")}),
    "TRK203": ({"trackers/deps.yaml": yaml_items("  - id: CD-1\n    status: todo\n    depends_on: [CD-2]\n",
                                                 "  - id: CD-2\n    status: todo\n    depends_on: [CD-3]\n",
                                                 "  - id: CD-3\n    status: todo\n    depends_on: [CD-1]\n")},
               {"trackers/deps.yaml": yaml_items("  - id: CD-1\n    status: todo\n    depends_on: [CD-2]\n",
                                                 "  - id: CD-2\n    status: todo\n")}),
    "TRK204": ({"trackers/plan.md": master([row("AB-001"), row("AB-002", status="blocked", evidence="-"),
                                            row("CD-001", evidence="`evidence/ab-001.md`")]),
                **gate_file("requires: [AB-*]\nblocks: [CD-*]\n")},
               {"trackers/plan.md": master([row("AB-001"), row("CD-001", evidence="`evidence/ab-001.md`")]),
                **gate_file("requires: [AB-*]\nblocks: [CD-*]\n")}),
    "TRK206": ({"tracker.yaml": "waivers:\n  - item: AB-001\n    rule: TRK102\n    reason: vendor log pending\n"},
               {"tracker.yaml": "waivers:\n  - item: AB-001\n    rule: TRK102\n    reason: vendor log pending\n",
                "trackers/plan.md": master([row("AB-001", evidence="`evidence/pending.md`")])}),
    "TRK207": ({**gate_file("requires: [AB-*]\nevidence_glob: 'evidence/**'\nmust_contain: 'verified {id}'\n")},
               {**gate_file("requires: [AB-*]\nevidence_glob: 'evidence/**'\nmust_contain: 'AB-\\d+ evidence'\n")}),
    "TRK301": ({"trackers/plan.md": master([row("AB-001", evidence="`/tmp/run.log`")])},
               {"trackers/plan.md": master([row("AB-001", evidence="`./evidence/ab-001.md`")])}),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers(tmp_path, code):
    bad, _ = CASES[code]
    write(tmp_path, {**GOOD, **bad})
    found = codes(check(tmp_path))
    assert code in found, f"{code} not reported; got {sorted(found)}"
    finding = found[code][0]
    assert finding.rule and finding.hint and finding.message


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_stays_quiet(tmp_path, code):
    _, good = CASES[code]
    write(tmp_path, {**GOOD, **good})
    found = codes(check(tmp_path))
    assert code not in found, [f.message for f in found[code]]


def test_every_engine_rule_has_a_fixture():
    from tracker.gate.registry import all_rules

    # TRK208: see test_gates; TRK111: tests/gate/test_rules_counts.py
    owned_elsewhere = {"TRK205", "TRK302", "TRK303", "TRK401", "TRK402", "TRK208", "TRK111"}
    owned_elsewhere |= {f"TRK{n}" for n in range(120, 130)}  # tests/proof/
    # Rules of scope `change` compare two revisions: tests/adversarial and tests/git cover them.
    mine = {r.code for r in all_rules() if r.scope != "change"} - owned_elsewhere
    assert mine <= set(CASES)


def test_status_conflict_between_two_rows(tmp_path):
    write(tmp_path, {**GOOD, "trackers/other.md": master([row("AB-001", status="blocked", evidence="-")])})
    found = codes(check(tmp_path))
    assert any("blocked here but done" in f.message or "done here but blocked" in f.message for f in found["TRK106"])


def test_transition_line_disagreeing_with_table(tmp_path):
    after = "## Session log\n1. Moved work:\n   - `AB-001` -> `in_progress`\n"
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001")], after=after)})
    conflict = codes(check(tmp_path))["TRK106"][0]
    assert conflict.item == "AB-001" and "in_progress" in conflict.message


def test_cycle_is_reported_as_a_path(tmp_path):
    write(tmp_path, {**GOOD, **CASES["TRK203"][0]})
    (finding,) = codes(check(tmp_path))["TRK203"]
    assert "CD-1 → CD-2 → CD-3 → CD-1" in finding.message


def test_opt_in_rule_is_enabled_by_select(tmp_path):
    write(tmp_path, {**GOOD, "evidence/ab-001.md": "Ran the importer; 12 passed.\n"})
    assert "TRK105" not in codes(check(tmp_path))
    assert "TRK105" in codes(check(tmp_path, select=["evidence-unrelated"]))


def test_severity_is_configurable_and_strict_promotes_warnings(tmp_path):
    write(tmp_path, {**GOOD, **CASES["TRK104"][0]})
    assert codes(check(tmp_path))["TRK104"][0].severity == "warning"
    assert codes(check(tmp_path, strict=True))["TRK104"][0].severity == "error"
    write(tmp_path, {"tracker.yaml": "rules:\n  TRK104: error\n"})
    assert codes(check(tmp_path))["TRK104"][0].severity == "error"
    write(tmp_path, {"tracker.yaml": "rules:\n  evidence-unverifiable: 'off'\n"})
    assert "TRK104" not in codes(check(tmp_path))


def test_select_and_ignore_take_prefixes_and_names(tmp_path):
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="-"),
                                                         row("AB-002", status="todo", evidence="-", due="2026-01-01")])})
    assert set(codes(check(tmp_path, select=["TRK1"]))) == {"TRK101", "TRK108"}
    assert set(codes(check(tmp_path, select=["TRK1"], ignore=["overdue"]))) == {"TRK101"}


def test_yaml_item_waiver_waives_its_finding(tmp_path):
    tracker = yaml_items("  - id: CD-1\n    status: done\n    waivers:\n      - rule: done-without-evidence\n"
                         "        reason: proof lives in the audit binder\n")
    write(tmp_path, {**GOOD, "trackers/road.yaml": tracker})
    result = check(tmp_path)
    (finding,) = codes(result)["TRK101"]
    assert finding.waived and finding.waiver == "proof lives in the audit binder"
    assert result.errors == 0 and "TRK206" not in codes(result)


def test_forced_close_reports_waived_findings_with_reason(tmp_path):
    line = json.dumps({"schema": "tracker.ledger/1", "action": "close", "id": "AB-001", "time": "2026-02-01T10:00:00Z",
                       "status": "done", "evidence": [], "commit": None, "user": "dev", "note": None,
                       "forced": True, "reason": "vendor outage; proof follows"}) + "\n"
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="-")]),
                     "evidence/ledger.jsonl": line})
    result = check(tmp_path)
    (finding,) = codes(result)["TRK101"]
    assert finding.waived and "vendor outage" in finding.waiver
    assert result.errors == 0


def test_ledger_evidence_counts_as_item_evidence(tmp_path):
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="-")]),
                     "evidence/ledger.jsonl": ledger_line("AB-001", "evidence/ab-001.md", SHA)})
    assert codes(check(tmp_path)) == {}


def test_bad_ledger_line_is_a_warning_not_a_crash(tmp_path):
    write(tmp_path, {**GOOD, "evidence/ledger.jsonl": "{not json\n" + ledger_line("AB-001", "evidence/ab-001.md", SHA)})
    (finding,) = codes(check(tmp_path))["TRK005"]
    assert finding.line == 1 and finding.path == "evidence/ledger.jsonl"


def test_reopen_cancels_ledger_evidence(tmp_path):
    reopen = json.dumps({"schema": "tracker.ledger/1", "action": "reopen", "id": "AB-001", "time": "t",
                         "status": "in_progress", "evidence": []}) + "\n"
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="-")]),
                     "evidence/ledger.jsonl": ledger_line("AB-001", "evidence/ab-001.md", SHA) + reopen})
    assert "TRK101" in codes(check(tmp_path))


def test_evidence_folder_is_not_proof_even_with_a_real_file(tmp_path):
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="`evidence/run/`")]),
                     "evidence/run/output.log": "12 passed\n"})
    (finding,) = codes(check(tmp_path))["TRK112"]
    assert "is a folder (evidence/run/), not a file" in finding.message
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", evidence="`evidence/run/output.log`")])})
    assert codes(check(tmp_path)) == {}


def test_evidence_relative_to_the_document_folder(tmp_path):
    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001", evidence="[proof](notes/ab.md)")]),
                     "trackers/notes/ab.md": PROOF})
    assert codes(check(tmp_path)) == {}


def test_unused_yaml_waiver_is_located_in_its_document(tmp_path):
    tracker = yaml_items("  - id: CD-1\n    status: todo\n    waivers:\n      - rule: TRK102\n        reason: old\n")
    write(tmp_path, {**GOOD, "trackers/road.yaml": tracker})
    (finding,) = codes(check(tmp_path))["TRK206"]
    assert finding.path == "trackers/road.yaml" and finding.line == 3 and finding.item == "CD-1"


def test_clock_comes_from_tracker_today(tmp_path):
    from tests.conftest import run_cli

    write(tmp_path, {**GOOD, "trackers/plan.md": master([row("AB-001"), row("AB-002", status="todo", evidence="-",
                                                                            due="2026-05-01")])})
    early = run_cli("check", "--select", "overdue", cwd=tmp_path, env={"TRACKER_TODAY": "2026-04-30"})
    late = run_cli("check", "--select", "overdue", cwd=tmp_path, env={"TRACKER_TODAY": "2026-05-02"})
    assert "TRK108" not in early.stdout and "TRK108 AB-002 is todo and was due 2026-05-01" in late.stdout
    assert run_cli("check", cwd=tmp_path, env={"TRACKER_TODAY": "soon"}).returncode == 2


def test_configured_paths_never_leave_the_repository(tmp_path):
    import pytest as _pytest

    from tracker.errors import ConfigError

    (tmp_path / "outside.jsonl").write_text(ledger_line("AB-001", "evidence/ab-001.md", SHA))
    repo = tmp_path / "repo"
    write(repo, {**GOOD, "tracker.yaml": "ledger: ../outside.jsonl\n"})
    with _pytest.raises(ConfigError, match="ledger: '../outside.jsonl' uses `..` to leave the repository"):
        check(repo)  # refused when the configuration loads (exit 2), never read or appended to
    write(repo, {"tracker.yaml": "gates: ../\n"})
    with _pytest.raises(ConfigError):
        check(repo)
