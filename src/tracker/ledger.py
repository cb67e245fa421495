"""The closure ledger (evidence/ledger.jsonl): one JSON record per close, set or reopen."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any

SCHEMA = "tracker.ledger/1"
ACTIONS = {"close", "set", "reopen"}


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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


def append_record(root: Path, rel: str, record: dict[str, Any]) -> None:
    """Append one line under an exclusive lock, then flush and fsync: concurrent closes never interleave."""
    record = {"schema": SCHEMA, **record}
    line = json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"
    path = Path(root) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            # A torn last line (a crash mid-write) must not glue onto ours.
            size = os.fstat(fd).st_size
            if size:
                with open(path, "rb") as reader:
                    reader.seek(size - 1)
                    if reader.read(1) != b"\n":
                        line = "\n" + line
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read_ledger(source, rel_path: str, problems: list[tuple[int, str]] | None = None) -> list[dict[str, Any]]:
    """Records in file order. A bad line is skipped and reported in `problems` as (line, message)."""
    data = source.read(rel_path)
    if not data:
        return []
    records = []
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
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
