"""What reading one piece of evidence concluded: its kind, whether it proves, and the counts it saw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ProofKind = Literal["junit", "attestation", "commit", "file"]
Outcome = Literal["proven", "failing", "vacuous", "missing-test", "unreadable", "not-passed"]


@dataclass(frozen=True, slots=True)
class Counts:
    """Test counts read from a report (testcase elements, or an attestation's lists)."""

    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    @property
    def ran(self) -> int:
        return self.tests - self.skipped


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: ProofKind
    outcome: Outcome
    message: str = ""  # why it does not prove; empty when proven
    counts: Counts | None = None
    commits: tuple[str, ...] = ()  # an attestation's subject commits, for the ancestry check

    @property
    def proven(self) -> bool:
        return self.outcome == "proven"

    def record(self) -> dict[str, Any]:
        """The ledger's view of this verdict: kind, outcome and counts (no message: it is recomputable)."""
        out: dict[str, Any] = {"kind": self.kind, "outcome": self.outcome}
        if self.counts is not None:
            out.update(tests=self.counts.tests, failures=self.counts.failures, errors=self.counts.errors,
                       skipped=self.counts.skipped)
        if self.commits:
            out["subject"] = list(self.commits)
        return out


def wanted_tests(value: str) -> tuple[str, ...]:
    """The test names an evidence reference requires: `reports/unit.xml#test_a,test_b` -> (test_a, test_b)."""
    if "#" not in value:
        return ()
    fragment = value.split("#", 1)[1]
    return tuple(name.strip() for name in fragment.split(",") if name.strip())


def recorded(entry: dict[str, Any]) -> str:
    """One ledger evidence entry as `tracker history` shows it: path, kind, counts, hash or commit."""
    parts = [str(entry.get("path"))]
    kind = entry.get("kind")
    if kind:
        parts.append(str(kind) if kind == "file" else f"{kind} {entry.get('outcome', '')}".strip())
    if "tests" in entry:
        parts.append(f"{entry.get('tests')} tests, {entry.get('failures')} failures, {entry.get('errors', 0)} errors, "
                     f"{entry.get('skipped')} skipped")
    if entry.get("sha256"):
        parts.append(f"sha256 {str(entry['sha256'])[:12]}")
    if entry.get("commit"):
        parts.append(f"commit {str(entry['commit'])[:12]}")
    return "; ".join(parts)
