"""GitHub Spec Kit: specs/NNN-feature/tasks.md, written by `/speckit.tasks` in repositories with `.specify/`.

    ## Phase 3: User Story 1 - Sign in (Priority: P1)
    - [ ] T012 [P] [US1] Create the session model in src/models/session.py
    - [x] T013 [US1] Add the login endpoint in src/api/login.py (depends on T012)

`T012` is the ID; `[P]` (may run in parallel) and `[US1]` (its user story) are kept in the
item's notes, never in its ID; the paths a task names are its declared outputs (its evidence).
"""

from __future__ import annotations

from tracker.parse.formats.dialect import Dialect

DIALECT = Dialect("speckit", block_dependencies=True, text_paths_are_evidence=True)

