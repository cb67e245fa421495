"""GSD (get-shit-done): .planning/ROADMAP.md, STATE.md and phases/NN-name/NN-MM-PLAN.md.

    - [x] **Phase 1: Foundation** - repository, CI and config loading
    - [ ] **Phase 2: Flag types** - generate typed flags
    | 2. Flag types | 1/2 | In progress | - |

Phase bullets are items with the ID `Phase N`; plan bullets (`- [ ] 02-01-PLAN.md — ...` or
`- [ ] 02-01: ...`, inserted phases `02.1-01`) are items with the ID `02-01`. A progress row (`| 2. Flag types | 1/2 |
In progress | - |`) is a claim about `Phase 2`: its status must match the phase bullet
(TRK106) and its count must match the phase's plans (TRK111). A plan file's front matter
`must_haves.artifacts` are its plan bullet's evidence (parse.formats.gsd_plan).
"""

from __future__ import annotations

import re

from tracker.parse.formats.dialect import Dialect
from tracker.parse.formats.extras import Extras, Page
from tracker.parse.formats.gsd_plan import is_plan_file, plan_artifacts
from tracker.parse.formats.progress import gsd_progress

_PLAN = re.compile(
    r"^(?:\*\*|`)?(?P<id>\d{2,3}(?:\.\d{1,2})?-\d{2,3})(?:-PLAN\.md)?(?:\*\*|`)?\s*(?:[:—–-]\s*)?(?P<title>.*)$"
)


def plan_id(text: str) -> tuple[str, str] | None:
    found = _PLAN.match(text.strip())
    return (found.group("id"), found.group("title").strip()) if found else None


def gsd_extra(page: Page) -> Extras:
    """Progress rows and STATE's position (parse.formats.progress); a plan file's declared artifacts."""
    if is_plan_file(page.path):
        # A plan is read for what it declares; its checklists (`<verification>`: `- [ ] tests pass`) are
        # instructions to whoever executes it, not tracked items (the roadmap's plan bullet is the item).
        out = plan_artifacts(page)
        out.drop.update(item.source.line for item in page.items)
        return out
    return gsd_progress(page)


DIALECT = Dialect("gsd", block_dependencies=True, extra=gsd_extra, own_id=plan_id)

