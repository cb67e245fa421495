"""The six canonical statuses every tracker dialect maps onto."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    PAUSED = "paused"
    DONE = "done"
    DROPPED = "dropped"

    def __str__(self) -> str:
        return self.value


ORDER = [Status.TODO, Status.IN_PROGRESS, Status.BLOCKED, Status.PAUSED, Status.DONE, Status.DROPPED]
