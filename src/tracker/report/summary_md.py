"""The Markdown job summary (GITHUB_STEP_SUMMARY): transitions, findings and gate status as tables."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.gate.finding import ChangeResult
from tracker.report.findings import location, title

STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def _cell(text: object) -> str:
    # A pipe or a newline would break the table row.
    return str(text if text is not None else "").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def summary_markdown(change: ChangeResult) -> str:
    """One section: a verdict line, then tables of transitions, findings and gates."""
    base, head = change.base, change.head
    verdict = (f"**{len(change.blocking)} finding(s) block this {change.subject}**" if change.blocking
               else "**No new or changed done claim fails its gates**")
    lines = [f"## tracker: {head} against {base}", "", verdict, ""]
    transitions = change.transitions
    if transitions:
        lines += [f"### Status transitions ({len(transitions)})", ""]
        lines += _table(["Item", "Change", "Where", "Title"],
                        [[f"`{t.id}`", t.label, f"{t.path}:{t.line}", t.title[:80]] for t in transitions])
        lines.append("")
    else:
        lines += ["No status transitions.", ""]
    shown = [("blocks", f) for f in change.blocking] + [("review", f) for f in change.review]
    if shown:
        lines += [f"### Findings ({len(shown)})", ""]
        lines += _table(["", "Code", "Item", "Where", "Message", "Fix"],
                        [[mark, title(f), f.item or "", location(f) if f.path else "", f.message, f.hint]
                         for mark, f in shown])
        lines.append("")
    if change.existing:
        lines += [f"{len(change.existing)} finding(s) already present at {base} do not block this {change.subject}.",
                  ""]
    gates = change.result.gates
    if gates:
        lines += ["### Gates", ""]
        lines += _table(["Gate", "Status", "Reasons"],
                        [[g.name, "pass" if g.passed else "fail", "; ".join(g.reasons[:3])] for g in gates])
        lines.append("")
    return "\n".join(lines) + "\n"


def append_step_summary(text: str, env: dict[str, str] | None = None) -> Path | None:
    """Append to the file GITHUB_STEP_SUMMARY names, when it is set; return that path."""
    target = (env if env is not None else os.environ).get(STEP_SUMMARY_ENV)
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return path
