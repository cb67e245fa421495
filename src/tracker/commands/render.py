"""`tracker render [PATH...]`: regenerate stale regions; `--check` writes nothing and exits 1 when any is stale."""

from __future__ import annotations

import difflib
import sys

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE


def targets(project, paths: list[str]) -> list[str]:
    """Repository-relative Markdown documents: the given paths, else the project's Markdown trackers."""
    if not paths:
        return [d.path for d in project.documents if d.format == "markdown"]
    from tracker.project import discover, display_path

    found = discover(paths, project.root, project.config)
    return [display_path(p, project.root) for p in found if p.suffix.lower() in (".md", ".markdown")]


def run(paths: list[str], check: bool = False, diff: bool = False, force: bool = False) -> int:
    from tracker.gate.options import CheckOptions
    from tracker.project import load_project
    from tracker.render.apply import render_path, write_rendered

    project = load_project()
    today = CheckOptions().clock()
    stale = problems = 0
    for rel in targets(project, paths):
        if not (project.root / rel).is_file():
            sys.stderr.write(f"tracker: error: {rel}: no such file\n")
            problems += 1
            continue
        result = render_path(project, rel, today, force) if check else write_rendered(project, rel, today, force)
        for state in result.regions:
            if state.state == "hand-edited":
                sys.stderr.write(f"{rel}:{state.line}: TRK402 {state.message}\n"
                                 f"  hint: move your text outside the region, or `tracker render --force {rel}`\n")
            elif state.state == "error":
                sys.stderr.write(f"{rel}:{state.line}: error: {state.message}\n")
            elif state.state == "stale":
                verb = "is stale" if check else "re-rendered"
                sys.stderr.write(f"{rel}:{state.line}: region {state.name!r} {verb}\n")
        problems += len(result.problems())
        if result.changed:
            stale += 1
            if diff:
                sys.stdout.writelines(difflib.unified_diff(
                    result.old.splitlines(keepends=True), result.new.splitlines(keepends=True),
                    fromfile=f"a/{rel}", tofile=f"b/{rel}"))
    if check and stale:
        sys.stderr.write(f"{stale} document(s) have stale regions; run `tracker render`\n")
    if project.errors:
        for rel, message in project.errors:
            sys.stderr.write(f"tracker: error: {message}\n")
        return EXIT_USAGE
    return EXIT_FINDINGS if problems or (check and stale) else EXIT_OK

