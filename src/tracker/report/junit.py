"""JUnit XML: one test case per done item and per gate, so any CI shows which claims hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tracker.gate.finding import CheckResult
from tracker.model import Status


def render(result: CheckResult, project=None) -> str:
    by_item: dict[str, list] = {}
    for f in result.findings:
        if f.item:
            by_item.setdefault(f.item, []).append(f)
    cases: list[ET.Element] = []
    failures = 0
    done = [i for i in (project.items if project is not None else []) if i.status is Status.DONE]
    for item in done:
        case = ET.Element("testcase", classname=f"claims.{item.source.path}", name=f"{item.id} {item.title}".strip(),
                          file=item.source.path, line=str(item.source.line))
        errors = [f for f in by_item.get(item.id, []) if f.severity == "error" and not f.waived]
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=errors[0].message, type=errors[0].code)
            failure.text = "\n".join(f"{f.code} {f.message}\n  hint: {f.hint}" for f in errors)
        waived = [f for f in by_item.get(item.id, []) if f.waived]
        if waived:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{f.code} {f.message} [waived: {f.waiver}]" for f in waived)
        cases.append(case)
    for gate in result.gates:
        case = ET.Element("testcase", classname="gates", name=gate.name)
        if gate.path:
            case.set("file", gate.path)
        if not gate.passed:
            failures += 1
            failure = ET.SubElement(case, "failure", message=gate.reasons[0] if gate.reasons else "failed",
                                    type="gate")
            failure.text = "\n".join(gate.reasons)
        cases.append(case)
    suites = ET.Element("testsuites", name="tracker check", tests=str(len(cases)), failures=str(failures))
    suite = ET.SubElement(suites, "testsuite", name="tracker.check", tests=str(len(cases)), failures=str(failures),
                          errors="0", skipped="0")
    suite.extend(cases)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
