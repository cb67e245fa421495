"""BMAD sprint-status.yaml: each `development_status:` entry is an item, read line by line for exact spans.

The file is loaded as YAML first (malformed YAML is an input error, as for any tracker); the
entries are then read from their lines so that `tracker set` can rewrite one value in place.
"""

from __future__ import annotations

import re

from tracker.errors import InputError
from tracker.model import Document, Item, Note, Span, Status
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import Vocabulary
from tracker.parse.yaml_reader import read_yaml

_SECTION = re.compile(r"^development_status\s*:\s*(?:#.*)?$")
_ENTRY = re.compile(r"^(?P<indent>[ \t]+)(?P<key>[\w.-]+)\s*:\s*(?P<q>['\"]?)(?P<value>[\w -]+?)(?P=q)\s*(?:#.*)?$")
# BMAD's own words; anything else goes through the vocabulary.
WORDS = {"backlog": Status.TODO, "drafted": Status.TODO, "ready-for-dev": Status.TODO, "contexted": Status.TODO,
         "in-progress": Status.IN_PROGRESS, "review": Status.IN_PROGRESS, "done": Status.DONE,
         "completed": Status.DONE, "optional": Status.TODO, "deferred": Status.PAUSED, "blocked": Status.BLOCKED}
WRITE = {Status.TODO: "backlog", Status.IN_PROGRESS: "in-progress", Status.DONE: "done", Status.PAUSED: "deferred",
         Status.BLOCKED: "blocked"}


def parse_sprint_status(text: str, path: str, vocab: Vocabulary) -> Document:
    lines, newline, bom, _ = split_lines(text)
    data = read_yaml(text[1:] if bom else text, path)
    if not isinstance(data, dict) or not isinstance(data.get("development_status"), dict):
        raise InputError("a BMAD sprint status has a `development_status:` mapping", path, 1)
    items: list[Item] = []
    notes: list[Note] = []
    inside = False
    for index, line in enumerate(lines):
        if _SECTION.match(line):
            inside = True
            continue
        if not inside or not line.strip() or line.lstrip().startswith("#"):
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            if not line[0].isspace():
                inside = False
            continue
        key, value = entry.group("key"), entry.group("value").strip()
        status = WORDS.get(value.lower())
        recognized = True
        if status is None:
            status = vocab.read(value).status
            recognized = status is not None
        if not recognized:
            notes.append(Note(line=index + 1, code="unknown-status",
                                    message=f"{key}: status {value!r} is not in the vocabulary; read as todo"))
        start = entry.start("value")
        items.append(Item(
            id=key, title=key, status=status or Status.TODO, raw_status=value, kind="yaml",
            group=_epic_of(key), optional=value.lower() == "optional" or key.endswith("-retrospective"),
            recognized=recognized,
            source=Span(path=path, line=index + 1, status=(start, start + len(value))),
        ))
    notes.extend(_epics_done_with_open_stories(items))
    return Document(path=path, format="yaml", newline=newline, bom=bom, items=tuple(items), warnings=tuple(notes))


def _epics_done_with_open_stories(items: list[Item]) -> list[Note]:
    """`epic-2: done` while a `2-…` story is not: a parent ticked over open work (TRK107)."""
    notes = []
    for epic in items:
        if epic.status is not Status.DONE or not re.fullmatch(r"epic-\d+", epic.id):
            continue
        open_stories = [i.id for i in items if i.group == epic.id and i is not epic and not i.optional
                        and i.status not in (Status.DONE, Status.DROPPED)]
        if open_stories:
            notes.append(Note(line=epic.source.line, code="parent-done-children-open",
                              message=f"{epic.id} is done but {len(open_stories)} of its stories are not, first "
                                      f"{open_stories[0]}"))
    return notes


def _epic_of(key: str) -> str | None:
    found = re.match(r"^(?:epic-)?(\d+)\b", key)
    return f"epic-{found.group(1)}" if found else None
