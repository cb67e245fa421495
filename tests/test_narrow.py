"""A change judged by what it touches (tracker.gate.narrow) reaches the verdict the whole judgement does.

With the cache on, the hook judges only the items a staged change can alter and takes HEAD's stored verdicts
for the rest; `check --base` does the same when the base's verdicts are stored. With the cache off both judge
everything. Over seeded random changes (rows, dependencies, evidence files and folders, closes written to the
ledger, gates, tracker.yaml) the two give the same blocking findings, the same full result and the same gates.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from tests.git.conftest import Repo, make_repo, table

PLAN = [f"A-{n}" for n in range(1, 7)]
DEPS = ["D-1", "D-2", "D-3", "E-1", "E-2"]  # the gate blocks D-*; E-* only depend
FILES = ["evidence/a1.md", "evidence/a2.md", "evidence/a3.md", "evidence/d1.md", "evidence/set/one.md",
         "evidence/set/two.md"]
NAMES = [*FILES, "evidence/set", "evidence/missing.md", "evidence/../evidence/a1.md"]
PROVING = ["Ran the migration twice; row counts match.\n", "Soak test: 48 hours, no restarts.\n"]
NOT_PROVING = ["", "TODO: add the evidence\n"]
GATES = ["name: first\nrequires: [A-1, A-2]\nblocks: ['D-*']\n",
         "name: first\nrequires: [A-1]\nblocks: ['D-*', A-6]\n"]
TODAY = "2026-03-01"


class Plan:
    """The random project: a Markdown table, a YAML tracker with dependencies, a gate and evidence files."""

    def __init__(self, rng: random.Random, repo: Repo):
        self.rng, self.repo = rng, repo
        self.rows = {i: (rng.choice(["done", "done", "todo"]), rng.choice(NAMES[:4])) for i in PLAN}
        self.deps = {i: (rng.choice(["done", "in_progress"]), rng.choice(NAMES), rng.sample([*PLAN, *DEPS], 2))
                     for i in DEPS}
        self.waived = {i: rng.choice(["TRK102", "TRK201", "TRK103"]) for i in rng.sample(DEPS, 2)}

    def write(self) -> None:
        self.repo.write("trackers/plan.md", "# Plan\n\n" + table(
            *((i, f"Task {i}", s, f"`{e}`" if e else "") for i, (s, e) in self.rows.items())))
        body = "".join(f"  - id: {i}\n    title: Step {i}\n    status: {s}\n    evidence: [{e}]\n"
                       f"    depends_on: [{', '.join(d for d in deps if d != i)}]\n"
                       + (f"    waivers:\n      - rule: {self.waived[i]}\n        reason: pending\n"
                          if i in self.waived else "")
                       for i, (s, e, deps) in self.deps.items())
        self.repo.write("trackers/deps.yaml", "items:\n" + body)

    def reread(self) -> None:
        """The rows as `tracker close` left them."""
        for line in (self.repo.path / "trackers/plan.md").read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0] in self.rows:
                self.rows[cells[0]] = (cells[2], cells[3].replace("`", ""))

    def start(self) -> None:
        self.repo.write("tracker.yaml", "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\n")
        self.repo.write("gates/first.yaml", GATES[0])
        for n, rel in enumerate(FILES):
            self.repo.write(rel, PROVING[n % 2] if n != 2 else NOT_PROVING[1])
        self.write()

    def mutate(self) -> str:
        rng, repo = self.rng, self.repo
        what = rng.choice(["row", "row", "dep", "dep", "file", "file", "delete", "new", "close", "gate", "config"])
        if what == "row":
            self.rows[rng.choice(PLAN)] = (rng.choice(["done", "todo", "blocked"]), rng.choice([*NAMES, ""]))
        elif what == "dep":
            item = rng.choice(DEPS)
            status, evidence, _ = self.deps[item]
            self.deps[item] = (rng.choice(["done", "in_progress", status]), rng.choice([evidence, *NAMES]),
                               rng.sample([*PLAN, *DEPS, "X-404"], rng.randint(0, 3)))
            if rng.random() < 0.3:  # a waiver added or dropped (a change's own waiver is never honoured)
                self.waived.pop(item, None) if item in self.waived else self.waived.update({item: "TRK102"})
        elif what == "file":  # flip a file between proving and not: rows that did not change name it
            rel = rng.choice(FILES)
            repo.write(rel, rng.choice(PROVING + NOT_PROVING))
        elif what == "delete":
            (repo.path / rng.choice(FILES)).unlink(missing_ok=True)
        elif what == "new":
            item = f"A-{len(self.rows) + 1}"
            self.rows[item] = ("done", rng.choice(NAMES))
        elif what == "close":  # `tracker close` edits the row and appends to the ledger
            item = rng.choice(PLAN)
            self.write()
            repo.tracker("close", item, "--evidence", rng.choice(FILES[:4]), "--force", "--reason", "test",
                         env={"TRACKER_TODAY": TODAY})
            self.reread()
            return what
        elif what == "gate":
            repo.write("gates/first.yaml", rng.choice(GATES))
            return what
        else:
            repo.write("tracker.yaml", rng.choice([
                "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\n",
                "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\nrules:\n  TRK201: warning\n"]))
            return what
        self.write()
        return what


def _verdict(outcome: Any) -> dict[str, Any]:
    """Everything a judged change reports, by finding key (a message's wording may name the side it came from)."""
    def keys(findings: list[Any]) -> list[tuple[Any, ...]]:
        return sorted((f.key, f.severity, f.waived, f.waiver or "", f.line or 0) for f in findings)

    result = outcome.result
    return {"blocking": keys(outcome.blocking), "review": keys(outcome.review), "existing": keys(outcome.existing),
            "old_warnings": keys(outcome.old_warnings), "findings": keys(result.findings),
            "gates": [(g.name, g.passed, tuple(g.reasons)) for g in result.gates],
            "counts": (result.items_checked, result.done_claims, result.done_claims_proven),
            "claims": dict(outcome.changed_claims),
            "transitions": sorted((t.id, str(t.old), str(t.new)) for t in outcome.transitions)}


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch):
    """judged(kind, root, *args) -> (narrowed verdict, whole verdict, how many items the narrowed run judged)."""
    import tracker.gate.narrow as narrow

    seen: list[int] = []
    original = narrow.touched_items

    def counting(*args: Any, **kwargs: Any) -> set[str]:
        found = original(*args, **kwargs)
        seen.append(len(found))
        return found

    monkeypatch.setattr(narrow, "touched_items", counting)
    monkeypatch.setenv("TRACKER_TODAY", TODAY)

    def run(kind: str, root: Path, base: str = "HEAD~1") -> tuple[dict[str, Any], dict[str, Any], int | None]:
        from tracker.commands.check_base import check_against_base
        from tracker.commands.hook import judge_staged

        monkeypatch.chdir(root)
        verdicts = []
        for cache in ("on", "off"):
            monkeypatch.setenv("TRACKER_CACHE", cache)
            seen.clear()
            outcome = judge_staged(root) if kind == "hook" else check_against_base(root, base)
            verdicts.append((_verdict(outcome), seen[0] if seen else None))
        assert verdicts[1][1] is None  # with the cache off, nothing is narrowed
        return verdicts[0][0], verdicts[1][0], verdicts[0][1]

    return run


