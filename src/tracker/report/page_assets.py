"""The status page's inline CSS (light and dark themes) and its small filter script: constants, no logic."""

from __future__ import annotations

CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;
--done:#1a7f37;--proven:#0550ae;--blocked:#cf222e;--in_progress:#9a6700;--paused:#8250df;--todo:#59636e;
--dropped:#6e7781;--mixed:#9a6700;--focus:#0969da;--link:#0550ae}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;
--done:#3fb950;--proven:#58a6ff;--blocked:#ff7b72;--in_progress:#d29922;--paused:#bc8cff;--todo:#9198a1;
--dropped:#8b949e;--mixed:#d29922;--focus:#58a6ff;--link:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
header,main{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:16px;border-bottom:1px solid var(--line)}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin:1.6em 0 .5em;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:1em 0 .3em}
a{color:var(--link)}
a:focus-visible,summary:focus-visible,select:focus-visible,button:focus-visible,.scroll:focus-visible{
outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:16px;top:8px;background:var(--bg);padding:4px 8px}
nav ul{list-style:none;padding:0;margin:.5em 0;display:flex;flex-wrap:wrap;gap:4px 16px}
.muted,.note{color:var(--muted)}
.totals{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0}
.totals div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:92px}
.totals dt{font-size:.8em;color:var(--muted)}.totals dd{margin:0;font-size:1.4em;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel)}td.n,.tally td[data-count]{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:inline-block;vertical-align:middle;width:120px;height:8px;background:var(--line);border-radius:4px;
overflow:hidden}
.bar span{display:block;height:100%}.b-done{background:var(--done)}.b-proven{background:var(--proven)}
.st{font-weight:600}
.st-done{color:var(--done)}.st-blocked{color:var(--blocked)}.st-in_progress{color:var(--in_progress)}
.st-paused{color:var(--paused)}.st-todo{color:var(--todo)}.st-dropped{color:var(--dropped)}
.forced{color:var(--blocked);font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;background:var(--panel);padding:8px 12px;
border:1px solid var(--line);border-radius:6px;position:sticky;top:0;z-index:1}
form.filters label{display:flex;flex-direction:column;font-size:.85em}
select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;
padding:2px 6px}
.scroll{overflow:auto;max-height:70vh;border:1px solid var(--line);border-radius:6px}.scroll.short{max-height:420px}
.scroll table{margin:0}.nowrap{white-space:nowrap}thead th{position:sticky;top:0}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}
svg .tick,svg .label{fill:var(--muted)}svg .grid{stroke:var(--line)}svg .axis{stroke:var(--muted)}
svg .legend{fill:var(--fg)}
polyline,svg line.l-total,svg line.l-done,svg line.l-proven{stroke-width:2.5}
.l-total{stroke:var(--muted);stroke-dasharray:5 3}.l-done{stroke:var(--done)}.l-proven{stroke:var(--proven)}
circle.l-total{fill:var(--muted)}circle.l-done{fill:var(--done)}circle.l-proven{fill:var(--proven)}
.graph .edge{fill:none;stroke:var(--muted);stroke-width:1;opacity:.7}
.graph rect{fill:var(--bg);stroke-width:2}
.s-done rect{stroke:var(--done)}.s-blocked rect{stroke:var(--blocked)}.s-in_progress rect{stroke:var(--in_progress)}
.s-paused rect{stroke:var(--paused)}.s-todo rect{stroke:var(--todo)}.s-dropped rect{stroke:var(--dropped)}
.s-mixed rect{stroke:var(--mixed)}
details{margin:.3em 0}summary{cursor:pointer}
pre{white-space:pre-wrap;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px}
ol.timeline{list-style:none;padding-left:0;border-left:3px solid var(--line);margin-left:6px}
ol.timeline li{padding:2px 0 8px 12px}
code{font-size:.92em}
[hidden]{display:none!important}
main>section{content-visibility:auto;contain-intrinsic-size:auto 600px}
"""

# Filters hide every element carrying data-s/data-d (and every item row) that does not match; none of them is inserted
# from data, so the script never builds markup.
SCRIPT = """
(function () {
  var form = document.getElementById('filters');
  if (!form) { return; }
  form.hidden = false;
  var shown = document.getElementById('filter-shown');
  function apply() {
    var want = {s: form.elements.status.value, g: form.elements.group.value, d: form.elements.doc.value};
    var rows = document.querySelectorAll('#main [data-s], #main [data-d], #items-table tbody tr');
    var visible = 0;
    for (var i = 0; i < rows.length; i++) {
      var el = rows[i];
      var ok = (!want.s || el.getAttribute('data-s') === want.s) &&
               (!want.g || el.getAttribute('data-g') === want.g) &&
               (!want.d || el.getAttribute('data-d') === want.d);
      if (ok) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); }
      if (ok && el.parentNode.parentNode.id === 'items-table') { visible++; }
    }
    shown.textContent = visible + ' item(s) shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  // Nothing is filtered on load: count the rows instead of touching 10,000 of them before the first paint.
  shown.textContent = document.querySelectorAll('#items-table tbody tr').length + ' item(s) shown';
})();
"""
