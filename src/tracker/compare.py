"""Diff two projects (a base and a new side): status transitions, and the done claims the change makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.model import Item, Project, Status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

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


def changed_paths(old_source: object, new_source: object) -> set[str] | None:
    """The paths whose blob (or mode) differs between two git listings, or that only one side has; None when
    either side is not a git listing (the working tree has no blob ids)."""
    old_blobs, new_blobs = getattr(old_source, "blobs", None), getattr(new_source, "blobs", None)
    if "worktree" in (getattr(old_source, "name", None), getattr(new_source, "name", None)) or \
            not isinstance(old_blobs, dict) or not isinstance(new_blobs, dict):
        return None
    return differing(old_blobs, new_blobs)


def differing(old_blobs: Mapping[str, Any], new_blobs: Mapping[str, Any]) -> set[str]:
    """The paths of two listings (path -> blob with `sha` and `mode`) whose blob or mode differs, or that only
    one of them has."""
    found = {rel for rel, blob in new_blobs.items()
             if (before := old_blobs.get(rel)) is None or before.sha != blob.sha or before.mode != blob.mode}
    found.update(rel for rel in old_blobs if rel not in new_blobs)
    return found


class SameBytes:
    """Whether every path an item's evidence can name holds the same bytes on both sides of a change: its
    evidence verdicts cannot differ, so nothing need be read (reading every blob twice was most of a --base
    run), and a narrowed judgement (tracker.gate.narrow) leaves the item to the base's verdict. A path
    counts as changed when its blob differs or, for a folder, when a file below it does. Asked for every done
    item, so what is per side (the differing paths) and per document (its folder) is worked out once."""

    def __init__(self, changed: set[str] | None, differs: Callable[[str], bool] | None = None) -> None:
        """`changed`: the paths whose bytes differ (git listings on both sides); else `differs(rel)` compares one
        path at a time; neither: nothing is known to be the same."""
        self.changed = changed
        self.usable = changed is not None or differs is not None
        self._moved: set[str] = set()
        if changed is not None:
            # A path differs exactly when it, or a file below it, is one of these.
            self._moved = changed | {rel[:at] for rel in changed for at in _slashes(rel)}
            differs = self._moved.__contains__
        self.differs: Callable[[str], bool] = differs or (lambda rel: True)
        self._folders: dict[str, tuple[str, bool, set[str] | None]] = {}
        self._known: dict[int, tuple[Item, bool]] = {}  # per item object, kept beside its answer
        from tracker.gate.evidence import PLAIN

        self._plain = PLAIN.fullmatch

    @classmethod
    def between(cls, base: Project, new: Project) -> SameBytes:
        if "worktree" in (base.source.name, new.source.name):  # the working tree has no blob ids
            return cls(None)
        differing = changed_paths(base.source, new.source)
        old_sha, new_sha = base.source.blob_sha, new.source.blob_sha
        return cls(differing, None if differing is not None else lambda rel: bool(old_sha(rel) != new_sha(rel)))

    def __call__(self, item: Item, recorded: tuple[str, ...] = ()) -> bool:
        """Whether `item`'s evidence (and the `recorded` paths its ledger closure names) is unchanged."""
        if not self.usable:
            return False
        known = self._known.get(id(item))
        if known is None:
            known = self._known[id(item)] = (item, self._same(item))
        return known[1] and not (recorded and self.any_changed(recorded))

    def any_changed(self, rels: Iterable[str]) -> bool:
        """Whether one of these repository paths (a ledger record's evidence) differs."""
        import posixpath

        return not self.usable or any(self.differs(posixpath.normpath(rel)) for rel in rels)

    def _folder(self, doc_path: str) -> tuple[str, bool, set[str] | None]:
        """A document's folder, whether it is plain, and (with a set of changed paths) the changed paths that
        a plain value joined to the folder can name, relative to it (so one lookup answers for both)."""
        import posixpath

        from tracker.gate.evidence import PLAIN

        known = self._folders.get(doc_path)
        if known is None:
            folder = posixpath.dirname(doc_path)
            plain = not folder or PLAIN.fullmatch(folder) is not None
            names = None
            if self.changed is not None:
                cut = len(folder) + 1
                names = self._moved | {rel[cut:] for rel in self._moved if folder and rel.startswith(folder + "/")}
            known = self._folders[doc_path] = (folder, plain, names)
        return known

    def _same(self, item: Item) -> bool:
        folder, plain_folder, names = self._folders.get(item.source.path) or self._folder(item.source.path)
        plain = self._plain
        for value in item.evidence:
            if plain_folder and plain(value):
                # The common case: a plain relative path is already normal (no `.`, `..`, `//`, `#`, `:`, `\`),
                # and so is a plain folder joined to it; the same paths as below, without the string work.
                if (value in names) if names is not None else (
                        self.differs(value) or (folder and self.differs(f"{folder}/{value}"))):
                    return False
            elif not self._same_value(value, folder):
                return False
        return True

    def _same_value(self, value: str, folder: str) -> bool:
        import posixpath

        from tracker.gate.evidence import clean

        path = clean(value).split("#", 1)[0].strip()
        if path.startswith(("http://", "https://", "commit:")):
            return True  # no file of the tree decides a URL's or a commit's verdict
        if not path:
            return False  # let the resolver say
        first = posixpath.normpath(path.strip("/"))
        second = posixpath.normpath(posixpath.join(folder, path)) if folder else first
        return not any(rel.startswith("..") or self.differs(rel) for rel in {first, second})


def _slashes(rel: str) -> list[int]:
    return [at for at, ch in enumerate(rel) if ch == "/"]


def compare(base: Project | None, new: Project, same_bytes: SameBytes | None = None) -> Comparison:
    """What changed from `base` (None before the first commit) to `new`. `same_bytes`: the one a caller
    already asked about these two projects (its answers are kept)."""
    from tracker.gate.context import verdicts_for
    from tracker.gate.evidence import Resolver

    result = Comparison()
    old_items = _first(base.items) if base else {}
    new_items = _first(new.items)
    old_resolver = Resolver(base.source, verdicts=verdicts_for(base)) if base else None
    new_resolver = Resolver(new.source, verdicts=verdicts_for(new))
    if same_bytes is None and base is not None:
        same_bytes = SameBytes.between(base, new)
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
        if same_bytes is not None and same_bytes(item):
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
