"""The reader of plain YAML trackers (no pydantic) knows exactly the keys the pydantic models declare, so a field
added to the schema cannot be read by one and refused by the other; and the field shapes it reads as text or as
one-or-many match the models' annotations."""

from __future__ import annotations

from tracker.parse import yaml_tracker
from tracker.parse.yaml_schema import YamlItem, YamlTracker, YamlWaiver


def test_plain_reader_keys_are_the_models_fields() -> None:
    assert set(YamlItem.model_fields) == yaml_tracker._ITEM_KEYS
    assert set(YamlTracker.model_fields) == yaml_tracker._TRACKER_KEYS
    assert set(YamlWaiver.model_fields) == yaml_tracker._WAIVER_KEYS


def test_plain_reader_field_shapes_follow_the_models() -> None:
    fields = YamlItem.model_fields
    for key in yaml_tracker._TEXTS:  # a string or nothing
        assert fields[key].annotation == (str | None), key
    for key in yaml_tracker._MANY:  # one string, a list of strings, or nothing (read into a list)
        assert fields[key].annotation == list[str], key
