"""JUnit XML test reports (pytest --junitxml, Jest, go-junit-report, Maven Surefire): parsed hardened, judged.

A report proves when it parses, at least one test ran, none failed or errored, not every test was
skipped, and every test the reference names is there and passed. Parsing is defusedxml's iterparse
with any DTD refused, so entity expansion (billion laughs) and external entities are refused before
anything is expanded; a size cap and a depth cap bound time and memory, and testcases are counted as
they stream past, then dropped.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from tracker.gate.proof.verdict import Counts, Verdict

MAX_REPORT_BYTES = 32 * 1024 * 1024  # Surefire aggregates of large suites stay far below this
MAX_DEPTH = 64  # testsuites > testsuite > testsuite ... > testcase > failure: real reports nest < 10
ROOTS = ("testsuites", "testsuite")
_SNIFF = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,2000}?-->\s*)*"
    rb"(?:<!DOCTYPE\s+(?:testsuites|testsuite)\b|<(?:testsuites|testsuite)[\s>/])", re.S)


def looks_like_junit(data: bytes) -> bool:
    """Whether the first bytes open a <testsuites> or <testsuite> document (a DOCTYPE naming one counts)."""
    return _SNIFF.match(data[:8192]) is not None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _names(classname: str, name: str) -> set[str]:
    """Every spelling a reference may use for one testcase: name, Class.name, Class::name, path.py::name."""
    bare = name.split("[", 1)[0]
    found = {name, bare}
    if classname:
        found |= {f"{classname}.{name}", f"{classname}::{name}", f"{classname}.{bare}", f"{classname}::{bare}"}
        path = classname.replace(".", "/")
        found |= {f"{path}.py::{name}", f"{path}.py::{bare}"}
    return found


def read_junit(data: bytes, required: tuple[str, ...] = ()) -> Verdict:
    """Judge one JUnit XML report; `required` are test names that must be present and must have passed."""
    if len(data) > MAX_REPORT_BYTES:
        return _unreadable(f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB; not parsed")
    tests = failures = errors = skipped = 0
    declared_failing = 0
    passed: set[str] = set()
    seen: dict[str, str] = {}  # name -> what happened to it, for a precise message
    first_failure = ""
    depth = 0
    root = None
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True,
                                        forbid_entities=True, forbid_external=True):
            if event == "start":
                depth += 1
                if depth > MAX_DEPTH:
                    return _unreadable(f"nests elements deeper than {MAX_DEPTH} levels; not parsed")
                if root is None:
                    root = _local(element.tag)
                    if root not in ROOTS:
                        return _unreadable(f"has root <{root}>, not <testsuites> or <testsuite>")
                continue
            depth -= 1
            tag = _local(element.tag)
            if tag in ROOTS:
                declared_failing += _int(element.get("failures")) + _int(element.get("errors"))
            if tag != "testcase":
                continue
            tests += 1
            outcomes = {_local(child.tag) for child in element}
            name, classname = element.get("name", ""), element.get("classname", "")
            if "failure" in outcomes or "error" in outcomes:
                failures += "failure" in outcomes
                errors += "error" in outcomes and "failure" not in outcomes
                state = "failed"
                first_failure = first_failure or (f"{classname}.{name}" if classname else name)
            elif "skipped" in outcomes:
                skipped += 1
                state = "was skipped"
            else:
                state = "passed"
            for spelling in _names(classname, name):
                if state == "passed":
                    passed.add(spelling)
                seen.setdefault(spelling, state)
            element.clear()  # counted: drop its children so memory stays flat
    except DefusedXmlException as exc:
        return _unreadable(f"was refused by the hardened XML parser ({type(exc).__name__}: a DTD, entity or "
                           f"external reference); nothing was expanded")
    except ET.ParseError as exc:
        return _unreadable(f"is not well-formed XML ({exc})")
    except RecursionError:
        return _unreadable("nests too deeply to parse")
    counts = Counts(tests=tests, failures=failures, errors=errors, skipped=skipped)
    if failures or errors:
        return Verdict("junit", "failing", f"records {failures} failure(s) and {errors} error(s) in {tests} "
                                           f"test(s), first {first_failure!r}", counts)
    if declared_failing:
        return Verdict("junit", "failing", f"declares {declared_failing} failure(s) or error(s) on its suites",
                       counts)
    if tests == 0:
        return Verdict("junit", "vacuous", "ran no tests (zero testcases)", counts)
    if skipped == tests:
        return Verdict("junit", "vacuous", f"skipped all {tests} test(s); none ran", counts)
    for wanted in required:
        if wanted not in passed:
            what = seen.get(wanted)
            detail = f"names {wanted!r}, which {what}" if what else f"has no test named {wanted!r}"
            return Verdict("junit", "missing-test", detail, counts)
    return Verdict("junit", "proven", "", counts)


def _int(raw: str | None) -> int:
    try:
        return max(0, int(float(raw))) if raw else 0
    except ValueError:
        return 0


def _unreadable(why: str) -> Verdict:
    return Verdict("junit", "unreadable", why)
