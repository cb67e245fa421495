"""The `tracker.status/1` JSON contract."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tracker.model import Item, Project
from tracker.model.document import count_statuses


_BLOCK = 2000  # items encoded at a time


def item_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "status": item.status,  # a StrEnum: json writes its value, without Enum's slow `.value`
        "raw_status": item.raw_status,
        "kind": item.kind,
        "group": item.group,
        "parent": item.parent,
        "evidence": item.evidence,
        "depends_on": item.depends_on,
        "dependencies": [{"id": d.id, "origin": d.origin} for d in item.dependencies],
        "owner": item.owner,
        "due": item.due,
        "priority": item.priority,
        "optional": item.optional,
        "date": item.date.isoformat() if item.date else None,
        "source": {"path": item.source.path, "line": item.source.line},
    }


def status_json(project: Project, items: list[Item]) -> str:
    return "".join(status_json_parts(project, items))


def status_json_parts(project: Project, items: list[Item]) -> Iterator[str]:
    """The `tracker.status/1` document in pieces, for writing as they are made: on 50,000 items the whole text,
    its join and its UTF-8 copy would otherwise each be held at once (~60 MB of the peak)."""
    documents = [{
        "path": doc.path,
        "format": doc.format,
        "items": len(doc.items),
        "counts": doc.counts(),
        "warnings": [{"line": n.line, "code": n.code, "message": n.message} for n in doc.warnings],
    } for doc in project.documents]
    head = {
        "schema": "tracker.status/1",
        "documents": documents,
        "errors": [{"path": path, "message": message} for path, message in project.errors],
    }
    # Compact on purpose: with `indent`, json falls back to its pure-Python encoder (~4x slower on
    # 10,000 items). Pipe through `python -m json.tool` or `jq` to read it. The items are encoded a
    # block at a time, so 200,000 of them never exist as dictionaries all at once.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    yield encode(head)[:-1] + ',"items":['
    for start in range(0, len(items), _BLOCK):
        block = encode([item_json(item) for item in items[start:start + _BLOCK]])[1:-1]
        yield "," + block if start else block
    yield '],"counts":' + encode(count_statuses(items)) + "}"
