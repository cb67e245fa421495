"""Each done claim's standing after a check: proven, suspect or unproven, with the reasons (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from collections.abc import Iterable

from tracker.gate.finding import Finding
from tracker.model import Item, Status

Standing = Literal["proven", "suspect", "unproven", "not-done"]


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    standing: Standing
    location: str
    evidence: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)  # `CODE message`, errors first


def standings(items: Iterable[Item], findings: Iterable[Finding], codes: frozenset[str],
              wanted: list[str] | None = None) -> list[Claim]:
    """One Claim per done item (or per wanted ID): an unwaived error makes it unproven, a warning or a waived
    finding (a waiver, a forced close, a baseline) suspect; only findings of `codes` (claim rules) count."""
    about: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.item and finding.code in codes:
            about.setdefault(finding.item, []).append(finding)
    claims: list[Claim] = []
    seen: set[str] = set()
    for item in items:
        if (wanted and item.id not in wanted) or item.id in seen:
            continue
        if item.status is not Status.DONE:
            if wanted:
                seen.add(item.id)
                claims.append(Claim(item.id, "not-done", item.location, item.evidence,
                                    (f"status is {item.status.value}",)))
            continue
        seen.add(item.id)
        mine = about.get(item.id, [])
        errors = [f for f in mine if f.severity == "error" and not f.waived]
        doubts = [f for f in mine if f not in errors]
        standing: Standing = "unproven" if errors else "suspect" if doubts else "proven"
        reasons = tuple(f"{f.code} {f.message}" + (f" [waived: {f.waiver}]" if f.waived else "")
                        for f in errors + doubts)
        claims.append(Claim(item.id, standing, item.location, item.evidence, reasons))
    return claims
