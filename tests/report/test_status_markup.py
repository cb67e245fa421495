"""`tracker status` prints item text as text: brackets in titles, groups or paths are never rich markup."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tests.gate.helpers import master, row, write

TITLE = "Copy logs to [/tmp] and keep [bold]raw[/bold] output"


@pytest.mark.parametrize("colour", [{"NO_COLOR": "1"}, {"NO_COLOR": None, "FORCE_COLOR": "1"}])
def test_markup_in_a_title_is_printed_literally(tmp_path, colour):
    rows = [row("AB-001", status="in_progress", evidence="-", task=TITLE), row("AB-002", status="blocked",
                                                                               evidence="-", task="[red]x[/]")]
    write(tmp_path, {"trackers/plan.md": master(rows)})
    proc = run_cli("status", cwd=tmp_path, env=colour)
    assert proc.returncode == 0, proc.stderr
    assert TITLE in proc.stdout and "[red]x[/]" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_markup_in_a_path_and_group_is_printed_literally(tmp_path):
    rows = [row("AB-001", status="in_progress", evidence="-"), row("CD-001", status="todo", evidence="-")]
    text = master(rows).replace("| AB | Wire", "| [/grp] | Wire")
    write(tmp_path, {"trackers/[b]plan.md": text})
    proc = run_cli("status", "trackers/[b]plan.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "trackers/[b]plan.md" in proc.stdout and "[/grp]" in proc.stdout
