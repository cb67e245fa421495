"""Kiro specs: .kiro/specs/NAME/tasks.md.

    - [-] 2. Build the parser
    - [x] 2.1 Tokenise the input
      - _Requirements: 1.1, 1.3_
    - [ ]* 2.2 Property tests for the tokeniser
      - _Depends: 2.1_

`[-]` is in progress and `[~]` queued (todo); `[ ]*` (often escaped `[ ]\\*`) marks an optional
task; `_Depends: 2.1_` lines in a task's block are its dependencies. `_Requirements:_` name
acceptance criteria in requirements.md, not tasks, so they are not dependencies.
"""

from __future__ import annotations

from tracker.model.status import Status
from tracker.parse.formats.dialect import Dialect

DIALECT = Dialect(
    "kiro",
    marks={" ": Status.TODO, "x": Status.DONE, "X": Status.DONE, "-": Status.IN_PROGRESS, "~": Status.TODO,
           "/": Status.IN_PROGRESS},
    write={Status.TODO: " ", Status.DONE: "x", Status.IN_PROGRESS: "-"},
    block_dependencies=True,
)

