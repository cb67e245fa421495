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


# Scalars whose YAML 1.1 / 1.2 core reading is not their text; each must be found under its text.
TRICKY = ["010", "0o10", "0x1F", "1_000", "1e3", ".inf", "on", "off", "yes", "no", "y", "n", "True",
          "2026-01-02", "12:30", "''", '"quoted"', "'it''s'"]


@pytest.fixture(params=["c", "pure"])
def yaml_parser(request, monkeypatch):
    from tracker.parse import yaml_reader

    if request.param == "c" and not yaml_reader.c_parser_in_use():
        pytest.skip("ruamel.yaml.clib is not installed")
    if request.param == "pure":
        monkeypatch.setattr(yaml_reader, "_CParser", None)
    return request.param


@pytest.mark.parametrize("written", [w for w in TRICKY if w != "''"])
def test_the_editor_finds_an_item_under_the_id_the_reader_reads(yaml_parser, written):
    text = f"items:\n  - id: {written}   # keep me\n    status: todo\n  - id: other\n    status: todo\n"
    item_id = parse_yaml(text, "t.yaml").items[0].id
    new = close(text, item_id)
    assert new == text.replace("status: todo\n", "status: done\n", 1)
    assert [(i.id, i.status) for i in parse_yaml(new, "t.yaml").items] == [(item_id, Status.DONE), ("other", Status.TODO)]


@pytest.mark.parametrize("written", TRICKY)
def test_the_editor_replaces_the_status_span_the_reader_reads(yaml_parser, written):
    text = f"items:\n  - id: A-1\n    status: {written}  # was\n    title: t\n"
    quote = written[0] if written[0] in "'\"" else ""
    expected = written[1:-1].replace("''", "'") if quote else written
    assert parse_yaml(text, "t.yaml").items[0].raw_status == expected
    new = close(text, "A-1").replace("Done", "done")  # `True` styles the new word capitalised
    assert new == text.replace(f"status: {written}  # was", f"status: {quote}done{quote}  # was")


@pytest.mark.parametrize("status", ["first\n      second", ">-\n      in\n      progress", '"two\n      lines"'])
def test_a_multi_line_status_becomes_one_scalar_and_the_rest_survives(yaml_parser, status):
    text = f"# head\nitems:\n  - id: A-1\n    status: {status}\n    title: t  # tail\n"
    new = close(text, "A-1", "evidence/a.md")
    assert new.startswith("# head\nitems:\n  - id: A-1\n    status: ") and new.endswith("    title: t  # tail\n")
    item = parse_yaml(new, "t.yaml").items[0]
    assert (item.status, item.evidence, item.title) == (Status.DONE, ("evidence/a.md",), "t")


def test_flow_entries_and_empty_evidence_are_edited_in_place(yaml_parser):
    text = "items:\n  - {id: A-1, status: todo}\n  - id: A-2\n    status: todo\n    evidence:\n    owner: me\n"
    assert close(text, "A-1", "e/a.md") == text.replace("{id: A-1, status: todo}",
                                                         "{id: A-1, status: done, evidence: [e/a.md]}")
    assert close(text, "A-2", "e/b.md") == text.replace("    status: todo\n    evidence:\n",
                                                         "    status: done\n    evidence: [e/b.md]\n")


def test_values_that_need_quotes_are_quoted():
    from tracker.write.yaml_edit import quoted

    assert [quoted(v) for v in ["done", "in progress", "on", "010", "null", "", "a: b", "#x", "x, y"]] == [
        "done", "in progress", "'on'", "'010'", "'null'", "''", "'a: b'", "'#x'", "'x, y'"]
    assert quoted("it's", "'") == "'it''s'" and quoted('say "hi"', '"') == '"say \\"hi\\""'
    assert quoted("two\nlines") == '"two\\nlines"' and quoted("done", '"') == '"done"'


def test_a_file_without_a_final_newline_keeps_it_that_way():
    text = "items:\n  - id: A-1\n    status: todo"
    assert close(text, "A-1", "e/a.md") == "items:\n  - id: A-1\n    status: done\n    evidence:\n      - e/a.md"


def test_close_and_set_work_on_id_010_through_the_cli(repo, run_tracker=None):
    from tests.support.repos import run_tracker as run

    root = repo({"trackers/plan.yaml": "items:\n  - id: 010\n    status: on\n  - id: 8\n    status: todo\n",
                 "evidence/ten.md": "proof\n"})
    proc = run(root, "set", "010", "blocked")
    assert proc.returncode == 0, proc.stderr
    assert (root / "trackers/plan.yaml").read_text() == "items:\n  - id: 010\n    status: blocked\n  - id: 8\n    status: todo\n"
    proc = run(root, "close", "010", "--evidence", "evidence/ten.md")
    assert proc.returncode == 0, proc.stderr
    assert (root / "trackers/plan.yaml").read_text() == (
        "items:\n  - id: 010\n    status: done\n    evidence:\n      - evidence/ten.md\n  - id: 8\n    status: todo\n")
