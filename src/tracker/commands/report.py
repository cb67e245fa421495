"""`tracker report`: gather the project, the check, the ledger and git history; write the status page or its data."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from tracker.errors import EXIT_OK, EXIT_USAGE, UsageError
from tracker.report.page_data import Gathered

PAGE_NAME = "index.html"


def gather(paths: list[str]) -> Gathered:
    """Read everything the page shows; the renderers below do no I/O."""
    from tracker.clock import CLOCK_ENV, today
    from tracker.commands.regions import check_with_regions
    from tracker.gate.context import CheckContext
    from tracker.gate.definitions import ids_matching
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.gate.registry import lookup
    from tracker.ledger import utc_now
    from tracker.project import load_project

    project = load_project(paths)
    # gate commands never run for a page (no --allow-commands)
    options = CheckOptions(today=today(), git=Checkout(project.root))
    check = check_with_regions(project, options)  # the same verdicts `tracker check` gives
    # The context the engine used reads the ledger and gates with the repository-boundary checks; reuse it.
    ctx = CheckContext(project, options)
    ledger = ctx.ledger
    gate_blocks: dict[str, list[str]] = {}
    failing = {g.name for g in check.gates if not g.passed}
    if failing:
        for gate in ctx.gates:
            if gate.name in failing:
                gate_blocks[gate.name] = sorted(ids_matching(gate.blocks, ctx.sorted_ids))
    rules: dict[str, dict[str, Any]] = {}
    for code in {f.code for f in check.findings}:
        rule = lookup(code)
        if rule is not None:
            rules[code] = {"summary": rule.summary, "doc": rule.doc()}
    generated = os.environ.get(CLOCK_ENV, "").strip() or utc_now()
    data = Gathered(project=project, check=check, generated=generated, repository_url=project.config.repository_url,
                    ledger_path=project.config.ledger or "evidence/ledger.jsonl", ledger=ledger,
                    ledger_problems=list(ctx.ledger_problems), gate_blocks=gate_blocks, rules=rules)
    _add_history(data, project.root)
    return data


def _add_history(data: Gathered, root: Path) -> None:
    """Burn-up days and the date each item last became blocked, from one replay of git history."""
    from tracker.commands.history import collect
    from tracker.git import GitError, GitRepo
    from tracker.report.page_data import proven_by_day

    try:
        repo = GitRepo(root)
        try:
            data.commit = repo.head()
        finally:
            repo.close()
        history = collect(root, judge_evidence=False)
    except GitError as exc:
        data.history_note = f"git history could not be read ({exc})"
        return
    data.days = proven_by_day(history.days, data.ledger)
    for event in history.events:
        if event.new == "blocked":
            data.blocked_since[event.id] = event.date[:10]
        elif event.id in data.blocked_since:
            del data.blocked_since[event.id]


def run(paths: list[str], html_dir: str | None, fmt: str | None, title: str | None = None) -> int:
    from tracker.report.page_data import build

    if fmt not in (None, "json"):
        raise UsageError(f"unknown format {fmt!r}; use --format json for the data, --html DIR for the page")
    if html_dir is None and fmt is None:
        raise UsageError("say what to write: `--html DIR` for the page, `--format json` for its data")
    data = gather(paths)
    payload = build(data)
    if html_dir is not None:
        from tracker.report.page_html import render_page
        from tracker.files import write_atomic

        folder = Path(html_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"--html {html_dir}: cannot create the folder ({exc.strerror})") from None
        page = render_page(payload, title or f"Status of {data.project.root.name}")
        write_atomic(folder / PAGE_NAME, page.encode("utf-8"))
        sys.stderr.write(f"wrote {folder / PAGE_NAME}\n")
    if fmt == "json":
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    for path, message in data.project.errors:
        sys.stderr.write(f"error: {path}: {message}\n")
    return EXIT_USAGE if data.project.errors else EXIT_OK
