"""A short run of bench/fuzz.py in CI: only TrackerError may escape the parsers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import TrackerError

_SPEC = importlib.util.spec_from_file_location("bench_fuzz", Path(__file__).resolve().parents[1] / "bench" / "fuzz.py")
fuzz_mod = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(fuzz_mod)


def test_mutation_fuzz_finds_no_crash() -> None:
    messages: list[str] = []
    count, crashes = fuzz_mod.fuzz(1500, seed=20260105, kinds=["markdown", "yaml", "gate"], weights=[6, 2, 2],
                                   report=messages.append)
    assert count == 1500
    assert crashes == [], "\n".join(messages)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["markdown", "yaml", "gate"]), st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_tracker_errors(kind: str, data: bytes) -> None:
    try:
        fuzz_mod.run_one(kind, data)
    except TrackerError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["markdown", "yaml", "gate"]),
       st.lists(st.sampled_from(fuzz_mod.MD_FRAGMENTS + fuzz_mod.YAML_FRAGMENTS + fuzz_mod.GATE_FRAGMENTS),
                max_size=20).map("".join))
def test_fragment_soup_raises_only_tracker_errors(kind: str, text: str) -> None:
    try:
        fuzz_mod.run_one(kind, text.encode("utf-8"))
    except TrackerError:
        pass
