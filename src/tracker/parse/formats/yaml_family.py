"""Which reader a YAML or JSON file gets: BMAD's sprint status, Kiro's status sidecar, a tracker (`items:`), or none
(a warning, skipped)."""

from __future__ import annotations

import re

from tracker.model import Document, Note
from tracker.parse.formats.detect import detect, is_kiro_sidecar
from tracker.parse.formats.bmad_yaml import parse_sprint_status
from tracker.parse.text import split_lines
from tracker.parse.vocabulary import Vocabulary

_ITEMS_KEY = re.compile(r"""(?m)^(?:items|"items"|'items')\s*:|"items"\s*:""")
_CONTENT = re.compile(r"(?m)^[ \t]*[^\s#]")


def is_sprint_status(path: str, text: str, fmt: str | None = None) -> bool:
    return fmt == "bmad" or (fmt is None and detect(path, text[:20000]) == "bmad")


def parse_yaml_family(text: str, path: str, vocab: Vocabulary, fmt: str | None = None) -> Document:
    if is_sprint_status(path, text, fmt):
        return parse_sprint_status(text, path, vocab)
    if is_kiro_sidecar(path) and fmt in (None, "kiro"):
        from tracker.parse.formats.kiro_sidecar import parse_tasks_meta

        return parse_tasks_meta(text, path, vocab)
    if _ITEMS_KEY.search(text) or not _CONTENT.search(text):
        from tracker.parse.yaml_tracker import parse_yaml

        return parse_yaml(text, path, vocab)
    _, newline, bom, _ = split_lines(text)
    # Fail closed: skipped only once it reads as YAML; a syntax error or an alias bomb stays an input error.
    from tracker.parse.yaml_reader import read_yaml

    read_yaml(text[1:] if bom else text, path)
    note = Note(line=1, code="not-a-tracker",
                      message="YAML without `items:` (nor a BMAD `development_status:`) is not a tracker; skipped")
    return Document(path=path, format="yaml", newline=newline, bom=bom, warnings=(note,))
