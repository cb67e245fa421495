"""YAML trackers: a documented schema over the one YAML reading (every scalar text), errors at file:line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tracker.errors import InputError
from tracker.model import Dependency, Document, Item, Note, Span, Status
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.parse.yaml_reader import line_of, read_yaml


_TEXTS = ("owner", "due", "priority", "definition_of_done", "group", "notes")  # a string or nothing
_MANY = ("evidence", "covers", "tests", "depends_on")  # one string, a list of strings, or nothing
_ITEM_KEYS = frozenset(("id", "title", "status", "waivers", *_TEXTS, *_MANY))
_TRACKER_KEYS = frozenset(("title", "items"))
_WAIVER_KEYS = frozenset(("rule", "reason"))
Entry = dict[str, Any]  # an item's fields as the schema reads them; `waivers` as (rule, reason) pairs


def schema() -> dict[str, Any]:
    from tracker.parse.yaml_schema import YamlTracker

    return YamlTracker.model_json_schema()


def _filled(value: Any) -> bool:
    """A string pydantic accepts under `min_length=1`: not empty and encodable (a lone surrogate from a
    `\\ud800` escape is refused there, though an unconstrained field keeps it)."""
    if value.__class__ is not str or not value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _many(value: Any) -> list[str] | None:
    if value is None:
        return []
    if value.__class__ is str:
        return [value]
    if isinstance(value, list) and all(entry.__class__ is str for entry in value):
        return list(value)
    return None


def _plain_entry(node: Any) -> Entry | None:
    if not isinstance(node, dict) or not node.keys() <= _ITEM_KEYS:
        return None
    entry: Entry = {"id": node.get("id"), "title": node.get("title", ""), "status": node.get("status")}
    if not _filled(entry["id"]) or entry["title"].__class__ is not str or entry["status"].__class__ is not str:
        return None
    for key in _TEXTS:
        value = entry[key] = node.get(key)
        if value is not None and value.__class__ is not str:
            return None
    if entry["due"] is not None:
        try:
            dt.date.fromisoformat(entry["due"].strip())
        except ValueError:
            return None
    for key in _MANY:
        many = entry[key] = _many(node.get(key))
        if many is None:
            return None
    waivers = node.get("waivers", [])
    if not isinstance(waivers, list):
        return None
    pairs = []
    for waiver in waivers:
        if not isinstance(waiver, dict) or waiver.keys() != _WAIVER_KEYS or waiver["rule"].__class__ is not str \
                or not _filled(waiver["reason"]):
            return None
        pairs.append((waiver["rule"], waiver["reason"]))
    entry["waivers"] = pairs
    return entry


def plain_entries(data: dict[str, Any]) -> list[Entry] | None:
    """The items of a tracker that plainly fits the schema (only strings, lists of strings and `None` where
    the schema takes them, no unknown key), read as the pydantic models (yaml_schema) read them; None for
    anything else, which the models then judge, with their error messages. The models' import and per-item
    validation cost more than the rest of reading a plain tracker; tests/test_cold_yaml_plain.py holds the
    two readings equal."""
    if not data.keys() <= _TRACKER_KEYS:
        return None
    title = data.get("title")
    if title is not None and title.__class__ is not str:
        return None
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list):
        return None
    entries = []
    for node in raw_items:
        entry = _plain_entry(node)
        if entry is None:
            return None
        entries.append(entry)
    return entries


def validated_entries(data: dict[str, Any], path: str) -> list[Entry]:
    """The items as the pydantic models read them; InputError naming the first problem's key and line."""
    from pydantic import ValidationError

    from tracker.parse.yaml_schema import YamlTracker

    try:
        tracker = YamlTracker.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"schema: {'.'.join(map(str, first['loc']))}: {first['msg']}", path,
                         _error_line(data, first["loc"])) from None
    return [{**{key: getattr(item, key) for key in ("id", "title", "status", *_TEXTS, *_MANY)},
             "waivers": [(waiver.rule, waiver.reason) for waiver in item.waivers]} for item in tracker.items]


def parse_yaml(text: str, path: str, vocab: Vocabulary = DEFAULT) -> Document:
    _, newline, bom, _ = split_lines(text)
    data = read_yaml(text[1:] if bom else text, path)
    if data is None:
        return Document(path=path, format="yaml", newline=newline, bom=bom)
    if not isinstance(data, dict):
        raise InputError("a YAML tracker is a mapping with `items:`", path, 1)
    raw_items = data.get("items") or []
    entries = plain_entries(data)
    if entries is None:
        entries = validated_entries(data, path)
    items: list[Item] = []
    warnings: list[Note] = []
    waivers: list[tuple[str, str, str, int]] = []
    for index, entry in enumerate(entries):
        node = raw_items[index]
        line = line_of(raw_items, index, 1) or 1
        item_id, raw_status = entry["id"], entry["status"]
        reading = vocab.read(raw_status)
        if reading.status is None:
            warnings.append(Note(line=line_of(node, "status", line) or line, code="unknown-status",
                                 message=f"{item_id}: status {raw_status!r} is not in the vocabulary; read as todo"))
        items.append(Item(
            id=item_id, title=entry["title"], status=reading.status or Status.TODO, raw_status=raw_status,
            kind="yaml", group=entry["group"], evidence=tuple(entry["evidence"]), covers=tuple(entry["covers"]),
            tests=tuple(entry["tests"]),
            dependencies=tuple(Dependency(id=d, origin="explicit") for d in entry["depends_on"]),
            owner=entry["owner"], due=entry["due"], priority=entry["priority"],
            definition_of_done=entry["definition_of_done"], optional=reading.optional, date=reading.date,
            notes=entry["notes"], recognized=reading.status is not None,
            source=Span(path=path, line=line_of(node, "status", line) or line),
        ))
        waivers.extend((item_id, rule, reason, line) for rule, reason in entry["waivers"])
    return Document(path=path, format="yaml", newline=newline, bom=bom, items=tuple(items),
                    warnings=tuple(warnings), waivers=tuple(waivers))


def _error_line(data: Any, loc: tuple[Any, ...]) -> int | None:
    node, line = data, None
    for part in loc:
        try:
            found = line_of(node, part)
            line = found or line
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line
