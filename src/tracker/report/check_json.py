"""The JSON contracts of a check: `tracker.check/1` (a project) and `tracker.check-base/1` (a change)."""

from __future__ import annotations

import json
from typing import Any

from tracker.gate.finding import ChangeResult, CheckResult, Finding, GateResult

SCHEMA = "tracker.check/1"
CHANGE_SCHEMA = "tracker.check-base/1"


def finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "rule": f.rule, "severity": f.severity, "item": f.item, "message": f.message,
            "hint": f.hint, "path": f.path, "line": f.line,
            # Beyond the required keys: a waived finding never fails the run, and says why; the key is its identity.
            "evidence": f.evidence, "anchor": f.anchor, "waived": f.waived, "waiver": f.waiver,
            "fingerprint": f.fingerprint}


def gate_json(g: GateResult) -> dict[str, Any]:
    """The one JSON shape of a gate (check, check --base and `tracker gates`)."""
    return {"name": g.name, "passed": g.passed, "reasons": list(g.reasons), "path": g.path, "line": g.line}


def payload(result: CheckResult) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "findings": [finding_json(f) for f in result.findings],
        "gates": [gate_json(g) for g in result.gates],
        "summary": result.summary(),
    }


def change_payload(change: ChangeResult) -> dict[str, Any]:
    return {
        "schema": CHANGE_SCHEMA, "base": change.base, "base_commit": change.base_sha, "head": change.head,
        "transitions": [{"id": t.id, "from": t.old.value if t.old else None, "to": t.new.value if t.new else None,
                         "path": t.path, "line": t.line} for t in change.transitions],
        "changed_claims": change.changed_claims,
        "blocking": [finding_json(f) for f in change.blocking],
        "review": [finding_json(f) for f in change.review],
        "existing_errors": len(change.existing),
        "changed_gate_files": sorted(change.changed_gate_files),
        "gates": [gate_json(g) for g in change.result.gates],
    }


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(result: CheckResult) -> str:
    return dumps(payload(result))


def render_change(change: ChangeResult) -> str:
    return dumps(change_payload(change))
