"""A YAML tracker read without pydantic (plain_entries) reads exactly as the pydantic models read it, and a plain
tracker is read without importing pydantic at all."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import InputError
from tracker.parse.yaml_reader import read_yaml
from tracker.parse.yaml_tracker import parse_yaml, plain_entries, validated_entries

KEYS = ["id", "title", "status", "evidence", "covers", "tests", "depends_on", "owner", "due", "priority",
        "definition_of_done", "group", "notes", "waivers", "colour"]
TEXTS = st.one_of(
    st.sampled_from(["", " ", "A-1", "done", "2026-01-02", " 2026-01-02 ", "2026-13-01", "20260102",
                     "2026-1-2", "\ud800", "a\udcffb", "é", "TRK101"]),
    st.text(st.characters(blacklist_categories=()), max_size=4),
)
WAIVERS = st.dictionaries(st.sampled_from(["rule", "reason", "item"]), st.one_of(st.none(), TEXTS), max_size=3)
VALUES = st.one_of(st.none(), TEXTS, st.lists(st.one_of(TEXTS, st.none()), max_size=3),
                   st.lists(WAIVERS, max_size=2), st.dictionaries(TEXTS, TEXTS, max_size=1))
ITEMS = st.builds(lambda base, more: {**base, **more},
                  st.fixed_dictionaries({"id": TEXTS, "status": TEXTS}),
                  st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4))
TRACKERS = st.one_of(
    st.builds(lambda items: {"items": items}, st.lists(ITEMS, max_size=3)),
    st.dictionaries(st.sampled_from(["title", "items", "version"]),
                    st.one_of(st.none(), TEXTS, st.lists(ITEMS, max_size=2)), max_size=2),
)


def pydantic_reading(data: dict[str, Any]) -> Any:
    try:
        return validated_entries(data, "t.yaml")
    except InputError:
        return "refused"


@settings(max_examples=600, deadline=None)
@given(TRACKERS)
def test_what_the_plain_reading_accepts_the_models_read_the_same(data: dict[str, Any]) -> None:
    plain = plain_entries(data)
    if plain is not None:
        assert pydantic_reading(data) == plain


ACCEPTED = [
    "items:\n  - id: A-1\n    status: done\n    evidence: e/a.md\n",
    "title: T\nitems:\n  - id: A-1\n    title: Alpha\n    status: done\n    evidence: [e/a.md, e/b.md]\n"
    "    covers:\n    tests: [t1]\n    depends_on: B-2\n    due: 2026-12-01\n    owner: Ana\n    priority: P1\n"
    "    definition_of_done: shipped\n    group: g\n    notes: n\n"
    "    waivers:\n      - rule: TRK101\n        reason: accepted\n",
    "title: nothing yet\n",
]
DECLINED = [  # each is the models' to judge: an error, or a reading the plain path does not attempt
    "items:\n  - id: ''\n    status: done\n",
    "items:\n  - id: A-1\n    status: done\n    due: next week\n",
    "items:\n  - id: A-1\n    status: done\n    colour: red\n",
    "items:\n  - id: A-1\n    status: done\n    evidence: {a: b}\n",
    "items:\n  - id: A-1\n    status: done\n    waivers:\n      - rule: TRK101\n        reason: ''\n",
    "items:\n  - id: A-1\n    status: done\n    waivers:\n",
    "items:\n  - id: A-1\n",
    "items:\n  - id: \"\\ud800\"\n    status: done\n",
    "items:\n  - id: A-1\n    status: done\n    title:\n",
    "items:\n",  # `items:` empty is a null: the models refuse it
    "version: 2\nitems: []\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_plain_trackers_are_read_without_the_models(text: str) -> None:
    data = read_yaml(text, "t.yaml")
    assert plain_entries(data) is not None
    assert plain_entries(data) == validated_entries(data, "t.yaml")


@pytest.mark.parametrize("text", DECLINED)
def test_anything_else_goes_to_the_models(text: str) -> None:
    assert plain_entries(read_yaml(text, "t.yaml")) is None


def test_a_schema_error_still_names_the_file_key_and_line() -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml("items:\n  - id: A-1\n    status: done\n  - id: A-2\n    status: done\n    due: soon\n",
                   "trackers/t.yaml")
    assert raised.value.path == "trackers/t.yaml" and raised.value.line == 6
    assert "items.1.due" in raised.value.message


def test_a_plain_tracker_does_not_import_pydantic() -> None:
    code = ("import sys\nfrom tracker.parse.yaml_tracker import parse_yaml\n"
            f"doc = parse_yaml({ACCEPTED[1]!r}, 't.yaml')\n"
            "assert doc.items[0].evidence == ('e/a.md', 'e/b.md'), doc\n"
            "assert doc.waivers == (('A-1', 'TRK101', 'accepted', 3),), doc.waivers\n"
            "print('pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_tracker_outside_the_plain_shape_is_judged_by_the_models() -> None:
    code = ("import sys\nfrom tracker.errors import InputError\nfrom tracker.parse.yaml_tracker import parse_yaml\n"
            "try:\n    parse_yaml('items:\\n  - id: A-1\\n    status: done\\n    colour: red\\n', 't.yaml')\n"
            "except InputError as exc:\n    print(exc.line, exc.message, 'pydantic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["4", "schema:", "items.0.colour:", "Extra", "inputs", "are", "not", "permitted",
                                  "True"]
