"""The nesting check's shortcut (no line with a long block prefix: skip the line walk) refuses exactly what the
full line walk refuses, with the same line."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import InputError
from tracker.parse import yaml_reader

LINE = st.builds(lambda indent, dashes, rest: " " * indent + "- " * dashes + rest,
                 st.integers(0, 70), st.integers(0, 35), st.sampled_from(["a: b", "x", "", "# c", "-"]))
TEXTS = st.lists(LINE, max_size=70).map("\n".join)


def verdict(text: str) -> tuple[str, int | None] | None:
    try:
        yaml_reader._check_nesting(text, "t.yaml")
    except InputError as exc:
        return exc.message, exc.line
    return None


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_the_shortcut_refuses_what_the_line_walk_refuses(text: str) -> None:
    fast = verdict(text)
    original = yaml_reader._DEEP_PREFIX
    try:
        yaml_reader._DEEP_PREFIX = re.compile("")  # matches everywhere: always the full walk
        assert verdict(text) == fast
    finally:
        yaml_reader._DEEP_PREFIX = original


@pytest.mark.parametrize("depth", [yaml_reader.MAX_DEPTH - 1, yaml_reader.MAX_DEPTH, yaml_reader.MAX_DEPTH + 1])
def test_the_deepest_staircase_is_still_measured(depth: int) -> None:
    text = "".join(" " * level + "k:\n" for level in range(depth - 1)) + " " * (depth - 1) + "k: v\n"
    assert (verdict(text) is None) == (depth <= yaml_reader.MAX_DEPTH)
