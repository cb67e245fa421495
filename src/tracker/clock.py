"""Today's date for the use cases: `TRACKER_TODAY=YYYY-MM-DD` when set (tests, reproducible runs), else the clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from tracker.errors import UsageError

CLOCK_ENV = "TRACKER_TODAY"


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """The date a run judges by; a malformed TRACKER_TODAY is a usage error (exit 2)."""
    raw = (os.environ if environ is None else environ).get(CLOCK_ENV)
    if raw:
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise UsageError(f"{CLOCK_ENV}={raw!r} is not a date (YYYY-MM-DD)") from None
    return dt.date.today()
