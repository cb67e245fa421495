"""Tracker documents in the reference formats, written for these tests (LF; tests derive CRLF and BOM)."""

TASK_TABLE = """\
# Delivery Tracker

## Status Legend
- `todo`, `in_progress`, `blocked`, `done`

## Master Todo
| ID | Priority | Stream | Task | Definition of Done | Evidence Link | Owner | Due Date | Status |
|---|---|---|---|---|---|---|---|---|
| CORE-001 | P0 | CORE | Build the importer | Importer loads the sample | `evidence/core-001.md` | Ana | 2026-01-10 | done |
| CORE-002 | P1 | CORE | Wire the exporter | Export matches \\| golden file | | Ben | 2026-01-12 | in_progress |
| CORE-003 | P1 | CORE | Write the docs | Docs published | - | Cy | 2026-01-15 | todo |
| CORE-004 | P2 | CORE | Cut release | Tag pushed | `evidence/core-001.md`; `evidence/rc.md` | Ana | 2026-01-20 | todo |

Trailing prose that must not move.
"""

DAY_TABLE = """\
# Execution Progress

## Day-by-Day Tracker

| Day | Scope | Status | Notes |
|---|---|---|---|
| **Phase A** | | | |
| Day 1 | Freeze baseline | COMPLETED | Baseline tagged |
| Day 2 | Event store | IN_PROGRESS | Waiting on schema review |
|---|---|---|---|
| **Phase B** | | | |
| Day 3 | Reconciliation | PENDING | |
| Day 4 | Parity checks | BLOCKED | Blocked by Day 3 |
"""

PHASE_TABLE = """\
# Platform Plan

## Phase Status Overview

| Phase | Name | Status | Blocker |
|-------|------|--------|---------|
| **CORE** | | | |
| Stage 1 | Event catalogue | 🔄 PARTIAL | None - drafted |
| Stage 2 | Contract tests | ⏳ PENDING | Stage 1 |
| **DELIVERY** | | | |
| Runner | Job runner | ✅ COMPLETE (2026-01-05) | None |
| Reports | Report builder | ⏳ **READY TO START** | None - prerequisites met |
"""

TASK_LIST = """\
# Milestones

## Milestone One

- [x] Draft the schema
  - Evidence: `evidence/schema.md`
- [ ] Build the parser
- [ ] **M1-3**: Ship the release
  with a continuation line

## Milestone Two

1. [ ] Plan the rollout
"""

YAML_DOC = """\
# Tooling roadmap (comments survive)
title: Tooling
items:
  - id: TL-1
    title: Lint in CI   # keep this comment
    status: done
    evidence:
      - evidence/tl-1.md
  - id: TL-2
    title: Type checks
    status: 'in progress'
    depends_on: [TL-1]
  - id: TL-3
    title: Docs
    status: todo
    evidence: [evidence/tl-1.md]
"""

EVIDENCE = {f"evidence/{name}": f"# {name}\nproof\n" for name in (
    "core-001.md", "core-002.md", "core-003.md", "rc.md", "day-2.md", "day-3.md", "stage-1.md", "runner.md",
    "schema.md", "parser.md", "release.md", "rollout.md", "tl-1.md", "tl-2.md", "tl-3.md")}


def variant(text: str, crlf: bool = False, bom: bool = False) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return (("\ufeff" if bom else "") + text).encode("utf-8")
