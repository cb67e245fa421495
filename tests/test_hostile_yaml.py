"""Hostile YAML (trackers, gate files, tracker.yaml) fails fast with a clear error, never a crash."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tracker.errors import ConfigError, InputError
from tracker.parse.yaml_reader import MAX_BYTES, MAX_DEPTH, load_yaml_text
from tracker.parse.yaml_tracker import parse_yaml


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_measured_not_expanded() -> None:
    with pytest.raises(InputError, match="alias bomb"):
        load_yaml_text(billion_laughs(), "bomb.yaml")


def test_alias_bomb_inside_a_tracker() -> None:
    text = billion_laughs() + "items:\n  - id: A-1\n    status: done\n    evidence: *i\n"
    with pytest.raises(InputError) as err:
        parse_yaml(text, "trackers/bomb.yaml")
    assert err.value.path == "trackers/bomb.yaml"


def test_small_aliases_are_fine() -> None:
    data, _ = load_yaml_text("base: &b {owner: Ana}\nother: *b\n", "ok.yaml")
    assert data["other"]["owner"] == "Ana"


@pytest.mark.parametrize("text", [
    "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 7) + "v: 1\n",
    "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n",
    "[" * 1_500 + "\n",  # past the recursion limit: bounded (seconds), see bench/README.md
    "- " * 20_000 + "x\n",
])
def test_deep_nesting_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        load_yaml_text(text, "deep.yaml")


def test_duplicate_keys_name_the_line() -> None:
    with pytest.raises(InputError) as err:
        parse_yaml("items:\n  - id: A-1\n    status: done\n    status: todo\n", "dup.yaml")
    assert err.value.line == 4 and "duplicate" in err.value.message.lower()


def test_huge_scalar_is_refused_before_parsing() -> None:
    with pytest.raises(InputError, match="larger than"):
        load_yaml_text("title: " + "x" * (MAX_BYTES + 1) + "\n", "huge.yaml")


def test_large_but_allowed_scalar_loads() -> None:
    doc = parse_yaml("title: t\nitems:\n  - id: A-1\n    status: done\n    notes: " + "y" * 1_000_000 + "\n", "big.yaml")
    assert len(doc.items[0].notes) == 1_000_000


@pytest.mark.parametrize("text", ["!!python/object/apply:os.system ['echo pwned']\n",
                                  "a: !custom 1\n", "%YAML 9.9\n---\na: 1\n",
                                  "items: [{id: A-1, status: done, evidence: {nested: map}}]\n",
                                  "items: 3\n", "- just\n- a list\n", "items:\n  - 42\n", "\t- tab indented\n"])
def test_tags_and_wrong_shapes_are_input_errors(text: str) -> None:
    with pytest.raises(InputError):
        parse_yaml(text, "odd.yaml")


def test_python_tags_never_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\nitems: !!python/name:os.system\n"
    try:
        doc = parse_yaml(text, "tags.yaml")
    except InputError:
        doc = None
    assert not marker.exists()
    assert doc is None or doc.items == ()


def test_gate_file_alias_bomb_is_a_config_error() -> None:
    from tracker.gate.definitions import parse_gate_file

    with pytest.raises(ConfigError):
        parse_gate_file(billion_laughs().encode() + b"requires: *i\n", "gates/bomb.yaml")


def test_cli_reports_a_bomb_and_exits_2(tmp_path) -> None:
    (tmp_path / "bomb.yaml").write_text(billion_laughs(), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tracker", "status", "bomb.yaml"], cwd=tmp_path, check=False,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "bomb.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_version_directives_found_by_fuzzing() -> None:
    # ruamel once raised a bare AssertionError / KeyError for these; now a 1.x directive reads as
    # YAML 1.2 (a higher minor version is read with the latest rules) and any other is an input error.
    assert [i.id for i in parse_yaml("%YAML 1.25\n---\nitems: [{id: A, status: done}]\n", "d.yaml").items] == ["A"]
    for text in ("%YAML 11111111111111111111111.2\n---\na: 1\n", "%YAML 2.0\n---\nitems: []\n"):
        with pytest.raises(InputError, match="invalid YAML"):
            parse_yaml(text, "directive.yaml")


def _repo_with_yaml(tmp_path, status: str):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "trackers").mkdir(exist_ok=True)
    (tmp_path / "trackers" / "plan.yaml").write_text(f"items:\n  - id: Y-1\n    status: {status}\n", encoding="utf-8")
    return tmp_path


def test_yaml_cache_hits_misses_on_change_and_survives_corruption(tmp_path) -> None:
    from tracker.project import load_project

    root = _repo_with_yaml(tmp_path, "todo")
    assert [i.status.value for i in load_project(cwd=root).items] == ["todo"]
    from tracker.cache import flush_all

    flush_all()
    entries = list((root / ".git" / "tracker" / "cache").rglob("documents/*"))
    assert len(entries) == 1
    assert [i.status.value for i in load_project(cwd=root).items] == ["todo"]  # from the cache
    _repo_with_yaml(tmp_path, "done")
    assert [i.status.value for i in load_project(cwd=root).items] == ["done"]  # new bytes, new key
    flush_all()
    for entry in (root / ".git" / "tracker" / "cache").rglob("documents/*"):
        entry.write_bytes(b"not a pickle")
    assert [i.status.value for i in load_project(cwd=root).items] == ["done"]


def test_yaml_cache_never_reads_from_the_worktree(tmp_path, monkeypatch) -> None:
    """A cache a repository could commit (.tracker/cache) is never consulted; only .git holds one."""
    from tracker.project import load_project

    root = _repo_with_yaml(tmp_path, "todo")
    (root / ".tracker" / "cache").mkdir(parents=True)
    (root / ".tracker" / "cache" / "poison").write_bytes(b"\x80\x04K\x01.")
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    assert [i.status.value for i in load_project(cwd=root).items] == ["todo"]
    from tracker.cache import flush_all

    flush_all()
    assert not (root / ".git" / "tracker").exists()
