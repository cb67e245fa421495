"""Find tracker files, parse each (one bad file never stops the rest), and link them into a Project."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import replace
from pathlib import Path

from tracker.config import CONFIG_KEYS, CONFIG_NAME, MAX_CONFIG_BYTES, Config, find_root, validate_config
from tracker.errors import ConfigError, InputError
from tracker.model import Document, Project
from tracker.parse.dependencies import attach_section_evidence, resolve
from tracker.parse.text import decode
from tracker.parse.yaml_reader import load_yaml_config
from tracker.parse.vocabulary import DEFAULT, Vocabulary
from tracker.source import Reader, Source, WorktreeSource, tree_files

YAML_SUFFIXES = {".yaml", ".yml", ".json"}
MAX_FILE_BYTES = 50_000_000


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def discover(paths: list[str], root: Path, config: Config) -> list[Path]:
    """The files the user named (a folder: its Markdown and YAML files), else those tracker.yaml's globs find."""
    found: list[Path] = []
    if paths:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found.extend(path / rel for rel in tree_files(path.resolve(), ["**/*.md", "**/*.yaml", "**/*.yml"]))
            else:
                found.append(path)
    else:
        found.extend(root / rel for rel in WorktreeSource(root).files(config.trackers))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_config(root: Path, source: Reader | None = None) -> Config:
    """tracker.yaml from `source` (default: the working tree at `root`); defaults when absent.

    The Source goes into validation, so the paths the configuration names (defaults included) are
    checked inside the repository after symlinks; a tracker.yaml that is itself a symlink leaving
    the repository is refused by the Source (InputError)."""
    source = source or WorktreeSource(root)
    raw = source.read(CONFIG_NAME, MAX_CONFIG_BYTES)
    if raw is None:
        return validate_config({}, {}, source)
    data, lines = load_yaml_config(raw, CONFIG_NAME)
    if data is None:
        return validate_config({}, {}, source)
    if not isinstance(data, dict):
        raise ConfigError("must be a mapping of settings", CONFIG_NAME, 1)
    unknown = [key for key in data if key not in CONFIG_KEYS]
    for key in unknown:
        data.pop(key)
    config = validate_config(data, lines, source)
    for key in unknown:
        config.warnings.append(f"{CONFIG_NAME}:{lines.get(key, 1)}: unknown key {key!r} ignored")
    return config


def vocabulary_for(config: Config) -> Vocabulary:
    return Vocabulary(config.statuses) if config.statuses else DEFAULT


def format_for(rel: str, config: Config) -> str | None:
    """The format tracker.yaml's `formats:` forces on `rel` (first matching glob), or None to detect it."""
    from tracker.globs import match_any

    return next((name for pattern, name in config.formats.items() if match_any(rel, [pattern])), None)


def parse_text(text: str, shown: str, suffix: str, config: Config, vocab: Vocabulary) -> Document:
    fmt = format_for(shown, config) if config.formats else None
    if suffix.lower() in YAML_SUFFIXES:
        from tracker.parse.formats.yaml_family import parse_yaml_family

        return parse_yaml_family(text, shown, vocab, fmt)
    from tracker.parse.markdown import parse_markdown

    return parse_markdown(text, shown, vocab, tuple(config.id_columns), fmt)


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


class YamlCache:
    """Parsed YAML trackers keyed by a hash of their bytes, under .git/tracker-cache.

    ruamel's round-trip loader costs ~1 ms per item, so a 10k-item project spends most of
    its start-up there. Entries live inside .git, which no clone, fetch or commit carries,
    so a repository cannot ship a poisoned entry; the key covers the bytes, the path, the
    config, the tool version and the parser's own source files, so any change misses.
    Delete the folder at will; TRACKER_NO_CACHE=1 turns it off.
    """

    MAX_ENTRIES = 5000

    def __init__(self, root: Path, config: Config):
        git_dir = root / ".git"
        self.folder = git_dir / "tracker-cache" if git_dir.is_dir() and not os.environ.get("TRACKER_NO_CACHE") else None
        if self.folder is None:
            return
        from tracker import __version__

        code = Path(__file__).resolve().parent
        stamp = [f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}"
                 for folder in (code / "parse", code / "model") for p in sorted(folder.glob("*.py"))]
        self.salt = "\0".join([__version__, sys.version, config.to_json(), *stamp]).encode()

    def _file(self, rel: str, data: bytes) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / hashlib.sha256(self.salt + b"\0" + rel.encode() + b"\0" + data).hexdigest()

    def get(self, rel: str, data: bytes) -> Document | None:
        path = self._file(rel, data)
        try:
            return pickle.loads(path.read_bytes()) if path is not None else None
        except Exception:
            return None

    def put(self, rel: str, data: bytes, doc: Document) -> None:
        path = self._file(rel, data)
        if path is None or self.folder is None:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            if sum(1 for _ in self.folder.iterdir()) > self.MAX_ENTRIES:
                for old in self.folder.iterdir():
                    old.unlink(missing_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only .git only costs speed


def link(project: Project) -> Project:
    """The project with dependencies resolved across documents and section evidence given to its items."""
    resolved = resolve(project.items)
    documents: list[Document] = []
    start = 0
    for doc in project.documents:
        end = start + len(doc.items)
        items = attach_section_evidence(resolved[start:end], doc.section_evidence)
        start = end
        unchanged = all(new is old for new, old in zip(items, doc.items, strict=True))
        documents.append(doc if unchanged else replace(doc, items=tuple(items)))
    if any(doc.declared_evidence for doc in documents):
        from tracker.parse.formats.gsd_plan import attach_declared

        documents = attach_declared(documents)
    return replace(project, documents=tuple(documents))


def load_project(paths: list[str] | None = None, cwd: Path | None = None, root: Path | None = None,
                 source: Source | None = None, config: Config | None = None) -> Project:
    """Load the trackers named by `paths` (from disk), or those tracker.yaml's globs find in `source`.

    `config` is the policy's configuration to read them with when it is not `source`'s own (a change is
    read with its base's globs and vocabulary: tracker.policy)."""
    cwd = cwd or Path.cwd()
    root = (root or (source.root if source else find_root(cwd))).resolve()
    source = source or WorktreeSource(root)
    config = config if config is not None else load_config(root, source)
    vocab = vocabulary_for(config)
    documents: list[Document] = []
    errors: list[tuple[str, str]] = []
    if paths:
        for path in discover(list(paths), root, config):
            shown = display_path(path, root)
            try:
                documents.append(read_document(path, shown, config, vocab))
            except InputError as exc:
                errors.append((shown, str(exc)))
    else:
        cache = YamlCache(root, config)
        for rel in source.files(config.trackers):
            try:
                data = source.read(rel, MAX_FILE_BYTES)  # refuses symlinks that leave the repository
                if data is None:
                    raise InputError("cannot be read", rel)
                if Path(rel).suffix.lower() in YAML_SUFFIXES:
                    doc = cache.get(rel, data)
                    if doc is None:
                        doc = parse_text(decode(data, rel), rel, Path(rel).suffix, config, vocab)
                        cache.put(rel, data, doc)
                    documents.append(doc)
                    continue
                documents.append(parse_text(decode(data, rel), rel, Path(rel).suffix, config, vocab))
            except InputError as exc:
                errors.append((rel, str(exc)))
    return link(Project(root=root, config=config, source=source, documents=tuple(documents), errors=tuple(errors)))
