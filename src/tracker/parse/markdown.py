"""Turn a Markdown tracker into a Document: tracker tables, task lists, evidence lines, gates, claims."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from tracker.model import Claim, Document, Item, Note, Section, Tally
from tracker.parse.claims import claims_in, tallies_in
from tracker.parse.collector import collector_paused
from tracker.parse.draft import Draft
from tracker.parse.evidence_text import paths_in
from tracker.parse.formats import Dialect, choose
from tracker.parse.formats.extras import Page
from tracker.parse.mojibake import repair
from tracker.parse.progress_text import Progress, progress_in, stale_progress
from tracker.parse.regions import view_names
from tracker.parse.scanner import Scan, scan
from tracker.parse.tables import read_table
from tracker.parse.task_ids import IdAllocator
from tracker.parse.tasks import read_tasks
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import DEFAULT, Vocabulary, strip_markup

_GATE_HEADING = re.compile(r"(?i)\b(hard gates?|gating rules?|gates?)\b")
_EVIDENCE_LINE = re.compile(r"(?i)^\s*(?:[-*+]\s+)?(?:\*\*|__)?evidence(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.+)$")


def slugify(text: str) -> str:
    text = strip_markup(text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r" ", "-", text.strip())


def parse_markdown(text: str, path: str, vocab: Vocabulary = DEFAULT, id_headers: tuple[str, ...] = (),
                   fmt: str | None = None, detail: Callable[[str], bool] | None = None) -> Document:
    """`fmt` forces a format family (tracker.yaml `formats:`); else it is chosen by path and content.
    `detail`: read in full only the table rows whose ID it accepts (tables.read_table)."""
    with collector_paused():
        return _parse_markdown(text, path, vocab, id_headers, fmt, detail)


def _parse_markdown(text: str, path: str, vocab: Vocabulary, id_headers: tuple[str, ...],
                    fmt: str | None, detail: Callable[[str], bool] | None) -> Document:
    lines, newline, bom, mixed = split_lines(text)
    dialect = choose(path, text, fmt)
    doc = Draft(path)
    if mixed:
        doc.warnings.append(Note(line=mixed, code="mixed-newlines",
                                       message="mixed line endings (LF and CRLF); `tracker doctor` reports them"))
    if not text.isascii():
        _flag_mojibake(doc, lines)
    found = scan(lines)
    heading_at = _heading_paths(doc, found)
    if dialect.extra is not None:
        detail = None  # a format's own reader may build its items from the table rows: read them in full
    for table in found.tables:
        read_table(doc, table, vocab, id_headers, detail)
    _read_tasks(doc, found, lines, heading_at, vocab, dialect)
    _read_prose(doc, found, lines, heading_at, vocab)
    return Document(
        path=path, format="markdown", newline=newline, bom=bom, mojibake=doc.mojibake,
        items=tuple(doc.items), sections=tuple(doc.sections), warnings=tuple(doc.warnings),
        gate_text=tuple(doc.gate_text), claims=tuple(doc.claims), tallies=tuple(doc.tallies),
        section_evidence={slug: tuple(paths) for slug, paths in doc.section_evidence.items()},
        declared_evidence=doc.declared_evidence, summaries=tuple(doc.summaries), views=frozenset(view_names(text)),
    )


def _flag_mojibake(doc: Draft, lines: list[str]) -> None:
    # Line by line, skipping ASCII lines: a large table's few non-ASCII rows cost only themselves
    # (a pass over the whole text first cost 0.35 s on a 29 MB document).
    total, first, codec = 0, 0, None
    for index, line in enumerate(lines):
        if line.isascii():
            continue
        _, count, found_codec = repair(line)
        if count:
            total += count
            first = first or index + 1
            codec = codec or found_codec
    if total:
        doc.mojibake = True
        doc.warnings.append(Note(
            line=first, code="mojibake",
            message=(f"mojibake: {total} UTF-8 sequence(s) were decoded as {codec} and saved again "
                     f"(e.g. '‚úÖ' for '✅'); statuses are read as intended; `tracker doctor --fix` "
                     f"repairs them losslessly"),
        ))


def _heading_paths(doc: Draft, found: Scan) -> dict[int, tuple[str, str]]:
    """For every heading line: (heading path 'A > B', slug of the innermost heading)."""
    stack: list[tuple[int, str]] = []
    paths: dict[int, tuple[str, str]] = {}
    for heading in found.headings:
        title = heading.text
        if not title.isascii():
            title = repair(title)[0]
        title = strip_markup(title)
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        stack.append((heading.level, title))
        slug = slugify(title)
        doc.sections.append(Section(title=title, level=heading.level, line=heading.line + 1, slug=slug))
        paths[heading.line] = (" > ".join(t for _, t in stack), slug)
    return paths


def _read_tasks(doc: Draft, found: Scan, lines: list[str], heading_at: dict[int, tuple[str, str]],
               vocab: Vocabulary, dialect: Dialect) -> None:
    ids = IdAllocator()
    items, notes = read_tasks(doc.path, found, lines, heading_at, dialect, ids)
    doc.items.extend(items)
    doc.warnings.extend(notes)
    if dialect.extra is not None:
        extras = dialect.extra(Page(doc.path, lines, found, vocab, list(doc.items), ids, heading_at))
        # An added item on a dropped item's line replaces it in place; other drops are removed.
        instead = {item.source.line: item for item in extras.items if item.source.line in extras.drop}
        doc.items = [instead.get(item.source.line, item) for item in doc.items
                     if item.source.line not in extras.drop or item.source.line in instead]
        doc.items.extend(item for item in extras.items if item.source.line not in instead)
        doc.claims.extend(extras.claims)
        doc.warnings.extend(extras.notes)
        doc.declared_evidence.update(extras.declared)
        doc.summaries.extend(extras.summaries)


def _read_prose(doc: Draft, found: Scan, lines: list[str], heading_at: dict[int, tuple[str, str]],
                vocab: Vocabulary) -> None:
    tasks_by_line = {item.source.line - 1: item for item in doc.items if item.kind == "check"}
    task_spans = sorted((item.source.line - 1, (item.source.end_line or item.source.line) - 1, item)
                        for item in tasks_by_line.values())
    # Task blocks nest or are disjoint, so the first block (by start) holding a line is the
    # top-level block around it; lines only increase, so one pointer finds it (was O(tasks) per line).
    roots: list[tuple[int, int, Item]] = []
    for span in task_spans:
        if not roots or span[0] > roots[-1][1]:
            roots.append(span)
    root_at = 0
    gate_level: int | None = None
    gate_lines: list[str] = []
    headings = {h.line: h for h in found.headings}
    prose = set(found.prose)
    current_slug: str | None = None
    current_path: str | None = None
    progress: list[Progress] = []
    last_tally_line = -2
    task_evidence: dict[int, list[str]] = {}  # task line -> its evidence, given to the item at the end
    for index in range(len(lines)):
        heading = headings.get(index)
        if heading is not None:
            if gate_level is not None and heading.level <= gate_level:
                doc.gate_text.append("\n".join(gate_lines).strip())
                gate_level, gate_lines = None, []
            current_path, current_slug = heading_at[index]
            title = heading_at[index][0].split(" > ")[-1]
            if _GATE_HEADING.search(title):
                gate_level, gate_lines = heading.level, [title]
            continue
        if index not in prose:
            continue
        line = lines[index]
        if gate_level is not None:
            gate_lines.append(line)
        evidence = _EVIDENCE_LINE.match(line)
        if evidence:
            while root_at < len(roots) and roots[root_at][1] < index:
                root_at += 1
            owner = roots[root_at][2] if root_at < len(roots) and roots[root_at][0] < index else None
            paths = paths_in(evidence.group(1), explicit=True)
            if owner is not None:
                owned = task_evidence.setdefault(owner.source.line, list(owner.evidence))
                owned.extend(p for p in paths if p not in owned)
            elif current_slug:
                doc.section_evidence.setdefault(current_slug, []).extend(paths)
            continue
        typed = progress_in(line, index + 1, current_path)
        if typed is not None:
            progress.append(typed)
        for candidate, status, text in claims_in(line, vocab):
            doc.claims.append(Claim(id=candidate, status=status, line=index + 1, text=text[:200]))
        counts = tallies_in(line)
        if counts:
            last = doc.tallies[-1] if doc.tallies else None
            if last is not None and last_tally_line == index - 1:
                # Consecutive lines ("- done=40" / "- blocked=2") are one block of counts.
                doc.tallies[-1] = Tally(line=last.line, counts={**last.counts, **counts},
                                        text=(last.text + " " + line.strip())[:200])
            else:
                doc.tallies.append(Tally(line=index + 1, counts=counts, text=line.strip()[:200]))
            last_tally_line = index
    if gate_level is not None:
        doc.gate_text.append("\n".join(gate_lines).strip())
    if progress and doc.summaries:  # the format counts these across files (parse.formats.gsd_counts)
        progress = [p for p in progress if p.line not in {s.line for s in doc.summaries}]
    if progress and doc.items:
        doc.warnings.extend(stale_progress(progress, doc.items))
    if task_evidence:
        doc.items = [replace(item, evidence=tuple(task_evidence[item.source.line]))
                     if item.kind == "check" and item.source.line in task_evidence else item for item in doc.items]
