"""`tracker render [PATH...]`: regenerate stale regions; `--check` writes nothing and exits 1 when any is stale;
`--diff` writes nothing and prints the unified diff of what it would write."""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from tracker.shell import shell_word

if TYPE_CHECKING:
    from tracker.model import Project
    from tracker.render.apply import Rendered


def targets(project: Project, paths: list[str]) -> list[str]:
    """Repository-relative Markdown documents: the given paths, else the project's Markdown trackers."""
    if not paths:
        return [d.path for d in project.documents if d.format == "markdown"]
    from tracker.files import refuse_symlink
    from tracker.project import discover, display_path

    for raw in paths:
        refuse_symlink(Path(raw), raw)  # discovery resolves links; writing through one is refused
    found = discover(paths, project.root, project.config)
    return [display_path(p, project.root) for p in found if p.suffix.lower() in (".md", ".markdown")]


def rendered(project: Project, rel: str, today: dt.date, check: bool, force: bool, diff: bool = False) -> Rendered:
    """Render one document; unless `check` or `diff`, write it once under its lock (re-read and re-rendered
    there). `diff` renders what a write would write, and writes nothing."""
    from tracker.commands.regions import render_document
    from tracker.files import inside_root, locked, refuse_symlink, replace_if_changed
    from tracker.parse.text import decode

    path = inside_root(project.root, rel, rel)
    refuse_symlink(path, rel)
    if check or diff:
        return render_document(project, rel, decode(path.read_bytes(), rel), today, force, writes=not check)
    with locked(path, shown=rel):
        refuse_symlink(path, rel)
        old = path.read_bytes()
        result = render_document(project, rel, decode(old, rel), today, force)
        if result.changed:
            replace_if_changed(path, old, result.new.encode("utf-8"))
        return result


def run(paths: list[str], check: bool = False, diff: bool = False, force: bool = False) -> int:
    from tracker.clock import today as clock_today
    from tracker.project import load_project

    project = load_project()
    today = clock_today()
    stale = problems = 0
    for rel in targets(project, paths):
        if not (project.root / rel).is_file():
            sys.stderr.write(f"tracker: error: {rel}: no such file\n")
            problems += 1
            continue
        result = rendered(project, rel, today, check, force, diff)
        for state in result.regions:
            if state.state == "hand-edited":
                sys.stderr.write(f"{rel}:{state.line}: TRK402 {state.message}\n  hint: move your text outside the "
                                 f"region, or `tracker render --force {shell_word(rel)}`\n")
            elif state.state == "error":
                sys.stderr.write(f"{rel}:{state.line}: error: {state.message}\n")
            elif state.state == "stale":
                verb = "is stale" if check or diff else "re-rendered"
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
        for _, message in project.errors:
            sys.stderr.write(f"tracker: error: {message}\n")
        return EXIT_USAGE
    return EXIT_FINDINGS if problems or (check and stale) else EXIT_OK

