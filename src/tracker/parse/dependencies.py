"""Resolve dependencies once every ID in the project is known: columns first, then phrases."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from tracker.model import Dependency, Item
from tracker.parse.dep_phrases import after_phrase, in_list
from tracker.parse.vocabulary import strip_markup

_PHRASE = re.compile(r"(?i)\b(?:requires|required|depends on|dependent on|blocked by|after|prerequisites?:?)\s+[`*]*")
_BOUNDARY = re.compile(r"[\w]")




def may_name_dependencies(text: str) -> bool:
    """Whether prose `text` holds a phrase that resolve() reads dependencies after; a reader keeps only such
    text for it (most table cells hold none, and a 200,000-row table would otherwise keep every cell)."""
    lowered = text.lower()
    # Every match of _PHRASE holds one of these once lowered (no other character folds to their letters).
    if "requ" not in lowered and "depen" not in lowered and "blo" not in lowered and "aft" not in lowered:
        return False
    return _PHRASE.search(text) is not None


class IdIndex:
    """Known IDs grouped by their first character pair, longest first, for prefix matching."""

    def __init__(self, ids: set[str]):
        self.ids = ids
        self._by_head: dict[str, list[str]] = {}
        for known in ids:
            self._by_head.setdefault(known[:2], []).append(known)
        for group in self._by_head.values():
            group.sort(key=len, reverse=True)

    def at(self, text: str, pos: int) -> str | None:
        """The longest known ID that starts at text[pos] and ends at a word boundary."""
        for known in self._by_head.get(text[pos:pos + 2], ()):
            if text.startswith(known, pos):
                end = pos + len(known)
                if end == len(text) or not _BOUNDARY.match(text[end]) or not _BOUNDARY.match(known[-1]):
                    return known
        return None


def resolve(items: Sequence[Item]) -> list[Item]:
    """`items` with the dependencies their columns and prose name; an item with nothing new is kept as is."""
    index: IdIndex | None = None  # built at the first item with text to read: most large tables have none
    out: list[Item] = []
    for item in items:
        if not item.dep_text and not item.prose_text:
            out.append(item)
            continue
        if index is None:
            index = IdIndex({item.id for item in items})
        found: dict[str, Dependency] = {d.id: d for d in item.dependencies}
        for text in item.dep_text:
            for target, _known in in_list(strip_markup(text), index):
                if target != item.id and target not in found:
                    found[target] = Dependency(id=target, origin="column")
        for text in item.prose_text:
            for match in _PHRASE.finditer(text):
                # "depends on" and "blocked by" always name items; "after" or "requires" may not.
                strict = match.group(0).lower().startswith(("depends", "dependent", "blocked"))
                for target, known in after_phrase(text, match.end(), index, strict):
                    if target != item.id and target not in found and (known or strict):
                        found[target] = Dependency(id=target, origin="inferred")
        grown = len(found) != len(item.dependencies)
        out.append(replace(item, dependencies=tuple(found.values())) if grown else item)
    return out


def attach_section_evidence(items: Sequence[Item], section_evidence: Mapping[str, Sequence[str]] | None) -> list[Item]:
    """`items` where `Evidence:` lines under a heading that names an item's ID are added to that item."""
    if not section_evidence:
        return list(items)
    from tracker.parse.markdown import slugify

    by_slug: dict[str, list[int]] = {}
    for at, item in enumerate(items):
        by_slug.setdefault(slugify(item.id), []).append(at)
    added: dict[int, list[str]] = {}
    for slug, paths in section_evidence.items():
        tokens = slug.split("-")
        for size in range(min(6, len(tokens)), 0, -1):
            hits = [by_slug[key] for start in range(len(tokens) - size + 1)
                    if (key := "-".join(tokens[start:start + size])) in by_slug]
            if hits:
                for group in hits:
                    for at in group:
                        evidence = added.setdefault(at, list(items[at].evidence))
                        evidence.extend(p for p in paths if p not in evidence)
                break
    out = list(items)
    for at, evidence in added.items():
        if len(evidence) != len(out[at].evidence):
            out[at] = replace(out[at], evidence=tuple(evidence))
    return out
