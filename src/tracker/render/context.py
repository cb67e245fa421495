"""What a view renders from, as data the use case gathered: project, document, day, gate results, history."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from tracker.model import Document, Item, Project, Status
from tracker.globs import GlobError, GlobSet


class ViewError(Exception):
    """A region asks for something that cannot be rendered (unknown view, bad option, missing input)."""


class FindingRow(Protocol):
    """What the findings view reads of a gate finding (the use case passes the gate's findings)."""

    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def waived(self) -> bool: ...
    @property
    def item(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def message(self) -> str: ...
    @property
    def scope(self) -> str: ...


class GateRow(Protocol):
    """What the blockers view reads of a gate result."""

    @property
    def name(self) -> str: ...
    @property
    def passed(self) -> bool: ...
    @property
    def reasons(self) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class BurnupDay:
    """Done and total items at the end of one day of history."""

    date: str  # YYYY-MM-DD
    done: int
    total: int


@dataclass(frozen=True)
class ViewInputs:
    """Everything the views of one document need; None means the use case did not gather it."""

    project: Project  # holding `document` as it is being rendered
    document: Document
    today: dt.date
    findings: Sequence[FindingRow] | None = None  # the gate's findings, for the `findings` view
    gates: Sequence[GateRow] | None = None  # the gate results, for the `blockers` view
    burnup: Sequence[BurnupDay] | None = None  # daily counts from git history, for the `burnup` view


# The views that read gate results or history: a use case gathers those only when a region asks.
NEEDS_GATE = frozenset({"findings", "blockers"})
NEEDS_HISTORY = frozenset({"burnup"})


class ViewContext:
    def __init__(self, inputs: ViewInputs):
        self.inputs = inputs
        self.project = inputs.project
        self.document = inputs.document
        self.today = inputs.today

    def items(self, options: dict[str, str]) -> list[Item]:
        """The document's items, or those of every document matching `scope=` (a glob)."""
        scope = options.get("scope")
        if not scope:
            return list(self.document.items)
        try:
            globs = GlobSet(p for p in scope.split(",") if p)
        except GlobError as exc:
            raise ViewError(f"scope={scope!r}: {exc}") from None
        return [item for doc in self.project.documents if globs.match(doc.path) for item in doc.items]

    @cached_property
    def by_id(self) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for item in self.project.items:
            found.setdefault(item.id, item)
        return found

    def open_dependencies(self, item: Item) -> list[str]:
        return [d.id for d in item.dependencies
                if d.id in self.by_id and self.by_id[d.id].status not in (Status.DONE, Status.DROPPED)]

    def findings(self) -> Sequence[FindingRow]:
        if self.inputs.findings is None:
            raise ViewError("the findings view needs the gate's findings, which were not gathered")
        return self.inputs.findings

    def gates(self) -> Sequence[GateRow]:
        if self.inputs.gates is None:
            raise ViewError("the blockers view needs the gate results, which were not gathered")
        return self.inputs.gates

    def burnup(self) -> Sequence[BurnupDay]:
        if self.inputs.burnup is None:
            raise ViewError("burnup: no git history to read")
        return self.inputs.burnup


def limit(options: dict[str, str], default: int) -> int:
    raw = options.get("limit", str(default))
    if not raw.isdigit():
        raise ViewError(f"limit={raw!r} is not a number")
    return int(raw)


_LINE_REF = re.compile(r"(\.[A-Za-z]{1,9}):\d+\b")


def cell(text: str) -> str:
    """Text safe inside a generated table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def without_lines(text: str) -> str:
    """`plan.md:12` -> `plan.md`: a region that quoted line numbers would go stale whenever it changed size."""
    return _LINE_REF.sub(r"\1", text)


def groups(items: list[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for item in items:
        out.setdefault(item.group or "(no group)", []).append(item)
    return out
