"""`Model.build` (the parsers' fast constructor) gives the same models as validated construction."""

import datetime as dt

from tracker.model import Claim, Dependency, Document, Item, Note, Span, Status


def test_item_build_equals_validated_item():
    values = dict(id="A-1", title="t", status=Status.DONE, raw_status="done", kind="row",
                  evidence=["e.md"], dependencies=[Dependency(id="A-0", origin="column")],
                  date=dt.date(2026, 1, 2), source=Span(path="p.md", line=3, status=(1, 5)))
    built, validated = Item.build(**values), Item(**values)
    assert built == validated
    assert built.model_dump() == validated.model_dump()
    assert built.depends_on == ["A-0"] and built.optional is False and built.dep_text == []


def test_defaults_are_fresh_per_instance():
    first, second = Item.build(id="A", status=Status.TODO, kind="row", source=Span.build(path="p", line=1)), \
        Item.build(id="B", status=Status.TODO, kind="row", source=Span.build(path="p", line=2))
    first.evidence.append("x.md")
    assert second.evidence == []
    assert Span.build(path="p", line=2) == Span(path="p", line=2)


def test_documents_and_notes():
    doc = Document.build(path="d.md", format="markdown")
    doc.warnings.append(Note.build(line=1, code="c", message="m"))
    doc.claims.append(Claim.build(id="A", status=Status.DONE, line=2, text="A -> done"))
    assert doc == Document(path="d.md", format="markdown", warnings=[Note(line=1, code="c", message="m")],
                           claims=[Claim(id="A", status=Status.DONE, line=2, text="A -> done")])
