"""The schema of YAML trackers as pydantic models: the published schema (`tracker schema`) and every error message.

Imported only when a tracker falls outside what `yaml_tracker.plain_entries` accepts on its own (or for the
schema): pydantic's import costs ~70 ms of a run that reads only plain trackers.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator


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
