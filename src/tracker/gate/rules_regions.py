"""TRK4xx: generated regions — stale ones (not re-rendered) and ones edited by hand, as judged by the use case."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

STALE_REGION = register(Rule(
    "TRK401", "stale-region", "error",
    "A generated region (`<!-- tracker:VIEW -->` … `<!-- /tracker:VIEW -->`) no longer matches what "
    "`tracker render` would write.",
    "Readers trust the matrix, progress bars and graph at the top of a tracker; a stale one reports numbers "
    "the tables below no longer support.",
    "the table now has 12 done items; the matrix region above it still says 11",
    "Run `tracker render` (CI runs `tracker render --check`), and commit the result.",
    scope="region",
))
HAND_EDITED_REGION = register(Rule(
    "TRK402", "hand-edited-region", "error",
    "Text inside a generated region was edited by hand: it no longer hashes to the checksum in the end marker.",
    "The next `tracker render` would overwrite the edit; refusing keeps the author's words from being lost "
    "silently.",
    "a note typed between `<!-- tracker:matrix -->` and `<!-- /tracker:matrix checksum=… -->`",
    "Move the text outside the region, then `tracker render`; or `tracker render --force` to discard it.",
    scope="region",
))


def check(ctx: CheckContext) -> Iterable[Finding]:
    """Turn the region states the use case judged (CheckOptions.regions) into findings; None judges nothing."""
    for state in ctx.options.regions or ():
        if state.state == "stale":
            yield ctx.finding("TRK401", f"region {state.name!r} is stale", f"tracker render {shell_word(state.path)}",
                              path=state.path, line=state.line, anchor=f"region {state.name}")
        elif state.state == "hand-edited":
            yield ctx.finding("TRK402", state.message,
                              f"move the text outside the region, or `tracker render --force {shell_word(state.path)}`",
                              path=state.path, line=state.line, anchor=f"region {state.name}")
