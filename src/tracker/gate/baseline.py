"""Baselines: today's findings recorded by their key (path, code, subject), so only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path

from tracker.errors import UsageError
from tracker.gate.finding import Finding, Key
from tracker.shell import shell_word

SCHEMA = "tracker.baseline/2"
OLD_SCHEMAS = ("tracker.baseline/1",)


def write_baseline(path: Path, findings: list[Finding]) -> int:
    keys = sorted({f.key for f in findings})
    payload = {"schema": SCHEMA, "findings": [{"path": p, "code": c, "subject": s} for p, c, s in keys]}
    Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(keys)


def load_baseline(path: Path) -> set[Key]:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"baseline file {path} does not exist (create it with --write-baseline)") from None
    except OSError as exc:
        raise UsageError(f"baseline file {path} cannot be read: {exc}") from None
    return parse_baseline(data, str(path))


def parse_baseline(data: bytes, path: str) -> set[Key]:
    """The keys a baseline file's bytes hold (read from disk, or from a revision by the policy loader)."""
    try:
        payload = json.loads(data.decode("utf-8"))
    except ValueError as exc:
        raise UsageError(f"baseline file {path} cannot be read: {exc}") from None
    schema = payload.get("schema") if isinstance(payload, dict) else None
    if schema in OLD_SCHEMAS:
        # Its keys (code, item, evidence) had no path and let a new problem match an old one: refuse, never guess.
        raise UsageError(f"baseline file {path} is a {schema} file, whose keys can match a new finding as an old "
                         f"one; write it again with `tracker check --write-baseline {shell_word(str(path))}`")
    if schema != SCHEMA or not isinstance(payload.get("findings"), list):
        raise UsageError(f"baseline file {path} is not a {SCHEMA} file")
    keys: set[Key] = set()
    for entry in payload["findings"]:
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("path", "code", "subject")):
            keys.add((entry["path"], entry["code"], entry["subject"]))
    return keys
