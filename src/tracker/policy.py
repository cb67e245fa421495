"""The policy a change is judged by: tracker.yaml, gates, vocabulary, waivers, severities, ledger and baseline.

One code path loads it from any Source (the working tree, the index, or a revision). `tracker check --base`
judges a change by the base's policy and the hook by HEAD's (the defaults before the first commit), so a
change never judges itself: what it does to the policy is listed for review (TRK209) and takes effect once
merged. `policy_changes` says what a change did to it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.config import CONFIG_NAME, Config
from tracker.globs import path_problem
from tracker.parse.vocabulary import DEFAULT, Vocabulary

DocWaiver = tuple[str, str, str]  # (document path, item ID, rule as written)
BaselineKey = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class Policy:
    """Everything a check trusts, read from one side of a change."""

    config: Config
    source: Any  # the tracker.source.Source it was read from; None for the built-in defaults
    label: str  # "origin/main (1a2b3c4d5e)", "HEAD", "the index", "the defaults"
    baseline: frozenset[BaselineKey] | None = None  # --baseline keys, read from the same side
    doc_waivers: frozenset[DocWaiver] = frozenset()  # YAML items' own `waivers:` on this side
    ledger_records: tuple[dict[str, Any], ...] = ()  # this side's closure ledger, in file order
    error: str | None = None  # why this side's tracker.yaml could not be read (the defaults stand in)
    config_lines: dict[str, int] = field(default_factory=dict)  # tracker.yaml top-level key -> line

    @property
    def ledger(self) -> str:
        return self.config.ledger or "evidence/ledger.jsonl"

    @property
    def gates_dir(self) -> str:
        return (self.config.gates or "gates").strip("/") or "gates"

    @property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.config.statuses) if self.config.statuses else DEFAULT

    def with_documents(self, documents: list[Any]) -> Policy:
        """This policy, knowing the item waivers its own side's YAML trackers hold."""
        waivers = frozenset((doc.path, item_id, rule.strip().lower()) for doc in documents
                            for item_id, rule, _reason, _line in doc.waivers)
        return _replace(self, doc_waivers=waivers)


def _replace(policy: Policy, **changes: Any) -> Policy:
    from dataclasses import replace

    return replace(policy, **changes)


def default_policy(label: str = "the defaults") -> Policy:
    return Policy(Config(), None, label)


def load_policy(root: Path, source: Any, label: str, tolerate: bool = False) -> Policy:
    """The policy `source` holds. A tracker.yaml that cannot be read raises ConfigError, or, with `tolerate`,
    gives the defaults (no waivers, every rule at its own severity) with `error` saying why. The --baseline
    keys are added by the caller that knows the flag (tracker.commands.judge)."""
    from tracker.errors import ConfigError
    from tracker.ledger import read_ledger
    from tracker.project import load_config

    error = None
    try:
        config = load_config(root, source)
    except ConfigError as exc:
        if not tolerate:
            raise
        config, error = Config(), str(exc)
    policy = Policy(config, source, label, error=error, config_lines=_config_lines(source))
    # A pull request's tracker.yaml may name any path: never read one that is not repository-relative.
    if path_problem(policy.ledger) is None:
        policy = _replace(policy, ledger_records=tuple(read_ledger(source, policy.ledger)))
    return policy


def _config_lines(source: Any) -> dict[str, int]:
    """tracker.yaml's top-level keys and their lines, so a policy change is reported where it is."""
    from tracker.errors import ConfigError
    from tracker.parse.yaml_reader import load_yaml_config

    raw = source.read(CONFIG_NAME) if source is not None else None
    if not raw:
        return {}
    try:
        return dict(load_yaml_config(raw, CONFIG_NAME)[1])
    except ConfigError:
        return {}


