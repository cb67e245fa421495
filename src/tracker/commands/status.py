"""`tracker status`: what the trackers say, per document and group."""

from __future__ import annotations

import sys

from tracker.errors import EXIT_OK, EXIT_USAGE, UsageError
from tracker.model import Status


def run(paths: list[str], fmt: str = "text", statuses: list[str] | None = None, groups: list[str] | None = None) -> int:
    from tracker.project import load_project

    wanted = set()
    for name in statuses or []:
        try:
            wanted.add(Status(name))
        except ValueError:
            raise UsageError(f"unknown status {name!r}; use one of: {', '.join(s.value for s in Status)}") from None
    project = load_project(paths)
    items = [i for i in project.items if (not wanted or i.status in wanted) and (not groups or i.group in groups)]
    if fmt == "json":
        from tracker.report.status_json import status_json_parts

        sys.stdout.writelines(status_json_parts(project, items))
        sys.stdout.write("\n")
    else:
        from tracker.report.status_text import render

        render(project, items, sys.stdout)
    for _path, message in project.errors:
        sys.stderr.write(f"error: {message}\n")
    for warning in project.config.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if not project.documents and not project.errors:
        sys.stderr.write("no tracker documents found (looked for trackers/**/*.md and *.yaml; "
                         "pass paths to read others)\n")
    return EXIT_USAGE if project.errors else EXIT_OK
