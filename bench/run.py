"""Time whole `tracker` processes on generated repositories and write bench/results.md.

    python bench/run.py [--sizes small,10k] [--runs 5] [--work /tmp/tracker-bench] [--out bench/results.md]

For each size it generates the repository (bench/generate.py) unless it already exists,
then runs every command once to warm the page cache and `--runs` more times, recording
the median and max wall time and the peak RSS of the child (os.wait4's ru_maxrss).
`python -c pass` is measured in the same run as the baseline. Commands the CLI does not
have yet are reported as "n/a (not built)". Git is wrapped to count the git processes one
`check` starts. Hostile inputs are timed once each with `status --format json`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TARGETS = {
    "python -c pass": "baseline",
    "tracker --version": "≤ 60 ms",
    "status --format json": "≤ 0.8 s on 10k",
    "check": "≤ 150 ms and ≤ 8× baseline on small; ≤ 1.0 s on 10k",
    "check --base HEAD~1": "—",
    "hook (one staged change)": "≤ 0.5 s on 10k",
    "close (10,000-row document)": "≤ 0.4 s",
    "render --check": "—",
}
RSS_TARGET_MB = 150


@dataclass
class Result:
    name: str
    size: str
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)  # user + system seconds of the child
    rss_kb: int = 0
    codes: set[int] = field(default_factory=set)
    note: str = ""
    git_calls: int | None = None

    def cells(self) -> list[str]:
        if self.note:
            return [self.note, "", ""]
        return [f"{statistics.median(self.walls) * 1000:.0f} ms (cpu {statistics.median(self.cpus) * 1000:.0f})",
                f"{max(self.walls) * 1000:.0f} ms", f"{self.rss_kb / 1024:.0f} MB"]


def tracker_cmd() -> list[str]:
    venv = PROJECT / ".venv" / "bin" / "tracker"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "tracker"]


def run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int, str, float]:
    """Wall seconds, exit code, peak RSS (KB) of the child, the tail of its stderr, and its CPU seconds."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return wall, proc.returncode, usage.ru_maxrss, tail, usage.ru_utime + usage.ru_stime


def not_built(code: int, stderr: str) -> bool:
    return code == 2 and ("No such command" in stderr or "No such option" in stderr)


def measure(name: str, size: str, cmd: list[str], cwd: Path, env: dict[str, str], runs: int,
            setup=None, teardown=None, ok=(0, 1)) -> Result:
    result = Result(name, size)
    for attempt in range(runs + 1):
        if setup:
            setup()
        try:
            wall, code, rss, tail, cpu = run_once(cmd, cwd, env)
        finally:
            if teardown:
                teardown()
        if not_built(code, tail):
            result.note = "n/a (not built)"
            return result
        if code not in ok:
            result.note = f"error (exit {code}): {tail.strip().splitlines()[-1][:80] if tail.strip() else ''}"
            return result
        result.codes.add(code)
        if attempt:  # the first run warms caches
            result.walls.append(wall)
            result.cpus.append(cpu)
            result.rss_kb = max(result.rss_kb, rss)
    return result


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def git_wrapper(folder: Path, log: Path) -> dict[str, str]:
    """An environment whose `git` logs each start to `log`, then runs the real git."""
    real = shutil.which("git")
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / "git"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def ensure_repo(size: str, work: Path) -> Path:
    repo = work / size
    if not (repo / ".git").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--size", size, "--out", str(repo)], check=True)
    return repo


def bench_size(size: str, work: Path, runs: int) -> list[Result]:
    repo = ensure_repo(size, work)
    env = dict(os.environ)
    t = tracker_cmd()
    results = [
        measure("python -c pass", size, [sys.executable, "-c", "pass"], repo, env, runs),
        measure("tracker --version", size, t + ["--version"], repo, env, runs),
        measure("status --format json", size, t + ["status", "--format", "json"], repo, env, runs),
        measure("check", size, t + ["check"], repo, env, runs),
        measure("check --base HEAD~1", size, t + ["check", "--base", "HEAD~1"], repo, env, runs),
    ]
    target = sorted((repo / "trackers").rglob("master_*.md"))[0]
    original = target.read_bytes()

    def stage() -> None:
        target.write_bytes(original.replace(b"| in_progress |", b"| done |", 1))
        git(repo, "add", str(target))

    def unstage() -> None:
        target.write_bytes(original)
        git(repo, "reset", "-q", "--", str(target))

    results.append(measure("hook (one staged change)", size, t + ["hook"], repo, env, runs, stage, unstage))
    results.append(measure("render --check", size, t + ["render", "--check"], repo, env, runs))
    # How many git processes one `check` starts (the issue wants a constant, at most 4).
    log = work / f"git-calls-{size}.log"
    log.unlink(missing_ok=True)
    wrapped = git_wrapper(work / "gitwrap", log)
    counted = measure("check", size, t + ["check"], repo, wrapped, 0)
    if not counted.note:
        results[3].git_calls = len(log.read_text().splitlines()) if log.exists() else 0
    return results


