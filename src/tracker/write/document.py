"""Apply one item's change to its document file: under the lock, on the fresh text, re-located by ID."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import InputError
from tracker.model import Item, Project, Status
from tracker.parse.text import decode
from tracker.write.atomic import update_file
from tracker.write.markdown_edit import Change, Outcome, edit_markdown
from tracker.write.yaml_edit import edit_yaml

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Written:
    evidence_where: str = "none"
    changed: bool = False
    warnings: list[str] = field(default_factory=list)


def document_path(project: Project, rel: str) -> Path:
    path = Path(rel)
    return path if path.is_absolute() else project.root / path


def edit_text(text: str, rel: str, item: Item, change: Change, project: Project | None) -> Outcome:
    from tracker.project import vocabulary_for

    config = project.config if project is not None else None
    if config is not None:
        vocab = vocabulary_for(config)
        id_headers = tuple(config.id_columns)
    else:
        from tracker.parse.vocabulary import DEFAULT

        vocab, id_headers = DEFAULT, ()
    if rel.lower().endswith(YAML_SUFFIXES):
        return edit_yaml(text, rel, change, vocab)
    loaded = None
    if project is not None:
        doc = next((d for d in project.documents if d.path == rel), None)
        loaded = (doc, item) if doc is not None else None
    return edit_markdown(text, rel, change, vocab, id_headers, expected_line=item.source.line, loaded=loaded)


def edit_document(project: Project, item: Item, status: Status | None, evidence: list[str], note: str | None,
                  today: dt.date) -> Written:
    rel = item.source.path
    path = document_path(project, rel)
    change = Change(item.id, status, list(evidence), note, today)
    result = Written()

    def edit(data: bytes) -> bytes:
        text = decode(data, rel)
        outcome = edit_text(text, rel, item, change, project)
        result.evidence_where = outcome.evidence_where
        result.warnings = outcome.warnings
        if outcome.moved_from is not None:
            result.warnings.append(f"{item.id} moved from line {outcome.moved_from} to another line since it was "
                                   "read; the edit was re-located by its ID")
        return outcome.text.encode("utf-8")

    if not path.is_file():
        raise InputError("no such file (it was removed since it was read)", rel)
    result.changed = update_file(path, edit)
    return result
