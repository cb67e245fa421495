"""TRK109/TRK110: evidence recorded at closure that has since changed or been deleted."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.evidence import walk
from tracker.gate.finding import Finding
from tracker.gate.registry import Rule, register
from tracker.model import Item, Status
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK109", "evidence-changed-after-close", "error",
    "An evidence file's content no longer matches the sha256 recorded in the ledger when the item was closed.",
    "Proof edited after the fact may no longer prove what was checked at closure.",
    "evidence/ws1-007.md rewritten after `tracker close WS1-007` recorded its hash",
    "If the change is legitimate, re-close the item to record the new hash (`tracker close WS1-007 --evidence "
    "evidence/ws1-007.md`); otherwise restore the file from git.",
    scope="closure",
))
register(Rule(
    "TRK110", "evidence-deleted-after-close", "error",
    "An evidence file recorded in the ledger at closure no longer exists.",
    "The item's proof is gone; its done claim now rests on nothing.",
    "evidence/ws1-007.md deleted after `tracker close WS1-007`",
    "Restore the file (`git checkout <commit> -- evidence/ws1-007.md`) or reopen the item "
    "(`tracker set WS1-007 in_progress --reason ...`).",
    scope="closure",
))


def check(ctx: CheckContext) -> Iterable[Finding]:
    ledger_path = ctx.config.ledger
    for item in ctx.done_items():
        record = ctx.closure(item)
        if not record:
            continue
        for fp in record.get("evidence", []):
            rel, expected = fp["path"], fp.get("sha256")
            if not expected:
                continue
            kind, where, _ = walk(ctx.source, rel)
            if kind == "missing":
                yield ctx.finding("TRK110", f"{item.id}: evidence {rel} recorded at closure "
                                            f"({record.get('time', '?')}) has been deleted",
                                  f"restore {rel} from git, or reopen {item.id}", item=item, evidence=rel)
            elif kind == "file":
                data = ctx.source.read(where) or b""
                if hashlib.sha256(data).hexdigest() != expected:
                    yield ctx.finding("TRK109", f"{item.id}: evidence {rel} changed after closure "
                                                f"(ledger {ledger_path}:{record.get('_line', '?')})",
                                      "re-close to record the new hash: "
                                      f"tracker close {shell_word(item.id)} --evidence {shell_word(rel)}",
                                      item=item, evidence=rel)


def forced_reason(ctx: CheckContext, item: Item) -> str | None:
    """The override reason when the item's latest closure was forced (`tracker close --force`)."""
    record = ctx.closure(item)
    if record and record.get("forced") and item.status is Status.DONE:
        return record.get("reason") or "forced close"
    return None