def bench_close(work: Path, runs: int) -> Result:
    repo = ensure_repo("close", work)
    doc = next((repo / "trackers").rglob("master_*.md"))
    text = doc.read_text(encoding="utf-8")
    # An open item in the middle of the document whose evidence file is committed.
    rows = [line for line in text.splitlines() if "| in_progress |" in line and "`docs/" in line]
    row = rows[len(rows) // 2]
    item_id = row.split("|")[1].strip()
    evidence = row.split("`")[1]

    def restore() -> None:
        git(repo, "checkout", "-q", "--", ".")
        git(repo, "clean", "-fdq")

    return measure("close (10,000-row document)", "close", tracker_cmd() + ["close", item_id, "--evidence", evidence],
                   repo, dict(os.environ), runs, None, restore, ok=(0,))


def bench_hostile(work: Path, runs: int) -> list[Result]:
    folder = work / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    table = "| ID | Status | Evidence |\n|---|---|---|\n"
    cases = {
        "10 MB single line": "# Notes\n\n" + "word " * 2_000_000 + "\n",
        "row with 100,000 pipes": table + "| A-1 | done | `e.md` " + "|" * 100_000 + "\n",
        "100,000 nested list markers": "- " * 100_000 + "[x] deep\n\n" + table + "| B-1 | done | `b.md` |\n",
        "100,000 nested task lines": "".join(f"{'  ' * (i % 8)}- [x] **T-{i}**: item\n" for i in range(100_000)),
    }
    out = []
    for name, text in cases.items():
        path = folder / (name.replace(" ", "_").replace(",", "") + ".md")
        path.write_text(text, encoding="utf-8")
        out.append(measure(f"hostile: {name}", "—", tracker_cmd() + ["status", "--format", "json", path.name],
                           folder, dict(os.environ), runs))
    return out


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run(tracker_cmd() + ["--version"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {version}; load average at the end {load} "
            f"(the machine is shared, so figures carry that noise)")


def table(results: list[Result], sizes: list[str]) -> list[str]:
    by = {(r.name, r.size): r for r in results}
    names = list(TARGETS)
    head = "| Command | Target | " + " | ".join(f"{s} median | {s} max | {s} peak RSS" for s in sizes) + " |"
    lines = [head, "|" + "---|" * (2 + 3 * len(sizes))]
    for name in names:
        row = [name, TARGETS[name]]
        for size in sizes:
            r = by.get((name, size))
            row += r.cells() if r else ["", "", ""]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def write_report(results: list[Result], sizes: list[str], close: Result | None, hostile: list[Result],
                 out: Path, runs: int, elapsed: float) -> str:
    lines = ["# Benchmark results", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}.", "",
             f"Command: `python bench/run.py --sizes {','.join(sizes)} --runs {runs}` (one warm-up run, then {runs} "
             f"timed runs per command; median wall time of the whole process with the child's CPU time (user + "
             f"system) in brackets, which shared-machine load inflates less; peak RSS of the child from wait4). "
             f"Total bench time {elapsed:.0f} s.", ""]
    lines += table(results, sizes)
    lines.append("")
    ratios = []
    by = {(r.name, r.size): r for r in results}
    for name in ("status --format json", "check"):
        a, b = by.get((name, "10k")), by.get((name, "50k"))
        if a and b and not a.note and not b.note:
            ratios.append(f"`{name}` 50k/10k time ratio: {statistics.median(b.walls) / statistics.median(a.walls):.2f} "
                          f"wall, {statistics.median(b.cpus) / statistics.median(a.cpus):.2f} CPU (target ≤ 5.5)")
    small_check, small_base = by.get(("check", "small")), by.get(("python -c pass", "small"))
    if small_check and small_base and not small_check.note:
        ratios.append(f"`check` on small / `python -c pass`: "
                      f"{statistics.median(small_check.walls) / statistics.median(small_base.walls):.1f}× (target ≤ 8×)")
    for r in results:
        if r.git_calls is not None:
            ratios.append(f"git processes started by one `check` on {r.size}: {r.git_calls} (target ≤ 4)")
    peak = max((r.rss_kb for r in results if r.size == "10k" and not r.note), default=0)
    if peak:
        ratios.append(f"peak RSS of any command on 10k: {peak / 1024:.0f} MB (target ≤ {RSS_TARGET_MB} MB)")
    lines += [f"- {r}" for r in ratios]
    if close:
        lines += ["", "| Command | Target | median | max | peak RSS |", "|---|---|---|---|---|",
                  "| " + " | ".join([close.name, TARGETS[close.name], *close.cells()]) + " |"]
    if hostile:
        lines += ["", "Hostile inputs (`status --format json FILE`, no time target: bounded and linear in size):", "",
                  "| Input | median | max | peak RSS |", "|---|---|---|---|"]
        lines += ["| " + " | ".join([r.name.removeprefix("hostile: "), *r.cells()]) + " |" for r in hostile]
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,10k")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tracker-bench")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--no-close", action="store_true")
    parser.add_argument("--no-hostile", action="store_true")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    args.work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results: list[Result] = []
    for size in sizes:
        print(f"bench: {size}", file=sys.stderr)
        results += bench_size(size, args.work, args.runs)
    close = None if args.no_close else bench_close(args.work, args.runs)
    hostile = [] if args.no_hostile else bench_hostile(args.work, max(1, args.runs // 2))
    print(write_report(results, sizes, close, hostile, args.out, args.runs, time.perf_counter() - start))


if __name__ == "__main__":
    main()
