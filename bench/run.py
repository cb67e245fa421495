"""Time whole `tracker` processes on generated repositories and write bench/results.md.

    python bench/run.py [--sizes small,10k[,50k][,200k]] [--runs 5] [--work /tmp/tracker-bench]
                        [--out bench/results.md] [--tracker CMD] [--no-close] [--no-hostile]

For each size it generates the repository (bench/generate.py) unless it already exists,
then runs every command once to warm the page cache and `--runs` more times, recording
the median, min and max wall time, the child's CPU time and its peak RSS (os.wait4's
ru_maxrss). `python -c pass` is measured in the same run as the baseline. `200k` is one
200,000-row document: only `status` and `close` run on it. Commands the CLI does not have
(an older tree) are reported as "n/a (not built)". Git is wrapped to count the git
processes one `check` starts. Hostile inputs are timed with `status --format json`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
# Issue 13's targets, as written in the table.
TARGETS = {
    "python -c pass": "baseline",
    "tracker --version": "≤ 2× `python -c pass`",
    "status --format json": "≤ 0.3 s on 10k",
    "status": "≤ 1.5 s and ≤ 150 MB on 50k",
    "check": "≤ 0.12 s on small; ≤ 0.25 s on 10k (warm cache)",
    "check, cold cache": "≤ 0.4 s on 10k",
    "check --base HEAD~1": "≤ 0.6 s on 10k",
    "hook (one staged change)": "≤ 0.12 s on small; ≤ 0.3 s on 10k",
    "hook, first on a new HEAD": "— (HEAD judged whole, its verdicts stored)",
    "render --check": "—",
    "close (10,000-row document)": "≤ 0.2 s",
    "status (200,000-row document)": "≤ 6 s, ≤ 500 MB",
    "close (200,000-row document)": "≤ 3 s",
}
# (command, size) -> (seconds, MB or None): the targets a row is judged against.
LIMITS: dict[tuple[str, str], tuple[float, float | None]] = {
    ("status --format json", "10k"): (0.3, None),
    ("status", "50k"): (1.5, 150),
    ("check", "small"): (0.12, None),
    ("check", "10k"): (0.25, None),
    ("check, cold cache", "10k"): (0.4, None),
    ("check --base HEAD~1", "10k"): (0.6, None),
    ("hook (one staged change)", "small"): (0.12, None),
    ("hook (one staged change)", "10k"): (0.3, None),
    ("close (10,000-row document)", "close"): (0.2, None),
    ("status (200,000-row document)", "200k"): (6.0, 500),
    ("close (200,000-row document)", "200k"): (3.0, None),
}
LARGE = ("close (10,000-row document)", "status (200,000-row document)", "close (200,000-row document)")
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

    def time_cell(self) -> str:
        if self.note:
            return self.note
        return (f"{ms(statistics.median(self.walls))} ({ms(min(self.walls))}–{ms(max(self.walls))}; "
                f"cpu {ms(statistics.median(self.cpus))})")

    def rss_cell(self) -> str:
        return "" if self.note else f"{self.rss_kb / 1024:.0f} MB"

    def verdict(self, baseline: Result | None = None) -> str:
        """Met, or missed by how much, for the targets that are numbers."""
        if self.note:
            return ""
        limit = LIMITS.get((self.name, self.size))
        if self.name == "tracker --version" and baseline is not None and not baseline.note:
            limit = (2 * statistics.median(baseline.walls), None)
        if limit is None:
            return ""
        seconds, megabytes = limit
        median = statistics.median(self.walls)
        misses = []
        if median > seconds:
            misses.append(f"time {median / seconds:.1f}× the target")
        if megabytes is not None and self.rss_kb / 1024 > megabytes:
            misses.append(f"RSS {self.rss_kb / 1024 / megabytes:.1f}× the target")
        return "met" if not misses else "missed: " + ", ".join(misses)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def tracker_cmd(override: str | None = None) -> list[str]:
    if override:
        return shlex.split(override)
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
    """An older tracker without this command or option (typer's usage error, or an unknown item for close)."""
    return code == 2 and ("No such command" in stderr or "No such option" in stderr)


def measure(name: str, size: str, cmd: list[str], cwd: Path, env: dict[str, str], runs: int,
            setup: Callable[[], None] | None = None, teardown: Callable[[], None] | None = None,
            ok: tuple[int, ...] = (0, 1)) -> Result:
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


def ensure_repo(size: str, work: Path) -> Path | None:
    """The generated repository for `size`, or None when this tree's generate.py cannot build it."""
    repo = work / size
    if not (repo / ".git").exists():
        built = subprocess.run([sys.executable, str(HERE / "generate.py"), "--size", size, "--out", str(repo)])
        if built.returncode != 0:
            return None
    return repo


def drop_caches(repo: Path) -> None:
    """Delete tracker's caches under .git (tracker/cache, and the older tracker-cache), for a cold run."""
    git_dir = repo / ".git"
    for path in (git_dir / "tracker" / "cache", git_dir / "tracker-cache"):
        shutil.rmtree(path, ignore_errors=True)


def drop_results(repo: Path) -> None:
    """Delete the stored revision results (HEAD's whole verdicts), keeping parsed documents and evidence verdicts."""
    for folder in (repo / ".git" / "tracker" / "cache").glob("*/results"):
        shutil.rmtree(folder, ignore_errors=True)


def bench_size(size: str, work: Path, runs: int, t: list[str]) -> list[Result]:
    if size == "200k":
        return bench_large(work, runs, t)
    repo = ensure_repo(size, work)
    if repo is None:
        return [Result(name, size, note="n/a (no such size)") for name in TARGETS if name not in LARGE]
    env = dict(os.environ)
    results = [
        measure("python -c pass", size, [sys.executable, "-c", "pass"], repo, env, runs),
        measure("tracker --version", size, [*t, "--version"], repo, env, runs),
        measure("status --format json", size, [*t, "status", "--format", "json"], repo, env, runs),
        measure("status", size, [*t, "status"], repo, env, runs),
        measure("check", size, [*t, "check"], repo, env, runs),
        measure("check, cold cache", size, [*t, "check"], repo, env, runs, lambda: drop_caches(repo)),
        measure("check --base HEAD~1", size, [*t, "check", "--base", "HEAD~1"], repo, env, runs),
    ]
    target = sorted((repo / "trackers").rglob("master_*.md"))[0]
    original = target.read_bytes()

    def stage() -> None:
        target.write_bytes(original.replace(b"| in_progress |", b"| done |", 1))
        git(repo, "add", str(target))

    def unstage() -> None:
        target.write_bytes(original)
        git(repo, "reset", "-q", "--", str(target))

    results.append(measure("hook (one staged change)", size, [*t, "hook"], repo, env, runs, stage, unstage))

    def stage_on_new_head() -> None:  # as after a commit: HEAD's verdicts are not stored yet
        drop_results(repo)
        stage()

    results.append(measure("hook, first on a new HEAD", size, [*t, "hook"], repo, env, runs, stage_on_new_head,
                           unstage))
    results.append(measure("render --check", size, [*t, "render", "--check"], repo, env, runs))
    # How many git processes one `check` starts (the issue wants a constant, at most 4).
    log = work / f"git-calls-{size}.log"
    log.unlink(missing_ok=True)
    wrapped = git_wrapper(work / "gitwrap", log)
    counted = measure("check", size, [*t, "check"], repo, wrapped, 0)
    if not counted.note:
        results[4].git_calls = len(log.read_text().splitlines()) if log.exists() else 0
    return results


def bench_close(name: str, size: str, work: Path, runs: int, t: list[str]) -> Result:
    """`close ID --evidence PATH` on an open row in the middle of the size's one document."""
    repo = ensure_repo(size, work)
    if repo is None:
        return Result(name, size, note="n/a (no such size)")
    doc = next((repo / "trackers").rglob("master_*.md"))
    text = doc.read_text(encoding="utf-8")
    # An open item in the middle of the document whose evidence file is committed.
    rows = [line for line in text.splitlines()
            if "| in_progress |" in line and "`docs/" in line and (repo / line.split("`")[1]).is_file()]
    row = rows[len(rows) // 2]
    item_id = row.split("|")[1].strip()
    evidence = row.split("`")[1]

    def restore() -> None:
        git(repo, "checkout", "-q", "--", ".")
        git(repo, "clean", "-fdq")

    return measure(name, size, [*t, "close", item_id, "--evidence", evidence], repo, dict(os.environ), runs,
                   None, restore, ok=(0,))


def bench_large(work: Path, runs: int, t: list[str]) -> list[Result]:
    repo = ensure_repo("200k", work)
    if repo is None:
        return [Result(name, "200k", note="n/a (no such size)") for name in LARGE[1:]]
    return [measure("status (200,000-row document)", "200k", [*t, "status"], repo, dict(os.environ), runs),
            bench_close("close (200,000-row document)", "200k", work, runs, t)]


def bench_hostile(work: Path, runs: int, t: list[str]) -> list[Result]:
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
        out.append(measure(f"hostile: {name}", "—", [*t, "status", "--format", "json", path.name],
                           folder, dict(os.environ), runs))
    return out


def machine(t: list[str]) -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([*t, "--version"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {version}; load average at the end {load} "
            f"(the machine is shared, so figures carry that noise)")


def table(results: list[Result], sizes: list[str]) -> list[str]:
    by = {(r.name, r.size): r for r in results}
    baseline = {size: by.get(("python -c pass", size)) for size in sizes}
    head = "| Command | Target | " + " | ".join(f"{s}: median (min–max; cpu) | {s}: peak RSS | {s}: target"
                                                for s in sizes) + " |"
    lines = [head, "|" + "---|" * (2 + 3 * len(sizes))]
    for name in TARGETS:
        if name in LARGE:
            continue
        row = [name, TARGETS[name]]
        for size in sizes:
            r = by.get((name, size))
            row += [r.time_cell(), r.rss_cell(), r.verdict(baseline[size])] if r else ["", "", ""]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def write_report(results: list[Result], sizes: list[str], large: list[Result], hostile: list[Result],
                 out: Path, runs: int, elapsed: float, t: list[str]) -> str:
    lines = ["# Benchmark results", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine(t)}.", "",
             f"Command: `python bench/run.py --sizes {','.join(sizes)} --runs {runs}` (one warm-up run, then {runs} "
             f"timed runs per command; median wall time of the whole process with the min and max, and the "
             f"child's median CPU time (user + system), which shared-machine load inflates less; peak RSS of the "
             f"child over the timed runs, from wait4; targets from issue 13). Total bench time {elapsed:.0f} s.", ""]
    small_sizes = [s for s in sizes if s != "200k"]
    if small_sizes:
        lines += table(results, small_sizes)
        lines.append("")
    notes = []
    by = {(r.name, r.size): r for r in results}
    for name in ("status --format json", "status", "check"):
        a, b = by.get((name, "10k")), by.get((name, "50k"))
        if a and b and not a.note and not b.note:
            notes.append(f"`{name}` 50k/10k time ratio: {statistics.median(b.walls) / statistics.median(a.walls):.2f} "
                         f"wall, {statistics.median(b.cpus) / statistics.median(a.cpus):.2f} CPU (linear is 5)")
    notes += [f"git processes started by one `check` on {r.size}: {r.git_calls} (target ≤ 4)"
              for r in results if r.git_calls is not None]
    peak = max((r.rss_kb for r in results if r.size == "10k" and not r.note), default=0)
    if peak:
        notes.append(f"peak RSS of any command on 10k: {peak / 1024:.0f} MB (target ≤ {RSS_TARGET_MB} MB)")
    lines += [f"- {n}" for n in notes]
    if large:
        lines += ["", "One large document (`close` repository: one 10,000-row table; `200k`: one 200,000-row table):",
                  "", "| Command | Target | median (min–max; cpu) | peak RSS | target |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join([r.name, TARGETS[r.name], r.time_cell(), r.rss_cell(), r.verdict()]) + " |"
                  for r in large]
    if hostile:
        lines += ["", "Hostile inputs (`status --format json FILE`, no time target: bounded and linear in size):", "",
                  "| Input | median (min–max; cpu) | peak RSS |", "|---|---|---|"]
        lines += ["| " + " | ".join([r.name.removeprefix("hostile: "), r.time_cell(), r.rss_cell()]) + " |"
                  for r in hostile]
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="small,10k", help="small, 10k, 50k, 200k (one 200,000-row document)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tracker-bench")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--tracker", help="the command to time (default: this tree's .venv/bin/tracker)")
    parser.add_argument("--no-close", action="store_true", help="skip `close` in the 10,000-row document")
    parser.add_argument("--no-hostile", action="store_true")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    t = tracker_cmd(args.tracker)
    args.work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results: list[Result] = []
    large: list[Result] = []
    if not args.no_close:
        print("bench: close", file=sys.stderr)
        large.append(bench_close("close (10,000-row document)", "close", args.work, args.runs, t))
    for size in sizes:
        print(f"bench: {size}", file=sys.stderr)
        measured = bench_size(size, args.work, args.runs, t)
        (large if size == "200k" else results).extend(measured)
    hostile = [] if args.no_hostile else bench_hostile(args.work, max(1, args.runs // 2), t)
    print(write_report(results, sizes, large, hostile, args.out, args.runs, time.perf_counter() - start, t))


if __name__ == "__main__":
    main()
