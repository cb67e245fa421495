"""The content-addressed cache under the git dir: parse results and evidence verdicts, reused across runs.

What is cached is a pure function of what keys it: a parsed document of (its bytes' git blob sha, its path, the
configuration it was read with); an evidence file's content verdict (counts, or is empty / a placeholder) of its
blob sha; on the working tree, of a stat signature trusted the way git trusts its index. Every key also holds the
tool stamp (version, Python, the package's own source files) and the policy hash (tracker.yaml as loaded), so
entries are never trusted across an upgrade, an edit of the tool or a policy change. Everything else (gates,
ledger, waivers, severities, what a path may prove) is recomputed on every run from these.

The cache lives in `<git dir>/tracker/cache/`, which no clone, fetch or commit carries, so a repository cannot
ship an entry. Not in a git repository, or with TRACKER_CACHE=off (or TRACKER_NO_CACHE=1), there is none and
every run is a cold one. Delete the folder at will. A corrupt, truncated or foreign entry is a miss, never a
wrong verdict or a crash: every file carries a magic line and a digest of its payload, and any failure to read
one is ignored. Writes are atomic (a temporary file renamed over the entry) and happen once, when the process
ends. The documents a run parses go into one pack file (`documents/pack-*`: an index of per-document digests,
then the documents), not one file each: creating ~100 files was most of a cold run's exit.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import hashlib
import os
import pickle
import stat as stat_mod
import sys
import time
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path
from typing import Any

from tracker.model.build import from_values
from tracker.model.build import setters as slot_setters

CACHE_ENV = "TRACKER_CACHE"  # "off" (or 0/no/false) turns the cache off
MAGIC = b"tracker-cache/4\n"  # 4: documents in packs (3: dataclasses rebuilt by model.build.from_values)
RACY_NS = 2_000_000_000  # a file modified this close to a run may change again within its timestamp's granularity
MAX_NAMESPACES = 4  # policies (and tool builds) kept side by side: HEAD's, a base's, the working tree's
MAX_TABLE_ENTRIES = 200_000  # past this, a table keeps only what this run used
MAX_DOCUMENTS = 4_000  # parsed documents kept per namespace; past this (or MAX_PACKS), only what a run used
MAX_PACKS = 8  # document packs per namespace before a run folds what it used into one
PACK_PREFIX = "pack-"
MAX_RESULTS = 16  # whole check results of revisions (HEAD's, a base's) kept per namespace

Stat = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def enabled() -> bool:
    off = os.environ.get(CACHE_ENV, "").strip().lower() in ("off", "0", "no", "false")
    return not off and not os.environ.get("TRACKER_NO_CACHE")


def git_dir(root: Path) -> Path | None:
    """This working tree's own git dir (`.git`, or where a linked worktree's `.git` file points), or None.

    The `.git` file is written by git itself (a tree cannot carry a `.git` path), so following it stays inside
    the repository's own storage; a linked worktree keeps its own cache, since stat signatures are per tree."""
    dot = root / ".git"
    try:
        if dot.is_symlink():
            return None
        if dot.is_dir():
            return dot
        text = dot.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    target = Path(text[len("gitdir:"):].strip())
    found = target if target.is_absolute() else root / target
    return found if (found / "HEAD").is_file() else None


_STAMP: str | None = None


def tool_stamp() -> str:
    """The tool's version, the Python running it and the size and mtime of each of its source files: an edit
    of an editable install changes it as surely as an upgrade."""
    global _STAMP
    if _STAMP is None:
        from tracker import __version__

        parts = [__version__, sys.version]
        stack = [Path(__file__).resolve().parent]
        while stack:
            with os.scandir(stack.pop()) as listing:
                for entry in sorted(listing, key=lambda e: e.name):
                    if entry.is_dir() and entry.name != "__pycache__":
                        stack.append(Path(entry.path))
                    elif entry.name.endswith(".py"):
                        info = entry.stat()
                        parts.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
        _STAMP = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return _STAMP


def policy_hash(config: Any) -> str:
    """A digest of tracker.yaml as loaded (a tracker.config.Config: globs, vocabulary, ID columns, formats,
    severities, waivers, ledger and gates paths); no entry is trusted across a change of it."""
    return hashlib.sha256(config.to_json().encode()).hexdigest()


