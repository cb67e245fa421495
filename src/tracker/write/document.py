"""One item's change applied to its document's text (pure): the status cell or checkbox, evidence, a note."""

from __future__ import annotations

from tracker.model import Document, Item
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.write.markdown_edit import Change, Outcome, edit_markdown

YAML_SUFFIXES = (".yaml", ".yml")


def edit_text(text: str, rel: str, item: Item, change: Change, vocab: Vocabulary = DEFAULT,
              id_headers: tuple[str, ...] = (), loaded: Document | None = None, fmt: str | None = None) -> Outcome:
    """The document's new text with `change` applied to the item, re-located by ID if it moved since `loaded`.

    `fmt` is the format tracker.yaml forces on the file (None: detected from its path and content).
    """
    if rel.lower().endswith(YAML_SUFFIXES):
        from tracker.parse.formats.yaml_family import is_sprint_status

        if is_sprint_status(rel, text, fmt):
            from tracker.write.sprint_status import edit_sprint_status

            return edit_sprint_status(text, rel, change, vocab)
        from tracker.write.yaml_edit import edit_yaml

        return edit_yaml(text, rel, change, vocab)
    return edit_markdown(text, rel, change, vocab, id_headers, expected_line=item.source.line,
                         loaded=(loaded, item) if loaded is not None else None, fmt=fmt)
