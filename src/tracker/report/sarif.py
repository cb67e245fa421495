"""SARIF 2.1.0 for GitHub code scanning: the rule catalogue as rules, findings as results."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tracker import __version__
from tracker.gate.finding import ChangeResult, CheckResult, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "trackerKey/v2"


def _descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from tracker.gate.registry import all_rules

    rules = [r for r in all_rules() if not r.removed]
    descriptors = [{
        "id": r.code,
        "name": "".join(part.capitalize() for part in r.name.split("-")),
        "shortDescription": {"text": r.name},
        "fullDescription": {"text": r.summary},
        "help": {"text": r.doc()},
        "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning",
                                 "enabled": not r.opt_in},
        "properties": {"tags": ["tracker", f"scope:{r.scope}"]},
    } for r in rules]
    return descriptors, {r.code: n for n, r in enumerate(rules)}


def _result(f: Finding, index: dict[str, int], level: str, baseline_state: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": f.code,
        "level": level,
        "message": {"text": f"{f.message}\nhint: {f.hint}"},
        "partialFingerprints": {FINGERPRINT: f.fingerprint},
    }
    if f.code in index:
        entry["ruleIndex"] = index[f.code]
    if baseline_state:
        entry["baselineState"] = baseline_state
    if f.path:
        location: dict[str, Any] = {"artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"}}
        if f.line:
            location["region"] = {"startLine": f.line}
        entry["locations"] = [{"physicalLocation": location}]
    if f.waived:
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waiver or ""}]
    return entry


def _log(entries: Iterable[tuple[Finding, str, str | None]]) -> str:
    descriptors, index = _descriptors()
    results = [_result(f, index, level, state) for f, level, state in entries]
    payload = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tracker", "version": __version__, "rules": descriptors}},
            "results": results,
        }],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _level(f: Finding) -> str:
    return "error" if f.severity == "error" else "warning"


def render(result: CheckResult) -> str:
    return _log((f, _level(f), None) for f in result.findings)


def render_change(change: ChangeResult) -> str:
    """What this change answers for: blocking findings as errors, review findings as warnings, both new."""
    return _log([(f, "error", "new") for f in change.blocking] + [(f, "warning", "new") for f in change.review])
