"""SARIF 2.1.0 for GitHub code scanning: the rule catalogue as rules, findings as results."""

from __future__ import annotations

import json
from typing import Any

from tracker import __version__
from tracker.gate.finding import CheckResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def payload(result: CheckResult) -> dict[str, Any]:
    from tracker.gate.registry import all_rules

    rules = [r for r in all_rules() if not r.removed]
    index = {r.code: n for n, r in enumerate(rules)}
    descriptors = [{
        "id": r.code,
        "name": "".join(part.capitalize() for part in r.name.split("-")),
        "shortDescription": {"text": r.name},
        "fullDescription": {"text": r.summary},
        "help": {"text": r.doc()},
        "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning",
                                 "enabled": not r.opt_in},
        "properties": {"tags": ["tracker"]},
    } for r in rules]
    results = []
    for f in result.findings:
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "level": "error" if f.severity == "error" else "warning",
            "message": {"text": f"{f.message}\nhint: {f.hint}"},
            "partialFingerprints": {"trackerKey/v1": "|".join(part or "" for part in f.key)},
        }
        if f.code in index:
            entry["ruleIndex"] = index[f.code]
        if f.path:
            location: dict[str, Any] = {"artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"}}
            if f.line:
                location["region"] = {"startLine": f.line}
            entry["locations"] = [{"physicalLocation": location}]
        if f.waived:
            entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waiver or ""}]
        results.append(entry)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tracker", "version": __version__, "rules": descriptors}},
            "results": results,
        }],
    }


def render(result: CheckResult, project=None) -> str:
    return json.dumps(payload(result), ensure_ascii=False, indent=2) + "\n"
