"""The status page as written: one self-contained file, every piece of user text escaped, links only to http(s)."""

from __future__ import annotations

import re

from tests.git.conftest import Repo
from tests.page.conftest import report


def test_the_page_is_self_contained(page_repo: Repo) -> None:
    html = report(page_repo).read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    # Nothing is fetched: no external scripts, styles, images or fonts.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    for section in ("overview", "blockers", "burnup", "graph", "findings", "ledger", "items"):
        assert f'<section id="{section}"' in html
    assert "<svg class=\"chart\"" in html and "<svg class=\"graph\"" in html


def test_user_text_is_escaped_everywhere(page_repo: Repo) -> None:
    html = report(page_repo).read_text(encoding="utf-8")
    assert html.count("<script") == 1  # the page's own filter script, nothing from a title
    assert "alert" not in html.split("<script>")[1].split("</script>")[0]
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27;" in html
    assert "<b>by hand</b>" not in html and "checked &lt;b&gt;by hand&lt;/b&gt;" in html
    assert "Ship &amp; tell" in html


def test_forced_closes_are_marked_in_the_ledger_timeline(page_repo: Repo) -> None:
    html = report(page_repo).read_text(encoding="utf-8")
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    entries = timeline.split("<li")[1:]
    assert "B-1" in entries[0] and 'class="forced">forced: demo &lt;ok&gt; &amp; done' in entries[0]
    assert "A-2" in entries[1] and "forced" not in entries[1] and "evidence/a-2.md" in entries[1]


def test_file_lines_link_to_the_repository_web_view_when_configured(page_repo: Repo) -> None:
    html = report(page_repo).read_text(encoding="utf-8")
    assert "https://" not in html
    page_repo.write("tracker.yaml", "repository_url: https://github.com/acme/plan\n")
    try:
        html = report(page_repo).read_text(encoding="utf-8")
    finally:
        (page_repo.path / "tracker.yaml").unlink()
    sha = page_repo.head()
    assert f'href="https://github.com/acme/plan/blob/{sha}/trackers/plan.md#L8"><code>trackers/plan.md:8</code>' in html


def test_rule_documentation_is_one_click_away(page_repo: Repo) -> None:
    html = report(page_repo).read_text(encoding="utf-8")
    group = html.split('<h3 id="rule-TRK102">')[1].split("</ul>")[0]
    assert "<details><summary>About TRK102" in group and "Why it matters:" in group
