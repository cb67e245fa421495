"""One item's change applied to its document's text (pure): the status cell or checkbox, evidence, a note."""

from __future__ import annotations

from tracker.model import Document, Item
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.write.markdown_edit import Change, Outcome, edit_markdown
from tracker.write.yaml_edit import edit_yaml

YAML_SUFFIXES = (".yaml", ".yml")


def edit_text(text: str, rel: str, item: Item, change: Change, vocab: Vocabulary = DEFAULT,
              id_headers: tuple[str, ...] = (), loaded: Document | None = None) -> Outcome:
    """The document's new text with `change` applied to the item, re-located by ID if it moved since `loaded`."""
    if rel.lower().endswith(YAML_SUFFIXES):
        return edit_yaml(text, rel, change, vocab)
    return edit_markdown(text, rel, change, vocab, id_headers, expected_line=item.source.line,
                         loaded=(loaded, item) if loaded is not None else None)
