"""Judge a change: the new side read and checked with the old side's policy, its findings matched against the
old side's by key, so `check --base`, the hook and pre-commit's CI ranges share one judgement (fail closed,
never self-approving)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any
from collections.abc import Callable

from tracker.gate.finding import ChangeResult, CheckResult, Finding, Key


def changed(old_src: Any, new_src: Any, rel: str) -> bool:
    """Whether `rel` differs between the two sides (git blob ids compare without reading)."""
    if old_src is None:
        return new_src.read(rel) is not None
    before, after = old_src.blob_sha(rel), new_src.blob_sha(rel)
    if before is not None and after is not None:
        return bool(before != after)
    return bool(old_src.read(rel) != new_src.read(rel))  # the working tree, or a side without the file


def judge(root: Path, old_src: Any, new_src: Any, *, mode: str, options: Any, base: str, base_sha: str, head: str,
          allow_policy_change: bool = False, everything: bool = False,
          skip: Callable[[Any, Any], bool] | None = None) -> ChangeResult:
    """Judge `new_src` against `old_src` (None: before the first commit, judged by the defaults).

    The new side is read with the judging policy's vocabulary and ID columns, from every document either
    side's globs find, and checked with its severities, waivers, gates, ledger and baseline. `skip(project,
    policy)`, when true for the new side, ends early (the hook's fast path: nothing a claim rests on changed).
    """
    from tracker.compare import SameBytes, changed_lines, compare
    from tracker.gate.context import CheckContext
    from tracker.commands.regions import check_with_regions
    from tracker.gate.engine import run_check
    from tracker.gate.registry import rules_with_scope
    from tracker.gate.options import CheckOptions
    from tracker.git import Checkout
    from tracker.policy import default_policy, judged_config, load_policy
    from tracker.project import load_project

    if options is None:
        from tracker.clock import today

        options = CheckOptions(today=today())
    if options.git is None:
        options = replace(options, git=Checkout(root))  # the repository behind the judged side
    old_label = getattr(old_src, "name", None) or base
    old_policy = load_policy(root, old_src, old_label, tolerate=True) if old_src is not None else \
        default_policy(old_label)
    # The change's own tracker.yaml must load (every path it names inside the repository) or the run
    # stops with exit 2 naming the key; the old side's may be broken, and the defaults then judge.
    new_policy = load_policy(root, new_src, "this change")
    if options.baseline:  # read from the side whose policy judges, so a change cannot baseline itself
        if allow_policy_change:
            new_policy = replace(new_policy, baseline=load_baseline_from(root, new_src, options.baseline))
        else:
            old_policy = replace(old_policy, baseline=load_baseline_from(root, old_src, options.baseline))
    judging = new_policy if allow_policy_change else old_policy
    new = load_project(root=root, source=new_src, config=judged_config(judging, new_policy))
    outcome = ChangeResult(base, base_sha, head, CheckResult(), project=new)
    if skip is not None and skip(new, old_policy):
        return outcome
    old = load_project(root=root, source=old_src, config=old_policy.config) if old_src is not None else None
    old_policy = old_policy.with_documents(list(old.documents) if old else [])
    new_policy = new_policy.with_documents(list(new.documents))
    judging = new_policy if allow_policy_change else old_policy

    gate_files = _gate_files(old_src, old_policy) | _gate_files(new_src, new_policy)
    outcome.changed_gate_files = {p for p in gate_files if changed(old_src, new_src, p)}
    options = replace(options, mode=mode, policy=judging, gates_source=judging.source or new_src,
                      changed_gate_files=set(options.changed_gate_files) | outcome.changed_gate_files)
    ctx = CheckContext(new, options)
    extra = _change_findings(ctx, old, old_src, new_src, old_policy, new_policy, allow_policy_change)
    old_options = replace(options, policy=old_policy, gates_source=old_src, changed_gate_files=set(),
                          allow_commands=False)
    touched, base_result, same_bytes = None, None, SameBytes.between(old, new) if old is not None else None
    if same_bytes is not None and same_bytes.changed is not None and not (
            everything or allow_policy_change or options.allow_commands):
        # Judged against another history (a base revision), the base's result is used when a run already
        # stored it; judging it here would read that history too, a git process more than the whole judgement.
        history_moves = _tip(old_src) != _tip(new_src)
        base_result = base_result_of(root, old, old_options, judge_now=not history_moves)
        if base_result is not None:
            touched = touched_by(root, old, new, old_src, new_src, old_policy, new_policy, options, ctx.gates,
                                 same_bytes, history_moves)
    if base_result is not None and touched is not None:
        from tracker.gate.narrow import merged

        fresh = check_with_regions(new, options, extra=extra, focus=touched)
        outcome.result = merged(fresh, base_result, touched, new, ctx.gates,
                                rules_with_scope("claim", "closure", "policy"))
    else:
        outcome.result = check_with_regions(new, options, extra=extra)
    changes = compare(old, new, same_bytes)
    outcome.transitions, outcome.changed_claims = changes.transitions, changes.changed_claims

    def old_keys(candidates: list[Finding]) -> set[Key]:
        """The keys of the old side's findings, judged by its own policy: what it already found is not this
        change's doing. Only the candidates' items are judged there (a change touching nothing old is free)."""
        if old is None or not candidates:
            return set()
        if base_result is not None:
            return {f.key for f in base_result.findings}
        # Per-item rules run only for the candidates' items; document, policy and gate rules run whole, so an
        # itemless candidate is judged too. Regions are rendered only when a region finding is a candidate.
        focus = {f.item for f in candidates if f.item}
        of_regions = rules_with_scope("region")
        if any(f.code in of_regions for f in candidates):
            found = check_with_regions(old, old_options)
        else:
            found = run_check(old, old_options, focus=focus)
        return {f.key for f in found.findings}

    for doc in new.documents:
        if not changed(old_src, new_src, doc.path):
            continue
        text = new_src.read(doc.path)
        if text is None:
            continue
        before = old_src.read(doc.path) if old_src is not None else None
        outcome.changed_lines[doc.path] = changed_lines(
            before.decode("utf-8", "replace") if before is not None else None, text.decode("utf-8", "replace"))
    _classify(outcome, old_keys, old_src, new_src, everything)
    return outcome


def touched_by(root: Path, old: Any, new: Any, old_src: Any, new_src: Any, old_policy: Any, new_policy: Any,
               options: Any, gates: list[Any], same_bytes: Any, history_moves: bool) -> set[str] | None:
    """The IDs a change can alter the verdict of (tracker.gate.narrow), or None when the change is judged
    whole: a side is the working tree, or the change touches policy (tracker.yaml, gates, the baseline) or a
    symlink."""
    from tracker.config import CONFIG_NAME
    from tracker.gate.narrow import touched_items
    from tracker.ledger import read_ledger

    paths = same_bytes.changed
    if paths is None:
        return None
    policy_files = {CONFIG_NAME, _inside(root, options.baseline) if options.baseline else None}
    folders = (old_policy.gates_dir + "/", new_policy.gates_dir + "/")
    for rel in paths:
        if rel in policy_files or rel.startswith(folders) or any(
                (blob := side.blobs.get(rel)) is not None and blob.mode == "120000" for side in (old_src, new_src)):
            return None
    ledgers = (read_ledger(old_src, old_policy.ledger), read_ledger(new_src, old_policy.ledger))
    return touched_items(old, new, paths, gates, same_bytes, ledgers, history_moves)


def _tip(source: Any) -> str | None:
    """The commit whose history judges a side: its own, or HEAD for the index."""
    rev = getattr(source, "rev", None)
    return str(rev) if rev else source.repo.head()


def _inside(root: Path, path: str | Path) -> str | None:
    """`path` (as given on the command line) relative to the repository root, or None when it lies outside."""
    given = Path(path)
    full = given if given.is_absolute() else Path.cwd() / given
    try:
        return full.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return None


def base_result_of(root: Path, old: Any, options: Any, judge_now: bool) -> CheckResult | None:
    """The old side's whole result under `options` (its own policy) from the cache, when a run already judged
    that revision with those options on that date; else, when `judge_now`, judged here and stored for the next
    run. None when the cache is off: the whole judgement then runs, the reference the narrowed one equals."""
    from tracker.cache import policy_hash, store_for
    from tracker.gate.engine import run_check

    store = store_for(root, policy_hash(old.config))
    rev = getattr(old.source, "rev", None)
    if store is None or not rev:
        return None
    baseline = sorted(options.policy.baseline or ()) if options.policy is not None else []
    # A revision's findings depend on its content, its history and the date; the mode only downgrades TRK302
    # for the working tree, so the hook and `check --base` share them. (TRK302 also reads the working tree:
    # a stored result says what it held then, about items the change does not touch, which never block.)
    fingerprint = repr((rev, str(root), options.mode == "worktree", sorted(options.select), sorted(options.ignore),
                        options.strict, options.date().isoformat(), baseline))
    found = store.result(fingerprint)
    if isinstance(found, CheckResult):
        return found
    if not judge_now:
        return None
    result = run_check(old, options)
    store.put_result(fingerprint, result)
    return result


def _change_findings(ctx: Any, old: Any, old_src: Any, new_src: Any, old_policy: Any, new_policy: Any,
                     allow_policy_change: bool) -> list[Finding]:
    """What only comparing both sides finds: ledger rewrites, items no longer read, policy changes, and a
    tracker.yaml the change made unreadable. They meet run_check's pipeline like every other finding."""
    from tracker.gate.rules_git import ledger_rewritten, policy_changed
    from tracker.gate.rules_input import items_unread
    from tracker.policy import policy_changes

    found: list[Finding] = []
    if old_src is not None:
        found += ledger_rewritten(old_src, new_src, old_policy.ledger)
    found += items_unread(ctx, old, new_src, deleted_files_too=not allow_policy_change)
    found += policy_changed(ctx, policy_changes(old_policy, new_policy, list(ctx.project.documents)))
    return found


def load_baseline_from(root: Path, source: Any, path: str | Path) -> frozenset[Key]:
    """A --baseline file: read from `source` when it lies inside the repository (so a change cannot add its own
    findings to it), else from disk, where the operator who passed the flag put it."""
    from tracker.gate.baseline import load_baseline, parse_baseline

    rel = _inside(root, path)
    if rel is None:
        return frozenset(load_baseline(Path(path)))
    data = source.read(rel) if source is not None else None
    return frozenset(parse_baseline(data, str(path))) if data is not None else frozenset()


def _gate_files(source: Any, policy: Any) -> set[str]:
    if source is None:
        return set()
    folder = policy.gates_dir
    return set(source.files([f"{folder}/**/*.yaml", f"{folder}/**/*.yml"]))


def _classify(outcome: ChangeResult, old_keys: Callable[[list[Finding]], set[Key]], old_src: Any, new_src: Any,
              everything: bool) -> None:
    """Sort the judged side's findings: a finding blocks when its rule is about what the change did (scope
    `change`) or a gate (scope `gate`: a command judges the change as a whole), when it is about a claim the
    change made or altered, or when it is new (its key absent from the old side's findings). `everything`
    (hook --all, pre-commit --all-files): every error blocks."""
    from tracker.gate.registry import rules_with_scope

    of_change, of_closures = rules_with_scope("change"), rules_with_scope("closure")
    of_gates = rules_with_scope("gate")  # a gate command judges the change as a whole
    claims = outcome.changed_claims
    maybe_old: list[Finding] = []
    for f in outcome.result.findings:
        if f.waived:
            continue
        if f.severity != "error":
            # Warnings about this change are for review; older ones are only counted.
            touched = f.line in outcome.changed_lines.get(f.path or "", ())
            review = f.code in of_change or touched or (f.item or "") in claims or (
                f.code in of_closures and bool(f.evidence) and changed(old_src, new_src, f.evidence or ""))
            (outcome.review if review else outcome.old_warnings).append(f)
        elif (everything or f.code in of_change or f.code in of_gates or (f.item or "") in claims
              or (f.code in of_closures and f.evidence and changed(old_src, new_src, f.evidence))):
            outcome.blocking.append(f)
        else:
            maybe_old.append(f)
    known = old_keys(maybe_old)
    for f in maybe_old:
        (outcome.existing if f.key in known else outcome.blocking).append(f)
    outcome.blocking.sort(key=lambda f: (f.path or "", f.line or 0, f.code, f.item or ""))  # document order
