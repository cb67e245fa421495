"""The self-contained status page: `tracker.report/1` data in, one HTML document out (inline CSS, SVG and script).

Every piece of text from a tracker, the ledger or git goes through `_e` (HTML-escaped, quotes included);
links are made only from an http(s) repository URL. Nothing is fetched: the page works from file://.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from tracker.report.page_assets import CSS, SCRIPT
from tracker.report.page_svg import burnup_svg, graph_model, graph_svg

STATUSES = ("todo", "in_progress", "blocked", "paused", "done", "dropped")


def _e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


class _Page:
    """Renders the sections; knows the indices the filters use for groups and documents."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.group_index = {g["name"]: n for n, g in enumerate(data["groups"])}
        self.doc_index = {d["path"]: n for n, d in enumerate(data["documents"])}
        self.items: dict[str, dict[str, Any]] = {}
        for item in data["items"]:
            self.items.setdefault(item["id"], item)
        url = data["repository"]["url"] or ""
        self.base = url.rstrip("/") if url.startswith(("https://", "http://")) else None
        self.commit = data["repository"]["commit"] or "HEAD"

    def where(self, path: str | None, line: int | None, code: bool = True) -> str:
        """`path:line`, linked to the repository's web view when tracker.yaml names one."""
        if not path:
            return ""
        shown = f"{path}:{line}" if line else path
        text = f"<code>{_e(shown)}</code>" if code else _e(shown)
        if self.base is None:
            return text
        href = f"{self.base}/blob/{quote(self.commit)}/{quote(path)}" + (f"#L{line}" if line else "")
        return f'<a href="{_e(href)}">{text}</a>'

    def filters(self, item_id: str | None, path: str | None = None) -> str:
        """The data attributes the filter script matches: status, group index, document index."""
        item = self.items.get(item_id or "")
        parts = []
        if item is not None:
            parts.append(f' data-s="{_e(item["status"])}" data-g={self.group_index[item["group"]]}')
            path = item["path"]
        if path in self.doc_index:
            parts.append(f" data-d={self.doc_index[path]}")
        return "".join(parts)


def _status(value: str) -> str:
    return f'<span class="st st-{_e(value)}">{_e(value.replace("_", " "))}</span>'


def _bar(percent: float, css: str, label: str) -> str:
    return (f'<span class="bar" role="img" aria-label="{_e(label)} {percent}%">'
            f'<span class="{css}" style="width:{percent}%"></span></span>')


def _tally_rows(rows: list[dict[str, Any]], key: str, attr: str, label: str) -> str:
    out = []
    for n, row in enumerate(rows):
        counts = "".join(f'<td data-count="{s}">{row["counts"][s]}</td>' for s in STATUSES)
        out.append(f'<tr data-{attr}="{n}"><th scope="row">{_e(row[key])}</th>{counts}'
                   f'<td data-count="total">{row["items"]}</td>'
                   f'<td>{_bar(row["percent_done"], "b-done", "done")} {row["percent_done"]}% done<br>'
                   f'{_bar(row["percent_proven"], "b-proven", "proven")} {row["percent_proven"]}% proven</td></tr>')
    head = "".join(f"<th scope=\"col\">{s.replace('_', ' ')}</th>" for s in STATUSES)
    return (f'<div class="scroll short" tabindex="0" role="region" aria-label="{_e(label)}, scrollable">'
            f'<table class="tally"><thead><tr><th scope="col">{key.capitalize()}</th>{head}<th scope="col">total</th>'
            f'<th scope="col">progress</th></tr></thead><tbody>{"".join(out)}</tbody></table></div>')


def _overview(page: _Page) -> str:
    data = page.data
    totals = data["totals"]
    cells = [f'<div><dt>items</dt><dd data-count="total">{totals["items"]}</dd></div>']
    cells += [f'<div><dt>{s.replace("_", " ")}</dt><dd data-count="{s}">{data["counts"][s]}</dd></div>'
              for s in STATUSES]
    cells += [f'<div><dt>% done</dt><dd data-percent="done">{totals["percent_done"]}%</dd></div>',
              f'<div><dt>% proven</dt><dd data-percent="proven">{totals["percent_proven"]}%</dd></div>']
    errors = "".join(f'<li>{page.where(e["path"], None)}: {_e(e["message"])}</li>' for e in data["errors"])
    return "".join([
        '<section id="overview" aria-labelledby="h-overview"><h2 id="h-overview">Overview</h2>',
        f'<dl class="totals" id="totals">{"".join(cells)}</dl>',
        f'<p class="note">% of the items not dropped. {_e(data["definitions"]["proven"])}.</p>',
        f'<ul class="note">{errors}</ul>' if errors else "",
        '<h3>Per document</h3>', _tally_rows(data["documents"], "path", "doc-row", "Counts per document"),
        '<h3>Per group</h3>', _tally_rows(data["groups"], "name", "group-row", "Counts per group"), "</section>"])


