"""The C and the pure YAML parser give one verdict, also where libyaml is laxer than YAML 1.2."""

from __future__ import annotations

import pytest

from tracker.errors import TrackerError
from tracker.parse.yaml_reader import c_parser_in_use, read_yaml


def verdict(text: str, pure: bool) -> object:
    try:
        return read_yaml(text, "t.yaml", pure=pure)
    except TrackerError as exc:
        return f"error: {exc}"


@pytest.mark.skipif(not c_parser_in_use(), reason="ruamel.yaml.clib is not installed: only the pure parser runs")
@pytest.mark.parametrize("text", ["~~~md\n...\n...\n", "a: 1\n...\n", "a: 1\n...\n...\n", "x\n...\n---\ny\n",
                                  "items:\n  - id: A\n...\n"])
def test_both_parsers_agree_on_document_markers(text: str) -> None:
    assert verdict(text, pure=False) == verdict(text, pure=True)
