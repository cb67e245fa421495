"""The closure ledger (evidence/ledger.jsonl): one JSON record per close, set or reopen, one per line.

A record is one line ending in "\n" and holding no other "\n"; line separators that some readers split on
(U+2028, U+2029, U+0085, \v, \f, \x1c-\x1e) are escaped on write, and the reader splits on b"\n" only.
Appending is the use case's job (tracker.commands.transition, under the document's lock); this module is pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.source import Source

SCHEMA = "tracker.ledger/1"
ACTIONS = {"close", "set", "reopen"}


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def fingerprint(root: Path, rel: str) -> dict[str, Any]:
    """{path, sha256, size} of a file under `root` (streamed, so large evidence is fine)."""
    digest = hashlib.sha256()
    size = 0
    with open(Path(root) / rel, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"path": rel, "sha256": digest.hexdigest(), "size": size}


def fingerprint_bytes(rel: str, data: bytes) -> dict[str, Any]:
    return {"path": rel, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def make_record(action: str, item_id: str, status: str, evidence: list[dict[str, Any]], *, commit: str | None = None,
                user: str | None = None, note: str | None = None, forced: bool = False,
                reason: str | None = None, time: str | None = None) -> dict[str, Any]:
    if action not in ACTIONS:
        raise ValueError(f"ledger action must be one of {sorted(ACTIONS)}, not {action!r}")
    return {"schema": SCHEMA, "action": action, "id": item_id, "time": time or utc_now(), "status": status,
            "evidence": evidence, "commit": commit, "user": user, "note": note, "forced": forced, "reason": reason}


# What str.splitlines() and some editors treat as line breaks besides "\n" and "\r".
_SEPARATORS = re.compile("[\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e]")


def encode_record(record: dict[str, Any]) -> bytes:
    """One ledger line: JSON with the schema first, every line separator escaped, ending in "\n"."""
    text = json.dumps({"schema": SCHEMA, **record}, ensure_ascii=False, sort_keys=False)
    return (_SEPARATORS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n").encode("utf-8")


def read_ledger(source: Source, rel_path: str, problems: list[tuple[int, str]] | None = None) -> list[dict[str, Any]]:
    """Records in file order. A bad line is skipped and reported in `problems` as (line, message)."""
    data = source.read(rel_path)
    if not data:
        return []
    records = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        raw = line.decode("utf-8", "replace")
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            if problems is not None:
                problems.append((number, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("id"), str) or record.get("action") not in ACTIONS:
            if problems is not None:
                problems.append((number, "not a ledger record (needs `id` and `action` close|set|reopen)"))
            continue
        evidence = record.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, dict) and isinstance(e.get("path"), str)
                                                     for e in evidence):
            if problems is not None:
                problems.append((number, "`evidence` must be a list of {path, sha256, size}"))
            continue
        record["_line"] = number
        records.append(record)
    return records


def latest_by_item(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last record per item ID (later lines win)."""
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        latest[record["id"]] = record
    return latest
