"""Hints that suggest a command quote the IDs and paths they embed, so the command can be pasted as is."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write
from tracker.shell import shell_word

ENV = {"TRACKER_TODAY": "2026-03-01"}


def _commands(hint: str) -> list[list[str]]:
    """The `tracker ...` commands a hint suggests, split as a shell would split them."""
    quoted = re.findall(r"`(tracker [^`]*)`", hint)
    bare = [] if quoted else re.findall(r"(tracker .*)$", hint)
    return [shlex.split(c) for c in quoted + bare]


def test_shell_word():
    assert shell_word("WS1-007") == "WS1-007"
    assert shell_word("Pipeline A") == "'Pipeline A'"
    assert shlex.split(shell_word("it's 100%: x.md")) == ["it's 100%: x.md"]


def test_hints_quote_ids_and_paths_with_spaces(tmp_path: Path):
    name = "trackers/Q3 plan, 100%: draft.md"
    rows = [row("Pipeline A", evidence="-"), row("Pipeline B", status="todo", evidence="-", due="2026-01-01")]
    write(tmp_path, {name: master(rows, after="<!-- tracker:matrix -->\nold\n<!-- /tracker:matrix -->\n")})
    findings = json.loads(run_cli("check", "--format", "json", cwd=tmp_path, env=ENV).stdout)["findings"]
    argv = {f["code"]: _commands(f["hint"]) for f in findings}
    assert ["tracker", "close", "Pipeline A", "--evidence"] == argv["TRK101"][0][:4]
    assert ["tracker", "set", "Pipeline B", "blocked"] == argv["TRK108"][0][:4]
    assert argv["TRK401"][0] == ["tracker", "render", name]
