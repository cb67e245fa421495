"""Set one story's status in a BMAD sprint-status.yaml: only the value after its key changes."""

from __future__ import annotations

from tracker.errors import UsageError
from tracker.model import Status
from tracker.parse.formats.bmad_yaml import WRITE, parse_sprint_status
from tracker.parse.vocabulary import Vocabulary
from tracker.write.lines import LineText
from tracker.write.markdown_edit import Change, Outcome, locate


def edit_sprint_status(text: str, path: str, change: Change, vocab: Vocabulary) -> Outcome:
    doc = parse_sprint_status(text, path, vocab)
    item = locate(doc, change.item_id)
    out = Outcome(text=text, evidence_where="ledger" if change.evidence else "none")
    if change.status is None or item.source.status is None or item.status is change.status:
        return out
    word = WRITE.get(change.status)
    if word is None:
        allowed = ", ".join(s.value for s in WRITE)
        raise UsageError(f"a BMAD sprint-status entry can be {allowed}; not {change.status.value}")
    if change.status is Status.TODO and item.raw_status in ("ready-for-dev", "drafted", "contexted"):
        word = item.raw_status  # already a todo word of the author's choosing
    lines = LineText(text)
    a, b = item.source.status
    lines.replace(item.source.line, a, b, word)
    out.text = lines.text()
    return out
