"""JUnit XML: one failing test case per error finding, a passing case per sound done claim, gates as notes.

Every unwaived error a check reports is one <failure>, so a CI's failure count is the run's error count
(JSON `summary.errors`, or `blocking` in change mode). A gate that has not passed fails through the claims it
blocks, so it is listed as a note, never counted twice.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from tracker.gate.finding import ChangeResult, CheckResult, Finding, GateResult
from tracker.model import Status
from tracker.report.findings import headline, text_lines


def _case(classname: str, name: str, failing: Finding | None, notes: list[str], **attrs: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": classname, "name": name, **attrs})
    if failing is not None:
        failure = ET.SubElement(case, "failure", message=failing.message, type=failing.code)
        failure.text = "\n".join(text_lines(failing))
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)
    return case


def _where(f: Finding) -> dict[str, str]:
    attrs = {"file": f.path} if f.path else {}
    if f.line:
        attrs["line"] = str(f.line)
    return attrs


def _finding_case(f: Finding, claim: Any = None) -> ET.Element:
    if claim is not None:
        return _case(f"claims.{claim.source.path}", f"{claim.id} {f.code} {f.rule}", f, [], **_where(f))
    subject = f.item or f.anchor or f.evidence or ""
    return _case(f"findings.{f.path or 'project'}", f"{f.code} {f.rule} {subject}".strip(), f, [], **_where(f))


def _done_items(project: Any) -> list[Any]:
    return [i for i in (project.items if project is not None else []) if i.status is Status.DONE]


def _cases(project: Any, failing: list[Finding],
           notes: list[tuple[str | None, str]]) -> tuple[list[ET.Element], list[str]]:
    """A case per failing finding (under its done claim when it has one), a passing case per sound claim;
    and the notes that belong to no done claim (for the suite's output)."""
    claims = {item.id: item for item in _done_items(project)}
    cases = [_finding_case(f, claims.get(f.item or "")) for f in failing]
    failed = {f.item for f in failing}
    by_item: dict[str, list[str]] = {}
    loose: list[str] = []
    for item_id, note in notes:
        if item_id is not None and item_id in claims:
            by_item.setdefault(item_id, []).append(note)
        else:
            loose.append(note)
    cases += [_case(f"claims.{item.source.path}", f"{item.id} {item.title}".strip(), None,
                    by_item.get(item.id, []), file=item.source.path, line=str(item.source.line))
              for item in claims.values() if item.id not in failed]
    return cases, loose


def _gate_case(gate: GateResult) -> ET.Element:
    case = ET.Element("testcase", classname="gates", name=gate.name)
    if gate.path:
        case.set("file", gate.path)
    if not gate.passed:  # it fails the run through the findings of the claims it blocks
        ET.SubElement(case, "system-out").text = "gate has not passed: " + "; ".join(gate.reasons)
    return case


def _document(cases: list[ET.Element], notes: list[str]) -> str:
    failures = sum(1 for case in cases if case.find("failure") is not None)
    suites = ET.Element("testsuites", name="tracker check", tests=str(len(cases)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="tracker.check", tests=str(len(cases)), failures=str(failures),
                          errors="0", skipped="0")
    suite.extend(cases)
    if notes:
        ET.SubElement(suite, "system-out").text = "\n".join(notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render(result: CheckResult, project: Any = None) -> str:
    failing = [f for f in result.findings if f.severity == "error" and not f.waived]
    notes = [(f.item, headline(f)) for f in result.findings if f.waived or f.severity != "error"]
    cases, loose = _cases(project, failing, notes)
    return _document(cases + [_gate_case(g) for g in result.gates], loose)


def render_change(change: ChangeResult) -> str:
    """The findings that block this change fail; older errors and review warnings are listed, not failed."""
    notes = [(f.item, f"already in {change.base}: {headline(f)}") for f in change.existing]
    notes += [(f.item, headline(f)) for f in change.review]
    cases, loose = _cases(change.project, list(change.blocking), notes)
    return _document(cases + [_gate_case(g) for g in change.result.gates], loose)
