"""`tracker doctor [PATH...] [--fix]`: what makes a document hard to trust or edit; `--fix` repairs mojibake."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

REPORTED = {"mojibake", "mixed-newlines", "ragged-row", "unknown-status"}


def repair_line(line: str) -> tuple[str, int, int]:
    """(line with every losslessly repairable word repaired, words repaired, words left alone)."""
    from tracker.parse.mojibake import encode_like, repair

    if line.isascii():
        return line, 0, 0
    words = line.split(" ")
    fixed = skipped = 0
    for index, word in enumerate(words):
        if word.isascii():
            continue
        repaired, count, codec = repair(word)
        if not count:
            continue
        # Lossless only: re-encoding the repair must give back exactly the bytes we replace.
        if codec and encode_like(codec, repaired) == word:
            words[index] = repaired
            fixed += 1
        else:
            skipped += 1
    return " ".join(words), fixed, skipped


def repair_text(text: str) -> tuple[str, int, list[int]]:
    """(text with lossless repairs, words repaired, 1-based lines that kept unrepairable mojibake)."""
    from tracker.write.lines import LineText

    lines = LineText(text)
    total, left = 0, []
    for number in range(1, len(lines) + 1):
        old = lines.line(number)
        new, fixed, skipped = repair_line(old)
        if fixed:
            lines.set_line(number, new)
            total += fixed
        if skipped:
            left.append(number)
    return lines.text(), total, left


def fix_file(path: Path, rel: str) -> tuple[int, list[int]]:
    from tracker.files import update_file
    from tracker.parse.text import decode

    outcome: list[tuple[int, list[int]]] = []

    def edit(data: bytes) -> bytes:
        text, fixed, left = repair_text(decode(data, rel))
        outcome.append((fixed, left))
        return text.encode("utf-8")

    update_file(path, edit, shown=rel)
    return outcome[-1]


def run(paths: list[str], fix: bool = False) -> int:
    from tracker.project import load_project

    project = load_project(paths or None)
    problems = 0
    for doc in project.documents:
        fixed_here = False
        if fix and doc.mojibake:
            from tracker.files import inside_root

            fixed, left = fix_file(inside_root(project.root, doc.path, doc.path), doc.path)
            fixed_here = not left
            sys.stderr.write(f"{doc.path}: repaired {fixed} mojibake word(s)"
                             + (f"; lines {', '.join(map(str, left))} left as they are (repair would not be lossless)"
                                if left else "") + "\n")
        for note in doc.warnings:
            if note.code not in REPORTED or (note.code == "mojibake" and fixed_here):
                continue
            problems += 1
            message = note.message.removeprefix(f"{note.code}: ")
            sys.stdout.write(f"{doc.path}:{note.line}: {note.code}: {message}\n")
    for item_id, items in project.index().items():
        if len(items) < 2 or "#" in item_id:  # inferred task IDs (heading#n) are not the author's
            continue
        for item in items[1:]:
            problems += 1
            sys.stdout.write(f"{item.location}: duplicate-id: {item_id} is also at {items[0].location}\n")
    for _rel, message in project.errors:
        sys.stderr.write(f"tracker: error: {message}\n")
    if project.errors:
        return EXIT_USAGE
    if not problems:
        sys.stderr.write(f"{len(project.documents)} document(s): nothing to report\n")
    return EXIT_FINDINGS if problems else EXIT_OK
