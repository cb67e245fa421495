"""Re-render the regions of one document's text (pure), and write it back under the lock (the edge)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from tracker.model import Document, Project
from tracker.parse.text import decode, split_lines
from tracker.render.context import ViewContext, ViewError
from tracker.render.regions import RegionSpan, checksum, end_marker, find_regions, hand_edited
from tracker.render.views import render_view
from tracker.write.lines import LineText

MARKER = "<!-- tracker:"


@dataclass(frozen=True, slots=True)
class RegionState:
    path: str
    name: str
    line: int
    state: str  # fresh | stale | hand-edited | error
    message: str = ""


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


def _with_document(project: Project, document: Document) -> Project:
    """The project with `document` (linked) last, in place of its stale copy (so views see the fresh text)."""
    from tracker.project import link

    docs = (*(d for d in project.documents if d.path != document.path), document)
    return link(replace(project, documents=docs))


def render_text(text: str, rel: str, project: Project, today: dt.date, force: bool = False,
                check=None) -> Rendered:
    """New text with every stale region regenerated; hand-edited regions are kept unless `force`."""
    result = Rendered(rel, text, text)
    if MARKER not in text:
        return result  # the common case: nothing to parse, nothing to write
    lines, _, _, _ = split_lines(text)
    regions, unclosed = find_regions(lines)
    for line, name in unclosed:
        result.regions.append(RegionState(rel, name, line, "error", f"region {name!r} has no closing marker "
                                                                    f"`<!-- /tracker:{name} -->`"))
    if not regions:
        return result
    from tracker.project import parse_text, vocabulary_for

    config = project.config
    document = parse_text(text, rel, Path(rel).suffix, config, vocabulary_for(config))
    linked = _with_document(project, document)
    ctx = ViewContext(linked, linked.documents[-1], today, check)  # the linked copy: dependencies resolved
    edit = LineText(text)
    for region in reversed(regions):  # bottom-up, so earlier line numbers stay valid
        state = _render_region(edit, region, rel, ctx, force)
        result.regions.insert(0, state)
    result.new = edit.text()
    return result


def _render_region(edit: LineText, region: RegionSpan, rel: str, ctx: ViewContext, force: bool) -> RegionState:
    try:
        body = render_view(region.name, ctx, region.options)
    except ViewError as exc:
        return RegionState(rel, region.name, region.start, "error", str(exc))
    marker = end_marker(region.name, body)
    old_marker = edit.line(region.end).strip()
    if body == region.body.replace("\r", "") and old_marker == marker:
        return RegionState(rel, region.name, region.start, "fresh")
    if hand_edited(region) and not force:
        return RegionState(rel, region.name, region.start, "hand-edited",
                           f"region {region.name!r} was edited by hand since it was generated "
                           f"(checksum {checksum(region.body)}, marker says {region.checksum})")
    indent = edit.line(region.end)[: len(edit.line(region.end)) - len(edit.line(region.end).lstrip())]
    edit.set_line(region.end, indent + marker)
    edit.replace_lines(region.start + 1, region.end - 1, body.split("\n") if body else [])
    return RegionState(rel, region.name, region.start, "stale")


def render_path(project: Project, rel: str, today: dt.date, force: bool = False) -> Rendered:
    path = project.root / rel
    return render_text(decode(path.read_bytes(), rel), rel, project, today, force)


def write_rendered(project: Project, rel: str, today: dt.date, force: bool = False) -> Rendered:
    """Under the document's lock: re-read, re-render on the fresh text, write only if it changed."""
    from tracker.write.atomic import update_file

    holder: list[Rendered] = []

    def edit(data: bytes) -> bytes:
        rendered = render_text(decode(data, rel), rel, project, today, force)
        holder.append(rendered)
        return rendered.new.encode("utf-8") if rendered.changed else data

    update_file(project.root / rel, edit)
    return holder[-1]


def render_file(root: Path, rel: str, force: bool = False) -> Rendered:
    """Load the project at `root` and re-render one document (what `close` and `set` call)."""
    from tracker.gate.options import CheckOptions
    from tracker.project import load_project

    data = (Path(root) / rel).read_bytes()
    if MARKER.encode() not in data:
        return Rendered(rel, "", "")
    project = load_project(root=Path(root))
    return write_rendered(project, rel, CheckOptions().clock(), force)
