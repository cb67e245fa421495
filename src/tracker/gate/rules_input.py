"""TRK0xx: input the rules cannot trust — unknown statuses, duplicate IDs, ragged rows, mojibake, unreadable files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.parse.task_ids import same_scope
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext
    from tracker.model import Project
    from tracker.source import Source

UNKNOWN_STATUS = register(Rule(
    "TRK001", "unknown-status", "error",
    "A status cell holds a word the status vocabulary does not recognise.",
    "An unrecognised status is read as `todo`, so a row the author thinks is finished silently counts as open "
    "(or the reverse), and every rule that depends on `done` judges the wrong thing.",
    "| WS1-004 | Ship the importer | finito | -- `finito` is not a status word",
    "Use a canonical status (todo, in_progress, blocked, paused, done, dropped) or a known synonym, or add the "
    "word under `statuses:` in tracker.yaml.",
    scope="item",
))
DUPLICATE_ID = register(Rule(
    "TRK002", "duplicate-id", "error",
    "The same item ID appears more than once in the project.",
    "Commands that address an item by ID (`close`, `set`, dependencies, gates) cannot tell which row is meant.",
    "| WS1-004 | ... | done |  and later  | WS1-004 | ... | todo |",
    "Give each item its own ID; if one row continues another, refer to it instead of repeating its ID.",
    scope="item",
))
RAGGED_ROW = register(Rule(
    "TRK003", "ragged-row", "warning",
    "A table row has a different number of cells than its header.",
    "A missing or extra `|` shifts cells into the wrong columns, so a status or evidence cell may be read "
    "from the wrong place.",
    "| A-1 | title | done |   under a four-column header",
    "Make every row have exactly as many cells as the header (escape literal pipes as `\\|`).",
    scope="document",
))
MOJIBAKE = register(Rule(
    "TRK004", "mojibake", "warning",
    "The document holds UTF-8 text that was decoded with another encoding and saved again (e.g. `‚úÖ` for `✅`).",
    "Statuses are still read as intended, but humans and other tools see garbage, and edits risk mixing "
    "encodings further.",
    "| A-1 | title | ‚úÖ COMPLETE |",
    "Run `tracker doctor --fix`, which repairs it losslessly, or re-save the file as UTF-8.",
    scope="document",
))
UNREADABLE_FILE = register(Rule(
    "TRK005", "unreadable-file", "error",
    "A tracker file (or the closure ledger) could not be read or parsed.",
    "Nothing in an unreadable file is checked, so its done claims would pass unseen.",
    "trackers/plan.yaml: invalid YAML: mapping values are not allowed here",
    "Fix the file at the location the message names (encoding, YAML syntax, schema).",
    scope="document",
))

ITEM_UNREAD = register(Rule(
    "TRK006", "item-unread", "error",
    "An item the base revision tracked is no longer read, although its ID is still in the file (or the file "
    "still exists): the change made its table or list stop being a tracker (a renamed Status header, a table "
    "wrapped in an HTML comment, statuses turned into words the vocabulary does not know, a file the globs "
    "no longer find). Reported by `tracker check --base` and the hook.",
    "What the tool cannot read it cannot judge: a done claim in a table that stopped parsing would pass unseen.",
    "| ID | Task | State |  -- the `Status` header renamed: WS1-007 (done, no evidence) is no longer read",
    "Restore the table's shape (a Status column with known status words, outside comments and fences); to "
    "retire an item, delete its row.",
    scope="change",
))


def items_unread(ctx: CheckContext, base: Project | None, new_source: Source,
                 deleted_files_too: bool = True) -> list[Finding]:
    """TRK006 for every item `base` (the project at the base, or HEAD) read that `ctx.project` no longer reads,
    while the file that held it is still there and still names it, or (`deleted_files_too`) is gone: a
    tracker renamed out of the globs hides its claims as well as a broken table does."""
    import re

    if base is None or not ctx.enabled("TRK006"):
        return []
    now = {item.id for item in ctx.items}
    findings: list[Finding] = []
    texts: dict[str, str | None] = {}
    for item in base.items:
        if item.id in now or "#" in item.id:  # inferred task IDs (heading#n) move with their heading
            continue
        path = item.source.path
        if path not in texts:
            data = new_source.read(path)
            texts[path] = None if data is None else data.decode("utf-8", "replace")
        text = texts[path]
        if text is None:
            if deleted_files_too:
                findings.append(ctx.finding(
                    "TRK006", f"{item.id} ({item.status.value} at {base.source.name if base.source else 'the base'})"
                              f" is no longer read: {path} was deleted or renamed out of the trackers' globs",
                    "move its rows into a tracker (or delete the rows first); retiring a whole tracker is a policy "
                    "change: merge it with --allow-policy-change once a reviewer approved", item=item.id, path=path))
            continue
        found = re.search(r"(?<![\w-])" + re.escape(item.id) + r"(?![\w-])", text)
        if found is None and any(doc.path == path for doc in ctx.project.documents):
            continue  # the row was deleted from a document that is still read
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        findings.append(ctx.finding(
            "TRK006", f"{item.id} ({item.status.value} at {base.source.name if base.source else 'the base'}) is "
                      f"no longer read from {path}: its table or list stopped being a tracker",
            "restore the table's Status header, known status words, and keep it outside comments and fences",
            item=item.id, path=path, line=line))
    return findings


def check(ctx: CheckContext) -> Iterable[Finding]:
    for path, message in ctx.project.errors:
        yield ctx.finding("TRK005", message, "fix the file so it can be parsed, then run `tracker check` again",
                          path=path)
    ledger = ctx.config.ledger
    ctx.ledger  # noqa: B018 - reading it fills ctx.ledger_problems
    for line, message in ctx.ledger_problems:
        yield ctx.finding("TRK005", f"ledger line skipped: {message}",
                          "repair or delete that line; records are appended by `tracker close` and `tracker set`",
                          path=ledger if line else "tracker.yaml", line=line or None)
    for doc in ctx.project.documents:
        for note in doc.warnings:
            if note.code == "ragged-row":
                yield ctx.finding("TRK003", note.message, "make the row have as many cells as the header",
                                  path=doc.path, line=note.line)
            elif note.code == "mojibake":
                yield ctx.finding("TRK004", note.message, f"tracker doctor --fix {shell_word(doc.path)}", path=doc.path,
                                  line=note.line)
    vocabulary = "todo, in_progress, blocked, paused, done, dropped"
    for item in ctx.items:
        if not item.recognized:
            yield ctx.finding("TRK001", f"{item.id}: status {item.raw_status!r} is not a known status word",
                              f"write one of: {vocabulary}; or add it under `statuses:` in tracker.yaml", item=item)
    for item_id, items in ctx.index.items():
        if len(items) < 2 or "#" in item_id:  # derived task IDs (#slug) are not author IDs
            continue
        first = items[0]
        for item in items[1:]:
            if not same_scope(item_id, first, item):
                continue
            yield ctx.finding("TRK002", f"{item_id} is also defined at {first.location}",
                              "give this item its own ID", item=item)