def blob_sha(data: bytes) -> str:
    """Git's object id of `data` as a blob: the working tree and git trees share entries by content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def stat_signature(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


_FIELDS: dict[type, tuple[str, ...]] = {}
COLUMNS_FROM = 16  # a tuple of at least this many of one such dataclass is pickled field by field (_Rows)
_consume: Callable[[Iterable[Any]], None] = collections.deque(maxlen=0).extend  # runs an iterator to its end, in C


def _own_dataclass(cls: type) -> bool:
    """Whether `cls` is one of the tool's own frozen, slotted dataclasses (items, spans, documents)."""
    return "__slots__" in cls.__dict__ and "__dataclass_fields__" in cls.__dict__ and \
        cls.__module__.startswith("tracker.")


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        import dataclasses

        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def _rebuild_rows(cls: type, count: int, columns: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    """`count` instances of `cls` from one tuple of values per field. Each field is set across all of them by
    one map() over its slot descriptor, so no Python code runs per object: a document's 100 rows load in half
    the time from_values takes row by row."""
    setters = slot_setters(cls)
    if len(columns) != len(setters) or any(len(column) != count for column in columns):
        raise ValueError("a cache entry's columns do not match its class")  # _unpack: a miss
    new = object.__new__
    rows: tuple[Any, ...] = tuple([new(cls) for _ in range(count)])
    for setter, column in zip(setters, columns, strict=True):
        _consume(map(setter, rows, column))
    return rows


class _Rows:
    """A tuple of instances of one of the tool's dataclasses (a document's items, their spans), to be pickled
    as one tuple of values per field (_rebuild_rows) rather than object by object."""

    __slots__ = ("cls", "rows")

    def __init__(self, cls: type, rows: tuple[Any, ...]):
        self.cls, self.rows = cls, rows

    def reduce(self) -> tuple[Any, ...]:
        rows = self.rows
        columns = tuple(_columns_of(tuple(map(attrgetter(name), rows))) for name in _field_names(self.cls))
        return _rebuild_rows, (self.cls, len(rows), columns)


def _columns_of(value: Any) -> Any:
    """`value` as _Rows when it is a tuple of COLUMNS_FROM or more instances of one of the tool's dataclasses."""
    if value.__class__ is tuple and len(value) >= COLUMNS_FROM:
        cls = value[0].__class__
        if _own_dataclass(cls) and all(row.__class__ is cls for row in value):
            return _Rows(cls, value)
    return value


class _Pickler(pickle.Pickler):
    """Pickles the tool's own slotted dataclasses (items, spans, documents) as their field values, and long
    tuples of one of them (a document's items) field by field."""

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is _Rows:
            return obj.reduce()
        if _own_dataclass(cls):
            return from_values, (cls, tuple([_columns_of(getattr(obj, name)) for name in _field_names(cls)]))
        return NotImplemented


def _pickled(value: Any) -> bytes:
    import io

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _pack(value: Any) -> bytes:
    payload = _pickled(value)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _loads(payload: bytes | memoryview) -> Any:
    from tracker.parse.collector import collector_paused

    with collector_paused():  # what is unpickled is long-lived and acyclic, like a fresh parse
        return pickle.loads(payload)


def _pack_file(payloads: dict[str, bytes]) -> bytes:
    """A pack of pickled documents: MAGIC, the digest and length of the index, the index (key -> offset, length
    and digest of its payload), then the payloads; each is checked on its own when read."""
    index: dict[str, tuple[int, int, bytes]] = {}
    offset = 0
    for key, payload in payloads.items():
        index[key] = (offset, len(payload), hashlib.sha256(payload).digest())
        offset += len(payload)
    head = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    return b"".join((MAGIC, hashlib.sha256(head).digest(), len(head).to_bytes(8, "big"), head, *payloads.values()))


Packed = tuple[dict[str, tuple[int, int, bytes]], memoryview]  # a pack's index and its payloads


def _read_pack(path: str) -> Packed | None:
    """A pack's index and payloads, or None when it is missing, truncated, corrupt or not ours."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        start = len(MAGIC) + 40
        if not data.startswith(MAGIC):
            return None
        end = start + int.from_bytes(data[start - 8:start], "big")
        head = data[start:end]
        if len(data) < end or hashlib.sha256(head).digest() != data[len(MAGIC):start - 8]:
            return None
        index = pickle.loads(head)
        return (index, memoryview(data)[end:]) if isinstance(index, dict) else None
    except Exception:
        return None


def _packed_payload(packed: Packed, key: str) -> memoryview | None:
    """The payload stored under `key` in a pack, when its digest holds (a torn or foreign one is a miss)."""
    try:
        offset, length, digest = packed[0][key]
        payload = packed[1][offset:offset + length]
        return payload if len(payload) == length and hashlib.sha256(payload).digest() == digest else None
    except Exception:
        return None


def _unpack(path: Path) -> Any:
    """The value stored at `path`, or None when it is missing, truncated, corrupt or not ours."""
    try:
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            return None
        digest, payload = data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        return _loads(payload)
    except Exception:
        return None


def _write(path: Path, value: Any) -> None:
    """Write an entry atomically: a temporary file beside it, then a rename, so a reader sees the old entry or
    the new one. No fsync (tracker.files.write_atomic's job for the user's files): an entry a crash tears is
    caught by its digest and is a miss. A value that cannot be pickled is not written."""
    try:
        data = _pack(value)
    except Exception:
        return
    _write_bytes(path, data)


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


class Store:
    """One namespace (tool stamp and policy hash) of one repository's cache: small tables (verdicts by blob sha,
    stat signatures) loaded whole on first use, and parsed documents in packs (one per run that parsed any)."""

    def __init__(self, folder: Path, git_dir: Path | None = None):
        self.folder = folder
        self.git_dir = git_dir or folder.parents[2]  # <git dir>/tracker/cache/<namespace>
        self._tables: dict[str, dict[Any, Any]] = {}
        self._used: dict[str, set[Any]] = {}
        self._dirty: set[str] = set()
        self._new_documents: dict[str, Any] = {}
        self._documents: dict[str, Any] = {}
        self._packs: dict[str, Packed] | None = None  # pack file name -> its index and payloads, read on first use
        self._where: dict[str, Packed] = {}  # document key -> the newest pack holding it
        self._used_payloads: dict[str, memoryview] = {}  # documents this run read: what a fold keeps
        self.started_ns = time.time_ns()

    # -- tables -------------------------------------------------------------------------------------
    def _table(self, kind: str) -> dict[Any, Any]:
        table = self._tables.get(kind)
        if table is None:
            loaded = _unpack(self.folder / f"{kind}.table")
            table = self._tables[kind] = loaded if isinstance(loaded, dict) else {}
            self._used[kind] = set()
        return table

    def _get(self, kind: str, key: Any) -> Any:
        found = self._table(kind).get(key)
        if found is not None:
            self._used[kind].add(key)
        return found

    def _put(self, kind: str, key: Any, value: Any) -> None:
        table = self._table(kind)
        if table.get(key) != value:
            table[key] = value
            self._dirty.add(kind)
        self._used[kind].add(key)

    def verdict(self, sha: str) -> bool | None:
        """Whether the blob `sha` counts as evidence (not empty, not only a placeholder), when known."""
        found = self._get("verdicts", sha)
        return found if isinstance(found, bool) else None

    def put_verdict(self, sha: str, counts: bool) -> None:
        self._put("verdicts", sha, counts)

    def worktree_verdict(self, root: str, rel: str,
                         info: os.stat_result | None = None) -> tuple[bool | None, Stat | None]:
        """(the verdict recorded for the regular file `rel` under the folder `root` (ending in a separator)
        while its stat signature is unchanged, that signature); (None, None) when it is not a regular file.
        `info`: an lstat of that file the caller already took (before reading it), so none is repeated."""
        if info is None:
            try:
                info = os.lstat(root + rel)
            except (OSError, ValueError):
                return None, None
        if not stat_mod.S_ISREG(info.st_mode):
            return None, None
        signature = stat_signature(info)
        # Asked once per evidence file (~9,000 on a large project): the table is looked up here, not through _get.
        stats = self._tables.get("stats")
        if stats is None:
            stats = self._table("stats")
        found = stats.get(rel)
        if found is None:
            return None, signature
        self._used["stats"].add(rel)
        if found.__class__ is tuple and len(found) == 2 and found[0] == signature and found[1].__class__ is bool:
            return found[1], signature
        return None, signature

    def put_stat_verdict(self, rel: str, signature: Stat, counts: bool) -> None:
        """Record a verdict by stat signature, unless the file changed too recently to trust its timestamp
        (git's "racy clean" case: a second write within the same timestamp tick would go unseen)."""
        if signature[1] >= self.started_ns - RACY_NS or signature[2] >= self.started_ns - RACY_NS:
            return
        self._put("stats", rel, (signature, counts))

    # -- documents ----------------------------------------------------------------------------------
    def _document_key(self, rel: str, sha: str, config_hash: str) -> str:
        return hashlib.sha256(f"document\0{config_hash}\0{rel}\0{sha}".encode("utf-8", "surrogateescape")).hexdigest()

    def _load_packs(self) -> dict[str, Packed]:
        if self._packs is None:
            self._packs = {}
            with contextlib.suppress(OSError):
                with os.scandir(self.folder / "documents") as listing:
                    names = sorted(entry.name for entry in listing if entry.name.startswith(PACK_PREFIX))
                for name in names:  # named by time: a newer pack's entry wins (both are the same parse)
                    packed = _read_pack(str(self.folder / "documents" / name))
                    if packed is not None:
                        self._packs[name] = packed
                        self._where.update(dict.fromkeys(packed[0], packed))
        return self._packs

    def document(self, rel: str, sha: str, config_hash: str) -> Any:
        """The parsed document of blob `sha` at `rel` read with the configuration `config_hash`, or None."""
        key = self._document_key(rel, sha, config_hash)
        if key not in self._documents:
            self._load_packs()
            packed = self._where.get(key)
            payload = _packed_payload(packed, key) if packed is not None else None
            found = None
            if payload is not None:
                with contextlib.suppress(Exception):
                    found = _loads(payload)
                if found is not None:
                    self._used_payloads[key] = payload
            self._documents[key] = found
        return self._documents[key]

    def put_document(self, rel: str, sha: str, config_hash: str, document: Any) -> None:
        key = self._document_key(rel, sha, config_hash)
        self._documents[key] = self._new_documents[key] = document

    # -- results ------------------------------------------------------------------------------------
    def result(self, fingerprint: str) -> Any:
        """A check result stored under `fingerprint` (a revision, the options and the date), or None."""
        key = hashlib.sha256(f"result\0{fingerprint}".encode("utf-8", "surrogateescape")).hexdigest()
        return _unpack(self.folder / "results" / key)

    def put_result(self, fingerprint: str, result: Any) -> None:
        """Store a check result (written at once: a result is one file, never part of the exit flush's tables)."""
        if not self.git_dir.is_dir():
            return
        key = hashlib.sha256(f"result\0{fingerprint}".encode("utf-8", "surrogateescape")).hexdigest()
        folder = self.folder / "results"
        _write(folder / key, result)
        _trim(folder, MAX_RESULTS)

    # -- writing ------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Write what this run learned: changed tables whole (trimmed when too large), new documents one file
        each. Any failure (a read-only .git, a full disk) only costs the next run its speed; a git dir that
        is gone (a deleted repository) is never re-created."""
        if not self.git_dir.is_dir():
            return
        for kind in sorted(self._dirty):
            table = self._tables[kind]
            if len(table) > MAX_TABLE_ENTRIES:
                table = {k: v for k, v in table.items() if k in self._used[kind]}
            _write(self.folder / f"{kind}.table", table)
        self._dirty.clear()
        if self._new_documents:
            self._write_pack()

    def _write_pack(self) -> None:
        """This run's new documents as one pack. Past MAX_PACKS packs or MAX_DOCUMENTS documents, the pack also
        takes the documents this run read, and the packs this run read are removed (a concurrent run's new
        pack, never read here, stays; a reader that loses a pack has a miss)."""
        payloads: dict[str, bytes] = {}
        for key, document in self._new_documents.items():
            with contextlib.suppress(Exception):
                payloads[key] = _pickled(document)
        self._new_documents.clear()
        packs = self._load_packs()
        fold = len(packs) >= MAX_PACKS or len(self._where) + len(payloads) > MAX_DOCUMENTS
        if fold:
            payloads = {**{key: bytes(payload) for key, payload in self._used_payloads.items()}, **payloads}
        if not payloads:
            return
        folder = self.folder / "documents"
        _write_bytes(folder / f"{PACK_PREFIX}{time.time_ns():020d}-{os.getpid()}", _pack_file(payloads))
        if fold:
            for name in packs:
                with contextlib.suppress(OSError):
                    os.unlink(folder / name)


def _trim(folder: Path, keep: int) -> None:
    """Remove the oldest files of `folder` beyond `keep`."""
    with contextlib.suppress(OSError):
        entries = list(os.scandir(folder))
        if len(entries) <= keep:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for entry in entries[:len(entries) - keep]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _prune_namespaces(cache: Path, current: Path) -> None:
    """Keep the most recently used namespaces; a policy or tool change leaves the old ones behind."""
    import shutil

    with contextlib.suppress(OSError):
        os.utime(current) if current.exists() else None
        spaces = [e for e in os.scandir(cache) if e.is_dir(follow_symlinks=False)]
        if len(spaces) <= MAX_NAMESPACES:
            return
        spaces.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns, reverse=True)
        for entry in spaces[MAX_NAMESPACES:]:
            if entry.path != str(current):
                shutil.rmtree(entry.path, ignore_errors=True)


_STORES: dict[tuple[str, str], Store | None] = {}


def store_for(root: Path, policy_hash: str) -> Store | None:
    """The cache of the repository at `root` for the policy `policy_hash`, or None (off, or not a git repo).
    One Store per process and namespace; it is written when the process ends."""
    if not enabled():
        return None
    key = (str(root), policy_hash)
    if key not in _STORES:
        folder = git_dir(root)
        store = None
        if folder is not None:
            space = hashlib.sha256(f"{tool_stamp()}\0{policy_hash}".encode()).hexdigest()[:32]
            store = Store(folder / "tracker" / "cache" / space, folder)
        if not _STORES:
            atexit.register(flush_all)
        _STORES[key] = store
    return _STORES[key]


def flush_all() -> None:
    """Write every store this process opened (called at exit; commands may call it earlier)."""
    for store in list(_STORES.values()):
        if store is not None and (store._dirty or store._new_documents):
            store.flush()
            _prune_namespaces(store.folder.parent, store.folder)
