"""YAML trackers: a documented schema over the one YAML reading (every scalar text), errors at file:line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema, field_validator

from tracker.errors import InputError
from tracker.model import Dependency, Document, Item, Note, Span, Status
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.parse.yaml_reader import line_of, read_yaml


def _one_or_many(value: Any) -> Any:
    # `evidence: path` is one path; `evidence:` left empty (a plain null) links nothing, like `evidence: []`.
    return [] if value is None else [value] if isinstance(value, str) else value


# What the reader accepts is what the published schema says: one string, a list of strings, or nothing.
OneOrMany = Annotated[list[str], BeforeValidator(_one_or_many), WithJsonSchema({
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "null"}]})]


class YamlWaiver(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="Rule code or name, e.g. TRK101 or done-without-evidence")
    reason: str = Field(min_length=1, description="Why the finding is accepted")


class YamlItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, description="Unique ID, e.g. CORE-001")
    title: str = ""
    status: str = Field(description="A status word: todo, in_progress, blocked, paused, done, dropped, or synonyms")
    evidence: OneOrMany = Field(default_factory=list, description="Paths (repository-relative) or URLs")
    covers: OneOrMany = Field(default_factory=list, description="Globs of the files this item's claim is about; "
                              "a change to one after the close makes the claim suspect")
    tests: OneOrMany = Field(default_factory=list, description="Test names its JUnit reports or attestations "
                             "must hold, and which must have passed")
    depends_on: OneOrMany = Field(default_factory=list)
    owner: str | None = None
    due: str | None = Field(None, description="ISO date, YYYY-MM-DD", json_schema_extra={"format": "date"})
    priority: str | None = None
    definition_of_done: str | None = None
    group: str | None = None
    notes: str | None = None
    waivers: list[YamlWaiver] = Field(default_factory=list)

    @field_validator("due")
    @classmethod
    def _a_date(cls, value: str | None) -> str | None:
        # An unreadable due date would never be overdue: refuse it where it is written.
        if value is not None:
            try:
                dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
        return value


class YamlTracker(BaseModel):
    """A tracker kept as YAML: trackers/*.yaml."""

    model_config = ConfigDict(extra="forbid", title="tracker YAML document")

    title: str | None = None
    items: list[YamlItem] = Field(default_factory=list)


def schema() -> dict[str, Any]:
    return YamlTracker.model_json_schema()


def parse_yaml(text: str, path: str, vocab: Vocabulary = DEFAULT) -> Document:
    _, newline, bom, _ = split_lines(text)
    data = read_yaml(text[1:] if bom else text, path)
    if data is None:
        return Document(path=path, format="yaml", newline=newline, bom=bom)
    if not isinstance(data, dict):
        raise InputError("a YAML tracker is a mapping with `items:`", path, 1)
    raw_items = data.get("items") or []
    try:
        tracker = YamlTracker.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"schema: {'.'.join(map(str, first['loc']))}: {first['msg']}", path,
                         _error_line(data, first["loc"])) from None
    items: list[Item] = []
    warnings: list[Note] = []
    waivers: list[tuple[str, str, str, int]] = []
    for index, entry in enumerate(tracker.items):
        node = raw_items[index]
        line = line_of(raw_items, index, 1) or 1
        reading = vocab.read(entry.status)
        if reading.status is None:
            warnings.append(Note(line=line_of(node, "status", line) or line, code="unknown-status",
                                 message=f"{entry.id}: status {entry.status!r} is not in the vocabulary; read as todo"))
        items.append(Item(
            id=entry.id, title=entry.title, status=reading.status or Status.TODO, raw_status=entry.status,
            kind="yaml", group=entry.group, evidence=tuple(entry.evidence), covers=tuple(entry.covers),
            tests=tuple(entry.tests),
            dependencies=tuple(Dependency(id=d, origin="explicit") for d in entry.depends_on),
            owner=entry.owner, due=entry.due, priority=entry.priority,
            definition_of_done=entry.definition_of_done, optional=reading.optional, date=reading.date,
            notes=entry.notes, recognized=reading.status is not None,
            source=Span(path=path, line=line_of(node, "status", line) or line),
        ))
        waivers.extend((entry.id, waiver.rule, waiver.reason, line) for waiver in entry.waivers)
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
