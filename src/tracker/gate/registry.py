"""The rule catalogue: stable codes, kebab-case names and each rule's documentation."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.gate.finding import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    instead: str
    opt_in: bool = False
    removed: bool = False

    def doc(self) -> str:
        lines = [f"{self.code} {self.name} ({'opt-in, ' if self.opt_in else ''}{self.severity})", "", self.summary, ""]
        lines += ["Why it matters:", f"  {self.why}", "", "Example:", f"  {self.example}", ""]
        lines += ["Instead:", f"  {self.instead}"]
        return "\n".join(lines)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
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


def _load_catalogue() -> None:
    # Rule modules register themselves on import; import them once, lazily.
    import tracker.gate.catalogue  # noqa: F401
