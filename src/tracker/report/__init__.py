"""Output formats behind one interface: `emit(outcome, fmt)` for a project's check or a change's.

Every format (text, json, github, sarif, junit) renders both a CheckResult (`tracker check`) and a
ChangeResult (`tracker check --base`, the hook), so every format works in every mode. A run imports only the
module of the format it prints (JUnit pulls in xml.etree, SARIF urllib).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tracker.errors import UsageError

if TYPE_CHECKING:  # imported where used: `status --format json` needs none of the gate
    from tracker.gate.finding import ChangeResult, CheckResult

# format -> its module under tracker.report; each has render(result) and render_change(change).
MODULES = {"text": "check_text", "json": "check_json", "github": "github", "sarif": "sarif", "junit": "junit"}
FORMATS = tuple(MODULES)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return fmt


def emit(outcome: CheckResult | ChangeResult, fmt: str, project: Any = None) -> str:
    """The text of `outcome` in format `fmt` (for stdout or --output)."""
    from importlib import import_module

    from tracker.gate.finding import ChangeResult

    module = import_module(f"tracker.report.{MODULES[check_format(fmt)]}")
    text: str
    if isinstance(outcome, ChangeResult):
        text = module.render_change(outcome)
    elif fmt == "junit":
        text = module.render(outcome, project)  # the suite lists every checked item
    else:
        text = module.render(outcome)
    return text


# Extra reports of this run, format -> file (`check --output-sarif FILE`): one check run writes the
# annotations on stdout and the SARIF file for code scanning, so a CI job never runs the check twice.
_ALSO: dict[str, str] = {}


_STATISTICS: list[bool] = [False]


def show_statistics(on: bool) -> None:
    """`check --statistics`: after the report, counts per rule on stderr."""
    _STATISTICS[0] = on


def statistics(outcome: CheckResult | ChangeResult) -> str:
    """Unwaived findings counted per rule, most frequent first: `  12  TRK101  done-without-evidence`."""
    from tracker.gate.finding import ChangeResult

    findings = (outcome.blocking + outcome.review if isinstance(outcome, ChangeResult)
                else [f for f in outcome.findings if not f.waived])
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.code, f.rule)] = counts.get((f.code, f.rule), 0) + 1
    ranked = sorted(counts.items(), key=lambda entry: (-entry[1], entry[0][0]))
    width = len(str(ranked[0][1])) if ranked else 1
    return "".join(f"{n:>{width}}  {code}  {rule}\n" for (code, rule), n in ranked)


def also_write(fmt: str, path: str | None) -> None:
    """Register a file that gets the report in `fmt` too, whatever --format prints."""
    if path:
        _ALSO[check_format(fmt)] = path


def write_reports(outcome: CheckResult | ChangeResult, fmt: str, output: str | None, project: Any = None) -> None:
    """The report on stdout (and --output), then every registered extra report: the one way check, check
    --base and the hook hand their outcome to files."""
    from pathlib import Path

    text = emit(outcome, fmt, project)
    sys.stdout.write(text)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    for extra_fmt, path in _ALSO.items():
        Path(path).write_text(text if extra_fmt == fmt else emit(outcome, extra_fmt, project), encoding="utf-8")
    if _STATISTICS[0]:
        sys.stderr.write(statistics(outcome))


def verdict(outcome: CheckResult | ChangeResult) -> str:
    """The one-line summary people read on stderr."""
    from tracker.gate.finding import ChangeResult
    from tracker.report.check_text import change_summary, summary

    return change_summary(outcome) if isinstance(outcome, ChangeResult) else summary(outcome)
