"""The Markdown job summary (GITHUB_STEP_SUMMARY): transitions, findings and gate status as tables."""

from __future__ import annotations

import os
from pathlib import Path

STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def _cell(text: object) -> str:
    # A pipe or a newline would break the table row.
    return str(text if text is not None else "").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def summary_markdown(base: str, head: str, transitions, blocking, existing, notes, gates) -> str:
    """One section: a verdict line, then tables of transitions, findings and gates."""
    verdict = (f"**{len(blocking)} finding(s) block this change**" if blocking
               else "**No new or changed done claim fails its gates**")
    lines = [f"## tracker: {head} against {base}", "", verdict, ""]
    if transitions:
        lines += [f"### Status transitions ({len(transitions)})", ""]
        lines += _table(["Item", "Change", "Where", "Title"],
                        [[f"`{t.id}`", t.label, f"{t.path}:{t.line}", t.title[:80]] for t in transitions])
        lines.append("")
    else:
        lines += ["No status transitions.", ""]
    shown = [("blocks", f) for f in blocking] + [("review", f) for f in notes]
    if shown:
        lines += [f"### Findings ({len(shown)})", ""]
        lines += _table(["", "Code", "Item", "Where", "Message", "Fix"],
                        [[verdict_mark, f"{f.code} {f.rule}", f.item or "", f"{f.path}:{f.line}" if f.path else "",
                          f.message, f.hint] for verdict_mark, f in shown])
        lines.append("")
    if existing:
        lines += [f"{len(existing)} finding(s) already present at {base} do not block this change.", ""]
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
