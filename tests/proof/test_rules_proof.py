"""The proof rules on real repositories: JUnit reports, commits and attestations as a done item's evidence."""

from __future__ import annotations

import base64
import json

from tests.gate.helpers import check, codes
from tests.proof.conftest import TABLE, tracker_row

PROOF_CODES = {"TRK120", "TRK121", "TRK122", "TRK123", "TRK124", "TRK125", "TRK126"}


def proof_codes(root) -> dict[str, list]:
    return {code: found for code, found in codes(check(root)).items() if code in PROOF_CODES}


def plan_with(scratch, evidence: str, files: dict[str, bytes] | None = None):
    scratch.write("trackers/plan.md", TABLE + tracker_row("AB-1", evidence))
    for rel, data in (files or {}).items():
        path = scratch.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    scratch.add(".")
    scratch.commit("claim")
    return scratch.path


def test_passing_report_is_quiet(scratch, reports):
    assert proof_codes(plan_with(scratch, "`reports/unit.xml`", {"reports/unit.xml": reports["passing"]})) == {}


def test_failing_report_is_an_error_naming_the_test(scratch, reports):
    found = proof_codes(plan_with(scratch, "`reports/unit.xml`", {"reports/unit.xml": reports["failing"]}))
    assert set(found) == {"TRK120"}
    assert found["TRK120"][0].severity == "error" and "test_beta" in found["TRK120"][0].message


def test_vacuous_reports(scratch, reports):
    root = plan_with(scratch, "`reports/empty.xml`, `reports/skipped.xml`",
                     {"reports/empty.xml": reports["empty"], "reports/skipped.xml": reports["skipped"]})
    assert len(proof_codes(root)["TRK121"]) == 2


def test_named_test_in_the_reference(scratch, reports):
    root = plan_with(scratch, "`reports/unit.xml#test_close_refuses` `reports/unit.xml#test_gone`",
                     {"reports/unit.xml": reports["passing"]})
    found = proof_codes(root)
    assert set(found) == {"TRK122"} and "test_gone" in found["TRK122"][0].message


def test_report_too_large_is_refused_unread(scratch):
    root = plan_with(scratch, "`reports/big.xml`", {"reports/big.xml": b"<testsuite>" + b" " * (33 << 20)})
    found = proof_codes(root)
    assert "larger than" in found["TRK123"][0].message


def test_commit_evidence_reachable_unknown_and_on_another_branch(scratch):
    scratch.write("src/a.py", "A = 1\n")
    scratch.add(".")
    scratch.commit("work")
    work = scratch.head()
    scratch.git("checkout", "-q", "-b", "side")
    scratch.write("src/b.py", "B = 1\n")
    scratch.add(".")
    scratch.commit("elsewhere")
    side = scratch.head()
    scratch.git("checkout", "-q", "main")
    root = plan_with(scratch, f"commit: {work[:10]}")
    assert proof_codes(root) == {}
    scratch.write("trackers/plan.md", TABLE + tracker_row("AB-1", side) + tracker_row("AB-2", "commit: 0badc0de"))
    found = proof_codes(root)["TRK126"]
    messages = sorted(f.message for f in found)
    assert "is not reachable from" in messages[0] and side[:12] in messages[0]
    assert "does not exist" in messages[1]


def statement(commit: str, result: str = "PASSED", failed: list[str] | None = None) -> dict:
    return {"_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": "repo", "digest": {"gitCommit": commit}}],
            "predicateType": "https://in-toto.io/attestation/test-result/v0.1",
            "predicate": {"result": result, "configuration": [], "url": "https://ci.example.invalid/run/1",
                          "passedTests": ["test_alpha"], "warnedTests": [], "failedTests": failed or []}}


def envelope(body: dict) -> bytes:
    payload = base64.b64encode(json.dumps(body).encode()).decode()
    return json.dumps({"payloadType": "application/vnd.in-toto+json", "payload": payload,
                       "signatures": [{"keyid": "", "sig": "bm90IGNoZWNrZWQ="}]}).encode()


def test_attestation_for_an_ancestor_passes_bare_and_enveloped(scratch):
    scratch.write("src/a.py", "A = 1\n")
    scratch.add(".")
    scratch.commit("work")
    work = scratch.head()
    root = plan_with(scratch, "`attest/unit.intoto.json` `attest/unit.dsse.json#test_alpha`",
                     {"attest/unit.intoto.json": json.dumps(statement(work)).encode(),
                      "attest/unit.dsse.json": envelope(statement(work))})
    assert proof_codes(root) == {}


def test_attestation_failed_or_for_another_branch(scratch):
    scratch.write("src/a.py", "A = 1\n")
    scratch.add(".")
    scratch.commit("work")
    scratch.git("checkout", "-q", "-b", "side")
    scratch.write("src/b.py", "B = 1\n")
    scratch.add(".")
    scratch.commit("elsewhere")
    side = scratch.head()
    scratch.git("checkout", "-q", "main")
    work = scratch.head()
    root = plan_with(scratch, "`attest/other.json` `attest/failed.json` `attest/unit.json#test_missing`",
                     {"attest/other.json": json.dumps(statement(side)).encode(),
                      "attest/failed.json": envelope(statement(work, "FAILED", ["test_beta"])),
                      "attest/unit.json": json.dumps(statement(work)).encode()})
    found = proof_codes(root)
    assert set(found) == {"TRK124", "TRK125", "TRK122"}
    assert side[:12] in found["TRK125"][0].message and "test_beta" in found["TRK124"][0].message


def test_other_json_is_a_plain_file(scratch):
    assert proof_codes(plan_with(scratch, "`evidence/data.json`", {"evidence/data.json": b'{"rows": 12}'})) == {}


def test_yaml_tests_list_names_required_tests(scratch, reports):
    scratch.write("trackers/plan.yaml", "items:\n  - id: AB-1\n    status: done\n    evidence: reports/unit.xml\n"
                  "    tests: [test_close_refuses, test_never_written]\n")
    root = plan_with(scratch, "-", {"reports/unit.xml": reports["passing"]})
    found = proof_codes(root)
    assert set(found) == {"TRK122"} and "test_never_written" in found["TRK122"][0].message
