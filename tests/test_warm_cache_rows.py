"""tracker.cache's column encoding of a document's rows (_Rows): a parsed document comes back equal, field by field,
and an entry whose columns do not fit its class is a miss, never a half-built document."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle

from tracker import cache
from tracker.model import Document, Item, Status
from tracker.model.item import Dependency, Span


def _document(rows: int) -> Document:
    items = tuple(
        Item(id=f"T-{n}", title=f"row {n}", status=Status.DONE if n % 3 else Status.TODO, raw_status="done",
             kind="row", evidence=(f"evidence/t-{n}.md",) if n % 2 else (),
             dependencies=(Dependency(f"T-{n - 1}", "column"),) if n else (),
             date=dt.date(2026, 1, 1 + n % 28) if n % 5 == 0 else None, notes=None if n % 4 else "a note",
             source=Span("plan.md", 10 + n, status=(3, 7), evidence=(8, 20) if n % 2 else None))
        for n in range(rows))
    return Document(path="plan.md", format="markdown", items=items, section_evidence={"s": ("e.md",)})


class _Forged:
    """Pickles as a call of _rebuild_rows with the given arguments (what a damaged or foreign entry could hold)."""

    def __init__(self, args: tuple[object, ...]):
        self.args = args

    def __reduce__(self) -> tuple[object, ...]:
        return cache._rebuild_rows, self.args


def _payload(document: Document) -> bytes:
    return cache._pack(document)[len(cache.MAGIC) + 32:]


def test_a_document_of_many_rows_comes_back_equal_field_by_field() -> None:
    document = _document(3 * cache.COLUMNS_FROM)
    payload = _payload(document)
    assert b"_rebuild_rows" in payload  # its items (and their spans) went by column
    again = pickle.loads(payload)
    assert again == document
    for old, new in zip(document.items, again.items, strict=True):
        assert type(new) is Item and type(new.source) is Span and new.status is old.status
        assert new.dependencies == old.dependencies and new.date == old.date


def test_a_few_rows_go_object_by_object() -> None:
    document = _document(cache.COLUMNS_FROM - 1)
    payload = _payload(document)
    assert b"_rebuild_rows" not in payload and pickle.loads(payload) == document


def test_columns_that_do_not_fit_their_class_are_a_miss(tmp_path) -> None:
    rows = cache._rebuild_rows
    good = cache._Rows(Span, tuple(Span("p.md", n) for n in range(cache.COLUMNS_FROM))).reduce()[1]
    cls, count, columns = good
    assert rows(cls, count, columns) == tuple(Span("p.md", n) for n in range(cache.COLUMNS_FROM))
    for bad in ((cls, count + 1, columns), (cls, count, columns[:-1]), (cls, count, (*columns[:-1], ()))):
        try:
            rows(*bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad[1:2]} rebuilt rows that do not fit")
    # Through the cache's own reader: an entry whose digest matches but whose columns are short is no document.
    payload = pickle.dumps(_Forged((cls, count + 1, columns)))
    path = tmp_path / "entry"
    path.write_bytes(cache.MAGIC + hashlib.sha256(payload).digest() + payload)
    assert cache._unpack(path) is None
