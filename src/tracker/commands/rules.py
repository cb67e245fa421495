"""`tracker rules [CODE|NAME]`: list the rule catalogue, or print one rule's documentation."""

from __future__ import annotations

import difflib
import json
import sys

from tracker.errors import EXIT_OK, UsageError


def run(wanted: str | None = None, fmt: str = "text") -> int:
    from tracker.gate.registry import all_rules, lookup

    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}; use text or json")
    if wanted:
        rule = lookup(wanted)
        if rule is None:
            names = [r.code for r in all_rules()] + [r.name for r in all_rules()]
            close = difflib.get_close_matches(wanted, names, n=3)
            raise UsageError(f"no rule {wanted!r}" + (f"; did you mean {', '.join(close)}?" if close else
                                                     "; `tracker rules` lists them"))
        rules = [rule]
    else:
        rules = all_rules()
    if fmt == "json":
        payload = [{"code": r.code, "name": r.name, "severity": r.severity, "scope": r.scope,
                    "judged_on_close": r.judged_on_close, "opt_in": r.opt_in, "removed": r.removed,
                    "summary": r.summary, "why": r.why, "example": r.example, "instead": r.instead} for r in rules]
        sys.stdout.write(json.dumps(payload if not wanted else payload[0], ensure_ascii=False, indent=2) + "\n")
    elif wanted:
        sys.stdout.write(rules[0].doc() + "\n")
    else:
        import shutil
        import textwrap

        # The whole summary, wrapped under its column: a cut sentence says something the rule does not.
        indent = len(rules[0].code) + 2 + 30 + 1 + 16 + 1 + 9 + 1  # code, name, level, scope columns
        width = max(24, shutil.get_terminal_size((120, 24)).columns - indent)
        for r in rules:
            flags = ", opt-in" if r.opt_in else (", removed" if r.removed else "")
            level = f"{r.severity}{flags}"
            wrapped = textwrap.wrap(" ".join(r.summary.split()), width, break_on_hyphens=False) or [""]
            sys.stdout.write(f"{r.code}  {r.name:<30} {level:<16} {r.scope:<9} {wrapped[0]}\n")
            sys.stdout.writelines(f"{' ' * indent}{line}\n" for line in wrapped[1:])
    return EXIT_OK
