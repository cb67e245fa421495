"""GSD progress rows: `| 3. Flag types | 1/2 | Complete | 2026-03-30 |` are claims about `Phase 3`.

A row's status is a claim on the phase bullet (`- [x] **Phase 3: Flag types**`), so the two
disagreeing is a status conflict (TRK106); its `done/total` must match the phase's plan bullets
(`- [x] 03-01-PLAN.md`) when the roadmap lists them, else it is a stale count (TRK111).
"""

from __future__ import annotations

import re

from tracker.model import Claim, Note, Status
from tracker.parse.cells import split_cells
from tracker.parse.formats.extras import Extras, Page
from tracker.parse.vocabulary import strip_markup

_PHASE_CELL = re.compile(r"^(?:Phase\s+)?(?P<n>\d+(?:\.\d+)?)[.:]?(?:\s+(?P<title>.*))?$", re.I)
_COUNT_CELL = re.compile(r"^(?P<done>\d+)\s*/\s*(?P<total>\d+)\b")


def gsd_progress(page: Page) -> Extras:
    out = Extras()
    plans: dict[int, list[Status]] = {}
    for item in page.items:
        if re.fullmatch(r"\d{2,3}-\d{2,3}", item.id):
            plans.setdefault(int(item.id.split("-")[0]), []).append(item.status)
    for item in page.items:
        if item.kind != "row":
            continue
        phase = _PHASE_CELL.match(item.id)
        if not phase:
            continue
        out.drop.add(item.source.line)
        number = phase.group("n")
        phase_id = f"Phase {number}"
        if item.recognized:
            out.claims.append(Claim(id=phase_id, status=item.status, line=item.source.line,
                                          text=page.lines[item.source.line - 1].strip()[:200]))
        counted = _count(page.lines[item.source.line - 1])
        if counted is None or "." in number or int(number) not in plans:
            continue
        statuses = plans[int(number)]
        done = sum(1 for s in statuses if s is Status.DONE)
        if counted != (done, len(statuses)):
            out.notes.append(Note(
                line=item.source.line, code="stale-progress",
                message=f"{phase_id}: the progress row says {counted[0]}/{counted[1]} plans but the roadmap's "
                        f"plan list has {done}/{len(statuses)} done"))
    return out


def _count(line: str) -> tuple[int, int] | None:
    for cell in split_cells(line):
        found = _COUNT_CELL.match(strip_markup(cell.text))
        if found:
            return int(found.group("done")), int(found.group("total"))
    return None
