"""`tracker status` through the real CLI: exit codes, JSON contract, filters, colour, bad input."""

import json
import shutil

from typer.testing import CliRunner

from tests.conftest import run_cli
from tracker.cli import app


def test_version_and_module_entry():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("tracker ")


def test_json_contract_on_the_fixtures(fixtures):
    proc = run_cli("status", "--format", "json", str(fixtures / "master_table.md"), str(fixtures / "roadmap.yaml"))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "tracker.status/1"
    assert [d["format"] for d in data["documents"]] == ["markdown", "yaml"]
    assert data["counts"] == {"todo": 2, "in_progress": 2, "blocked": 0, "paused": 0, "done": 4, "dropped": 0}
    item = next(i for i in data["items"] if i["id"] == "RT1-003")
    assert set(item) >= {"id", "title", "status", "raw_status", "kind", "group", "parent", "evidence", "depends_on",
                         "dependencies", "optional", "date", "source"}
    assert item["depends_on"] == ["RT1-002"]
    assert item["dependencies"] == [{"id": "RT1-002", "origin": "inferred"}]
    assert item["source"]["line"] == 19


def test_unreadable_file_exits_2_after_reporting_the_rest(tmp_path, fixtures):
    shutil.copy(fixtures / "master_table.md", tmp_path / "good.md")
    (tmp_path / "latin1.md").write_bytes("| ID | Status |\n|---|---|\n| caf\xe9 | done |\n".encode("latin-1"))
    (tmp_path / "blob.md").write_bytes(b"\x00\x01\x02binary")
    proc = run_cli("status", "--format", "json", "good.md", "latin1.md", "blob.md", cwd=tmp_path)
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert [d["path"] for d in data["documents"]] == ["good.md"]
    assert "latin1.md:3: not UTF-8" in proc.stderr
    assert "blob.md: binary file" in proc.stderr


def test_default_discovery_reads_trackers_folder(repo, fixtures):
    (repo / "trackers").mkdir()
    shutil.copy(fixtures / "day_plan.md", repo / "trackers" / "plan.md")
    shutil.copy(fixtures / "roadmap.yaml", repo / "trackers" / "roadmap.yaml")
    (repo / "notes.md").write_text("| ID | Status |\n|---|---|\n| X-1 | done |\n")
    proc = run_cli("status", "--format", "json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert sorted(d["path"] for d in json.loads(proc.stdout)["documents"]) == ["trackers/plan.md", "trackers/roadmap.yaml"]


def test_text_output_has_no_colour_when_piped_and_lists_open_items(fixtures):
    proc = run_cli("status", str(fixtures / "day_plan.md"))
    assert proc.returncode == 0
    assert "\x1b[" not in proc.stdout
    assert "Day 5a" in proc.stdout and "blocked" in proc.stdout
    assert "day_plan.md:12" in proc.stdout


def test_colour_when_forced(fixtures):
    proc = run_cli("status", str(fixtures / "day_plan.md"), env={"NO_COLOR": None, "FORCE_COLOR": "1"})
    assert "\x1b[" in proc.stdout


def test_filters(fixtures):
    proc = run_cli("status", "--format", "json", "--status", "blocked", str(fixtures / "day_plan.md"))
    assert [i["id"] for i in json.loads(proc.stdout)["items"]] == ["Day 5a"]
    bad = run_cli("status", "--status", "finished", str(fixtures / "day_plan.md"))
    assert bad.returncode == 2 and "unknown status 'finished'" in bad.stderr


def test_config_unknown_key_warns_and_bad_value_exits_2(repo, fixtures):
    (repo / "trackers").mkdir()
    shutil.copy(fixtures / "master_table.md", repo / "trackers" / "t.md")
    (repo / "tracker.yaml").write_text("trackers: [trackers/*.md]\ncolour: always\n")
    proc = run_cli("status", cwd=repo)
    assert proc.returncode == 0 and "tracker.yaml:2: unknown key 'colour'" in proc.stderr
    (repo / "tracker.yaml").write_text("trackers: [trackers/*.md]\nstatuses:\n  done: 3\n")
    proc = run_cli("status", cwd=repo)
    assert proc.returncode == 2 and "tracker.yaml" in proc.stderr


def test_extra_status_words_from_config(repo):
    (repo / "trackers").mkdir()
    (repo / "trackers" / "t.md").write_text("| ID | Status |\n|---|---|\n| A-1 | 🟢 |\n| A-2 | landed |\n")
    (repo / "tracker.yaml").write_text("statuses:\n  done: ['🟢', landed]\n")
    data = json.loads(run_cli("status", "--format", "json", cwd=repo).stdout)
    assert data["counts"]["done"] == 2


def test_schema_command_prints_json_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "tracker YAML document"


def test_help_teaches():
    result = CliRunner().invoke(app, ["status", "--help"])
    assert result.exit_code == 0 and "--format" in result.output and "Examples" in result.output
