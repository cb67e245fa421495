"""Real headless Chromium for the status page: screenshots, the DOM after scripts ran, and console errors.

Shared by tests/page and bench/page.py. `python -m tests.support.chromium OUT.png [DIR]` renders
`tracker report --html` for DIR (default: this repository) and screenshots it (docs/status-page.png).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--hide-scrollbars"]
# Chromium logs each console message as `...:INFO:CONSOLE:LINE] "text", source: URL (LINE)` (older builds:
# `CONSOLE(LINE)`). Chromium 156 logs console.error at INFO too, so the level cannot be trusted: the page
# tests assert that there is no console message at all, and `console_errors` also takes "Uncaught" ones.
CONSOLE = re.compile(r":(?P<level>[A-Z]+):CONSOLE(?:\(\d+\)|:\d+)\] \"(?P<text>.*)\", source: (?P<source>.*)$")


def find_chromium() -> str | None:
    for name in ((os.environ.get("TRACKER_CHROMIUM") or "", *NAMES)):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


@dataclass
class Run:
    stdout: str
    stderr: str
    seconds: float

    @property
    def console(self) -> list[tuple[str, str]]:
        """(level, text) of every console message the page produced."""
        found = []
        for line in self.stderr.splitlines():
            match = CONSOLE.search(line)
            if match:
                found.append((match["level"], match["text"]))
        return found

    @property
    def console_errors(self) -> list[str]:
        return [text for level, text in self.console if level in ("ERROR", "FATAL") or "Uncaught" in text]


def run(url: str, *args: str, timeout: float = 60) -> Run:
    """One headless run with a fresh profile (no state leaks between runs, nothing reaches the network)."""
    import time

    binary = find_chromium()
    if binary is None:
        raise RuntimeError("no chromium binary")
    with tempfile.TemporaryDirectory(prefix="tracker-chromium-") as profile:
        start = time.perf_counter()
        proc = subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args, url], capture_output=True,
                              text=True, timeout=timeout)
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}")
    return Run(proc.stdout, proc.stderr, seconds)


def screenshot(page: Path, out: Path, width: int = 1200, height: int = 1600) -> Run:
    result = run(page.resolve().as_uri(), f"--screenshot={out.resolve()}", f"--window-size={width},{height}")
    if not out.is_file() or out.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"chromium wrote no PNG to {out}: {result.stderr[-2000:]}")
    return result


def dump_dom(page: Path) -> Run:
    return run(page.resolve().as_uri(), "--dump-dom")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("docs/status-page.png")
    root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "tracker", "report", "--html", folder, "--title", "tracker roadmap"],
                       cwd=root, check=True)
        screenshot(Path(folder) / "index.html", out, 1100, 1500)
    sys.stderr.write(f"wrote {out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
