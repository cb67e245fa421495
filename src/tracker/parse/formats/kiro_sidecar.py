"""Kiro's status sidecar, .kiro/specs/NAME/.tasks-meta.json: each task's status as Kiro's task runner keeps it.

No public repository commits one (Kiro writes it beside tasks.md and users leave it unstaged; newer
releases keep it under ~/.kiro/tasks/, which tracker never reads), so this reading is our own and
deliberately small. A JSON object whose `tasks` maps a task ID to its status, either directly or
in an object with a `status` key, or lists objects with `id` and `status`:

    {"tasks": {"1": "in_progress", "1.1": {"status": "completed"}}}
    {"tasks": [{"id": "2.1", "status": "Not Started"}]}

Every status is a claim about the task with that ID in the tasks.md beside it, so the two disagreeing
is a status conflict (TRK106) naming both files. Other keys (`waves`, timestamps) are ignored; a
sidecar without `tasks` is a warning and compares nothing. Fail closed: a file that is not JSON, a
`tasks` of another shape, an entry without a status, a status word no vocabulary knows or an ID
given twice is an input error at its line (TRK005), and the other trackers still load.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tracker.errors import InputError
from tracker.model import Claim, Document, Note, Status
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import Vocabulary

NAME = ".tasks-meta.json"
# Kiro's own words (its task list reports `Not Started`, `completed`; `[~]` is queued), before the vocabulary.
WORDS = {"not started": Status.TODO, "not_started": Status.TODO, "pending": Status.TODO, "queued": Status.TODO,
         "todo": Status.TODO, "in progress": Status.IN_PROGRESS, "in_progress": Status.IN_PROGRESS,
         "in-progress": Status.IN_PROGRESS, "running": Status.IN_PROGRESS, "started": Status.IN_PROGRESS,
         "completed": Status.DONE, "complete": Status.DONE, "done": Status.DONE, "skipped": Status.DROPPED}


def parse_tasks_meta(text: str, path: str, vocab: Vocabulary) -> Document:
    lines, newline, bom, _ = split_lines(text)
    body = text[1:] if bom else text
    data = _load(body, path)
    if not isinstance(data, dict):
        raise InputError("a Kiro task sidecar is a JSON object (`{\"tasks\": {...}}`)", path, 1)
    if "tasks" not in data:
        note = Note(line=1, code="sidecar-without-statuses",
                    message=f"no `tasks` key: the sidecar gives no task statuses, so nothing is compared with "
                            f"{path[: -len(NAME)]}tasks.md")
        return Document(path=path, format="yaml", newline=newline, bom=bom, warnings=(note,))
    tasks_line, tasks_at = _line_of(body, r'"tasks"\s*:', 0)
    claims: list[Claim] = []
    seen: set[str] = set()
    at = tasks_at
    for task_id, raw, pattern in _entries(data["tasks"], path, tasks_line):
        line, at = _line_of(body, pattern, at)  # entries come in file order: each search starts at the last
        if task_id in seen:
            raise InputError(f"task {task_id!r} is given a status twice", path, line)
        seen.add(task_id)
        if not isinstance(raw, str) or not raw.strip():
            raise InputError(f"task {task_id!r} has no status (a string, or an object with a `status` string)",
                             path, line)
        status = WORDS.get(raw.strip().lower()) or vocab.read(raw).status
        if status is None:
            raise InputError(f"task {task_id!r}: status {raw!r} is not a known status word (write a string such "
                             f"as completed, in_progress, not started)", path, line)
        claims.append(Claim(id=task_id, status=status, line=line, text=lines[line - 1].strip()[:200]))
    return Document(path=path, format="yaml", newline=newline, bom=bom, claims=tuple(claims))


def _load(body: str, path: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                first = _line_of(body, _key(key), 0)[1]
                line = _line_of(body, _key(key), first + 1)[0]
                raise InputError(f"key {key!r} appears twice in one object", path, line)
            found[key] = value
        return found

    try:
        return json.loads(body, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read", path, 1) from None


def _entries(tasks: Any, path: str, line: int) -> list[tuple[str, Any, str]]:
    """(task ID, its status value, a pattern that finds the entry's line) for each entry of `tasks`."""
    out: list[tuple[str, Any, str]] = []
    if isinstance(tasks, dict):
        for task_id, value in tasks.items():
            out.append((task_id, value.get("status") if isinstance(value, dict) else value, _key(task_id)))
    elif isinstance(tasks, list):
        for index, entry in enumerate(tasks):
            task_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(task_id, int) and not isinstance(task_id, bool):
                task_id = str(task_id)
            if not isinstance(task_id, str) or not task_id.strip():
                raise InputError(f"`tasks` entry {index + 1} has no string `id`", path, line)
            out.append((task_id, entry.get("status"), r'"id"\s*:\s*"?' + re.escape(task_id) + r'"?\s*[,}\n]'))
    else:
        raise InputError("`tasks` must map task IDs to statuses, or list objects with `id` and `status`", path, line)
    return out


def _key(name: str) -> str:
    return re.escape(json.dumps(name, ensure_ascii=False)) + r"\s*:"


def _line_of(body: str, pattern: str, start: int) -> tuple[int, int]:
    """(1-based line, offset) of the first match of `pattern` at or after `start`; (1, 0) when none."""
    found = re.compile(pattern).search(body, start)
    if found is None:
        return 1, 0
    return body.count("\n", 0, found.start()) + 1, found.start()