@pytest.mark.parametrize("seed", [7, 13, 99, 2026, 4242])
def test_narrowed_and_whole_judgements_agree_over_random_changes(tmp_path: Path, judged, seed: int) -> None:
    rng = random.Random(seed)
    repo = make_repo(tmp_path / "repo")
    plan = Plan(rng, repo)
    plan.start()
    repo.add(".")
    repo.commit("start")
    narrowed_runs = 0
    for step in range(20):
        kinds = [plan.mutate() for _ in range(rng.randint(1, 2))]
        repo.add(".")
        narrowed, whole, touched = judged("hook", repo.path)
        assert narrowed == whole, (step, kinds)
        narrowed_runs += touched is not None
        repo.git("commit", "-q", "--allow-empty", "--no-verify", "-m", f"step {step}")
        narrowed, whole, touched = judged("base", repo.path)  # HEAD~1's verdicts were stored by the hook
        assert narrowed == whole, (step, kinds, "check --base")
    assert narrowed_runs >= 5  # the narrowed path really ran (policy edits judge everything)


def _project(repo: Repo) -> None:
    repo.write("tracker.yaml", "trackers: ['trackers/**/*.md', 'trackers/**/*.yaml']\n")
    repo.write("gates/first.yaml", "name: first\nrequires: [A-1]\nblocks: ['D-*']\n")
    repo.write("trackers/plan.md", "# Plan\n\n" + table(
        ("A-1", "Schema", "done", "`evidence/a1.md`"),
        ("A-2", "Import", "done", "`evidence/a2.md`"),
    ))
    repo.write("trackers/more.md", "# More\n\n" + table(*((f"A-{n}", f"Filler {n}", "todo", "") for n in range(3, 40))))
    repo.write("trackers/deps.yaml", "items:\n"
               "  - id: D-1\n    status: done\n    evidence: [evidence/d1.md]\n    depends_on: [A-2]\n"
               "  - id: D-2\n    status: done\n    evidence: [evidence/set/one.md]\n"
               "  - id: E-1\n    status: done\n    evidence: [evidence/d1.md]\n    depends_on: [A-2]\n"
               "  - id: E-2\n    status: done\n    evidence: [evidence/kept]\n")
    for rel in ("evidence/a1.md", "evidence/a2.md", "evidence/d1.md", "evidence/set/one.md", "evidence/kept/log.md"):
        repo.write(rel, f"{rel}: ran it, output attached.\n")
    repo.add(".")
    repo.commit("start")


