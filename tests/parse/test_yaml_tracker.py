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


# (as written in the file, what the one YAML reading returns): YAML 1.2, no implicit typing.
TRICKY = [
    ("010", "010"), ("0o10", "0o10"), ("0x1F", "0x1F"), ("1_000", "1_000"), ("1e3", "1e3"), (".inf", ".inf"),
    ("on", "on"), ("off", "off"), ("yes", "yes"), ("no", "no"), ("y", "y"), ("n", "n"), ("True", "True"),
    ("2026-01-02", "2026-01-02"), ("12:30", "12:30"), ("''", ""), ('"quoted"', "quoted"), ("'it''s'", "it's"),
    ("first\n      second", "first second"), ("|-\n      two\n      lines", "two\nlines"),
]


@pytest.fixture(params=["c", "pure"])
def yaml_parser(request, monkeypatch):
    """Every test using this runs with libyaml (ruamel.yaml.clib) and with the pure-Python parser."""
    from tracker.parse import yaml_reader

    if request.param == "c" and not yaml_reader.c_parser_in_use():
        pytest.skip("ruamel.yaml.clib is not installed")
    if request.param == "pure":
        monkeypatch.setattr(yaml_reader, "_CParser", None)
    return request.param


@pytest.mark.parametrize(("written", "expected"), TRICKY)
def test_tricky_scalars_read_as_the_text_written(yaml_parser, written, expected):
    text = f"items:\n  - id: A-1\n    status: todo\n    title: {written}\n    owner: {written}\n"
    item = parse_yaml(text, "t.yaml").items[0]
    assert item.title == expected and item.owner == expected


@pytest.mark.parametrize("written", ["~", "null", ""])
def test_plain_null_is_absence(yaml_parser, written):
    from tracker.parse.yaml_reader import read_yaml

    assert read_yaml(f"owner: {written}\nquoted: '{written}'\n", "t.yaml") == {"owner": None, "quoted": written}
    assert parse_yaml(f"items:\n  - id: A-1\n    status: todo\n    owner: {written}\n", "t.yaml").items[0].owner is None


def test_status_on_is_an_unrecognised_status_not_a_schema_error(yaml_parser):
    doc = parse_yaml("items:\n  - id: A-1\n    status: on\n", "t.yaml")
    item = doc.items[0]
    assert (item.raw_status, item.status, item.recognized) == ("on", Status.TODO, False)
    assert [(n.code, n.line) for n in doc.warnings] == [("unknown-status", 3)]


def test_id_010_is_the_text_010(yaml_parser):
    assert [i.id for i in parse_yaml("items:\n  - id: 010\n    status: done\n", "t.yaml").items] == ["010"]


def test_a_key_named_on_stays_on(yaml_parser):
    from tracker.parse.yaml_reader import read_yaml

    assert read_yaml("on: 1\nyes: [a]\n", "t.yaml") == {"on": "1", "yes": ["a"]}
    with pytest.raises(InputError) as err:
        parse_yaml("title: T\non: push\nitems: []\n", "t.yaml")
    assert err.value.line == 2 and "on" in err.value.message


def test_lines_and_errors_agree_between_parsers(yaml_parser):
    from tracker.parse.yaml_reader import read_yaml

    data = read_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "t.yaml")
    assert data.lines == {"a": 1, "b": 2} and data["b"].lines == {0: 3, 1: 4}
    with pytest.raises(InputError) as err:
        read_yaml("a: 1\nb: [x\nc: 2\n", "t.yaml")
    assert (err.value.path, err.value.line) == ("t.yaml", 3)


@pytest.mark.parametrize("text", ["a: !!int 3\n", "a: !custom x\n", "!!binary aGk=\n", "? [a]\n: b\n"])
def test_tags_and_collection_keys_are_refused(yaml_parser, text):
    from tracker.parse.yaml_reader import read_yaml

    with pytest.raises(InputError) as err:
        read_yaml(text, "t.yaml")
    assert err.value.line is not None


def test_yaml_11_line_breaks_are_text_in_both_parsers(yaml_parser):
    from tracker.parse.yaml_reader import read_yaml

    assert read_yaml("a: x\u2028y\nb: z\n", "t.yaml") == {"a": "x\u2028y", "b": "z"}


def test_the_schema_types_what_it_types(yaml_parser, tmp_path):
    """Scalars arrive as text; tracker.yaml and gate files turn into numbers only what their schema says."""
    from tracker.project import load_config
    from tracker.errors import ConfigError
    from tracker.gate.definitions import parse_gate_file

    (tmp_path / "tracker.yaml").write_text("rules: {TRK101: off, TRK102: warning}\nstatuses: {done: [on, yes]}\n")
    config = load_config(tmp_path)
    assert config.rules == {"TRK101": "off", "TRK102": "warning"} and config.statuses == {"done": ["on", "yes"]}
    [gate] = parse_gate_file(b"requires: [010]\nmin_evidence: 3\nmax_age_days: '7'\ntimeout: 2.5\n", "gates/g.yaml")
    assert (gate.requires, gate.min_evidence, gate.max_age_days, gate.timeout) == (["010"], 3, 7, 2.5)
    for bad, line in [(b"requires: [A]\nmin_evidence: 0x10\n", 2), (b"requires: [A]\n\ntimeout: .inf\n", 3)]:
        with pytest.raises(ConfigError) as err:
            parse_gate_file(bad, "gates/g.yaml")
        assert (err.value.path, err.value.line) == ("gates/g.yaml", line)
