"""The rule catalogue: stable codes, kebab-case names, scopes and each rule's documentation.

This is the only list of rules. Code that needs "the rules that ..." asks the catalogue
(`rules_with_scope`, `close_codes`, `shadowed_by`) instead of writing codes down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from tracker.gate.finding import Severity

Scope = Literal["claim", "closure", "item", "document", "region", "gate", "policy", "change"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
SCOPE_MEANING: dict[str, str] = {
    "claim": "one item's done claim: its evidence, dependencies and gates",
    "closure": "a closure recorded in the ledger that no longer holds",
    "item": "one item, whatever its status",
    "document": "a tracker document or input file as a whole",
    "region": "a generated region of a document",
    "gate": "a gate definition or its command",
    "policy": "the configuration: waivers, rules and gates as written",
    "change": "what a change did between two revisions (only in `check --base`)",
}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    instead: str
    scope: Scope
    opt_in: bool = False
    removed: bool = False
    judged_on_close: bool = False  # `tracker close` refuses a close on this rule's error findings
    shadows: str | None = None  # a code whose finding on the same item and evidence this one explains better

    def doc(self) -> str:
        flags = f"{'opt-in, ' if self.opt_in else ''}{self.severity}, scope {self.scope}"
        lines = [f"{self.code} {self.name} ({flags})", "", self.summary, ""]
        lines += ["Why it matters:", f"  {self.why}", "", "Example:", f"  {self.example}", ""]
        lines += ["Instead:", f"  {self.instead}"]
        return "\n".join(lines)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.scope not in SCOPES:
        raise ValueError(f"rule {rule.code} has unknown scope {rule.scope!r}")
    same = RULES.get(rule.code)
    if same is not None and same.name == rule.name:
        # A reserved rule (e.g. TRK205) may be registered again by the module that implements it.
        RULES[rule.code] = rule
        return rule
    if rule.code in RULES or any(r.name == rule.name for r in RULES.values()):
        raise ValueError(f"rule {rule.code} {rule.name} registered twice")
    RULES[rule.code] = rule
    return rule


def lookup(code_or_name: str) -> Rule | None:
    """Find a rule by code (TRK101) or name (done-without-evidence)."""
    _load_catalogue()
    wanted = code_or_name.strip()
    if wanted.upper() in RULES:
        return RULES[wanted.upper()]
    for rule in RULES.values():
        if rule.name == wanted.lower():
            return rule
    return None


def all_rules() -> list[Rule]:
    _load_catalogue()
    return sorted(RULES.values(), key=lambda r: r.code)


def rules_with_scope(*scopes: Scope) -> frozenset[str]:
    """The codes of the live rules whose scope is one of `scopes`."""
    return frozenset(r.code for r in all_rules() if r.scope in scopes and not r.removed)


def scope_of(code: str) -> Scope | None:
    rule = lookup(code)
    return rule.scope if rule is not None else None


def close_codes() -> frozenset[str]:
    """The rules `tracker close` judges an item by: the ones about its own done claim."""
    return frozenset(r.code for r in all_rules() if r.judged_on_close and not r.removed)


def shadowing() -> dict[str, str]:
    """code -> the code it shadows (a finding of the first explains one of the second on the same subject)."""
    return {r.code: r.shadows for r in all_rules() if r.shadows}


def _load_catalogue() -> None:
    # Rule modules register themselves on import; import them once, lazily.
    import tracker.gate.catalogue  # noqa: F401
