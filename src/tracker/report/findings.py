"""The one finding formatter: `path:line: CODE message` with a hint line, and its one-line form."""

from __future__ import annotations

from tracker.gate.finding import Finding


def location(finding: Finding) -> str:
    path = finding.path or "-"
    return f"{path}:{finding.line}" if finding.line else path


def headline(finding: Finding) -> str:
    """`CODE message`, marked when it is a warning or waived."""
    level = "" if finding.severity == "error" else " (warning)"
    tail = f" [waived: {finding.waiver}]" if finding.waived else ""
    return f"{finding.code} {finding.message}{level}{tail}"


def text_lines(finding: Finding, note: str | None = None) -> list[str]:
    """A finding for people: where and what, then the hint (and a note on what the change did)."""
    lines = [f"{location(finding)}: {headline(finding)}"]
    if finding.hint:
        lines.append(f"    hint: {finding.hint}")
    if note:
        lines.append(f"    ({note})")
    return lines


def one_line(finding: Finding) -> str:
    """The message and its hint on one line, for annotation bodies and table cells."""
    waived = f" [waived: {finding.waiver}]" if finding.waived else ""
    return f"{finding.message}{waived}" + (f" — {finding.hint}" if finding.hint else "")


def title(finding: Finding) -> str:
    return f"{finding.code} {finding.rule}"
