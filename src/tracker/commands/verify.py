"""`tracker verify [ID...]`: re-check every done claim now and say which are proven, suspect or unproven.

It runs the whole rule catalogue over the working tree (ledger hashes, reports re-parsed, commits and
attestations against git, freshness of what items cover) and keeps the findings about done claims.
Exit 1 when any claim is unproven; suspect claims (warnings, waivers, forced closes) are shown, not failed.
"""

from __future__ import annotations

import json
import sys

from typing import TYPE_CHECKING

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from tracker.gate.proof.claims import Claim


def run(ids: list[str], fmt: str = "text", paths: list[str] | None = None, strict: bool = False) -> int:
    from tracker.clock import today
    from tracker.gate.engine import run_check
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.gate.proof.claims import standings
    from tracker.gate.registry import rules_with_scope
    from tracker.project import load_project

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}; use text or json")
    project = load_project(paths or [])
    known = {item.id for item in project.items}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UsageError(f"no item {', '.join(unknown)} in the trackers (`tracker status` lists them)")
    result = run_check(project, CheckOptions(strict=strict, today=today(), git=Checkout(project.root)))
    claims = standings(project.items, result.findings, rules_with_scope("claim", "closure"), ids or None)
    if fmt == "json":
        payload = {"claims": [{"id": c.id, "standing": c.standing, "location": c.location,
                               "evidence": list(c.evidence), "reasons": list(c.reasons)} for c in claims],
                   "summary": _counts(claims)}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_table(claims))
    counts = _counts(claims)
    sys.stderr.write(", ".join(f"{n} {state}" for state, n in counts.items() if n or state != "not-done") + "\n")
    for _path, message in project.errors:
        sys.stderr.write(f"error: {message}\n")
    if project.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if counts["unproven"] else EXIT_OK


def _counts(claims: list[Claim]) -> dict[str, int]:
    counts = {"proven": 0, "suspect": 0, "unproven": 0, "not-done": 0}
    for claim in claims:
        counts[claim.standing] += 1
    return counts


def _table(claims: list[Claim]) -> str:
    if not claims:
        return "no done claims\n"
    width = max(len(c.id) for c in claims)
    lines = [f"{'ID':<{width}}  {'STANDING':<9}  REASON"]
    for claim in claims:
        shown = ", ".join(claim.evidence)
        reasons = list(claim.reasons) or [f"holds: {shown if len(shown) <= 80 else shown[:77] + '...'}"
                                          if claim.evidence else "holds: its closure record"]
        lines.append(f"{claim.id:<{width}}  {claim.standing:<9}  {reasons[0]}")
        lines.extend(f"{'':<{width}}  {'':<9}  {reason}" for reason in reasons[1:])
    return "\n".join(lines) + "\n"
