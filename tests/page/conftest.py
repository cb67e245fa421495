"""A real git repository with two trackers, evidence, a gate, a ledger written by `tracker close`, and
commits on three days, for the status page tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo

HOSTILE = "<script>alert(\"pwned\")</script> & 'quoted' \"title\""
HEAD = "| ID | Task | Status | Evidence | Depends on |\n|---|---|---|---|---|\n"


def plan(a2: str = "todo", a3: str = "todo") -> str:
    return ("# Plan\n\n" + HEAD
            + "| **ALPHA** | | | | |\n"
            + "| A-1 | Parse the input | done | `evidence/a-1.md` | |\n"
            + f"| A-2 | {HOSTILE} | {a2} | {'`evidence/a-2.md`' if a2 == 'done' else ''} | |\n"
            + f"| A-3 | Ship & tell | {a3} | | OPS-1 |\n"
            + "| **BETA** | | | | |\n"
            + "| B-1 | Write the guide | in_progress | | |\n"
            + "| B-2 | Release notes | blocked | | |\n"
            + "| B-3 | Old idea | dropped | | |\n")


OPS = ("# Ops\n\n" + HEAD
       + "| OPS-1 | Back up nightly | todo | | |\n"
       + "| OPS-2 | Alerting | done | `evidence/missing.md` | |\n")

GATE = "name: alpha-first\nrequires: [A-*]\nblocks: [B-*]\n"


@pytest.fixture(scope="module")
def page_repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = make_repo(tmp_path_factory.mktemp("page") / "repo")
    repo.write("trackers/plan.md", plan())
    repo.write("trackers/ops.md", OPS)
    repo.write("evidence/a-1.md", "# A-1\n\nParsed 40 sample files; the log is clean.\n")
    repo.write("gates/alpha.yaml", GATE)
    repo.add(".")
    repo.commit("plan", date="2026-02-02T10:00:00+00:00")
    repo.write("evidence/a-2.md", "# A-2\n\nThe hostile title renders as text.\n")
    closed = repo.tracker("close", "A-2", "--evidence", "evidence/a-2.md", "--note", "checked <b>by hand</b>",
                          env={"TRACKER_TODAY": "2026-02-03"})
    assert closed.returncode == 0, closed.stderr
    backdate_ledger(repo, "2026-02-03T09:00:00Z")
    repo.add(".")
    repo.commit("close A-2", date="2026-02-03T10:00:00+00:00", author="Rae")
    forced = repo.tracker("set", "B-1", "done", "--force", "--reason", "demo <ok> & done")
    assert forced.returncode == 0, forced.stderr
    backdate_ledger(repo, "2026-02-05T09:00:00Z")
    repo.write("trackers/plan.md", (repo.path / "trackers/plan.md").read_text(encoding="utf-8")
               .replace("| A-3 | Ship & tell | todo |", "| A-3 | Ship & tell | blocked |"))
    repo.add(".")
    repo.commit("block A-3", date="2026-02-05T10:00:00+00:00")
    return repo


def backdate_ledger(repo: Repo, time: str) -> None:
    """Give the last ledger record the time of its commit: the fixture's commits are dated, the clock is not."""
    path = repo.path / "evidence/ledger.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    last["time"] = time
    path.write_text("\n".join([*lines[:-1], json.dumps(last)]) + "\n", encoding="utf-8")


def report(repo: Repo, *args: str) -> Path:
    """Run `tracker report --html` into the repository's site/ folder; return the page."""
    done = repo.tracker("report", "--html", "site", *args, env={"TRACKER_TODAY": "2026-02-06"})
    assert done.returncode == 0, done.stderr
    return repo.path / "site" / "index.html"
