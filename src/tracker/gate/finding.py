"""Findings, gate results and the result of one check run (plain data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


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
    evidence: str | None = None  # the evidence string concerned, part of the baseline key
    waived: bool = False  # reported, but never fails a run (waiver, baseline or --force)
    waiver: str | None = None  # why it is waived: the waiver's reason, "baseline", or the forced close's reason

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        """Baseline identity: stable across edits that only move lines."""
        return (self.code, self.item, self.evidence)


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
