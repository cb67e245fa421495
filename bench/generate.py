"""Build a synthetic, committed git repository of trackers, evidence and gates for the benchmarks.

    python bench/generate.py --size small|10k|50k|close|200k --out DIR

Documents mix the four reference shapes (master task table with an evidence column, a
day-by-day table with phase separator rows, a phase table with emoji statuses, group rows
and a Blocker column, task lists under headings) plus YAML trackers. Almost every item is
done with a committed, non-empty evidence file; a seeded sprinkling are not, so `check`
has findings to report. `close` builds one 10,000-row master table for the `close` bench, `200k`
one 200,000-row master table (its rows share one evidence file per 100 rows, so the repository
holds ~2,000 files and builds in seconds).
A second commit edits a few rows so `check --base HEAD~1` has a diff. Output is
deterministic for a given size (seeded random, fixed author and dates).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
from pathlib import Path

# (documents, items per document)
SIZES = {"small": (4, 75), "10k": (100, 100), "50k": (500, 100), "close": (1, 10_000), "200k": (1, 200_000)}
ONE_DOCUMENT = ("close", "200k")  # sizes made of one master table
SHARED_EVIDENCE = 100  # in one-document sizes above 10,000 rows, rows per shared evidence file
KINDS = ("master", "day", "phase", "tasks", "yaml")
SMALL_KINDS = ("master", "day", "phase_tasks", "yaml")

VERBS = ("Wire", "Measure", "Harden", "Document", "Refactor", "Profile", "Migrate", "Validate", "Trim", "Index")
NOUNS = ("ingest queue", "retry budget", "cache layer", "schema check", "audit log", "export job",
         "login flow", "report view", "billing hook", "search index", "backup task", "rate limiter")
OWNERS = ("Ana", "Bo", "Chen", "Dara", "Eli", "Fay", "Unassigned")
PHASE_GROUPS = ("GROUNDWORK", "PIPELINE", "INTERFACE", "ROLLOUT")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Bot", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench Bot", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}


class Writer:
    """Collects files, plus each done item's evidence file, for one repository."""

    def __init__(self, root: Path, rng: random.Random, shared: int = 0):
        self.root = root
        self.rng = rng
        self.shared = shared  # rows per evidence file (0: one file per row)
        self.files: dict[str, str] = {}
        self.ids: list[str] = []
        self.doc_ids: dict[int, list[str]] = {}
        self.proven: set[str] = set()  # done, with a committed evidence file
        self.done: set[str] = set()

    def title(self) -> str:
        return f"{self.rng.choice(VERBS)} the {self.rng.choice(NOUNS)}"

    def evidence(self, doc: int, item_id: str) -> str | None:
        """A committed evidence path for a done item; ~1% get none and ~0.5% a missing file."""
        roll = self.rng.random()
        if roll < 0.01:
            return None
        path = f"docs/evidence/d{doc:03d}/{item_id.replace(' ', '_').lower()}.md"
        if roll < 0.015:
            return path  # never written: a missing file
        if self.shared:  # one file proves a block of rows
            path = f"docs/evidence/d{doc:03d}/block-{len(self.ids) // self.shared:05d}.md"
        self.proven.add(item_id)
        if path not in self.files:
            self.files[path] = (f"# Proof for {item_id}\n\nRan the acceptance steps on 2026-01-0{doc % 9 + 1}; "
                                f"{self.rng.randint(5, 400)} checks passed, 0 failed.\n")
        return path

    def status(self, item_id: str) -> str:
        roll = self.rng.random()
        if roll < 0.9:
            self.done.add(item_id)
        return "done" if roll < 0.9 else "in_progress" if roll < 0.95 else "todo" if roll < 0.98 else "blocked"


