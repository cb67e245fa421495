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

    def read(self, rel):
        self.calls.append(("read", rel))
        return super().read(rel)

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


def test_folder_with_escaping_symlink_only_counts_real_files(tree):
    repo, outside = tree
    folder = repo / "evidence" / "bundle"
    folder.mkdir()
    os.symlink(outside / "secret.txt", folder / "link.txt")
    source = RecordingSource(repo)
    assert Resolver(source).resolve("evidence/bundle").kind == "empty"
    assert ("read", "evidence/bundle/link.txt") not in source.calls


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
