"""`tracker check` as text: `path:line: CODE message` and an indented hint; the summary goes to stderr."""

from __future__ import annotations

from tracker.gate.finding import CheckResult, Finding


def location(finding: Finding) -> str:
    path = finding.path or "-"
    return f"{path}:{finding.line}" if finding.line else path


def render(result: CheckResult, project=None) -> str:
    lines = []
    for f in result.findings:
        if f.waived and f.waiver == "baseline":
            continue  # accepted legacy findings stay quiet; --format json still lists them
        tail = f" [waived: {f.waiver}]" if f.waived else ""
        level = "" if f.severity == "error" else " (warning)"
        lines.append(f"{location(f)}: {f.code} {f.message}{level}{tail}")
        lines.append(f"    hint: {f.hint}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(result: CheckResult) -> str:
    waived = sum(1 for f in result.findings if f.waived)
    failed = [g.name for g in result.gates if not g.passed]
    parts = [f"{result.errors} error(s), {result.warnings} warning(s)"]
    if waived:
        parts.append(f"{waived} waived")
    parts.append(f"{result.done_claims_proven}/{result.done_claims} done claims proven, "
                 f"{result.items_checked} items checked")
    if result.gates:
        parts.append(f"gates: {len(result.gates) - len(failed)} passed, {len(failed)} failed"
                     + (f" ({', '.join(failed)})" if failed else ""))
    return "; ".join(parts)
