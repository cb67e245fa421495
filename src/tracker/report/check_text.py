"""`tracker check` as text, for a whole project or for a change judged against a base."""

from __future__ import annotations

from tracker.gate.finding import ChangeResult, CheckResult
from tracker.report.findings import text_lines


def render(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        if f.waived and f.waiver == "baseline":
            continue  # accepted legacy findings stay quiet; --format json still lists them
        lines += text_lines(f)
    return "".join(line + "\n" for line in lines)


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


def render_change(change: ChangeResult) -> str:
    """Transitions, the findings that block and those to review, a count of older ones, the verdict."""
    lines = []
    if change.subject == "change":  # a commit's transitions show as notes on its findings
        lines.append(f"{change.head} against {change.base} ({change.base_sha[:10]}): "
                     f"{len(change.transitions)} status transition(s)")
        lines += [f"  {t.path}:{t.line}: {t.id} {t.label}" for t in change.transitions]
    for f in change.blocking:
        why = change.changed_claims.get(f.item or "")
        lines += text_lines(f, f"this {change.subject}: {f.item} {why}" if why else None)
    for f in change.review:
        lines += text_lines(f)
    if change.existing or change.old_warnings:
        lines.append(f"{len(change.existing)} error(s) and {len(change.old_warnings)} warning(s) already in "
                     f"{change.base} do not block this {change.subject} (`{change.list_command}` lists them)")
    verdict = change_summary(change)
    if verdict:
        lines.append(verdict)
    return "".join(line + "\n" for line in lines)


def change_summary(change: ChangeResult) -> str:
    """The verdict line; a commit that passes says nothing."""
    if change.subject == "commit":
        if not change.blocking:
            return ""
        claims = {f.item for f in change.blocking if f.item and f.item in change.changed_claims}
        what = (f"{len(claims)} done claim(s) in this commit fail their gates" if claims
                else f"{len(change.blocking)} error finding(s)")
        return f"commit refused: {what}; fix them, or bypass once with `git commit --no-verify`"
    return (f"{len(change.blocking)} new or changed done claim finding(s) fail" if change.blocking
            else "no new or changed done claim fails its gates")
