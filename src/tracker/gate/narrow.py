"""Judging a change by what it touches: the items whose verdict the change can alter, and the judged side's
result made whole from fresh verdicts for those and the base side's verdicts for every other item.

A change (a staged commit, a pull request) usually touches a few rows of a large project. Every claim it does
not touch keeps the verdict the base side already has, read from the cache, instead of being judged again.
The touched set errs towards judging more: an item is touched when its own row, anything its evidence or
closure names, a file it covers, its dependencies, or a gate it is under can differ between the two sides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracker.gate.finding import CheckResult, Finding, GateResult
from tracker.model import Item, Project, Status

if TYPE_CHECKING:
    from tracker.gate.definitions import Gate


def touched_items(old: Project, new: Project, changed: set[str], gates: list[Gate],
                  unchanged_evidence: Callable[[Item, tuple[str, ...]], bool],
                  ledgers: tuple[list[dict[str, Any]], list[dict[str, Any]]], history_moves: bool) -> set[str]:
    """The IDs whose verdict the change from `old` to `new` can alter.

    `changed`: the paths whose bytes differ; `unchanged_evidence(item, recorded)`: whether every path the
    item's evidence (and its ledger-recorded evidence) names is the same on both sides; `ledgers`: each side's
    closure records; `history_moves`: the two sides are judged against different histories (a base revision
    and HEAD), so every verdict that reads history is judged again.
    """
    old_records, new_records = ledgers
    same = 0
    while same < min(len(old_records), len(new_records)) and old_records[same] == new_records[same]:
        same += 1
    touched = {str(r.get("id")) for r in (*old_records[same:], *new_records[same:])}
    recorded: dict[str, tuple[str, ...]] = {}
    for record in new_records:
        paths = tuple(str(e.get("path", "")) for e in record.get("evidence") or [] if isinstance(e, dict))
        recorded[str(record.get("id"))] = recorded.get(str(record.get("id")), ()) + paths

    old_docs = {doc.path: doc for doc in old.documents}
    for doc in new.documents:
        before = old_docs.pop(doc.path, None)
        if before is None or doc.path in changed:
            touched.update(item.id for item in doc.items)
            touched.update(item.id for item in (before.items if before else ()))
            # a YAML tracker's waivers may name an item of another document
            touched.update(waiver[0] for waiver in (*doc.waivers, *(before.waivers if before else ())))
        elif before.items != doc.items:  # a row read differently (dependencies and evidence link across files)
            touched.update(item.id for item in set(before.items) ^ set(doc.items))
    for doc in old_docs.values():  # documents the new side no longer reads
        touched.update(item.id for item in doc.items)
        touched.update(waiver[0] for waiver in doc.waivers)

    covers = [item for item in new.items if item.covers and item.status is Status.DONE]
    if covers and changed:
        from tracker.globs import GlobError, GlobSet

        for item in covers:
            try:
                globs = GlobSet(list(item.covers))
            except GlobError:
                touched.add(item.id)
                continue
            if any(globs.match(path) for path in changed):
                touched.add(item.id)
    for item in new.items:
        if item.status is Status.DONE and item.id not in touched:
            closure = recorded.get(item.id, ())
            if not unchanged_evidence(item, closure) or (history_moves and _reads_history(item, closure)):
                touched.add(item.id)
    if history_moves:
        from tracker.gate.definitions import ids_matching

        touched.update(item.id for item in new.items if item.covers)
        ids = sorted({item.id for item in new.items})
        for gate in gates:
            if gate.max_age_days is not None:  # evidence age is its last commit's date
                touched |= ids_matching([*gate.requires, *gate.blocks], ids)
    return _closed(touched, new.items, gates)


def _reads_history(item: Item, recorded: tuple[str, ...]) -> bool:
    """Whether a verdict on the item reads git history: commits as evidence, attestations and test reports
    (their commits' ancestry, their age), its own or those its closure recorded, or covered files (their last
    changes)."""
    from tracker.gate.evidence import clean
    from tracker.gate.proof.kinds import may_hold_proof
    from tracker.gate.proof.commit import commit_ref

    return bool(item.covers) or any(commit_ref(value) or may_hold_proof(clean(value))
                                    for value in (*item.evidence, *recorded))


def _closed(touched: set[str], items: list[Item], gates: list[Gate]) -> set[str]:
    """`touched` with what its verdicts reach: the items that depend on a touched item (their dependency
    findings read its row; an item only the old side has is touched already), and every item a gate blocks
    when the gate requires a touched item (its verdict reads theirs); repeated until nothing is added."""
    from tracker.gate.definitions import ids_matching

    dependents: dict[str, set[str]] = {}
    for item in items:
        for dep in item.dependencies:
            dependents.setdefault(dep.id, set()).add(item.id)
    for dep_id in list(touched):
        touched |= dependents.get(dep_id, set())
    ids = sorted({item.id for item in items})
    blocks = [ids_matching(gate.blocks, ids) for gate in gates]
    requires = [ids_matching(gate.requires, ids) | set(gate.requires) for gate in gates]
    grew = True
    while grew:
        grew = False
        for n in range(len(gates)):
            if requires[n] & touched and not blocks[n] <= touched:
                touched |= blocks[n]
                grew = True
    return touched


def merged(fresh: CheckResult, base: CheckResult, touched: set[str], new: Project, gates: list[Gate],
           sensitive: frozenset[str]) -> CheckResult:
    """The judged side's whole result: `fresh` (a run whose per-claim rules judged only `touched`) for the
    touched items and for every finding a whole-project rule made, `base` (the base side's full result,
    judged by the same policy) for the claims of every other item. `sensitive`: the codes whose findings a
    narrowed run makes only for the items it judges (scopes claim, closure and policy)."""
    from tracker.gate.definitions import ids_matching
    from tracker.gate.engine import tally

    def base_owned(finding: Finding) -> bool:
        return bool(finding.item) and finding.item not in touched and finding.code in sensitive

    findings = [f for f in fresh.findings if not base_owned(f)] + [f for f in base.findings if base_owned(f)]
    ids = sorted({item.id for item in new.items})
    reaching = {gate.name for gate in gates
                if ids_matching(gate.blocks, ids) & touched or ids_matching(gate.requires, ids) & touched}
    earlier = {result.name: result for result in base.gates}
    results: list[GateResult] = [result if result.name in reaching or result.name not in earlier
                                 else earlier[result.name] for result in fresh.gates]
    return tally(findings, results, new.items)

