"""docs/reference/ is generated from the models (tracker.yaml, gate files, region options) and kept fresh."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from tracker.config import CONFIG_KEYS
from tracker.gate.definitions import KEYS, Gate
from tracker.render.options import RegionOptions
from tracker.report import reference

ROOT = Path(__file__).resolve().parents[2]
VIEWS_SOURCE = ROOT / "src" / "tracker" / "render"


def test_checked_in_pages_are_fresh():
    for name, make in reference.PAGES.items():
        path = ROOT / "docs" / "reference" / name
        assert path.read_text(encoding="utf-8") == make(), f"run `python -m tracker.report.reference` ({name})"


def test_every_key_of_every_model_is_documented():
    page = reference.tracker_yaml()
    for name in CONFIG_KEYS:
        assert f"| `{name}` |" in page
    gates = reference.gate_files()
    assert KEYS <= {f.name for f in dataclasses.fields(Gate)}  # every accepted key is a field of the model
    for key in KEYS:
        assert f"| `{key}` |" in gates
    options = reference.region_options()
    for name in ("scope", "limit", "direction", "since"):
        assert f"| `{name}=` |" in options


def test_the_views_read_no_option_the_model_lacks():
    read = set()
    for path in VIEWS_SOURCE.glob("*.py"):
        read |= set(re.findall(r'options\.get\("(\w+)"', path.read_text(encoding="utf-8")))
        read |= {"limit"} if "limit(options" in path.read_text(encoding="utf-8") else set()
    assert read <= set(RegionOptions.model_fields), read - set(RegionOptions.model_fields)


def test_a_stale_page_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert reference.main(["--check"]) == 1
    assert reference.main([]) == 0 and reference.main(["--check"]) == 0
