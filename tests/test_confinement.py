"""Nothing outside the repository is read or written, whatever tracker.yaml or the tree's symlinks say.

Each hostile configuration runs every command in a real subprocess whose wrapper installs an audit hook
(`sys.addaudithook`) before importing the tool; the hook records every path opened, listed, created,
renamed or removed, resolved through symlinks the way the operating system would follow them. The test
fails on any such path outside the repository other than the interpreter's own files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.repos import GIT_ENV, make_repo

WRAPPER = r'''
import json, os, sys

log_path, argvs = sys.argv[1], json.loads(sys.argv[2])
log = open(log_path, "w")  # opened before the hook, so it is not recorded
touched = []
current = ["setup"]
WATCHED = {"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink",
           "os.link", "os.truncate", "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.copyfile",
           "shutil.move", "tempfile.mkstemp", "tempfile.mkdtemp", "os.chdir"}
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def where(path, follow=True):
    if isinstance(path, int) or path is None:
        return None
    path = os.fsdecode(path)
    full = os.path.abspath(path)
    if follow:
        return os.path.realpath(full)
    head, tail = os.path.split(full)  # O_NOFOLLOW: the last component is not followed
    return os.path.join(os.path.realpath(head), tail)


def hook(event, args):
    if event not in WATCHED:
        return
    paths = [args[0]]
    if event in ("os.rename", "os.symlink", "os.link", "shutil.copyfile", "shutil.move"):
        paths = [args[0], args[1]]
    follow = True
    if event == "open" and isinstance(args[2], int) and args[2] & NOFOLLOW:
        follow = False
    if event in ("os.remove", "os.rename", "os.symlink", "os.link"):
        follow = False  # these act on the link itself
    for path in paths:
        found = where(path, follow)
        if found is not None:
            touched.append([current[0], event, found])


sys.addaudithook(hook)
from tracker.entry import main  # noqa: E402

results = []
for argv in argvs:
    current[0] = " ".join(argv)
    sys.argv = ["tracker", *argv]
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    results.append([argv, code])
json.dump({"results": results, "touched": touched}, log)
log.close()
'''

TABLE = ("| ID | Task | Status | Evidence |\n|---|---|---|---|\n"
         "| A-1 | first task | todo | |\n"
         "| B-1 | second task | done | `evidence/b-1.md` |\n")
GATE = "requires: [B-*]\nblocks: [A-*]\n"

COMMANDS = [["status"], ["check"], ["check", "--base", "HEAD~1"], ["hook"], ["gates"], ["history", "B-1"],
            ["rules"], ["render"], ["doctor", "--fix"], ["set", "A-1", "in_progress"],
            ["close", "A-1", "--evidence", "evidence/a-1.md"]]
# Commands that do not load tracker.yaml, or load it from a revision where the case has no hostile file.
NO_CONFIG = {"rules"}


def _allowed() -> list[str]:
    import site
    import sysconfig

    import tracker

    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages(), site.getusersitepackages(),
             *sysconfig.get_paths().values(), str(Path(tracker.__file__).resolve().parent)}
    return [os.path.realpath(r) for r in roots if r] + ["/dev/null", "/dev/urandom", "/proc/", "/sys/",
                                                         "/etc/localtime", "/usr/share/zoneinfo/", "/etc/ld.so"]


def _hostile(out: Path) -> dict[str, tuple[dict[str, str], dict[str, str], str | None]]:
    """case -> (tracker.yaml and files, symlinks {link: target}, the key named in the refusal or None)."""
    a = str(out)
    return {
        "ledger-dotdot": ({"tracker.yaml": "ledger: ../outside/ledger.jsonl\n"}, {}, "ledger"),
        "ledger-absolute": ({"tracker.yaml": f"ledger: {a}/ledger.jsonl\n"}, {}, "ledger"),
        "ledger-through-symlinked-folder": ({"tracker.yaml": "ledger: logs/ledger.jsonl\n"}, {"logs": a}, "ledger"),
        "default-ledger-is-a-symlink": ({}, {"evidence/ledger.jsonl": f"{a}/ledger.jsonl"}, "ledger"),
        "gates-dotdot": ({"tracker.yaml": "gates: ../outside/gates\n"}, {}, "gates"),
        "gates-absolute": ({"tracker.yaml": f"gates: {a}/gates\n"}, {}, "gates"),
        "gates-symlinked-folder": ({"tracker.yaml": "gates: policy\n"}, {"policy": f"{a}/gates"}, "gates"),
        "trackers-dotdot": ({"tracker.yaml": "trackers: ['../outside/trackers/*.md', 'trackers/*.md']\n"}, {},
                            "trackers"),
        "trackers-absolute": ({"tracker.yaml": f"trackers: ['{a}/trackers/*.md']\n"}, {}, "trackers"),
        "trackers-symlinked-folder": ({"tracker.yaml": "trackers: ['trackers/*.md', 'shared/*.md']\n"},
                                      {"shared": f"{a}/trackers"}, "trackers"),
        "evidence-roots-dotdot": ({"tracker.yaml": "evidence_roots: [../outside]\n"}, {}, "evidence_roots"),
        "evidence-roots-absolute": ({"tracker.yaml": f"evidence_roots: ['{a}']\n"}, {}, "evidence_roots"),
        "evidence-roots-symlink": ({"tracker.yaml": "evidence_roots: [proofs]\n"}, {"proofs": a}, "evidence_roots"),
        "tracker-yaml-is-a-symlink": ({}, {"tracker.yaml": f"{a}/tracker.yaml"}, "tracker.yaml"),
        "document-symlinked-outside": ({}, {"trackers/evil.md": f"{a}/trackers/plan.md"}, None),
        "document-relative-symlink-outside": ({}, {"trackers/evil.md": "../../outside/trackers/plan.md"}, None),
        "symlinked-folder-under-the-glob": ({"tracker.yaml": "trackers: ['trackers/**/*.md']\n"},
                                            {"trackers/more": f"{a}/trackers"}, None),
        "gate-file-symlinked-outside": ({}, {"gates/evil.yaml": f"{a}/gates/g.yaml"}, None),
    }


def _outside(tmp_path: Path) -> Path:
    out = tmp_path / "outside"
    for rel, text in {"ledger.jsonl": "", "tracker.yaml": "ledger: evidence/ledger.jsonl\n",
                      "trackers/plan.md": TABLE.replace("A-1", "X-1").replace("B-1", "Y-1"),
                      "gates/g.yaml": GATE, "b-1.md": "outside proof\n"}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text)
    return out


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(tmp_path: Path, out: Path, files: dict[str, str], links: dict[str, str]) -> Path:
    base = {"trackers/plan.md": TABLE, "evidence/b-1.md": "B-1: ran the import, 40 rows loaded\n",
            "gates/g.yaml": GATE, **files}
    root = make_repo(tmp_path / "repo", base)
    for link, target in links.items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        if (root / link).exists():
            (root / link).unlink()
        os.symlink(target, root / link)
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "hostile"], cwd=root, check=True, env=env)
    (root / "evidence/a-1.md").write_text("A-1: the export finished, checksum matched\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "evidence"], cwd=root, check=True, env=env)
    (root / "evidence/staged.md").write_text("staged for the hook\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    return root


def _run(tmp_path: Path, root: Path) -> dict:
    script = tmp_path / "bin" / "wrapper.py"  # its folder is sys.path[0], which the importer lists
    script.parent.mkdir(exist_ok=True)
    script.write_text(WRAPPER)
    log = tmp_path / "audit.json"
    env = {**os.environ, **GIT_ENV, "TRACKER_TODAY": "2026-03-01", "NO_COLOR": "1", "TRACKER_CACHE": "on"}
    env = {k: v for k, v in env.items() if not k.startswith("GIT_") or k in GIT_ENV}
    proc = subprocess.run([sys.executable, str(script), str(log), json.dumps(COMMANDS)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and log.exists(), proc.stderr[-3000:]
    report = json.loads(log.read_text())
    report["stderr"] = proc.stderr
    return report


def _outside_touches(report: dict, root: Path) -> list[list[str]]:
    inside = os.path.realpath(root)
    allowed = [*_allowed(), os.path.realpath(root.parent / "bin")]
    bad = []
    for command, event, path in report["touched"]:
        if path == inside or path.startswith(inside + os.sep):
            continue
        if any(path == a or path.startswith(a.rstrip("/") + "/") or (a.endswith("/") is False and path.startswith(a))
               for a in allowed):
            continue
        bad.append([command, event, path])
    return bad


@pytest.mark.parametrize("case", list(_hostile(Path("/x"))))
def test_no_command_touches_anything_outside_the_repository(tmp_path, case):
    out = _outside(tmp_path)
    files, links, key = _hostile(out)[case]
    root = _build(tmp_path, out, files, links)
    before = _snapshot(out)
    report = _run(tmp_path, root)
    assert _outside_touches(report, root) == []
    assert _snapshot(out) == before
    for argv, code in report["results"]:
        assert code in (0, 1, 2), (argv, code, report["stderr"][-2000:])
        if key and argv[0] not in NO_CONFIG:
            assert code == 2, (argv, code, report["stderr"][-2000:])
    if key:
        assert f"{key}:" in report["stderr"] or f"{key}: " in report["stderr"]


def test_the_audit_catches_an_outside_append(tmp_path):
    """The hook is not blind: a plain append outside the repository, as the ledger writer did, is caught."""
    out = _outside(tmp_path)
    root = _build(tmp_path, out, {}, {})
    script = tmp_path / "bin" / "append.py"
    script.parent.mkdir()
    append = f"def main():\n    open({str(out / 'ledger.jsonl')!r}, 'a').write('x')\n    return 0"
    script.write_text(WRAPPER.replace("from tracker.entry import main  # noqa: E402", append))
    log = tmp_path / "audit.json"
    subprocess.run([sys.executable, str(script), str(log), json.dumps([["status"]])], cwd=root, check=True)
    report = json.loads(log.read_text())
    assert [t[2] for t in _outside_touches(report, root)] == [os.path.realpath(out / "ledger.jsonl")]


def test_worktree_reads_follow_symlinks_only_inside(tmp_path):
    from tracker.errors import InputError
    from tracker.source import WorktreeSource

    out = _outside(tmp_path)
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs/plan.md").write_text("inside\n")
    os.symlink("plan.md", root / "docs/link.md")
    os.symlink("docs", root / "alias")
    os.symlink(str(out / "trackers/plan.md"), root / "docs/out.md")
    os.symlink("../../outside/b-1.md", root / "docs/climb.md")
    os.symlink(str(out), root / "away")
    os.mkfifo(root / "docs/pipe")
    source = WorktreeSource(root)
    assert source.read("docs/link.md") == source.read("alias/plan.md") == b"inside\n"
    for rel in ("docs/out.md", "docs/climb.md", "away/b-1.md"):
        with pytest.raises(InputError, match="leaves the repository"):
            source.read(rel)
    assert source.read("docs/pipe") is None  # opened without waiting for a writer
    assert source.read("docs") is None and source.read("missing.md") is None
    with pytest.raises(InputError, match="larger than"):
        source.read("docs/plan.md", 3)
    assert source.files(["**"]) == ["alias", "away", "docs/climb.md", "docs/link.md", "docs/out.md",
                                    "docs/plan.md"]  # symlinks listed, never entered; the FIFO is not a file


def test_a_symlinked_or_oversized_document_is_an_error_of_that_file_only(tmp_path, monkeypatch):
    from tracker import project as project_module
    from tracker.project import load_project

    out = _outside(tmp_path)
    root = make_repo(tmp_path / "repo", {"trackers/plan.md": TABLE, "trackers/big.md": TABLE + "x" * 400})
    os.symlink(str(out / "trackers/plan.md"), root / "trackers/evil.md")
    monkeypatch.setattr(project_module, "MAX_FILE_BYTES", 300)
    loaded = load_project(root=root)
    assert [d.path for d in loaded.documents] == ["trackers/plan.md"]
    errors = dict(loaded.errors)
    assert "leaves the repository" in errors["trackers/evil.md"] and "larger than" in errors["trackers/big.md"]
