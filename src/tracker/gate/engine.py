"""Run the rule catalogue over a project: severities, waivers, selection, forced closes and baselines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypedDict

from tracker.gate.context import CheckContext
from tracker.gate.finding import CheckResult, Finding, GateResult, Key
from tracker.gate.options import CheckOptions
from tracker.gate.registry import close_codes, shadowing
from tracker.model import Item, Project, Status


class WaiverEntry(TypedDict):
    item: str
    rule: str
    reason: str
    path: str
    line: int | None
    used: bool


class Waivers:
    """tracker.yaml `waivers:` and YAML items' `waivers:`; remembers which were used.

    When a change is judged (`policy` set), an item waiver counts only if the judging side already had it:
    a waiver the change adds to its own YAML tracker does not excuse its own claims.
    """

    def __init__(self, project: Project, policy: Any = None):  # a tracker.policy.Policy (CheckOptions.policy)
        self.entries: list[WaiverEntry] = []
        for waiver in project.config.waivers:
            self.entries.append({"item": waiver.item, "rule": waiver.rule, "reason": waiver.reason,
                                 "path": "tracker.yaml", "line": None, "used": False})
        for doc in project.documents:
            for item_id, rule, reason, line in doc.waivers:
                if policy is not None and (doc.path, item_id, rule.strip().lower()) not in policy.doc_waivers:
                    continue  # added by the change under review: listed as TRK209, never honoured
                self.entries.append({"item": item_id, "rule": rule, "reason": reason, "path": doc.path,
                                     "line": line, "used": False})

    def match(self, finding: Finding) -> str | None:
        for entry in self.entries:
            rule = entry["rule"].strip()
            if entry["item"] == finding.item and (rule.upper() == finding.code or rule.lower() == finding.rule):
                entry["used"] = True
                return entry["reason"]
        return None

    def unused(self) -> list[WaiverEntry]:
        return [e for e in self.entries if not e["used"]]


def _chosen(finding: Finding, patterns: list[str]) -> bool:
    return any(finding.code.startswith(p.strip().upper()) or p.strip().lower() == finding.rule for p in patterns)


class _Pipeline:
    def __init__(self, ctx: CheckContext, baseline: set[Key], honour_forced: bool = True):
        self.ctx = ctx
        self.options = ctx.options
        self.waivers = Waivers(ctx.project, ctx.options.policy)
        self.baseline = baseline
        self.forced: dict[str, str] = {}
        if honour_forced:
            from tracker.gate.rules_ledger import forced_reason

            # every done item with a closure, focused or not: a forced close excuses whatever rule finds on it
            index = ctx.index
            for item_id in ctx.ledger_latest:
                for item in index.get(item_id, ()):
                    reason = forced_reason(ctx, item)
                    if reason:
                        self.forced[item.id] = reason

    def process(self, finding: Finding) -> Finding | None:
        if self.ctx.severity(finding.code) == "off":
            return None
        reason = self.waivers.match(finding) if finding.item else None
        if self.options.select and not _chosen(finding, self.options.select):
            return None
        if self.options.ignore and _chosen(finding, self.options.ignore):
            return None
        if self.options.strict and finding.severity == "warning":
            finding = replace(finding, severity="error")
        if reason is None and finding.item in self.forced:
            reason = f"forced close: {self.forced[finding.item]}"
        if reason is None and finding.key in self.baseline:
            reason = "baseline"
        if reason is not None:
            finding = replace(finding, waived=True, waiver=reason)
        return finding


def _restamped(ctx: CheckContext, finding: Finding) -> Finding:
    """A finding built outside a rule family (e.g. by the base comparison), given the rule's name and the
    severity the policy sets, so it meets the same pipeline as every other finding."""
    from tracker.gate.registry import RULES

    severity = ctx.severity(finding.code)
    if severity == "off":
        return finding  # the pipeline drops it
    return replace(finding, rule=RULES[finding.code].name, severity="warning" if severity == "warning" else "error")


def _without_shadowed(findings: list[Finding]) -> list[Finding]:
    """Drop findings that a finding of a rule declaring `shadows=` explains better (same item and evidence)."""
    shadows = shadowing()
    explained = {(shadows[f.code], f.item, f.evidence) for f in findings if f.code in shadows}
    if not explained:
        return findings
    return [f for f in findings if (f.code, f.item, f.evidence) not in explained]


def _run(ctx: CheckContext, *, honour_forced: bool = True, use_baseline: bool = True,
         extra: Iterable[Finding] = ()) -> CheckResult:
    from tracker.gate.catalogue import families

    baseline: set[Key] = set()
    policy = ctx.options.policy
    if use_baseline and policy is not None:
        baseline = set(policy.baseline or ())  # read from the judging side, never the change
    elif use_baseline and ctx.options.baseline:
        from tracker.gate.baseline import load_baseline

        baseline = load_baseline(ctx.options.baseline)
    pipeline = _Pipeline(ctx, baseline, honour_forced)
    for module in families():
        for raw in module.check(ctx):
            finding = pipeline.process(raw)
            if finding is not None:
                ctx.findings.append(finding)
    for raw in extra:
        finding = pipeline.process(_restamped(ctx, raw))
        if finding is not None:
            ctx.findings.append(finding)
    for entry in pipeline.waivers.unused():
        finding = pipeline.process(ctx.finding(
            "TRK206", f"waiver for {entry['item']} {entry['rule']} matches no finding ({entry['reason']!r})",
            "delete the waiver", item=entry["item"], path=entry["path"], line=entry["line"],
            anchor=f"waiver {entry['rule']}"))
        if finding is not None:
            ctx.findings.append(finding)
    return tally(ctx.findings, ctx.gate_results, ctx.items, ctx.done_items())


def tally(findings: list[Finding], gates: list[GateResult], items: list[Item],
          done: list[Item] | None = None) -> CheckResult:
    """A run's result: its findings in document order, less the shadowed ones, its gates, and how many done
    claims (`done`, else every done item) hold, a claim failing on an unwaived error (a baseline hides none)."""
    if done is None:
        done = [item for item in items if item.status is Status.DONE]
    failing = {f.item for f in findings if f.severity == "error" and (not f.waived or f.waiver == "baseline")}
    return CheckResult(
        findings=sorted(_without_shadowed(findings), key=lambda f: (f.path or "", f.line or 0, f.code, f.item or "")),
        gates=list(gates),
        items_checked=len(items),
        done_claims=len(done),
        done_claims_proven=sum(1 for item in done if item.id not in failing),
    )


def run_check(project: Project, options: CheckOptions | None = None, extra: Iterable[Finding] = (),
              focus: set[str] | None = None) -> CheckResult:
    """Every rule and gate over the whole project. `extra`: findings a caller made outside the rule families
    (the base comparison's), judged by the same pipeline: severity, selection, waivers, baseline. `focus`: judge
    the done claims of only these IDs (and what their gates require); the other rules still see everything."""
    ctx = CheckContext(project, options or CheckOptions())
    if focus is not None:
        ctx.focus = _focus(ctx, *focus) if focus else set()
    return _run(ctx, extra=extra)


def check_item(project: Project, item: Item, evidence: list[str], options: CheckOptions | None = None,
               scoped: bool = True) -> list[Finding]:
    """Judge ONE item as if it were done with `evidence` added: what `tracker close` must refuse on.

    Returns the findings about that item from the evidence, dependency, checklist and gate rules
    (error ones block the close). Earlier forced closes and baselines do not excuse a new close.
    When no gate blocks the item, only `claim_scope` is judged: nothing else can change its verdict
    (`scoped=False` judges the whole project; the tests hold both to the same findings).
    """
    extra = [e for e in evidence if e not in item.evidence]
    candidate = replace(item, status=Status.DONE, evidence=(*item.evidence, *extra))
    key = (item.id, item.source.path, item.source.line)
    items = [candidate if (i.id, i.source.path, i.source.line) == key else i for i in project.items]
    options = options or CheckOptions()
    ctx = CheckContext(project, options, items=items)
    if scoped and not _gated(ctx, item.id):
        ctx.items = claim_scope(items, candidate)
    ctx.focus = _focus(ctx, item.id)
    result = _run(ctx, honour_forced=False, use_baseline=False)
    return [f for f in result.findings if f.item == item.id and f.code in close_codes()]


def claim_scope(items: list[Item], item: Item) -> list[Item]:
    """What can change the close verdict of `item` when no gate blocks it: the rows with its ID, the items its
    dependencies name (their status), and its document's task-list items (its checklist). The rules judged on
    close read nothing else about it; what other rules would find is about other items, and dropped."""
    wanted = {item.id, *item.depends_on}
    path = item.source.path
    return [i for i in items if i.id in wanted or (i.kind == "check" and i.source.path == path)]


def _gated(ctx: CheckContext, item_id: str) -> bool:
    """Whether a gate blocks the item: then what its gates require, and so the whole project, can change it."""
    from tracker.gate.definitions import ids_matching

    return any(ids_matching(gate.blocks, [item_id]) for gate in ctx.gates)


def _focus(ctx: CheckContext, *item_ids: str) -> set[str]:
    """The items, plus every ID the gates that block them require (transitively): all a close needs judged.
    Each gate's blocked and required IDs are matched against the project once, not once per item."""
    from tracker.gate.definitions import ids_matching

    gates = ctx.gates
    blocked = [ids_matching(gate.blocks, ctx.sorted_ids) for gate in gates]
    required: dict[int, set[str]] = {}
    known = set(ctx.sorted_ids)
    focus, frontier = set(item_ids), list(item_ids)
    while frontier:
        current = frontier.pop()
        for n, gate in enumerate(gates):
            # an ID no item has (a finding about a stray waiver, say) is matched on its own
            if current in blocked[n] if current in known else ids_matching(gate.blocks, [current]):
                if n not in required:
                    required[n] = ids_matching(gate.requires, ctx.sorted_ids)
                for wanted in required[n] - focus:
                    focus.add(wanted)
                    frontier.append(wanted)
    return focus
