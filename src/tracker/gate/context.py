"""Everything one check run shares: the project, options, clock, evidence resolver, ledger and findings so far."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tracker.gate.evidence import BlobVerdicts, PolicyPaths, Resolved, Resolver
from tracker.gate.finding import Finding, GateResult
from tracker.gate.options import CheckOptions
from tracker.gate.registry import RULES, Rule
from tracker.model import Item, Project, Status

if TYPE_CHECKING:
    from tracker.gate.definitions import Gate
    from tracker.gate.gates import GateEval


def verdicts_for(project: Project) -> BlobVerdicts:
    """Evidence verdicts for a run over `project`, backed by the repository's cache (tracker.cache) when on."""
    from tracker.cache import policy_hash, store_for

    return BlobVerdicts(store_for(project.root, policy_hash(project.config)))


class CheckContext:
    def __init__(self, project: Project, options: CheckOptions | None = None, items: list[Item] | None = None,
                 focus: set[str] | None = None):
        self.project = project
        self.options = options or CheckOptions()
        self.config = project.config
        self.source = project.source
        self.items: list[Item] = items if items is not None else project.items
        self.today: dt.date = self.options.date()
        self.verdicts = verdicts_for(project)  # blob verdicts shared by every resolver of this run
        self.resolver = Resolver(self.source, self.policy_paths(), self.verdicts)
        self.findings: list[Finding] = []  # processed findings of the families run so far
        self.ledger_problems: list[tuple[int, str]] = []
        # Set by rules_gates: each gate's verdict (reported) and its evaluation (read by later rules).
        self.gate_results: list[GateResult] = []
        self.gate_evals: list[GateEval] = []
        # When set (by check_item), per-item rules judge only these IDs: the item and what its gates require.
        self.focus = focus
        # Per item object (kept beside its answer, so its id is never reused while the entry lives).
        self._evidence_of: dict[int, tuple[Item, tuple[str, ...]]] = {}
        self._resolved: dict[int, tuple[Item, tuple[Resolved, ...]]] = {}
        self._done: tuple[list[Item], set[str] | None, list[Item]] | None = None  # (items, focus, done items)
        self._severities: dict[str, str] = {}  # code -> severity: asked per item by several rules; fixed per run

    def policy_paths(self) -> PolicyPaths:
        """The files this run reads as policy or state; none of them is evidence."""
        config = self.config
        return PolicyPaths(frozenset(doc.path for doc in self.project.documents if doc.items),
                           config.ledger or "evidence/ledger.jsonl", config.gates or "gates")

    @cached_property
    def worktree_resolver(self) -> Resolver:
        """Evidence resolved on disk, for the rules that compare the working tree with the index or a revision."""
        from tracker.source import WorktreeSource

        return Resolver(WorktreeSource(self.project.root), self.policy_paths(), self.verdicts)

    # --- items -------------------------------------------------------------------------------
    @cached_property
    def index(self) -> dict[str, list[Item]]:
        found: dict[str, list[Item]] = {}
        for item in self.items:
            found.setdefault(item.id, []).append(item)
        return found

    @cached_property
    def gates(self) -> list[Gate]:
        """Gate definitions, read from options.gates_source (a base revision) or the project's source."""
        from tracker.gate.definitions import load_gates

        source = self.options.gates_source or self.source
        return load_gates(source, self.config.gates or "gates")

    @cached_property
    def sorted_ids(self) -> list[str]:
        return sorted(self.index)

    @cached_property
    def position(self) -> dict[int, int]:
        """Document order of each item object, for stable messages."""
        return {id(item): n for n, item in enumerate(self.items)}

    def done_items(self) -> list[Item]:
        # Asked by most rule families; worked out again only when `items` or `focus` was replaced (check_item).
        known = self._done
        if known is None or known[0] is not self.items or known[1] is not self.focus:
            if self.focus is not None:
                found = [item for item in self.items if item.status is Status.DONE and item.id in self.focus]
            else:
                found = [item for item in self.items if item.status is Status.DONE]
            known = self._done = (self.items, self.focus, found)
        return list(known[2])

    # --- rule configuration ------------------------------------------------------------------
    def severity(self, code: str) -> str:
        """error | warning | off, after tracker.yaml `rules:` (keyed by code or name)."""
        known = self._severities.get(code)
        if known is None:
            known = self._severities[code] = self._severity(code)
        return known

    def _severity(self, code: str) -> str:
        rule = RULES[code]
        rules = self.config.rules
        configured = rules.get(code, rules.get(rule.name))
        if configured is not None:
            return configured
        if rule.opt_in and not self._selected_explicitly(rule):
            return "off"
        return rule.severity

    def enabled(self, code: str) -> bool:
        return self.severity(code) != "off"

    def _selected_explicitly(self, rule: Rule) -> bool:
        return any(s.upper() == rule.code or s.lower() == rule.name for s in self.options.select)

    def finding(self, code: str, message: str, hint: str, *, item: Item | str | None = None, path: str | None = None,
                line: int | None = None, evidence: str | None = None, anchor: str | None = None) -> Finding:
        rule = RULES[code]
        item_id = item.id if isinstance(item, Item) else item
        occurrence = 1
        if isinstance(item, Item):
            path = path or item.source.path
            line = line if line is not None else item.source.line
            same = self.index.get(item.id, ())
            if len(same) > 1:  # a second row with the same ID is a subject of its own
                occurrence = next((n for n, other in enumerate(same, 1) if other is item), 1)
        severity = self.severity(code)
        return Finding(code=code, rule=rule.name, severity="warning" if severity == "warning" else "error",
                       message=message, hint=hint, path=path, line=line, item=item_id, evidence=evidence,
                       anchor=anchor, occurrence=occurrence)

    # --- evidence ----------------------------------------------------------------------------
    @cached_property
    def ledger(self) -> list[dict[str, Any]]:
        from tracker.gate.evidence import inside, refusal
        from tracker.ledger import read_ledger

        rel = self.config.ledger or "evidence/ledger.jsonl"
        why = refusal(rel) or (None if inside(rel) else "leaves the repository")
        if why:  # tracker.yaml may come from a pull request: never read outside the repository
            self.ledger_problems.append((0, f"ledger path {rel!r} {why}; not read"))
            return []
        records = read_ledger(self.source, rel, self.ledger_problems)
        policy = self.options.policy
        if policy is None:
            return records
        return list(policy.ledger_records) + self._appended(records[len(policy.ledger_records):])

    def _appended(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Records the change under review appends: its forced closes excuse nothing, and a close that names
        evidence another item already rests on proves nothing about this one (both listed for review)."""
        if not records:
            return []
        others: dict[str, set[str]] = {}
        for item in self.items:
            for value in item.evidence:
                found = self.resolver.resolve(value, item.source.path)
                others.setdefault(found.rel or value, set()).add(item.id)
        for record in self.options.policy.ledger_records:
            for fp in record.get("evidence") or []:
                others.setdefault(fp["path"], set()).add(record["id"])
        kept = []
        for record in records:
            if any(others.get(fp["path"], set()) - {record["id"]} for fp in record.get("evidence") or []):
                continue
            kept.append({**record, "forced": False})
        return kept

    @cached_property
    def ledger_latest(self) -> dict[str, dict[str, Any]]:
        from tracker.ledger import latest_by_item

        return latest_by_item(self.ledger)

    def closure(self, item: Item) -> dict[str, Any] | None:
        """The item's latest ledger record when it closed the item (a reopen cancels it)."""
        record = self.ledger_latest.get(item.id)
        if record and record.get("action") in ("close", "set") and record.get("status", "done") == "done":
            return record
        return None

    def evidence_of(self, item: Item) -> tuple[str, ...]:
        """The item's own evidence, plus what its latest closure recorded in the ledger (a shared, immutable
        answer: several rules ask for every done item, and copying it each time was a cost of its own)."""
        known = self._evidence_of.get(id(item))  # several rules ask for every done item; the ledger is fixed
        if known is None:
            values = item.evidence  # a tuple already: copied only when the ledger adds to it
            if values.__class__ is not tuple:
                values = tuple(values)
            record = self.closure(item)
            if record:
                added = list(values)
                added.extend(e["path"] for e in record.get("evidence", []) if e["path"] not in added)
                values = tuple(added)
            known = self._evidence_of[id(item)] = (item, values)
        return known[1]

    def resolved(self, item: Item) -> tuple[Resolved, ...]:
        known = self._resolved.get(id(item))
        if known is None:
            resolve, path = self.resolver.resolve, item.source.path
            known = self._resolved[id(item)] = (item, tuple([resolve(value, path) for value in self.evidence_of(item)]))
        return known[1]

    def errors_for(self, item_id: str) -> list[Finding]:
        return [f for f in self.findings if f.item == item_id and f.severity == "error" and not f.waived]

    def error_codes(self) -> dict[str, set[str]]:
        """Item ID -> codes of its failing (error, unwaived) findings so far; rebuilt only when findings grew."""
        if getattr(self, "_error_codes_at", -1) != len(self.findings):
            codes: dict[str, set[str]] = {}
            for f in self.findings:
                if f.item and f.severity == "error" and not f.waived:
                    codes.setdefault(f.item, set()).add(f.code)
            self._error_codes = codes
            self._error_codes_at = len(self.findings)
        return self._error_codes
