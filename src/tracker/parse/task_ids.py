"""Native, stable IDs of task-list items: the author's leading ID, else a slug of the item's own words.

An ID never comes from a position or from the enclosing heading, so inserting, moving or
re-titling tasks and headings leaves every other item's ID as it was.

  `- [ ] T001 [P] [US1] Create the user model`    -> T001 (tags [P], [US1] are attributes)
  `- [x] 1.1 Add the login form`, `- [ ] 2. Ship` -> 1.1, 2
  `- [ ] **AUTH-01**: Rotate keys`, `[P0.1](x.md)` -> AUTH-01, P0.1
  `- [x] **Phase 3: Flag types**`                 -> Phase 3
  `- [ ] Write the migration guide`               -> #write-the-migration-guide
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.model import Item
from tracker.parse.patterns import lazy
from tracker.parse.vocabulary import strip_markup

# Forms an author writes as an ID. Letter-digit forms need two digits or a separator so
# that "V2 rollout" or "H1 styles" stay words; a bold, backticked or linked form is an ID as is.
_CODED = r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*-\d+[A-Za-z]?|[A-Z]{1,4}\d+(?:\.\d+)+[a-z]?|[A-Z]{1,4}\d{2,}[a-z]?"
_NUMBERED = r"\d{1,3}(?:\.\d{1,3})*[a-z]?"
_LABELLED = r"[A-Z][a-z]+ \d+(?:\.\d+)*[a-z]?"
# A lone number is an ID only with its dot ("2. Ship"); "3 tests fail" is a sentence.
_PLAIN = lazy(rf"^(?P<id>{_CODED})(?=$|[\s:—–.)]|\s-\s)[.:)]?\s*(?:[—–-]\s+)?"
                    r"|^(?P<num>\d{1,3}(?:\.\d{1,3})+[a-z]?|\d{1,3}[a-z]?(?=[.:)]))[.:)]?(?:\s+|$)")
_WRAPPED = lazy(rf"^(?:\*\*|__|`)(?P<id>{_CODED}|{_NUMBERED}|{_LABELLED})(?P<rest>\s*[:—–.]\s*.*?)?(?:\*\*|__|`)"
                      rf"(?P<after>.*)$")
_BOLD_ID = lazy(rf"\*\*({_CODED})\*\*(?:[:.]|\s+[—–-])?\s+(?=\S)")
_LINKED = lazy(rf"^\[(?P<id>{_CODED}|{_NUMBERED})\]\([^)]*\)[.:]?\s*(?:[—–-]\s+)?")
_LABEL = lazy(rf"^(?P<id>{_LABELLED}):\s*")
# Spec Kit tags right after the ID: [P] (parallel) and [US1] (user story).
_TAGS = lazy(r"^(?:\[(?:P|US\d+|Story\s*\d+)\]\s*)+")
_SEPARATOR = lazy(r"^[:—–-]\s*")
_SLUG_DROP = lazy(r"[^\w\s-]")
_SLUG_WORDS = 8


@dataclass(frozen=True, slots=True)
class Named:
    """What a task's text says about itself."""

    id: str | None  # the author's ID, or None when the text has none
    title: str
    tags: tuple[str, ...] = ()


def native_id(text: str) -> Named:
    """The author's leading ID of a task text, its title without the ID, and Spec Kit tags."""
    text = text.strip()
    first = text[:1]
    if first in ("*", "_", "`"):
        simple = _BOLD_ID().match(text)  # the common `**AUTH-01**: title`, without the general pattern's work
        if simple:
            rest = text[simple.end():]
            return _tagged(simple.group(1), rest) if rest.startswith("[") else Named(simple.group(1), rest)
        found = _WRAPPED().match(text)
        if found:
            rest = (found.group("rest") or "").strip()
            title = (_SEPARATOR().sub("", rest) + " " + _SEPARATOR().sub("", found.group("after").strip())).strip()
            return _tagged(found.group("id").rstrip("."), title)
        return Named(None, text)
    for pattern in (_LINKED(),) if first == "[" else (_LABEL(), _PLAIN()):
        found = pattern.match(text)
        if found:
            item_id = found.group("id") if found.group("id") else found.group("num")
            return _tagged(item_id, text[found.end():])
    return Named(None, text)


def _tagged(item_id: str, rest: str) -> Named:
    tags = _TAGS().match(rest) if rest.startswith("[") else None
    if not tags:
        return Named(item_id, rest.strip())
    found = tuple(re.findall(r"\[([^\]]+)\]", tags.group(0)))
    return Named(item_id, rest[tags.end():].strip(), found)


def derived_id(title: str) -> str:
    """`#` and a slug of the first words of the title: stable under moves, inserts and heading edits."""
    words = _SLUG_DROP().sub(" ", strip_markup(title).lower()).split()
    slug = "-".join(words[:_SLUG_WORDS])[:60].strip("-")
    return "#" + (slug or "item")


class IdAllocator:
    """Hands out derived IDs for one document; a repeated text gets `-2`, `-3` in order of appearance."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def take(self, title: str) -> str:
        base = derived_id(title)
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


_LOCAL = lazy(r"\d{1,3}(?:\.\d{1,3})*[a-z]?|T\d{2,4}[a-z]?")


def is_local_id(item_id: str) -> bool:
    """IDs every spec folder reuses (`1.1`, `T001`): they name an item within its own document."""
    return _LOCAL().fullmatch(item_id) is not None


def same_scope(item_id: str, a: Item, b: Item) -> bool:
    """Whether two items with this ID are the same item: always, unless the ID is local and the files differ."""
    return a.source.path == b.source.path or not is_local_id(item_id)
