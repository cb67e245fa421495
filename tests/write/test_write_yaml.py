"""YAML edits: in place, comments, order and quoting kept; evidence appended in the list's own style."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.errors import WriteConflict
from tracker.model import Status
from tracker.parse.yaml_tracker import parse_yaml
from tracker.write.markdown_edit import Change
from tracker.write.yaml_edit import edit_yaml

DOC = """\
# roadmap  (a comment that must survive)
title: Tooling
items:
  - id: TL-1    # first
    title: "Lint in CI"
    status: in progress
    evidence:
      - evidence/tl-1.md   # the first proof
  - id: TL-2
    status: "todo"
    evidence: evidence/old.md
  - id: TL-3
    status: todo
    evidence: []
  - id: TL-4
    status: done
"""
TODAY = dt.date(2026, 3, 1)


def close(text: str, item: str, *paths: str) -> str:
    return edit_yaml(text, "t.yaml", Change(item, Status.DONE, list(paths), today=TODAY)).text


def test_block_list_gets_a_new_entry_and_comments_survive():
    new = close(DOC, "TL-1", "evidence/tl-1b.md")
    assert new == DOC.replace("    status: in progress\n", "    status: done\n").replace(
        "      - evidence/tl-1.md   # the first proof\n",
        "      - evidence/tl-1.md   # the first proof\n      - evidence/tl-1b.md\n")


def test_scalar_evidence_becomes_a_flow_list_and_quotes_are_kept():
    new = close(DOC, "TL-2", "evidence/new.md")
    assert new == DOC.replace('    status: "todo"\n    evidence: evidence/old.md\n',
                              '    status: "done"\n    evidence: [evidence/old.md, evidence/new.md]\n')


def test_empty_flow_list():
    new = close(DOC, "TL-3", "evidence/a.md")
    assert new == DOC.replace("    status: todo\n    evidence: []\n", "    status: done\n    evidence: [evidence/a.md]\n")


def test_existing_path_is_not_duplicated_and_crlf_bom_survive():
    text = "\ufeff" + DOC.replace("\n", "\r\n")
    new = close(text, "TL-1", "evidence/tl-1.md")
    assert new == text.replace("status: in progress", "status: done")
    assert parse_yaml(new, "t.yaml").items[0].status is Status.DONE


def test_missing_key_is_inserted_and_document_reads_back():
    new = close(DOC, "TL-4", "evidence/x y.md")
    assert new == DOC + "    evidence:\n      - evidence/x y.md\n"
    assert parse_yaml(new, "t.yaml").items[3].evidence == ("evidence/x y.md",)


def test_multiline_status_falls_back_to_round_trip_keeping_comments():
    text = DOC.replace("    status: in progress\n", "    status: >-\n      in progress\n")
    new = close(text, "TL-1", "evidence/z.md")
    assert "# roadmap  (a comment that must survive)" in new and "# the first proof" in new
    item = parse_yaml(new, "t.yaml").items[0]
    assert item.status is Status.DONE and item.evidence == ("evidence/tl-1.md", "evidence/z.md")


def test_unknown_id_is_a_conflict_not_a_guess():
    with pytest.raises(WriteConflict):
        close(DOC, "TL-9", "evidence/a.md")
