"""The list of rule-family modules: importing one registers its rules; the engine runs their `check(ctx)`.

To add a family, append its module path to FAMILIES. Families run in this order; rules_gates
runs after the item rules because a gate passes only when its items pass their own rules.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FAMILIES = [
    "tracker.gate.rules_input",
    "tracker.gate.rules_evidence",
    "tracker.gate.rules_proof",
    "tracker.gate.rules_fresh",
    "tracker.gate.rules_paths",
    "tracker.gate.rules_status",
    "tracker.gate.rules_counts",
    "tracker.gate.rules_ledger",
    "tracker.gate.rules_deps",
    "tracker.gate.rules_gates",
    "tracker.gate.rules_git",
    "tracker.gate.rules_regions",  # last: the findings view shows what the others found
]


def families() -> list[ModuleType]:
    return [importlib.import_module(name) for name in FAMILIES]


families()
