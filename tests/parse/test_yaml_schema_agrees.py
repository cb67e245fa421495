"""The published schema of YAML trackers (`tracker schema`) accepts what the reader accepts, and no more."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tracker.errors import InputError
from tracker.parse.yaml_reader import read_yaml
from tracker.parse.yaml_tracker import parse_yaml, schema

ACCEPTED = [
    "items:\n  - id: A-1\n    status: done\n    evidence: evidence/a-1.md\n",
    "items:\n  - id: A-1\n    status: done\n    evidence: [evidence/a-1.md, https://ci.example/run/1]\n",
    "items:\n  - id: A-1\n    status: todo\n    evidence:\n    depends_on: B-2\n    due: 2026-12-01\n",
]
REFUSED = [
    "items:\n  - id: A-1\n    status: todo\n    due: next tuesday\n",
    "items:\n  - id: A-1\n    status: todo\n    due: 2026-13-45\n",
]


def published() -> dict:
    out = subprocess.run([sys.executable, "-m", "tracker", "schema"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("text", ACCEPTED)
def test_what_the_reader_accepts_the_schema_accepts(text: str) -> None:
    parse_yaml(text, "trackers/t.yaml")
    jsonschema.Draft202012Validator(published(), format_checker=jsonschema.FormatChecker()).validate(
        read_yaml(text, "trackers/t.yaml"))


@pytest.mark.parametrize("text", REFUSED)
def test_a_due_that_is_not_a_date_is_refused_at_its_line(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "trackers/t.yaml")
    assert caught.value.line == 4 and "not a date" in str(caught.value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(
            read_yaml(text, "trackers/t.yaml"))


def test_cli_names_file_and_line_for_a_bad_due(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(REFUSED[0], encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tracker", "status", "plan.yaml"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "plan.yaml:4" in proc.stderr and "not a date" in proc.stderr
