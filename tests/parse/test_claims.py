"""Prose status claims the status-conflict rule compares with the tables."""

from tracker.model import Status
from tracker.parse.claims import claims_in, expand_range
from tracker.parse.vocabulary import DEFAULT


def claims(line):
    return [(i, s) for i, s, _ in claims_in(line, DEFAULT)]


def test_transition_arrow():
    assert claims("   - `OPS-5` -> `in_progress`") == [("OPS-5", Status.IN_PROGRESS)]
    assert claims("- OPS-5 → done") == [("OPS-5", Status.DONE)]


def test_transition_range_expands():
    assert claims("- `OPS-001` through `OPS-003` -> `done` (all)") == [
        ("OPS-001", Status.DONE), ("OPS-002", Status.DONE), ("OPS-003", Status.DONE)]
    assert expand_range("A-9", "B-2") == ["A-9", "B-2"]


def test_tally_naming_items():
    assert claims("   - `done=7`, `blocked=2` (OPS-2, OPS-3 — waiting on hardware)") == [
        ("OPS-2", Status.BLOCKED), ("OPS-3", Status.BLOCKED)]


def test_blocker_line_and_resolved_blocker():
    assert claims("- Only remaining blocker: OPS-2/OPS-3 need a lab slot") == [
        ("OPS-2", Status.BLOCKED), ("OPS-3", Status.BLOCKED)]
    assert claims("- Blocker resolved: OPS-2 closed") == []


def test_struck_text_is_ignored():
    assert claims("1. ~~OPS-4 is blocked: `OPS-4`~~ **Resolved 2026-01-02**: OPS-4 closed") == []


def test_status_list_line():
    assert claims("- Day 12 (Load test): COMPLETED (report filed)") == [("Day 12", Status.DONE)]
    assert claims("- Day 12 (Load test): looks fine") == []
