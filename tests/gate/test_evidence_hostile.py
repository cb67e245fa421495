"""Hostile evidence paths are refused (TRK301) without ever being read: a recording Source proves it."""

from __future__ import annotations

import os

import pytest

from tracker.gate.evidence import Resolver, is_placeholder, refusal
from tracker.source import WorktreeSource


class RecordingSource(WorktreeSource):
    """The working tree, recording every call that touches the file system."""

    def __init__(self, root):
        super().__init__(root)
        self.calls: list[tuple[str, str]] = []

    def read(self, rel, max_bytes=None):
        self.calls.append(("read", rel))
        return super().read(rel, max_bytes)

    def entry(self, rel):
        self.calls.append(("entry", rel))
        return super().entry(rel)

    def walk(self, rel):
        self.calls.append(("walk", rel))
        return super().walk(rel)


# Refused by looking at the string alone: the Source is never asked anything.
STRING_CASES = [
    "../../secret.txt",  # the document lives in trackers/: one `..` stays inside, two leave
    "../../../etc/passwd",
    "docs/../../../outside/secret.txt",
    "a/b/../../../../outside/secret.txt",
    "./../../outside/secret.txt",
    "../..",
    "/etc/passwd",
    "/tmp/evidence.md",
    "~/notes.md",
    "~root/.ssh/id_rsa",
    "file:///etc/passwd",
    "FILE://server/share/x.md",
    "ssh://host/evidence.md",
    "C:\\Windows\\win.ini",
    "c:/boot.ini",
    "D:",
    "\\\\server\\share\\evidence.md",
    "//server/share/evidence.md",
    "..\\..\\outside\\secret.txt",
    "evidence\\ws1.md",
    "evidence/ws1\x00.md",
    "evidence/\x00/../../outside/secret.txt",
    "evidence/ws1\r.md",
    "evidence/ws1\x1b[31m.md",
    "a" * 1100,
    ("b" * 300) + "/x.md",
    "..\u2215outside\u2215secret.txt",
    "\uff0e\uff0e/outside/secret.txt",
    "\u2024\u2024/outside/secret.txt",
    "evidence\uff0fws1.md",
    "evidence\u2044ws1.md",
    "..\uff3coutside",
    "%2e%2e/outside/secret.txt",
    "evidence/%2F..%2Fsecret",
    "\ufe52\ufe52/outside/secret.txt",
]


@pytest.fixture
def tree(tmp_path):
    repo = tmp_path / "repo"
    outside = tmp_path / "outside"
    (repo / "evidence").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("secret: do not read\n")
    (repo / "evidence" / "real.md").write_text("Ran the suite: 12 passed.\n")
    return repo, outside


@pytest.mark.parametrize("value", STRING_CASES, ids=range(len(STRING_CASES)))
def test_string_refusals_never_touch_the_source(tree, value):
    repo, _ = tree
    source = RecordingSource(repo)
    res = Resolver(source).resolve(value, "trackers/plan.md")
    assert res.kind == "outside", res
    assert res.reason
    assert source.calls == []


def _symlink_cases(repo, outside):
    ev = repo / "evidence"
    os.symlink(outside, ev / "out_abs")  # absolute target
    os.symlink("../../outside", ev / "out_rel")  # relative target that climbs out
    os.symlink(str(outside / "secret.txt"), ev / "secret_abs.md")
    os.symlink("../../outside/secret.txt", ev / "secret_rel.md")
    os.symlink("loop_b", ev / "loop_a")
    os.symlink("loop_a", ev / "loop_b")
    os.symlink("self", ev / "self")
    os.mkfifo(ev / "pipe")
    os.symlink("pipe", ev / "to_pipe")
    os.symlink("/dev/zero", ev / "zero")
    os.symlink("..", ev / "up")  # evidence/up -> the repository root (inside)
    os.symlink("../..", ev / "up2")  # one level above the repository
    (ev / "inner").mkdir()
    os.symlink("../../../outside", ev / "inner" / "deep")
    return ["evidence/out_abs/secret.txt", "evidence/out_rel/secret.txt", "evidence/secret_abs.md",
            "evidence/secret_rel.md", "evidence/loop_a", "evidence/self/x.md", "evidence/pipe", "evidence/to_pipe",
            "evidence/zero", "evidence/up2/outside/secret.txt", "evidence/up/evidence/up/evidence/up2/outside/secret.txt", "evidence/inner/deep/secret.txt",
            "evidence/out_rel"]


def test_symlinks_fifos_and_loops_are_refused_unread(tree):
    repo, outside = tree
    cases = _symlink_cases(repo, outside)
    for value in cases:
        source = RecordingSource(repo)
        res = Resolver(source).resolve(value)
        assert res.kind == "outside", (value, res)
        assert not [c for c in source.calls if c[0] in ("read", "walk")], (value, source.calls)
    assert len(STRING_CASES) + len(cases) >= 30


def test_symlink_inside_the_repository_is_followed(tree):
    repo, _ = tree
    os.symlink("real.md", repo / "evidence" / "alias.md")
    res = Resolver(RecordingSource(repo)).resolve("evidence/alias.md")
    assert res.kind == "ok" and res.files == ("evidence/real.md",)


def test_dotdot_that_stays_inside_resolves(tree):
    repo, _ = tree
    res = Resolver(WorktreeSource(repo)).resolve("../evidence/real.md", "trackers/plan.md")
    assert res.kind == "ok" and res.rel == "evidence/real.md"


def test_urls_are_unverifiable_not_read(tree):
    repo, _ = tree
    source = RecordingSource(repo)
    assert Resolver(source).resolve("https://ci.example.com/run/1").kind == "url"
    assert source.calls == []


