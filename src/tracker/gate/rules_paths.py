"""TRK30x path safety: evidence that points outside the repository is refused without being read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK301", "evidence-outside-repo", "error",
    "An evidence path is absolute, uses `~`, `..` or a symlink to leave the repository, is a Windows drive, "
    "UNC or file:// form, uses Unicode look-alikes of `/` or `.`, holds a NUL byte, or names a FIFO or device. "
    "It is refused without being read.",
    "Evidence must travel with the repository; a path to /tmp or a home folder exists only on one machine, and "
    "following such paths would let a tracker make the tool read arbitrary files.",
    "| WS1-002 | ... | `/tmp/run.log` | done |",
    "Copy the proof into the repository (e.g. evidence/) and link it with a repository-relative path.",
    scope="claim", judged_on_close=True,
))
# TRK302 evidence-untracked needs git; it lives in rules_git.



def check(ctx: CheckContext) -> Iterable[Finding]:
    for item in ctx.done_items():
        for res in ctx.resolved(item):
            if res.kind == "outside":
                yield ctx.finding("TRK301", f"{item.id}: evidence {res.value[:120]!r} {res.reason}; not read",
                                  "copy the proof into the repository and link its repository-relative path",
                                  item=item, evidence=res.value)
