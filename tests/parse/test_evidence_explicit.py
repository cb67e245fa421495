"""Where only evidence is written, a quoted name is a reference (so the gate can refuse `.`); prose stays precise."""

from __future__ import annotations

import pytest

from tracker.parse.evidence_text import paths_in, paths_in_notes


@pytest.mark.parametrize("cell, found", [
    ("`.`", ["."]), ("`./`", ["./"]), ("`..`", [".."]), ("`gates`", ["gates"]), ("`evidence/..`", ["evidence/.."]),
    ("`evidence/run.log`, `trackers`", ["evidence/run.log", "trackers"]),
    ("`52.4`", []), ("`1/6`", []), ("`v1.2.3`", []), ("`2026-01-02`", []), ("`abc1234`", []),
    ("`jq '.items | length'`", []), ("`[ ] #1 buy milk`", []), ("—", []), ("`TBD`", []),
])
def test_an_evidence_cell_keeps_every_quoted_name(cell: str, found: list[str]) -> None:
    assert paths_in(cell, explicit=True) == found


@pytest.mark.parametrize("text", ["`.`", "`gates`", "`52.4`", "`v1.2.3`"])
def test_prose_keeps_only_path_shaped_tokens(text: str) -> None:
    assert paths_in(text) == []


def test_notes_evidence_marker_is_an_explicit_place() -> None:
    assert paths_in_notes("ran twice; evidence: `gates`") == ["gates"]
