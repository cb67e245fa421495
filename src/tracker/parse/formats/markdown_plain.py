"""Plain Markdown and Obsidian Tasks: `[x]` done, `[~]`/`[/]` in progress, `[-]` cancelled, `[ ]` open.

    ## Launch
    - [x] Write the announcement
    - [/] Record the demo
"""

from __future__ import annotations

from tracker.parse.formats.dialect import Dialect

DIALECT = Dialect("markdown")
# Obsidian Tasks writes in progress as `[/]`; read the same as plain Markdown, and write `[/]` back.
OBSIDIAN = Dialect("obsidian", write={**DIALECT.write, DIALECT.marks["/"]: "/"})
