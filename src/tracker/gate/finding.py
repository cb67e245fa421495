"""Findings, gate results and the result of one check run (plain data, no I/O)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Key = tuple[str, str, str]

# Line numbers in a message ("at plan.md:12", "line 3") move with unrelated edits; the key ignores them.
_LINE_NUMBERS = re.compile(r"(:|\bline )\d+")


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # stable, e.g. "TRK101"
    rule: str  # kebab-case name, e.g. "done-without-evidence"
    severity: Severity
    message: str
    hint: str
    path: str | None = None
    line: int | None = None
    item: str | None = None
    evidence: str | None = None  # the evidence string concerned
    waived: bool = False  # reported, but never fails a run (waiver, baseline or --force)
    waiver: str | None = None  # why it is waived: the waiver's reason, "baseline", or the forced close's reason
    anchor: str | None = None  # a non-item subject: region name, gate name, waiver, dependency
    occurrence: int = 1  # the nth row carrying this item ID (duplicate IDs must not share a key)

    @property
    def scope(self) -> str:
        """The catalogue's scope of this finding's rule (claim, item, document, region, policy, ...)."""
        from tracker.gate.registry import scope_of

        return scope_of(self.code) or "document"

    @property
    def subject(self) -> str:
        """What the finding is about, without line numbers: the item (and evidence, anchor), or the anchor."""
        if self.item:
            parts = [self.item if self.occurrence == 1 else f"{self.item}#{self.occurrence}"]
            parts += [p for p in (self.evidence, self.anchor) if p]
            return " ".join(parts)
        if self.anchor or self.evidence:
            return " ".join(p for p in (self.anchor, self.evidence) if p)
        return _LINE_NUMBERS.sub(r"\1#", self.message)

    @property
    def key(self) -> Key:
        """Identity across runs and revisions: (path, code, subject). Moving lines keeps it; a second
        problem of the same rule on another item, evidence, region or row gets its own."""
        return (self.path or "", self.code, self.subject)

    @property
    def fingerprint(self) -> str:
        """The key as one short stable string (SARIF partialFingerprints, baselines)."""
        return hashlib.sha256("\x1f".join(self.key).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class GateResult:
    name: str
    passed: bool
    reasons: list[str] = field(default_factory=list)
    path: str | None = None
    line: int | None = None


@dataclass(slots=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    gates: list[GateResult] = field(default_factory=list)
    items_checked: int = 0
    done_claims: int = 0
    done_claims_proven: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error" and not f.waived)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning" and not f.waived)

    def summary(self) -> dict[str, int]:
        return {
            "errors": self.errors,
            "warnings": self.warnings,
            "items_checked": self.items_checked,
            "done_claims": self.done_claims,
            "done_claims_proven": self.done_claims_proven,
        }


@dataclass(slots=True)
class ChangeResult:
    """A change judged against a base (`check --base`, the hook): what the reporters render in change mode.

    `result` is the full check of the judged side; the lists sort its unwaived findings by what they
    mean for this change. Transitions are tracker.compare.Transition values.
    """

    base: str  # the REF as given ("HEAD" for the hook)
    base_sha: str
    head: str  # "HEAD", "working tree" or "staged"
    result: CheckResult
    transitions: list[Any] = field(default_factory=list)
    changed_claims: dict[str, str] = field(default_factory=dict)  # item ID -> what the change did to its claim
    blocking: list[Finding] = field(default_factory=list)  # fail this change
    review: list[Finding] = field(default_factory=list)  # warnings about this change, for a reviewer
    existing: list[Finding] = field(default_factory=list)  # errors already present at the base
    old_warnings: list[Finding] = field(default_factory=list)
    changed_lines: dict[str, set[int]] = field(default_factory=dict)
    changed_gate_files: set[str] = field(default_factory=set)
    project: Any = None  # the judged side's Project (JUnit lists its done claims)
    subject: str = "change"  # "change" (check --base) or "commit" (the hook): how the verdict reads
    list_command: str = "tracker check"  # what lists the findings this change does not answer for
