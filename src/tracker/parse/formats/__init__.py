"""Format readers for the trackers coding-agent workflows write, and how one is chosen for a file.

Each family is a small module: what its files look like, where they live, what its markers
mean. `choose` picks one by path and content (tracker.yaml's `formats:` can force one); every
Markdown family is read by the same scanner and task reader, with the family's dialect.

  markdown     any Markdown: tables, task lists; `[~]`/`[/]` in progress, `[-]` cancelled (Obsidian)
  speckit      Spec Kit tasks.md: `- [ ] T001 [P] [US1] Create src/x.py` under `## Phase 1: Setup`
  kiro         .kiro/specs/NAME/tasks.md: `[-]` in progress, `[~]` queued, `[ ]*` optional, `_Depends: 1.2_`
  openspec     openspec/changes/NAME/tasks.md: `## 1. Group` then `- [ ] 1.1 task`
  gsd          .planning/ROADMAP.md, STATE.md, PLAN.md: phases, progress rows, must_haves artifacts
  bmad         sprint-status.yaml `development_status:` and story files' `Status:` lines
  memory-bank  memory-bank/progress.md: `- ✅ CLI done`, `- 🚧 parser`, `- ⬜ concurrency`
"""

from __future__ import annotations

import importlib

from tracker.parse.formats.detect import detect, is_kiro_sidecar
from tracker.parse.formats.dialect import Dialect

# Family -> (module, attribute); a module is imported only when a file of its family is read.
_WHERE = {"markdown": ("markdown_plain", "DIALECT"), "obsidian": ("markdown_plain", "OBSIDIAN"),
          "speckit": ("speckit", "DIALECT"), "kiro": ("kiro", "DIALECT"), "openspec": ("openspec", "DIALECT"),
          "gsd": ("gsd", "DIALECT"), "bmad": ("bmad", "DIALECT"), "memory-bank": ("memory_bank", "DIALECT")}
NAMES = tuple(_WHERE)

__all__ = ["NAMES", "Dialect", "choose", "claims_about", "detect", "dialect"]


def dialect(name: str) -> Dialect:
    module, attribute = _WHERE[name]
    found: Dialect = getattr(importlib.import_module(f"tracker.parse.formats.{module}"), attribute)
    return found


def choose(path: str, text: str, forced: str | None = None) -> Dialect:
    """The dialect to read `path` with: the forced one (tracker.yaml `formats:`), else detected."""
    return dialect(forced or detect(path, text[:20000]))


def claims_about(path: str) -> str | None:
    """The document whose items the claims of `path` speak about: a Kiro status sidecar speaks about the
    tasks.md beside it (its IDs are local to that file, so no other file's items answer it); None for a
    document whose claims may name an item anywhere."""
    if is_kiro_sidecar(path):
        return path[: -len(".tasks-meta.json")] + "tasks.md"
    return None
