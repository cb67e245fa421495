"""A parse keeps what it built out of the collector's young walks, and never leaves a test process frozen."""

from __future__ import annotations

import gc

from tracker.parse.collector import set_aside
from tracker.parse.markdown import parse_markdown

TABLE = "| ID | Status |\n|---|---|\n" + "".join(f"| R-{n} | done |\n" for n in range(300))


def test_a_parse_leaves_the_collector_as_it_found_it_and_nothing_frozen() -> None:
    assert gc.get_freeze_count() == 0
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert len(parse_markdown(TABLE, "t.md").items) == 300
            assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
            assert gc.get_count()[0] < 300  # what it built was promoted, not left young
        finally:
            gc.enable()


def test_a_process_that_freezes_what_lives_on_gets_the_document_frozen_too(monkeypatch) -> None:
    from tracker.parse import collector

    monkeypatch.setattr(collector, "_process_freezes", False)
    collector.freeze_process()  # as the CLI entry does with what start-up imported
    try:
        before = gc.get_freeze_count()
        doc = parse_markdown(TABLE, "t.md")
        assert gc.get_freeze_count() > before  # nothing the process froze was thawed, and the document joined it
        later = [[n] for n in range(10)]
        set_aside()
        assert gc.get_freeze_count() >= before + len(later) and len(doc.items) == 300
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
