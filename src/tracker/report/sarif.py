"""SARIF 2.1.0 for GitHub code scanning: the rule catalogue as rules, findings as results."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from tracker import __version__
from tracker.gate.finding import ChangeResult, CheckResult, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "trackerKey/v2"
# The tool's public page (the distribution's name on the package index): the one address SARIF viewers link.
INFORMATION_URI = "https://pypi.org/project/evidence-tracker/"
ROOT = "%SRCROOT%"  # every location is relative to the repository's root, which the consumer knows


def artifact_uri(path: str) -> str | None:
    """`path` as a repository-relative URI reference (percent-encoded), or None when it is outside the
    repository (absolute, or climbing out with `..`): SARIF then names it in the message, not a location."""
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or (posix.parts and posix.parts[0].endswith(":")):
        return None
    return quote(posix.as_posix(), safe="/")


def _descriptors() -> tuple[list[dict[str, Any]], dict[str, int]]:
    from tracker.gate.registry import all_rules

    rules = [r for r in all_rules() if not r.removed]
    descriptors = [{
        "id": r.code,
        "name": "".join(part.capitalize() for part in r.name.split("-")),
        "shortDescription": {"text": r.name},
        "fullDescription": {"text": r.summary},
        "help": {"text": r.doc(), "markdown": _help_markdown(r)},
        "helpUri": INFORMATION_URI,
        "defaultConfiguration": {"level": "error" if r.severity == "error" else "warning",
                                 "enabled": not r.opt_in},
        "properties": {"tags": ["tracker", f"scope:{r.scope}"]},
    } for r in rules]
    return descriptors, {r.code: n for n, r in enumerate(rules)}


def _help_markdown(rule: Any) -> str:
    return (f"**{rule.code} {rule.name}**\n\n{rule.summary}\n\n**Why it matters.** {rule.why}\n\n"
            f"**Example.** {rule.example}\n\n**Instead.** {rule.instead}")


def _location(f: Finding) -> dict[str, Any] | None:
    uri = artifact_uri(f.path) if f.path else None
    if uri is None:
        return None
    # Code scanning shows a result only on a line: the finding's own, else the file's first.
    region = {"startLine": f.line if f.line and f.line > 0 else 1}
    return {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": ROOT}, "region": region}}


def _result(f: Finding, index: dict[str, int], level: str, baseline_state: str | None) -> dict[str, Any]:
    location = _location(f)
    outside = f" (in {f.path}, outside the repository)" if f.path and location is None else ""
    entry: dict[str, Any] = {
        "ruleId": f.code,
        "level": level,
        "message": {"text": f"{f.message}{outside}\nhint: {f.hint}"},
        "partialFingerprints": {FINGERPRINT: f.fingerprint},
    }
    if f.code in index:
        entry["ruleIndex"] = index[f.code]
    if baseline_state:
        entry["baselineState"] = baseline_state
    if location is not None:
        entry["locations"] = [location]
    if f.waived:
        entry["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f.waiver or ""}]
    return entry


def _log(entries: Iterable[tuple[Finding, str, str | None]]) -> str:
    descriptors, index = _descriptors()
    results = [_result(f, index, level, state) for f, level, state in entries]
    payload = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tracker", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": descriptors}},
            "results": results,
        }],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _level(f: Finding) -> str:
    return "error" if f.severity == "error" else "warning"


def render(result: CheckResult) -> str:
    return _log((f, _level(f), None) for f in result.findings)


def render_change(change: ChangeResult) -> str:
    """What this change answers for: blocking findings as errors, review findings as warnings, both new."""
    return _log([(f, "error", "new") for f in change.blocking] + [(f, "warning", "new") for f in change.review])