def _filters(page: _Page) -> str:
    def options(values: list[tuple[str, str]]) -> str:
        return '<option value="">all</option>' + "".join(f'<option value="{_e(v)}">{_e(t)}</option>' for v, t in values)

    return "".join([
        '<form id="filters" class="filters" hidden aria-label="Filters">',
        f'<label>Status<select name="status">{options([(s, s.replace("_", " ")) for s in STATUSES])}</select></label>',
        f'<label>Group<select name="group">{options([(str(i), n) for n, i in page.group_index.items()])}'
        '</select></label>',
        f'<label>Document<select name="doc">{options([(str(i), p) for p, i in page.doc_index.items()])}'
        '</select></label>',
        '<button type="reset">Clear filters</button><output id="filter-shown" aria-live="polite"></output></form>'])


def _blockers(page: _Page) -> str:
    data = page.data
    rows = []
    for b in data["blockers"]:
        what = [f"dependency <code>{_e(d)}</code>" for d in b["dependencies"]]
        what += [f"gate <code>{_e(g)}</code>" for g in b["gates"]]
        if not what:
            what = [f"reason: {_e(b['reason'])}" if b["reason"] else "no reason given"]
        rows.append(f'<tr{page.filters(b["id"])}><td><code>{_e(b["id"])}</code> {_e(b["title"])}</td>'
                    f'<td>{"; ".join(what)}</td><td class="nowrap">{_e(b["since"] or "not committed")}</td>'
                    f'<td>{page.where(b["path"], b["line"])}</td></tr>')
    gates = [g for g in data["gates"] if not g["passed"]]
    gate_rows = "".join(
        f'<li>gate <strong>{_e(g["name"])}</strong> ({page.where(g["path"], g["line"])}) does not pass: '
        f'{_e("; ".join(g["reasons"]) or "no reason given")}'
        f'{"; blocks " + _e(", ".join(g["blocks"])) if g["blocks"] else ""}</li>' for g in gates)
    table = ('<div class="scroll short" tabindex="0" role="region" aria-label="Blocked items, scrollable"><table>'
             '<thead><tr><th scope="col">Item</th><th scope="col">Blocked by</th><th scope="col">Since</th>'
             f'<th scope="col">Where</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>') if rows else \
        "<p>No item is blocked.</p>"
    return "".join([
        '<section id="blockers" aria-labelledby="h-blockers"><h2 id="h-blockers">Blockers</h2>', table,
        f'<h3>Gates that do not pass</h3><ul>{gate_rows}</ul>' if gates else "<p>Every gate passes.</p>",
        f'<p class="note">{_e(data["definitions"]["since"])}.</p></section>'])


def _burnup(page: _Page) -> str:
    burnup = page.data["burnup"]
    days = burnup["days"]
    if not burnup["available"] or not days:
        body = f'<p>No burn-up: {_e(burnup["note"] or "no tracker history on this branch yet")}.</p>'
    else:
        rows = "".join(f'<tr><td>{_e(d["date"])}</td><td class="n">{d["total"]}</td><td class="n">{d["done"]}</td>'
                       f'<td class="n">{d["proven"]}</td></tr>' for d in days)
        body = (burnup_svg(days) + '<details><summary>The numbers</summary><table><thead><tr><th scope="col">Date</th>'
                '<th scope="col">total</th><th scope="col">done</th><th scope="col">proven</th></tr></thead>'
                f'<tbody>{rows}</tbody></table></details>')
    return (f'<section id="burnup" aria-labelledby="h-burnup"><h2 id="h-burnup">Burn-up</h2>{body}'
            f'<p class="note">From git history (first parent, the last commit of each day); dropped items do not '
            f'count. {_e(page.data["definitions"]["proven_burnup"])}.</p></section>')


def _graph(page: _Page) -> str:
    nodes, edges, caption = graph_model(page.data["items"])
    body = graph_svg(nodes, edges) if nodes else ""
    return (f'<section id="graph" aria-labelledby="h-graph"><h2 id="h-graph">Dependency graph</h2>'
            f'<p class="note">{_e(caption)} Border colour is the status; hover a node for its title and place.</p>'
            f'<div class="scroll" tabindex="0" role="region" aria-label="Dependency graph, scrollable">{body}</div>'
            "</section>")


