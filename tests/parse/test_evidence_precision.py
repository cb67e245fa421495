"""Evidence is a link or a path-shaped token; numbers, versions, hashes and expressions are not."""

from __future__ import annotations

import pytest

from tracker.parse.evidence_text import looks_like_evidence, paths_in


@pytest.mark.parametrize("value", ["evidence/run.md", "docs/a b/c.md".replace(" ", "_"), "report.pdf", "src/auth/",
                                   ".github/workflows/ci.yml", ".eslintrc.json", "https://ci.example/run/1", "main.c"])
def test_paths_and_urls_are_evidence(value):
    assert looks_like_evidence(value)


@pytest.mark.parametrize("value", ["52.4", "1/6", "59%", "2026-03-01", "v1.2.3", "1.2.3", "abc1234", ".items.name",
                                   "jq '.items | length'", "[ ] #1 buy milk", "n/a", "e.g", "make test"])
def test_numbers_versions_hashes_and_expressions_are_not(value):
    assert not looks_like_evidence(value)


@pytest.mark.parametrize(("text", "expected"), [
    ("p95 52.4 ms, 1/6 shards, see `evidence/load.md`", ["evidence/load.md"]),
    ("`jq '.items | length'` returned 3", []),
    ("[run log](evidence/run.txt) and `v2.0.1`", ["evidence/run.txt"]),
    ("`" + "a" * 40 + "`", ["commit: " + "a" * 40]),
])
def test_cells(text, expected):
    assert paths_in(text) == expected
