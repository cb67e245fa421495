"""Measure the status page on a generated repository and write bench/page-results.md.

    python bench/page.py [--size 10k] [--runs 5] [--work /tmp/tracker-bench] [--out bench/page-results.md]

Three figures, medians over `--runs` after one warm-up:

- page size: bytes of `tracker report --html DIR`'s index.html (target ≤ 2 MB);
- generation beyond status: wall time of `tracker report --html DIR` minus that of `tracker status --format json`,
  both whole processes measured in the same loop (target ≤ 1 s);
- first render: wall time of headless Chromium taking a 1200×900 screenshot of the page (load, style, layout,
  script, paint) minus the same for a one-line page, so the browser's own start-up is not counted (target ≤ 1 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from run import ensure_repo, machine, run_once, tracker_cmd  # noqa: E402

from tests.support import chromium  # noqa: E402

TARGETS = {"size": 2_000_000, "beyond_status": 1.0, "first_render": 1.0}


def measure(size: str, work: Path, runs: int) -> dict[str, list[float]]:
    repo = ensure_repo(size, work)
    env = dict(os.environ)
    figures: dict[str, list[float]] = {"status": [], "report": [], "size": [], "render": [], "blank": []}
    with tempfile.TemporaryDirectory(prefix="tracker-page-") as folder:
        site = Path(folder) / "site"
        blank = Path(folder) / "blank.html"
        blank.write_text("<!doctype html><title>blank</title><p>blank</p>\n", encoding="utf-8")
        shot = Path(folder) / "shot.png"
        for attempt in range(runs + 1):
            status, _code, *_ = run_once([*tracker_cmd(), "status", "--format", "json"], repo, env)
            report, code2, _, tail, _ = run_once([*tracker_cmd(), "report", "--html", str(site)], repo, env)
            if code2 != 0:
                raise SystemExit(f"tracker report failed (exit {code2}): {tail}")
            page = site / "index.html"
            render = chromium.screenshot(page, shot, 1200, 900)
            if render.console:
                raise SystemExit(f"console messages: {render.console}")
            empty = chromium.screenshot(blank, shot, 1200, 900)
            if attempt:  # the first round warms the page cache and the browser's disk cache
                figures["status"].append(status)
                figures["report"].append(report)
                figures["size"].append(page.stat().st_size)
                figures["render"].append(render.seconds)
                figures["blank"].append(empty.seconds)
    return figures


def write(figures: dict[str, list[float]], size: str, runs: int, out: Path) -> str:
    med = {key: statistics.median(values) for key, values in figures.items()}
    beyond = [r - s for r, s in zip(figures["report"], figures["status"], strict=False)]
    first = [r - b for r, b in zip(figures["render"], figures["blank"], strict=False)]
    rows = [
        ("page size", "≤ 2 MB", f"{med['size'] / 1e6:.2f} MB", med["size"] <= TARGETS["size"]),
        ("`report --html` beyond `status --format json`", "≤ 1 s",
         f"{statistics.median(beyond) * 1000:.0f} ms (report {med['report'] * 1000:.0f} ms, "
         f"status {med['status'] * 1000:.0f} ms)", statistics.median(beyond) <= TARGETS["beyond_status"]),
        ("first render in headless Chromium", "≤ 1 s",
         f"{statistics.median(first) * 1000:.0f} ms (screenshot {med['render'] * 1000:.0f} ms, "
         f"blank page {med['blank'] * 1000:.0f} ms)", statistics.median(first) <= TARGETS["first_render"]),
    ]
    lines = [f"# Status page on `{size}`", "",
             f"`python bench/page.py --size {size} --runs {runs}`, median of {runs} after a warm-up; {machine()}.", "",
             "| What | Target | Measured | |", "|---|---|---|---|"]
    lines += [f"| {name} | {target} | {value} | {'met' if ok else 'missed'} |" for name, target, value, ok in rows]
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "tracker-bench"))
    parser.add_argument("--out", default=str(HERE / "page-results.md"))
    args = parser.parse_args()
    if chromium.find_chromium() is None:
        raise SystemExit("no chromium binary (apt-get install chromium, or set TRACKER_CHROMIUM)")
    figures = measure(args.size, Path(args.work), args.runs)
    sys.stdout.write(write(figures, args.size, args.runs, Path(args.out)))


if __name__ == "__main__":
    main()
