"""`tracker history`: status transitions and burn-up from one pass over git history (two git processes)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import EXIT_OK, UsageError
from tracker.globs import GlobSet, match_any
from tracker.source import Entry, too_large

if TYPE_CHECKING:
    from tracker.git import GitRepo
    from tracker.render.context import BurnupDay

# tracker file -> item ID -> (status, evidence, line): the state the replay has reached
ItemsByDoc = dict[str, dict[str, tuple[str, list[str], int]]]


@dataclass(slots=True)
class Event:
    id: str
    commit: str
    date: str  # ISO author date
    author: str
    old: str | None
    new: str | None
    path: str
    evidence_present: bool | None = None  # for transitions to done: did the evidence exist in that commit?
    evidence_missing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class History:
    events: list[Event] = field(default_factory=list)
    days: list[dict[str, Any]] = field(default_factory=list)  # {"date", "done", "total"} at the end of each day


class _TreeAt:
    """A Source over the tree the replay has reached: evidence is judged as that commit had it."""

    name = "history"

    def __init__(self, repo: GitRepo, tree: dict[str, str], root: Path):
        self.repo, self.tree, self.root = repo, tree, root

    def _dirs(self) -> set[str]:
        if not hasattr(self, "_dir_set"):
            self._dir_set = {"/".join(p.split("/")[:i]) for p in self.tree for i in range(1, p.count("/") + 1)}
        return self._dir_set

    def files(self, patterns: list[str]) -> list[str]:
        return GlobSet(patterns).filter(self.tree)

    def read(self, rel: str, max_bytes: int | None = None) -> bytes | None:
        from tracker.git import BlobTooLarge

        sha = self.tree.get(rel)
        try:
            found = self.repo.objects.get(sha, max_bytes) if sha else None
        except BlobTooLarge:
            raise too_large(rel, max_bytes or 0) from None
        return found[2] if found else None

    def entry(self, rel: str) -> Entry | None:
        if rel in self.tree:
            data = self.read(rel)
            return Entry("file", len(data or b""))
        return Entry("dir") if rel in self._dirs() else None

    def walk(self, rel: str) -> list[str]:
        start = rel.rstrip("/") + "/"
        return sorted(p for p in self.tree if p.startswith(start))

    def blob_sha(self, rel: str) -> str | None:
        return None

    def last_commit_time(self, rel: str) -> float | None:
        return None

    def mtime(self, rel: str) -> float | None:
        return None


def collect(root: Path, judge_evidence: bool = True) -> History:
    """Replay first-parent history once: `git log --raw` for what changed, `git cat-file` for tracker versions.

    `judge_evidence=False` skips asking whether each done transition's evidence existed in its commit
    (Event.evidence_present stays None): the status page needs only the days and the transitions."""
    from tracker.project import load_config
    from tracker.gate.evidence import Resolver
    from tracker.git import GitRepo, RevisionPaths
    from tracker.model import Status
    from tracker.parse.text import decode
    from tracker.project import parse_text, vocabulary_for

    repo = GitRepo(root)
    try:
        head = repo.head()
        if head is None:
            return History()
        prefix = root.resolve().relative_to(repo.toplevel.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        config = load_config(root, RevisionPaths(repo, head, root))
        vocab = vocabulary_for(config)
        tree: dict[str, str] = {}
        items_by_doc: ItemsByDoc = {}
        history = History()
        for commit in repo.log(("%aI", "%an"), reverse=True):
            touched = []
            for status, full, sha in commit.changes:
                if not full.startswith(prefix):
                    continue
                rel = full[len(prefix):]
                if status == "D":
                    tree.pop(rel, None)
                else:
                    tree[rel] = sha
                if match_any(rel, config.trackers):
                    touched.append(rel)
            if not touched:
                _day(history, commit.fields[0], items_by_doc)
                continue
            before = _flatten(items_by_doc)
            for rel in touched:
                items_by_doc.pop(rel, None)
                data = tree.get(rel) and repo.objects.get(tree[rel])
                if not data:
                    continue
                try:
                    doc = parse_text(decode(data[2], rel), rel, Path(rel).suffix, config, vocab)
                except Exception:
                    continue
                items_by_doc[rel] = {}
                for item in doc.items:
                    items_by_doc[rel].setdefault(item.id, (item.status.value, list(item.evidence), item.source.line))
            after = _flatten(items_by_doc)
            resolver = None
            for item_id in sorted(set(before) | set(after), key=lambda i: ((after.get(i) or before[i])[3], i)):
                old, new = before.get(item_id), after.get(item_id)
                if (old and old[0]) == (new and new[0]):
                    continue
                event = Event(item_id, commit.sha, commit.fields[0], commit.fields[1], old[0] if old else None,
                              new[0] if new else None, (new or before[item_id])[3])
                if judge_evidence and new and new[0] == Status.DONE.value:
                    resolver = resolver or Resolver(_TreeAt(repo, dict(tree), root))
                    missing = [v for v in new[1] if resolver.resolve(v, new[3]).kind not in ("ok", "url")]
                    event.evidence_missing = missing if new[1] else ["(no evidence linked)"]
                    event.evidence_present = not event.evidence_missing
                history.events.append(event)
            _day(history, commit.fields[0], items_by_doc)
        return history
    finally:
        repo.close()


def _flatten(items_by_doc: ItemsByDoc) -> dict[str, tuple[str, list[str], int, str]]:
    found: dict[str, tuple[str, list[str], int, str]] = {}
    for rel in sorted(items_by_doc):
        for item_id, (status, evidence, line) in items_by_doc[rel].items():
            found.setdefault(item_id, (status, evidence, line, rel))
    return found


def _day(history: History, iso: str, items_by_doc: ItemsByDoc) -> None:
    day = iso[:10]
    flat = _flatten(items_by_doc)
    counted = [s for s, *_ in flat.values() if s != "dropped"]
    point = {"date": day, "done": sum(1 for s in counted if s == "done"), "total": len(counted)}
    if history.days and history.days[-1]["date"] == day:
        history.days[-1] = point
    else:
        history.days.append(point)


def run(item_id: str | None, burnup: bool, since: str | None, fmt: str = "text", cwd: Path | None = None) -> int:
    from tracker.config import find_root

    if not item_id and not burnup:
        raise UsageError("name an item (`tracker history WS1-007`) or ask for `--burnup`")
    if fmt not in ("text", "json"):
        raise UsageError(f"unknown format {fmt!r}; use text or json")
    start = None
    if since:
        try:
            start = dt.date.fromisoformat(since).isoformat()
        except ValueError:
            raise UsageError(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
    root = find_root(cwd or Path.cwd())
    history = collect(root)
    events = [e for e in history.events if not start or e.date[:10] >= start]
    if item_id:
        events = [e for e in events if e.id == item_id]
        records = _ledger_records(root, item_id)
        if not events and not records and not any(e.id == item_id for e in history.events):
            raise UsageError(f"no commit in this branch's history changed the status of {item_id}")
        if fmt == "json":
            sys.stdout.write(json.dumps({"schema": "tracker.history/1", "id": item_id,
                                         "events": [asdict(e) for e in events], "ledger": records},
                                        indent=2) + "\n")
        else:
            for e in events:
                sys.stdout.write(_event_line(e) + "\n")
            sys.stdout.write("".join(_record_lines(r) for r in records))
        return EXIT_OK
    days = [d for d in history.days if not start or d["date"] >= start]
    claims = [e for e in events if e.new == "done"]
    if fmt == "json":
        sys.stdout.write(json.dumps({"schema": "tracker.burnup/1", "days": days,
                                     "claims": [asdict(e) for e in claims]}, indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(chart(days, claims))
    return EXIT_OK


def _ledger_records(root: Path, item_id: str) -> list[dict[str, Any]]:
    """The item's ledger records (working tree), without the reader's bookkeeping."""
    from tracker.ledger import read_ledger
    from tracker.project import load_config
    from tracker.source import WorktreeSource

    source = WorktreeSource(root)
    rel = load_config(root, source).ledger or "evidence/ledger.jsonl"
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in read_ledger(source, rel)
            if r.get("id") == item_id]


def _record_lines(record: dict[str, Any]) -> str:
    """A ledger record and what its close checked, one evidence entry per line."""
    from tracker.gate.proof.verdict import recorded

    head = (f"ledger  {str(record.get('time', ''))[:19]}  {record.get('action')} -> {record.get('status')}"
            + (f"  at {str(record['commit'])[:10]}" if record.get("commit") else "")
            + ("  (forced: " + str(record.get("reason")) + ")" if record.get("forced") else ""))
    return head + "\n" + "".join(f"  {recorded(e)}\n" for e in record.get("evidence") or [])


def chart(days: list[dict[str, Any]], claims: list[Event], width: int = 40) -> str:
    """A terminal burn-up: one bar per day, done (#) out of total, then the claims made before their proof."""
    if not days:
        return "no tracker history on this branch yet\n"
    most = max(d["total"] for d in days) or 1
    lines = [f"{'date':<10}  {'done/total':>10}  burn-up (# done, . open)"]
    for d in days:
        done = round(width * d["done"] / most)
        open_ = round(width * d["total"] / most) - done
        lines.append(f"{d['date']:<10}  {d['done']:>4}/{d['total']:<5}  {'#' * done}{'.' * max(open_, 0)}")
    early = [c for c in claims if c.evidence_present is False]
    lines.append(f"{len(claims)} done transition(s); {len(early)} claimed before proven")
    lines += ["  " + _event_line(c) for c in early]
    return "\n".join(lines) + "\n"


def _event_line(e: Event) -> str:
    change = f"{e.old or '(new)'} → {e.new or '(removed)'}"
    line = f"{e.commit[:10]}  {e.date[:10]}  {e.author[:24]:<24}  {change}"
    if e.evidence_present is False:
        line += f"  (claimed before proven: {', '.join(e.evidence_missing)} not in this commit)"
    return line


def burnup_days(root: Path) -> list[BurnupDay]:
    """Done and total items per day from this branch's git history: the data the `burnup` region view draws."""
    from tracker.render.context import BurnupDay

    return [BurnupDay(d["date"], d["done"], d["total"]) for d in collect(root).days]
