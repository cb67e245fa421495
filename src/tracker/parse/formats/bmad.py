"""BMAD Method: sprint-status.yaml (`development_status:`) and story files (`Status: done`).

    development_status:
      epic-1: in-progress
      1-2-sign-in-form: review

Each `development_status` key is an item (its value the status; `epic-N` keys are epics,
`*-retrospective` keys are optional); a story file's `Status:` line is the same item's status
as the story sees it (a claim), so a story and the YAML that disagree are a status conflict (TRK106).
"""

from __future__ import annotations

import re

from tracker.model import Claim, Status
from tracker.parse.formats.dialect import Dialect
from tracker.parse.formats.extras import Extras, Page

_STORY_NAME = re.compile(r"(?:^|/)(\d+)[.-](\d+)[.-]([\w-]+?)(?:\.story)?\.md$")
_STATUS_LINE = re.compile(r"^(?:#+\s*)?(?:\*\*|__)?Status(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(?P<value>\S.*?)\s*$")
# Story files write statuses in their own spellings.
_STORY_WORDS = {"draft": Status.TODO, "approved": Status.TODO, "ready": Status.TODO, "ready-for-dev": Status.TODO,
                "inprogress": Status.IN_PROGRESS, "in-progress": Status.IN_PROGRESS, "review": Status.IN_PROGRESS,
                "ready for review": Status.IN_PROGRESS, "done": Status.DONE}


def story_key(path: str) -> str | None:
    """`1-2-sign-in.md` or `1.2.sign-in.story.md` -> `1-2-sign-in`, the key sprint-status.yaml uses."""
    found = _STORY_NAME.search(path)
    return f"{found.group(1)}-{found.group(2)}-{found.group(3).replace('.', '-')}" if found else None


def story_status(page: Page) -> Extras:
    """A story file's first `Status:` line: a claim about the sprint-status entry with the story's key.

    sprint-status.yaml is the tracker; the story repeats its status, so the two disagreeing is a
    status conflict (TRK106), and `tracker set` edits the YAML.
    """
    out = Extras()
    key = story_key(page.path)
    if key is None:
        return out
    for index in page.scan.prose:
        found = _STATUS_LINE.match(page.lines[index])
        if not found:
            continue
        value = found.group("value")
        status = _STORY_WORDS.get(value.strip("*_` ").lower()) or page.vocab.read(value).status
        if status is not None:
            out.claims.append(Claim(id=key, status=status, line=index + 1, text=page.lines[index].strip()[:200]))
        break
    return out


DIALECT = Dialect("bmad", extra=story_status)

