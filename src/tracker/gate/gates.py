"""Evaluate gate definitions against a project: requirements, evidence requirements and commands.

Pure: a gate command runs only through the `CommandRunner` the use case passes in the options
(tracker.process.ProcessRunner), and the date comes from the options too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tracker.gate.definitions import Gate, ids_matching, matches
from tracker.model import Item, Status
from tracker.globs import match_any
from tracker.source import Source

if TYPE_CHECKING:
    from tracker.gate.context import CheckContext

OUTPUT_CAP = 65_536  # bytes of a command's output kept (the last ones)


@dataclass
class GateEval:
    gate: Gate
    passed: bool = True
    reasons: list[str] = field(default_factory=list)
    requirement_failures: dict[str, list[str]] = field(default_factory=dict)  # item id -> why
    command_failure: str | None = None
    notes: list[str] = field(default_factory=list)  # said, but never failing (a command not run)


@dataclass(frozen=True)
class CommandRequest:
    """One gate command to run: no shell, in `cwd`, with only the allowed environment."""

    argv: tuple[str, ...]
    cwd: Path
    timeout: float
    env_names: tuple[str, ...] = ()  # variables the gate names in `env:`, passed on top of the allowlist
    pinned: tuple[tuple[str, str], ...] = ()  # (repository path, sha256) the files it runs must have
    output_cap: int = OUTPUT_CAP


class CommandOutcome(Protocol):
    """What a runner reports about one command (tracker.process.ProcessOutcome)."""

    @property
    def returncode(self) -> int | None: ...  # None when it did not finish
    @property
    def timed_out(self) -> bool: ...
    @property
    def refused(self) -> str | None: ...  # why it was not started (could not start, a pinned file differs)
    @property
    def output(self) -> bytes: ...  # the last `output_cap` bytes of stdout and stderr together
    @property
    def output_bytes(self) -> int: ...  # everything it printed


class CommandRunner(Protocol):
    def run(self, request: CommandRequest) -> CommandOutcome: ...


def describe(command: str, request: CommandRequest, outcome: CommandOutcome) -> str | None:
    """None when the command passed, else why it failed, in words."""
    if outcome.refused:
        return outcome.refused
    if outcome.timed_out:
        return f"command timed out after {request.timeout:g}s and its process group was killed: {command}"
    if outcome.returncode == 0:
        return None
    tail = outcome.output.decode("utf-8", "replace").strip().splitlines()[-1:]
    cut = (f"; output cut to its last {request.output_cap // 1024} KB of {outcome.output_bytes} bytes"
           if outcome.output_bytes > request.output_cap else "")
    return f"command exited {outcome.returncode}: {command}" + (f" ({tail[0][:200]})" if tail else "") + cut


def command_paths(argv: list[str]) -> list[str]:
    """Repository-relative paths the command's words could name (`./scripts/check.sh`, `--config=ci.toml`)."""
    from tracker.gate.evidence import inside, refusal

    found: list[str] = []
    for word in argv:
        for candidate in (word, word.split("=", 1)[1] if word.startswith("-") and "=" in word else ""):
            if not candidate or refusal(candidate):
                continue
            rel = inside(candidate)
            if rel and rel != "." and rel not in found:
                found.append(rel)
    return found


def _digest(source: Source, rel: str) -> str | None:
    entry = source.entry(rel)
    if entry is None or entry.kind != "file":
        return None if entry is None or entry.kind == "dir" else f"{entry.kind}:{entry.target}"
    data = source.read(rel)
    return None if data is None else hashlib.sha256(data).hexdigest()