def judged_config(judge: Policy, change: Policy | None) -> Config:
    """The configuration a change is judged by: `judge`'s, reading every document either side's globs find
    (narrowing the globs hides nothing; a document only the change's globs find is judged too)."""
    if change is None or change.error:
        return judge.config
    trackers = list(judge.config.trackers) + [g for g in change.config.trackers if g not in judge.config.trackers]
    if trackers == list(judge.config.trackers):
        return judge.config
    return dataclasses.replace(judge.config, trackers=trackers)


# -- what a change does to the policy ----------------------------------------------------------------
@dataclass(frozen=True)
class PolicyChange:
    """One difference between two policies, located where the new side says it (or None)."""

    what: str
    path: str | None
    line: int | None
    item: str | None = None


def _waiver_key(waiver: Any) -> tuple[str, str, str]:
    return (waiver.item, waiver.rule.strip().lower(), waiver.reason)


def policy_changes(old: Policy, new: Policy, new_documents: list[Any] | None = None) -> list[PolicyChange]:
    """What `new` changes relative to `old`: tracker.yaml settings, YAML items' waivers, forced closes."""
    out: list[PolicyChange] = []
    a, b = old.config, new.config
    line = new.config_lines.get

    def at(key: str, what: str, item: str | None = None) -> None:
        out.append(PolicyChange(what, CONFIG_NAME, line(key) or (1 if new.config_lines else None), item))

    if new.error:
        out.append(PolicyChange(f"tracker.yaml cannot be read ({new.error}); judged by the policy at "
                                f"{old.label}", CONFIG_NAME, None))
        return out
    before = {_waiver_key(w) for w in a.waivers}
    for w in b.waivers:
        if _waiver_key(w) not in before:
            at("waivers", f"waiver added: {w.item} {w.rule} ({w.reason!r})", w.item)
    after = {_waiver_key(w) for w in b.waivers}
    for w in a.waivers:
        if _waiver_key(w) not in after:
            at("waivers", f"waiver removed: {w.item} {w.rule}", w.item)
    for rule in sorted(set(a.rules) | set(b.rules)):
        if a.rules.get(rule) != b.rules.get(rule):
            at("rules", f"severity of {rule} changed: {a.rules.get(rule, 'default')} -> {b.rules.get(rule, 'default')}")
    if list(a.trackers) != list(b.trackers):
        at("trackers", f"tracker globs changed: {a.trackers} -> {b.trackers}")
    if a.statuses != b.statuses:
        at("statuses", f"status vocabulary changed: {a.statuses} -> {b.statuses}")
    if list(a.id_columns) != list(b.id_columns):
        at("id_columns", f"ID columns changed: {a.id_columns} -> {b.id_columns}")
    if list(a.evidence_roots) != list(b.evidence_roots):
        at("evidence_roots", f"evidence roots changed: {a.evidence_roots} -> {b.evidence_roots}")
    if old.ledger != new.ledger:
        at("ledger", f"ledger moved: {old.ledger} -> {new.ledger}")
    if old.gates_dir != new.gates_dir:
        at("gates", f"gates folder moved: {old.gates_dir} -> {new.gates_dir}")
    for doc in new_documents or []:
        for item_id, rule, reason, where in doc.waivers:
            if (doc.path, item_id, rule.strip().lower()) not in old.doc_waivers:
                out.append(PolicyChange(f"waiver added in {doc.path}: {item_id} {rule} ({reason!r})", doc.path,
                                        where, item_id))
    out += _ledger_changes(old, new)
    return out


def _ledger_changes(old: Policy, new: Policy) -> list[PolicyChange]:
    """Forced closes the change appends to the ledger: overrides that need a reviewer."""
    if old.ledger != new.ledger:
        return []
    known = len(old.ledger_records)
    return [PolicyChange(f"forced close of {record.get('id')} appended to the ledger "
                         f"({record.get('reason') or 'no reason'!r})", new.ledger, record.get("_line"),
                         record.get("id"))
            for record in new.ledger_records[known:] if record.get("forced")]
