"""Which evidence kind a file is, from its name and first bytes, and its verdict: one entry for gate and ledger.

The readers (JUnit: xml.etree and defusedxml; attestations: base64 and json) are imported when a file may
hold a report, so a project whose evidence is notes and screenshots never loads them.
"""

from __future__ import annotations

from tracker.gate.proof.verdict import Verdict

# Only files with these endings are opened to look for a report or a statement: a Markdown note or a
# screenshot is never re-read for this (the 10k benchmark links thousands of them).
PROOF_SUFFIXES = (".xml", ".json", ".jsonl", ".dsse", ".intoto")
PLAIN = Verdict("file", "proven")


def may_hold_proof(rel: str) -> bool:
    return rel.lower().endswith(PROOF_SUFFIXES)


def too_large(rel: str, size: int) -> Verdict | None:
    """A report too large to parse is refused unread (fail closed): judged from its size alone."""
    if not rel.lower().endswith(".xml"):
        return None
    from tracker.gate.proof.junit import MAX_REPORT_BYTES

    if size > MAX_REPORT_BYTES:
        return Verdict("junit", "unreadable", f"is larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB; not parsed")
    return None


def judge(data: bytes, required: tuple[str, ...] = ()) -> Verdict:
    """A JUnit report or an in-toto statement is judged as one; anything else is a plain file (PLAIN)."""
    from tracker.gate.proof.attestation import looks_like_attestation, read_attestation
    from tracker.gate.proof.junit import looks_like_junit, read_junit

    if looks_like_junit(data):
        return read_junit(data, required)
    if looks_like_attestation(data):
        return read_attestation(data, required)
    return PLAIN
