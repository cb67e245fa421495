"""in-toto test-result attestations: a Statement, bare or wrapped in a DSSE envelope, judged by its predicate.

Only the statement is read: a DSSE envelope's signatures are NOT verified (docs/evidence.md says so),
so an attestation proves what a committed test report proves, plus the commit it was made for. The
commit's ancestry is git's question and is asked by the rule that calls `read_attestation`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from tracker.gate.proof.verdict import Counts, Verdict

MAX_ATTESTATION_BYTES = 4 * 1024 * 1024
STATEMENT_TYPES = ("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1")
TEST_RESULT = "https://in-toto.io/attestation/test-result/v0.1"
_SHA = re.compile(r"\A(?:[0-9a-f]{40}|[0-9a-f]{64})\Z")
_SNIFF = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{.{0,4096}?"(?:_type|payloadType)"\s*:', re.S)


def looks_like_attestation(data: bytes) -> bool:
    """A JSON object naming `_type` (a statement) or `payloadType` (a DSSE envelope) near its start."""
    return _SNIFF.match(data[:8192]) is not None


def _load(data: bytes) -> Any:
    return json.loads(data.decode("utf-8-sig"))


def statement_of(data: bytes) -> tuple[dict[str, Any] | None, str]:
    """(statement, "") or (None, why not): unwraps one DSSE envelope, whose signatures are not checked."""
    if len(data) > MAX_ATTESTATION_BYTES:
        return None, f"is larger than {MAX_ATTESTATION_BYTES // (1024 * 1024)} MB; not parsed"
    try:
        document = _load(data)
        if isinstance(document, dict) and "payloadType" in document and "_type" not in document:
            payload = document.get("payload")
            if not isinstance(payload, str):
                return None, "is a DSSE envelope without a base64 `payload`"
            document = _load(base64.b64decode(payload, validate=False))
    except (ValueError, UnicodeDecodeError, binascii.Error, RecursionError) as exc:
        return None, f"is not a readable JSON statement ({type(exc).__name__})"
    if not isinstance(document, dict) or document.get("_type") not in STATEMENT_TYPES:
        return None, "is not an in-toto Statement (`_type` https://in-toto.io/Statement/v1)"
    return document, ""


def read_attestation(data: bytes, required: tuple[str, ...] = ()) -> Verdict:
    """Judge a test-result statement: PASSED, no failed tests, a gitCommit subject, and the named tests passed."""
    statement, why = statement_of(data)
    if statement is None:
        return Verdict("attestation", "unreadable", why)
    if statement.get("predicateType") != TEST_RESULT:
        return Verdict("attestation", "unreadable", f"has predicateType {statement.get('predicateType')!r}, not "
                                                    f"{TEST_RESULT}")
    commits = _subject_commits(statement.get("subject"))
    found = statement.get("predicate")
    predicate: dict[str, Any] = found if isinstance(found, dict) else {}
    passed, warned, failed = (_names(predicate.get(key)) for key in ("passedTests", "warnedTests", "failedTests"))
    counts = Counts(tests=len(passed) + len(warned) + len(failed), failures=len(failed))
    if not commits:
        return Verdict("attestation", "unreadable", "names no subject with a `gitCommit` digest (a full SHA)",
                       counts)
    result = predicate.get("result")
    if result != "PASSED" or failed:
        detail = f"result is {result!r}" + (f", {len(failed)} failed test(s), first {failed[0]!r}" if failed else "")
        return Verdict("attestation", "not-passed", detail, counts, commits)
    for wanted in required:
        if wanted not in passed:
            return Verdict("attestation", "missing-test", f"lists no passed test named {wanted!r}", counts, commits)
    return Verdict("attestation", "proven", "", counts, commits)


def _subject_commits(subjects: Any) -> tuple[str, ...]:
    found: list[str] = []
    for subject in subjects if isinstance(subjects, list) else []:
        digest = subject.get("digest") if isinstance(subject, dict) else None
        sha = digest.get("gitCommit") if isinstance(digest, dict) else None
        if isinstance(sha, str) and _SHA.match(sha.lower()):
            found.append(sha.lower())
    return tuple(dict.fromkeys(found))


def _names(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
