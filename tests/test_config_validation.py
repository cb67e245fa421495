"""tracker.yaml is checked without pydantic: each wrong shape named by key, index and line; defaults fill the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tracker.config import CONFIG_KEYS, DEFAULT_TRACKERS, Config, Waiver, validate_config
from tracker.errors import ConfigError
from tracker.parse.yaml_reader import load_yaml_config
from tracker.project import load_config

SEVERITIES = "Input should be 'error', 'warning' or 'off'"


def validated(text: str) -> Config:
    data, lines = load_yaml_config(text.encode(), "tracker.yaml")
    return validate_config(data or {}, lines)


@pytest.mark.parametrize(("text", "message"), [
    ("trackers: plans/*.md", "trackers: Input should be a valid list"),
    ("trackers: [plans/*.md, [nested]]", "trackers.1: Input should be a valid string"),
    ("trackers: ['plans/**.md']", "trackers: 'plans/**.md' uses `**` inside"),
    ("evidence_roots: proofs", "evidence_roots: Input should be a valid list"),
    ("evidence_roots: [proofs, /abs]", "evidence_roots: '/abs' is an absolute path"),
    ("statuses: [done]", "statuses: Input should be a valid dictionary"),
    ("statuses: {done: shipped}", "statuses.done: Input should be a valid list"),
    ("statuses: {done: [shipped, {x: y}]}", "statuses.done.1: Input should be a valid string"),
    ("id_columns: Ticket", "id_columns: Input should be a valid list"),
    ("formats: {'plans/*.md': asciidoc}", "formats.plans/*.md: Input should be 'markdown', 'obsidian', 'speckit',"),
    ("formats: {'plans/**.md': kiro}", "formats: 'plans/**.md' uses `**` inside"),
    ("rules: {TRK101: loud}", f"rules.TRK101: {SEVERITIES}"),
    ("rules: [TRK101]", "rules: Input should be a valid dictionary"),
    ("waivers: {item: A}", "waivers: Input should be a valid list"),
    ("waivers: [A-1]", "waivers.0: Input should be a valid dictionary"),
    ("waivers: [{item: A-1, rule: TRK101}]", "waivers.0.reason: Field required"),
    ("waivers: [{item: A-1, rule: TRK101, reason: ''}]", "waivers.0.reason: String should have at least 1 character"),
    ("waivers: [{item: A-1, rule: TRK101, reason: ok, by: me}]", "waivers.0.by: Extra inputs are not permitted"),
    ("waivers: [{item: [A-1], rule: TRK101, reason: ok}]", "waivers.0.item: Input should be a valid string"),
    ("gates:", "gates: Input should be a valid string"),
    ("ledger: ../ledger.jsonl", "ledger: '../ledger.jsonl' uses `..`"),
    ("repository_url: git@example.org:a/b", "repository_url: String should match pattern"),
])
def test_each_wrong_shape_names_its_key_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        validated(f"# settings\n{text}\n")
    assert info.value.message.startswith(message), info.value.message
    assert (info.value.path, info.value.line) == ("tracker.yaml", 2)


def test_absent_keys_take_the_defaults_and_values_are_kept() -> None:
    config = validated("rules: {TRK101: warning}\nwaivers: [{item: A-1, rule: TRK101, reason: legacy}]\n"
                       "repository_url: https://example.org/a/b\nformats: {'plans/*.md': kiro}\n")
    assert config.trackers == DEFAULT_TRACKERS and config.gates == "gates" and config.ledger == "evidence/ledger.jsonl"
    assert config.rules == {"TRK101": "warning"} and config.formats == {"plans/*.md": "kiro"}
    assert config.waivers == [Waiver("A-1", "TRK101", "legacy")]
    assert config.repository_url == "https://example.org/a/b"
    assert validated("repository_url:\n").repository_url is None
    assert validated("") == Config()
    assert "warnings" not in CONFIG_KEYS and Config().to_json() == Config(warnings=["x"]).to_json()


def test_unknown_keys_warn_and_bad_values_exit_2_with_the_line(tmp_path: Path) -> None:
    (tmp_path / "tracker.yaml").write_text("colour: blue\ntrackers: ['plans/*.md']\n", encoding="utf-8")
    assert load_config(tmp_path).warnings == ["tracker.yaml:1: unknown key 'colour' ignored"]
    (tmp_path / "tracker.yaml").write_text("trackers: ['plans/*.md']\nrules:\n  TRK101: loud\n", encoding="utf-8")
    proc = run_cli("status", cwd=tmp_path)
    assert proc.returncode == 2 and f"tracker.yaml:2: rules.TRK101: {SEVERITIES}" in proc.stderr, proc.stderr
