"""Large, long-lived, acyclic data (a parsed document, a loaded project) kept out of the cyclic collector's walks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off while a document is built (its items hold no cycles: on a 200,000-row table its passes
    over the growing heap cost a fifth of the parse), and what was built then set aside."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        set_aside()
        if was_on:
            gc.enable()


def set_aside() -> None:
    """Every object the collector tracks taken out of its young generations without walking them: frozen when the
    process already freezes what lives until it exits (the CLI entry does), else promoted to the oldest generation
    (freeze, then unfreeze), so that a long-lived process (the tests) keeps nothing frozen."""
    process_freezes = gc.get_freeze_count() > 0
    gc.freeze()
    if not process_freezes:
        gc.unfreeze()
