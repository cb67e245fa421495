"""Find tracker files, parse each (one bad file never stops the rest), and link them into a Project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tracker.cache import Store, blob_sha, policy_hash, store_for
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


def parse_text(text: str, shown: str, suffix: str, config: Config, vocab: Vocabulary,
               detail: Callable[[str], bool] | None = None) -> Document:
    fmt = format_for(shown, config) if config.formats else None
    if suffix.lower() in YAML_SUFFIXES:
        from tracker.parse.formats.yaml_family import parse_yaml_family

        return parse_yaml_family(text, shown, vocab, fmt)
    from tracker.parse.markdown import parse_markdown

    return parse_markdown(text, shown, vocab, tuple(config.id_columns), fmt, detail)


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


def _load_document(source: Source, rel: str, config: Config, vocab: Vocabulary, cache: Store | None,
                   config_hash: str, detail: Callable[[str], bool] | None = None) -> Document:
    """One tracker file parsed, or its parse from the cache (tracker.cache) keyed by its blob sha: a git side
    names the sha without reading the blob; the working tree's bytes are hashed the way git would."""
    sha = _regular_blob_sha(source, rel) if cache is not None else None
    if sha is not None and cache is not None:
        found = cache.document(rel, sha, config_hash)
        if isinstance(found, Document):
            return found
    data = source.read(rel, MAX_FILE_BYTES)  # refuses symlinks that leave the repository
    if data is None:
        raise InputError("cannot be read", rel)
    if cache is not None and sha is None:
        sha = blob_sha(data)
        found = cache.document(rel, sha, config_hash)
        if isinstance(found, Document):
            return found
    doc = parse_text(decode(data, rel), rel, Path(rel).suffix, config, vocab, detail)
    if cache is not None and sha is not None and detail is None:  # a summary read is never stored
        cache.put_document(rel, sha, config_hash, doc)
    return doc


def _regular_blob_sha(source: Source, rel: str) -> str | None:
    """The blob sha of `rel` when the source is a git tree and `rel` is a regular file there (a symlink's blob
    holds its target, not what reading it gives)."""
    blobs = getattr(source, "blobs", None)
    blob = blobs.get(rel) if isinstance(blobs, dict) else None
    return blob.sha if blob is not None and blob.mode.startswith("100") else None


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
                 source: Source | None = None, config: Config | None = None,
                 detail: Callable[[str], bool] | None = None) -> Project:
    """Load the trackers named by `paths` (from disk), or those tracker.yaml's globs find in `source`.

    `config` is the policy's configuration to read them with when it is not `source`'s own (a change is
    read with its base's globs and vocabulary: tracker.policy). `detail`: read in full only the Markdown table
    rows whose ID it accepts, the others as ID, status and place (what `close` needs of them); such a read
    takes a document's full parse from the cache when it holds one (a 10,000-row table: ~17 ms instead of ~50),
    and never stores its own."""
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
        cache = store_for(root, policy_hash(config))
        config_hash = policy_hash(config) if cache is not None else ""
        for rel in source.files(config.trackers):
            try:
                documents.append(_load_document(source, rel, config, vocab, cache, config_hash, detail))
            except InputError as exc:
                errors.append((rel, str(exc)))
    return link(Project(root=root, config=config, source=source, documents=tuple(documents), errors=tuple(errors)))
