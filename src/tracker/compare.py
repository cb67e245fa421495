"""Diff two projects (a base and a new side): status transitions, and the done claims the change makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.model import Item, Project, Status

if TYPE_CHECKING:
    from tracker.gate.evidence import Resolver


@dataclass(frozen=True, slots=True)
class Transition:
    id: str
    old: Status | None  # None: the item is new
    new: Status | None  # None: the item was removed
    path: str
    line: int
    title: str = ""

    @property
    def label(self) -> str:
        return f"{self.old.value if self.old else '(new)'} → {self.new.value if self.new else '(removed)'}"


@dataclass(slots=True)
class Comparison:
    transitions: list[Transition] = field(default_factory=list)
    # Done items whose claim this change introduces or alters, with why: "now done", "new done item",
    # "evidence removed", "evidence emptied".
    changed_claims: dict[str, str] = field(default_factory=dict)

    def is_changed(self, item_id: str | None) -> bool:
        return item_id is not None and item_id in self.changed_claims


def _first(items: list[Item]) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


def _counting(resolver: Resolver, item: Item) -> dict[str, bool]:
    """Each evidence string of `item` and whether it resolves to something that counts (or a URL)."""
    out: dict[str, bool] = {}
    for value in item.evidence:
        found = resolver.resolve(value, item.source.path)
        out[value] = found.kind in ("ok", "url")
    return out


def _same_bytes(base: Project, new: Project, item: Item) -> bool:
    """Both sides are git trees and every path the item's evidence can name holds the same blob on both: its
    evidence verdicts cannot differ, so nothing need be read (reading every blob twice was most of a --base run)."""
    import posixpath

    from tracker.gate.evidence import clean

    old_sha, new_sha = base.source.blob_sha, new.source.blob_sha
    if "worktree" in (base.source.name, new.source.name):
        return False  # the working tree has no blob ids to compare
    folder = posixpath.dirname(item.source.path)
    for value in item.evidence:
        path = clean(value).split("#", 1)[0].strip()
        if not path or path.startswith(("http://", "https://", "commit:")):
            return False  # URLs and commits: let the resolver say
        first = posixpath.normpath(path.strip("/"))
        second = posixpath.normpath(posixpath.join(folder, path)) if folder else first
        for rel in (first, second) if second != first else (first,):
            if rel.startswith("..") or old_sha(rel) != new_sha(rel):
                return False
    return True


def compare(base: Project | None, new: Project) -> Comparison:
    """What changed from `base` (None before the first commit) to `new`."""
    from tracker.gate.context import verdicts_for
    from tracker.gate.evidence import Resolver

    result = Comparison()
    old_items = _first(base.items) if base else {}
    new_items = _first(new.items)
    old_resolver = Resolver(base.source, verdicts=verdicts_for(base)) if base else None
    new_resolver = Resolver(new.source, verdicts=verdicts_for(new))
    for item_id, item in new_items.items():
        before = old_items.get(item_id)
        if before is None or before.status != item.status:
            result.transitions.append(Transition(item_id, before.status if before else None, item.status,
                                                 item.source.path, item.source.line, item.title))
        if item.status != Status.DONE:
            continue
        if before is None:
            result.changed_claims[item_id] = "new done item"
            continue
        if before.status != Status.DONE:
            result.changed_claims[item_id] = f"{before.status.value} → done"
            continue
        removed = [v for v in before.evidence if v not in item.evidence]
        if removed:
            result.changed_claims[item_id] = f"evidence removed ({', '.join(removed)})"
            continue
        if base is not None and _same_bytes(base, new, item):
            continue
        now = _counting(new_resolver, item)
        failing = [v for v, ok in now.items() if not ok]
        then = _counting(old_resolver, before) if old_resolver and failing else {}
        lost = [v for v in failing if then.get(v, True)]
        if lost:
            result.changed_claims[item_id] = f"evidence removed or emptied ({', '.join(lost)})"
    for item_id, before in old_items.items():
        if item_id not in new_items:
            result.transitions.append(Transition(item_id, before.status, None, before.source.path,
                                                 before.source.line, before.title))
    return result


def changed_lines(old_text: str | None, new_text: str) -> set[int]:
    """1-based line numbers of `new_text` that are added or modified relative to `old_text`."""
    import difflib

    new_lines = new_text.splitlines()
    if old_text is None:
        return set(range(1, len(new_lines) + 1))
    matcher = difflib.SequenceMatcher(None, old_text.splitlines(), new_lines, autojunk=False)
    found: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            found.update(range(j1 + 1, j2 + 1))
    return found
