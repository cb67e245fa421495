"""Edits of one YAML tracker entry: located by ruamel.yaml's round-trip positions, verified by re-loading.

The status scalar is replaced in place and evidence is appended to the list as it is
written (block or flow), so comments, key order, quoting and indentation survive byte
for byte. When the layout is unusual (multi-line scalars, odd nesting) the edit goes
through a full ruamel.yaml round-trip dump instead, which keeps comments and order.
"""

from __future__ import annotations

import io
import re
from typing import Any

from tracker.errors import TrackerError, WriteConflict
from tracker.parse.text import BOM
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.parse.yaml_safe import load_yaml_text
from tracker.write.lines import LineText
from tracker.write.markdown_edit import Change, Outcome
from tracker.write.status_text import styled

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_./][\w./@+()~-]*(?: [\w./@+()~-]+)*$")


def quoted(value: str, like: str = "") -> str:
    if like.startswith("'") or (not _PLAIN_SAFE.match(value) and "'" not in value):
        return "'" + value.replace("'", "''") + "'"
    if like.startswith('"') or not _PLAIN_SAFE.match(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value.lower() in {"yes", "no", "on", "off", "true", "false", "null", "~"}:
        return f"'{value}'"
    return value


def _scalar_end(line: str, col: int) -> int:
    """End of the one-line scalar that starts at `col`, or -1 when it does not end on this line."""
    quote = line[col:col + 1]
    if quote == "'":
        i = col + 1
        while i < len(line):
            if line[i] == "'":
                if line[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return -1
    if quote == '"':
        i = col + 1
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == '"':
                return i + 1
            i += 1
        return -1
    if quote in ("|", ">", "[", "{", "&", "*", "!"):
        return -1
    comment = line.find(" #", col)
    end = len(line) if comment < 0 else comment
    return len(line[:end].rstrip())


def _entry(data: Any, item_id: str, path: str):
    items = data.get("items") if isinstance(data, dict) else None
    found = [e for e in (items or []) if isinstance(e, dict) and str(e.get("id")) == item_id]
    if len(found) != 1:
        raise WriteConflict(f"{item_id} is {'not' if not found else 'more than once'} in this document; "
                            "nothing was written", path)
    return items, found[0]


def edit_yaml(text: str, path: str, change: Change, vocab: Vocabulary = DEFAULT) -> Outcome:
    bom = text.startswith(BOM)
    data, _ = load_yaml_text(text[1:] if bom else text, path, round_trip=True)
    items, entry = _entry(data, change.item_id, path)
    out = Outcome(text=text)
    new_status = None
    if change.status is not None:
        current = str(entry.get("status", ""))
        if vocab.read(current).status == change.status:
            new_status = current
        else:
            exemplars = [(i, str(e.get("status"))) for i, e in enumerate(items) if isinstance(e, dict)
                         and e is not entry and vocab.read(str(e.get("status"))).status == change.status]
            new_status = styled(change.status, current, exemplars, items.index(entry), change.today, vocab)
    evidence = entry.get("evidence")
    existing = [str(e) for e in evidence] if isinstance(evidence, list) else [str(evidence)] if evidence else []
    adding = [p for i, p in enumerate(change.evidence) if p not in existing and p not in change.evidence[:i]]
    if change.evidence:
        out.evidence_where = "yaml"
    lines = LineText(text)
    try:
        _surgical(lines, entry, new_status, adding)
        candidate = lines.text()
        _verify(candidate, path, change.item_id, new_status, existing + adding)
    except (_Unusual, TrackerError, KeyError, IndexError, TypeError, AttributeError):
        # Any doubt about the in-place edit: take the full round-trip instead.
        candidate = _roundtrip(text, path, change.item_id, new_status, adding)
        _verify(candidate, path, change.item_id, new_status, existing + adding)
    out.text = candidate
    return out


class _Unusual(Exception):
    """The YAML is laid out in a way the in-place edit does not handle."""


def _surgical(lines: LineText, entry, new_status: str | None, adding: list[str]) -> None:
    edits: list[tuple[int, int, int, str]] = []  # (line 1-based, start, end, new)
    inserts: list[tuple[int, str]] = []
    if new_status is not None and str(entry.get("status")) != new_status:
        line, col = entry.lc.value("status")
        row = lines.line(line + 1)
        end = _scalar_end(row, col)
        if end < 0:
            raise _Unusual("status")
        edits.append((line + 1, col, end, quoted(new_status, row[col:end])))
    if adding:
        evidence = entry.get("evidence")
        if "evidence" not in entry:
            key_line, key_col = entry.lc.key("status")
            last = _last_line_of(entry, "status") + 1
            pad = " " * key_col
            inserts.append((last, f"{pad}evidence:"))
            inserts.extend((last, f"{pad}  - {quoted(p)}") for p in adding)
        elif isinstance(evidence, str):
            line, col = entry.lc.value("evidence")
            row = lines.line(line + 1)
            end = _scalar_end(row, col)
            if end < 0:
                raise _Unusual("evidence scalar")
            edits.append((line + 1, col, end, "[" + ", ".join([row[col:end], *map(quoted, adding)]) + "]"))
        elif isinstance(evidence, list) and not _flow(lines, entry) and evidence:
            line, col = evidence.lc.item(len(evidence) - 1)
            row = lines.line(line + 1)
            if _scalar_end(row, col) < 0:
                raise _Unusual("evidence item")
            prefix = row[:col]
            inserts.extend((line + 1, prefix + quoted(p)) for p in adding)
        elif isinstance(evidence, list) and _flow(lines, entry):
            line, col = entry.lc.value("evidence")
            row = lines.line(line + 1)
            close = row.find("]", col)
            if close < 0 or row.count("[", col) != 1:
                raise _Unusual("flow evidence")
            joined = ", ".join(map(quoted, adding))
            edits.append((line + 1, close, close, (", " if evidence else "") + joined))
        else:
            raise _Unusual("evidence")
    for number, a, b, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines.replace(number, a, b, new)
    for number, content in reversed(inserts):
        lines.insert_after(number, content)


def _flow(lines: LineText, entry) -> bool:
    """The evidence list is written `[a, b]` (ruamel does not say so for an empty one)."""
    line, col = entry.lc.value("evidence")
    return lines.line(line + 1)[col:col + 1] == "["


def _last_line_of(entry, key: str) -> int:
    return entry.lc.value(key)[0]


def _verify(text: str, path: str, item_id: str, status: str | None, evidence: list[str]) -> None:
    data, _ = load_yaml_text(text[1:] if text.startswith(BOM) else text, path, round_trip=True)
    _, entry = _entry(data, item_id, path)
    if status is not None and str(entry.get("status")) != status:
        raise WriteConflict(f"{item_id}: the status edit did not read back; nothing was written", path)
    value = entry.get("evidence")
    got = [str(e) for e in value] if isinstance(value, list) else [str(value)] if value else []
    if evidence and got != evidence:
        raise WriteConflict(f"{item_id}: the evidence edit did not read back; nothing was written", path)


def _roundtrip(text: str, path: str, item_id: str, status: str | None, adding: list[str]) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    indented = re.search(r"(?m)^items:\s*\n( +)- ", body.replace("\r\n", "\n"))
    yaml.indent(mapping=2, sequence=4, offset=2) if indented else yaml.indent(mapping=2, sequence=2, offset=0)
    data = yaml.load(body)
    _, entry = _entry(data, item_id, path)
    if status is not None:
        entry["status"] = status
    if adding:
        current = entry.get("evidence")
        if not isinstance(current, list):
            current = CommentedSeq([current] if current else [])
            entry["evidence"] = current
        current.extend(adding)
    stream = io.StringIO()
    yaml.dump(data, stream)
    dumped = stream.getvalue()
    if "\r\n" in body:
        dumped = dumped.replace("\n", "\r\n")
    if not body.endswith(("\n", "\r")):
        dumped = dumped.rstrip("\r\n")
    return (BOM if bom else "") + dumped