def pinned_files(ctx: CheckContext, argv: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(files the command names that this change alters, (path, sha256) of each file it names at the base).

    Gates come from the base (`options.gates_source`) in `--base` mode: the files a base gate's command
    runs must come from the base too, so a change cannot rewrite the script its own gate runs."""
    base = ctx.options.gates_source
    if base is None or base is ctx.source:
        return [], []
    changed, pins = [], []
    for rel in command_paths(argv):
        was, now = _digest(base, rel), _digest(ctx.source, rel)
        if was is None and now is None:
            continue
        if was != now:
            changed.append(rel)
        elif was is not None and ":" not in was:
            pins.append((rel, was))
    return changed, pins


def requirement_failures(ctx: CheckContext, gate: Gate, item: Item) -> list[str]:
    """Why a covered, done item misses the gate's evidence requirements."""
    if not gate.has_requirements:
        return []
    resolved = [r for r in ctx.resolved(item) if r.kind == "ok"]
    if gate.evidence_glob:
        resolved = [r for r in resolved if match_any(r.rel or "", [gate.evidence_glob])
                    or any(match_any(f, [gate.evidence_glob]) for f in r.files)]
    files = [f for r in resolved for f in r.files
             if not gate.evidence_glob or match_any(f, [gate.evidence_glob])
             or match_any(r.rel or "", [gate.evidence_glob])]
    problems: list[str] = []
    wanted = gate.min_evidence if gate.min_evidence is not None else (1 if gate.evidence_glob else 0)
    if len(resolved) < wanted:
        where = f" matching {gate.evidence_glob}" if gate.evidence_glob else ""
        problems.append(f"has {len(resolved)} evidence item(s){where}, needs {wanted}")
    if gate.must_contain and files:
        pattern = re.compile(gate.must_contain.replace("{id}", re.escape(item.id)))
        if not any(pattern.search(ctx.resolver.text(f)) for f in files):
            problems.append(f"no evidence file matches /{gate.must_contain.replace('{id}', item.id)}/")
    elif gate.must_contain and not files:
        problems.append(f"has no evidence file to search for /{gate.must_contain.replace('{id}', item.id)}/")
    if gate.max_age_days is not None and files:
        ages = [a for a in (age_days(ctx, f) for f in files) if a is not None]
        if ages and min(ages) > gate.max_age_days:
            problems.append(f"newest evidence is {min(ages)} day(s) old, limit {gate.max_age_days}")
    return problems


def age_days(ctx: CheckContext, rel: str) -> int | None:
    """Days since the file's last commit (when the Source knows git), else since its mtime."""
    when = ctx.source.last_commit_time(rel)
    if when is None:
        when = ctx.source.mtime(rel)
    if when is None:
        return None
    day = dt.datetime.fromtimestamp(when, dt.UTC).date()
    return (ctx.today - day).days


def members(ctx: CheckContext, gate: Gate) -> tuple[list[Item], list[Item]]:
    """(items the gate requires, done items it blocks but does not require), in document order."""
    ids = ctx.sorted_ids
    wanted = ids_matching(gate.requires, ids)
    stopped = ids_matching(gate.blocks, ids) - wanted
    index, order = ctx.index, ctx.position
    required = sorted((i for item_id in wanted for i in index[item_id]), key=lambda i: order[id(i)])
    blocked_done = sorted((i for item_id in stopped for i in index[item_id] if i.status is Status.DONE),
                          key=lambda i: order[id(i)])
    return required, blocked_done


def evaluate(ctx: CheckContext, gate: Gate, failed_gates: set[str], blocked_by: dict[str, list[str]],
             command_cache: dict[str, str | None], scope: tuple[list[Item], list[Item]] | None = None,
             requirement_cache: dict[tuple[str, int], list[str]] | None = None) -> GateEval:
    result = GateEval(gate)
    required, blocked_done = scope or members(ctx, gate)
    requirement_cache = {} if requirement_cache is None else requirement_cache
    for pattern in gate.requires:
        if not ids_matching([pattern], ctx.sorted_ids):
            result.reasons.append(f"requires {pattern}, which matches no item")
    errors = ctx.error_codes()
    for item in required:
        if item.status is Status.DROPPED:
            continue  # deliberately abandoned: it no longer holds the gate shut
        if item.status is not Status.DONE:
            result.reasons.append(f"{item.id} is {item.status.value}")
            continue
        codes = sorted(errors.get(item.id, ()))
        others = [name for name in blocked_by.get(item.id, []) if name in failed_gates and name != gate.name]
        if codes:
            result.reasons.append(f"{item.id} is done but fails {', '.join(codes)}")
        elif others:
            result.reasons.append(f"{item.id} is done but blocked by gate {others[0]}")
    if gate.has_requirements:
        for item in [i for i in required if i.status is Status.DONE] + blocked_done:
            if ctx.focus is not None and item.id not in ctx.focus:
                continue  # check_item: only the item and what its gates require are judged
            key = (gate.name, id(item))
            if key not in requirement_cache:
                requirement_cache[key] = requirement_failures(ctx, gate, item)
            problems = requirement_cache[key]
            if problems:
                result.requirement_failures[item.id] = problems
                if item.status is Status.DONE and matches(item.id, gate.requires):
                    result.reasons.append(f"{item.id} {problems[0]}")
    if gate.command:
        result.command_failure = _command(ctx, gate, command_cache, result)
        if result.command_failure:
            result.reasons.append(result.command_failure)
    result.passed = not result.reasons
    return result


def _command(ctx: CheckContext, gate: Gate, cache: dict[str, str | None], result: GateEval) -> str | None:
    options = ctx.options
    if not options.allow_commands or options.runner is None:
        result.notes.append("command not run (pass --allow-commands to run it)")
        return None
    if gate.path in options.changed_gate_files:
        return (f"gate file {gate.path} is changed by this change, so its command is not run on the change's "
                f"version; re-run after merge")
    if gate.name not in cache:
        cache[gate.name] = _run(ctx, gate, options.runner)
    return cache[gate.name]


def _run(ctx: CheckContext, gate: Gate, runner: CommandRunner) -> str | None:
    command = gate.command or ""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return f"command cannot be split: {exc}"
    if not argv:
        return "command is empty"
    changed, pins = pinned_files(ctx, argv)
    if changed:
        return (f"gate script {', '.join(changed)} is changed by this change; the base's gate does not run the "
                f"change's version: {command} (re-run after merge)")
    request = CommandRequest(tuple(argv), ctx.project.root, gate.timeout, tuple(gate.env), tuple(pins))
    return describe(command, request, runner.run(request))
