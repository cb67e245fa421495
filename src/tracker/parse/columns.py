"""Which column of a table plays which part: ID, status, evidence, notes, dependencies..."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.parse.vocabulary import strip_markup

ID_HEADERS = ("id", "day", "phase", "stage", "task", "item", "step", "milestone", "component", "metric", "key", "#")
STATUS_HEADERS = ("status", "state", "current status", "overall status")
EVIDENCE_HEADERS = ("evidence", "evidence link", "evidence links", "evidence path", "evidence paths", "proof",
                    "artifacts", "artifact")
NOTES_HEADERS = ("notes", "note", "details", "comments", "comment", "remarks")
DEPENDENCY_HEADERS = ("blocker", "blockers", "blocked by", "depends on", "dependencies", "dependency",
                      "prerequisite", "prerequisites", "requires")
TITLE_HEADERS = ("title", "task", "name", "scope", "description", "summary", "deliverable", "goal", "work")
GROUP_HEADERS = ("workstream", "phase", "stream", "track", "epic", "group", "area")
OWNER_HEADERS = ("owner", "owners", "assignee", "assigned to", "lead")
DUE_HEADERS = ("due", "due date", "deadline", "target date")
PRIORITY_HEADERS = ("priority", "prio", "severity")
COVERS_HEADERS = ("covers", "files", "covered files")
DOD_HEADERS = ("definition of done", "dod", "acceptance", "acceptance criteria", "done when", "exit criteria")


@dataclass(slots=True)
class Columns:
    id: int
    status: int | None = None
    title: int | None = None
    evidence: int | None = None
    notes: int | None = None
    dependencies: int | None = None
    group: int | None = None
    owner: int | None = None
    due: int | None = None
    priority: int | None = None
    dod: int | None = None
    covers: int | None = None


def normalise(header: str) -> str:
    return " ".join(strip_markup(header).lower().replace("_", " ").split()).rstrip(":")


def _first(names: list[str], wanted: tuple[str, ...], skip: set[int]) -> int | None:
    for index, name in enumerate(names):
        if index not in skip and name in wanted:
            return index
    return None


def assign(headers: list[str], extra_id_headers: tuple[str, ...] = ()) -> Columns:
    names = [normalise(h) for h in headers]
    ids = tuple(h.lower() for h in extra_id_headers) + ID_HEADERS
    id_col = _first(names, ids, set())
    cols = Columns(id=0 if id_col is None else id_col)
    used = {cols.id}
    for attr, wanted in (("status", STATUS_HEADERS), ("evidence", EVIDENCE_HEADERS), ("notes", NOTES_HEADERS),
                         ("dependencies", DEPENDENCY_HEADERS), ("owner", OWNER_HEADERS), ("due", DUE_HEADERS),
                         ("priority", PRIORITY_HEADERS), ("dod", DOD_HEADERS), ("covers", COVERS_HEADERS),
                         ("group", GROUP_HEADERS),
                         ("title", TITLE_HEADERS)):
        index = _first(names, wanted, used)
        if index is None and attr == "evidence":
            index = next((i for i, n in enumerate(names) if i not in used and n.startswith("evidence")), None)
        if index is not None:
            setattr(cols, attr, index)
            used.add(index)
    return cols
