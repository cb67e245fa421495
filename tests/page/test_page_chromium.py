"""The status page in real headless Chromium: it renders, logs no console error, and shows `tracker status`'s counts."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.git.conftest import Repo
from tests.page.conftest import report
from tests.support import chromium

pytestmark = pytest.mark.skipif(chromium.find_chromium() is None,
                                reason="no chromium binary on PATH (apt-get install chromium, or set TRACKER_CHROMIUM)")


class Counts(HTMLParser):
    """The numbers the page shows: the totals list, and each document row's cells, keyed by data-count."""

    def __init__(self) -> None:
        super().__init__()
        self.totals: dict[str, int] = {}
        self.documents: list[dict[str, int]] = []
        self.where: str | None = None
        self.key: str | None = None
        self.hidden_form = True
        self.shown = ""
        self.in_shown = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id") == "totals":
            self.where = "totals"
        elif "data-doc-row" in a:
            self.where = "doc"
            self.documents.append({})
        elif a.get("data-group-row") is not None:
            self.where = None
        if a.get("id") == "filters":
            self.hidden_form = "hidden" in a
        self.in_shown = a.get("id") == "filter-shown"
        self.key = a.get("data-count")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("dl", "tbody"):
            self.where = None
        self.key = None
        self.in_shown = False

    def handle_data(self, data: str) -> None:
        if self.in_shown:
            self.shown += data
        if self.key is None or self.where is None:
            return
        target = self.totals if self.where == "totals" else self.documents[-1]
        target[self.key] = int(data)


def test_the_page_renders_without_console_errors_and_shows_the_status_counts(page_repo: Repo, tmp_path: Path) -> None:
    page = report(page_repo)
    shot = tmp_path / "page.png"
    rendered = chromium.screenshot(page, shot)
    assert rendered.console == []  # no error, and not even a warning or a log line
    assert shot.stat().st_size > 10_000  # a real picture, not a blank frame

    dom = chromium.dump_dom(page)
    assert dom.console == []
    shown = Counts()
    shown.feed(dom.stdout)
    status = json.loads(page_repo.tracker("status", "--format", "json").stdout)
    assert shown.totals == {**status["counts"], "total": len(status["items"])}
    assert shown.documents == [{**d["counts"], "total": d["items"]} for d in status["documents"]]
    # The script ran: it revealed the filters and counted the rows it shows.
    assert not shown.hidden_form
    assert shown.shown == f"{len(status['items'])} item(s) shown"


def test_the_harness_sees_a_console_error(tmp_path: Path) -> None:
    """Without this, `console_errors == []` above could pass because the log format changed."""
    page = tmp_path / "broken.html"
    page.write_text("<!doctype html><title>x</title><script>console.error('seen'); missing();</script>", "utf-8")
    run = chromium.dump_dom(page)
    assert [text for _, text in run.console] == ["seen", "Uncaught ReferenceError: missing is not defined"]
    assert run.console_errors == ["Uncaught ReferenceError: missing is not defined"]


def test_the_filters_hide_what_does_not_match(page_repo: Repo, tmp_path: Path) -> None:
    """Choose status `blocked` the way a user would (set the select, fire `change`) in a copy of the page."""
    html = report(page_repo).read_text(encoding="utf-8")
    driver = ("<script>var f=document.getElementById('filters');f.elements.status.value='blocked';"
              "f.dispatchEvent(new Event('change'));</script></body>")
    page = tmp_path / "driven.html"
    page.write_text(html.replace("</body>", driver), encoding="utf-8")
    dom = chromium.dump_dom(page)
    assert dom.console == []
    body = dom.stdout.split('id="items-table"')[1].split("</table>")[0]
    rows = body.split("<tr")[2:]  # [0] is before the header row, [1] the header row
    visible = [row for row in rows if "hidden" not in row.split(">")[0]]
    assert len(rows) == 8 and len(visible) == 2
    assert sorted(row.split("<td>")[1].split("<")[0] for row in visible) == ["A-3", "B-2"]
    assert "2 item(s) shown" in dom.stdout
