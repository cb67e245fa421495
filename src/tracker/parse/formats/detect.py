"""Which format family claims a file, by its path and the head of its text (no family module is imported)."""

from __future__ import annotations

import re

_SPECKIT_TASK = re.compile(r"(?m)^\s*[-*]\s+\[[ xX]\]\s+T\d{3,4}\b")
_SPRINT_STATUS = re.compile(r"(?m)^development_status:\s*$")
_STORY_FILE = re.compile(r"(?:^|/)\d+[.-]\d+[.-][\w-]+?(?:\.story)?\.md$")
_STORY_STATUS = re.compile(r"(?m)^(?:\*\*)?Status(?:\*\*)?:")
# A folder anywhere in the path that names the family.
_FOLDERS = ((".kiro/", "kiro"), ("openspec/", "openspec"), (".planning/", "gsd"), ("memory-bank/", "memory-bank"),
            (".specify/", "speckit"))


def is_kiro_sidecar(path: str) -> bool:
    """Kiro's task status sidecar, `.kiro/specs/NAME/.tasks-meta.json` (read by parse.formats.kiro_sidecar)."""
    return path.endswith("/.tasks-meta.json") and (path.startswith(".kiro/") or "/.kiro/" in path)


def detect(path: str, head: str) -> str:
    """The family of the file at repository path `path`; `markdown` when none claims it."""
    path = path.replace("\\", "/")
    for folder, name in _FOLDERS:
        if path.startswith(folder) or "/" + folder in path:
            return name
    name = path.rsplit("/", 1)[-1]
    if name in ("sprint-status.yaml", "sprint-status.yml"):
        return "bmad"
    if name.endswith((".yaml", ".yml")):
        return "bmad" if _SPRINT_STATUS.search(head) else "markdown"
    if name == "tasks.md" and _SPECKIT_TASK.search(head):
        return "speckit"
    if _STORY_FILE.search(path) and _STORY_STATUS.search(head):
        return "bmad"
    return "markdown"
