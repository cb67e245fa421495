"""The `tracker.report/1` data behind the status page: plain dicts and lists, built from what the use case gathered.

The JSON Schema of this shape is docs/schemas/tracker.report-1.schema.json; tests validate the output against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.gate.finding import CheckResult
from tracker.model import Item, Project, Status
from tracker.model.document import count_statuses
from tracker.report.check_json import finding_json, gate_json

SCHEMA = "tracker.report/1"
NO_GROUP = "(no group)"

PROVEN_TODAY = ("proven: a done item that no error finding names today, waived or not; a forced close or a waiver "
                "accepts a claim without proving it, so it counts as done but not as proven (`tracker check`'s "
                "done_claims_proven counts those too)")
PROVEN_BURNUP = ("proven (burn-up): items whose latest ledger record by the end of that day is a close or set to "
                 "done that was not forced; a reopen cancels it. The ledger records closes made with "
                 "`tracker close`, so rows marked done by hand count as done but not as proven")
SINCE_NOTE = ("since: the date of the last commit on this branch that moved the item to blocked "
              "(from git history); none when the change is not committed yet")


@dataclass(slots=True)
class Gathered:
    """Everything the use case read, handed over as plain values (no I/O happens past this point)."""

    project: Project
    check: CheckResult
    generated: str  # ISO time the page was made
    commit: str | None = None
    repository_url: str | None = None
    ledger_path: str = "evidence/ledger.jsonl"
    ledger: list[dict[str, Any]] = field(default_factory=list)
    ledger_problems: list[tuple[int, str]] = field(default_factory=list)
    days: list[dict[str, Any]] | None = None  # None: no git history could be read
    history_note: str | None = None
    blocked_since: dict[str, str] = field(default_factory=dict)  # item ID -> ISO date it last became blocked
    gate_blocks: dict[str, list[str]] = field(default_factory=dict)  # gate name -> item IDs it blocks
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> the rule's catalogue entry


def _tally(items: Iterable[Item], proven: set[int]) -> dict[str, Any]:
    members = list(items)
    counts = count_statuses(members)
    counted = len(members) - counts[Status.DROPPED.value]
    done = counts[Status.DONE.value]
    proved = sum(1 for i in members if id(i) in proven)
    return {"items": len(members), "counts": counts, "counted": counted, "done": done, "proven": proved,
            "percent_done": _percent(done, counted), "percent_proven": _percent(proved, counted)}


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _proven(project: Project, check: CheckResult) -> set[int]:
    """Done items that no error finding names, waived or not (PROVEN_TODAY)."""
    failing = {f.item for f in check.findings if f.severity == "error" and f.item}
    return {id(i) for i in project.items if i.status is Status.DONE and i.id not in failing}


def build(data: Gathered) -> dict[str, Any]:
    project, check = data.project, data.check
    proven = _proven(project, check)
    groups: dict[str, list[Item]] = {}
    for item in project.items:
        groups.setdefault(item.group or NO_GROUP, []).append(item)
    status_of: dict[str, Status] = {}
    for item in project.items:
        status_of.setdefault(item.id, item.status)
    open_deps = {Status.DONE, Status.DROPPED}
    blockers = []
    blocking_gates: dict[str, list[str]] = {}
    for gate in check.gates:
        if not gate.passed:
            for item_id in data.gate_blocks.get(gate.name, []):
                blocking_gates.setdefault(item_id, []).append(gate.name)
    for item in project.items:
        if item.status is not Status.BLOCKED:
            continue
        waiting = [d.id for d in item.dependencies if d.id in status_of and status_of[d.id] not in open_deps]
        blockers.append({"id": item.id, "title": item.title, "group": item.group or NO_GROUP,
                         "path": item.source.path, "line": item.source.line, "dependencies": waiting,
                         "gates": blocking_gates.get(item.id, []), "reason": item.notes,
                         "since": data.blocked_since.get(item.id)})
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for f in check.findings:
        by_rule.setdefault(f.code, []).append(finding_json(f))
    findings = []
    for code in sorted(by_rule):
        rule = data.rules.get(code, {})
        findings.append({"code": code, "rule": by_rule[code][0]["rule"], "summary": rule.get("summary", ""),
                         "doc": rule.get("doc", ""), "findings": by_rule[code]})
    return {
        "schema": SCHEMA,
        "generated": data.generated,
        "repository": {"url": data.repository_url, "commit": data.commit},
        "counts": count_statuses(project.items),
        "totals": _tally(project.items, proven),
        "documents": [{"path": d.path, "format": d.format, **_tally(d.items, proven)} for d in project.documents],
        "groups": [{"name": name, **_tally(members, proven)} for name, members in groups.items()],
        "items": [{"id": i.id, "title": i.title, "status": i.status.value, "group": i.group or NO_GROUP,
                   "path": i.source.path, "line": i.source.line, "proven": id(i) in proven,
                   "depends_on": i.depends_on} for i in project.items],
        "blockers": blockers,
        "gates": [{**gate_json(g), "blocks": data.gate_blocks.get(g.name, [])} for g in check.gates],
        "findings": findings,
        "summary": check.summary(),
        "burnup": {"days": data.days or [], "available": data.days is not None, "note": data.history_note},
        "ledger": {"path": data.ledger_path, "records": [_record(r) for r in data.ledger],
                   "problems": [{"line": line, "message": message} for line, message in data.ledger_problems]},
        "definitions": {"proven": PROVEN_TODAY, "proven_burnup": PROVEN_BURNUP, "since": SINCE_NOTE},
        "errors": [{"path": path, "message": message} for path, message in project.errors],
    }


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _record(record: Mapping[str, Any]) -> dict[str, Any]:
    """One ledger record in the page's shape; fields a hand-edited ledger got wrong become null."""
    evidence = [{"path": e["path"], "sha256": _text(e.get("sha256")),
                 "size": e.get("size") if isinstance(e.get("size"), int) else None}
                for e in record.get("evidence") or []]
    return {"time": _text(record.get("time")), "action": record["action"], "id": record["id"],
            "status": _text(record.get("status")), "user": _text(record.get("user")),
            "commit": _text(record.get("commit")), "note": _text(record.get("note")),
            "forced": record.get("forced") is True, "reason": _text(record.get("reason")),
            "evidence": evidence, "line": record.get("_line") if isinstance(record.get("_line"), int) else None}


def proven_by_day(days: list[dict[str, Any]], ledger: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each burn-up day with `proven` added (PROVEN_BURNUP): replays the ledger in time order up to each day."""
    records = sorted((r for r in ledger if isinstance(r.get("time"), str)), key=lambda r: r["time"])
    closed: dict[str, bool] = {}
    out, at = [], 0
    for day in days:
        while at < len(records) and records[at]["time"][:10] <= day["date"]:
            r = records[at]
            closed[r["id"]] = (r["action"] in ("close", "set") and r.get("status", "done") == "done"
                               and r.get("forced") is not True)
            at += 1
        out.append({**day, "proven": sum(closed.values())})
    return out
