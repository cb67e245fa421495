"""Generated regions for the use cases: gather what their views need (gate results, git history), render, judge.

The gate never renders and the renderer never runs the gate: `check`, the hook and `--base` call
check_with_regions, which runs the gate for the views that show findings, renders every region's expected
text, and hands the resulting states (fresh, stale, hand-edited) to the gate's TRK401/TRK402 rule as input.
`render`, `close` and `set` call render_document on the text they are about to write. The renderer is
imported only when a document holds a region: a check of documents without any never loads it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.gate.engine import run_check
from tracker.gate.finding import CheckResult, Finding
from tracker.gate.options import CheckOptions
from tracker.model import Document, Project
from tracker.parse.regions import MARKER, view_names
from tracker.parse.text import decode

if TYPE_CHECKING:
    from tracker.parse.regions import RegionState
    from tracker.render.apply import Rendered
    from tracker.render.context import BurnupDay, ViewInputs


def with_document(project: Project, document: Document) -> tuple[Project, Document]:
    """The project with `document` in place of its copy of the same path (so views see the text being written),
    linked, and the linked copy of `document` (its dependencies resolved across the project)."""
    from tracker.project import link

    documents = (*(d for d in project.documents if d.path != document.path), document)
    linked = link(dataclasses.replace(project, documents=documents))
    return linked, linked.documents[-1]


def parse_document(project: Project, rel: str, text: str) -> Document:
    from pathlib import PurePosixPath

    from tracker.project import parse_text, vocabulary_for

    return parse_text(text, rel, PurePosixPath(rel).suffix, project.config, vocabulary_for(project.config))


def views_options(options: CheckOptions) -> CheckOptions:
    """The gate run a findings or blockers region shows: what `tracker render` sees, whatever flags `check` got."""
    return dataclasses.replace(options, select=[], ignore=[], strict=False, allow_commands=False, baseline=None,
                               regions=None)


def burnup_days(project: Project) -> list[BurnupDay] | None:
    from tracker.commands.history import burnup_days as from_history
    from tracker.git import GitError

    try:
        return from_history(project.root)
    except GitError:
        return None  # the view then says why it cannot render


def gather(project: Project, document: Document, names: set[str], today: dt.date,
           gate_result: CheckResult | None = None, options: CheckOptions | None = None,
           dated: dt.date | None = None) -> ViewInputs:
    """What the views named in `names` need; the gate and git history are read only when a region asks.
    `dated`: the date the dated views show (default: commands.as_of.region_date)."""
    from tracker.commands.as_of import DATED_VIEWS, region_date
    from tracker.render.context import NEEDS_GATE, NEEDS_HISTORY, ViewInputs

    if names & NEEDS_GATE and gate_result is None:
        from tracker.git import Checkout

        gate_result = run_check(project, views_options(options or CheckOptions(today=today,
                                                                                git=Checkout(project.root))))
    if dated is None:
        dated = region_date(project, today) if names & DATED_VIEWS else today
    return ViewInputs(project=project, document=document, today=dated,
                      findings=gate_result.findings if gate_result else None,
                      gates=gate_result.gates if gate_result else None,
                      burnup=burnup_days(project) if names & NEEDS_HISTORY else None)


def render_document(project: Project, rel: str, text: str, today: dt.date, force: bool = False,
                    writes: bool = True) -> Rendered:
    """`text` (the document at `rel` as it is about to be written) with its stale regions regenerated.

    Dated views are judged against the last tracker commit's date (commands.as_of); a document that is
    then written is an uncommitted change, so when `writes` and something changed, they show today."""
    from tracker.commands.as_of import DATED_VIEWS
    from tracker.render.apply import render_text
    from tracker.render.context import ViewInputs

    names = view_names(text)
    if not names:
        return render_text(text, rel, ViewInputs(project, Document(path=rel, format="markdown"), today), force)
    fresh, document = with_document(project, parse_document(project, rel, text))
    inputs = gather(fresh, document, names, today)
    result = render_text(text, rel, inputs, force)
    if writes and result.changed and names & DATED_VIEWS and inputs.today != today:
        result = render_text(text, rel, gather(fresh, document, names, today, dated=today), force)
    return result


def region_states(project: Project, today: dt.date, gate_result: CheckResult | None,
                  options: CheckOptions | None = None) -> list[RegionState]:
    """Every generated region of the project's Markdown documents, as read from its source, judged."""
    from tracker.render.apply import render_text

    states: list[RegionState] = []
    for doc in project.documents:
        if doc.format != "markdown":
            continue
        data = project.source.read(doc.path)
        if not data or MARKER.encode() not in data:
            continue
        try:
            text = decode(data, doc.path)
        except Exception:
            continue
        names = view_names(text)
        inputs = gather(project, doc, names, today, gate_result, options)
        states += [s for s in render_text(text, doc.path, inputs).regions if s.state in ("stale", "hand-edited")]
    return states


def _region_names(project: Project) -> set[str]:
    names: set[str] = set()
    for doc in project.documents:
        names |= doc.views
    return names


def check_with_regions(project: Project, options: CheckOptions, extra: Iterable[Finding] = (),
                       focus: set[str] | None = None) -> CheckResult:
    """The gate over `project`, including TRK401/TRK402 for its generated regions.

    When a region shows findings or blockers, the gate runs first (as `render` would) to render it; only if a
    region is then stale or hand-edited does the gate run again with the states as input. `extra`: findings
    the caller made outside the rule families, passed on to the gate (run_check's `extra`). `focus`: judge
    the done claims of only these IDs (run_check's); ignored when a region shows findings, which are then
    rendered from the whole project's.
    """
    extra = list(extra)
    names = _region_names(project)
    if not names:
        return run_check(project, options, extra=extra, focus=focus)
    from tracker.render.context import NEEDS_GATE

    today = options.date()
    first = run_check(project, views_options(options)) if names & NEEDS_GATE else None
    states: Sequence[RegionState] = region_states(project, today, first, options)
    if first is not None and not states and not extra and views_options(options) == options:
        return first
    return run_check(project, dataclasses.replace(options, regions=tuple(states)), extra=extra,
                     focus=focus if first is None else None)
