"""History: one `git log --raw` pass parsed into commits with their changed paths."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class LogEntry:
    sha: str
    fields: list[str]
    changes: list[tuple[str, str, str]]  # (A/M/D/T, path, new blob sha)


def parse_log(out: bytes, nfields: int) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for chunk in out.split(b"\x00\x01")[1:]:
        parts = chunk.split(b"\x00")
        sha = parts[0].decode()
        fields = [p.decode("utf-8", "replace") for p in parts[1:1 + nfields]]
        rest = parts[1 + nfields:]
        changes: list[tuple[str, str, str]] = []
        i = 0
        while i < len(rest):
            token = rest[i].lstrip(b"\n")
            if token.startswith(b":") and i + 1 < len(rest):
                meta = token[1:].split()
                changes.append((meta[4].decode()[:1], rest[i + 1].decode("utf-8", "surrogateescape"), meta[3].decode()))
                i += 2
            else:
                i += 1
        entries.append(LogEntry(sha, fields, changes))
    return entries


