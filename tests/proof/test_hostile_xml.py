"""Hostile test reports are refused unexpanded: entity expansion, external entities, 100 MB, 10,000-deep nesting.

Each is judged in a subprocess with a 512 MB address-space limit (memory bound) and a timeout that only
guards against a hang; nothing asserts a duration.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

JUDGE = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024, 512 * 1024 * 1024))
from tracker.gate.proof.kinds import judge
verdict = judge(open(sys.argv[1], "rb").read())
print(json.dumps({"kind": verdict.kind, "outcome": verdict.outcome, "message": verdict.message}))
"""

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE testsuite [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
                    for n in range(1, 10))
          + ']>\n<testsuite><testcase name="&lol9;"/></testsuite>\n')


def judged(path: Path) -> dict[str, str]:
    proc = subprocess.run([sys.executable, "-c", JUDGE, str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, str] = json.loads(proc.stdout)
    return result


def test_billion_laughs_is_refused_unexpanded(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(LAUGHS, encoding="utf-8")
    result = judged(path)
    assert result["outcome"] == "unreadable" and "DTD" in result["message"]
    assert "lollol" not in result["message"]


def test_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE testsuite [<!ENTITY x SYSTEM "file://{secret}">]>\n'
                    f'<testsuite><testcase name="&x;"/></testsuite>\n', encoding="utf-8")
    result = judged(path)
    assert result["outcome"] == "unreadable" and "TOP-SECRET" not in json.dumps(result)


def test_parameter_entity_without_doctype_name_match_is_still_refused(tmp_path):
    path = tmp_path / "pe.xml"
    path.write_text('<!DOCTYPE testsuites [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd"> %p;]>'
                    '<testsuites/>', encoding="utf-8")
    assert judged(path)["outcome"] == "unreadable"


def test_100_mb_report_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.xml"
    with open(path, "wb") as handle:
        handle.write(b'<testsuite><testcase name="a"/>')
        chunk = b"<!-- padding -->" * 65536
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(chunk)
        handle.write(b"</testsuite>")
    result = judged(path)
    assert result["outcome"] == "unreadable" and "larger than" in result["message"]


def test_10000_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.xml"
    path.write_bytes(b"<testsuites>" + b"<testsuite>" * 10_000 + b"</testsuite>" * 10_000 + b"</testsuites>")
    result = judged(path)
    assert result["outcome"] == "unreadable" and "deeper than" in result["message"]


@pytest.mark.parametrize("body", [
    b'{"_type": "https://in-toto.io/Statement/v1", "predicate": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"payloadType": "application/vnd.in-toto+json", "payload": "!!not base64!!"}',
])
def test_hostile_attestations_are_unreadable(tmp_path, body):
    path = tmp_path / "a.intoto.json"
    path.write_bytes(body)
    result = judged(path)
    assert result["kind"] == "attestation" and result["outcome"] == "unreadable"
