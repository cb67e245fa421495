"""GitHub Actions workflow-command annotations (`::error file=…,line=…,title=…::message`): the one writer."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.gate.finding import ChangeResult, CheckResult, Finding
from tracker.report.findings import one_line, title


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, heading: str, body: str, path: str | None = None, line: int | None = None) -> str:
    props = []
    if path:
        props.append(f"file={_prop(path)}")
        if line:
            props.append(f"line={line}")
    props.append(f"title={_prop(heading)}")
    return f"::{level} {','.join(props)}::{_data(body)}"


def _findings(entries: Iterable[tuple[str, Finding]]) -> list[str]:
    return [annotation(level, title(f), one_line(f), f.path, f.line) for level, f in entries]


def _level(f: Finding) -> str:
    return "notice" if f.waived else ("error" if f.severity == "error" else "warning")


def render(result: CheckResult) -> str:
    lines = _findings((_level(f), f) for f in result.findings)
    for gate in result.gates:
        if not gate.passed:
            lines.append(annotation("error", f"gate {gate.name}", "gate has not passed: " + "; ".join(gate.reasons),
                                    gate.path, (gate.line or 1) if gate.path else None))
    return "".join(line + "\n" for line in lines)


def render_change(change: ChangeResult) -> str:
    """Errors for what blocks, warnings for what to review, notices for transitions on the changed lines."""
    lines = _findings([("error", f) for f in change.blocking] + [("warning", f) for f in change.review])
    for t in change.transitions:
        if t.new is not None and t.line in change.changed_lines.get(t.path, set()):
            lines.append(annotation("notice", "status change", f"{t.id} {t.label}", t.path, t.line))
    return "".join(line + "\n" for line in lines)
