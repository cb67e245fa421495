"""`tracker gates`: each gate with pass or fail and the reasons."""

from __future__ import annotations

import sys

from tracker.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError


def run(paths: list[str], fmt: str = "text", allow_commands: bool = False) -> int:
    from tracker.gate.engine import run_check
    from tracker.clock import today
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.process import ProcessRunner
    from tracker.project import load_project

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}; use text or json")
    project = load_project(paths)
    result = run_check(project, CheckOptions(allow_commands=allow_commands, today=today(),
                                             runner=ProcessRunner() if allow_commands else None,
                                             git=Checkout(project.root)))
    if fmt == "json":
        from tracker.report.check_json import dumps, gate_json

        sys.stdout.write(dumps({"schema": "tracker.gates/1", "gates": [gate_json(g) for g in result.gates]}))
    else:
        for gate in result.gates:
            sys.stdout.write(f"{'PASS' if gate.passed else 'FAIL'} {gate.name} ({gate.path}:{gate.line})\n")
            for reason in gate.reasons:
                sys.stdout.write(f"    {reason}\n")
        if not result.gates:
            folder = project.config.gates
            sys.stderr.write(f"no gates defined (add {folder}/*.yaml with requires/blocks)\n")
    if project.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if any(not g.passed for g in result.gates) else EXIT_OK
