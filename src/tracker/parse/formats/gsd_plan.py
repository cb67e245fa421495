"""GSD plan files, .planning/phases/NN-name/NN-MM-PLAN.md: the front matter's must_haves.artifacts as declared evidence.

    ---
    phase: 03-export
    plan: 01
    must_haves:
      artifacts:
        - src/export/csv.py
        - path: tests/test_csv.py
          provides: the golden-file test
    ---

The plan's ID is its file name's `03-01` (else the front matter's `phase` number and `plan`); the
artifacts are the evidence of the item with that ID (the roadmap's `- [x] 03-01: ...` bullet), given
to it when the project is linked. A path that leaves the repository is kept as written, so the
evidence rules refuse it (TRK301) rather than it vanishing. Fail closed: front matter that is not
YAML, a `must_haves` or `artifacts` of another shape, or an entry without a path is an input error at
its line (TRK005); a plan whose ID no item has is a warning on the plan file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tracker.errors import InputError
from tracker.model import Document, Item, Note
from tracker.parse.formats.extras import Extras, Page

_FILE = re.compile(r"(?:^|/)(?P<id>\d{1,3}(?:\.\d{1,2})?-\d{1,3})-PLAN\.md$")
_PHASE = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\b")
_ROOT = ".planning/"


def is_plan_file(path: str) -> bool:
    return path.endswith("-PLAN.md") and (path.startswith(_ROOT) or "/" + _ROOT in path)


def plan_key(plan_id: str) -> str:
    """`03-01`, `3-1` and `03-001` are the same plan; `02.1-01` and `2.1-1` too."""
    return "-".join(re.sub(r"^0+(?=\d)", "", part) for part in plan_id.split("-"))


def planning_root(path: str) -> str:
    """The `.../.planning/` folder a path lies in (`` for a path outside one)."""
    at = path.rfind("/" + _ROOT)
    if at >= 0:
        return path[: at + 1 + len(_ROOT)]
    return _ROOT if path.startswith(_ROOT) else ""


def plan_artifacts(page: Page) -> Extras:
    from tracker.parse.yaml_reader import line_of, read_yaml  # only plan files pay for the YAML reader

    out = Extras()
    lines = page.lines
    if not lines or lines[0].strip() != "---":
        return out
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise InputError("front matter opened with `---` is never closed", page.path, 1)
    # Blank first line: the YAML's line numbers are the file's.
    data = read_yaml("\n" + "\n".join(lines[1:end]), page.path)
    if data is None:
        return out
    if not isinstance(data, dict):
        raise InputError("front matter is not a mapping of fields", page.path, 2)
    plan_id = _plan_id(page.path, data)
    must = data.get("must_haves")
    if must is None:
        return out
    if not isinstance(must, dict):
        raise InputError("`must_haves` must be a mapping (truths, artifacts, key_links)", page.path,
                         line_of(data, "must_haves", 2))
    artifacts = must.get("artifacts")
    if artifacts is None:
        return out
    if not isinstance(artifacts, list):
        raise InputError("`must_haves.artifacts` must be a list of paths or `{path: ..., provides: ...}`",
                         page.path, line_of(must, "artifacts", 2))
    paths = [_artifact_path(entry, page.path, line_of(artifacts, index, 2) or 2)
             for index, entry in enumerate(artifacts)]
    if paths and plan_id is None:
        raise InputError("a plan's artifacts need its ID: name the file `NN-MM-PLAN.md` or give `phase:` and "
                         "`plan:`", page.path, line_of(data, "must_haves", 2))
    if paths and plan_id is not None:
        out.declared[plan_id] = tuple(dict.fromkeys(paths))
    return out


def _plan_id(path: str, data: dict[str, Any]) -> str | None:
    named = _FILE.search(path)
    if named:
        return named.group("id")
    phase, plan = data.get("phase"), data.get("plan")
    number = _PHASE.match(str(phase)) if phase is not None else None
    if number and isinstance(plan, (str, int)) and not isinstance(plan, bool) and str(plan).strip().isdigit():
        return f"{number.group(1)}-{str(plan).strip()}"
    return None


def _artifact_path(entry: Any, path: str, line: int) -> str:
    value = entry.get("path") if isinstance(entry, dict) else entry
    if not isinstance(value, str) or not value.strip():
        raise InputError("a `must_haves.artifacts` entry needs a path (a string, or `path: ...`)", path, line)
    return value.strip()


def attach_declared(documents: Sequence[Document]) -> list[Document]:
    """`documents` with each declared path added to the evidence of the item it names.

    A plan speaks about the items of its own `.planning/` folder; one that names no item gets a
    warning, since its artifacts are then judged nowhere."""
    declaring = [d for d in documents if d.declared_evidence]
    if not declaring:
        return list(documents)
    targets: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (root, plan key) -> (document, item) positions
    for at, doc in enumerate(documents):
        root = planning_root(doc.path)
        if root:
            for index, item in enumerate(doc.items):
                targets.setdefault((root, plan_key(item.id)), []).append((at, index))
    items = {at: list(doc.items) for at, doc in enumerate(documents)}
    notes: dict[str, list[Note]] = {}
    for doc in declaring:
        for plan_id, paths in doc.declared_evidence.items():
            found = targets.get((planning_root(doc.path), plan_key(plan_id)), [])
            if not found:
                notes.setdefault(doc.path, []).append(Note(
                    line=1, code="plan-without-item",
                    message=f"plan {plan_id} declares {len(paths)} artifact(s) but no item in "
                            f"{planning_root(doc.path) or 'the project'} has the ID {plan_id}; they are not judged"))
            for at, index in found:
                items[at][index] = _with_evidence(items[at][index], paths)
    out = []
    for at, doc in enumerate(documents):
        changed = any(new is not old for new, old in zip(items[at], doc.items, strict=True))
        extra = tuple(notes.get(doc.path, ()))
        if changed or extra:
            doc = replace(doc, items=tuple(items[at]), warnings=doc.warnings + extra)
        out.append(doc)
    return out


def _with_evidence(item: Item, paths: tuple[str, ...]) -> Item:
    evidence = item.evidence + tuple(p for p in paths if p not in item.evidence)
    covers = item.covers + tuple(p for p in paths if p not in item.covers)
    return replace(item, evidence=evidence, covers=covers) if evidence != item.evidence else item
