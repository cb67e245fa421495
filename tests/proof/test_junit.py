"""JUnit verdicts on reports that real pytest runs wrote: passing, failing, empty, all skipped, named tests."""

from __future__ import annotations

from tracker.gate.proof.junit import looks_like_junit, read_junit
from tracker.gate.proof.kinds import judge


def test_passing_report_proves(reports):
    verdict = read_junit(reports["passing"])
    assert verdict.proven and verdict.counts is not None
    assert (verdict.counts.tests, verdict.counts.failures, verdict.counts.skipped) == (2, 0, 0)


def test_one_failure_is_failing_and_named(reports):
    verdict = read_junit(reports["failing"])
    assert verdict.outcome == "failing"
    assert verdict.counts is not None and verdict.counts.failures == 1 and verdict.counts.tests == 2
    assert "test_beta" in verdict.message


def test_zero_tests_is_vacuous(reports):
    verdict = read_junit(reports["empty"])
    assert verdict.outcome == "vacuous" and "no tests" in verdict.message


def test_all_skipped_is_vacuous(reports):
    verdict = read_junit(reports["skipped"])
    assert verdict.outcome == "vacuous" and "skipped all 2" in verdict.message


def test_named_test_present_proves_in_every_spelling(reports):
    for name in ("test_close_refuses", "test_passing.test_close_refuses", "test_passing.py::test_close_refuses"):
        assert read_junit(reports["passing"], (name,)).proven, name


def test_named_test_missing_is_reported(reports):
    verdict = read_junit(reports["passing"], ("test_close_refuses", "test_not_there"))
    assert verdict.outcome == "missing-test" and "test_not_there" in verdict.message


def test_named_test_that_was_skipped_does_not_prove():
    report = (b'<testsuite tests="2"><testcase name="test_a"/><testcase name="test_b"><skipped/></testcase>'
              b'</testsuite>')
    verdict = read_junit(report, ("test_b",))
    assert verdict.outcome == "missing-test" and "skipped" in verdict.message


def test_parametrized_cases_answer_to_their_bare_name():
    report = b'<testsuites><testsuite><testcase classname="t" name="test_a[1]"/></testsuite></testsuites>'
    assert read_junit(report, ("test_a",)).proven


def test_suite_declaring_failures_is_failing_even_without_failure_elements():
    report = b'<testsuites failures="3"><testsuite><testcase name="test_a"/></testsuite></testsuites>'
    assert read_junit(report).outcome == "failing"


def test_other_xml_is_a_plain_file_and_a_wrong_root_is_not_a_report():
    assert judge(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>').kind == "file"
    assert not looks_like_junit(b"<html><body>testsuite</body></html>")
    assert read_junit(b"<html/>").outcome == "unreadable"


def test_malformed_report_is_unreadable():
    verdict = judge(b'<testsuite><testcase name="a">')
    assert verdict.kind == "junit" and verdict.outcome == "unreadable"
