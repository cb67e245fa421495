"""YAML trackers: schema, statuses, lines, errors at file:line, and the JSON Schema."""

import pytest

from tracker.errors import InputError
from tracker.model import Status
from tracker.parse.yaml_tracker import parse_yaml, schema


def test_items_and_lines(fixtures):
    doc = parse_yaml((fixtures / "roadmap.yaml").read_text(), "roadmap.yaml")
    assert [(i.id, i.status, i.kind) for i in doc.items] == [
        ("TL-1", Status.DONE, "yaml"), ("TL-2", Status.IN_PROGRESS, "yaml"), ("TL-3", Status.TODO, "yaml")]
    assert doc.items[0].evidence == ("evidence/tl-1.md",)
    assert doc.items[1].due == "2026-01-10"
    assert [n.line for n in doc.warnings if n.code == "unknown-status"] == [14]


def test_schema_error_names_the_line():
    text = "items:\n  - id: A\n    status: done\n  - id: B\n    statu: done\n"
    with pytest.raises(InputError) as err:
        parse_yaml(text, "bad.yaml")
    assert err.value.path == "bad.yaml" and err.value.line in (4, 5)
    assert "statu" in err.value.message


def test_invalid_yaml_names_the_line():
    with pytest.raises(InputError) as err:
        parse_yaml("items:\n  - id: [unclosed\n", "broken.yaml")
    assert err.value.line is not None


def test_json_schema_is_valid_and_describes_items():
    jsonschema = pytest.importorskip("jsonschema")
    doc_schema = schema()
    jsonschema.Draft202012Validator.check_schema(doc_schema)
    jsonschema.validate({"items": [{"id": "A", "status": "done"}]}, doc_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"items": [{"id": "A", "status": "done", "bogus": 1}]}, doc_schema)
