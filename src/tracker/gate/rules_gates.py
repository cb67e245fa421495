"""TRK204-208 gates: blocked items done too early, gate definition changes, unused waivers, requirements, commands."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.gate.definitions import ids_matching
from tracker.gate.finding import Finding, GateResult
from tracker.gate.gates import evaluate, members
from tracker.gate.registry import Rule, register

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

register(Rule(
    "TRK204", "gate-not-passed", "error",
    "A done item is blocked by a gate (gates/*.yaml `blocks:`) that has not passed.",
    "Gates encode ordering the team agreed on (\"WS2 cannot close before the WS1 gate passes\"); closing a blocked "
    "item early breaks that promise.",
    "gates/ws1.yaml: requires [WS1-*], blocks [WS2-*]; WS2-003 is done while WS1-002 is blocked",
    "Finish what the gate requires first (`tracker gates` lists the reasons), or reopen the blocked item.",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK206", "unused-waiver", "warning",
    "A waiver (tracker.yaml `waivers:` or a YAML item's `waivers:`) matches no finding.",
    "A stale waiver would silently excuse the next, unrelated failure of the same rule on that item.",
    "waivers: [{item: WS1-002, rule: TRK102, reason: ...}]   after WS1-002's evidence was added",
    "Delete the waiver.",
    scope="policy",
))
register(Rule(
    "TRK207", "gate-requirement-failed", "error",
    "A done item covered by a gate misses the gate's evidence requirements (min_evidence, evidence_glob, "
    "must_contain, max_age_days).",
    "A gate can demand more proof than the general rules (evidence under evidence/, naming the item, recent).",
    "gates/release.yaml: evidence_glob: evidence/**, must_contain: '{id}'; CORE-4 links docs/notes.md",
    "Add evidence that meets the gate's requirements (see `tracker gates`).",
    scope="claim", judged_on_close=True,
))
register(Rule(
    "TRK208", "gate-command-failed", "error",
    "A gate's `command` check exited non-zero or timed out (run only with --allow-commands).",
    "The gate's executable check is the proof the team asked for; it did not hold.",
    "gates/ws1.yaml: command: ./scripts/check_ws1.sh   exits 1",
    "Run the command yourself, fix what it reports, and check again.",
    scope="gate",
))


def check(ctx: CheckContext) -> Iterable[Finding]:
    gates = ctx.gates
    blocked_by: dict[str, list[str]] = {}
    for gate in gates:
        for item_id in ids_matching(gate.blocks, ctx.sorted_ids):
            blocked_by.setdefault(item_id, []).append(gate.name)
    failed: set[str] = set()
    cache: dict[str, str | None] = {}
    requirement_cache: dict[tuple[str, int], list[str]] = {}
    scopes = {gate.name: members(ctx, gate) for gate in gates}
    evals = []
    for _ in range(len(gates) + 1):  # a failed gate can fail the gates that require what it blocks
        evals = [evaluate(ctx, gate, failed, blocked_by, cache, scopes[gate.name], requirement_cache)
                 for gate in gates]
        now = {e.gate.name for e in evals if not e.passed}
        if now == failed:
            break
        failed = now
    ctx.gate_results = [GateResult(e.gate.name, e.passed, e.reasons + [f"note: {n}" for n in e.notes],
                                   e.gate.path, e.gate.line) for e in evals]
    ctx.gate_evals = evals
    by_id = ctx.index
    for result in evals:
        gate = result.gate
        for item_id, problems in result.requirement_failures.items():
            for problem in problems:
                yield ctx.finding("TRK207", f"{item_id} {problem} (gate {gate.name}, {gate.path})",
                                  "add evidence that meets the gate's requirements; `tracker gates` shows them",
                                  item=by_id[item_id][0], evidence=None,
                                  anchor=f"gate {gate.name}: {problem}")
        if result.command_failure:
            yield ctx.finding("TRK208", f"gate {gate.name}: {result.command_failure}",
                              f"run `{gate.command}` yourself and fix what it reports", path=gate.path,
                              line=gate.line, anchor=f"gate {gate.name}")
        if result.passed:
            continue
        why = result.reasons[0] if result.reasons else "it failed"
        for item in scopes[gate.name][1]:
                yield ctx.finding("TRK204", f"{item.id} is done but gate {gate.name} has not passed ({why})",
                                  f"finish what gate {gate.name} requires first (`tracker gates`), or reopen "
                                  f"{item.id}", item=item, anchor=f"gate {gate.name}")
