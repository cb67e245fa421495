"""Baselines: today's findings recorded by (code, item, evidence), so only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.errors import UsageError
from tracker.gate.finding import Finding

SCHEMA = "tracker.baseline/1"

Key = tuple[str, str | None, str | None]


def write_baseline(path: Path, findings: list[Finding]) -> int:
    keys = sorted({f.key for f in findings}, key=lambda k: (k[0], k[1] or "", k[2] or ""))
    payload = {"schema": SCHEMA, "findings": [{"code": c, "item": i, "evidence": e} for c, i, e in keys]}
    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(keys)


def load_baseline(path: Path) -> set[Key]:
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline file {path} does not exist (create it with --write-baseline)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"baseline file {path} cannot be read: {exc}") from None
    if not isinstance(payload, dict) or payload.get("schema") != SCHEMA or not isinstance(payload.get("findings"), list):
        raise UsageError(f"baseline file {path} is not a {SCHEMA} file")
    keys: set[Key] = set()
    for entry in payload["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("code"), str):
            keys.add((entry["code"], entry.get("item"), entry.get("evidence")))
    return keys
