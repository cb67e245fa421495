"""Evidence text for a cell or a line: the style and separator the document already uses, no duplicates."""

from __future__ import annotations

from collections.abc import Iterable

import posixpath

from tracker.parse.evidence_text import paths_in, paths_in_notes

_EMPTY = {"", "-", "—", "–", "n/a", "na", "none", "tbd", "todo", "pending", "missing", "?"}
_SEPARATORS = ("<br>", "<br/>", "<br />", "; ", ", ", " + ", " · ")


def style_of(samples: list[str]) -> tuple[str, str]:
    """(form, separator) seen in existing evidence text: form is code, link or bare."""
    form, sep = "", ""
    for sample in samples:
        if not paths_in(sample, explicit=True):
            continue
        if not form:
            form = "link" if "](" in sample else "code" if "`" in sample else "bare"
        if not sep and len(paths_in(sample, explicit=True)) > 1:
            sep = next((s for s in _SEPARATORS if s in sample), " ")
        if form and sep:
            break
    return form or "code", sep or ", "


def formatted(path: str, form: str) -> str:
    if form == "link":
        target = f"<{path}>" if " " in path else path
        text = posixpath.basename(path.rstrip("/")) or path
        return f"[{text}]({target})"
    if form == "bare" and " " not in path:
        return path
    return f"`{path}`"


def _escape(text: str) -> str:
    # Inside a table a bare pipe would end the cell.
    return text.replace("|", "\\|")


def is_empty(cell: str) -> bool:
    return cell.strip().strip("*_").strip().lower() in _EMPTY


def without(cell: str, dead: Iterable[str]) -> str:
    """The cell with the entries that name only `dead` paths removed (the rest kept as written)."""
    gone = set(dead)
    if not gone or not gone & set(paths_in(cell.replace("\\|", "|"))):
        return cell
    _, sep = style_of([cell])

    def only_dead(part: str) -> bool:
        named = set(paths_in(part.replace("\\|", "|")))
        return bool(named) and named <= gone

    kept = [part.strip() for part in cell.split(sep.strip() or sep) if not only_dead(part)]
    return sep.join(part for part in kept if part)


def evidence_cell(cell: str, paths: list[str], samples: list[str], dead: Iterable[str] = ()) -> str:
    """The evidence cell with `paths` added and the entries naming only `dead` paths removed (raw cell text in,
    raw cell text out): a close can replace a dead link."""
    form, sep = style_of([cell, *samples])  # the style as written, before a dead entry goes
    cell = without(cell, dead)
    existing = paths_in(cell.replace("\\|", "|"), explicit=True)
    new = _unique(p for p in paths if p not in existing)
    if not new:
        return cell
    added = sep.join(_escape(formatted(p, form)) for p in new)
    if is_empty(cell) and not existing:
        return added
    return cell + sep + added


def notes_cell(cell: str, paths: list[str]) -> str:
    """A Notes/Details/Comments cell with `evidence: `PATH`` appended."""
    existing = paths_in_notes(cell.replace("\\|", "|"))
    new = _unique(p for p in paths if p not in existing)
    if not new:
        return cell
    added = "evidence: " + ", ".join(_escape(formatted(p, "code")) for p in new)
    if is_empty(cell):
        return added
    return cell.rstrip(" ;") + "; " + added


def evidence_line_tail(line: str, paths: list[str]) -> str:
    """An existing `Evidence:` line with `paths` appended in its own style."""
    existing = paths_in(line.split(":", 1)[1], explicit=True) if ":" in line else []
    new = _unique(p for p in paths if p not in existing)
    if not new:
        return line
    form, sep = style_of([line.split(":", 1)[1]])
    return line.rstrip() + sep + sep.join(formatted(p, form) for p in new)


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
