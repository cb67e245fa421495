"""Scratch projects for gate tests: write files in the seeds' formats, load them, run the engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tracker.commands.regions import check_with_regions
from tracker.gate.options import CheckOptions
from tracker.project import load_project

TODAY = dt.date(2026, 3, 1)

HEADER = ("| ID | Priority | Workstream | Task | Definition of Done | Evidence Link | Owner | Due Date | Status |\n"
          "|---|---|---|---|---|---|---|---|---|\n")


def row(item_id: str, status: str = "done", evidence: str = "`evidence/{slug}.md`", due: str = "2026-02-20",
        task: str = "Wire the importer") -> str:
    slug = item_id.lower()
    return (f"| {item_id} | P0 | {item_id.split('-')[0]} | {task} | It works end to end | "
            f"{evidence.format(slug=slug)} | Unassigned | {due} | {status} |\n")


def master(rows: list[str], after: str = "") -> str:
    """A tracker in the shape of a two-week master table, with optional closeout prose after it."""
    return ("# Sprint Execution Tracker\nStatus: Active\n\n## Status Legend\n- `todo`\n- `done`\n\n"
            "## Master Todo\n" + HEADER + "".join(rows) + "\n" + after)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def check(root: Path, **options):
    options.setdefault("today", TODAY)
    if options.get("allow_commands") and "runner" not in options:
        from tracker.process import ProcessRunner

        options["runner"] = ProcessRunner()
    if "git" not in options:  # as every use case does: the repository behind the run (None outside git)
        from tracker.git import Checkout

        options["git"] = Checkout(root)
    project = load_project(root=root)
    # What `tracker check` runs: the engine, with the generated regions judged by the use case (TRK401/TRK402).
    return check_with_regions(project, CheckOptions(**options))


def codes(result) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in result.findings:
        found.setdefault(finding.code, []).append(finding)
    return found
