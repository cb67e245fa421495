"""The cache never changes a verdict: over a seeded sequence of random commits (documents, evidence, gates and
tracker.yaml edited, evidence emptied, replaced by placeholders, deleted, symlinked), `check`, `check --base
HEAD~1` and the hook give the same exit code and output with the cache on (and warm) as with it off."""

from __future__ import annotations

import os
import random
import time

import pytest

from tests.git.conftest import Repo, make_repo

IDS = [f"A-{n}" for n in range(1, 9)]
EVIDENCE = [f"evidence/e{n}.md" for n in range(1, 7)]
CONTENTS = [
    "Ran the import: 1,204 rows, counts match the export.\n",
    "TODO: write the evidence later\n",
    "",
    "# Result\n\nN/A\n",
    "The soak test held for 48 hours; no restarts.\n",
    "\ufeffUTF-8 with a BOM: the migration finished cleanly.\n",
]
PROVING = {CONTENTS[0], CONTENTS[4], CONTENTS[5]}
STATUSES = ["done", "done", "todo", "in_progress", "blocked", "Finished"]
CONFIGS = [
    "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\n",
    "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\nstatuses:\n  done: [Finished]\n",
    "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\nrules:\n  TRK101: warning\n",
]
GATES = ["name: a-first\nrequires: [A-1]\nblocks: [A-5]\n", "name: a-first\nrequires: [A-1, A-2]\nblocks: [A-*]\n"]


class Project:
    """The random project's state, written out as files."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows = {i: (rng.choice(STATUSES), rng.choice([*EVIDENCE, ""])) for i in IDS}
        self.yaml_items = {"Y-1": ("done", "evidence/e1.md"), "Y-2": ("todo", "")}

    def document(self) -> str:
        rows = "".join(f"| {i} | Task {i} | {s} | {f'`{e}`' if e else ''} |\n" for i, (s, e) in self.rows.items())
        return "# Plan\n\n| ID | Task | Status | Evidence |\n|---|---|---|---|\n" + rows

    def yaml(self) -> str:
        out = "items:\n"
        for i, (s, e) in self.yaml_items.items():
            out += f"  - id: {i}\n    status: {s}\n" + (f"    evidence: {e}\n" if e else "")
        return out

    def write_all(self, repo: Repo) -> None:
        repo.write("tracker.yaml", CONFIGS[0])
        repo.write("gates/a.yaml", GATES[0])
        repo.write("trackers/plan.md", self.document())
        repo.write("trackers/side.yaml", self.yaml())
        for n, rel in enumerate(EVIDENCE):
            repo.write(rel, CONTENTS[n % len(CONTENTS)])

    def mutate(self, repo: Repo, what: str | None = None) -> str:
        rng = self.rng
        what = what or rng.choice(["row", "row", "evidence", "delete", "link", "yaml", "config", "gate"])
        if what == "row":
            self.rows[rng.choice(IDS)] = (rng.choice(STATUSES), rng.choice([*EVIDENCE, "", "evidence/missing.md"]))
            repo.write("trackers/plan.md", self.document())
        elif what == "evidence":  # flip a file some row names between proving and not (same size half the time)
            rel = rng.choice([e for s, e in self.rows.values() if s == "done" and e in EVIDENCE] or EVIDENCE)
            path = repo.path / rel
            old = path.read_text(encoding="utf-8") if path.is_file() and not path.is_symlink() else ""
            new = rng.choice([c for c in CONTENTS if (c in PROVING) != (old in PROVING)])
            if rng.random() < 0.5 and old:
                new = (new * 50)[:len(old)] if new else " " * len(old)  # same size: only mtime/ctime tell
            path.unlink(missing_ok=True)
            repo.write(rel, new)
        elif what == "delete":
            (repo.path / rng.choice(EVIDENCE)).unlink(missing_ok=True)
        elif what == "link":
            link = repo.path / rng.choice(EVIDENCE)
            link.unlink(missing_ok=True)
            os.symlink(rng.choice(["e1.md", "e2.md", "../tracker.yaml", "/etc/hostname"]), link)
        elif what == "yaml":
            self.yaml_items[rng.choice(["Y-1", "Y-2", "Y-3"])] = (rng.choice(STATUSES[:4]), rng.choice(EVIDENCE))
            repo.write("trackers/side.yaml", self.yaml())
        elif what == "config":
            repo.write("tracker.yaml", rng.choice(CONFIGS))
        else:
            repo.write("gates/a.yaml", rng.choice(GATES))
        return what


def _outcome(repo: Repo, cached: bool, *args: str) -> tuple[int, str, str]:
    proc = repo.tracker(*args, env={"TRACKER_CACHE": "on" if cached else "off", "TRACKER_TODAY": "2026-03-01"})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def _same(repo: Repo, *args: str) -> None:
    assert _outcome(repo, True, *args) == _outcome(repo, False, *args), args


@pytest.mark.parametrize("seed", [2026])
def test_cached_and_uncached_runs_agree_over_random_commits(tmp_path, seed: int) -> None:
    rng = random.Random(seed)
    repo = make_repo(tmp_path / "repo")
    project = Project(rng)
    project.write_all(repo)
    repo.git("add", "-A")
    repo.commit("start")
    _same(repo, "check")  # fills the cache with files still inside the racy window (none trusted by stat)
    time.sleep(cache_racy_seconds())  # now the untouched files' stat signatures are trusted
    for step in range(6):
        project.mutate(repo, "evidence")  # every step flips a file some row names, trusted by stat or not
        for _ in range(rng.randint(0, 2)):
            project.mutate(repo)
        _same(repo, "check")
        repo.git("add", "-A")
        _same(repo, "hook")
        repo.git("commit", "-q", "--allow-empty", "--no-verify", "-m", f"step {step}")
        _same(repo, "check", "--base", "HEAD~1")
        _same(repo, "check")
    assert any((repo.path / ".git" / "tracker" / "cache").rglob("stats.table"))


def cache_racy_seconds() -> float:
    from tracker.cache import RACY_NS

    return RACY_NS / 1e9 + 0.2
