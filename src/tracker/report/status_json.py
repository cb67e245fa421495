"""The `tracker.status/1` JSON contract."""

from __future__ import annotations

import json
from typing import Any

from tracker.model import Item, Project
from tracker.model.document import count_statuses


def item_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "status": item.status.value,
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
    documents = [{
        "path": doc.path,
        "format": doc.format,
        "items": len(doc.items),
        "counts": doc.counts(),
        "warnings": [{"line": n.line, "code": n.code, "message": n.message} for n in doc.warnings],
    } for doc in project.documents]
    payload = {
        "schema": "tracker.status/1",
        "documents": documents,
        "errors": [{"path": path, "message": message} for path, message in project.errors],
        "items": [item_json(item) for item in items],
        "counts": count_statuses(items),
    }
    # Compact on purpose: with `indent`, json falls back to its pure-Python encoder (~4x slower on
    # 10,000 items). Pipe through `python -m json.tool` or `jq` to read it.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
