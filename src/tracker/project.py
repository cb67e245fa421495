"""Find tracker files, parse each (one bad file never stops the rest), and link them into a Project."""

from __future__ import annotations

from pathlib import Path

from tracker.config import Config, find_root, load_config
from tracker.errors import InputError
from tracker.model import Document, Project
from tracker.parse.dependencies import attach_section_evidence, resolve
from tracker.parse.text import decode
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.source import Source, WorktreeSource

YAML_SUFFIXES = {".yaml", ".yml", ".json"}
MAX_FILE_BYTES = 50_000_000


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def discover(paths: list[str], root: Path, config: Config) -> list[Path]:
    found: list[Path] = []
    if paths:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found.extend(sorted(p for pattern in ("**/*.md", "**/*.yaml", "**/*.yml") for p in path.glob(pattern)))
            else:
                found.append(path)
    else:
        for pattern in config.trackers:
            found.extend(sorted(root.glob(pattern)))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def vocabulary_for(config: Config) -> Vocabulary:
    return Vocabulary(config.statuses) if config.statuses else DEFAULT


def parse_text(text: str, shown: str, suffix: str, config: Config, vocab: Vocabulary) -> Document:
    if suffix.lower() in YAML_SUFFIXES:
        from tracker.parse.yaml_tracker import parse_yaml

        return parse_yaml(text, shown, vocab)
    from tracker.parse.markdown import parse_markdown

    return parse_markdown(text, shown, vocab, tuple(config.id_columns))


def read_document(path: Path, shown: str, config: Config, vocab: Vocabulary) -> Document:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"larger than {MAX_FILE_BYTES // 1_000_000} MB; not read", shown)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except IsADirectoryError:
        raise InputError("is a directory", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", shown) from None
    return parse_text(decode(data, shown), shown, path.suffix, config, vocab)


def link(project: Project) -> Project:
    items = project.items
    resolve(items)
    for doc in project.documents:
        attach_section_evidence(doc.items, doc.section_evidence)
    return project


def load_project(paths: list[str] | None = None, cwd: Path | None = None, root: Path | None = None,
                 source: Source | None = None) -> Project:
    """Load the trackers named by `paths` (from disk), or those tracker.yaml's globs find in `source`."""
    cwd = cwd or Path.cwd()
    root = (root or (source.root if source else find_root(cwd))).resolve()
    source = source or WorktreeSource(root)
    config = load_config(root, source)
    vocab = vocabulary_for(config)
    project = Project(root=root, config=config, source=source)
    if paths:
        for path in discover(list(paths), root, config):
            shown = display_path(path, root)
            try:
                project.documents.append(read_document(path, shown, config, vocab))
            except InputError as exc:
                project.errors.append((shown, str(exc)))
    else:
        for rel in source.files(config.trackers):
            data = source.read(rel)
            try:
                if data is None:
                    raise InputError("cannot be read", rel)
                project.documents.append(parse_text(decode(data, rel), rel, Path(rel).suffix, config, vocab))
            except InputError as exc:
                project.errors.append((rel, str(exc)))
    return link(project)
