"""`tracker set ID STATUS`: move an item to any canonical status in place; `done` is gated like `close`."""

from __future__ import annotations

from tracker.errors import UsageError
from tracker.model import Status


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        raise UsageError(f"unknown status {value!r}; use one of: {', '.join(s.value for s in Status)}") from None


def run(item_id: str, status: str, reason: str | None = None, evidence: list[str] | None = None,
        note: str | None = None, force: bool = False) -> int:
    from pathlib import Path

    from tracker.parse.collector import collector_paused

    target = parse_status(status)
    with collector_paused():  # as close: no garbage cycles worth the collector's passes (close.run)
        from tracker.commands.transition import IdentityLookup, Request, apply, load_for
        from tracker.config import find_root

        identity = IdentityLookup(find_root(Path.cwd()))  # its git processes run while the document is parsed
        return apply(load_for(item_id, list(evidence or [])),
                     Request(item_id, target, list(evidence or []), note=note or reason, force=force, reason=reason,
                             action="set", identity=identity))
