"""GSD progress rows: `| 3. Flag types | 1/2 | Complete | 2026-03-30 |` are claims about `Phase 3`.

STATE.md's current position (`Phase: 3 of 5 (Flag types)` then `Status: In progress`) is a claim
about the same phase, so STATE and ROADMAP disagreeing is a status conflict (TRK106).

A row's status is a claim on the phase bullet (`- [x] **Phase 3: Flag types**`), so the two
disagreeing is a status conflict (TRK106); its `done/total` must match the phase's plan bullets
(`- [x] 03-01-PLAN.md`) when the roadmap lists them, else it is a stale count (TRK111).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.model import Claim, Note, Status
from tracker.parse.cells import split_cells
from tracker.parse.formats.extras import Extras, Page
from tracker.parse.vocabulary import strip_markup

_PHASE_CELL = re.compile(r"^(?:Phase\s+)?(?P<n>\d+(?:\.\d+)?)[.:]?(?:\s+(?P<title>.*))?$", re.I)
_COUNT_CELL = re.compile(r"^(?P<done>\d+)\s*/\s*(?P<total>\d+)\b")
_DEPENDS = re.compile(r"^(?:\*\*)?Depends on(?:\*\*)?:(?:\*\*)?\s*(?P<value>.+?)\s*$", re.I)
_HEADING_PHASE = re.compile(r"^Phase (\d+(?:\.\d+)?)\b")
_PLAN_ID = re.compile(r"\d{2,3}(?:\.\d{1,2})?-\d{2,3}")
_POSITION = re.compile(r"^(?:\*\*)?Phase(?:\*\*)?:(?:\*\*)?\s*(?P<n>\d+(?:\.\d+)?)\b")
_STATE_STATUS = re.compile(r"^(?:\*\*)?Status(?:\*\*)?:(?:\*\*)?\s*(?P<value>\S.*?)\s*$")
# STATE.md's own status phrases, before the vocabulary.
_STATE_WORDS = ((re.compile(r"(?i)\bcomplete"), Status.DONE), (re.compile(r"(?i)\bblocked"), Status.BLOCKED),
                (re.compile(r"(?i)\b(?:in progress|executing|planning|verifying|discussing)"), Status.IN_PROGRESS),
                (re.compile(r"(?i)\b(?:ready|not started)"), Status.TODO))


def gsd_progress(page: Page) -> Extras:
    out = Extras()
    out.claims.extend(_current_position(page))
    _phase_dependencies(page, out)
    plans: dict[str, list[Status]] = {}  # phase number ("2", "2.1") -> its plans' statuses
    for item in page.items:
        if _PLAN_ID.fullmatch(item.id):
            plans.setdefault(_phase_key(item.id.split("-")[0]), []).append(item.status)
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
        if counted is None or _phase_key(number) not in plans:
            continue
        statuses = plans[_phase_key(number)]
        done = sum(1 for s in statuses if s is Status.DONE)
        if counted != (done, len(statuses)):
            out.notes.append(Note(
                line=item.source.line, code="stale-progress",
                message=f"{phase_id}: the progress row says {counted[0]}/{counted[1]} plans but the roadmap's "
                        f"plan list has {done}/{len(statuses)} done"))
    return out


def _phase_dependencies(page: Page, out: Extras) -> None:
    """`**Depends on**: Phase 4` under `### Phase 5: ...` is a dependency of the `Phase 5` bullet."""
    phases = {item.id: item for item in page.items if item.kind == "check" and item.id.startswith("Phase ")}
    found: dict[str, list[str]] = {}
    for index in page.scan.prose:
        depends = _DEPENDS.match(page.lines[index].strip())
        heading = page.heading_of(index) if depends else None
        named = _HEADING_PHASE.match(heading or "")
        if depends and named and f"Phase {named.group(1)}" in phases:
            found.setdefault(f"Phase {named.group(1)}", []).append(depends.group("value"))
    for phase_id, texts in found.items():
        item = phases[phase_id]
        if texts[0].strip().lower() in ("nothing", "none", "-", "nothing (first phase)"):
            continue
        out.drop.add(item.source.line)
        out.items.append(replace(item, dep_text=item.dep_text + tuple(texts)))


def _phase_key(number: str) -> str:
    """`02` and `2` are the same phase; so are `02.1` and `2.1`."""
    return re.sub(r"^0+(?=\d)", "", number)


def _count(line: str) -> tuple[int, int] | None:
    for cell in split_cells(line):
        found = _COUNT_CELL.match(strip_markup(cell.text))
        if found:
            return int(found.group("done")), int(found.group("total"))
    return None


def _current_position(page: Page) -> list[Claim]:
    """`Phase: 3 of 5 (...)` followed (within a few lines) by `Status: ...`: a claim about `Phase 3`."""
    phase: tuple[str, int] | None = None
    for index in page.scan.prose:
        line = page.lines[index].strip()
        position = _POSITION.match(line)
        if position:
            phase = (position.group("n"), index)
            continue
        status = _STATE_STATUS.match(line)
        if status and phase is not None and index - phase[1] <= 4:
            value = status.group("value")
            found = next((s for pattern, s in _STATE_WORDS if pattern.search(value)), None)
            found = found or page.vocab.read(value).status
            if found is not None:
                return [Claim(id=f"Phase {phase[0]}", status=found, line=index + 1, text=line[:200])]
    return []