def _findings(page: _Page) -> str:
    out = ['<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">Findings</h2>']
    summary = page.data["summary"]
    out.append(f'<p>{summary["errors"]} error(s), {summary["warnings"]} warning(s) '
               f'(waived findings are listed and marked).</p>')
    for group in page.data["findings"]:
        anchor = f'rule-{_e(group["code"])}'
        out.append(f'<h3 id="{anchor}">{_e(group["code"])} {_e(group["rule"])} ({len(group["findings"])})</h3>')
        out.append(f'<details><summary>About {_e(group["code"])}: {_e(group["summary"] or group["rule"])}</summary>'
                   f'<pre>{_e(group["doc"] or "No documentation in the catalogue.")}</pre></details><ul>')
        for f in group["findings"]:
            state = f'waived ({_e(f["waiver"])})' if f["waived"] else _e(f["severity"])
            item = f' <code>{_e(f["item"])}</code>' if f["item"] else ""
            out.append(f'<li{page.filters(f["item"], f["path"])}>{page.where(f["path"], f["line"])} {state}{item}: '
                       f'{_e(f["message"])}<br><span class="muted">{_e(f["hint"])}</span></li>')
        out.append("</ul>")
    if not page.data["findings"]:
        out.append("<p>No findings.</p>")
    out.append("</section>")
    return "".join(out)


def _ledger(page: _Page) -> str:
    ledger = page.data["ledger"]
    records = sorted(ledger["records"], key=lambda r: r["time"] or "", reverse=True)
    out = ['<section id="ledger" aria-labelledby="h-ledger"><h2 id="h-ledger">Ledger</h2>',
           f'<p class="note">Closure records from {page.where(ledger["path"], None)}, newest first.</p>']
    if records:
        out.append('<ol class="timeline">')
        for r in records:
            evidence = ", ".join(f'<code title="sha256 {_e(e["sha256"])}">{_e(e["path"])}</code>'
                                 for e in r["evidence"])
            forced = f' <span class="forced">forced: {_e(r["reason"] or "no reason")}</span>' if r["forced"] else ""
            note = f' <span class="muted">note: {_e(r["note"])}</span>' if r["note"] else ""
            out.append(f'<li{page.filters(r["id"])}><time>{_e(r["time"] or "no time")}</time> '
                       f'<strong>{_e(r["user"] or "unknown")}</strong> {_e(r["action"])} <code>{_e(r["id"])}</code>'
                       f' → {_status(r["status"] or "done")}{forced}'
                       f'{" with " + evidence if evidence else " with no evidence"}{note}</li>')
        out.append("</ol>")
    else:
        out.append("<p>No closure recorded yet.</p>")
    out += [f'<p class="note">{page.where(ledger["path"], p["line"])}: {_e(p["message"])} (skipped)</p>'
            for p in ledger["problems"]]
    out.append("</section>")
    return "".join(out)


def _items(page: _Page) -> str:
    # 10,000 rows: the end tags HTML lets a table row omit are omitted, and the filter script finds these
    # rows by the table, so each row carries only its three filter values (about 120 bytes a row).
    rows = []
    for i in page.data["items"]:
        attrs = page.filters(i["id"]) if page.items[i["id"]] is i else page.filters(None, i["path"])
        rows.append(f'<tr{attrs}><td>{_e(i["id"])}<td>{_e(i["title"])}<td class="st-{_e(i["status"])}">'
                    f'{_e(i["status"].replace("_", " "))}{" ✓" if i["proven"] else ""}'
                    f'<td>{page.where(i["path"], i["line"], code=False)}')
    return ('<section id="items" aria-labelledby="h-items"><h2 id="h-items">Items</h2>'
            '<p class="note">✓: proven (see Overview). Use the filters above to narrow the list.</p>'
            '<div class="scroll" tabindex="0" role="region" aria-label="Items, scrollable"><table id="items-table">'
            '<thead><tr><th scope="col">ID</th><th scope="col">Title</th><th scope="col">Status</th>'
            f'<th scope="col">Where</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')


SECTIONS = (("overview", "Overview"), ("blockers", "Blockers"), ("burnup", "Burn-up"), ("graph", "Graph"),
            ("findings", "Findings"), ("ledger", "Ledger"), ("items", "Items"))


def render_page(data: dict[str, Any], title: str = "Status") -> str:
    page = _Page(data)
    commit = data["repository"]["commit"]
    nav = "".join(f'<li><a href="#{key}">{name}</a></li>' for key, name in SECTIONS)
    return "".join([
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
        '<a class="skip" href="#main">Skip to content</a>',
        f'<header><h1>{_e(title)}</h1><p class="muted">Generated {_e(data["generated"])}'
        f'{" at commit <code>" + _e(commit[:12]) + "</code>" if commit else ""} by <code>tracker report</code>. '
        'The data: <code>tracker report --format json</code> (schema tracker.report/1).</p>',
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav></header><main id="main">',
        _overview(page), _filters(page), _blockers(page), _burnup(page), _graph(page), _findings(page),
        _ledger(page), _items(page), f"</main><script>{SCRIPT}</script></body></html>\n"])
