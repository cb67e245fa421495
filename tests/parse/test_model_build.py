"""The internal models are frozen, slotted dataclasses: keyword construction, copies by `replace`, pickle round-trips."""

import dataclasses
import datetime as dt
import pickle
from pathlib import Path

import pytest

from tracker.config import Config
from tracker.model import Claim, Dependency, Document, Item, Note, Project, Section, Span, Status, Tally
from tracker.parse.dependencies import attach_section_evidence, resolve
from tracker.source import WorktreeSource


def _item(item_id: str = "A-1", **values: object) -> Item:
    return Item(id=item_id, status=Status.TODO, kind="row", source=Span(path="p.md", line=3), **values)


def test_models_are_frozen_and_slotted():
    item = _item()
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.status = Status.DONE  # type: ignore[misc]
    for model in (item, item.source, Dependency(id="A", origin="column"), Note(line=1, code="c", message="m"),
                  Section(title="t", level=1, line=1, slug="t"), Document(path="d.md", format="markdown")):
        assert not hasattr(model, "__dict__"), type(model)


def test_item_fields_are_keyword_only_with_immutable_defaults():
    with pytest.raises(TypeError):
        Item("A", "t", Status.TODO)  # type: ignore[misc]
    item = _item()
    assert (item.evidence, item.dependencies, item.dep_text, item.prose_text) == ((), (), (), ())
    assert item.title == "" and item.optional is False and item.recognized is True and item.date is None


def test_replace_copies_without_touching_the_original():
    item = _item(evidence=("e.md",), dependencies=(Dependency(id="A-0", origin="column"),), date=dt.date(2026, 1, 2))
    done = dataclasses.replace(item, status=Status.DONE, evidence=(*item.evidence, "f.md"))
    assert (item.status, item.evidence) == (Status.TODO, ("e.md",))
    assert (done.status, done.evidence, done.depends_on) == (Status.DONE, ("e.md", "f.md"), ["A-0"])
    assert done.location == "p.md:3"


def test_documents_pickle_round_trip():
    doc = Document(path="d.md", format="markdown", items=(_item(),), warnings=(Note(line=1, code="c", message="m"),),
                   claims=(Claim(id="A", status=Status.DONE, line=2, text="A -> done"),),
                   tallies=(Tally(line=4, counts={"done": 1}, text="done=1"),), section_evidence={"a": ("x.md",)})
    assert pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)) == doc
    assert doc.counts()["todo"] == 1


def test_resolve_and_section_evidence_build_new_items_and_keep_unchanged_ones():
    plain, target = _item("B-1"), _item("A-1", dep_text=("B-1",), evidence=("a.md",))
    resolved = resolve([plain, target])
    assert resolved[0] is plain and target.dependencies == ()
    assert resolved[1].dependencies == (Dependency(id="B-1", origin="column"),)
    attached = attach_section_evidence(resolved, {"a-1-rollout": ("a.md", "b.md", "b.md")})
    assert attached[0] is plain and attached[1].evidence == ("a.md", "b.md")
    assert resolved[1].evidence == ("a.md",)


def test_project_types_its_config_and_source():
    root = Path(".")
    project = Project(root=root, config=Config(), source=WorktreeSource(root), documents=(
        Document(path="d.md", format="markdown", items=(_item("A"), _item("A"))),))
    assert project.config.ledger == "evidence/ledger.jsonl" and project.source.name == "worktree"
    assert [i.id for i in project.items] == ["A", "A"] and len(project.index()["A"]) == 2
