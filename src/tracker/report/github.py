"""GitHub Actions workflow-command annotations: `::error file=…,line=…,title=…::message`."""

from __future__ import annotations

from tracker.gate.finding import CheckResult


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, project=None) -> str:
    lines = []
    for f in result.findings:
        kind = "notice" if f.waived else ("error" if f.severity == "error" else "warning")
        props = []
        if f.path:
            props.append(f"file={_prop(f.path)}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_prop(f'{f.code} {f.rule}')}")
        body = f.message + (f" [waived: {f.waiver}]" if f.waived else "") + f"\nhint: {f.hint}"
        lines.append(f"::{kind} {','.join(props)}::{_data(body)}")
    for gate in result.gates:
        if not gate.passed:
            props = [f"file={_prop(gate.path)}", f"line={gate.line or 1}"] if gate.path else []
            props.append(f"title={_prop('gate ' + gate.name)}")
            lines.append(f"::error {','.join(props)}::{_data('gate has not passed: ' + '; '.join(gate.reasons))}")
    return "\n".join(lines) + ("\n" if lines else "")
