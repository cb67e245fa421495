"""`tracker report --format json`: valid against the published schema, and the same counts as `tracker status`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.git.conftest import Repo
from tests.page.conftest import HOSTILE

SCHEMA = Path(__file__).resolve().parents[2] / "docs/schemas/tracker.report-1.schema.json"


def data_of(repo: Repo) -> dict:
    done = repo.tracker("report", "--format", "json", env={"TRACKER_TODAY": "2026-02-06"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_data_validates_against_the_published_schema(page_repo: Repo) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = data_of(page_repo)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["schema"] == "tracker.report/1"


def test_counts_equal_status_and_forced_closes_are_not_proven(page_repo: Repo) -> None:
    data = data_of(page_repo)
    status = json.loads(page_repo.tracker("status", "--format", "json").stdout)
    assert data["counts"] == status["counts"]
    assert {d["path"]: d["counts"] for d in data["documents"]} == {d["path"]: d["counts"] for d in status["documents"]}
    # A-1 and A-2; OPS-2 lacks its evidence file, and B-1's forced close is accepted (check counts it) but not proven.
    assert data["totals"]["proven"] == 2 and data["summary"]["done_claims_proven"] == 3
    assert {i["id"] for i in data["items"] if i["proven"]} == {"A-1", "A-2"}
    assert {g["name"]: g["counts"]["done"] for g in data["groups"]} == {"ALPHA": 2, "BETA": 1, "(no group)": 1}


def test_blockers_name_the_dependency_the_gate_and_since_when(page_repo: Repo) -> None:
    blockers = {b["id"]: b for b in data_of(page_repo)["blockers"]}
    assert blockers["A-3"]["dependencies"] == ["OPS-1"]
    assert blockers["A-3"]["since"] == "2026-02-05"  # the commit that moved it to blocked
    assert blockers["B-2"]["gates"] == ["alpha-first"]
    assert blockers["B-2"]["since"] == "2026-02-02"
    assert (blockers["A-3"]["path"], blockers["A-3"]["line"]) == ("trackers/plan.md", 8)


def test_burnup_counts_ledger_closes_as_proven_and_forced_ones_not(page_repo: Repo) -> None:
    days = data_of(page_repo)["burnup"]["days"]
    assert [(d["date"], d["total"], d["done"], d["proven"]) for d in days] == [
        ("2026-02-02", 7, 2, 0), ("2026-02-03", 7, 3, 1), ("2026-02-05", 7, 4, 1)]


def test_ledger_records_and_findings_grouped_by_rule_carry_their_documentation(page_repo: Repo) -> None:
    data = data_of(page_repo)
    records = data["ledger"]["records"]
    assert [(r["id"], r["action"], r["forced"]) for r in records] == [("A-2", "close", False), ("B-1", "set", True)]
    assert records[0]["evidence"][0]["path"] == "evidence/a-2.md"
    groups = {g["code"]: g for g in data["findings"]}
    assert groups["TRK102"]["findings"][0]["item"] == "OPS-2"
    assert groups["TRK102"]["doc"].startswith("TRK102 ")
    assert any(i["title"] == HOSTILE for i in data["items"])


def test_without_an_output_it_says_what_to_ask_for(page_repo: Repo) -> None:
    done = page_repo.tracker("report")
    assert done.returncode == 2
    assert "--html DIR" in done.stderr and "--format json" in done.stderr


def test_a_repository_url_that_is_not_http_is_a_config_error(tmp_path: Path) -> None:
    from tests.git.conftest import make_repo

    repo = make_repo(tmp_path / "r")
    repo.write("tracker.yaml", "repository_url: \"javascript:alert(1)\"\n")
    repo.write("trackers/plan.md", "| ID | Task | Status |\n|---|---|---|\n| X-1 | x | todo |\n")
    done = repo.tracker("report", "--format", "json")
    assert done.returncode == 2
    assert "repository_url" in done.stderr


def test_title_option_and_help_that_teaches(page_repo: Repo) -> None:
    done = page_repo.tracker("report", "--html", "titled", "--title", "Q3 <plan>")
    assert done.returncode == 0, done.stderr
    assert "<title>Q3 &lt;plan&gt;</title>" in (page_repo.path / "titled/index.html").read_text(encoding="utf-8")
    shown = page_repo.tracker("report", "--help").stdout
    assert "--html" in shown and "repository_url" in shown and "file://" in shown


def test_the_page_replays_history_without_judging_old_evidence(page_repo: Repo) -> None:
    """The page needs days and transitions only; judging each done transition's evidence cost 2/3 of the replay."""
    from tracker.commands.history import collect

    judged, quick = collect(page_repo.path), collect(page_repo.path, judge_evidence=False)
    assert [(e.id, e.new) for e in quick.events] == [(e.id, e.new) for e in judged.events]
    assert quick.days == judged.days
    assert any(e.evidence_present is not None for e in judged.events)
    assert all(e.evidence_present is None for e in quick.events)
