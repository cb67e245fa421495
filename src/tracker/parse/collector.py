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


# Whether the process froze its start-up (the CLI entry does, through freeze_process). A flag rather than
# gc.get_freeze_count(), which walks every frozen object: asked once per document, it made a 500-document
# load quadratic (50k items: 1.8 s -> 2.2 s).
_process_freezes = False


def freeze_process() -> None:
    """Freeze what exists now (it lives until the process exits) and have set_aside freeze from now on."""
    global _process_freezes
    _process_freezes = True
    gc.freeze()


def set_aside() -> None:
    """Every object the collector tracks taken out of its young generations without walking them: frozen when the
    process already freezes what lives until it exits (the CLI entry does), else promoted to the oldest generation
    (freeze, then unfreeze), so that a long-lived process (the tests) keeps nothing frozen."""
    gc.freeze()
    if not _process_freezes:
        gc.unfreeze()
