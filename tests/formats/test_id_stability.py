"""Property: inserting, moving and re-titling tasks and headings never changes any other task's ID."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.parse.markdown import parse_markdown

VERBS = ["Write", "Ship", "Review", "Measure", "Document", "Refactor", "Deploy", "Test"]
STATUS_WORDS = ["", " ✅ DONE", " (in progress)", " — BLOCKED", " 🚧"]
MARKS = [" ", "x", "~"]
# The same property under every Markdown family's reader (each chooses its dialect by path).
PATHS = ["trackers/plan.md", "specs/001-a/tasks.md", ".kiro/specs/a/tasks.md", "openspec/changes/a/tasks.md",
         ".planning/ROADMAP.md", "memory-bank/progress.md", "_bmad-output/implementation-artifacts/1-2-pay.md"]


@st.composite
def plans(draw):
    """Blocks: ("h", title) headings and ("t", key, text, mark) tasks; keys are unique and stable."""
    count = draw(st.integers(2, 12))
    blocks: list[tuple] = []
    for key in range(count):
        if draw(st.booleans()):
            blocks.append(("h", f"Stage {key}{draw(st.sampled_from(STATUS_WORDS))}"))
        explicit = draw(st.booleans())
        words = f"{draw(st.sampled_from(VERBS))} the widget number {key}"
        text = f"T{key:03d} {words}" if explicit else words
        blocks.append(("t", key, text, draw(st.sampled_from(MARKS))))
    return blocks


def render(blocks) -> str:
    lines = []
    for block in blocks:
        if block[0] == "h":
            lines += ["", f"## {block[1]}", ""]
        else:
            lines.append(f"- [{block[3]}] {block[2]}")
    return "\n".join(lines) + "\n"


def ids(blocks, path: str = "trackers/plan.md") -> dict[int, str]:
    items = [i for i in parse_markdown(render(blocks), path).items if i.kind == "check"]
    keys = [b[1] for b in blocks if b[0] == "t"]
    assert len(items) == len(keys)
    return dict(zip(keys, (i.id for i in items)))


def others_keep(before, after, changed: set[int]) -> None:
    assert {k: v for k, v in after.items() if k not in changed} == {k: v for k, v in before.items() if k not in changed}


@settings(max_examples=60, deadline=None)
@given(plans(), st.data())
def test_inserting_a_task_keeps_other_ids(blocks, data):
    at = data.draw(st.integers(0, len(blocks)))
    grown = blocks[:at] + [("t", 999, "Celebrate the launch", " ")] + blocks[at:]
    path = data.draw(st.sampled_from(PATHS))
    others_keep(ids(blocks, path), ids(grown, path), {999})


@settings(max_examples=60, deadline=None)
@given(plans(), st.data())
def test_moving_a_task_keeps_every_id(blocks, data):
    tasks = [i for i, b in enumerate(blocks) if b[0] == "t"]
    source = data.draw(st.sampled_from(tasks))
    moved = blocks[source]
    rest = blocks[:source] + blocks[source + 1:]
    at = data.draw(st.integers(0, len(rest)))
    path = data.draw(st.sampled_from(PATHS))
    others_keep(ids(blocks, path), ids(rest[:at] + [moved] + rest[at:], path), set())


@settings(max_examples=60, deadline=None)
@given(plans(), st.data())
def test_retitling_headings_and_a_task_keeps_other_ids(blocks, data):
    suffix = data.draw(st.sampled_from(STATUS_WORDS[1:]))
    retitled = [("h", b[1] + suffix) if b[0] == "h" else b for b in blocks]
    tasks = [i for i, b in enumerate(retitled) if b[0] == "t"]
    pick = data.draw(st.sampled_from(tasks))
    kind, key, text, mark = retitled[pick]
    retitled[pick] = (kind, key, text + " and its docs", mark)
    path = data.draw(st.sampled_from(PATHS))
    others_keep(ids(blocks, path), ids(retitled, path), {key})


@settings(max_examples=40, deadline=None)
@given(plans(), st.data())
def test_inserting_a_heading_keeps_every_id(blocks, data):
    at = data.draw(st.integers(0, len(blocks)))
    path = data.draw(st.sampled_from(PATHS))
    others_keep(ids(blocks, path), ids(blocks[:at] + [("h", "Phase 9: Extra ✅ VERIFIED")] + blocks[at:], path), set())
