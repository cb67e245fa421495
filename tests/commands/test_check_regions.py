"""`check` judges generated regions through the use case: the gate runs first, the findings view shows its
findings, and the region states come back to the gate as TRK401/TRK402 input."""

from __future__ import annotations

import json

from tests.support.repos import make_repo, run_tracker

DOC = """\
# Plan

| ID | Task | Evidence | Status |
|---|---|---|---|
| F-1 | Proven | `evidence/f1.md` | done |
| F-2 | Claimed | | done |

<!-- tracker:findings -->
<!-- /tracker:findings -->
"""


def _codes(root, *args: str) -> list[str]:
    proc = run_tracker(root, "check", "--format", "json", *args)
    return sorted(f["code"] for f in json.loads(proc.stdout)["findings"])


def test_findings_region_tracks_the_gate_and_goes_stale_when_findings_change(tmp_path):
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": DOC, "evidence/f1.md": "proof\n",
                                         "evidence/f2.md": "proof two\n"})
    assert "TRK401" in _codes(root)  # never rendered
    assert run_tracker(root, "render").returncode == 0
    text = (root / "trackers/plan.md").read_text()
    assert "| TRK101 |" in text and "F-2" in text
    assert "TRK401" not in _codes(root)
    # The same region is fresh whatever the check's own flags: it shows what `render` shows.
    assert "TRK401" not in _codes(root, "--select", "TRK4")
    assert _codes(root, "--ignore", "TRK101") == [c for c in _codes(root) if c != "TRK101"]
    # Proving F-2 removes its finding, so the region the gate's findings fed is now stale.
    (root / "trackers/plan.md").write_text(text.replace("| F-2 | Claimed | |", "| F-2 | Claimed | `evidence/f2.md` |"))
    assert _codes(root) == ["TRK401"]
    assert run_tracker(root, "render").returncode == 0
    assert _codes(root) == []
    assert run_tracker(root, "render", "--check").returncode == 0


def test_rules_off_silences_region_findings(tmp_path):
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": DOC, "evidence/f1.md": "proof\n",
                                         "tracker.yaml": "rules:\n  TRK401: 'off'\n"})
    assert "TRK401" not in _codes(root)
