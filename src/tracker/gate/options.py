"""What one check run is asked to do: selection, strictness, clock, baseline and mode."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import UsageError

if TYPE_CHECKING:
    from tracker.parse.regions import RegionState

CLOCK_ENV = "TRACKER_TODAY"


@dataclass
class CheckOptions:
    select: list[str] = field(default_factory=list)  # code prefixes or rule names; empty = all
    ignore: list[str] = field(default_factory=list)
    strict: bool = False  # warnings count as errors
    allow_commands: bool = False  # run gates' `command` checks
    today: dt.date | None = None  # None = the real clock, or TRACKER_TODAY=YYYY-MM-DD
    baseline: Path | None = None
    mode: str = "worktree"  # "worktree" | "hook" | "ci"
    changed_gate_files: set[str] = field(default_factory=set)  # their `command` checks never run
    gates_source: Any = None  # a tracker.source.Source to read gates/ from; None = project.source
    # Generated regions judged by the use case (tracker.commands.regions): input to TRK401/TRK402, which the
    # gate cannot compute itself without rendering. None = not judged.
    regions: tuple[RegionState, ...] | None = None

    def clock(self) -> dt.date:
        """Today, injectable by the option or by TRACKER_TODAY so subprocess tests control it."""
        if self.today is not None:
            return self.today
        raw = os.environ.get(CLOCK_ENV)
        if raw:
            try:
                return dt.date.fromisoformat(raw.strip())
            except ValueError:
                raise UsageError(f"{CLOCK_ENV}={raw!r} is not a date (YYYY-MM-DD)") from None
        return dt.date.today()
