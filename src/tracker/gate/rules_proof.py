"""TRK12x proof rules: test reports that fail or prove nothing, attestations, and commits cited as evidence.

Each evidence file whose name may hold proof (.xml, .json, ...) is recognised by content (gate/proof)
and judged; commits and attestation subjects are checked against git history: an attestation's
commit must be an ancestor of the commit that makes the claim, a cited commit must be reachable
from it. The claiming commit is the checked revision (`--base`: the change's head, which holds
the base), or HEAD in the hook and the working tree.
"""

from __future__ import annotations

from typing import Any
from collections.abc import Callable, Iterable

from tracker.gate.finding import Finding
from tracker.gate.proof.commit import commit_ref
from tracker.gate.proof.kinds import judge, may_hold_proof, too_large
from tracker.gate.proof.verdict import Verdict, wanted_tests
from tracker.gate.registry import Rule, register

FAILING = register(Rule(
    "TRK120", "test-report-failing", "error",
    "A done item's evidence is a JUnit XML test report that records a failed or errored test.",
    "A report of failing tests is proof that the work is not done.",
    "| API-3 | Retry client | done | `reports/unit.xml` |   and reports/unit.xml holds <failure> for test_retry",
    "Fix the failing tests, run the suite again with `--junitxml reports/unit.xml`, and commit the new report.",
    scope="claim", judged_on_close=True,
))
VACUOUS = register(Rule(
    "TRK121", "test-report-vacuous", "error",
    "A done item's JUnit test report ran no tests, or skipped every test.",
    "A report with zero tests, or only skipped ones, is green while proving nothing: a collection error, a "
    "wrong path or a skip marker produces one.",
    "reports/unit.xml: <testsuite tests=\"0\"/> (pytest collected nothing)",
    "Point the run at the tests that prove the item (`pytest tests/api --junitxml reports/unit.xml`) and make "
    "sure they run.",
    scope="claim", judged_on_close=True,
))
MISSING_TEST = register(Rule(
    "TRK122", "test-missing", "error",
    "An evidence reference names tests (`reports/unit.xml#test_retry` or an attestation's `#name`) that the "
    "report does not contain, or that did not pass (skipped or failed).",
    "The named test is the proof the item asked for; a report of other tests does not prove it.",
    "`reports/unit.xml#test_close_refuses` while the report holds no test_close_refuses",
    "Run the named test into the report, or correct the name after `#` (name, Class.name or path.py::name).",
    scope="claim", judged_on_close=True,
))
UNREADABLE = register(Rule(
    "TRK123", "proof-unreadable", "error",
    "A test report or attestation cannot be judged: malformed XML or JSON, a DTD or entity (refused "
    "unexpanded), nesting deeper than 64 levels, larger than the size cap (32 MB XML, 4 MB JSON), an XML "
    "root other than <testsuites>/<testsuite>, or a statement without a predicate or gitCommit subject.",
    "What the tool cannot read it cannot judge, and a hostile report (billion laughs, external entities) must "
    "never be expanded: such evidence fails closed.",
    "reports/unit.xml starting with <!DOCTYPE testsuite [<!ENTITY a ...>]>",
    "Commit the report exactly as the test runner wrote it (pytest --junitxml, jest-junit, go-junit-report, "
    "Surefire), or an in-toto test-result statement.",
    scope="claim", judged_on_close=True,
))
NOT_PASSED = register(Rule(
    "TRK124", "attestation-not-passed", "error",
    "A done item's in-toto test-result attestation does not say PASSED, or lists failed tests.",
    "The attestation records that the tests did not pass for its commit.",
    "attest/unit.intoto.json with predicate.result FAILED",
    "Fix the tests, let CI produce a new attestation and commit it (or point the evidence at it).",
    scope="claim", judged_on_close=True,
))
NOT_ANCESTOR = register(Rule(
    "TRK125", "attestation-not-ancestor", "error",
    "A test-result attestation's subject commit is not an ancestor of the commit that makes the claim.",
    "An attestation for another branch or an unrelated commit says nothing about the code being claimed done.",
    "attest/unit.intoto.json for commit 1a2b... which is not in this branch's history",
    "Attest a commit of this branch (the one before the claim, or the claim's parent) and commit that "
    "attestation.",
    scope="claim", judged_on_close=True,
))
COMMIT_UNKNOWN = register(Rule(
    "TRK126", "commit-unknown", "error",
    "A commit cited as evidence (`commit: <sha>` or a full SHA) does not exist here, is ambiguous, or is not "
    "reachable from the commit that makes the claim.",
    "A commit that is not in the history being judged (a typo, an unpushed or abandoned branch) proves "
    "nothing to anyone else.",
    "| API-3 | Retry client | done | commit: 0badc0de |   and 0badc0de is unknown",
    "Cite a commit of this branch's history (`git log --oneline`), and fetch full history in CI "
    "(`fetch-depth: 0`).",
    scope="claim", judged_on_close=True,
))

# Outcome of a verdict that does not prove -> its rule, and the hint that fixes it.
_RULES = {"failing": FAILING, "vacuous": VACUOUS, "missing-test": MISSING_TEST, "unreadable": UNREADABLE,
          "not-passed": NOT_PASSED}
