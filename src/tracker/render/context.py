"""What a view renders from: the project, the document holding the region, the clock, the gate results."""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property

from tracker.model import Document, Item, Project, Status
from tracker.globs import GlobError, GlobSet


class ViewError(Exception):
    """A region asks for something that cannot be rendered (unknown view, bad option)."""


class ViewContext:
    def __init__(self, project: Project, document: Document, today: dt.date, check=None):
        self.project = project
        self.document = document
        self.today = today
        if check is not None:
            self.__dict__["check"] = check  # given by the gate engine, which is mid-run

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

    @cached_property
    def check(self):
        """The gate engine's result for the project (findings and gates), computed once per render."""
        from tracker.gate.engine import run_check
        from tracker.gate.options import CheckOptions

        return run_check(self.project, CheckOptions(today=self.today))


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
