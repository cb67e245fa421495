"""`tracker check`: run every rule and gate, print findings in the chosen format, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from tracker.report import FORMATS, check_format

__all__ = ["FORMATS", "run", "split_codes"]


# Past this many errors on a run without --baseline, the run is likely a first look at existing trackers.
FIRST_RUN_ERRORS = 20
BASELINE = ".tracker-baseline.json"


def split_codes(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def run(paths: list[str], fmt: str = "text", output: str | None = None, select: list[str] | None = None,
        ignore: list[str] | None = None, strict: bool = False, exit_zero: bool = False, allow_commands: bool = False,
        baseline: str | None = None, write_baseline: str | None = None) -> int:
    from tracker.clock import today
    from tracker.commands.progress import progress
    from tracker.commands.regions import check_with_regions
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.model import Status
    from tracker.project import load_project
    from tracker.report import verdict, write_reports

    check_format(fmt)
    options = CheckOptions(select=split_codes(select), ignore=split_codes(ignore), strict=strict,
                           allow_commands=allow_commands, baseline=Path(baseline) if baseline else None,
                           today=today())
    if allow_commands:  # the process runner (selectors, signals) only when gate commands may run
        from tracker.process import ProcessRunner

        options.runner = ProcessRunner()
    _check_codes(options.select + options.ignore)
    with progress("tracker check"):
        project = load_project(paths)
        options.git = Checkout(project.root)
        if any(item.status is Status.DONE for item in project.items):
            options.git.read_index_ahead()
        result = check_with_regions(project, options)
    for warning in project.config.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if write_baseline:
        from tracker.gate.baseline import write_baseline as write

        kept = [f for f in result.findings if not f.waived or f.waiver == "baseline"]
        count = write(Path(write_baseline), kept)
        sys.stderr.write(f"wrote {count} finding key(s) to {write_baseline}; check with --baseline {write_baseline}\n")
        return EXIT_OK
    if not project.documents and not project.errors:
        # Nothing judged is no pass: a CI step that finds no tracker must not go green (fail closed).
        looked = paths or project.config.trackers
        raise UsageError(f"no tracker documents found under {project.root} (looked for {', '.join(looked)}); "
                         "pass paths, set `trackers:` in tracker.yaml, or run `tracker init`")
    write_reports(result, fmt, output, project)
    sys.stderr.write(verdict(result) + "\n")
    if result.errors >= FIRST_RUN_ERRORS and baseline is None and not (project.root / BASELINE).exists():
        sys.stderr.write(f"{result.errors} errors: if they predate tracker, accept them once with `tracker check "
                         f"--write-baseline {BASELINE}`, then `tracker check --baseline {BASELINE}` fails only on "
                         "new ones\n")
    if project.errors:
        return EXIT_USAGE
    if result.errors and not exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


def _check_codes(values: list[str]) -> None:
    """--select/--ignore take code prefixes (TRK1, TRK101) or rule names; reject typos early."""
    from tracker.gate.registry import all_rules

    rules = all_rules()
    for value in values:
        if not any(r.code.startswith(value.upper()) or r.name == value.lower() for r in rules):
            raise UsageError(f"--select/--ignore: {value!r} is neither a rule code prefix nor a rule name "
                             f"(see `tracker rules`)")
