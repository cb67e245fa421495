"""GSD progress typed in one file, counted against the phases and plans of the whole `.planning/` folder.

    STATE.md     Phase: 3 of 8 (Export)          -> the phases the roadmap lists (or its milestone's)
                 Plan: 1 of 2 in current phase    -> Phase 3's plans
                 Progress: [██████░░░░] 59%       -> done plans / all plans (or phases, or the smaller)
    ROADMAP.md   | 3. Export | 1/2 | ... |        -> Phase 3's plans, when this file lists none of them

Phases are the `Phase N` items, plans the `NN-MM` items of any document in the same `.planning/`
folder, and a plan file (`phases/03-export/03-02-PLAN.md`) is a plan too: without a bullet its status
is unknown, so only the total is compared. A typed figure that none of these counts reproduces is a
disagreement (TRK111) naming both files; one about nothing counted is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tracker.model import Document, Status, Summary
from tracker.parse.formats.gsd_plan import is_plan_file, plan_key, planning_root

_PLAN_ID = re.compile(r"^\d{1,3}(?:\.\d{1,2})?-\d{1,3}$")
_PLAN_FILE = re.compile(r"(?:^|/)(\d{1,3}(?:\.\d{1,2})?-\d{1,3})-PLAN\.md$")
_PHASE_ID = re.compile(r"^Phase (\d+(?:\.\d+)?)$")


@dataclass
class _Folder:
    """What one `.planning/` folder holds, each with the file it was read from."""

    phases: dict[str, tuple[Status, str | None, str]] = field(default_factory=dict)  # key -> (status, group, path)
    # plan key -> (status, path); a plan file without a bullet has no status (None)
    plans: dict[str, tuple[Status | None, str]] = field(default_factory=dict)


def disagreements(documents: Sequence[Document]) -> Iterable[tuple[str, int, str]]:
    """(path, line, message) for each typed summary the folder's phases and plans do not reproduce."""
    if not any(doc.summaries for doc in documents):
        return
    folders: dict[str, _Folder] = {}
    for doc in documents:
        root = planning_root(doc.path)
        if root:
            _collect(folders.setdefault(root, _Folder()), doc)
    for doc in documents:
        folder = folders.get(planning_root(doc.path))
        if folder is None:
            continue
        for summary in doc.summaries:
            message = _judge(summary, folder)
            if message:
                yield doc.path, summary.line, message


def _collect(folder: _Folder, doc: Document) -> None:
    if is_plan_file(doc.path):
        named = _PLAN_FILE.search(doc.path)
        if named:
            folder.plans.setdefault(plan_key(named.group(1)), (None, doc.path))
        return
    for item in doc.items:
        phase = _PHASE_ID.match(item.id)
        if phase:
            folder.phases[_number(phase.group(1))] = (item.status, item.group, doc.path)
        elif _PLAN_ID.match(item.id):
            folder.plans[plan_key(item.id)] = (item.status, doc.path)


def _where(paths: Iterable[str]) -> str:
    """The files counted, at most three named."""
    names = sorted(set(paths))
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _judge(summary: Summary, folder: _Folder) -> str | None:
    if summary.measure == "phases":
        phases = {k: v for k, v in folder.phases.items() if v[0] is not Status.DROPPED}
        if not phases or summary.total is None:
            return None
        integer = [k for k in phases if "." not in k]
        totals = {len(phases), len(integer)}
        current = _number(summary.subject.rpartition(" ")[2]) if summary.subject else None
        if current in phases:
            group = phases[current][1]
            totals.add(sum(1 for _, g, _ in phases.values() if g == group))
        if summary.total in totals:
            return None
        where = _where(p for _, _, p in phases.values())
        return f"the progress typed here says {summary.total} phases but {where} lists {len(phases)}"
    plans = _plans(folder, summary.subject)
    if not plans:
        return None
    where = _where(p for _, p in plans.values())
    known = [s for s, _ in plans.values() if s is not None]
    done = sum(1 for s in known if s is Status.DONE)
    label = f"plans of {summary.subject}" if summary.subject else "plans"
    if summary.total is not None and summary.total != len(plans):
        return f"the progress typed here says {summary.total} {label} but {where} has {len(plans)}"
    if summary.done is not None and len(known) == len(plans) and summary.done != done:
        return f"the progress typed here says {summary.done} {label} done but {where} has {done} of {len(plans)}"
    if summary.percent is not None and summary.subject is None and len(known) == len(plans):
        fractions = [100 * done / len(plans)]
        statuses = [s for s, _, _ in folder.phases.values() if s is not Status.DROPPED]
        if statuses:
            fractions.append(100 * sum(1 for s in statuses if s is Status.DONE) / len(statuses))
            fractions.append(min(fractions))
        if all(abs(f - summary.percent) >= 1 for f in fractions):
            return (f"the progress typed here says {summary.percent:g}% but {where} has {done} of {len(plans)} "
                    f"plans done ({fractions[0]:.0f}%)")
    return None


def _plans(folder: _Folder, subject: str | None) -> dict[str, tuple[Status | None, str]]:
    """The plans counted: all of them, or those of the phase `subject` names (`Phase 3`)."""
    plans = {k: v for k, v in folder.plans.items() if v[0] is not Status.DROPPED}
    if subject is None:
        return plans
    phase = _number(subject.rpartition(" ")[2])
    return {k: v for k, v in plans.items() if k.split("-")[0] == phase}


def _number(text: str) -> str:
    return re.sub(r"^0+(?=\d)", "", text)
