"""`tracker close ID --evidence PATH`: gate the item as done, then write its status and evidence in place."""

from __future__ import annotations

from tracker.model import Status


def run(item_id: str, evidence: list[str], note: str | None = None, force: bool = False,
        reason: str | None = None) -> int:
    from tracker.commands.transition import Request, apply
    from tracker.project import load_project

    project = load_project()
    return apply(project, Request(item_id, Status.DONE, list(evidence), note=note, force=force, reason=reason,
                                  action="close"))