_HINTS = {
    "failing": "fix the failing tests, re-run into {rel} and commit it",
    "vacuous": "run the tests that prove {id} into {rel} (at least one must run and not be skipped)",
    "missing-test": "run the named test into {rel}, or correct the name after `#`",
    "unreadable": "commit the report or statement as the test runner wrote it",
    "not-passed": "fix the tests and commit a new attestation",
}


class History:
    """The git repository behind a check run and its claiming commit; None-safe outside git."""

    def __init__(self, ctx: Any):
        # A tracker.git.GitRepo: rules_fresh's subclass also reads its log and objects, beyond `Revisions`.
        self.repo: Any = getattr(ctx.source, "repo", None)
        if self.repo is None and ctx.options.git is not None:
            self.repo = ctx.options.git.revisions()
        rev = getattr(ctx.source, "rev", None)
        self.tip: str | None = rev if rev else (self.repo.head() if self.repo is not None else None)

    def commit(self, ref: str) -> str | None:
        return self.repo.resolve(ref) if self.repo is not None else None

    def reachable(self, sha: str) -> bool:
        return self.repo is not None and self.tip is not None and self.repo.is_ancestor(sha, self.tip)


def history(ctx: Any) -> History:
    if "_proof_history" not in ctx.__dict__:
        ctx.__dict__["_proof_history"] = History(ctx)
    found: History = ctx.__dict__["_proof_history"]
    return found


def verdict_of(ctx: Any, rel: str, required: tuple[str, ...] = ()) -> Verdict | None:
    """The verdict on one evidence file of a proof kind, or None for a plain file. Cached per run."""
    if not may_hold_proof(rel):
        return None
    cache: dict[tuple[str, tuple[str, ...]], Verdict | None] = ctx.__dict__.setdefault("_proof_verdicts", {})
    key = (rel, required)
    if key not in cache:
        entry = ctx.source.entry(rel)
        refused = too_large(rel, entry.size) if entry is not None else None
        if refused is not None:
            cache[key] = refused
        else:
            verdict = judge(ctx.source.read(rel) or b"", required)
            cache[key] = None if verdict.kind == "file" else verdict
    return cache[key]


def check(ctx: Any) -> Iterable[Finding]:
    for item in ctx.done_items():
        for res in ctx.resolved(item):
            if res.kind == "commit":
                yield from _commit(ctx, item, res.value)
            elif res.kind == "ok":
                required = (*wanted_tests(res.value), *item.tests) if res.files == (res.rel,) else ()
                for rel in res.files:
                    verdict = verdict_of(ctx, rel, required)
                    if verdict is not None:
                        yield from _verdict(ctx, item, res.value, rel, verdict)


def _verdict(ctx: Any, item: Any, value: str, rel: str, verdict: Verdict) -> Iterable[Finding]:
    label = "test report" if verdict.kind == "junit" else "attestation"
    if not verdict.proven:
        code = _RULES[verdict.outcome].code
        if ctx.enabled(code):
            yield ctx.finding(code, f"{item.id} is done but its {label} {rel} {verdict.message}",
                              _HINTS[verdict.outcome].format(id=item.id, rel=rel), item=item, evidence=value)
        return
    if verdict.kind == "attestation" and ctx.enabled(NOT_ANCESTOR.code):
        past = history(ctx)
        for sha in verdict.commits:
            if not past.reachable(sha):
                where = past.tip[:12] if past.tip else "no commit (no git history here)"
                yield ctx.finding(NOT_ANCESTOR.code,
                                  f"{item.id} is done but its attestation {rel} is for commit {sha[:12]}, "
                                  f"which is not an ancestor of {where}",
                                  "attest a commit of this branch and commit the new attestation",
                                  item=item, evidence=value)
                return


def _commit(ctx: Any, item: Any, value: str) -> Iterable[Finding]:
    if not ctx.enabled(COMMIT_UNKNOWN.code):
        return
    ref = commit_ref(value) or value
    past = history(ctx)
    if past.repo is None:
        why = "cannot be checked: this is not a git repository"
    else:
        sha = past.commit(ref)
        if sha is None:
            why = "does not exist in this repository (or the prefix is ambiguous)"
        elif not past.reachable(sha):
            why = f"is not reachable from {past.tip[:12] if past.tip else 'HEAD (no commits yet)'}"
        else:
            return
    yield ctx.finding(COMMIT_UNKNOWN.code, f"{item.id} is done but its evidence commit {ref[:12]} {why}",
                      "cite a commit of this branch's history (`git log --oneline`)", item=item, evidence=value)


def describe(rel: str, read: Callable[[], bytes], size: int, value: str = "",
             tests: tuple[str, ...] = ()) -> dict[str, Any]:
    """What `close` records for one evidence file: kind, outcome and counts. `read` is called only for a
    file whose name may hold proof and whose size is under the cap; a plain file adds nothing (no `kind`)."""
    if not may_hold_proof(rel):
        return {}
    verdict = too_large(rel, size) or judge(read(), (*wanted_tests(value), *tests))
    return verdict.record() if verdict.kind != "file" else {}
