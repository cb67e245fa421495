"""`tracker close ID --evidence PATH`: gate the item as done, then write its status and evidence in place."""

from __future__ import annotations

from tracker.model import Status


def run(item_id: str, evidence: list[str], note: str | None = None, force: bool = False,
        reason: str | None = None) -> int:
    from pathlib import Path

    from tracker.parse.collector import collector_paused

    # The cyclic collector off for the whole close: its passes over what the imports build were ~3 ms of a
    # 10,000-row close, and a close makes no garbage cycles worth finding before the process ends.
    with collector_paused():
        from tracker.commands.transition import IdentityLookup, Request, apply, load_for
        from tracker.config import find_root

        identity = IdentityLookup(find_root(Path.cwd()))  # its git processes run while the document is parsed
        return apply(load_for(item_id, evidence), Request(item_id, Status.DONE, list(evidence), note=note,
                                                          force=force, reason=reason, action="close",
                                                          identity=identity))