def master_doc(w: Writer, doc: int, count: int) -> str:
    out = [f"# Delivery tracker {doc:03d}", "", "Status: active. A task is `done` only with evidence.", "",
           "## Hard Gates", "1. Nothing in this stream closes before the schema check passes.", "",
           "## Master Todo",
           "| ID | Priority | Workstream | Task | Definition of Done | Evidence Link | Owner | Due Date | Status |",
           "|---|---|---|---|---|---|---|---|---|"]
    for n in range(1, count + 1):
        item_id = f"WS{doc:03d}-{n:03d}" if count < 1000 else f"WS{doc:03d}-{n:05d}"
        w.ids.append(item_id)
        status = w.status(item_id)
        path = w.evidence(doc, item_id)
        cell = f"`{path}`" if path else ("—" if status != "done" else "")
        dod = "Run shows `x \\| y` parity" if n % 37 == 0 else "Tests green and reviewed"
        out.append(f"| {item_id} | P{n % 3} | WS{doc:03d} | {w.title()} | {dod} | {cell} | "
                   f"{w.rng.choice(OWNERS)} | 2026-02-{n % 28 + 1:02d} | {status} |")
    out += ["", "```text", "| not | a | table row |", "|---|---|---|", "```", "",
            "<!-- reviewers: | ID | Status | lines here are comments |", "-->", ""]
    return "\n".join(out)


def day_doc(w: Writer, doc: int, count: int) -> str:
    out = [f"# Execution progress {doc:03d}", "", "## Day-by-Day Tracker", "",
           "| Day | Scope | Status | Notes |", "|---|---|---|---|"]
    half = count // 2
    for n in range(1, count + 1):
        if n == half + 1:
            out.append("| — | **PHASE 2 — Scale-out and soak** | — | — |")
        day = f"Day {doc * 1000 + n}"
        w.ids.append(day)
        word = {"done": "COMPLETED", "in_progress": "IN_PROGRESS", "todo": "PENDING", "blocked": "BLOCKED"}
        status = w.status(day)
        path = w.evidence(doc, day)
        note = f"Soak clean; evidence: `{path}`" if path else "Waiting on the upstream fix"
        out.append(f"| {day} | {w.title()} | {word[status]} | {note} |")
    return "\n".join(out + [""])


