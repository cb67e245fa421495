"""The builder's own count and depth let a tree without aliases skip _check_bounds' second walk; what the reader
refuses (too deep, too many nodes, through aliases) is what that walk refuses."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import InputError
from tracker.parse import yaml_reader

SCALARS = st.sampled_from(["x", "''", "~", "long text"])
NODES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=4).map(lambda values: "{" + ", ".join(f"k{n}: {v}" for n, v in enumerate(values))
                                        + "}"),
    ),
    max_leaves=30,
)
DOCUMENTS = st.one_of(NODES, st.builds(lambda node, copies: f"[&shared {node}" + ", *shared" * copies + "]",
                                       NODES, st.integers(0, 4)))


def outcome(run) -> object:
    try:
        return ("ok", run())
    except InputError as exc:
        return ("refused", exc.message)


@settings(max_examples=500, deadline=None)
@given(DOCUMENTS, st.integers(1, 6), st.sampled_from([3, 10, 60, 1_000_000]))
def test_the_reader_refuses_what_the_bounds_walk_refuses(text: str, depth: int, nodes: int) -> None:
    node = yaml_reader.compose(text, "t.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_reader, "MAX_DEPTH", depth)
        patch.setattr(yaml_reader, "MAX_NODES", nodes)

        def walked() -> object:
            data = yaml_reader._Builder("t.yaml").build(node)
            yaml_reader._check_bounds(data, "t.yaml")
            return data

        assert outcome(lambda: yaml_reader._data(node, "t.yaml")) == outcome(walked)


def test_a_plain_tree_is_measured_by_the_build_alone(monkeypatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(yaml_reader, "_check_bounds", lambda data, path: calls.append(data))
    yaml_reader.read_yaml("items:\n  - id: A-1\n    evidence: [a.md, b.md]\n", "t.yaml")
    assert calls == []
    yaml_reader.read_yaml("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert len(calls) == 1  # an alias: measured by the walk
