"""The progress bar: on a terminal after the delay, never on a pipe or file, never for a quick run."""

from __future__ import annotations

import io
import time

from tests.conftest import run_cli
from tracker.commands.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_run_on_a_terminal_shows_a_bar_that_is_erased():
    out = Terminal()
    with progress("tracker check", stream=out, delay=0.05):
        time.sleep(0.4)
    shown = out.getvalue()
    assert "tracker check" in shown and "\x1b[" in shown  # drawn with terminal control codes, then cleared


def test_a_quick_run_or_a_pipe_shows_nothing():
    quick = Terminal()
    with progress("tracker check", stream=quick, delay=0.5):
        pass
    time.sleep(0.6)  # the timer was cancelled: nothing appears afterwards either
    assert quick.getvalue() == ""
    pipe = io.StringIO()
    with progress("tracker check", stream=pipe, delay=0.0):
        time.sleep(0.1)
    assert pipe.getvalue() == ""


def test_check_on_a_pipe_prints_no_progress(tmp_path):
    (tmp_path / "trackers").mkdir()
    (tmp_path / "trackers/plan.md").write_text("| ID | Task | Status |\n|---|---|---|\n| A-1 | x | todo |\n")
    proc = run_cli("check", cwd=tmp_path)
    assert proc.returncode == 0 and "\x1b[" not in proc.stderr and "tracker check" not in proc.stderr
