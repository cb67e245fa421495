"""Re-render the generated regions of one document's text (pure: text and view inputs in, new text out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.parse.regions import MARKER, RegionSpan, RegionState, end_marker, find_regions, judge, unclosed_state
from tracker.parse.text import split_lines
from tracker.render.context import ViewContext, ViewError, ViewInputs
from tracker.render.views import render_view
from tracker.write.lines import LineText


@dataclass
class Rendered:
    path: str
    old: str
    new: str
    regions: list[RegionState] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def problems(self) -> list[RegionState]:
        return [r for r in self.regions if r.state in ("hand-edited", "error")]


def render_text(text: str, rel: str, inputs: ViewInputs, force: bool = False) -> Rendered:
    """`text` with every stale region regenerated; hand-edited regions are kept unless `force`.

    `inputs.document` must be `text` as parsed, so the views describe exactly the text being written.
    """
    result = Rendered(rel, text, text)
    if MARKER not in text:
        return result  # the common case: nothing to parse, nothing to write
    lines = split_lines(text)[0]
    regions, unclosed = find_regions(lines)
    result.regions.extend(unclosed_state(rel, line, name) for line, name in unclosed)
    if not regions:
        return result
    ctx = ViewContext(inputs)
    edit = LineText(text)
    states = [_render_region(edit, region, rel, ctx, force) for region in reversed(regions)]  # bottom-up
    result.regions[:0] = reversed(states)
    result.new = edit.text()
    return result


def _render_region(edit: LineText, region: RegionSpan, rel: str, ctx: ViewContext, force: bool) -> RegionState:
    try:
        body = render_view(region.name, ctx, region.options)
    except ViewError as exc:
        return RegionState(rel, region.name, region.start, "error", str(exc))
    end_line = edit.line(region.end)
    state = judge(rel, region, body, end_line, force)
    if state.state == "stale":
        indent = end_line[: len(end_line) - len(end_line.lstrip())]
        edit.set_line(region.end, indent + end_marker(region.name, body))
        edit.replace_lines(region.start + 1, region.end - 1, body.split("\n") if body else [])
    return state
