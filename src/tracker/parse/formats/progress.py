"""GSD progress rows: `| 3. Flag types | 1/2 | Complete | 2026-03-30 |` are claims about `Phase 3`.

Progress typed about plans listed in other files (a row whose phase has no plan bullets here,
STATE.md's `Progress: 59%`, `Phase: 3 of 8`) becomes a Summary, counted across the `.planning/`
folder by parse.formats.gsd_counts (TRK111); a phase ticked over open plan bullets is TRK107.

STATE.md's current position (`Phase: 3 of 5 (Flag types)` then `Status: In progress`) is a claim
about the same phase, so STATE and ROADMAP disagreeing is a status conflict (TRK106).

A row's status is a claim on the phase bullet (`- [x] **Phase 3: Flag types**`), so the two
disagreeing is a status conflict (TRK106); its `done/total` must match the phase's plan bullets
(`- [x] 03-01-PLAN.md`) when the roadmap lists them, else it is a stale count (TRK111).
"""

from __future__ import annotations

import re
from dataclasses import replace

from tracker.model import Claim, Note, Status, Summary
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
_LABEL = r"^(?:[-*]\s+)?(?:\*\*)?{}(?:\*\*)?:(?:\*\*)?\s*"
_PHASE_OF = re.compile(_LABEL.format("Phase") + r"(?P<n>\d+(?:\.\d+)?)\s+of\s+(?P<total>\d+)\b", re.I)
_PLAN_OF = re.compile(_LABEL.format("Plan") + r"(?P<n>\d+)\s+of\s+(?P<total>\d+)\b", re.I)
# `[██░░] 59%`, `7/12 plans (58%)`, `100% (12/12 plans)`: a bar, a count before or after, a percentage.
_COUNT = r"(?P<done{0}>\d+)\s*/\s*(?P<total{0}>\d+)\s*(?P<noun{0}>plans|phases)?"
_PROGRESS = re.compile(_LABEL.format("Progress") + r"(?:\[[^\]]*\]|[█▓▒░■□]+)?\s*(?:" + _COUNT.format("") + r"\s*)?"
                       r"\(?\s*(?P<percent>\d{1,3}(?:\.\d+)?)\s*%\)?\s*(?:\(\s*" + _COUNT.format("2") + r"\s*\))?\s*$",
                       re.I)
_PLANS_DONE = re.compile(_LABEL.format("Total plans completed") + r"(?P<done>\d+)\s*$", re.I)
# STATE.md's own status phrases, before the vocabulary.
_STATE_WORDS = ((re.compile(r"(?i)\bcomplete"), Status.DONE), (re.compile(r"(?i)\bblocked"), Status.BLOCKED),
                (re.compile(r"(?i)\b(?:in progress|executing|planning|verifying|discussing)"), Status.IN_PROGRESS),
                (re.compile(r"(?i)\b(?:ready|not started)"), Status.TODO))


def gsd_progress(page: Page) -> Extras:
    out = Extras()
    out.claims.extend(_current_position(page))
    out.summaries.extend(_typed_progress(page))
    _phase_dependencies(page, out)
    plans: dict[str, list[Status]] = {}  # phase number ("2", "2.1") -> its plans' statuses
    for item in page.items:
        if _PLAN_ID.fullmatch(item.id):
            plans.setdefault(_phase_key(item.id.split("-")[0]), []).append(item.status)
    _phases_ticked_with_open_plans(page, plans, out)
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
        if counted is None:
            continue
        if _phase_key(number) not in plans:
            # The plans are listed elsewhere (plan files, another roadmap): counted across the folder.
            out.summaries.append(Summary(line=item.source.line, text=page.lines[item.source.line - 1].strip()[:200],
                                         measure="plans", subject=phase_id, done=counted[0], total=counted[1]))
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


def _phases_ticked_with_open_plans(page: Page, plans: dict[str, list[Status]], out: Extras) -> None:
    """`- [x] **Phase 3: …**` while this file's `03-MM` plan bullets are open: a parent ticked over open work."""
    for item in page.items:
        if item.kind != "check" or item.status is not Status.DONE or not item.id.startswith("Phase "):
            continue
        open_plans = [s for s in plans.get(_phase_key(item.id[6:]), []) if s not in (Status.DONE, Status.DROPPED)]
        if open_plans:
            out.notes.append(Note(line=item.source.line, code="parent-done-children-open",
                                  message=f"{item.id} is ticked but {len(open_plans)} of its plans are still open"))


def _typed_progress(page: Page) -> list[Summary]:
    """STATE.md's `Phase: 3 of 8`, `Plan: 1 of 2`, `Progress: [███░] 59%`, `Total plans completed: 7`:
    figures about the whole `.planning/` folder, counted by parse.formats.gsd_counts."""
    out: list[Summary] = []
    phase: tuple[str, int] | None = None  # the current phase and its line, for `Plan: A of B`
    for index in page.scan.prose:
        line = page.lines[index].strip()
        if not line or not any(ch.isdigit() for ch in line):
            continue
        text = line[:200]
        found = _PHASE_OF.match(line)
        if found:
            phase = (f"Phase {found.group('n')}", index)
            out.append(Summary(index + 1, text, "phases", subject=phase[0], total=int(found.group("total"))))
            continue
        found = _PLAN_OF.match(line)
        if found and phase is not None and index - phase[1] <= 4:
            out.append(Summary(index + 1, text, "plans", subject=phase[0], total=int(found.group("total"))))
            continue
        found = _PROGRESS.match(line)
        if found:
            done, total = found.group("done") or found.group("done2"), found.group("total") or found.group("total2")
            noun = (found.group("noun") or found.group("noun2") or "plans").lower()
            if noun == "phases":
                out.append(Summary(index + 1, text, "phases", total=int(total) if total else None))
            else:
                out.append(Summary(index + 1, text, "plans", done=int(done) if done else None,
                                   total=int(total) if total else None, percent=float(found.group("percent"))))
            continue
        found = _PLANS_DONE.match(line)
        if found:
            out.append(Summary(index + 1, text, "plans", done=int(found.group("done"))))
    return out
