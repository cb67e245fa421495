"""The `tracker.check/1` JSON contract."""

from __future__ import annotations

import json
from typing import Any

from tracker.gate.finding import CheckResult, Finding

SCHEMA = "tracker.check/1"


def finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "rule": f.rule, "severity": f.severity, "item": f.item, "message": f.message,
            "hint": f.hint, "path": f.path, "line": f.line,
            # Beyond the required keys: a waived finding never fails the run, and says why.
            "evidence": f.evidence, "waived": f.waived, "waiver": f.waiver}


def payload(result: CheckResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "findings": [finding_json(f) for f in result.findings],
        "gates": [{"name": g.name, "passed": g.passed, "reasons": list(g.reasons)} for g in result.gates],
        "summary": result.summary(),
    }


def render(result: CheckResult, project=None) -> str:
    return json.dumps(payload(result), ensure_ascii=False, indent=2) + "\n"
