"""Mermaid output: labels escaped with Mermaid's entity codes, titles cut with an ellipsis, graphs past
Mermaid's limits collapsed per group with how to scope them, a burn-up with a legend and a visible total."""

from __future__ import annotations

import datetime as dt
import html
import re

from tracker.commands.regions import render_document
from tracker.project import load_project
from tracker.render.context import BurnupDay
from tracker.render.views import LABEL_CHARS, MAX_EDGES, mermaid_burnup, mermaid_text

HEAD = "| ID | Workstream | Task | Status | Depends on |\n|---|---|---|---|---|\n"


def _mermaid_decode(label: str) -> str:
    """What Mermaid shows for a label: `#name;`/`#NN;` entity codes become characters (its own rule)."""
    return html.unescape(re.sub(r"#(\w+);", lambda m: f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};", label))


def test_entity_like_text_and_tags_survive():
    for text in ("Fix #12; in the parser", "Ship <v2> & docs", 'Say "hi" `now`'):
        label = mermaid_text(text)
        assert not set('"<>`') & set(label)  # nothing Mermaid reads as markup or ends the quoted label
        assert _mermaid_decode(label) == text


def test_long_titles_end_with_an_ellipsis():
    label = mermaid_text("x" * 100)
    assert len(label) == LABEL_CHARS and label.endswith("…")
    assert mermaid_text("short") == "short"
    # Cutting happens before escaping, so no entity code is cut in half.
    cut = mermaid_text("#" * 100)
    assert cut.endswith("#35;…") and _mermaid_decode(cut) == "#" * (LABEL_CHARS - 1) + "…"


def test_a_graph_past_mermaids_limits_collapses_per_group(repo):
    rows = [f"| A-{n} | {'Core' if n % 2 else 'Docs'} | Task {n} | todo | {f'A-{n - 1}' if n else ''} |\n"
            for n in range(MAX_EDGES + 20)]
    text = "# Big\n\n" + HEAD + "".join(rows) + "\n<!-- tracker:graph -->\n<!-- /tracker:graph -->\n"
    root = repo({"trackers/big.md": text})
    new = render_document(load_project(root=root), "trackers/big.md", text, dt.date(2026, 3, 1)).new
    region = new.split("<!-- tracker:graph -->\n", 1)[1]
    assert "scope=" in region.split("```mermaid", 1)[0]
    nodes = [line for line in region.splitlines() if line.startswith("  g") and "[" in line]
    assert len(nodes) == 2 and any("Core (0/" in line for line in nodes)
    links = [line for line in region.splitlines() if re.fullmatch(r"  g\d+ --> g\d+", line)]
    assert links == ["  g0 --> g1", "  g1 --> g0"]


def test_burnup_has_a_legend_and_a_coloured_total_line():
    text = mermaid_burnup([BurnupDay("2026-03-01", 1, 4), BurnupDay("2026-03-02", 2, 5)])
    assert "plotColorPalette" in text
    assert "Legend:" in text and "total items (5 on 2026-03-02)" in text and "done items (2)" in text
    lines = text.splitlines()
    assert lines[lines.index("xychart-beta") - 1].startswith("%%{init:")  # the directive precedes the chart
