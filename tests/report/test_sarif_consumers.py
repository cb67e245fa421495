"""SARIF read back by its consumers: the 2.1.0 schema with its URI formats checked, and sarif-tools."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write
from tracker.gate.finding import Finding
from tracker.report import sarif

SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"
ENV = {"TRACKER_TODAY": "2026-03-01"}
ODD_NAME = "trackers/Q3 plan, 100%: draft.md"


def _validate(data: dict) -> None:
    # Draft 4 knows no `uri-reference` format; the full checker reads it (rfc3986-validator provides it).
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers), "install rfc3986-validator (the test extra)"
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text()), format_checker=checker).validate(data)


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    write(tmp_path, {
        ODD_NAME: master([row("AB-001", evidence="`evidence/missing.md`")],
                         after="<!-- tracker:matrix -->\nold\n<!-- /tracker:matrix -->\n"),
        "trackers/broken.yaml": "items: [\n",
        "tracker.yaml": "waivers:\n  - item: ZZ-001\n    rule: done-without-evidence\n    reason: none\n",
    })
    return tmp_path


def _log(root: Path) -> dict:
    proc = run_cli("check", "--format", "sarif", cwd=root, env=ENV)
    assert proc.returncode == 2, proc.stderr  # the unreadable YAML
    return json.loads(proc.stdout)


def test_odd_file_names_are_uri_encoded_and_validate(odd: Path):
    data = _log(odd)
    _validate(data)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in data["runs"][0]["results"] for loc in r.get("locations", [])}
    assert "trackers/Q3%20plan%2C%20100%25%3A%20draft.md" in uris
    broken = json.loads(json.dumps(data).replace("Q3%20plan%2C%20100%25%3A%20draft.md", "Q3 plan, 100%: draft.md"))
    with pytest.raises(jsonschema.ValidationError):  # the check above is real: the raw name fails
        _validate(broken)


def test_every_result_has_a_relative_location_with_a_region(odd: Path):
    results = _log(odd)["runs"][0]["results"]
    assert {"TRK005", "TRK206", "TRK102", "TRK401"} <= {r["ruleId"] for r in results}
    for result in results:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not physical["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert physical["region"]["startLine"] >= 1


def test_fingerprints_are_the_finding_key_and_two_regions_do_not_collide(tmp_path: Path):
    regions = ("<!-- tracker:matrix -->\nx\n<!-- /tracker:matrix -->\n\n"
               "<!-- tracker:progress -->\ny\n<!-- /tracker:progress -->\n")
    write(tmp_path, {"trackers/plan.md": master([row("AB-001", status="todo", evidence="-")], after=regions)})
    results = json.loads(run_cli("check", "--format", "sarif", cwd=tmp_path, env=ENV).stdout)["runs"][0]["results"]
    stale = [r for r in results if r["ruleId"] == "TRK401"]
    assert len(stale) == 2
    assert len({r["partialFingerprints"][sarif.FINGERPRINT] for r in stale}) == 2


def test_a_file_outside_the_repository_gets_a_message_not_a_location():
    finding = Finding(code="TRK005", rule="unreadable-file", severity="error", message="cannot read it",
                      hint="h", path="/etc/secret.md", line=4)
    (result,) = json.loads(sarif._log([(finding, "error", None)]))["runs"][0]["results"]
    assert "locations" not in result and "/etc/secret.md" in result["message"]["text"]
    assert sarif.artifact_uri("../up.md") is None and sarif.artifact_uri("C:/x.md") is None
    assert sarif.artifact_uri("docs/a b.md") == "docs/a%20b.md"


def test_the_driver_and_every_rule_link_their_documentation(odd: Path):
    driver = _log(odd)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    for rule in driver["rules"]:
        assert rule["helpUri"].startswith("https://") and rule["help"]["text"].startswith(rule["id"])
        assert rule["help"]["markdown"].startswith(f"**{rule['id']} ")


def test_sarif_tools_reads_the_log(odd: Path, tmp_path: Path):
    loader = pytest.importorskip("sarif.loader", reason="sarif-tools is not installed (pip install sarif-tools)")
    out = tmp_path / "out.sarif"
    run_cli("check", "--format", "sarif", "--output", str(out), cwd=odd, env=ENV)
    log = loader.load_sarif_file(str(out))
    records = log.get_records()
    assert len(records) == len(json.loads(out.read_text())["runs"][0]["results"])
    assert any(r["Location"].endswith("draft.md") for r in records)
    assert sum(1 for r in records if r["Severity"] == "error") >= 3


def test_output_sarif_writes_the_same_log_beside_any_format(odd: Path, tmp_path: Path):
    out = tmp_path / "side.sarif"
    proc = run_cli("check", "--format", "github", "--output-sarif", str(out), cwd=odd, env=ENV)
    assert proc.stdout.startswith("::") and proc.returncode == 2
    assert json.loads(out.read_text()) == _log(odd)