def phase_table(w: Writer, doc: int, count: int) -> list[str]:
    out = ["| Phase | Name | Status | Blocker | Evidence |", "|-------|------|--------|---------|----------|"]
    per_group = max(1, count // len(PHASE_GROUPS))
    for n in range(1, count + 1):
        if (n - 1) % per_group == 0:
            out.append(f"| **{PHASE_GROUPS[(n - 1) // per_group % len(PHASE_GROUPS)]}** | | | | |")
        item_id = f"PH{doc:03d}-{n:03d}"
        w.ids.append(item_id)
        status = w.status(item_id)
        path = w.evidence(doc, item_id)
        shown = {"done": f"✅ COMPLETE (2025-12-{n % 28 + 1:02d})", "in_progress": "🔄 PARTIAL",
                 "todo": "⏳ PENDING", "blocked": "⛔ BLOCKED"}[status]
        blocker = f"Needs PH{doc:03d}-{n - 1:03d}" if status == "blocked" and n > 1 else "None"
        out.append(f"| {item_id} | {w.title()} | {shown} | {blocker} | {f'`{path}`' if path else '—'} |")
    return out


def task_list(w: Writer, doc: int, count: int, start: int = 1) -> list[str]:
    out: list[str] = []
    for n in range(start, start + count):
        if (n - start) % 10 == 0:
            out += ["", f"### Milestone {doc:03d}.{n // 10 + 1} 🚀", ""]
        item_id = f"TL{doc:03d}-{n:03d}"
        w.ids.append(item_id)
        status = w.status(item_id)
        mark = {"done": "x", "in_progress": "~", "todo": " ", "blocked": " "}[status]
        path = w.evidence(doc, item_id)
        out.append(f"- [{mark}] **{item_id}**: {w.title()}")
        if path:
            out.append(f"  - Evidence: `{path}`")
    return out


def phase_doc(w: Writer, doc: int, count: int) -> str:
    return "\n".join([f"# Global plan {doc:03d}", "", "## Phase Overview", ""] + phase_table(w, doc, count) + [""])


def tasks_doc(w: Writer, doc: int, count: int) -> str:
    return "\n".join([f"# Checklist {doc:03d}", "", "## Work items"] + task_list(w, doc, count) + [""])


def phase_tasks_doc(w: Writer, doc: int, count: int) -> str:
    half = count // 2
    return "\n".join([f"# Plan and checklist {doc:03d}", "", "## Phases", ""] + phase_table(w, doc, half)
                     + ["", "## Checklist"] + task_list(w, doc, count - half) + [""])


def yaml_doc(w: Writer, doc: int, count: int) -> str:
    out = [f"title: Service backlog {doc:03d}", "items:"]
    for n in range(1, count + 1):
        item_id = f"YM{doc:03d}-{n:03d}"
        w.ids.append(item_id)
        status = w.status(item_id)
        path = w.evidence(doc, item_id)
        out += [f"  - id: {item_id}", f"    title: {w.title()}", f"    status: {status}",
                f"    owner: {w.rng.choice(OWNERS)}"]
        if path:
            out.append(f"    evidence: [{path}]")
        if n > 1 and n % 7 == 0:
            out.append(f"    depends_on: [YM{doc:03d}-{n - 1:03d}]")
    return "\n".join(out + [""])


BUILDERS = {"master": master_doc, "day": day_doc, "phase": phase_doc, "tasks": tasks_doc,
            "phase_tasks": phase_tasks_doc, "yaml": yaml_doc}


def gates(w: Writer, count: int) -> None:
    """Gates that hold a few named items of one document against the whole of another."""
    docs = sorted(w.doc_ids)
    for g in range(1, count + 1):
        src = docs[(g * 7) % len(docs)]
        dst = docs[(g * 7 + 1) % len(docs)]
        proven = [i for i in w.doc_ids[src] if i in w.done and i in w.proven]
        # One gate in ten also names an item that is still open, so some gates fail.
        requires = proven[:5] + ([next(i for i in w.doc_ids[src] if i not in w.done)] if g % 10 == 0 else [])
        first = w.doc_ids[dst][0]
        if src == dst or " " in first:
            blocks = w.doc_ids[dst][-10:]  # day IDs ("Day 5001") have no safe prefix glob
        else:
            blocks = [first.rsplit("-", 1)[0] + "-*"]
        quoted = lambda ids: "[" + ", ".join(f"'{i}'" for i in ids) + "]"  # noqa: E731
        w.files[f"gates/g{g:03d}.yaml"] = (
            f"name: stage-{g:03d}\ndescription: The first items of document {src:03d} are proven before "
            f"document {dst:03d} closes.\nrequires: {quoted(requires)}\nblocks: {quoted(blocks)}\nmin_evidence: 1\n")


def build(size: str, out: Path, seed: int = 1234) -> Writer:
    docs, per_doc = SIZES[size]
    w = Writer(out, random.Random(f"{seed}-{size}"), SHARED_EVIDENCE if size in ONE_DOCUMENT and per_doc > 10_000 else 0)
    w.files["tracker.yaml"] = "trackers:\n  - 'trackers/**/*.md'\n  - 'trackers/**/*.yaml'\ngates: gates\n"
    w.files["README.md"] = f"# Synthetic tracker repository ({size})\n\nGenerated by bench/generate.py.\n"
    for doc in range(docs):
        kind = "master" if size in ONE_DOCUMENT else SMALL_KINDS[doc] if size == "small" else KINDS[doc % len(KINDS)]
        suffix = "yaml" if kind == "yaml" else "md"
        before = len(w.ids)
        w.files[f"trackers/s{doc // 50:02d}/{kind}_{doc:03d}.{suffix}"] = BUILDERS[kind](w, doc, per_doc)
        w.doc_ids[doc] = w.ids[before:]
    gates(w, {"small": 3, "close": 1, "200k": 1}.get(size, docs // 5))
    return w


def git(out: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=out, check=True, env={**os.environ, **GIT_ENV},
                   stdout=subprocess.DEVNULL)


def second_commit(out: Path) -> None:
    """Flip a handful of rows so the diff against HEAD~1 is small but real."""
    trackers = sorted(p for p in (out / "trackers").rglob("*.md"))
    for path in trackers[:3]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("| in_progress |", "| done |", 1).replace("| IN_PROGRESS |", "| COMPLETED |", 1)
        path.write_text(text, encoding="utf-8")
    git(out, "commit", "-q", "-a", "-m", "Close a few items")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    w = build(args.size, out, args.seed)
    for rel, text in w.files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(out, "commit", "-q", "-m", f"Synthetic trackers ({args.size})")
    second_commit(out)
    evidence = sum(1 for rel in w.files if rel.startswith("docs/evidence/"))
    print(f"{out}: {len(w.ids)} items, {evidence} evidence files, "
          f"{sum(1 for rel in w.files if rel.startswith('gates/'))} gates")


if __name__ == "__main__":
    main()
