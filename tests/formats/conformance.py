"""Read one fixture the way `tracker status FILE` does and flatten its items for comparison."""

from __future__ import annotations

from pathlib import Path

from tracker.model import Project
from tracker.project import load_project

Row = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # (id, status, depends_on, evidence)


def load(root: Path, rel: str, text: str, config: str | None = None) -> Project:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if config is not None:
        (root / "tracker.yaml").write_text(config, encoding="utf-8")
    return load_project([str(path)], cwd=root, root=root)


def rows(project: Project) -> list[Row]:
    assert not project.errors, project.errors
    return [(i.id, i.status.value, tuple(i.depends_on), tuple(i.evidence)) for i in project.items]


def check_case(root: Path, rel: str, text: str, expected: list[Row]) -> None:
    assert rows(load(root, rel, text)) == expected
