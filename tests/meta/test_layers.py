"""The import-layer contract: every import in src/tracker (including those inside functions) flows down.

    cli -> commands -> policy -> edges (project, git, files, clock, process) -> report -> gate | render
        -> parse -> model

Each top-level module or package of src/tracker sits in exactly one tier. An import may go to
a lower tier only; modules of one tier never import each other (gate and render stay apart).
A new top-level module fails this test until it is given a tier here: that is on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "tracker"

TIERS: list[set[str]] = [
    {"__main__"},
    {"entry"},  # answers --version before typer loads
    {"cli"},
    {"commands"},  # use cases: the only code that reaches files, git, the clock and the terminal
    {"policy"},  # the policy judging a change (base or HEAD), loaded through project
    # the edges the use cases drive: loading, git plumbing, locked writes, the date, gate subprocesses
    {"project", "git", "files", "clock", "process"},
    {"report", "compare"},
    {"gate", "render"},  # pure, and never each other
    {"write"},  # surgical text edits of cells, checkboxes and YAML scalars (pure)
    {"ledger"},
    {"cache"},  # parse results and evidence verdicts under the git dir (tracker.cache)
    {"parse"},
    {"model"},
    {"config"},
    {"source"},
    {"globs", "shell"},  # pure helpers: path patterns, shell quoting for hints
    {"errors"},
    {"__init__"},
]


def _top(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, int]]:
    module = "tracker." + ".".join(path.relative_to(SRC).with_suffix("").parts)
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(module.split(".")[: -node.level] + ([base] if base else []))
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "tracker":
                target = parts[1]
                is_module = (SRC / target).is_dir() or (SRC / f"{target}.py").exists()
                if is_module and (target, node.lineno) not in found:
                    found.append((target, node.lineno))
    return found


def tier_of(name: str) -> int:
    for n, tier in enumerate(TIERS):
        if name in tier:
            return n
    raise AssertionError(f"src/tracker/{name} has no tier in tests/meta/test_layers.py: give it one")


def test_every_import_flows_down() -> None:
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        top = _top(path)
        mine = tier_of(top)
        for target, line in _imports(path):
            if target == top or target == "__init__":
                continue
            theirs = tier_of(target)
            if theirs <= mine:
                kind = "sideways" if theirs == mine else "upward"
                problems.append(f"{path.relative_to(SRC.parent.parent)}:{line}: {top} -> {target} ({kind})")
    assert not problems, "imports against the direction of flow:\n" + "\n".join(problems)
