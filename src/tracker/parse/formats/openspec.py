"""OpenSpec changes: openspec/changes/NAME/tasks.md (and archived ones under changes/archive/).

    ## 2. Storage
    - [x] 2.1 Add the sessions table
    - [ ] 2.2 Expire sessions after 30 days

Numbered groups are headings; each task's number (`2.1`) is its ID.
"""

from __future__ import annotations

from tracker.parse.formats.dialect import Dialect

DIALECT = Dialect("openspec", block_dependencies=True)

