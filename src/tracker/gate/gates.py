"""Evaluate gate definitions against a project: requirements, evidence requirements and commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field

from tracker.gate.definitions import Gate, ids_matching, matches
from tracker.model import Item, Status
from tracker.globs import match_any

SECRET_SUFFIXES = ("_TOKEN", "_SECRET", "_KEY", "_PASSWORD")
SECRET_NAMES = {"GITHUB_TOKEN", "TOKEN", "SECRET", "PASSWORD"}


@dataclass
class GateEval:
    gate: Gate
    passed: bool = True
    reasons: list[str] = field(default_factory=list)
    requirement_failures: dict[str, list[str]] = field(default_factory=dict)  # item id -> why
    command_failure: str | None = None
    notes: list[str] = field(default_factory=list)  # said, but never failing (a command not run)


def clean_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment minus CI secrets: GITHUB_TOKEN and any *_TOKEN/*_SECRET/*_KEY name."""
    env = dict(os.environ if env is None else env)
    return {k: v for k, v in env.items()
            if k.upper() not in SECRET_NAMES and not k.upper().endswith(SECRET_SUFFIXES)}


def run_command(command: str, cwd, timeout: float) -> str | None:
    """Run without a shell; None on success, else why it failed."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return f"command cannot be split: {exc}"
    if not argv:
        return "command is empty"
    try:
        done = subprocess.run(argv, cwd=cwd, env=clean_env(), capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return f"command timed out after {timeout:g}s: {command}"
    except OSError as exc:
        return f"command could not start: {exc.strerror or exc}"
    if done.returncode != 0:
        tail = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        return f"command exited {done.returncode}: {command}" + (f" ({tail[0][:200]})" if tail else "")
    return None


def requirement_failures(ctx, gate: Gate, item: Item) -> list[str]:
    """Why a covered, done item misses the gate's evidence requirements."""
    if not gate.has_requirements:
        return []
    resolved = [r for r in ctx.resolved(item) if r.kind == "ok"]
    if gate.evidence_glob:
        resolved = [r for r in resolved if match_any(r.rel or "", [gate.evidence_glob])
                    or any(match_any(f, [gate.evidence_glob]) for f in r.files)]
    files = [f for r in resolved for f in r.files
             if not gate.evidence_glob or match_any(f, [gate.evidence_glob]) or match_any(r.rel or "", [gate.evidence_glob])]
    problems = []
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


def age_days(ctx, rel: str) -> int | None:
    """Days since the file's last commit (when the Source knows git), else since its mtime."""
    when = ctx.source.last_commit_time(rel)
    if when is None:
        when = ctx.source.mtime(rel)
    if when is None:
        return None
    if isinstance(when, (int, float)):
        when = dt.datetime.fromtimestamp(when, dt.timezone.utc)
    day = when.date() if isinstance(when, dt.datetime) else when
    return (ctx.today - day).days


def members(ctx, gate: Gate) -> tuple[list[Item], list[Item]]:
    """(items the gate requires, done items it blocks but does not require), in document order."""
    ids = ctx.sorted_ids
    wanted = ids_matching(gate.requires, ids)
    stopped = ids_matching(gate.blocks, ids) - wanted
    index, order = ctx.index, ctx.position
    required = sorted((i for item_id in wanted for i in index[item_id]), key=lambda i: order[id(i)])
    blocked_done = sorted((i for item_id in stopped for i in index[item_id] if i.status is Status.DONE),
                          key=lambda i: order[id(i)])
    return required, blocked_done


def evaluate(ctx, gate: Gate, failed_gates: set[str], blocked_by: dict[str, list[str]],
             command_cache: dict[str, str | None], scope: tuple[list[Item], list[Item]] | None = None,
             requirement_cache: dict | None = None) -> GateEval:
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


def _command(ctx, gate: Gate, cache: dict[str, str | None], result: GateEval) -> str | None:
    options = ctx.options
    if gate.path in options.changed_gate_files:
        result.notes.append("command not run: this gate file is changed by the change under review")
        return None
    if not options.allow_commands:
        result.notes.append("command not run (pass --allow-commands to run it)")
        return None
    if gate.name not in cache:
        cache[gate.name] = run_command(gate.command, ctx.project.root, gate.timeout)
    return cache[gate.name]

