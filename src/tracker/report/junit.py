"""JUnit XML: one test case per done item and per gate, so any CI shows which claims hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from tracker.gate.finding import ChangeResult, CheckResult, Finding, GateResult
from tracker.model import Status
from tracker.report.findings import headline, text_lines


def _by_item(findings: list[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for f in findings:
        if f.item:
            found.setdefault(f.item, []).append(f)
    return found


def _case(classname: str, name: str, failing: list[Finding], passing_notes: list[str], **attrs: str) -> ET.Element:
    case = ET.Element("testcase", {"classname": classname, "name": name, **attrs})
    if failing:
        failure = ET.SubElement(case, "failure", message=failing[0].message, type=failing[0].code)
        failure.text = "\n".join(line for f in failing for line in text_lines(f))
    if passing_notes:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(passing_notes)
    return case


def _done_items(project: Any) -> list[Any]:
    return [i for i in (project.items if project is not None else []) if i.status is Status.DONE]


def _claim_cases(project: Any, failing: dict[str, list[Finding]], notes: dict[str, list[str]]) -> list[ET.Element]:
    return [_case(f"claims.{item.source.path}", f"{item.id} {item.title}".strip(), failing.get(item.id, []),
                  notes.get(item.id, []), file=item.source.path, line=str(item.source.line))
            for item in _done_items(project)]


def _gate_case(gate: GateResult, judged: bool) -> ET.Element:
    case = ET.Element("testcase", classname="gates", name=gate.name)
    if gate.path:
        case.set("file", gate.path)
    if gate.passed:
        return case
    if judged:
        failure = ET.SubElement(case, "failure", message=gate.reasons[0] if gate.reasons else "failed", type="gate")
        failure.text = "\n".join(gate.reasons)
    else:  # in a change, a gate fails the change through the findings of the claims it blocks
        ET.SubElement(case, "system-out").text = "gate has not passed: " + "; ".join(gate.reasons)
    return case


def _document(cases: list[ET.Element]) -> str:
    failures = sum(1 for case in cases if case.find("failure") is not None)
    suites = ET.Element("testsuites", name="tracker check", tests=str(len(cases)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="tracker.check", tests=str(len(cases)), failures=str(failures),
                          errors="0", skipped="0")
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render(result: CheckResult, project: Any = None) -> str:
    by_item = _by_item(result.findings)
    failing = {i: [f for f in fs if f.severity == "error" and not f.waived] for i, fs in by_item.items()}
    notes = {i: [headline(f) for f in fs if f.waived] for i, fs in by_item.items()}
    cases = _claim_cases(project, failing, notes) + [_gate_case(g, judged=True) for g in result.gates]
    return _document(cases)


def render_change(change: ChangeResult) -> str:
    """Each done claim fails on the findings that block this change; older errors are listed, not failed."""
    failing = _by_item(change.blocking)
    notes = {i: [f"already in {change.base}: {headline(f)}" for f in fs]
             for i, fs in _by_item(change.existing).items()}
    cases = _claim_cases(change.project, failing, notes)
    claimed = {item.id for item in _done_items(change.project)}
    loose = [f for f in change.blocking if f.item not in claimed]
    cases.append(_case("change", f"{change.head} against {change.base}", loose,
                       [headline(f) for f in change.review]))
    cases += [_gate_case(g, judged=False) for g in change.result.gates]
    return _document(cases)
