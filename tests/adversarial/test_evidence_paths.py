"""Evidence that proves nothing, tried as an attacker would: each value is refused by `tracker check`, by
`tracker check --base main` and by a real `git commit` with the hook installed, naming file, line and rule;
real evidence (including evidence that mentions TODO in passing) passes all three."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from tests.git.conftest import Repo, make_repo, table

DOC = "trackers/plan.md"
ROW_LINE = 6  # "# Plan", blank, header, rule, WS1-006, WS1-007
LEDGER = '{"schema": "tracker.ledger/1", "action": "close", "id": "WS1-006", "time": "2026-02-01T10:00:00Z", ' \
         '"status": "done", "evidence": [{"path": "evidence/ws1-006.md", "sha256": null, "size": null}]}\n'


def base_repo(path: Path) -> Repo:
    """main: WS1-006 done with real evidence, WS1-007 todo; a gate, tracker.yaml and a ledger."""
    repo = make_repo(path)
    repo.write(DOC, "# Plan\n\n" + table(("WS1-006", "Fix the parameter packing", "done", "`evidence/ws1-006.md`"),
                                         ("WS1-007", "Re-validate persistence", "todo", "")))
    repo.write("evidence/ws1-006.md", "# WS1-006\n\nRan the import twice; no packing warnings in the log.\n")
    repo.write("gates/foundation.yaml", "requires: [WS1-006]\nblocks: [WS2-*]\n")
    repo.write("tracker.yaml", "trackers: ['trackers/**/*.md']\n")
    repo.write("evidence/ledger.jsonl", LEDGER)
    repo.add(".")
    repo.commit("base")
    return repo


def claim(repo: Repo, evidence: str) -> None:
    """Mark WS1-007 done, linking `evidence`."""
    path = repo.path / DOC
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("| WS1-007 | Re-validate persistence | todo |  |",
                                 f"| WS1-007 | Re-validate persistence | done | `{evidence}` |"), encoding="utf-8")


def write_bytes(repo: Repo, rel: str, data: bytes) -> None:
    target = repo.path / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


# value linked as evidence, files the change adds (bytes), rule, words the message must hold
BAD = {
    "dot": (".", {}, "TRK112", "names the repository root"),
    "dot-slash": ("./", {}, "TRK112", "names the repository root"),
    "evidence-dotdot": ("evidence/..", {}, "TRK112", "names the repository root"),
    "dotdot-from-trackers": ("..", {}, "TRK112", "names the repository root"),
    "gates-folder": ("gates/", {}, "TRK112", "is a folder (gates/)"),
    "bare-folder-name": ("gates", {}, "TRK112", "is a folder (gates/)"),
    "evidence-folder-with-real-file": ("evidence/", {}, "TRK112", "is a folder (evidence/)"),
    "trackers-folder": ("./trackers/", {}, "TRK112", "is a folder (trackers/)"),
    "the-tracker-itself": (DOC, {}, "TRK112", "is a tracker document (trackers/plan.md)"),
    "the-tracker-relative": ("plan.md", {}, "TRK112", "is a tracker document (trackers/plan.md)"),
    "tracker-yaml": ("tracker.yaml", {}, "TRK112", "is the configuration file tracker.yaml"),
    "gate-file": ("gates/foundation.yaml", {}, "TRK112", "is a gate file (gates/foundation.yaml)"),
    "ledger": ("evidence/ledger.jsonl", {}, "TRK112", "is the ledger (evidence/ledger.jsonl)"),
    "symlink-to-tracker": ("evidence/alias.md", {"evidence/alias.md": "->../trackers/plan.md"}, "TRK112",
                           "is a tracker document (trackers/plan.md)"),
    "symlink-out-of-repo": ("evidence/out.md", {"evidence/out.md": "->../../outside/secret.md"}, "TRK301",
                            "leaves the repository through a symlink"),
    "absolute-symlink-out": ("evidence/abs.md", {"evidence/abs.md": "->/etc/hostname"}, "TRK301", "absolute path"),
    "empty-file": ("evidence/ws1-007.md", {"evidence/ws1-007.md": b""}, "TRK103", "is empty"),
    "placeholder-over-64kb": ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"# WS1-007\n" + b"TODO\n" * 20_000},
                              "TRK103", "holds only a template placeholder"),
    "placeholder-over-1mb": ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"TBD\n\n" * 300_000}, "TRK103",
                             "holds only a template placeholder"),
    "utf16-todo-bom": ("evidence/ws1-007.md", {"evidence/ws1-007.md": "TODO\r\n".encode("utf-16")}, "TRK103",
                       "holds only a template placeholder"),
    "utf16be-todo-bom": ("evidence/ws1-007.md",
                         {"evidence/ws1-007.md": codecs.BOM_UTF16_BE + "# WS1-007\nTBD\n".encode("utf-16-be")},
                         "TRK103", "holds only a template placeholder"),
    "utf32-todo-bom": ("evidence/ws1-007.md", {"evidence/ws1-007.md": "TODO\n".encode("utf-32")}, "TRK103",
                       "holds only a template placeholder"),
    "utf8-bom-todo": ("evidence/ws1-007.md", {"evidence/ws1-007.md": codecs.BOM_UTF8 + b"N/A\n"}, "TRK103",
                      "holds only a template placeholder"),
    "todo-sentence": ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"TODO: write the evidence later\n"},
                      "TRK103", "holds only a template placeholder"),
    "template-with-labels": ("evidence/ws1-007.md", {"evidence/ws1-007.md": (
        b"# WS1-007 evidence\n\n<!-- fill in after the run -->\n- [ ] TODO paste the log\n"
        b"Result: TBD\n**Owner:** TBD\nPaste the test output here.\n")}, "TRK103", "holds only a template placeholder"),
    "placeholder-on-one-huge-line": ("evidence/ws1-007.md", {"evidence/ws1-007.md": b"TODO " * 40_000}, "TRK103",
                                     "holds only a template placeholder"),
}


def setup_case(tmp_path: Path, value: str, files: dict) -> Repo:
    repo = base_repo(tmp_path / "repo")
    (tmp_path / "outside").mkdir(exist_ok=True)
    (tmp_path / "outside" / "secret.md").write_text("a secret outside the repository: 12 passed\n")
    repo.git("checkout", "-q", "-b", "change")
    for rel, content in files.items():
        if isinstance(content, str) and content.startswith("->"):
            (repo.path / rel).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(content[2:], repo.path / rel)
        else:
            write_bytes(repo, rel, content)
    claim(repo, value)
    return repo


def assert_names(out: str, code: str, words: str) -> None:
    assert f"{DOC}:{ROW_LINE}: {code}" in out or (f"{DOC}:{ROW_LINE}:" in out and code in out), out
    assert "WS1-007" in out and words in out, out


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_evidence_is_refused_by_check_base_and_commit(tmp_path, case):
    value, files, code, words = BAD[case]
    repo = setup_case(tmp_path, value, files)
    # The real hook refuses the commit.
    assert repo.tracker("hook", "install").returncode == 0
    repo.add(".")
    commit = repo.commit("claim WS1-007", verify=True)
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert_names(commit.stderr, code, words)
    assert repo.git("rev-parse", "HEAD").stdout == repo.git("rev-parse", "main").stdout  # nothing recorded
    # Committed anyway (--no-verify): the working-tree check and the pull-request check both fail it.
    repo.commit("claim WS1-007 past the hook")
    proc = repo.tracker("check")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert_names(proc.stdout, code, words)
    proc = repo.tracker("check", "--base", "main")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert_names(proc.stdout, code, words)
    assert "no new or changed done claim fails" not in proc.stdout


GOOD = {
    "plain": b"# WS1-007\n\nRan the persistence suite twice: 14 passed, 0 failed.\n",
    "mentions-todo-in-passing": b"# WS1-007\n\nRan the suite: 14 passed. One TODO left in parser.py is WS1-009.\n",
    "todo-then-real-line": b"TODO: attach the screenshot\nRan the suite: 14 passed.\n",
    "utf16-real": "Ran the suite: 14 passed.\n".encode("utf-16"),
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd",
    "large-real": b"# WS1-007 run log\n" + b"test_roundtrip PASSED\n" * 60_000,
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_real_evidence_passes_check_base_and_commit(tmp_path, case):
    repo = setup_case(tmp_path, "evidence/ws1-007.md", {"evidence/ws1-007.md": GOOD[case]})
    assert repo.tracker("hook", "install").returncode == 0
    repo.add(".")
    commit = repo.commit("claim WS1-007 with proof", verify=True)
    assert commit.returncode == 0, commit.stderr
    proc = repo.tracker("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = repo.tracker("check", "--base", "main")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no new or changed done claim fails its gates" in proc.stdout


def test_evidence_that_is_only_in_the_working_tree_is_refused(tmp_path):
    repo = setup_case(tmp_path, "evidence/ws1-007.md", {"evidence/ws1-007.md": GOOD["plain"]})
    assert repo.tracker("hook", "install").returncode == 0
    repo.add(DOC)  # the claim is staged, its evidence is not
    commit = repo.commit("claim without staging the proof", verify=True)
    assert commit.returncode != 0 and "TRK302" in commit.stderr and f"{DOC}:{ROW_LINE}" in commit.stderr
    repo.commit("claim past the hook")
    proc = repo.tracker("check", "--base", "main")  # HEAD is judged: the file is not in it
    assert proc.returncode == 1 and f"{DOC}:{ROW_LINE}: TRK302" in proc.stdout, proc.stdout
    assert "evidence/ws1-007.md is not committed" in proc.stdout