def test_folder_is_refused_unread(tree):
    repo, outside = tree
    folder = repo / "evidence" / "bundle"
    folder.mkdir()
    os.symlink(outside / "secret.txt", folder / "link.txt")
    (folder / "real.md").write_text("Ran it: 3 passed\n")
    source = RecordingSource(repo)
    res = Resolver(source).resolve("evidence/bundle")
    assert res.kind == "not-proof" and "is a folder (evidence/bundle/)" in res.reason
    assert not [c for c in source.calls if c[0] in ("read", "walk")]


@pytest.mark.parametrize("text, placeholder", [
    ("", True), ("# WS1-003 evidence\n\nTODO\n", True), ("## Results\nTBD\n\nN/A\n", True),
    ("<!-- fill me -->\n# Title\n", True), ("   \n\t\n", True),
    ("# Run\nRan it: 3 passed\n", False), ("ok", False),
])
def test_placeholder_detection(text, placeholder):
    assert is_placeholder(text.encode()) is placeholder


def test_refusal_accepts_ordinary_paths():
    for value in ["evidence/ws1-007.md", "docs/evidence/2026-02-16_live.md", "evidence/run 1/log.txt",
                  "évidence/résultat.md", "../x.md".replace("../", "")]:
        assert refusal(value) is None, value


def test_device_node_inside_the_repository_is_refused_unread(tree):
    import stat

    repo, _ = tree
    try:
        os.mknod(repo / "evidence" / "zero", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except (PermissionError, OSError):
        pytest.skip("creating a device node needs CAP_MKNOD")
    os.symlink("zero", repo / "evidence" / "to_zero")
    for value in ("evidence/zero", "evidence/to_zero"):
        source = RecordingSource(repo)
        res = Resolver(source).resolve(value)
        assert res.kind == "outside" and "FIFO, socket or device" in res.reason
        assert not [c for c in source.calls if c[0] in ("read", "walk")]


@pytest.mark.parametrize("text, placeholder", [
    ("TODO: write the evidence later\n", True),
    ("# WS1-003\n- [ ] TODO paste the log\nResult: TBD\n**Owner:** N/A\n", True),
    ("Paste the test output here.\n", True),
    ("<!--\nfill in\nafter the run -->\nTBD\n", True),
    ("TODO " * 5000, True),  # one long line of markers
    ("Ran the suite: 12 passed; one TODO left in parser.py\n", False),  # a marker in passing
    ("TODO: attach the screenshot\nRan the suite: 12 passed.\n", False),  # a real line after a TODO line
    ("Todo app deployed; screenshot in docs/\n", False),  # the word, not a marker
    ("Na+ ions measured: 3 runs\n", False),
    ("Pending jobs drained: 0 left after the migration\n", False),
])
def test_placeholder_sentences(text, placeholder):
    assert is_placeholder(text.encode()) is placeholder


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8-sig"])
def test_placeholder_in_every_bom_marked_encoding(encoding):
    import codecs

    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE}
    encode = (lambda t: boms.get(encoding, b"") + t.encode(encoding))
    assert is_placeholder(encode("# Evidence\r\nTODO\r\n")) is True
    assert is_placeholder(encode("# Evidence\r\nRan it: 3 passed\r\n")) is False


def test_placeholder_of_any_size_is_read_in_bounded_pieces():
    from tracker.gate.placeholder import scan_placeholder

    taken = []

    def endless_template(pieces: int):
        for _ in range(pieces):
            piece = b"TODO\n\n" * 10_000  # 60 KB each; 100 MB in all, never held at once
            taken.append(len(piece))
            yield piece

    assert scan_placeholder(endless_template(1_700)) is True and len(taken) == 1_700

    def real_after_a_template(pieces: int):
        yield b"# Run\nTBD\n"
        yield b"Ran the suite: 12 passed\n"
        for _ in range(pieces):
            taken.append(1)
            yield b"x" * 65_536

    taken.clear()
    assert scan_placeholder(real_after_a_template(1_000)) is False and taken == []  # stopped at the real line


@pytest.mark.parametrize("value, words", [
    (".", "names the repository root"), ("./", "names the repository root"), ("evidence/..", "names the repository root"),
    ("..", "names the repository root"), ("evidence", "is a folder (evidence/)"),
    ("trackers/plan.md", "is a tracker document"), ("plan.md", "is a tracker document"),
    ("tracker.yaml", "is the configuration file"), ("gates/g.yaml", "is a gate file"),
    ("evidence/ledger.jsonl", "is the ledger"), ("evidence/to_plan.md", "is a tracker document"),
])
def test_root_folders_and_policy_files_are_not_proof(tree, value, words):
    from tracker.gate.evidence import PolicyPaths

    repo, _ = tree
    for rel in ("trackers/plan.md", "tracker.yaml", "gates/g.yaml", "evidence/ledger.jsonl"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("some: content\n")
    os.symlink("../trackers/plan.md", repo / "evidence" / "to_plan.md")
    policy = PolicyPaths(frozenset({"trackers/plan.md"}))
    res = Resolver(RecordingSource(repo), policy).resolve(value, "trackers/plan.md")
    assert res.kind == "not-proof" and words in res.reason, res


def test_blob_verdicts_belong_to_the_run_not_the_module():
    from tracker.gate import evidence

    assert not hasattr(evidence, "_BLOB_VERDICTS")
    first, second = evidence.BlobVerdicts(), evidence.BlobVerdicts()
    first.put("abc", True)
    assert first.get("abc") is True and second.get("abc") is None