def _store_head_verdicts(repo: Repo, judged: Any) -> None:
    """Run the hook once on a throwaway staged change: it judges HEAD whole and stores its verdicts."""
    more = repo.path / "trackers/more.md"
    more.write_text(more.read_text().replace("| A-3 | Filler 3 | todo |", "| A-3 | Filler 3 | in_progress |"))
    repo.add(".")
    judged("hook", repo.path)
    repo.git("reset", "-q", "--hard")


@pytest.mark.parametrize("change, blocks", [
    # an evidence file a row names, emptied by a commit that touches no tracker row
    (lambda r: r.write("evidence/d1.md", ""), "TRK103"),
    # a prerequisite reopened in one document; the done item that depends on it (no gate) lives in another
    (lambda r: r.write("trackers/plan.md", (r.path / "trackers/plan.md").read_text().replace(
        "| A-2 | Import | done |", "| A-2 | Import | todo |")), "TRK201"),
    # what a gate requires reopened: every done item it blocks fails, none of them edited
    (lambda r: r.write("trackers/plan.md", (r.path / "trackers/plan.md").read_text().replace(
        "| A-1 | Schema | done |", "| A-1 | Schema | blocked |")), "TRK204"),
    # the evidence a done item names deleted
    (lambda r: (r.path / "evidence/set/one.md").unlink(), "TRK102"),
    # a closure record appended by hand whose hash the evidence does not have: the claim is judged against it
    (lambda r: r.write("evidence/ledger.jsonl", '{"schema": "tracker.ledger/1", "action": "close", "id": "A-1", '
                       '"time": "2026-02-01T10:00:00Z", "status": "done", "evidence": [{"path": "evidence/a1.md", '
                       '"sha256": "' + "0" * 64 + '", "size": 3}], "forced": false, "reason": null}\n'), "TRK109"),
    # the folder a done item names (no proof, but there) emptied of its files: now it names nothing
    (lambda r: (r.path / "evidence/kept/log.md").unlink(), "TRK102"),
])
def test_a_change_breaking_an_untouched_claim_blocks_when_narrowed(tmp_path: Path, judged, change: Any,
                                                                   blocks: str) -> None:
    repo = make_repo(tmp_path / "repo")
    _project(repo)
    _store_head_verdicts(repo, judged)
    change(repo)
    repo.git("add", "-A")
    narrowed, whole, touched = judged("hook", repo.path)
    assert touched is not None and touched <= 5  # narrowed, to a few of the 43 items
    assert narrowed == whole
    assert blocks in {key[1] for key, *_ in narrowed["blocking"]}, narrowed["blocking"]


def test_check_base_uses_stored_verdicts_only_when_present(tmp_path: Path, judged) -> None:
    """`check --base` judges a base it has no stored verdicts for whole (reading another revision's history
    would cost a git process); once the hook stored them there, it narrows."""
    repo = make_repo(tmp_path / "repo")
    _project(repo)
    repo.write("evidence/a2.md", "")
    repo.add(".")
    repo.commit("empties A-2's evidence")
    narrowed, whole, touched = judged("base", repo.path)
    assert touched is None and narrowed == whole
    assert "TRK103" in {key[1] for key, *_ in narrowed["blocking"]}
    repo.git("checkout", "-q", "HEAD~1")
    _store_head_verdicts(repo, judged)  # as a hook run there would have
    repo.git("checkout", "-q", "main")
    narrowed, whole, touched = judged("base", repo.path)
    assert touched is not None and narrowed == whole
    assert "TRK103" in {key[1] for key, *_ in narrowed["blocking"]}
