"""The new status cell copies how the document already writes that status (counted once per distinct text)."""

from __future__ import annotations

import datetime as dt

from tracker.model import Status
from tracker.write.status_text import styled

TODAY = dt.date(2026, 3, 1)


def test_the_most_common_way_wins_and_its_date_becomes_today() -> None:
    exemplars = [(n, f"✅ COMPLETE ({2025 - n % 2}-12-{n % 28 + 1:02d})") for n in range(1, 200)] + [(500, "done")] * 3
    assert styled(Status.DONE, "⏳ PENDING", exemplars, 10, TODAY) == "✅ COMPLETE (2026-03-01)"


def test_a_tie_goes_to_the_way_written_nearest_the_row() -> None:
    exemplars = [(5, "Done"), (6, "Done"), (90, "COMPLETED"), (91, "COMPLETED")]
    assert styled(Status.DONE, "todo", exemplars, 80, TODAY) == "COMPLETED"
    assert styled(Status.DONE, "todo", exemplars, 10, TODAY) == "Done"


def test_texts_that_do_not_say_the_status_are_not_copied() -> None:
    exemplars = [(1, "in progress")] * 5 + [(2, "")] * 5
    assert styled(Status.DONE, "**TODO**", exemplars, 3, TODAY) == "**DONE**"
