"""Output formats behind one interface: `emit(outcome, fmt)` for a project's check or a change's.

Every format (text, json, github, sarif, junit) renders both a CheckResult (`tracker check`) and a
ChangeResult (`tracker check --base`, the hook), so every format works in every mode.
"""

from __future__ import annotations

from typing import Any

from tracker.errors import UsageError
from tracker.gate.finding import ChangeResult, CheckResult

FORMATS = ("text", "json", "github", "sarif", "junit")


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return fmt


def emit(outcome: CheckResult | ChangeResult, fmt: str, project: Any = None) -> str:
    """The text of `outcome` in format `fmt` (for stdout or --output)."""
    from tracker.report import check_json, check_text, github, junit, sarif

    check_format(fmt)
    if isinstance(outcome, ChangeResult):
        change_renderers = {"text": check_text.render_change, "json": check_json.render_change,
                            "github": github.render_change, "sarif": sarif.render_change,
                            "junit": junit.render_change}
        return change_renderers[fmt](outcome)
    if fmt == "junit":
        return junit.render(outcome, project)
    renderers = {"text": check_text.render, "json": check_json.render, "github": github.render,
                 "sarif": sarif.render}
    return renderers[fmt](outcome)


def verdict(outcome: CheckResult | ChangeResult) -> str:
    """The one-line summary people read on stderr."""
    from tracker.report.check_text import change_summary, summary

    return change_summary(outcome) if isinstance(outcome, ChangeResult) else summary(outcome)
