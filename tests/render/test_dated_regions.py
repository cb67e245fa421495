"""Dated regions (snapshot, burnup) render against the last tracker commit's date, so they do not go stale
with the calendar: two simulated days (TRACKER_TODAY) with no commit in between judge the same."""

from __future__ import annotations

from pathlib import Path

from tests.git.conftest import Repo, make_repo, table

REGIONS = ("\n<!-- tracker:snapshot -->\n<!-- /tracker:snapshot -->\n\n"
           "<!-- tracker:burnup -->\n<!-- /tracker:burnup -->\n")


def _day(day: str) -> dict[str, str]:
    return {"TRACKER_TODAY": day}


def _plan(tmp_path: Path) -> Repo:
    repo = make_repo(tmp_path / "repo")
    repo.write("trackers/plan.md", "# Plan\n\n" + table(("AB-001", "First", "todo", ""),
                                                        ("AB-002", "Second", "todo", "")) + REGIONS)
    repo.add(".")
    repo.commit("plan", date="2026-03-01T10:00:00+00:00")
    return repo


def test_a_committed_render_stays_fresh_on_the_next_days(tmp_path: Path):
    repo = _plan(tmp_path)
    assert repo.tracker("render", env=_day("2026-03-02")).returncode == 0
    text = (repo.path / "trackers/plan.md").read_text()
    assert "**Snapshot 2026-03-02**" in text  # written now, so dated today
    # Before the commit, the same day judges it fresh (render --check and TRK401 agree).
    assert repo.tracker("render", "--check", env=_day("2026-03-02")).returncode == 0
    repo.add(".")
    repo.commit("render", date="2026-03-02T18:00:00+00:00")
    for day in ("2026-03-02", "2026-03-03", "2026-03-09"):  # no commit in between
        proc = repo.tracker("render", "--check", env=_day(day))
        assert proc.returncode == 0, (day, proc.stderr)
        check = repo.tracker("check", "--select", "TRK401", env=_day(day))
        assert check.returncode == 0, (day, check.stdout)
    assert repo.tracker("render", env=_day("2026-03-09")).returncode == 0
    assert (repo.path / "trackers/plan.md").read_text() == text  # nothing to re-render


def test_an_uncommitted_tracker_change_is_judged_against_today(tmp_path: Path):
    repo = _plan(tmp_path)
    repo.tracker("render", env=_day("2026-03-02"))
    repo.add(".")
    repo.commit("render", date="2026-03-02T18:00:00+00:00")
    path = repo.path / "trackers/plan.md"
    path.write_text(path.read_text() + "\nNotes from the review.\n")  # prose only: the views show the same
    proc = repo.tracker("check", "--select", "TRK401", env=_day("2026-03-05"))
    assert proc.returncode == 1 and "snapshot" in proc.stdout  # it will be committed today, so it shows today
    assert repo.tracker("render", env=_day("2026-03-05")).returncode == 0
    assert "**Snapshot 2026-03-05**" in path.read_text()
    assert repo.tracker("check", "--select", "TRK401", env=_day("2026-03-05")).returncode == 0


def test_without_commits_today_is_the_date(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    repo.write("trackers/plan.md", "# Plan\n\n" + table(("AB-001", "First", "todo", "")) + REGIONS)
    assert repo.tracker("render", env=_day("2026-04-01")).returncode == 0
    assert "**Snapshot 2026-04-01**" in (repo.path / "trackers/plan.md").read_text()
    assert repo.tracker("render", "--check", env=_day("2026-04-01")).returncode == 0
    assert repo.tracker("render", "--check", env=_day("2026-04-02")).returncode == 1
