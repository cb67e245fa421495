"""Cline / Roo Code memory banks: memory-bank/progress.md, status emoji at the start of bullets.

    ## What works
    - ✅ CLI parses every subcommand
    - 🚧 Parallel downloads
    - ⬜ Resume after a crash

Each emoji bullet is an item: the emoji is its status (the vocabulary's emoji: ✅ done,
🚧/🔄 in progress, ⬜/⏳ todo, ⛔ blocked, ⏸ paused), its words are its title and ID.
Checkbox bullets are read as task lists.
"""

from __future__ import annotations

import re

from tracker.model import Item, Span
from tracker.parse.formats.dialect import Dialect
from tracker.parse.formats.extras import Extras, Page
from tracker.parse.task_ids import native_id
from tracker.parse.vocabulary import strip_markup

_BULLET = re.compile(r"^(\s*)[-*+]\s+(?=\S)")


def emoji_bullets(page: Page) -> Extras:
    out = Extras()
    emoji = sorted(page.vocab.emoji, key=len, reverse=True)
    for index in page.scan.prose:
        line = page.lines[index]
        bullet = _BULLET.match(line)
        if not bullet:
            continue
        start = bullet.end()
        mark = next((e for e in emoji if line.startswith(e, start)), None)
        if mark is None:
            continue
        end = start + len(mark)
        while end < len(line) and line[end] in "\ufe0e\ufe0f":
            end += 1
        text = line[end:].strip()
        named = native_id(text)
        title = named.title if named.id else text
        item_id = named.id or page.ids.take(title)
        heading = page.heading_of(index)
        # The bullet's block: the lines indented under it (its `Evidence:` line, notes).
        indent, last = len(bullet.group(1)), index
        while last + 1 < len(page.lines) and page.lines[last + 1].strip() and \
                len(page.lines[last + 1]) - len(page.lines[last + 1].lstrip()) > indent:
            last += 1
        out.items.append(Item(
            id=item_id, title=strip_markup(title), status=page.vocab.emoji[mark], raw_status=line[start:end],
            kind="check", group=heading, parent=heading,
            source=Span(path=page.path, line=index + 1, status=(start, end), end_line=last + 1),
            prose_text=(text,),
        ))
    return out


DIALECT = Dialect("memory-bank", emoji_bullets=True, extra=emoji_bullets)

